// Captures real node-probe outputs from pods on the local containerd (test/runtime/harness/) into
// test/fixtures/captured/<name>.probe.txt, for the probe-core, report and diff tests. Run as root after
// `bash scripts/runtime/setup.sh`:
//   npx ts-node --transpile-only scripts/runtime/capture.ts [--out DIR] [--only NAME,NAME]
// Every capture is checked before it is written: the probe exits 0 and the probe core analyses it as consistent.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { analyseProbeOutput } from "../../probe/analyse";
import { LocalRuntime } from "../../test/runtime/harness/localRuntime";
import { LAB_PODS, PodSpec, RunningPod } from "../../test/runtime/harness/pods";
import { locateTrixieUserland, readVersions } from "../../test/runtime/harness/tools";

interface Capture {
    /** File stem: <name>.probe.txt */
    name: string;
    spec: () => PodSpec;
    what: string;
    /** Re-create the pod first (new UID, PIDs, inodes): a second run of the same stack. */
    recreate?: boolean;
    /** Run the probe in kind v0.32's node userland (Debian trixie chroot, util-linux 2.41) instead of this machine's. */
    trixie?: boolean;
}

const CAPTURES: Capture[] = [
    { name: "myweb2", spec: LAB_PODS.myweb2, what: "myweb2-like pod: nginx + netshoot stand-ins, default namespaces" },
    { name: "myweb2-rerun", spec: LAB_PODS.myweb2, what: "the same pod deleted and created again (new UID, PIDs, inodes)", recreate: true },
    { name: "myweb2-shared-pid", spec: LAB_PODS.myweb2SharedPid, what: "myweb2 with CRI pid: POD (shareProcessNamespace)" },
    { name: "myweb2-host-network", spec: LAB_PODS.myweb2HostNetwork, what: "myweb2 with CRI network: NODE (hostNetwork)" },
    { name: "myweb2-host-ipc", spec: LAB_PODS.myweb2HostIpc, what: "myweb2 with CRI ipc: NODE (hostIPC)" },
    { name: "myweb", spec: LAB_PODS.myweb, what: "myweb-like pod: one nginx stand-in" },
    {
        name: "myweb2-trixie",
        spec: LAB_PODS.myweb2,
        what: "myweb2 probed with kind v0.32's userland (trixie: util-linux 2.41, iproute2 6.15)",
        trixie: true,
    },
];

function parseArgs(argv: string[]): { out: string; only: Set<string> | null } {
    let out = path.resolve(__dirname, "..", "..", "test", "fixtures", "captured");
    let only: Set<string> | null = null;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--out" && argv[i + 1]) out = path.resolve(argv[++i]);
        else if (arg === "--only" && argv[i + 1]) only = new Set(argv[++i].split(","));
        else throw new Error(`usage: capture.ts [--out DIR] [--only ${CAPTURES.map((c) => c.name).join(",")}]; got ${JSON.stringify(arg)}`);
    }
    for (const name of only ?? []) {
        if (!CAPTURES.some((c) => c.name === name))
            throw new Error(`unknown capture ${JSON.stringify(name)}; known: ${CAPTURES.map((c) => c.name).join(", ")}`);
    }
    return { out, only };
}

function firstLine(file: string, args: string[]): string {
    try {
        return execFileSync(file, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })
            .split("\n")[0]
            .trim();
    } catch (error) {
        return `unavailable (${(error as Error).message.split("\n")[0]})`;
    }
}

async function main(): Promise<void> {
    const { out, only } = parseArgs(process.argv.slice(2));
    fs.mkdirSync(out, { recursive: true });
    const runtime = await LocalRuntime.start();
    const written: string[] = [];
    try {
        const running = new Map<string, RunningPod>();
        for (const capture of CAPTURES) {
            if (only && !only.has(capture.name)) continue;
            const spec = capture.spec();
            let pod = running.get(spec.name);
            if (pod && capture.recreate) {
                await runtime.removePod(pod);
                pod = undefined;
            }
            if (!pod) {
                pod = await runtime.runPod(spec);
                running.set(spec.name, pod);
            }
            const result = capture.trixie ? await runtime.probeInUserland(locateTrixieUserland(), pod.uid) : await runtime.probe(pod.uid);
            if (result.exitCode !== 0) throw new Error(`probe of ${capture.name} exited ${result.exitCode}: ${result.stderr.trim()}`);
            const { report } = analyseProbeOutput(result.stdout);
            if (!report.consistent)
                throw new Error(`${capture.name}: the probe core finds it inconsistent: ${report.inconsistencies.join("; ")}`);
            const file = path.join(out, `${capture.name}.probe.txt`);
            fs.writeFileSync(file, result.stdout);
            written.push(`- \`${capture.name}.probe.txt\`: ${capture.what}`);
            console.log(
                `captured ${path.relative(process.cwd(), file)} (${result.stdout.length} bytes, probe ${result.durationMs.toFixed(0)} ms)`,
            );
        }
    } finally {
        const cleanup = await runtime.stop();
        if (cleanup.leftovers.length > 0) {
            console.error(`capture: teardown left: ${cleanup.leftovers.join("; ")}`);
            process.exitCode = 1;
        }
    }
    if (!only) {
        const v = readVersions();
        const kernel = fs.readFileSync("/proc/sys/kernel/osrelease", "utf8").trim();
        fs.writeFileSync(
            path.join(out, "README.md"),
            [
                "# Real node-probe outputs (generated — do not edit by hand)",
                "",
                "Written by `scripts/runtime/capture.ts`: the stack's `probe/node-probe.sh`, run through the local",
                "transport (`sh -s -- <podUid>`) against pods created through crictl as kubelet creates them, on a private",
                "containerd (test/runtime/harness/). Regenerate (root, after `bash scripts/runtime/setup.sh`):",
                "`npx ts-node --transpile-only scripts/runtime/capture.ts`. Each capture was checked before writing: probe exit 0",
                "and `analyseProbeOutput(...).report.consistent === true`.",
                "",
                ...written,
                "",
                "Where they were taken:",
                `- kernel ${kernel}, cgroup v1 hybrid; ${firstLine("containerd", ["--version"])}; ${firstLine("runc", ["--version"])}`,
                `- crictl ${v.CRICTL_VERSION} (Go modules); ${firstLine("lsns", ["--version"])}; ${firstLine("ip", ["-V"])} (Debian 12);`,
                "  the `-trixie` capture used Debian trixie's userland instead (scripts/runtime/trixie-userland.sh), see its meta section;",
                "  it ran chrooted in a private mount namespace, so its host reference has its own mnt inode",
                "- images: busybox-static stand-ins for nginx (`busybox httpd`) and netshoot (a `wget` loop), catatonit -P as pause",
                "- the node's PID 1 is an outer sandbox whose namespaces cannot be read here, so the `host` section has",
                "  `source=probe-shell` (docs/probe-format.md). Host-network captures list this VM's interfaces.",
                "",
            ].join("\n"),
        );
    }
}

main().catch((error: Error) => {
    console.error(`capture: ${error.message}`);
    process.exit(1);
});
