// bench:up's figures: its command line, the medians and summary lines, and what it reads from the script's step lines,
// the Pulumi CLI's progress lines and its log.
import { strict as assert } from "assert";
import {
    BENCH_USAGE,
    goalVerdict,
    median,
    parseBenchArgs,
    programStart,
    progressTimeline,
    SCENARIO_ORDER,
    scriptTimeline,
    spread,
    summaryLine,
} from "../../../../scripts/bench/figures";

describe("bench:up figures", () => {
    describe("parseBenchArgs", () => {
        it("defaults: every scenario, 5 runs, 100 Mbit/s", () => {
            assert.deepEqual(parseBenchArgs([]), { scenarios: SCENARIO_ORDER, runs: 5, bandwidth: "100mbit" });
        });
        it("a list of scenarios runs in the bench's order, whatever order it was given in", () => {
            assert.deepEqual(parseBenchArgs(["--scenario", "no-op,first-up", "--runs", "7", "--bandwidth", "50mbit"]), {
                scenarios: ["first-up", "no-op"],
                runs: 7,
                bandwidth: "50mbit",
            });
        });
        it("one line per problem", () => {
            assert.deepEqual(parseBenchArgs(["--scenario", "fast"]), {
                error: "unknown scenario fast (expected: first-up, re-up, one-change, no-op, offline)",
            });
            assert.deepEqual(parseBenchArgs(["--runs", "0"]), { error: '--runs "0" is not a number of runs (1..99)' });
            assert.deepEqual(parseBenchArgs(["--bandwidth", "fast"]), { error: '--bandwidth "fast": expected N[k|m|g]bit or 0' });
            assert.deepEqual(parseBenchArgs(["--runs"]), { error: "--runs needs a value" });
            assert.deepEqual(parseBenchArgs(["extra"]), { error: 'unexpected argument "extra"' });
        });
        it("--help, and its text names every scenario", () => {
            assert.deepEqual(parseBenchArgs(["--help"]), { help: true });
            for (const s of SCENARIO_ORDER) assert.match(BENCH_USAGE, new RegExp(`^    ${s} `, "m"));
        });
    });

    it("median is the lower middle of an even count (a measured figure); spread gives min and max", () => {
        assert.equal(median([3, 1, 2]), 2);
        assert.equal(median([4, 1, 3, 2]), 2);
        assert.ok(Number.isNaN(median([])));
        assert.deepEqual(spread([5, 1, 9, 3, 7]), { median: 5, min: 1, max: 9 });
    });

    it("summary line and goal verdicts", () => {
        assert.equal(summaryLine("first-up", [40, 38, 42], [60, 62, 58]), "first-up: lab 40.0 s, script 60.0 s, ratio 0.67");
        assert.equal(goalVerdict("first-up", [40], [60]), "goal ratio <= 0.80: met (0.67)");
        assert.equal(goalVerdict("re-up", [40], [60]), "goal ratio <= 0.60: NOT met (0.67)");
        assert.equal(goalVerdict("no-op", [5.4], [60]), "goal lab <= 5 s: NOT met (5.4 s)");
        assert.equal(goalVerdict("offline", [40], [60]), undefined);
    });

    it("scriptTimeline: steps one after another; sim-* steps left out of the timeline and summed apart", () => {
        const out = "step kind-create 20000\nstep sim-registry 500\nstep helm-install 8000\nnoise\nstep probes 1500\n";
        const { timeline, simulation } = scriptTimeline(out);
        assert.equal(simulation, 0.5);
        assert.deepEqual(timeline, [
            ["kind-create", 0, 20],
            ["helm-install", 20.5, 28.5],
            ["probes", 28.5, 30],
        ]);
    });

    it("progressTimeline: a resource from its -ing line to its -ed line, by arrival; components and the stack left out", () => {
        const lines = [
            { at: 100, text: " +  pulumi:pulumi:Stack kind-pause-lab-bench creating (0s) " },
            { at: 200, text: " +  kind-pause-lab:kind:KindCluster kind creating (0s) " },
            { at: 300, text: " +  command:local:Command kind-cluster creating (0s) " },
            { at: 350, text: " +  docker:index:RemoteImage preload-nginx creating (0s) " },
            { at: 4000, text: " +  docker:index:RemoteImage preload-nginx created (3s) " },
            { at: 22300, text: " +  command:local:Command kind-cluster created (22s) " },
            { at: 22400, text: " ++ command:local:Command ns-myweb-probe creating replacement (0s) [diff: ~triggers]" },
            { at: 24400, text: " ++ command:local:Command ns-myweb-probe created replacement (2s) [diff: ~triggers]" },
            { at: 24500, text: "@ updating...." },
            { at: 25000, text: " +  kind-pause-lab:kind:KindCluster kind created (25s) " },
        ];
        assert.deepEqual(progressTimeline(lines), [
            ["kind-cluster", 0.3, 22.3],
            ["preload-nginx", 0.35, 4],
            ["ns-myweb-probe", 22.4, 24.4],
        ]);
    });

    it("programStart: the first RegisterResource that is not the stack or a provider, from the spawn", () => {
        const at = (t: string, msg: string) => JSON.stringify({ time: t, level: "INFO", msg, v: 5 });
        const log = [
            at("2026-12-07T09:00:00.100000000Z", "OTLP receiver started"),
            "not json RegisterResource received: t=x:y:Z",
            at("2026-12-07T09:00:00.700000000Z", "ResourceMonitor.RegisterResource received: t=pulumi:pulumi:Stack, name=kind-pause-lab-b"),
            at("2026-12-07T09:00:00.800000000Z", "ResourceMonitor.RegisterResource received: t=pulumi:providers:kubernetes, name=default"),
            at("2026-12-07T09:00:01.250000000Z", "ResourceMonitor.RegisterResource received: t=kind-pause-lab:kind:KindCluster, name=kind"),
            at("2026-12-07T09:00:01.300000000Z", "ResourceMonitor.RegisterResource received: t=command:local:Command, name=x"),
        ].join("\n");
        assert.equal(programStart(log, Date.parse("2026-12-07T09:00:00.000Z")), 1.25);
        assert.equal(programStart(log.split("\n").slice(0, 4).join("\n"), 0), undefined);
    });
});
