// The stack's node probe (probe/node-probe.sh), byte for byte, against pods on a real containerd:
// only `docker exec -i <node>` is replaced by a local `sh -s -- <uid>`. Every verdict is held against the kernel,
// read independently from Node (kernel.ts), and against the fixed facts of the lab (docs/seed-lab.md §3.2–3.5).
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyseProbeOutput, PodProbeResult } from "../../probe/analyse";
import { NamespaceType, PodNamespaceReport } from "../../probe/types";
import { LocalRuntime } from "./harness/localRuntime";
import { LAB_PODS, PodSpec, RunningPod } from "./harness/pods";
import { RunResult } from "./harness/process";
import { expectedSharing, hostReference, kernelNamespaces, kernelNsLinkLines, rawSections } from "./kernel";

interface ProbedPod {
    pod: RunningPod;
    run: RunResult;
    result: PodProbeResult;
}

/** Fails with the probe's stderr in the message, so a failing CI log says why. */
function assertProbeSucceeded(run: RunResult, what: string): void {
    assert.equal(run.exitCode, 0, `probe of ${what} exited ${run.exitCode}: ${run.stderr.trim()}`);
    assert.ok(run.stdout.endsWith("#kpl-end-of-probe status=ok\n"), `probe of ${what} lacks the end marker`);
}

/** What every probed pod must satisfy, whatever its variant: the report is the kernel's truth. */
function assertReportMatchesKernel(probed: ProbedPod): void {
    const { pod, result } = probed;
    const report: PodNamespaceReport = result.report;
    const host = hostReference().namespaces;
    const pauseKernel = kernelNamespaces(pod.pausePid);

    assert.equal(report.node, fs.readFileSync("/proc/sys/kernel/hostname", "utf8").trim());
    assert.equal(report.sandboxId, pod.sandboxId);
    assert.equal(report.pause.pid, pod.pausePid);
    assert.deepEqual(report.pause.namespaces, pauseKernel, "pause inodes = readlink /proc/PAUSE/ns/*");
    assert.deepEqual(report.pause.sharing, expectedSharing(pauseKernel, host, null), "pause verdicts");

    assert.deepEqual(Object.keys(report.containers).sort(), pod.containers.map((c) => c.name).sort());
    for (const c of pod.containers) {
        const reported = report.containers[c.name];
        const kernel = kernelNamespaces(c.pid);
        assert.equal(reported.id, c.id, `${c.name} id`);
        assert.equal(reported.pid, c.pid, `${c.name} pid (crictl inspect's info.pid)`);
        assert.deepEqual(reported.namespaces, kernel, `${c.name} inodes = readlink /proc/${c.pid}/ns/*`);
        assert.deepEqual(reported.sharing, expectedSharing(kernel, host, pauseKernel), `${c.name} verdicts`);
        assert.deepEqual(reported.addresses, report.pause.addresses, `${c.name} sees the addresses pause sees`);
    }
    assert.deepEqual(report.inconsistencies, [], "crictl's runtime spec agrees with the kernel");
    assert.equal(report.consistent, true);

    // The raw outputs published next to the report: one per target, and the JSON is crictl's own.
    assert.deepEqual(Object.keys(result.lsns).sort(), ["pause", ...pod.containers.map((c) => c.name)].sort());
    for (const [target, table] of Object.entries(result.lsns)) {
        assert.match(table, /^\s*NS\s+TYPE\s+NPROCS\s+PID\s+USER\s+COMMAND/, `lsns table of ${target}`);
    }
    assert.deepEqual(Object.keys(result.crictlInspect).sort(), pod.containers.map((c) => c.name).sort());
    for (const c of pod.containers) {
        const inspect = JSON.parse(result.crictlInspect[c.name]);
        assert.equal(inspect.status.id, c.id);
        assert.equal(inspect.info.pid, c.pid);
    }
}

