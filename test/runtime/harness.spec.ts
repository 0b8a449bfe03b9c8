// The harness itself on the real runtime: pods come up as kubelet would make them, with a CNI address, running
// containers and the namespace layout a pod has; if these fail, the probe tests below cannot be trusted.
import { strict as assert } from "assert";
import * as fs from "fs";
import { LocalRuntime } from "./harness/localRuntime";
import { LAB_PODS, RunningPod } from "./harness/pods";
import { fileInode, kernelNamespaces } from "./kernel";

describe("runtime harness (containerd + runc + CNI, pods through crictl)", function () {
    let runtime: LocalRuntime;
    let myweb2: RunningPod;

    before(async function () {
        runtime = await LocalRuntime.start();
        myweb2 = await runtime.runPod(LAB_PODS.myweb2());
    });

    after(async function () {
        if (!runtime) return;
        const cleanup = await runtime.stop();
        assert.deepEqual(cleanup.leftovers, [], `teardown left: ${cleanup.leftovers.join("; ")}`);
    });

    it("CRI reports the runtime and the network ready", async function () {
        const status = JSON.parse(await runtime.crictl("info", "-o", "json")).status;
        const conditions = Object.fromEntries(status.conditions.map((c: { type: string; status: boolean }) => [c.type, c.status]));
        assert.deepEqual(conditions, { RuntimeReady: true, NetworkReady: true });
    });

    it("gives the pod sandbox a CNI address in the test subnet and the kubelet labels", async function () {
        const [prefix] = runtime.subnet.split(".0/");
        assert.match(myweb2.ip, new RegExp(`^${prefix.replace(/\./g, "\\.")}\\.\\d+$`), `pod IP ${myweb2.ip} not in ${runtime.subnet}`);
        const pods = JSON.parse(await runtime.crictl("pods", "--label", `io.kubernetes.pod.uid=${myweb2.uid}`, "-o", "json")).items;
        assert.equal(pods.length, 1);
        assert.equal(pods[0].id, myweb2.sandboxId);
        assert.equal(pods[0].state, "SANDBOX_READY");
        assert.deepEqual(pods[0].metadata, { name: "myweb2", namespace: "default", uid: myweb2.uid, attempt: 0 });
        assert.equal(pods[0].labels["io.kubernetes.pod.name"], "myweb2");
    });

    it("runs both containers, labelled as kubelet labels them", async function () {
        const containers = JSON.parse(await runtime.crictl("ps", "--pod", myweb2.sandboxId, "-o", "json")).containers;
        const byName = Object.fromEntries(containers.map((c: { metadata: { name: string } }) => [c.metadata.name, c]));
        assert.deepEqual(Object.keys(byName).sort(), ["myweb2-netshoot", "myweb2-nginx"]);
        for (const c of myweb2.containers) {
            assert.equal(byName[c.name].state, "CONTAINER_RUNNING", `${c.name} state`);
            assert.equal(byName[c.name].id, c.id);
            assert.equal(byName[c.name].labels["io.kubernetes.container.name"], c.name);
            assert.equal(byName[c.name].labels["io.kubernetes.pod.uid"], myweb2.uid);
        }
    });

    it("puts pause's network namespace at the CNI netns path containerd reports", function () {
        assert.ok(myweb2.netnsPath, "sandbox spec has a network namespace path");
        assert.match(myweb2.netnsPath!, /^\/var\/run\/netns\/cni-[0-9a-f-]+$/);
        assert.equal(fileInode(myweb2.netnsPath!), kernelNamespaces(myweb2.pausePid).net);
    });

    it("lets netshoot reach nginx on localhost: one network namespace for the pod", async function () {
        const netshoot = myweb2.containers.find((c) => c.name === "myweb2-netshoot")!;
        const page = await runtime.crictl("exec", netshoot.id, "wget", "-q", "-O-", "http://localhost");
        assert.match(page, /nginx stand-in/);
    });

    it("keeps each container's hostname the pod's (UTS joined) and its process tree private (own PID namespace)", async function () {
        for (const c of myweb2.containers) {
            assert.equal((await runtime.crictl("exec", c.id, "hostname")).trim(), "myweb2", `${c.name} hostname`);
            // In its own PID namespace the container's main process is PID 1.
            assert.equal((await runtime.crictl("exec", c.id, "cat", "/proc/1/comm")).trim(), c.name === "myweb2-nginx" ? "busybox" : "sh");
        }
    });

    it("removes a pod the way kubelet does (stopp + rmp): its netns and processes are gone", async function () {
        const pod = await runtime.runPod(LAB_PODS.myweb());
        const netns = pod.netnsPath!;
        await runtime.removePod(pod);
        assert.equal(JSON.parse(await runtime.crictl("pods", "--label", `io.kubernetes.pod.uid=${pod.uid}`, "-o", "json")).items.length, 0);
        assert.equal(fs.existsSync(netns), false, `${netns} still exists`);
        for (const pid of [pod.pausePid, ...pod.containers.map((c) => c.pid)]) {
            assert.equal(fs.existsSync(`/proc/${pid}`), false, `process ${pid} still exists`);
        }
    });
});
