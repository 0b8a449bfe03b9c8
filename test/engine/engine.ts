// Helpers for the engine suite: the environment of scripts/engine/env.sh (the CLI and providers built from Go
// modules by scripts/engine/build.sh), and throwaway stacks with a file backend and an empty passphrase.
import { spawnSync, SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigMap, InlineProgramArgs, LocalWorkspace, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { sourcedEnv } from "../support/sourcedEnv";
import { openAutomationStack } from "../../cli/stack";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/**
 * Source scripts/engine/env.sh in bash and return the environment it leaves. Throws, naming the command to run,
 * when the engine has not been built (env.sh's own message).
 */
export function engineEnv(): NodeJS.ProcessEnv {
    return sourcedEnv("scripts/engine/env.sh", REPO_ROOT);
}

export interface Sandbox {
    dir: string;
    stateDir: string;
    env: Record<string, string>;
    cleanup(): void;
}

/**
 * A temporary directory with its own PULUMI_HOME and file backend; the engine's environment from env.sh; an empty
 * passphrase. The Node.js process's own env is updated too (the Automation API and dynamic providers read it).
 */
export function sandbox(prefix: string): Sandbox {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kpl-engine-${prefix}-`));
    const stateDir = path.join(dir, "state");
    fs.mkdirSync(stateDir);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(engineEnv())) if (v !== undefined) env[k] = v;
    Object.assign(env, {
        PULUMI_HOME: path.join(dir, "pulumi-home"),
        PULUMI_BACKEND_URL: `file://${stateDir}`,
        PULUMI_CONFIG_PASSPHRASE: "",
        // the dynamic-provider plugin script resolves @pulumi/pulumi from the program's (temporary) directory
        NODE_PATH: path.join(REPO_ROOT, "node_modules"),
    });
    Object.assign(process.env, env);
    return {
        dir,
        stateDir,
        env,
        cleanup: () => {
            if (!process.env.KPL_KEEP_TMP) fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}

/** An inline-program stack in the sandbox (the Node SDK serves the language runtime; the CLI gets --client). */
export async function inlineStack(sb: Sandbox, args: Omit<InlineProgramArgs, "program">, program: PulumiFn): Promise<Stack> {
    const workDir = fs.mkdtempSync(path.join(sb.dir, `${args.projectName}-`));
    return LocalWorkspace.createOrSelectStack({ ...args, program }, { workDir, envVars: sb.env, secretsProvider: "passphrase" });
}

/**
 * The repository's own project as `lab up` opens it (cli/stack.ts, openAutomationStack), its config read by the
 * engine: the first time the stack does not exist (the CLI's read fails, the workspace creates the stack), the second
 * time the CLI reads it at once. On a copy of Pulumi.yaml and Pulumi.<stack>.yaml in the sandbox, so the backend and
 * the passphrase salt the engine adds stay out of the repository.
 */
export async function projectStackConfig(sb: Sandbox, stackName: string): Promise<{ created: ConfigMap; existing: ConfigMap }> {
    const workDir = fs.mkdtempSync(path.join(sb.dir, "project-"));
    for (const file of ["Pulumi.yaml", `Pulumi.${stackName}.yaml`]) fs.copyFileSync(path.join(REPO_ROOT, file), path.join(workDir, file));
    const backend = { url: sb.env.PULUMI_BACKEND_URL, env: sb.env, notes: [] };
    const created = await (await openAutomationStack(stackName, backend, workDir)).config();
    const existing = await (await openAutomationStack(stackName, backend, workDir)).config();
    return { created, existing };
}

export function pulumiCli(args: string[], cwd: string, env: Record<string, string>): SpawnSyncReturns<string> {
    return spawnSync("pulumi", args, { cwd, env, encoding: "utf8", timeout: 300_000 });
}

/** Every file under dir (recursively); [] when dir does not exist. */
export function walk(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? walk(p) : [p];
    });
}

/** Stack state files of a file backend. */
export function stateFiles(stateDir: string): string[] {
    return walk(stateDir).filter((f) => f.includes(`${path.sep}stacks${path.sep}`) && /\.json(\.gz)?$/.test(f));
}

export async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
    const start = Date.now();
    try {
        return await fn();
    } finally {
        console.log(`      ${label}: ${((Date.now() - start) / 1000).toFixed(1)} s`);
    }
}
