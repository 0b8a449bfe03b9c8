// `lab up | preview | destroy | outputs`: drive the lab's stack (project = repo root, stack dev) through the
// Automation API. Local file backend by default; the stack's config read by the engine, then preflight checks of
// what it names (one line per problem, exit 2), engine
// progress streamed as it comes, and after `up` the namespace table of `lab report`.
// Exit codes: 0 ok, 1 the Pulumi operation failed (its output was streamed above), 2 bad usage or failed preflight.
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { chosenNodeRuntime, ConfigError, LabConfig, NODE_RUNTIME_ENV, parseLabConfig, RawConfig } from "../lab/configSchema";
import { normaliseOutputs } from "../outputs/normalise";
import { renderReportTable } from "../outputs/text";
import { MASKED_SECRET } from "../outputs/secrets";
import type * as Automation from "@pulumi/pulumi/automation";
import { parseCommandLine, stackNameProblem } from "./args";
import type { CliIo } from "./io";
import { keptVerdictLine, passedBefore, recordPassed, VerdictInputs, verdictKey } from "./policyVerdict";
import { needsFor, onceProbes, preflight, PreflightProbes, PreflightRequest, PreflightResult, realProbes } from "./preflight";

export const STACK_VERBS = ["up", "preview", "destroy", "outputs"] as const;
export type StackVerb = (typeof STACK_VERBS)[number];

export const REPO_ROOT = path.resolve(__dirname, "..");
export const PROJECT = "kind-pause-lab";
export const DEFAULT_STACK = "dev";

export interface StackOptions {
    verb: StackVerb;
    stack: string;
    /** Explicit --backend; undefined = PULUMI_BACKEND_URL if set, else file://<repo>/.pulumi-state. */
    backend?: string;
    policy: boolean;
    preflight: boolean;
    showSecrets: boolean;
    /** up only: a kind cluster of the config's name that the stack did not make becomes the stack's (KPL_ADOPT_CLUSTER). */
    adopt: boolean;
}

const USAGE =
    "usage: lab up|preview|destroy|outputs [--stack NAME] [--backend URL] [--no-policy] [--skip-preflight] [--show-secrets] [--adopt]";

