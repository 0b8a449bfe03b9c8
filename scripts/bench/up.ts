// `npm run bench:up`: the lab's `up` against the obvious alternative, a plain bash script doing the seed's steps one
// after another (scripts/bench/lab-script.sh), on the offline kind cluster (scripts/kind), same machine, same kind
// config, node image, chart and images, alternating runs. Prints figures; it is not a test.
//   lab = `pulumi up` of the real index.ts through the Automation API where the whole engine is on PATH (Node.js
//         language host, command and docker providers); otherwise the closest path that runs here, named as such: the
//         stack's own host scripts in its dependency order plus KubeOpsView and LabPods through the real engine.
// Each run starts from no cluster and ends with the lab's destroy / the script's `kind delete cluster`.
//   npm run bench:up [-- --runs N]        (root; after npm run setup:test; builds helm for the baseline once)
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EngineEvent, LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import * as YAML from "yaml";
import { LabConfig } from "../../lab/configSchema";
import { imageLoadScript, kindCreateScript, kindDeleteScript, kindKubeconfigScript, nodeFactsScript } from "../../host/commands";
import { kindNodeNames, labClusterConfig, renderKindConfig } from "../../lab/kindConfig";
import { labPodManifests, podImages } from "../../lab/pods";
import type { PodFacts } from "../../lab/stackOutputs";
import { inlineStack, sandbox, Sandbox } from "../../test/engine/engine";
import {
    kindEnv,
    labConfigForOfflineKind,
    offlineLabProgram,
    probePod,
    REPO_ROOT,
    runHostScript,
    useLabDaemon,
} from "../../test/kind/cluster";
import { which } from "../../test/support/which";

interface Run {
    up: number;
    down: number;
    /** name → [start, end] seconds from the start of `up` */
    timeline: Array<[string, number, number]>;
}

const seconds = (ms: number) => ms / 1000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const fmt = (x: number) => x.toFixed(1).padStart(6);

function parseRuns(argv: string[]): number {
    if (argv.length === 0) return 3;
    if (argv.length === 2 && argv[0] === "--runs" && /^[1-9]\d?$/.test(argv[1])) return Number(argv[1]);
    throw new Error(`usage: up.ts [--runs N] (N = 1..99); got ${JSON.stringify(argv.join(" "))}`);
}

function check(r: { status: number | null; stderr: string }, what: string): void {
    if (r.status !== 0) throw new Error(`${what} exited ${r.status}: ${r.stderr.trim()}`);
}

/** The baseline: lab-script.sh up, then down; its "step NAME MS" lines make its timeline. */
function scriptRun(env: NodeJS.ProcessEnv, files: Record<string, string>): Run {
    const run = (verb: string) => {
        const start = Date.now();
        const r = spawnSync("bash", ["scripts/bench/lab-script.sh", verb], { cwd: REPO_ROOT, env: { ...env, ...files }, encoding: "utf8" });
        check(r, `lab-script.sh ${verb}`);
        return {
            ms: Date.now() - start,
            steps: r.stdout
                .trim()
                .split("\n")
                .map((l) => l.split(" ")),
        };
    };
    const up = run("up");
    const timeline: Run["timeline"] = [];
    let at = 0;
    for (const [, name, ms] of up.steps) {
        timeline.push([name, at, at + seconds(Number(ms))]);
        at += seconds(Number(ms));
    }
    return { up: seconds(up.ms), down: seconds(run("down").ms), timeline };
}

/** An engine event and when it arrived (ms): the events' own timestamps are whole seconds; they arrive within 0.2 s. */
type TimedEvent = { e: EngineEvent; at: number };

/** Per-resource [start, end] from the engine's events (resourcePre → resOutputs), seconds from `t0` (ms). */
function eventTimeline(events: TimedEvent[], t0: number): Run["timeline"] {
    const started = new Map<string, number>();
    const out: Run["timeline"] = [];
    for (const { e, at } of events) {
        const urn = e.resourcePreEvent?.metadata.urn ?? e.resOutputsEvent?.metadata.urn;
        if (!urn) continue;
        // URN type token: parent types joined with "$", the resource's own last; components are only groupings
        const type = (urn.split("::")[2] ?? "").split("$").pop() ?? "";
        if (/^pulumi:pulumi:Stack$|^kind-pause-lab:/.test(type)) continue;
        const name = urn.split("::").pop()!;
        if (e.resourcePreEvent) started.set(urn, at);
        if (e.resOutputsEvent && started.has(urn)) out.push([name, seconds(started.get(urn)! - t0), seconds(at - t0)]);
    }
    return out;
}

