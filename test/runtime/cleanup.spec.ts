// Teardown leaves the machine as it found it: after a normal run, and after containerd died mid-test with pods
// still running (what a crashed or interrupted test leaves). Checked from outside the harness's own bookkeeping.
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import { mountsUnder } from "./harness/hostState";
import { CleanupReport, LocalRuntime } from "./harness/localRuntime";
import { LAB_PODS, RunningPod } from "./harness/pods";
import { pidsWithCmdline, processRunning } from "./harness/process";

interface Footprint {
    dir: string;
    bridge: string;
    cgroupRoot: string;
    netns: string[];
    pids: number[];
}

async function startWithPods(runtime: LocalRuntime): Promise<Footprint> {
    const pods: RunningPod[] = [];
    for (const spec of [LAB_PODS.myweb2(), LAB_PODS.myweb2SharedPid(), LAB_PODS.myweb2HostNetwork(), LAB_PODS.myweb()]) {
        pods.push(await runtime.runPod(spec));
    }
    // A container created but never started, as a test failing between create and start would leave it.
    const spare = pods[3];
    fs.writeFileSync(
        `${runtime.dir}/spare.json`,
        JSON.stringify({
            metadata: { name: "spare", attempt: 0 },
            image: { image: runtime.tools.images.netshoot },
            args: ["sleep", "1000"],
            linux: {},
        }),
    );
    await runtime.crictl(
        "create",
        spare.sandboxId,
        `${runtime.dir}/spare.json`,
        `${runtime.dir}/pods/${spare.spec.namespace}_${spare.spec.name}_${spare.uid}/sandbox.json`,
    );
    const footprint: Footprint = {
        dir: runtime.dir,
        bridge: runtime.bridge,
        cgroupRoot: runtime.cgroupRoot,
        netns: pods.map((p) => p.netnsPath).filter((p): p is string => p !== null),
        pids: pods.flatMap((p) => [p.pausePid, ...p.containers.map((c) => c.pid)]),
    };
    // The footprint is real before teardown, so its absence afterwards means something.
    assert.ok(mountsUnder(footprint.dir).length > 0, "container rootfs mounts exist");
    assert.equal(footprint.netns.length, 3, "three pods with a CNI network namespace");
    for (const netns of footprint.netns) assert.ok(fs.existsSync(netns));
    assert.ok(pidsWithCmdline(footprint.dir).length > 0, "shims run");
    return footprint;
}

function assertNothingLeft(footprint: Footprint): void {
    assert.deepEqual(pidsWithCmdline(footprint.dir), [], "no containerd or shim process of this run");
    for (const pid of footprint.pids)
        assert.equal(
            processRunning(pid),
            false,
            `pod process ${pid} is gone (${fs.existsSync(`/proc/${pid}/status`) ? fs.readFileSync(`/proc/${pid}/status`, "utf8").split("\n").slice(0, 3).join(" ") : "absent"})`,
        );
    assert.deepEqual(mountsUnder(footprint.dir), [], "no mounts under the temp dir");
    for (const netns of footprint.netns) assert.equal(fs.existsSync(netns), false, `${netns} removed`);
    const links = execFileSync("ip", ["-o", "link", "show"], { encoding: "utf8" });
    assert.ok(!links.includes(`: ${footprint.bridge}:`), `bridge ${footprint.bridge} removed`);
    const cgroups = fs.readdirSync("/sys/fs/cgroup").filter((h) => fs.existsSync(`/sys/fs/cgroup/${h}/${footprint.cgroupRoot}`));
    assert.deepEqual(cgroups, [], "no cgroup of this run in any hierarchy");
    assert.equal(fs.existsSync(footprint.dir), false, "temp dir removed");
}

describe("runtime teardown", function () {
    it("removes every pod, process, mount, netns, bridge, cgroup and the temp dir after a normal run", async function () {
        const runtime = await LocalRuntime.start();
        let footprint: Footprint | undefined;
        let cleanup: CleanupReport;
        try {
            footprint = await startWithPods(runtime);
        } finally {
            cleanup = await runtime.stop();
        }
        assert.deepEqual(cleanup.leftovers, []);
        assert.deepEqual(cleanup.forced, [], "pods went down through CRI, nothing had to be forced");
        assertNothingLeft(footprint!);
    });

    it("still cleans up everything when containerd died with pods running", async function () {
        const runtime = await LocalRuntime.start();
        let footprint: Footprint | undefined;
        let cleanup: CleanupReport;
        try {
            footprint = await startWithPods(runtime);
            process.kill(runtime.containerdPid!, "SIGKILL");
        } finally {
            cleanup = await runtime.stop();
        }
        assert.deepEqual(cleanup.leftovers, []);
        assert.ok(
            cleanup.forced.some((f) => /killed leftover process/.test(f)),
            `shims had to be killed: ${cleanup.forced.join("; ")}`,
        );
        assert.ok(
            cleanup.forced.some((f) => /removed shim socket/.test(f)),
            `killed shims' sockets removed: ${cleanup.forced.join("; ")}`,
        );
        assertNothingLeft(footprint!);
    });
});