/** Parses `VERB [options]`; returns the options or one line saying what is wrong. */
export function parseStackArgs(args: string[]): StackOptions | { error: string } {
    const [verb, ...rest] = args;
    if (!STACK_VERBS.includes(verb as StackVerb))
        return { error: `expected one of ${STACK_VERBS.join(", ")}, got ${JSON.stringify(verb ?? "")}` };
    const parsed = parseCommandLine(
        rest,
        {
            stack: { type: "string" },
            backend: { type: "string" },
            "no-policy": { type: "boolean" },
            "skip-preflight": { type: "boolean" },
            "show-secrets": { type: "boolean" },
            adopt: { type: "boolean" },
        },
        false,
    );
    if ("error" in parsed) return parsed;
    const { values } = parsed;
    const stack = values.stack ?? DEFAULT_STACK;
    const badName = stackNameProblem(stack);
    if (badName) return { error: badName };
    if (values.backend !== undefined && !/^[a-z][a-z0-9+.-]*:\/\//.test(values.backend))
        return { error: `--backend ${JSON.stringify(values.backend)} is not a URL (e.g. file://~/.pulumi-lab or https://api.pulumi.com)` };
    if (values.adopt && verb !== "up") return { error: "--adopt only applies to up" };
    if (values["show-secrets"] && verb !== "outputs") return { error: "--show-secrets only applies to outputs" };
    return {
        verb: verb as StackVerb,
        stack,
        ...(values.backend !== undefined ? { backend: values.backend } : {}),
        policy: !values["no-policy"],
        preflight: !values["skip-preflight"],
        showSecrets: values["show-secrets"] ?? false,
        adopt: values.adopt ?? false,
    };
}

export interface BackendChoice {
    url: string;
    /** Directory to create for a file:// backend under the repository, if any. */
    createDir?: string;
    env: Record<string, string>;
    /** Lines to show the user (stderr) about defaults taken. */
    notes: string[];
}

/**
 * Backend and secrets settings for the Automation API. The passphrase defaults to empty because a local lab stack's
 * only secret is the kind kubeconfig, which lives in ~/.kube-style files anyway; users who want more set it.
 */
export function chooseBackend(options: StackOptions, env: NodeJS.ProcessEnv, repoRoot = REPO_ROOT): BackendChoice {
    const notes: string[] = [];
    let url = options.backend ?? env.PULUMI_BACKEND_URL;
    let createDir: string | undefined;
    if (url === undefined || url === "") {
        createDir = path.join(repoRoot, ".pulumi-state");
        url = `file://${createDir}`;
    }
    const out: Record<string, string> = { PULUMI_BACKEND_URL: url, PULUMI_SKIP_UPDATE_CHECK: env.PULUMI_SKIP_UPDATE_CHECK ?? "true" };
    if (url.startsWith("file://") && env.PULUMI_CONFIG_PASSPHRASE === undefined && env.PULUMI_CONFIG_PASSPHRASE_FILE === undefined) {
        out.PULUMI_CONFIG_PASSPHRASE = "";
        notes.push(
            "PULUMI_CONFIG_PASSPHRASE is not set: the stack's secrets are encrypted with an empty passphrase (set it, and keep it, to use your own)",
        );
    }
    return { url, createDir, env: out, notes };
}

/** The `kind-pause-lab:*` keys of a stack's config (`pulumi config --json`: arrays as JSON text), without the prefix. */
export function labRawConfig(config: Automation.ConfigMap, project = PROJECT): RawConfig {
    const raw: RawConfig = {};
    for (const [key, entry] of Object.entries(config)) if (key.startsWith(`${project}:`)) raw[key.slice(project.length + 1)] = entry.value;
    return raw;
}

/** What the verbs need from a Pulumi stack (the Automation API's Stack, or a test double). */
export interface LabStack {
    /**
     * The update, its progress streamed without the final outputs (thousands of lines of raw captures; `lab outputs`
     * shows them); resolves to the stack's outputs as `pulumi stack output --json` gives them, secrets masked.
     */
    up(onOutput: (text: string) => void, policyPacks: string[]): Promise<Record<string, unknown>>;
    preview(onOutput: (text: string) => void, policyPacks: string[]): Promise<void>;
    destroy(onOutput: (text: string) => void): Promise<void>;
    outputs(): Promise<Automation.OutputMap>;
    /** The stack's config, read by the engine (Pulumi.<stack>.yaml, decrypted secrets, `pulumi config set` values). */
    config(): Promise<Automation.ConfigMap>;
    /** An environment variable for the engine and the providers it starts (the next operation on). */
    setEnv(name: string, value: string): void;
}

export interface StackDeps {
    repoRoot: string;
    env: NodeJS.ProcessEnv;
    probes: PreflightProbes;
    openStack(stack: string, backend: BackendChoice, repoRoot: string): Promise<LabStack>;
}

/** `args` starts with the verb: `up --stack dev`. */
export async function run(args: string[], io: CliIo): Promise<number> {
    return runWith(args, io, { repoRoot: REPO_ROOT, env: process.env, probes: realProbes(), openStack: openAutomationStack });
}

export async function runWith(args: string[], io: CliIo, deps: StackDeps): Promise<number> {
    const parsed = parseStackArgs(args);
    if ("error" in parsed) {
        io.stderr(`lab: ${parsed.error}\n${USAGE}\n`);
        return 2;
    }
    const options = parsed;

    const backend = chooseBackend(options, deps.env, deps.repoRoot);
    for (const note of backend.notes) io.stderr(`lab: ${note}\n`);
    if (backend.createDir) fs.mkdirSync(backend.createDir, { recursive: true });

    // The stack is opened first: its config (node runtime, cluster name, host ports) is what the preflight checks.
    // Meanwhile the tools of the default node runtime are asked already; the real preflight reuses their answers.
    const probes = onceProbes(deps.probes);
    if (options.preflight) {
        const guess = {
            need: needsFor(options.verb),
            runtime: chosenNodeRuntime("", deps.env[NODE_RUNTIME_ENV]),
            clusterName: "",
            hostPorts: [],
        };
        preflight(guess, probes).catch(() => undefined);
    }
    let stack: LabStack;
    try {
        stack = await deps.openStack(options.stack, backend, deps.repoRoot);
    } catch (e) {
        if (options.preflight && pulumiMissing(e)) {
            // No CLI, no config: still check the tools, so every missing one is named in this one run.
            const fallback = parseConfig({}, deps, io);
            if (fallback === null) return 2;
            return reportPreflight(options, await preflight(preflightRequest(options, fallback, false), probes), io, [
                `the stack's config cannot be read without the Pulumi CLI: checked the ${fallback.nodeRuntime} node runtime, not the host ports`,
            ]);
        }
        io.stderr(`lab: cannot open stack ${options.stack} on ${backend.url}: ${openFailure(e)}\n`);
        return 1;
    }

    let raw: RawConfig;
    try {
        raw = labRawConfig(await stack.config());
    } catch (e) {
        io.stderr(`lab: cannot read the config of stack ${options.stack}: ${lastMeaningfulLine(e)}\n`);
        return 1;
    }
    const config = parseConfig(raw, deps, io);
    if (config === null) return 2;

    if (options.preflight) {
        const code = reportPreflight(options, await preflight(preflightRequest(options, config, true), probes), io);
        if (code !== 0) return code;
    }

    // The pack runs for preview always, for up unless it passed on the same program, pack and config (policyVerdict.ts).
    const verdict: VerdictInputs = {
        repoRoot: deps.repoRoot,
        backend: backend.url,
        stack: options.stack,
        config: raw,
        nodeRuntimeEnv: deps.env[NODE_RUNTIME_ENV],
    };
    const key = options.policy && (options.verb === "up" || options.verb === "preview") ? verdictKey(verdict) : undefined;
    const kept = options.verb === "up" && key !== undefined ? passedBefore(verdict, key) : undefined;
    if (kept) io.stderr(`lab: ${keptVerdictLine(kept)}\n`);
    const policyPacks = key !== undefined && !kept ? [path.join(deps.repoRoot, "policy")] : [];
    const passed = () => {
        if (key !== undefined && policyPacks.length > 0) recordPassed(verdict, key);
    };
    const stream = (text: string) => io.stdout(text);
    try {
        switch (options.verb) {
            case "preview":
                await stack.preview(stream, policyPacks);
                passed();
                return 0;
            case "destroy":
                await stack.destroy(stream);
                return 0;
            case "outputs":
                io.stdout(`${JSON.stringify(plainOutputs(await stack.outputs(), options.showSecrets), null, 2)}\n`);
                return 0;
            case "up": {
                // the user's word for an existing cluster of this name: the create script adopts it (kind-create.sh)
                if (options.adopt) stack.setEnv("KPL_ADOPT_CLUSTER", config.clusterName);
                const outputs = await stack.up(stream, policyPacks);
                passed();
                io.stdout("\n");
                try {
                    // The bare namespaceReport is what the table shows; the other outputs need not be complete for it.
                    if (outputs.namespaceReport === undefined) throw new Error("no namespaceReport output");
                    io.stdout(renderReportTable(normaliseOutputs(outputs.namespaceReport), io.isTTY));
                    io.stdout("every output, the raw lsns and crictl inspect captures among them: npm run lab -- outputs\n");
                    io.stdout(
                        `the lab's steps on this cluster, live: npm run lab -- tour${options.stack === DEFAULT_STACK ? "" : ` --stack ${options.stack}`}\n`,
                    );
                } catch (e) {
                    // The stack is up; a report problem must not read as a failed deployment.
                    io.stderr(`lab: the stack is up, but its outputs give no namespace report: ${oneLine(e)}\n`);
                }
                return 0;
            }
        }
    } catch (e) {
        if (options.verb === "up") await reportWhatLanded(stack, io);
        io.stderr(`lab: pulumi ${options.verb} of stack ${options.stack} failed: ${lastMeaningfulLine(e)}\n`);
        return 1;
    }
}

/** After a failed up: the namespace report of the pods whose evidence was recorded all the same, if any. */
async function reportWhatLanded(stack: LabStack, io: CliIo): Promise<void> {
    try {
        const outputs = plainOutputs(await stack.outputs(), false);
        if (outputs.namespaceReport === undefined) return;
        io.stdout("\n");
        io.stdout(renderReportTable(normaliseOutputs(outputs.namespaceReport), io.isTTY));
        io.stdout("the evidence above was recorded; what failed is below (npm run lab -- status shows the lab as it is)\n");
    } catch {
        // nothing recorded, or no report in it: the failure line says it all
    }
}

/** The program's own parser over the stack's values; null after printing one line per problem. */
function parseConfig(raw: RawConfig, deps: StackDeps, io: CliIo): LabConfig | null {
    try {
        return parseLabConfig(
            raw,
            { pathExists: (p) => fs.existsSync(path.resolve(deps.repoRoot, p)), kindProvider: deps.env[NODE_RUNTIME_ENV] },
            PROJECT,
        );
    } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        for (const p of e.problems) io.stderr(`lab: ${p}\n`);
        return null;
    }
}

