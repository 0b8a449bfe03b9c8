// Runs a program by argv (no shell) and resolves with its exit status and output, whatever they are: what `lab status`,
// `lab up`'s preflight and the dynamic providers (clusterWatch.ts, kubeOpsViewReady.ts) ask the machine with. Nothing is imported at
// run time: a provider's closure carries this module into the engine's provider process, where node's own module is
// required inside the function (README, "SWC").

export interface CommandResult {
    /** Exit status; null when the program did not start or was killed (then `error` says why). */
    code: number | null;
    stdout: string;
    stderr: string;
    error?: string;
    /** Set when the program is not installed (spawn ENOENT). */
    missing?: boolean;
}

export type CommandRunner = (argv: string[], timeoutMs?: number) => Promise<CommandResult>;

/** A runner with `env` (default: this process's environment), in `cwd` (default: this process's). */
export function commandRunner(env?: NodeJS.ProcessEnv, cwd?: string): CommandRunner {
    return (argv, timeoutMs = 10_000) =>
        new Promise((resolve) => {
            const cp: typeof import("child_process") = require("child_process");
            cp.execFile(
                argv[0],
                argv.slice(1),
                { env: env ?? process.env, cwd, encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
                (error, stdout, stderr) => {
                    const err = error as (NodeJS.ErrnoException & { code?: unknown }) | null;
                    resolve({
                        code: err ? (typeof err.code === "number" ? err.code : null) : 0,
                        stdout,
                        stderr,
                        error: err && typeof err.code !== "number" ? err.message : undefined,
                        ...(err?.code === "ENOENT" ? { missing: true } : {}),
                    });
                },
            );
        });
}

/** Why a command failed, in one line: its start error, else its stderr's first line, else its exit status. */
export function failureWhy(r: CommandResult): string {
    return r.error ?? (r.stderr.trim().split("\n")[0] || `exit ${r.code}`);
}
