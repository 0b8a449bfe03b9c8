// The node-runtime seam with real podman: node containers labelled the way kind labels them (io.x-k8s.kind.cluster,
// io.x-k8s.kind.role) on a `kind` network, one publishing a host port. The stack's own host commands run with
// KIND_EXPERIMENTAL_PROVIDER=podman exactly as the command provider runs them: node facts (podman inspect, parsed by the
// program's parser), the probe transport (podman exec with the script on stdin), and the create script's published-port
// check. As root it runs; a missing podman is a failure naming the setup, never a skip. A whole kind cluster on podman
// is test:kind's (test/kind/podman.spec.ts).
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { preflight, realProbes } from "../../cli/preflight";
import { kindCreateScript, nodeFactsScript, probeCommand } from "../../host/commands";
import { parseNodeFacts } from "../../host/nodeFacts";
import { runHostScript } from "../kind/cluster";
import { podmanMissing, podmanTestEnv, removeIdleNetavarkChains } from "../support/podman";

const CLUSTER = `kpl-podman-${process.pid}`;
const IMAGE = `localhost/kpl-podman-node:${process.pid}`;
// below Linux's ephemeral ports (32768-60999 by default), which outbound connections take: test/e2e/lab.spec.ts
const HOST_PORT = 28000 + (process.pid % 1000);
const UID = "150a18bc-138d-4a68-a9f0-09f9fbcbd6f3";

