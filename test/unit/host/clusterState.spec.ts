// The cluster's node containers as the runtime reports them (host/clusterState.ts), and the two dynamic
// providers of components/clusterWatch.ts driven against a stand-in `docker` that answers from a file, as the engine
// would call them: create, then diff and update after the cluster was deleted, stopped or restarted by hand.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    assessCluster,
    describeCondition,
    inspectNodesArgv,
    listNodesArgv,
    NodeStateParseError,
    parseNodeStates,
    startNodesArgv,
} from "../../../host/clusterState";
import { bootProvider, epochProvider } from "../../../components/clusterWatch";
import { CP_ID, fakeNodeRuntime, FakeNodeRuntime, nodeLine, RUNNING, STOPPED, WORKER_ID } from "../../support/fakeNodeRuntime";

const NODES = ["myk8s-control-plane", "myk8s-worker"];
const CP = CP_ID;
const WK = WORKER_ID;
const line = nodeLine;
describe("cluster state (what the node runtime has of the kind cluster)", () => {
    it("reads docker's and podman's inspect lines alike", () => {
        const docker = parseNodeStates(`${RUNNING}\n`);
        const podman = parseNodeStates(RUNNING.replace(/^\//gm, ""));
        assert.deepStrictEqual(docker, podman);
        assert.deepStrictEqual(docker[1], {
            name: "myk8s-worker",
            id: WK,
            status: "running",
            startedAt: "2026-12-07T01:00:00.2Z",
            ip: "172.18.0.3",
        });
        assert.deepStrictEqual(parseNodeStates(""), []);
    });

    it("a line it cannot read is a typed error naming the line", () => {
        for (const bad of ["myk8s-worker|abc|running", "|abc|running|x|y", "a|b|c|d|e|f"]) {
            assert.throws(
                () => parseNodeStates(bad),
                (e: unknown) => e instanceof NodeStateParseError && e.line === bad && e.message.includes(JSON.stringify(bad)),
            );
        }
    });

    it("running, stopped, partial, absent; containers of other clusters do not count", () => {
        const seen = parseNodeStates(RUNNING);
        const other = parseNodeStates(line("other-worker", "ab12cd34ef56", "running", "t", "172.18.0.9"));
        assert.deepStrictEqual(assessCluster(NODES, [...seen, ...other]), {
            condition: "running",
            missing: [],
            stopped: [],
            boot: `myk8s-control-plane=${CP.slice(0, 12)}@2026-12-07T01:00:00.1Z/172.18.0.2,myk8s-worker=${WK.slice(0, 12)}@2026-12-07T01:00:00.2Z/172.18.0.3`,
        });
        const stopped = seen.map((s) => ({ ...s, status: "exited", ip: "" }));
        assert.deepStrictEqual([assessCluster(NODES, stopped).condition, assessCluster(NODES, stopped).stopped], ["stopped", NODES]);
        const partial = assessCluster(NODES, [seen[0]]);
        assert.deepStrictEqual([partial.condition, partial.missing], ["partial", ["myk8s-worker"]]);
        assert.deepStrictEqual(assessCluster(NODES, other), { condition: "absent", missing: NODES, stopped: [], boot: "" });
    });

    it("the boot changes when a node restarts (start time) or moves (address), not otherwise", () => {
        const seen = parseNodeStates(RUNNING);
        const boot = assessCluster(NODES, seen).boot;
        assert.strictEqual(assessCluster(NODES, [...seen].reverse()).boot, boot, "order of the listing does not matter");
        assert.notStrictEqual(assessCluster(NODES, [seen[0], { ...seen[1], startedAt: "2026-12-07T02:00:00Z" }]).boot, boot);
        assert.notStrictEqual(assessCluster(NODES, [seen[0], { ...seen[1], ip: "172.18.0.4" }]).boot, boot);
    });

    it("argv only, and only names that are what they claim", () => {
        assert.deepStrictEqual(listNodesArgv("podman", "myk8s"), [
            "podman",
            "ps",
            "-a",
            "-q",
            "--filter",
            "label=io.x-k8s.kind.cluster=myk8s",
        ]);
        assert.deepStrictEqual(inspectNodesArgv("docker", ["a1b2c3d4e5f6"]).slice(0, 3), ["docker", "inspect", "--format"]);
        assert.deepStrictEqual(startNodesArgv("docker", ["myk8s-worker", "myk8s-control-plane"]), [
            "docker",
            "start",
            "myk8s-control-plane",
            "myk8s-worker",
        ]);
        assert.throws(() => listNodesArgv("docker", "My Cluster; rm -rf /"), /DNS label/);
        assert.throws(() => inspectNodesArgv("docker", ["$(id)"]), /not a container id/);
        assert.throws(() => startNodesArgv("docker", ["-rf"]), /not a node container name/);
    });

    it("says what it sees in one line naming the cluster and the runtime", () => {
        assert.match(
            describeCondition("myk8s", "docker", assessCluster(NODES, [])),
            /^kind cluster myk8s is gone: docker has none of its node containers/,
        );
        const partial = assessCluster(NODES, parseNodeStates(RUNNING).slice(0, 1));
        assert.match(describeCondition("myk8s", "podman", partial), /node container\(s\) myk8s-worker are gone/);
    });
});

describe("cluster watch providers (against a stand-in docker)", () => {
    let dir = "";
    let fake: FakeNodeRuntime;
    let savedPath: string | undefined;
    const inputs = { clusterName: "myk8s", runtime: "docker" as const, nodes: NODES };
    const setState = (text: string) => fake.setState(text);

    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "kpl-watch-"));
        fake = fakeNodeRuntime(dir);
        savedPath = process.env.PATH;
        process.env.PATH = `${fake.bin}:${savedPath}`;
    });
    after(() => {
        process.env.PATH = savedPath;
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("epoch: stays while the nodes exist (stopped too), changes once they are gone or one is missing", async () => {
        setState(RUNNING);
        const created = await epochProvider.create(inputs);
        const olds = created.outs;
        assert.match(olds.epoch, /^[0-9a-f-]{36}$/);
        assert.deepStrictEqual(await epochProvider.diff!(created.id, olds, inputs), { changes: false });
        setState(STOPPED);
        assert.deepStrictEqual(
            await epochProvider.diff!(created.id, olds, inputs),
            { changes: false },
            "stopped nodes are NodeBoot's to start",
        );
        setState(RUNNING.split("\n")[0]);
        assert.deepStrictEqual(await epochProvider.diff!(created.id, olds, inputs), { changes: true });
        setState("");
        assert.deepStrictEqual(await epochProvider.diff!(created.id, olds, inputs), { changes: true });
        const updated = await epochProvider.update!(created.id, olds, inputs);
        assert.notStrictEqual(updated.outs!.epoch, olds.epoch);
        // another cluster name is another cluster
        setState(RUNNING);
        assert.deepStrictEqual(await epochProvider.diff!(created.id, olds, { ...inputs, clusterName: "lab2" }), { changes: true });
    });

    it("boot: starts stopped nodes (control plane first) and reports the new boot; unchanged nodes, no change", async () => {
        setState(RUNNING);
        const created = await bootProvider.create({ ...inputs, cluster: "c1" });
        assert.deepStrictEqual(await bootProvider.diff!(created.id, created.outs, { ...inputs, cluster: "c1" }), { changes: false });
        assert.deepStrictEqual(
            await bootProvider.diff!(created.id, created.outs, { ...inputs, cluster: "c2" }),
            { changes: true },
            "a new cluster",
        );
        setState(STOPPED);
        assert.deepStrictEqual(await bootProvider.diff!(created.id, created.outs, { ...inputs, cluster: "c1" }), { changes: true });
        fake.resetCalls();
        const updated = await bootProvider.update!(created.id, created.outs, { ...inputs, cluster: "c1" });
        assert.ok(fake.calls().includes("start myk8s-control-plane myk8s-worker"), fake.calls().join("\n"));
        assert.notStrictEqual(updated.outs!.boot, created.outs.boot);
        assert.match(updated.outs!.boot, /myk8s-worker=f6e5d4c3b2a1@restarted-\d+\/172\.18\.0\.7/);
    });

    it("a runtime that does not answer is one line naming it, not a replaced cluster", async () => {
        const undo = fake.breakDaemon();
        try {
            await assert.rejects(
                epochProvider.diff!("myk8s", { ...inputs, epoch: "e" }, inputs),
                (e: Error) =>
                    e.message ===
                    "kind-pause-lab: cannot see kind cluster myk8s: `docker ps -a ...` failed (Cannot connect to the Docker daemon at unix:///var/run/docker.sock.): start Docker, then run lab up again",
            );
        } finally {
            undo();
        }
    });
});
