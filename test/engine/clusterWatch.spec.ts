// The cluster watch (components/clusterWatch.ts) through the real engine: its providers serialized by the Node SDK,
// run in the engine's pulumi-nodejs provider process, and answered by a stand-in `docker` on PATH. The program wires
// them as index.ts's KindCluster does: the epoch in the cluster's triggers (a stand-in dynamic "cluster" here, since
// the command provider cannot be built on these machines), the cluster's id into NodeBoot. From the broken states a
// user would have (nodes gone, one node removed, nodes stopped, the daemon down) each `up` ends as declared, or the
// preview fails with the one line.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { Stack } from "@pulumi/pulumi/automation";
import { ClusterEpoch, NodeBoot } from "../../components/clusterWatch";
import { fakeNodeRuntime, FakeNodeRuntime, RUNNING, STOPPED } from "../support/fakeNodeRuntime";
import { inlineStack, sandbox, Sandbox, timed } from "./engine";

/** Stands in for the kind cluster command: replaced when its triggers change; its create "makes" both nodes. */
class StandInCluster extends pulumi.dynamic.Resource {
    constructor(name: string, args: { triggers: pulumi.Input<string>[]; stateFile: string; running: string }) {
        const provider: pulumi.dynamic.ResourceProvider = {
            async create(inputs: { stateFile: string; running: string }) {
                const fs: typeof import("fs") = require("fs");
                const crypto: typeof import("crypto") = require("crypto");
                fs.writeFileSync(inputs.stateFile, inputs.running);
                return { id: crypto.randomUUID(), outs: inputs };
            },
            async diff(_id: string, olds: { triggers: string[] }, news: { triggers: string[] }) {
                const changed = JSON.stringify(olds.triggers) !== JSON.stringify(news.triggers);
                return { changes: changed, replaces: changed ? ["triggers"] : [], deleteBeforeReplace: true };
            },
        };
        super(provider, name, args, undefined, undefined, "StandInCluster");
    }
}

describe("engine: the cluster watch sees a kind cluster deleted, half-removed or stopped by hand", function () {
    const NODES = ["myk8s-control-plane", "myk8s-worker"];
    let sb: Sandbox;
    let fake: FakeNodeRuntime;
    let stack: Stack;
    const changes = (summary: { resourceChanges?: Record<string, number> }) =>
        Object.entries(summary.resourceChanges ?? {})
            .filter(([op, n]) => op !== "same" && n)
            .sort();

    before(async function () {
        sb = sandbox("watch");
        fake = fakeNodeRuntime(path.join(sb.dir, "runtime"));
        // the engine's environment reaches the provider process: the stand-in docker first on its PATH
        sb.env.PATH = `${fake.bin}:${sb.env.PATH}`;
        const stateFile = path.join(sb.dir, "runtime", "state");
        stack = await inlineStack(sb, { projectName: "kpl-engine-watch", stackName: "watch" }, async () => {
            const watch = { clusterName: "myk8s", runtime: "docker" as const, nodes: NODES };
            const epoch = new ClusterEpoch("kind-epoch", watch);
            const cluster = new StandInCluster("kind-cluster", { triggers: ["myk8s", epoch.epoch], stateFile, running: RUNNING });
            const boot = new NodeBoot("kind-boot", { ...watch, cluster: cluster.id }, { dependsOn: [cluster] });
            return { epoch: epoch.epoch, cluster: cluster.id, boot: boot.boot };
        });
    });
    after(async function () {
        await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
        sb?.cleanup();
    });

    let first: Record<string, string> = {};
    const outputs = async () => Object.fromEntries(Object.entries(await stack.outputs()).map(([k, v]) => [k, String(v.value)]));

    it("up from empty: the cluster is made once, its nodes' boot recorded; a second up changes nothing", async function () {
        const u = await timed("up", () => stack.up());
        assert.strictEqual(u.summary.result, "succeeded");
        first = await outputs();
        assert.match(first.boot, /^myk8s-control-plane=a1b2c3d4e5f6@.*,myk8s-worker=f6e5d4c3b2a1@/);
        const again = await timed("no-op up", () => stack.up());
        assert.deepStrictEqual(changes(again.summary), []);
    });

    it("the cluster deleted by hand (no node container left): preview says update, up replaces the cluster", async function () {
        fake.setState("");
        const p = await timed("preview", () => stack.preview());
        assert.ok((p.changeSummary.update ?? 0) >= 1, JSON.stringify(p.changeSummary));
        const u = await timed("up", () => stack.up());
        assert.strictEqual(u.summary.result, "succeeded");
        const now = await outputs();
        assert.notStrictEqual(now.epoch, first.epoch);
        assert.notStrictEqual(now.cluster, first.cluster, "the cluster was made anew");
        assert.strictEqual(fake.state(), RUNNING, "the stand-in create ran");
        first = now;
        assert.deepStrictEqual(changes((await stack.up()).summary), [], "and then stays");
    });

    it("one node container removed: the cluster is replaced as well", async function () {
        fake.setState(RUNNING.split("\n")[0]);
        const u = await timed("up", () => stack.up());
        const now = await outputs();
        assert.ok((u.summary.resourceChanges?.replace ?? 0) >= 1, JSON.stringify(u.summary.resourceChanges));
        assert.notStrictEqual(now.cluster, first.cluster);
        first = now;
    });

    it("nodes stopped (a Docker restart that did not bring them back): started, the cluster kept, a new boot", async function () {
        fake.setState(STOPPED);
        fake.resetCalls();
        const u = await timed("up", () => stack.up());
        assert.strictEqual(u.summary.result, "succeeded");
        const now = await outputs();
        assert.strictEqual(now.cluster, first.cluster, "not replaced");
        assert.strictEqual(now.epoch, first.epoch);
        assert.notStrictEqual(now.boot, first.boot);
        assert.ok(fake.calls().includes("start myk8s-control-plane myk8s-worker"), fake.calls().join("\n"));
        assert.doesNotMatch(fake.state(), /exited/);
    });

    it("the daemon down: the preview fails with the one line naming Docker, and nothing changes", async function () {
        const before = await outputs();
        const undo = fake.breakDaemon();
        try {
            await assert.rejects(stack.preview(), (e: Error) => {
                assert.match(
                    e.message,
                    /kind-pause-lab: cannot see kind cluster myk8s: `docker ps -a \.\.\.` failed \(Cannot connect to the Docker daemon/,
                );
                assert.match(e.message, /start Docker, then run lab up again/);
                return true;
            });
        } finally {
            undo();
        }
        assert.deepStrictEqual(await outputs(), before);
        assert.ok(fs.existsSync(path.join(sb.dir, "runtime", "state")));
    });
});
