// `npm run bench:up`: the lab's `up` against the obvious alternative, a plain bash script doing the seed's steps one
// after another (scripts/bench/lab-script.sh), on the offline kind cluster (scripts/kind), same machine, same kind
// config, node image, chart and images, alternating runs, in the scenarios users meet (figures.ts: SCENARIOS; `--help`
// lists them). Prints figures and one summary line per scenario; it is not a test.
//   Online scenarios (first-up, re-up, one-change, no-op): images come from a stand-in for Docker Hub on this machine
//   (scripts/bench/registry: the real images' compressed sizes, a capped bandwidth), the lab's host pulls through it as
//   the Docker daemon's registry mirror, the script's nodes through a hosts.toml for docker.io (kind's local-registry
//   guide; written after kind create, not counted). Both sides use the lab's kind config and the bare node image
//   (node-image.sh --bare: no chart image baked in, like kindest/node; its containerd reads hosts.toml unpatched).
//   lab = the user's command, `npm run --silent lab -- up` (preflight, the policy pack, the real index.ts), on a stack
//   of its own; these scenarios need the whole engine on PATH and are skipped, with one line, without it.
//   offline: every image already local; lab = `pulumi up` of index.ts through the Automation API where the whole engine
//   is on PATH, otherwise the closest path that runs here, named as such (the stack's host scripts in its dependency
//   order plus KubeOpsView and LabPods through the real engine).
//   npm run bench:up [-- --scenario NAME[,NAME] --runs N --bandwidth RATE]   (root; after npm run setup:test)
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EngineEvent, LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import * as YAML from "yaml";
import { COMPILE_CACHE_DIR } from "../../cli/lab";
import { LabConfig } from "../../lab/configSchema";
import { PINNED_KUBE_OPS_VIEW_CHART } from "../../lab/kubeOpsViewImage";
import { imageLoadScript, kindCreateScript, kindDeleteScript, kindKubeconfigScript, nodeFactsScript } from "../../host/commands";
import { kindNodeNames, labClusterConfig, renderKindConfig } from "../../lab/kindConfig";
import { labPodManifests, PodManifest, podImages } from "../../lab/pods";
import type { PodFacts } from "../../lab/stackOutputs";
import { inlineStack, sandbox, Sandbox } from "../../test/engine/engine";
import {
    kindEnv,
    labConfigForOfflineKind,
    offlineLabProgram,
    probePod,
    REPO_ROOT,
    runHostScript,
    STANDIN_CHART,
    useLabDaemon,
} from "../../test/kind/cluster";
import { which } from "../../test/support/which";
import {
    BENCH_USAGE,
    goalVerdict,
    median,
    parseBenchArgs,
    programStart,
    progressTimeline,
    PROGRAM_START_GOAL_SECONDS,
    Scenario,
    SCENARIOS,
    scriptTimeline,
    spread,
    summaryLine,
    Timeline,
} from "./figures";

interface Run {
    up: number;
    down: number;
    /** [what, start, end] seconds from the start of `up` */
    timeline: Timeline;
}

const seconds = (ms: number) => ms / 1000;
const fmt = (x: number) => x.toFixed(1).padStart(6);
const REGISTRY_SH = path.join("scripts", "bench", "registry", "registry.sh");
const LAB_SCRIPT = path.join("scripts", "bench", "lab-script.sh");

function check(r: { status: number | null; stderr: string }, what: string): void {
    if (r.status !== 0) throw new Error(`${what} exited ${r.status}: ${r.stderr.trim().split("\n").slice(-15).join("\n")}`);
}

/** lab-script.sh VERB; its step lines, and the seconds the user would wait (the sim-* steps taken off). */
function scriptVerb(verb: string, env: NodeJS.ProcessEnv, files: Record<string, string>): { seconds: number; timeline: Timeline } {
    const start = Date.now();
    const r = spawnSync("bash", [LAB_SCRIPT, verb], { cwd: REPO_ROOT, env: { ...env, ...files }, encoding: "utf8" });
    check(r, `lab-script.sh ${verb}`);
    const { timeline, simulation } = scriptTimeline(r.stdout);
    return { seconds: seconds(Date.now() - start) - simulation, timeline };
}