function preflightRequest(options: StackOptions, config: LabConfig, checkPorts: boolean): PreflightRequest {
    return {
        need: { ...needsFor(options.verb), ...(checkPorts ? {} : { ports: false }) },
        runtime: config.nodeRuntime,
        clusterName: config.clusterName,
        hostPorts: config.workerPortMappings,
    };
}

/** Notes, then one line per problem and the verdict; 2 when any problem stops the verb, else 0. */
function reportPreflight(options: StackOptions, result: PreflightResult, io: CliIo, extraNotes: string[] = []): number {
    for (const note of [...extraNotes, ...result.notes]) io.stderr(`lab: ${note}\n`);
    if (result.problems.length === 0) return 0;
    for (const p of result.problems) io.stderr(`lab: ${p}\n`);
    io.stderr(
        `lab: ${options.verb} not started: ${result.problems.length} preflight problem${result.problems.length === 1 ? "" : "s"} (--skip-preflight to try anyway)\n`,
    );
    return 2;
}

/** `pulumi stack output --json` shape: secrets masked unless asked for. */
export function plainOutputs(outputs: Record<string, { value: unknown; secret: boolean }>, showSecrets: boolean): Record<string, unknown> {
    return Object.fromEntries(Object.entries(outputs).map(([k, o]) => [k, o.secret && !showSecrets ? MASKED_SECRET : o.value]));
}

