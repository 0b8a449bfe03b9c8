// `lab up | preview | destroy | outputs`: drive the lab's stack (project = repo root, stack dev) through the
// Automation API. Local file backend by default, preflight checks first (one line per problem, exit 2), engine
// progress streamed as it comes, and after `up` the namespace table of `lab report`.
// Exit codes: 0 ok, 1 the Pulumi operation failed (its output was streamed above), 2 bad usage or failed preflight.
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { ConfigError, NODE_RUNTIME_ENV, parseLabConfig, RawConfig } from "../components/configSchema";
import { normaliseOutputs } from "../components/outputs/normalise";
import { renderReport } from "../components/outputs/render";
import { MASKED_SECRET } from "../components/outputs/secrets";
import type * as Automation from "@pulumi/pulumi/automation";
import type { CliIo } from "./io";
import { needsFor, preflight, PreflightProbes, realProbes } from "./preflight";

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
}

const USAGE = "usage: lab up|preview|destroy|outputs [--stack NAME] [--backend URL] [--no-policy] [--skip-preflight] [--show-secrets]";

/** Parses `VERB [options]`; returns the options or one line saying what is wrong. */
export function parseStackArgs(args: string[]): StackOptions | { error: string } {
    const [verb, ...rest] = args;
    if (!STACK_VERBS.includes(verb as StackVerb))
        return { error: `expected one of ${STACK_VERBS.join(", ")}, got ${JSON.stringify(verb ?? "")}` };
    const options: StackOptions = { verb: verb as StackVerb, stack: DEFAULT_STACK, policy: true, preflight: true, showSecrets: false };
    for (let i = 0; i < rest.length; i++) {
        const arg = rest[i];
        const value = (flag: string): string | { error: string } => {
            const inline = arg.startsWith(`${flag}=`) ? arg.slice(flag.length + 1) : undefined;
            const v = inline ?? rest[++i];
            return v === undefined || v === "" ? { error: `${flag} needs a value` } : v;
        };
        if (arg === "--stack" || arg.startsWith("--stack=")) {
            const v = value("--stack");
            if (typeof v !== "string") return v;
            // Pulumi stack names: letters, digits, -, _, . (an org/project/ prefix is not meaningful on a file backend).
            if (!/^[A-Za-z0-9_.-]+$/.test(v)) return { error: `--stack ${JSON.stringify(v)} is not a stack name (letters, digits, - _ .)` };
            options.stack = v;
        } else if (arg === "--backend" || arg.startsWith("--backend=")) {
            const v = value("--backend");
            if (typeof v !== "string") return v;
            if (!/^[a-z][a-z0-9+.-]*:\/\//.test(v))
                return { error: `--backend ${JSON.stringify(v)} is not a URL (e.g. file://~/.pulumi-lab or https://api.pulumi.com)` };
            options.backend = v;
        } else if (arg === "--no-policy") {
            options.policy = false;
        } else if (arg === "--skip-preflight") {
            options.preflight = false;
        } else if (arg === "--show-secrets") {
            if (options.verb !== "outputs") return { error: "--show-secrets only applies to outputs" };
            options.showSecrets = true;
        } else {
            return { error: `unknown argument ${JSON.stringify(arg)}` };
        }
    }
    return options;
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

/** Raw `kind-pause-lab:*` values of Pulumi.<stack>.yaml (arrays as JSON text, as Pulumi hands them to programs). */
export function readStackConfig(repoRoot: string, stack: string): RawConfig {
    const file = path.join(repoRoot, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) return {};
    const doc = parseYaml(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
    const raw: RawConfig = {};
    for (const [key, value] of Object.entries(doc?.config ?? {})) {
        if (!key.startsWith(`${PROJECT}:`) || value === null || (typeof value === "object" && !Array.isArray(value))) continue;
        raw[key.slice(PROJECT.length + 1)] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return raw;
}

/** What the verbs need from a Pulumi stack (the Automation API's Stack, or a test double). */
export interface LabStack {
    up(onOutput: (text: string) => void, policyPacks: string[]): Promise<void>;
    preview(onOutput: (text: string) => void, policyPacks: string[]): Promise<void>;
    destroy(onOutput: (text: string) => void): Promise<void>;
    outputs(): Promise<Record<string, { value: unknown; secret: boolean }>>;
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

    let config;
    try {
        config = parseLabConfig(
            readStackConfig(deps.repoRoot, options.stack),
            { pathExists: (p) => fs.existsSync(path.resolve(deps.repoRoot, p)), kindProvider: deps.env[NODE_RUNTIME_ENV] },
            PROJECT,
        );
    } catch (e) {
        if (e instanceof ConfigError) {
            for (const p of e.problems) io.stderr(`lab: ${p}\n`);
            return 2;
        }
        io.stderr(`lab: cannot read Pulumi.${options.stack}.yaml (${(e as Error).message.split("\n")[0]})\n`);
        return 2;
    }

    if (options.preflight) {
        const result = await preflight(
            {
                need: needsFor(options.verb),
                runtime: config.nodeRuntime,
                clusterName: config.clusterName,
                hostPorts: config.workerPortMappings,
            },
            deps.probes,
        );
        for (const note of result.notes) io.stderr(`lab: ${note}\n`);
        if (result.problems.length > 0) {
            for (const p of result.problems) io.stderr(`lab: ${p}\n`);
            io.stderr(
                `lab: ${options.verb} not started: ${result.problems.length} preflight problem${result.problems.length === 1 ? "" : "s"} (--skip-preflight to try anyway)\n`,
            );
            return 2;
        }
    }

    const backend = chooseBackend(options, deps.env, deps.repoRoot);
    for (const note of backend.notes) io.stderr(`lab: ${note}\n`);
    if (backend.createDir) fs.mkdirSync(backend.createDir, { recursive: true });

    const policyPacks = options.policy ? [path.join(deps.repoRoot, "policy")] : [];
    const stream = (text: string) => io.stdout(text);
    let stack: LabStack;
    try {
        stack = await deps.openStack(options.stack, backend, deps.repoRoot);
    } catch (e) {
        io.stderr(`lab: cannot open stack ${options.stack} on ${backend.url}: ${openFailure(e)}\n`);
        return 1;
    }

    try {
        switch (options.verb) {
            case "preview":
                await stack.preview(stream, policyPacks);
                return 0;
            case "destroy":
                await stack.destroy(stream);
                return 0;
            case "outputs":
                io.stdout(`${JSON.stringify(plainOutputs(await stack.outputs(), options.showSecrets), null, 2)}\n`);
                return 0;
            case "up": {
                await stack.up(stream, policyPacks);
                const outputs = plainOutputs(await stack.outputs(), false);
                io.stdout("\n");
                try {
                    // The bare namespaceReport is what the table shows; the other outputs need not be complete for it.
                    if (outputs.namespaceReport === undefined) throw new Error("no namespaceReport output");
                    io.stdout(renderReport(normaliseOutputs(outputs.namespaceReport), "table", io.isTTY));
                } catch (e) {
                    // The stack is up; a report problem must not read as a failed deployment.
                    io.stderr(`lab: the stack is up, but its outputs give no namespace report: ${oneLine(e)}\n`);
                }
                return 0;
            }
        }
    } catch (e) {
        io.stderr(`lab: pulumi ${options.verb} of stack ${options.stack} failed: ${lastMeaningfulLine(e)}\n`);
        return 1;
    }
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

/** Why the stack could not be opened: the Automation API's CommandError starts with "code: -2" when `pulumi` is absent. */
export function openFailure(e: unknown): string {
    const text = e instanceof Error ? e.message : String(e);
    if (/spawn pulumi ENOENT/.test(text))
        return "the Pulumi CLI is not installed (no `pulumi` on PATH): see https://www.pulumi.com/docs/install/";
    return lastMeaningfulLine(e);
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
    const errorLine = [...lines].reverse().find((l) => /^error:/i.test(l));
    return errorLine ?? lines[lines.length - 1] ?? "unknown error";
}

/** The real stack: LocalWorkspace on the repository's program, with the backend chosen above. */
async function openAutomationStack(stackName: string, backend: BackendChoice, repoRoot: string): Promise<LabStack> {
    // Loaded here so `lab report`/`diff` and the unit tests never load the Automation API.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { LocalWorkspace } = require("@pulumi/pulumi/automation") as typeof Automation;
    const stack = await LocalWorkspace.createOrSelectStack({ stackName, workDir: repoRoot }, { envVars: backend.env });
    const color = process.stdout.isTTY ? "always" : "never";
    return {
        up: async (onOutput, policyPacks) => {
            await stack.up({ onOutput, policyPacks, color });
        },
        preview: async (onOutput, policyPacks) => {
            await stack.preview({ onOutput, policyPacks, color });
        },
        destroy: async (onOutput) => {
            await stack.destroy({ onOutput, color });
        },
        outputs: () => stack.outputs(),
    };
}