/** The baseline: lab-script.sh up, then down; its "step NAME MS" lines make its timeline. */
function scriptRun(env: NodeJS.ProcessEnv, files: Record<string, string>): Run {
    const up = scriptVerb("up", env, files);
    return { up: up.seconds, down: scriptVerb("down", env, files).seconds, timeline: up.timeline };
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

// ---- the online scenarios -------------------------------------------------------------------------------------------

/** What the online scenarios share: the Docker Hub stand-in, the lab's stack, the script's files. */
interface Online {
    env: NodeJS.ProcessEnv;
    /** The references the stand-in serves (images.txt): what a fresh machine has none of. */
    hubImages: string[];
    stack: Stack;
    stackName: string;
    backend: string;
    /** lab-script.sh's environment: the bare node image, the lab's kind config, pods whose images the nodes pull. */
    script: Record<string, string>;
    /** The same with the sharedPid variant in the pods (the script a user edits and runs again). */
    scriptChanged: Record<string, string>;
}

/** registry.sh VERB ... (the stand-in), synchronously; its stdout. */
function registry(env: NodeJS.ProcessEnv, ...args: string[]): string {
    const r = spawnSync("bash", [REGISTRY_SH, ...args], { cwd: REPO_ROOT, env, encoding: "utf8" });
    check(r, `registry.sh ${args[0]}`);
    return r.stdout;
}

function docker(env: NodeJS.ProcessEnv, ...args: string[]): string {
    const r = spawnSync("docker", args, { cwd: REPO_ROOT, env, encoding: "utf8" });
    check(r, `docker ${args.slice(0, 2).join(" ")}`);
    return r.stdout;
}

/** A fresh machine's host: none of the stand-in's images in the lab's Docker daemon. */
function forgetHostImages(o: Online): void {
    const present = o.hubImages.filter(
        (ref) => spawnSync("docker", ["image", "inspect", ref], { env: o.env, stdio: "ignore" }).status === 0,
    );
    if (present.length > 0) docker(o.env, "image", "rm", "-f", ...present);
    docker(o.env, "image", "prune", "-f");
}

/** `npm run --silent lab -- VERB` on the bench's stack, every stdout line timed (ms from the start). */
function labCli(o: Online, verb: string): Promise<{ ms: number; lines: Array<{ at: number; text: string }> }> {
    const args = ["run", "--silent", "lab", "--", verb, "--stack", o.stackName, "--backend", o.backend];
    return new Promise((resolve, reject) => {
        const t0 = Date.now();
        const child = spawn("npm", args, {
            cwd: REPO_ROOT,
            env: { ...o.env, PULUMI_CONFIG_PASSPHRASE: "" },
            stdio: ["ignore", "pipe", "pipe"],
        });
        const lines: Array<{ at: number; text: string }> = [];
        let partial = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (text: string) => {
            const at = Date.now() - t0;
            const parts = (partial + text).split("\n");
            partial = parts.pop() ?? "";
            for (const line of parts) lines.push({ at, text: line });
        });
        child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
        child.on("error", reject);
        child.on("close", (code) => {
            const ms = Date.now() - t0;
            if (partial) lines.push({ at: ms, text: partial });
            if (code === 0) resolve({ ms, lines });
            else {
                const tail = [...lines.map((l) => l.text), ...stderr.split("\n")]
                    .filter((l) => l.trim())
                    .slice(-20)
                    .join("\n");
                reject(new Error(`lab ${verb} exited ${code}:\n${tail}`));
            }
        });
    });
}

async function labUp(o: Online): Promise<{ seconds: number; timeline: Timeline }> {
    const r = await labCli(o, "up");
    return { seconds: seconds(r.ms), timeline: progressTimeline(r.lines) };
}

async function labDestroy(o: Online): Promise<number> {
    return seconds((await labCli(o, "destroy")).ms);
}

/** What one scenario measured: per side the timed figure of each run, and the last run's timeline. */
interface Measured {
    lab: number[];
    script: number[];
    /** more rows: label → figures */
    rows: Array<[string, number[]]>;
    timelines: { lab?: Timeline; script?: Timeline };
    notes: string[];
}
const measured = (): Measured => ({ lab: [], script: [], rows: [], timelines: {}, notes: [] });