function oneLine(e: unknown): string {
    return (
        (e instanceof Error ? e.message : String(e))
            .split("\n")
            .map((l) => l.trim())
            .find((l) => l !== "") ?? String(e)
    );
}

/** Why the stack could not be opened, in one line. */
export function openFailure(e: unknown): string {
    if (pulumiMissing(e)) return "the Pulumi CLI is not installed (no `pulumi` on PATH): see https://www.pulumi.com/docs/install/";
    return lastMeaningfulLine(e);
}

function pulumiMissing(e: unknown): boolean {
    return e instanceof PulumiCommandFailed && e.notInstalled;
}

/** The engine's error is at the end of a CommandError's text; the full output was already streamed. */
function lastMeaningfulLine(e: unknown): string {
    const text = e instanceof Error ? e.message : String(e);
    // CommandError text: "code: N", then " stdout: <first line>...", " stderr: <first line>...", " err?: ...".
    const lines = text
        .split("\n")
        .filter((l) => !/^\s*code:/.test(l))
        .map((l) => l.trim().replace(/^(stdout|stderr|err\?):\s*/, ""))
        .filter((l) => l !== "");
    // The stack's own one-line messages (host scripts, the cluster watch, KubeOpsViewReady) say what is wrong and the fix;
    // the engine's last lines are often only "update failed" or the program's "unhandled exception" that follows them.
    const ours = [...lines].reverse().find((l) => l.includes("kind-pause-lab: "));
    if (ours !== undefined) return ours.slice(ours.indexOf("kind-pause-lab: "));
    const generic = /^error: (update failed|preview failed|Running program .* failed with an unhandled exception:?)$/i;
    const errorLine = [...lines].reverse().find((l) => /^error:/i.test(l) && !generic.test(l));
    return errorLine ?? lines[lines.length - 1] ?? "unknown error";
}