describe("runtime: the node-runtime seam on real podman containers", function () {
    this.timeout(120_000);
    let work = "";
    let env: NodeJS.ProcessEnv = {};
    let createdNetwork = false;
    const podman = (...args: string[]) => {
        const r = spawnSync("podman", args, { env, encoding: "utf8", timeout: 60_000 });
        if (r.error) throw r.error;
        if (r.status !== 0) throw new Error(`podman ${args.join(" ")} exited ${r.status}: ${r.stderr.trim()}`);
        return r.stdout.trim();
    };
    const node = (role: string) => `${CLUSTER}-${role}`;

    before(function () {
        if (process.getuid?.() !== 0) throw new Error("the runtime suite runs as root");
        const missing = podmanMissing();
        if (missing) throw new Error(missing);
        work = fs.mkdtempSync(path.join(os.tmpdir(), "kpl-podman-"));
        // A stand-in kind for the create script's preflight: only `kind get clusters` is asked before the port checks.
        fs.mkdirSync(path.join(work, "bin"));
        fs.writeFileSync(path.join(work, "bin", "kind"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
        env = {
            ...process.env,
            ...podmanTestEnv(work),
            KIND_EXPERIMENTAL_PROVIDER: "podman",
            PATH: `${path.join(work, "bin")}:${process.env.PATH}`,
        };
        // a busybox-static root file system as the node image (no registry here)
        const root = path.join(work, "root");
        fs.mkdirSync(path.join(root, "bin"), { recursive: true });
        fs.copyFileSync("/bin/busybox", path.join(root, "bin", "busybox"));
        for (const applet of ["sh", "sleep", "cat", "echo"]) fs.symlinkSync("busybox", path.join(root, "bin", applet));
        const tar = spawnSync("tar", ["-C", root, "-cf", path.join(work, "root.tar"), "."]);
        assert.equal(tar.status, 0);
        podman("import", path.join(work, "root.tar"), IMAGE);
        createdNetwork = spawnSync("podman", ["network", "exists", "kind"], { env }).status !== 0;
        if (createdNetwork) podman("network", "create", "kind");
        const labels = (role: string) => ["--label", `io.x-k8s.kind.cluster=${CLUSTER}`, "--label", `io.x-k8s.kind.role=${role}`];
        podman(
            "run",
            "-d",
            "--name",
            node("control-plane"),
            "--hostname",
            node("control-plane"),
            "--network",
            "kind",
            ...labels("control-plane"),
            IMAGE,
            "/bin/sleep",
            "600",
        );
        podman(
            "run",
            "-d",
            "--name",
            node("worker"),
            "--hostname",
            node("worker"),
            "--network",
            "kind",
            ...labels("worker"),
            "-p",
            `127.0.0.1:${HOST_PORT}:30000`,
            IMAGE,
            "/bin/sleep",
            "600",
        );
    });

    after(() => {
        if (!work) return;
        spawnSync("podman", ["rm", "-f", "-t", "0", node("control-plane"), node("worker")], { env, stdio: "ignore" });
        spawnSync("podman", ["rmi", "-f", IMAGE], { env, stdio: "ignore" });
        if (createdNetwork) spawnSync("podman", ["network", "rm", "kind"], { env, stdio: "ignore" });
        removeIdleNetavarkChains(env);
        fs.rmSync(work, { recursive: true, force: true });
    });

    it("podman runs the containers with runc, as the tests' containers.conf names, whatever apt installed beside it", () => {
        // crun (apt's pick for podman's `crun | runc` where runc was not there first) refuses this host's hybrid cgroups
        assert.equal(podman("info", "--format", "{{.Host.OCIRuntime.Name}}"), "runc");
        assert.equal(podman("inspect", "--format", "{{.OCIRuntime}}", node("worker")), "runc");
    });

    it("lab up's preflight reads the real podman's info (version, memory, network backend, OCI runtime, cgroups) and finds nothing wrong", async () => {
        const request = {
            need: { runtime: true, kind: false, pulumi: false, ports: false, memory: true },
            runtime: "podman" as const,
            clusterName: CLUSTER,
            hostPorts: [],
        };
        const result = await preflight(request, realProbes(env));
        assert.deepEqual(result.problems, []);
        assert.match(result.notes[0], /^podman: \d+\.\d+\.\d+ reachable$/);
    });

    it("node facts: the stack's script lists the nodes with podman, and the program's parser reads podman inspect", async () => {
        const r = await runHostScript(nodeFactsScript(CLUSTER, "podman"), env);
        assert.equal(r.status, 0, r.stderr);
        const nodes = parseNodeFacts(r.stdout);
        assert.deepEqual(
            nodes.map((n) => [n.name, n.role]),
            [
                [node("control-plane"), "control-plane"],
                [node("worker"), "worker"],
            ],
        );
        for (const n of nodes) {
            assert.equal(n.internalIp, podman("inspect", "-f", "{{.NetworkSettings.Networks.kind.IPAddress}}", n.name), n.name);
        }
        assert.deepEqual(nodes[1].publishedPorts, [{ containerPort: 30000, protocol: "tcp", hostIp: "127.0.0.1", hostPort: HOST_PORT }]);
    });

    it("the probe transport: the NamespaceProbe's command runs the script from stdin inside the node with podman exec", async () => {
        const command = probeCommand({ kind: "nodeExec", runtime: "podman" }, node("worker"), UID);
        const r = await runHostScript(command, env, 'echo "uid=$1 hostname=$(cat /etc/hostname)"\n');
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout.trim(), `uid=${UID} hostname=${node("worker")}`);
    });

    it("the create script's port check finds a host port a podman container publishes (nothing listens on it to connect to)", async () => {
        const script = kindCreateScript({
            clusterName: "kpl-podman-second",
            waitTimeout: "0s",
            runtime: "podman",
            hostPorts: [{ hostPort: HOST_PORT, containerPort: 30000, protocol: "TCP", listenAddress: "127.0.0.1" }],
        });
        const r = await runHostScript(script, env);
        assert.equal(r.status, 1);
        assert.equal(
            r.stderr.trim(),
            `kind-pause-lab: host port ${HOST_PORT}/tcp (workerPortMappings "127.0.0.1:${HOST_PORT}:30000") is already published by container ${node("worker")}: stop it with "podman stop ${node("worker")}" or change kind-pause-lab:workerPortMappings`,
        );
    });
});