/** first-up (`fresh`: no image on the host before each run) or re-up (the host's cache warm). */
async function upScenario(o: Online, runs: number, fresh: boolean): Promise<Measured> {
    const m = measured();
    const destroys: number[] = [];
    const deletes: number[] = [];
    if (!fresh) {
        // warm: what a first `lab up` leaves on the host (keepLocally), pulled through the stand-in once
        for (const ref of o.hubImages) docker(o.env, "pull", "-q", ref);
    }
    for (let i = 0; i < runs; i++) {
        for (const who of i % 2 === 0 ? (["script", "lab"] as const) : (["lab", "script"] as const)) {
            if (fresh) forgetHostImages(o);
            if (who === "lab") {
                const up = await labUp(o);
                m.lab.push(up.seconds);
                m.timelines.lab = up.timeline;
                destroys.push(await labDestroy(o));
            } else {
                const up = scriptVerb("up", o.env, o.script);
                m.script.push(up.seconds);
                m.timelines.script = up.timeline;
                deletes.push(scriptVerb("down", o.env, o.script).seconds);
            }
            console.log(`  run ${i + 1} ${who.padEnd(6)} up ${fmt(who === "lab" ? m.lab.at(-1)! : m.script.at(-1)!)} s`);
        }
    }
    m.rows.push(["lab destroy", destroys], ["script kind delete", deletes]);
    return m;
}

/**
 * one-change and no-op share a running lab. Per run, the lab: up (not timed), [no-op: up again, timed], [one-change:
 * sharedPid added, up, timed], destroy; the script: up (not timed), [one-change: the careful user's kubectl apply +
 * wait + probe of the new pod, timed, then deleted], [no-op: the script again, kind delete + up, timed], [one-change:
 * the script with the new pod again, kind delete + up, timed], kind delete.
 */
async function runningLabScenarios(
    o: Online,
    runs: number,
    want: { noop: boolean; change: boolean },
): Promise<Partial<Record<Scenario, Measured>>> {
    const noop = measured();
    const change = measured();
    const careful: number[] = [];
    const starts: number[] = [];
    const startsNoPolicy: number[] = [];
    for (let i = 0; i < runs; i++) {
        for (const who of i % 2 === 0 ? (["script", "lab"] as const) : (["lab", "script"] as const)) {
            if (who === "lab") {
                await labUp(o);
                if (want.noop) {
                    const again = await labUp(o);
                    noop.lab.push(again.seconds);
                    noop.timelines.lab = again.timeline;
                    if (i === runs - 1) {
                        for (let k = 0; k < 5; k++) {
                            starts.push(measureProgramStart(o, true));
                            startsNoPolicy.push(measureProgramStart(o, false));
                        }
                    }
                }
                if (want.change) {
                    await o.stack.setConfig("kind-pause-lab:experiments[0]", { value: "sharedPid" }, true);
                    try {
                        const changed = await labUp(o);
                        change.lab.push(changed.seconds);
                        change.timelines.lab = changed.timeline;
                    } finally {
                        await o.stack.removeConfig("kind-pause-lab:experiments");
                    }
                }
                await labDestroy(o);
            } else {
                scriptVerb("up", o.env, o.script);
                if (want.change) {
                    const typed = scriptVerb("change", o.env, o.scriptChanged);
                    careful.push(typed.seconds);
                    scriptVerb("unchange", o.env, o.scriptChanged);
                }
                if (want.noop) scriptAgain(o.env, o.script, noop);
                if (want.change) scriptAgain(o.env, o.scriptChanged, change);
                scriptVerb("down", o.env, o.script);
            }
            const figures = [
                ...(want.noop ? [`no-op ${fmt(who === "lab" ? noop.lab.at(-1)! : noop.script.at(-1)!)} s`] : []),
                ...(want.change ? [`one-change ${fmt(who === "lab" ? change.lab.at(-1)! : change.script.at(-1)!)} s`] : []),
                ...(want.change && who === "script" ? [`careful kubectl ${fmt(careful.at(-1)!)} s`] : []),
            ];
            console.log(`  run ${i + 1} ${who.padEnd(6)} ${figures.join("   ")}`);
        }
    }
    change.rows.push(["careful user: kubectl apply + wait + probe", careful]);
    if (starts.length > 0) {
        // lab up leaves the pack out while the program, the pack and the config are those it passed on
        // (cli/policyVerdict.ts)
        noop.rows.push(
            ["program start, lab up (the policy pack's pass kept)", startsNoPolicy],
            ["program start, with the policy pack (a change)", starts],
        );
    }
    return { ...(want.noop ? { "no-op": noop } : {}), ...(want.change ? { "one-change": change } : {}) };
}