/** The whole program through the Automation API (only where the language host and every provider exist). */
async function programRun(env: NodeJS.ProcessEnv, config: LabConfig, stateDir: string): Promise<Run> {
    const stackName = `bench-${process.pid}`;
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName, workDir: REPO_ROOT },
        { envVars: { ...(env as Record<string, string>), PULUMI_BACKEND_URL: `file://${stateDir}`, PULUMI_CONFIG_PASSPHRASE: "" } },
    );
    try {
        await stack.setAllConfig({
            "kind-pause-lab:nodeImage": { value: config.nodeImage! },
            "kind-pause-lab:kubeOpsViewChartPath": { value: config.kubeOpsView.chartPath! },
        });
        const events: TimedEvent[] = [];
        const t0 = Date.now();
        await stack.up({ onEvent: (e) => events.push({ e, at: Date.now() }) });
        const up = seconds(Date.now() - t0);
        const d0 = Date.now();
        await stack.destroy();
        return { up, down: seconds(Date.now() - d0), timeline: eventTimeline(events, t0) };
    } finally {
        await stack.workspace.removeStack(stackName).catch(() => undefined);
        fs.rmSync(path.join(REPO_ROOT, `Pulumi.${stackName}.yaml`), { force: true });
    }
}

/**
 * Where the command provider is missing: the stack's own host scripts in its dependency order (create; kubeconfig and
 * node facts side by side; the image load), KubeOpsView and LabPods through the real engine, the
 * probes side by side, then destroy and the stack's delete script.
 */
async function scriptsAndEngineRun(env: NodeJS.ProcessEnv, config: LabConfig, sb: Sandbox, n: number): Promise<Run> {
    const timeline: Run["timeline"] = [];
    const t0 = Date.now();
    const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
        const s = seconds(Date.now() - t0);
        const v = await fn();
        timeline.push([name, s, seconds(Date.now() - t0)]);
        return v;
    };
    const ok = async (name: string, script: string, stdin = "") =>
        step(name, async () => {
            const r = await runHostScript(script, env, stdin);
            check(r, name);
            return r.stdout;
        });
    const clusterConfig = labClusterConfig(config.workerPortMappings);
    const worker = kindNodeNames(config.clusterName, clusterConfig).find((x) => x.role === "worker")!.name;
    const create = kindCreateScript({
        clusterName: config.clusterName,
        waitTimeout: config.clusterWaitTimeout,
        nodeImage: config.nodeImage,
        hostPorts: config.workerPortMappings,
    });
    await ok("kind-cluster", create, renderKindConfig(clusterConfig));
    const [kubeconfig] = await Promise.all([
        ok("kind-kubeconfig", kindKubeconfigScript(config.clusterName)),
        ok("kind-nodes", nodeFactsScript(config.clusterName)),
    ]);
    const manifests = labPodManifests(config.experiments, true);
    await ok("preload-load", imageLoadScript({ images: podImages(manifests), nodes: [worker] }));
    let stack: Stack | undefined;
    const events: TimedEvent[] = [];
    const up = await step("engine up (release + pods)", async () => {
        stack = await inlineStack(
            sb,
            { projectName: "kind-pause-lab", stackName: `bench${n}` },
            offlineLabProgram(kubeconfig, config, manifests),
        );
        return stack.up({ onEvent: (e) => events.push({ e, at: Date.now() }) });
    });
    for (const [name, s, e] of eventTimeline(events, t0)) timeline.push([`  ${name}`, s, e]);
    const pods = up.outputs.pods.value as Record<string, PodFacts>;
    await Promise.all(
        Object.entries(pods).map(([name, facts]) =>
            step(`probe-${name}`, async () => {
                if (!(await probePod(env, name, facts)).report.consistent) throw new Error(`probe of ${name}: inconsistent report`);
            }),
        ),
    );
    const upSeconds = seconds(Date.now() - t0);
    const d0 = Date.now();
    await stack!.destroy();
    check(await runHostScript(kindDeleteScript(config.clusterName), env), "kind delete");
    return { up: upSeconds, down: seconds(Date.now() - d0), timeline };
}