/** Parser-independent checks of the document: PIDs probed, raw ns links, host reference. */
function assertRawDocument(probed: ProbedPod): void {
    const { pod, run } = probed;
    const sections = rawSections(run.stdout);
    const targets = sections.filter((s) => s.kind === "target").map((s) => `${s.attrs.name} ${s.attrs.pid} ${s.attrs.id}`);
    assert.equal(targets[0], `pause ${pod.pausePid} ${pod.sandboxId}`);
    assert.deepEqual(targets.slice(1).sort(), pod.containers.map((c) => `${c.name} ${c.pid} ${c.id}`).sort());
    // Never PID 0 or empty: every pid= in every header is a positive integer.
    for (const s of sections) {
        if ("pid" in s.attrs) assert.match(s.attrs.pid, /^[1-9]\d*$/, `${s.kind} header pid=${s.attrs.pid}`);
    }
    const host = sections.find((s) => s.kind === "host")!;
    assert.equal(host.attrs.source, hostReference().source);
    for (const s of sections.filter((x) => x.kind === "nslinks" && x.attrs.target !== "host")) {
        const lines = s.body.filter(Boolean).sort();
        assert.deepEqual(lines, kernelNsLinkLines(Number(s.attrs.pid)), `nslinks of ${s.attrs.target} = the kernel's`);
    }
}

