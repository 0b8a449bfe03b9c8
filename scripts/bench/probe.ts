// Times one probe round per pod on the real local runtime: the node-probe script through the local transport
// (what `docker exec -i <node> sh -s -- <uid>` costs minus docker's own overhead), then the probe core's analysis.
// Prints figures; it is not a test. Target: one round < 1 s per pod. Run as root after scripts/runtime/setup.sh:
//   npx ts-node --transpile-only scripts/bench/probe.ts [--rounds N]
import { analyseProbeOutput } from "../../probe/analyse";
import { LocalRuntime } from "../../test/runtime/harness/localRuntime";
import { LAB_PODS } from "../../test/runtime/harness/pods";

const TARGET_MS = 1000;

function percentile(sorted: number[], p: number): number {
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function parseRounds(argv: string[]): number {
    if (argv.length === 0) return 10;
    if (argv.length === 2 && argv[0] === "--rounds" && /^[1-9]\d{0,3}$/.test(argv[1])) return Number(argv[1]);
    throw new Error(`usage: probe.ts [--rounds N] (N = 1..9999); got ${JSON.stringify(argv.join(" "))}`);
}

async function main(): Promise<void> {
    const rounds = parseRounds(process.argv.slice(2));
    const startedAt = process.hrtime.bigint();
    const runtime = await LocalRuntime.start();
    const startMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
    const rows: string[][] = [];
    let over = 0;
    try {
        for (const spec of [LAB_PODS.myweb2(), LAB_PODS.myweb2SharedPid(), LAB_PODS.myweb2HostNetwork(), LAB_PODS.myweb()]) {
            const podStart = process.hrtime.bigint();
            const pod = await runtime.runPod(spec);
            const podUpMs = Number(process.hrtime.bigint() - podStart) / 1e6;
            const probeMs: number[] = [];
            const analyseMs: number[] = [];
            // One unmeasured round first: page cache and crictl's first connection are not what a stack update pays twice.
            for (let round = 0; round <= rounds; round++) {
                const run = await runtime.probe(pod.uid);
                if (run.exitCode !== 0) throw new Error(`probe of ${spec.name} exited ${run.exitCode}: ${run.stderr.trim()}`);
                const t = process.hrtime.bigint();
                const { report } = analyseProbeOutput(run.stdout);
                const analysed = Number(process.hrtime.bigint() - t) / 1e6;
                if (!report.consistent) throw new Error(`${spec.name}: inconsistent report: ${report.inconsistencies.join("; ")}`);
                if (round === 0) continue;
                probeMs.push(run.durationMs);
                analyseMs.push(analysed);
            }
            probeMs.sort((a, b) => a - b);
            analyseMs.sort((a, b) => a - b);
            const median = percentile(probeMs, 50);
            if (median >= TARGET_MS) over++;
            rows.push([
                spec.name,
                String(spec.containers.length),
                podUpMs.toFixed(0),
                probeMs[0].toFixed(0),
                median.toFixed(0),
                percentile(probeMs, 90).toFixed(0),
                probeMs[probeMs.length - 1].toFixed(0),
                percentile(analyseMs, 50).toFixed(1),
                median < TARGET_MS ? "ok" : "OVER",
            ]);
        }
    } finally {
        const stopStart = process.hrtime.bigint();
        const cleanup = await runtime.stop();
        const stopMs = Number(process.hrtime.bigint() - stopStart) / 1e6;
        if (cleanup.leftovers.length > 0) console.error(`bench: teardown left: ${cleanup.leftovers.join("; ")}`);
        console.log(`runtime start (containerd + image import): ${startMs.toFixed(0)} ms; teardown: ${stopMs.toFixed(0)} ms`);
    }
    const header = ["pod", "containers", "pod up ms", "probe min", "median", "p90", "max", "analyse median ms", `< ${TARGET_MS} ms`];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
    console.log(`probe rounds per pod: ${rounds} (after one warm-up), local transport, ${new Date().toISOString()}`);
    console.log(line(header));
    for (const row of rows) console.log(line(row));
    console.log(over === 0 ? `every pod's median probe round is under ${TARGET_MS} ms` : `${over} pod(s) over the ${TARGET_MS} ms target`);
}

main().catch((error: Error) => {
    console.error(`bench: ${error.message}`);
    process.exit(1);
});