/** The real stack: the repository's program through the Pulumi CLI, and the Automation API where a verb needs it. */
export async function openAutomationStack(stackName: string, backend: BackendChoice, repoRoot: string): Promise<LabStack> {
    // The environment of every CLI call and of the engine's providers: the backend's settings, then setEnv's.
    const envVars: Record<string, string> = { ...backend.env };
    /** A Pulumi CLI command on this stack, in the project, with the backend's settings over this process's environment. */
    const onStack = (args: string[], onOutput?: (text: string) => void) =>
        runPulumi("pulumi", [...args, "--stack", stackName, "--non-interactive"], {
            cwd: repoRoot,
            env: { ...process.env, ...envVars },
            onOutput,
        });
    // The stack's config read by the CLI at once; a stack that does not exist yet (or any other failure) is then read
    // through the Automation API, whose errors are typed.
    const early = onStack(["config", "--show-secrets", "--json"])
        .then((text) => JSON.parse(text) as Automation.ConfigMap)
        .catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    // The Automation API and its workspace only when a verb needs them (preview, destroy, outputs, a new stack): creating
    // the workspace asks `pulumi version` first, and loading the API takes a moment more, about 0.3 s that `up` used
    // to wait for before its own `pulumi up` could start (the preflight asks `pulumi version` meanwhile).
    let workspaceCreated: Automation.LocalWorkspace | undefined;
    let workspacePromise: Promise<Automation.LocalWorkspace> | undefined;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const automation = () => require("@pulumi/pulumi/automation") as typeof Automation;
    const workspace = () =>
        (workspacePromise ??= automation()
            .LocalWorkspace.create({ workDir: repoRoot, envVars: { ...envVars } })
            .then((w) => (workspaceCreated = w)));
    // No `pulumi` on PATH: the config read says so by its errno.
    const first = await early;
    if (first instanceof PulumiCommandFailed && first.notInstalled) throw first;
    // `pulumi stack select` (Stack.createOrSelect) only when the stack is new or an Automation operation needs it:
    // reading the config and `up` name the stack themselves.
    let selected: Promise<Automation.Stack> | undefined;
    const stack = () => (selected ??= workspace().then((w) => automation().Stack.createOrSelect(stackName, w)));
    const color = process.stdout.isTTY ? "always" : "never";
    return {
        // The CLI's own `up`, not Stack.up: after the update Stack.up reads the outputs twice (masked, then with
        // secrets) and the history once (automation/stack.js), 0.8 s of a no-op `lab up`; the report needs one read
        // of the masked outputs. continueOnError: one resource that fails (kube-ops-view that cannot start) does not
        // keep the others, the lab pods' evidence among them, from being made and recorded.
        up: async (onOutput, policyPacks) => {
            const packs = policyPacks.flatMap((p) => ["--policy-pack", p]);
            await onStack(
                ["up", "--yes", "--skip-preview", "--suppress-outputs", "--continue-on-error", "--color", color, ...packs],
                onOutput,
            );
            return JSON.parse(await onStack(["stack", "output", "--json"])) as Record<string, unknown>;
        },
        preview: async (onOutput, policyPacks) => {
            await (await stack()).preview({ onOutput, policyPacks, color });
        },
        destroy: async (onOutput) => {
            await (await stack()).destroy({ onOutput, color });
        },
        outputs: async () => (await stack()).outputs(),
        config: async () => {
            if (!(first instanceof Error)) return first;
            const w = await workspace();
            try {
                return await w.getAllConfig(stackName);
            } catch (e) {
                if (!(e instanceof automation().StackNotFoundError)) throw e;
                await stack(); // a new stack: created, then its config is Pulumi.yaml's defaults and any Pulumi.<stack>.yaml
                return w.getAllConfig(stackName);
            }
        },
        // every later CLI call, and through the engine the providers it starts, get it; so does the workspace
        setEnv: (name, value) => {
            envVars[name] = value;
            if (workspaceCreated) workspaceCreated.envVars[name] = value;
        },
    };
}

/** A Pulumi CLI command that exited non-zero: its text is shaped as the Automation API's CommandError's. */
export class PulumiCommandFailed extends Error {
    constructor(
        readonly code: number | null,
        readonly stdout: string,
        readonly stderr: string,
        /** No `pulumi` to start (spawn ENOENT). */
        readonly notInstalled = false,
    ) {
        super(`code: ${code}\n stdout: ${stdout}\n stderr: ${stderr}`);
        this.name = "PulumiCommandFailed";
    }
}

/** Runs the Pulumi CLI (argv, no shell), streaming its stdout; resolves to the stdout, or rejects with PulumiCommandFailed. */
export function runPulumi(
    command: string,
    args: string[],
    options: { cwd: string; env: NodeJS.ProcessEnv; onOutput?: (text: string) => void },
): Promise<string> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (text: string) => {
            stdout += text;
            options.onOutput?.(text);
        });
        child.stderr.setEncoding("utf8").on("data", (text: string) => {
            stderr += text;
        });
        child.on("error", (e: NodeJS.ErrnoException) =>
            reject(new PulumiCommandFailed(null, stdout, `${stderr}${e.message}`, e.code === "ENOENT")),
        );
        child.on("close", (code) => (code === 0 ? resolve(stdout) : reject(new PulumiCommandFailed(code, stdout, stderr))));
    });
}
