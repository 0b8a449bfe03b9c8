// The figures of `npm run bench:up` and what they are read from: its command line, the baseline script's step lines,
// the Pulumi CLI's progress lines and its log. Pure: no process, no clock (bench/up.ts passes the times in).
import { parseCommandLine } from "../../cli/args";

export const SCENARIOS = {
    "first-up":
        "first up on a fresh machine: no lab image cached on the host or in a node; both sides pull through the Docker Hub stand-in",
    "re-up": "re-up after destroy: the host's image cache warm (the lab loads from it); the script's fresh nodes pull again",
    "one-change":
        "add the sharedPid experiment to a running lab: the lab's update against the whole script again (kind delete, then the script), and beside it the one kubectl apply + wait + probe a careful user types",
    "no-op":
        "a second lab up with nothing changed, against the script again; then the program's start (Pulumi CLI to the first lab resource registered)",
    offline:
        "first up offline, every image already local (the lab loads them, the script kind-loads them): the first figure of this bench, with its timeline",
} as const;
export type Scenario = keyof typeof SCENARIOS;
/** The order they run in (and are summed up in). */
export const SCENARIO_ORDER: Scenario[] = ["first-up", "re-up", "one-change", "no-op", "offline"];

/** Goals (issue 22): a ratio lab/script at most this, or (no-op) the lab's median at most this many seconds. */
export const GOALS: Record<Scenario, { ratio?: number; labSeconds?: number }> = {
    "first-up": { ratio: 0.8 },
    "re-up": { ratio: 0.6 },
    "one-change": { ratio: 0.25 },
    "no-op": { labSeconds: 5 },
    offline: {},
};
export const PROGRAM_START_GOAL_SECONDS = 1.0;

export interface BenchOptions {
    scenarios: Scenario[];
    runs: number;
    /** The stand-in's cap, as registry.sh takes it: N[k|m|g]bit, or 0 for none. */
    bandwidth: string;
}

export const BENCH_USAGE = [
    "usage: npm run bench:up -- [--scenario NAME[,NAME...]] [--runs N] [--bandwidth RATE]",
    "  Runs the lab's `lab up` and a plain script of the seed's steps (scripts/bench/lab-script.sh) alternately, N times each",
    "  (default 5), and prints medians, min, max and the ratio lab/script per scenario, then one summary line each.",
    "  --bandwidth: the Docker Hub stand-in's cap (scripts/bench/registry; default 100mbit; 0 = none).",
    "  Scenarios (default: all, in this order):",
    ...SCENARIO_ORDER.map((s) => `    ${s.padEnd(11)} ${SCENARIOS[s]}`),
    "  Needs root, npm run setup:test, and for every scenario but offline the whole engine on PATH (the Node.js language",
    "  host, the command and docker providers: ../shared/notes/whole-engine.md); without it those scenarios are skipped.",
].join("\n");

export function parseBenchArgs(argv: string[]): BenchOptions | { help: true } | { error: string } {
    const parsed = parseCommandLine(
        argv,
        { scenario: { type: "string" }, runs: { type: "string" }, bandwidth: { type: "string" }, help: { type: "boolean", short: "h" } },
        false,
    );
    if ("error" in parsed) return parsed;
    const { values } = parsed;
    if (values.help) return { help: true };
    const names = values.scenario === undefined ? SCENARIO_ORDER : values.scenario.split(",");
    const unknown = names.filter((n) => !(n in SCENARIOS));
    if (unknown.length > 0) return { error: `unknown scenario ${unknown.join(", ")} (expected: ${SCENARIO_ORDER.join(", ")})` };
    const runs = values.runs ?? "5";
    if (!/^[1-9]\d?$/.test(runs)) return { error: `--runs ${JSON.stringify(runs)} is not a number of runs (1..99)` };
    const bandwidth = values.bandwidth ?? "100mbit";
    if (!/^(0|[1-9]\d*(\.\d+)?[kmg]bit)$/.test(bandwidth))
        return { error: `--bandwidth ${JSON.stringify(bandwidth)}: expected N[k|m|g]bit or 0` };
    return { scenarios: SCENARIO_ORDER.filter((s) => names.includes(s)), runs: Number(runs), bandwidth };
}

