// The same probe with the userland of current kind nodes (v0.32: Debian trixie, util-linux 2.41, iproute2 6.15),
// chrooted with the host's /proc: lsns 2.41 prints differently from this machine's 2.38, and the stack meets 2.41.
import { strict as assert } from "assert";
import * as fs from "fs";
import { analyseProbeOutput } from "../../probe/analyse";
import { NamespaceType } from "../../probe/types";
import { mountsUnder } from "./harness/hostState";
import { LocalRuntime } from "./harness/localRuntime";
import { LAB_PODS, RunningPod } from "./harness/pods";
import { locateTrixieUserland } from "./harness/tools";
import { expectedSharing, hostReference, kernelNamespaces, rawSections } from "./kernel";

describe("node probe with kind v0.32's node userland (Debian trixie, chroot)", function () {
    let runtime: LocalRuntime;
    let root: string;
    let pod: RunningPod;

    before(async function () {
        root = locateTrixieUserland();
        runtime = await LocalRuntime.start();
        pod = await runtime.runPod(LAB_PODS.myweb2());
    });

    after(async function () {
        if (!runtime) return;
        const cleanup = await runtime.stop();
        assert.deepEqual(cleanup.leftovers, [], `teardown left: ${cleanup.leftovers.join("; ")}`);
    });

    it("runs trixie's lsns 2.41 and gives the same report as the kernel shows", async function () {
        const run = await runtime.probeInUserland(root, pod.uid);
        assert.equal(run.exitCode, 0, `probe in trixie exited ${run.exitCode}: ${run.stderr.trim()}`);
        const meta = rawSections(run.stdout).find((s) => s.kind === "meta")!;
        assert.ok(
            meta.body.some((l) => /^lsns=lsns from util-linux 2\.41\b/.test(l)),
            `meta: ${meta.body.join(" | ")}`,
        );

        const { report } = analyseProbeOutput(run.stdout);
        assert.equal(report.consistent, true, report.inconsistencies.join("; "));
        const pauseKernel = kernelNamespaces(pod.pausePid);
        assert.deepEqual(report.pause.namespaces, pauseKernel);
        // The chrooted shell has its own mount namespace (the private one holding the bind mounts), so "host" is
        // compared on the types the chroot does not change.
        const host = hostReference().namespaces;
        for (const c of pod.containers) {
            const kernel = kernelNamespaces(c.pid);
            assert.deepEqual(report.containers[c.name].namespaces, kernel);
            const expected = expectedSharing(kernel, host, pauseKernel);
            for (const t of ["net", "ipc", "uts", "pid", "cgroup"] as NamespaceType[])
                assert.equal(report.containers[c.name].sharing[t], expected[t], `${c.name} ${t}`);
            assert.equal(report.containers[c.name].sharing.mnt, "private");
        }
        assert.ok(report.pause.addresses.includes(`eth0 ${pod.ip}/24`));
    });

    it("leaves no mount in the userland tree (the bind mounts lived in a private mount namespace)", function () {
        assert.deepEqual(mountsUnder(root), []);
        assert.equal(fs.readdirSync(`${root}/proc`).length, 0, "the tree's /proc is an empty directory again");
    });
});
