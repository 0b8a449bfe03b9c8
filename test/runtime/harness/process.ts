// Processes for the runtime harness: one command run (argv, no shell), and what /proc says of running ones.
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** A command the harness ran failed; carries the command line and its stderr. */
export class CommandError extends Error {
    constructor(
        readonly command: string,
        readonly exitCode: number | null,
        readonly stderr: string,
    ) {
        super(`${command} failed (exit ${exitCode}): ${stderr.trim().split("\n").slice(-3).join(" | ")}`);
        this.name = "CommandError";
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Processes

export interface RunResult {
    exitCode: number;
    stdout: string;
    stderr: string;
    durationMs: number;
}

/** Runs a program (no shell: arguments are passed as they are), optionally feeding stdin; never throws on exit code. */
export function run(
    file: string,
    args: readonly string[],
    options: { env?: NodeJS.ProcessEnv; input?: string | Buffer; timeoutMs?: number } = {},
): Promise<RunResult> {
    const started = process.hrtime.bigint();
    return new Promise((resolve, reject) => {
        const child = execFile(
            file,
            [...args],
            { env: options.env ?? process.env, timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" },
            (error, stdout, stderr) => {
                const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
                if (error && typeof error.code !== "number") {
                    // Spawn failure or timeout (code is a string or undefined): not an ordinary non-zero exit.
                    if (error.killed) reject(new CommandError(`${file} ${args.join(" ")}`, null, `timed out: ${stderr}`));
                    else reject(error);
                    return;
                }
                resolve({ exitCode: error ? (error.code as number) : 0, stdout, stderr, durationMs });
            },
        );
        // A program that exits without reading its input (e.g. `unshare` failing before the probe's shell starts) makes
        // the write fail with EPIPE: its exit code and stderr say what happened, the write error must not crash the run.
        child.stdin?.on("error", () => undefined);
        if (options.input !== undefined) child.stdin?.end(options.input);
        else child.stdin?.end();
    });
}

export async function runChecked(file: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<string> {
    const result = await run(file, args, { env });
    if (result.exitCode !== 0) throw new CommandError(`${path.basename(file)} ${args.join(" ")}`, result.exitCode, result.stderr);
    return result.stdout;
}

export function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A process that exists and has not finished dying. A zombie (Z) or dead (X) task counts as ended: killed container
 * processes whose shim died are re-parented to PID 1, and this VM's PID 1 reaps them only seconds later.
 */
export function processRunning(pid: number): boolean {
    try {
        return !/^State:\s+[ZX]/m.test(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    } catch {
        return false;
    }
}

/** A process's NUL-separated command line; "" once it has exited. */
export function readCmdline(pid: number): string {
    try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
        return "";
    }
}

/** PIDs whose command line mentions `needle` (e.g. our private socket path): shims we started, found by id. */
export function pidsWithCmdline(needle: string): number[] {
    return fs
        .readdirSync("/proc")
        .filter((entry) => /^\d+$/.test(entry))
        .map(Number)
        .filter((pid) => pid !== process.pid && readCmdline(pid).includes(needle));
}