async function main(): Promise<void> {
    const runs = parseRuns(process.argv.slice(2));
    if (process.getuid?.() !== 0) throw new Error("run as root (it starts the lab's Docker daemon)");
    const helm = spawnSync("bash", ["scripts/kind/build-binaries.sh", "helm"], { cwd: REPO_ROOT, encoding: "utf8" });
    check(helm, "building helm for the baseline (scripts/kind/build-binaries.sh helm)");
    const daemon = useLabDaemon();
    const sb = sandbox("bench-up");
    let env: NodeJS.ProcessEnv | undefined;
    let config: LabConfig | undefined;
    try {
        env = { ...process.env, ...kindEnv() };
        env.PATH = `${env.KPL_KIND_BIN}:${env.PATH}`; // helm
        config = await labConfigForOfflineKind(sb);
        const dirs = (env.PATH ?? "").split(":");
        const missing = ["pulumi-language-nodejs", "pulumi-resource-command", "pulumi-resource-docker"].filter((b) => !which(b, dirs));
        const mode = missing.length === 0 ? "program" : "scripts+engine";
        console.log(
            mode === "program"
                ? "lab: `pulumi up` of index.ts through the Automation API (language host, command and docker providers on PATH)"
                : `lab: the closest path that runs here (missing ${missing.join(", ")}): the stack's host scripts in its dependency order + KubeOpsView and LabPods through the real engine`,
        );
        const work = fs.mkdtempSync(path.join(os.tmpdir(), "kpl-bench-up-"));
        const clusterConfig = labClusterConfig(config.workerPortMappings);
        const files = {
            CLUSTER: config.clusterName,
            NODE_IMAGE: config.nodeImage ?? "",
            KIND_CONFIG: path.join(work, "kind.yaml"),
            CHART: config.kubeOpsView.chartPath ?? `${config.kubeOpsView.chartRepo}${config.kubeOpsView.chart}`,
            NAMESPACE: config.kubeOpsView.namespace,
            NODE_PORT: String(config.kubeOpsView.nodePort),
            TZ_VALUE: config.kubeOpsView.timeZone,
            PODS_YAML: path.join(work, "pods.yaml"),
            IMAGES: podImages(labPodManifests(config.experiments, true)).join(" "),
            WORKER: kindNodeNames(config.clusterName, clusterConfig).find((x) => x.role === "worker")!.name,
            BENCH_LOG: path.join(work, "script.log"),
        };
        fs.writeFileSync(files.KIND_CONFIG, renderKindConfig(clusterConfig));
        fs.writeFileSync(
            files.PODS_YAML,
            labPodManifests(config.experiments, true)
                .map((m) => YAML.stringify({ apiVersion: "v1", kind: "Pod", ...m }))
                .join("---\n"),
        );
        const results: Record<"script" | "lab", Run[]> = { script: [], lab: [] };
        for (let i = 0; i < runs; i++) {
            const order: Array<"script" | "lab"> = i % 2 === 0 ? ["script", "lab"] : ["lab", "script"];
            for (const who of order) {
                const r =
                    who === "script"
                        ? scriptRun(env, files)
                        : mode === "program"
                          ? await programRun(env, config, sb.stateDir)
                          : await scriptsAndEngineRun(env, config, sb, i);
                results[who].push(r);
                console.log(
                    `run ${i + 1} ${who.padEnd(6)} up ${fmt(r.up)} s   ${who === "lab" ? "destroy" : "kind delete"} ${fmt(r.down)} s`,
                );
            }
        }
        const row = (label: string, xs: number[]) =>
            console.log(`${label.padEnd(22)} ${fmt(median(xs))} ${fmt(Math.min(...xs))} ${fmt(Math.max(...xs))}`);
        console.log(`\n${"".padEnd(22)} median    min    max   (seconds, ${runs} runs each, alternating)`);
        row(
            "script up",
            results.script.map((r) => r.up),
        );
        row(
            "lab up",
            results.lab.map((r) => r.up),
        );
        row(
            "script kind delete",
            results.script.map((r) => r.down),
        );
        row(
            "lab destroy",
            results.lab.map((r) => r.down),
        );
        const ratio = median(results.lab.map((r) => r.up)) / median(results.script.map((r) => r.up));
        console.log(`ratio lab/script (median up): ${ratio.toFixed(2)}  (goal <= 0.80: ${ratio <= 0.8 ? "met" : "NOT met"})`);
        // Both sides wait for the same `kind create`: what each spends around it is where they can differ.
        console.log(`\n${"".padEnd(22)} script    lab   (medians, seconds)`);
        const phases = (r: Run) => {
            const create = r.timeline.find(([name]) => name === "kind-create" || name === "kind-cluster");
            return create ? [create[1], create[2] - create[1], r.up - create[2]] : [NaN, NaN, NaN];
        };
        ["before kind create", "kind create", "after kind create"].forEach((label, i) =>
            console.log(
                `${label.padEnd(22)} ${fmt(median(results.script.map((r) => phases(r)[i])))} ${fmt(median(results.lab.map((r) => phases(r)[i])))}`,
            ),
        );
        for (const who of ["script", "lab"] as const) {
            console.log(`\ntimeline of the last ${who} run (seconds from the start of up):`);
            for (const [name, s, e] of results[who][results[who].length - 1].timeline) {
                console.log(`  ${fmt(s)} ${fmt(e)} ${fmt(e - s)}  ${name}`);
            }
        }
        fs.rmSync(work, { recursive: true, force: true });
    } finally {
        // a run that failed half-way leaves its cluster: the stack's delete script (kind succeeds when there is none)
        if (env && config) spawnSync("bash", ["-c", kindDeleteScript(config.clusterName)], { cwd: REPO_ROOT, env, stdio: "ignore" });
        daemon.stop();
        sb.cleanup();
    }
}

main().catch((error: unknown) => {
    console.error(`bench:up: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
});