/** The lower median (of an even count, the smaller middle value: a figure that was measured). */
export function median(xs: readonly number[]): number {
    if (xs.length === 0) return NaN;
    return [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
}

export interface Spread {
    median: number;
    min: number;
    max: number;
}
export function spread(xs: readonly number[]): Spread {
    return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

/** `SCENARIO: lab MEDIAN s, script MEDIAN s, ratio R`: the line the issue asks for, one per scenario. */
export function summaryLine(scenario: Scenario, lab: readonly number[], script: readonly number[]): string {
    const l = median(lab);
    const s = median(script);
    return `${scenario}: lab ${l.toFixed(1)} s, script ${s.toFixed(1)} s, ratio ${(l / s).toFixed(2)}`;
}

/** Whether the medians meet the scenario's goal, in words. */
export function goalVerdict(scenario: Scenario, lab: readonly number[], script: readonly number[]): string | undefined {
    const goal = GOALS[scenario];
    if (goal.ratio !== undefined) {
        const r = median(lab) / median(script);
        return `goal ratio <= ${goal.ratio.toFixed(2)}: ${r <= goal.ratio ? "met" : "NOT met"} (${r.toFixed(2)})`;
    }
    if (goal.labSeconds !== undefined) {
        const l = median(lab);
        return `goal lab <= ${goal.labSeconds} s: ${l <= goal.labSeconds ? "met" : "NOT met"} (${l.toFixed(1)} s)`;
    }
    return undefined;
}

/** A timeline: [what, start, end] in seconds from the start of the run. */
export type Timeline = Array<[string, number, number]>;

/**
 * lab-script.sh's "step NAME MS" lines as a timeline (the steps run one after another). `sim-*` steps are the
 * simulation's own work: left out of the timeline and returned apart, so the caller can take them off the total.
 */
export function scriptTimeline(stdout: string): { timeline: Timeline; simulation: number } {
    const timeline: Timeline = [];
    let at = 0;
    let simulation = 0;
    for (const line of stdout.split("\n")) {
        const m = /^step (\S+) (\d+)$/.exec(line.trim());
        if (!m) continue;
        const s = Number(m[2]) / 1000;
        if (m[1].startsWith("sim-")) simulation += s;
        else timeline.push([m[1], at, at + s]);
        at += s;
    }
    return { timeline, simulation };
}

/**
 * The Pulumi CLI's non-interactive progress (`lab up` streams it): per resource, from the line that says it started
 * (creating, updating, replacing, deleting) to the one that says it ended, by when each line arrived (ms from the
 * start of the run); the CLI's own "(Ns)" is whole seconds. Components and the stack are groupings: left out.
 */
export function progressTimeline(lines: ReadonlyArray<{ at: number; text: string }>): Timeline {
    const started = new Map<string, number>();
    const out: Timeline = [];
    const verbs = /^(creating|updating|replacing|deleting|reading|created|updated|replaced|deleted|read)\b/;
    for (const { at, text } of lines) {
        // e.g. " +  command:local:Command kind-cluster created (21s) "; "++" / "+-" for replacements
        const m = /^\s*(?:\+\+|\+-|-\+|--|\+|~|-)?\s*([A-Za-z0-9_.-]+:[A-Za-z0-9_.$/-]*:[A-Za-z0-9_.$/-]+)\s+(\S+)\s+(\S+)/.exec(text);
        if (!m || !verbs.test(m[3])) continue;
        const [, type, name, verb] = m;
        if (type === "pulumi:pulumi:Stack" || type.startsWith("kind-pause-lab:") || type.startsWith("pulumi:providers:")) continue;
        const key = `${type} ${name}`;
        if (/ing$/.test(verb)) {
            if (!started.has(key)) started.set(key, at);
        } else if (started.has(key)) {
            out.push([name, started.get(key)! / 1000, at / 1000]);
            started.delete(key);
        }
    }
    return out.sort((a, b) => a[1] - b[1]);
}

/**
 * The program's start from the Pulumi CLI's log (`--logtostderr -v=5`, one JSON object per line with an RFC 3339
 * "time"): seconds from `spawnedAtMs` (epoch ms) to the first RegisterResource of anything but the stack itself and
 * the providers; undefined when the log names none.
 */
export function programStart(log: string, spawnedAtMs: number): number | undefined {
    for (const line of log.split("\n")) {
        if (!line.includes("RegisterResource received: t=")) continue;
        let entry: { time?: string; msg?: string };
        try {
            entry = JSON.parse(line) as { time?: string; msg?: string };
        } catch {
            continue;
        }
        const type = /RegisterResource received: t=([^,]+)/.exec(entry.msg ?? "")?.[1];
        if (!type || type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:") || !entry.time) continue;
        const at = Date.parse(entry.time);
        if (Number.isNaN(at)) continue;
        // Date.parse keeps milliseconds; the log's nanoseconds beyond them do not matter at this scale
        return (at - spawnedAtMs) / 1000;
    }
    return undefined;
}