/** The script again on a running lab, as a script user reruns it: kind delete, then the whole script; into `m`. */
function scriptAgain(env: NodeJS.ProcessEnv, files: Record<string, string>, m: Measured): void {
    const down = scriptVerb("down", env, files);
    const up = scriptVerb("up", env, files);
    m.script.push(down.seconds + up.seconds);
    m.timelines.script = [
        ["kind-delete", 0, down.seconds],
        ...up.timeline.map(([n, s, e]): [string, number, number] => [n, s + down.seconds, e + down.seconds]),
    ];
}

/**
 * The program's start as `lab up` runs it: the Pulumi CLI spawned (`pulumi preview` of the running stack, the
 * engine's and the program's start are the same as up's) to the first lab resource registered, read from the CLI's
 * log (-v=5: the resource monitor's RegisterResource lines, timestamped).
 */
function measureProgramStart(o: Online, withPolicy: boolean): number {
    const args = [
        "preview",
        "--stack",
        o.stackName,
        "--non-interactive",
        "--logtostderr",
        "-v=5",
        ...(withPolicy ? ["--policy-pack", "policy"] : []),
    ];
    const env = {
        ...o.env,
        PULUMI_BACKEND_URL: o.backend,
        PULUMI_CONFIG_PASSPHRASE: "",
        NODE_COMPILE_CACHE: COMPILE_CACHE_DIR,
        PULUMI_SKIP_UPDATE_CHECK: "true",
    };
    const t0 = Date.now();
    const r = spawnSync("pulumi", args, { cwd: REPO_ROOT, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    check(r, "pulumi preview");
    const s = programStart(r.stderr, t0);
    if (s === undefined) throw new Error("pulumi preview -v=5: no RegisterResource in its log");
    return s;
}

function hubReferences(): string[] {
    return fs
        .readFileSync(path.join(REPO_ROOT, "scripts", "bench", "registry", "images.txt"), "utf8")
        .split("\n")
        .filter((l) => l.trim() && !l.startsWith("#"))
        .map((l) => l.trim().split(/\s+/)[0]);
}

function podsYaml(manifests: PodManifest[]): string {
    return manifests.map((m) => YAML.stringify({ apiVersion: "v1", kind: "Pod", ...m })).join("---\n");
}

function printScenario(name: Scenario, m: Measured, runs: number): void {
    const row = (label: string, xs: number[]) => {
        if (xs.length === 0) return;
        const s = spread(xs);
        console.log(`  ${label.padEnd(46)} ${fmt(s.median)} ${fmt(s.min)} ${fmt(s.max)}`);
    };
    console.log(`\n${name}: ${SCENARIOS[name]}`);
    console.log(`  ${"".padEnd(46)} median    min    max   (seconds, ${runs} runs each, alternating)`);
    row("lab", m.lab);
    row(name === "one-change" || name === "no-op" ? "script again (kind delete + the script)" : "script", m.script);
    for (const [label, xs] of m.rows) row(label, xs);
    const verdict = goalVerdict(name, m.lab, m.script);
    console.log(`  ratio lab/script (medians): ${(median(m.lab) / median(m.script)).toFixed(2)}${verdict ? `   ${verdict}` : ""}`);
    for (const note of m.notes) console.log(`  ${note}`);
    for (const who of ["lab", "script"] as const) {
        const timeline = m.timelines[who];
        if (!timeline) continue;
        console.log(`  timeline of the last ${who} run (seconds from its start):${timeline.length === 0 ? " no resource changed" : ""}`);
        for (const [what, s, e] of timeline) console.log(`    ${fmt(s)} ${fmt(e)} ${fmt(e - s)}  ${what}`);
    }
}

async function onlineScenarios(
    scenarios: Scenario[],
    runs: number,
    bandwidth: string,
    env: NodeJS.ProcessEnv,
    config: LabConfig,
    sb: Sandbox,
    work: string,
): Promise<Array<[Scenario, Measured]>> {
    const results: Array<[Scenario, Measured]> = [];
    const built = spawnSync("bash", ["scripts/kind/node-image.sh", "--bare"], { cwd: REPO_ROOT, env, encoding: "utf8" });
    check(built, "the bare node image (scripts/kind/node-image.sh --bare)");
    const bareImage = `${config.nodeImage}-bare`;
    const hubImages = hubReferences();
    // The stand-ins the registry serves are the lab daemon's own images of the same names (scripts/kind/standins): kept
    // aside, and put back at the end, so the offline tests and scenario find them as they were.
    const keep = path.join(work, "standins.tar");
    const local = hubImages.map((ref) => ref.replace(/^docker\.io\/(library\/)?/, ""));
    const notStandIns = local.filter(
        (ref) => !docker(env, "image", "inspect", "-f", '{{index .Config.Labels "io.kind-pause-lab.inputs"}}', ref).trim(),
    );
    if (notStandIns.length > 0) {
        throw new Error(
            `the lab daemon's ${notStandIns.join(", ")} are not the offline stand-ins (left by a bench that stopped half-way?): bash scripts/kind/node-image.sh builds them again`,
        );
    }
    docker(env, "image", "save", "-o", keep, ...local);
    const stackName = `bench-${process.pid}`;
    const backend = `file://${sb.stateDir}`;
    let stack: Stack | undefined;
    try {
        console.log(
            registry(env, "start", "--bandwidth", bandwidth)
                .trim()
                .split("\n")
                .filter((l) => l.includes("simulated"))
                .join("\n"),
        );
        registry(env, "configure-host");
        console.log(
            `  the kind node image is local on both sides (${bareImage}: Kubernetes' own images only); everything else comes through the stand-in`,
        );
        stack = await LocalWorkspace.createOrSelectStack(
            { stackName, workDir: REPO_ROOT },
            { envVars: { ...(env as Record<string, string>), PULUMI_BACKEND_URL: backend, PULUMI_CONFIG_PASSPHRASE: "" } },
        );
        // The chart is the offline stand-in of the pinned chart 1.2.2 (a local path), whose image the lab does not read
        // from a path: kubeOpsViewImage names the pinned chart's own, which a user's default config preloads unasked.
        await stack.setAllConfig({
            "kind-pause-lab:nodeImage": { value: bareImage },
            "kind-pause-lab:kubeOpsViewChartPath": { value: config.kubeOpsView.chartPath! },
            "kind-pause-lab:kubeOpsViewImage": { value: PINNED_KUBE_OPS_VIEW_CHART.image },
        });
        const clusterConfig = labClusterConfig(config.workerPortMappings);
        const nodes = kindNodeNames(config.clusterName, clusterConfig);
        // the lab's own kind config: the bare image's containerd reads hosts.toml without a patch (node-image.sh)
        const kindYaml = path.join(work, "kind.yaml");
        fs.writeFileSync(kindYaml, renderKindConfig(clusterConfig));
        const base = labPodManifests([], false);
        const withChange = labPodManifests(["sharedPid"], false);
        const added = withChange.filter((p) => !base.some((b) => b.metadata.name === p.metadata.name));
        fs.writeFileSync(path.join(work, "pods-online.yaml"), podsYaml(base));
        fs.writeFileSync(path.join(work, "pods-changed.yaml"), podsYaml(withChange));
        fs.writeFileSync(path.join(work, "pods-added.yaml"), podsYaml(added));
        const script: Record<string, string> = {
            ...scriptFiles(config, work),
            NODE_IMAGE: bareImage,
            KIND_CONFIG: kindYaml,
            PODS_YAML: path.join(work, "pods-online.yaml"),
            PODS: base.map((p) => p.metadata.name).join(" "),
            IMAGES: "",
            NODE_SETUP: `bash ${REGISTRY_SH} configure-node ${nodes.map((n) => n.name).join(" ")}`,
        };
        const online: Online = {
            env,
            hubImages,
            stack,
            stackName,
            backend,
            script,
            scriptChanged: {
                ...script,
                PODS_YAML: path.join(work, "pods-changed.yaml"),
                PODS: withChange.map((p) => p.metadata.name).join(" "),
                CHANGE_YAML: path.join(work, "pods-added.yaml"),
                CHANGE_PODS: added.map((p) => p.metadata.name).join(" "),
            },
        };
        for (const s of scenarios) {
            if (s !== "first-up" && s !== "re-up") continue;
            console.log(`\n${s}: ${runs} runs each`);
            results.push([s, await upScenario(online, runs, s === "first-up")]);
        }
        const want = { noop: scenarios.includes("no-op"), change: scenarios.includes("one-change") };
        if (want.noop || want.change) {
            console.log(
                `\n${[want.change ? "one-change" : "", want.noop ? "no-op" : ""].filter(Boolean).join(" and ")}: ${runs} runs each`,
            );
            const r = await runningLabScenarios(online, runs, want);
            for (const s of ["one-change", "no-op"] as const) if (r[s]) results.push([s, r[s]!]);
        }
        return results;
    } finally {
        if (stack) {
            await labCliQuiet(env, "destroy", stackName, backend);
            await stack.workspace.removeStack(stackName).catch(() => undefined);
        }
        fs.rmSync(path.join(REPO_ROOT, `Pulumi.${stackName}.yaml`), { force: true });
        spawnSync("bash", ["-c", kindDeleteScript(config.clusterName)], { cwd: REPO_ROOT, env, stdio: "ignore" });
        spawnSync("bash", [REGISTRY_SH, "stop"], { cwd: REPO_ROOT, env, stdio: "inherit" });
        // the stand-ins back under their names; what was pulled through the registry goes
        spawnSync("docker", ["image", "load", "-q", "-i", keep], { env, stdio: "ignore" });
        spawnSync("docker", ["image", "prune", "-f"], { env, stdio: "ignore" });
    }
}

/** A best-effort `lab destroy` after a failure: its output kept back. */
function labCliQuiet(env: NodeJS.ProcessEnv, verb: string, stackName: string, backend: string): Promise<void> {
    return new Promise((resolve) => {
        const child = spawn("npm", ["run", "--silent", "lab", "--", verb, "--stack", stackName, "--backend", backend], {
            cwd: REPO_ROOT,
            env: { ...env, PULUMI_CONFIG_PASSPHRASE: "" },
            stdio: "ignore",
        });
        child.on("close", () => resolve());
        child.on("error", () => resolve());
    });
}

/** lab-script.sh's environment from the lab's own config (offline: the pods' images kind-loaded). */
function scriptFiles(config: LabConfig, work: string): Record<string, string> {
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
        PODS: labPodManifests(config.experiments, true)
            .map((p) => p.metadata.name)
            .join(" "),
        IMAGES: podImages(labPodManifests(config.experiments, true)).join(" "),
        WORKER: kindNodeNames(config.clusterName, clusterConfig).find((x) => x.role === "worker")!.name,
        BENCH_LOG: path.join(work, "script.log"),
    };
    fs.writeFileSync(files.KIND_CONFIG, renderKindConfig(clusterConfig));
    fs.writeFileSync(files.PODS_YAML, podsYaml(labPodManifests(config.experiments, true)));
    return files;
}

// ---- offline (the bench's first figure, kept as it was) ---------------------------------------------------------------

async function offlineScenario(runs: number, env: NodeJS.ProcessEnv, config: LabConfig, sb: Sandbox, work: string): Promise<Measured> {
    const dirs = (env.PATH ?? "").split(":");
    const missing = ["pulumi-language-nodejs", "pulumi-resource-command", "pulumi-resource-docker"].filter((b) => !which(b, dirs));
    const mode = missing.length === 0 ? "program" : "scripts+engine";
    const m = measured();
    m.notes.push(
        mode === "program"
            ? "lab: `pulumi up` of index.ts through the Automation API (language host, command and docker providers on PATH)"
            : `lab: the closest path that runs here (missing ${missing.join(", ")}): the stack's host scripts in its dependency order + KubeOpsView and LabPods through the real engine`,
    );
    const files = scriptFiles(config, work);
    const results: Record<"script" | "lab", Run[]> = { script: [], lab: [] };
    for (let i = 0; i < runs; i++) {
        for (const who of i % 2 === 0 ? (["script", "lab"] as const) : (["lab", "script"] as const)) {
            const r =
                who === "script"
                    ? scriptRun(env, files)
                    : mode === "program"
                      ? await programRun(env, config, sb.stateDir)
                      : await scriptsAndEngineRun(env, config, sb, i);
            results[who].push(r);
            console.log(
                `  run ${i + 1} ${who.padEnd(6)} up ${fmt(r.up)} s   ${who === "lab" ? "destroy" : "kind delete"} ${fmt(r.down)} s`,
            );
        }
    }
    m.lab = results.lab.map((r) => r.up);
    m.script = results.script.map((r) => r.up);
    m.rows.push(["lab destroy", results.lab.map((r) => r.down)], ["script kind delete", results.script.map((r) => r.down)]);
    // Both sides wait for the same `kind create`: what each spends around it is where they can differ.
    const phases = (r: Run) => {
        const create = r.timeline.find(([name]) => name === "kind-create" || name === "kind-cluster");
        return create ? [create[1], create[2] - create[1], r.up - create[2]] : [NaN, NaN, NaN];
    };
    ["before kind create", "kind create", "after kind create"].forEach((label, i) => {
        m.rows.push([`script ${label}`, results.script.map((r) => phases(r)[i])], [`lab ${label}`, results.lab.map((r) => phases(r)[i])]);
    });
    m.timelines = { lab: results.lab.at(-1)?.timeline, script: results.script.at(-1)?.timeline };
    return m;
}

async function main(): Promise<void> {
    const options = parseBenchArgs(process.argv.slice(2));
    if ("help" in options) {
        console.log(BENCH_USAGE);
        return;
    }
    if ("error" in options) {
        console.error(`bench:up: ${options.error}\n${BENCH_USAGE}`);
        process.exit(2);
    }
    if (process.getuid?.() !== 0) throw new Error("run as root (it starts the lab's Docker daemon)");
    const helm = spawnSync("bash", ["scripts/kind/build-binaries.sh", "helm"], { cwd: REPO_ROOT, encoding: "utf8" });
    check(helm, "building helm for the baseline (scripts/kind/build-binaries.sh helm)");
    const daemon = useLabDaemon();
    const sb = sandbox("bench-up");
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "kpl-bench-up-"));
    let env: NodeJS.ProcessEnv | undefined;
    let config: LabConfig | undefined;
    try {
        env = { ...process.env, ...kindEnv() };
        env.PATH = `${env.KPL_KIND_BIN}:${env.PATH}`; // helm
        config = await labConfigForOfflineKind(sb);
        if (config.kubeOpsView.chartPath !== STANDIN_CHART) throw new Error(`unexpected chart ${config.kubeOpsView.chartPath}`);
        const dirs = (env.PATH ?? "").split(":");
        const engineMissing = ["pulumi-language-nodejs", "pulumi-resource-command", "pulumi-resource-docker"].filter(
            (b) => !which(b, dirs),
        );
        const online = options.scenarios.filter((s) => s !== "offline");
        const results: Array<[Scenario, Measured]> = [];
        if (online.length > 0 && engineMissing.length > 0) {
            for (const s of online) {
                console.log(
                    `${s}: skipped: \`lab up\` needs the whole engine on PATH, and ${engineMissing.join(", ")} are missing (../shared/notes/whole-engine.md)`,
                );
            }
        } else if (online.length > 0) {
            results.push(...(await onlineScenarios(online, options.runs, options.bandwidth, env, config, sb, work)));
        }
        if (options.scenarios.includes("offline")) {
            console.log(`\noffline: ${options.runs} runs each`);
            results.push(["offline", await offlineScenario(options.runs, env, config, sb, work)]);
        }
        for (const [name, m] of results) printScenario(name, m, options.runs);
        console.log("");
        for (const [name, m] of results) console.log(summaryLine(name, m.lab, m.script));
        const noop = results.find(([name]) => name === "no-op")?.[1];
        const kept = noop?.rows.find(([label]) => label.startsWith("program start, lab up"))?.[1];
        const withPack = noop?.rows.find(([label]) => label.startsWith("program start, with"))?.[1];
        if (kept && withPack && kept.length > 0) {
            const s = median(kept);
            console.log(
                `program start: ${s.toFixed(2)} s (lab up, the policy pack's pass kept; ${median(withPack).toFixed(2)} s when the pack runs: a changed program, pack or config)   (goal <= ${PROGRAM_START_GOAL_SECONDS.toFixed(1)} s: ${s <= PROGRAM_START_GOAL_SECONDS ? "met" : "NOT met"})`,
            );
        }
    } finally {
        // a run that failed half-way leaves its cluster: the stack's delete script (kind succeeds when there is none)
        if (env && config) spawnSync("bash", ["-c", kindDeleteScript(config.clusterName)], { cwd: REPO_ROOT, env, stdio: "ignore" });
        fs.rmSync(work, { recursive: true, force: true });
        daemon.stop();
        sb.cleanup();
    }
}

main().catch((error: unknown) => {
    console.error(`bench:up: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
});