describe("node probe on real pods (local transport for docker exec)", function () {
    let runtime: LocalRuntime;
    const probedPods: Record<string, ProbedPod> = {};

    async function probePod(spec: PodSpec): Promise<ProbedPod> {
        const pod = await runtime.runPod(spec);
        const run = await runtime.probe(pod.uid);
        assertProbeSucceeded(run, spec.name);
        const probed = { pod, run, result: analyseProbeOutput(run.stdout) };
        probedPods[spec.name] = probed;
        return probed;
    }

    before(async function () {
        runtime = await LocalRuntime.start();
    });

    after(async function () {
        if (!runtime) return;
        const cleanup = await runtime.stop();
        assert.deepEqual(cleanup.leftovers, [], `teardown left: ${cleanup.leftovers.join("; ")}`);
    });

    describe("myweb2-like pod (nginx + netshoot stand-ins)", function () {
        let probed: ProbedPod;
        before(async function () {
            probed = await probePod(LAB_PODS.myweb2());
        });

        it("reports what the kernel shows, consistently with crictl's runtime spec", function () {
            assertReportMatchesKernel(probed);
            assertRawDocument(probed);
        });

        it("finds net, ipc and uts held by pause (same inodes), mnt and pid private (docs/seed-lab.md §6)", function () {
            const { report } = probed.result;
            for (const name of ["myweb2-nginx", "myweb2-netshoot"]) {
                const c = report.containers[name];
                for (const t of ["net", "ipc", "uts"] as NamespaceType[]) {
                    assert.equal(c.sharing[t], "pod", `${name} ${t}`);
                    assert.equal(c.namespaces[t], report.pause.namespaces[t], `${name} ${t} inode`);
                }
                for (const t of ["mnt", "pid"] as NamespaceType[]) {
                    assert.equal(c.sharing[t], "private", `${name} ${t}`);
                    assert.notEqual(c.namespaces[t], report.pause.namespaces[t], `${name} ${t} inode`);
                }
            }
            for (const t of ["net", "ipc", "uts", "mnt", "pid"] as NamespaceType[]) {
                assert.equal(report.pause.sharing[t], "private", `pause ${t} is its own, not the node's`);
            }
            const nginx = report.containers["myweb2-nginx"].namespaces;
            const netshoot = report.containers["myweb2-netshoot"].namespaces;
            assert.notEqual(nginx.mnt, netshoot.mnt);
            assert.notEqual(nginx.pid, netshoot.pid);
        });

        it("sees the pod's CNI address in pause and in both containers", function () {
            const { report } = probed.result;
            assert.ok(report.pause.addresses.includes(`eth0 ${probed.pod.ip}/24`), `pause addresses: ${report.pause.addresses}`);
            assert.ok(report.pause.addresses.includes("lo 127.0.0.1/8"));
            for (const c of Object.values(report.containers)) assert.deepEqual(c.addresses, report.pause.addresses);
        });

        it("gives the same verdicts on a second probe of the same pod, and the same inodes", async function () {
            const again = await runtime.probe(probed.pod.uid);
            assertProbeSucceeded(again, "myweb2 (again)");
            assert.deepEqual(analyseProbeOutput(again.stdout).report, probed.result.report);
        });

        it("told how many containers the pod runs (as the stack tells it), probes at once when all run", async function () {
            const start = Date.now();
            const told = await runtime.probe(probed.pod.uid, { containers: 2 });
            assertProbeSucceeded(told, "myweb2 (2 containers)");
            assert.deepEqual(analyseProbeOutput(told.stdout).report, probed.result.report);
            assert.ok(Date.now() - start < 5_000, "no wait when every container runs");
        });

        it("waits for containers that do not run yet (a node that restarted), then says how many run, exit 3", async function () {
            const run = await runtime.probe(probed.pod.uid, { containers: 3, env: { KPL_PROBE_WAIT_S: "2" } });
            assert.equal(run.exitCode, 3, run.stderr);
            assert.match(run.stderr.trim(), new RegExp(`^probe: pod ${probed.pod.uid} runs 2 of its 3 containers on node \\S+ after 2 s`));
            assert.equal(run.stdout, "");
        });
    });

    describe("shared-PID variant (CRI pid: POD)", function () {
        it("puts the containers in pause's PID namespace; the rest as in myweb2", async function () {
            const probed = await probePod(LAB_PODS.myweb2SharedPid());
            assertReportMatchesKernel(probed);
            assertRawDocument(probed);
            const { report } = probed.result;
            for (const c of Object.values(report.containers)) {
                assert.equal(c.sharing.pid, "pod");
                assert.equal(c.namespaces.pid, report.pause.namespaces.pid);
                assert.equal(c.sharing.net, "pod");
                assert.equal(c.sharing.mnt, "private");
            }
        });
    });

    describe("host-network variant (CRI network: NODE)", function () {
        it("reports net (and uts, which containerd ties to it) as the node's for pause and both containers", async function () {
            const probed = await probePod(LAB_PODS.myweb2HostNetwork());
            assertReportMatchesKernel(probed);
            assertRawDocument(probed);
            const { report } = probed.result;
            assert.equal(probed.pod.netnsPath, null, "no CNI network namespace for a host-network pod");
            for (const [name, entry] of [["pause", report.pause], ...Object.entries(report.containers)] as const) {
                assert.equal(entry.sharing.net, "host", `${name} net`);
                assert.equal(entry.sharing.uts, "host", `${name} uts`);
                assert.equal(entry.namespaces.net, hostReference().namespaces.net);
            }
            for (const c of Object.values(report.containers)) {
                assert.equal(c.sharing.ipc, "pod");
                assert.equal(c.sharing.mnt, "private");
                assert.equal(c.sharing.pid, "private");
            }
            // The node's own IPv4 addresses, as Node sees them, all appear in the pod.
            const nodeAddresses = Object.entries(os.networkInterfaces()).flatMap(([ifname, addrs]) =>
                (addrs ?? []).filter((a) => a.family === "IPv4").map((a) => `${ifname} ${a.cidr}`),
            );
            for (const address of nodeAddresses)
                assert.ok(report.pause.addresses.includes(address), `${address} missing from the pod's view`);
        });
    });

    describe("host-IPC variant (CRI ipc: NODE)", function () {
        it("reports ipc as the node's; net and uts stay the pod's", async function () {
            const probed = await probePod(LAB_PODS.myweb2HostIpc());
            assertReportMatchesKernel(probed);
            const { report } = probed.result;
            assert.equal(report.pause.sharing.ipc, "host");
            for (const c of Object.values(report.containers)) {
                assert.equal(c.sharing.ipc, "host");
                assert.equal(c.sharing.net, "pod");
                assert.equal(c.sharing.uts, "pod");
            }
        });
    });

    describe("myweb-like pod (one container)", function () {
        it("reports the single container joined to pause's net/ipc/uts", async function () {
            const probed = await probePod(LAB_PODS.myweb());
            assertReportMatchesKernel(probed);
            assertRawDocument(probed);
            const c = probed.result.report.containers["myweb-container"];
            assert.deepEqual(
                { net: c.sharing.net, ipc: c.sharing.ipc, uts: c.sharing.uts, mnt: c.sharing.mnt, pid: c.sharing.pid },
                { net: "pod", ipc: "pod", uts: "pod", mnt: "private", pid: "private" },
            );
        });
    });

    describe("failures", function () {
        /** stderr must be exactly one line "probe: ..." (the contract in docs/probe-format.md). */
        function assertOneLineFailure(run: RunResult, exitCode: number, pattern: RegExp): void {
            assert.equal(run.exitCode, exitCode, `exit code (stderr: ${run.stderr.trim()})`);
            const lines = run.stderr.split("\n").filter((l) => l !== "");
            assert.equal(lines.length, 1, `one stderr line, got: ${JSON.stringify(run.stderr)}`);
            assert.match(lines[0], /^probe: /);
            assert.match(lines[0], pattern);
            assert.ok(!run.stdout.includes("#kpl-end-of-probe"), "no end marker on failure");
        }

        it("exits 3 with one clear line for a pod UID that is not on this node", async function () {
            const unknown = "0b7f4a52-1d1e-4c38-9d2a-5f0c2b1e9a77";
            const run = await runtime.probe(unknown);
            assertOneLineFailure(run, 3, new RegExp(`no ready pod sandbox with uid ${unknown}`));
            assert.equal(run.stdout, "");
        });

        it("exits 2 for a UID argument that is not a UID (nothing reaches crictl)", async function () {
            const run = await runtime.probe("x; touch /tmp/kpl-should-not-exist");
            assertOneLineFailure(run, 2, /usage/);
            assert.equal(fs.existsSync("/tmp/kpl-should-not-exist"), false);
        });

        it("exits 4 naming the tool when a node lacks lsns", async function () {
            // A PATH holding everything the probe uses except lsns.
            const bin = fs.mkdtempSync(path.join(runtime.dir, "no-lsns-"));
            for (const tool of ["cat", "head", "mktemp", "rm", "readlink", "nsenter", "ip"]) {
                fs.symlinkSync(execFileSync("/bin/sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim(), path.join(bin, tool));
            }
            fs.symlinkSync(runtime.tools.crictl, path.join(bin, "crictl"));
            const pod = probedPods["myweb2"]?.pod ?? (await runtime.runPod(LAB_PODS.myweb()));
            const run = await runtime.probe(pod.uid, { env: { PATH: bin } });
            assertOneLineFailure(run, 4, /required tool 'lsns' is not installed/);
        });

        // lsns scans every /proc/PID and can fail when a process exits meanwhile (seen on kind nodes with two probes at once)
        const flakyLsns = (failures: number) => {
            const bin = fs.mkdtempSync(path.join(runtime.dir, "flaky-lsns-"));
            const count = path.join(bin, "calls");
            const realLsns = execFileSync("/bin/sh", ["-c", "command -v lsns"], { encoding: "utf8" }).trim();
            for (const p of [realLsns, count]) assert.match(p, /^[A-Za-z0-9/_.-]+$/, "path safe to embed in sh");
            fs.writeFileSync(
                path.join(bin, "lsns"),
                // only the probing calls (-p PID) count and fail; `lsns --version` for the meta section passes through
                `#!/bin/sh\ncase " $* " in *" -p "*) echo x >> '${count}'; [ "$(wc -l < '${count}')" -gt ${failures} ] || exit 1 ;; esac\nexec '${realLsns}' "$@"\n`,
                { mode: 0o755 },
            );
            fs.symlinkSync(runtime.tools.crictl, path.join(bin, "crictl"));
            return { PATH: `${bin}:${process.env.PATH}`, calls: () => fs.readFileSync(count, "utf8").split("\n").filter(Boolean).length };
        };

        it("retries an lsns that fails without a word (a /proc race) and succeeds", async function () {
            const pod = probedPods["myweb2"]?.pod ?? (await runtime.runPod(LAB_PODS.myweb2()));
            const lsns = flakyLsns(2);
            const run = await runtime.probe(pod.uid, { env: { PATH: lsns.PATH } });
            assertProbeSucceeded(run, "myweb2 with a flaky lsns");
            assert.equal(analyseProbeOutput(run.stdout).report.consistent, true);
            // one `lsns -p` for pause and each of the 2 containers, plus the 2 failed attempts of the first call
            assert.equal(lsns.calls(), 1 + pod.containers.length + 2);
        });

        it("gives up after 3 lsns attempts with one line and exit 5", async function () {
            const pod = probedPods["myweb2"]?.pod ?? (await runtime.runPod(LAB_PODS.myweb2()));
            const lsns = flakyLsns(1000);
            const run = await runtime.probe(pod.uid, { env: { PATH: lsns.PATH } });
            assertOneLineFailure(run, 5, /lsns -p \d+ failed on node/);
            assert.equal(lsns.calls(), 3);
        });

        for (const [where, template, fakeOutput, message] of [
            ["the pause PID (crictl inspectp)", "{{.info.pid}}", "0", /sandbox [0-9a-f]+ reports pause PID '0'/],
            [
                "a container PID (crictl inspect)",
                "{{.status.metadata.name}} {{.info.pid}}",
                "myweb2-nginx 0",
                /refusing to probe myweb2-nginx: PID '0'/,
            ],
        ] as const) {
            it(`never probes PID 0: a runtime reporting 0 for ${where} makes it stop before lsns -p`, async function () {
                // Fault injection on the real runtime: crictl answers 0 for one template; lsns logs every call.
                const bin = fs.mkdtempSync(path.join(runtime.dir, "pid0-"));
                const lsnsLog = path.join(bin, "lsns.log");
                const realLsns = execFileSync("/bin/sh", ["-c", "command -v lsns"], { encoding: "utf8" }).trim();
                for (const p of [runtime.tools.crictl, realLsns, lsnsLog])
                    assert.match(p, /^[A-Za-z0-9/_.-]+$/, "path safe to embed in sh");
                fs.writeFileSync(
                    path.join(bin, "crictl"),
                    `#!/bin/sh\nfor arg in "$@"; do [ "$arg" = '${template}' ] && { echo '${fakeOutput}'; exit 0; }; done\nexec '${runtime.tools.crictl}' "$@"\n`,
                    { mode: 0o755 },
                );
                fs.writeFileSync(path.join(bin, "lsns"), `#!/bin/sh\necho "$*" >> '${lsnsLog}'\nexec '${realLsns}' "$@"\n`, {
                    mode: 0o755,
                });
                const pod = probedPods["myweb2"]?.pod ?? (await runtime.runPod(LAB_PODS.myweb2()));
                const run = await runtime.probe(pod.uid, { env: { PATH: `${bin}:${process.env.PATH}` } });
                assertOneLineFailure(run, 5, message);
                const calls = fs.existsSync(lsnsLog) ? fs.readFileSync(lsnsLog, "utf8").split("\n").filter(Boolean) : [];
                assert.ok(calls.length > 0, "the lsns wrapper was on the probe's PATH");
                for (const call of calls) assert.doesNotMatch(call, /-p 0\b|-p\s*$/, `lsns called as: lsns ${call}`);
            });
        }
    });
});
