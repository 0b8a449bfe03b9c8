// The environment a bash script leaves when sourced (`. SCRIPT`): scripts/engine/env.sh and scripts/kind/env.sh put
// the tools they locate on PATH and export their settings; the test suites run with that environment.
import { spawnSync } from "child_process";

/** Sources SCRIPT (relative to cwd) in bash and returns its environment; throws with the script's own message. */
export function sourcedEnv(script: string, cwd: string): NodeJS.ProcessEnv {
    const r = spawnSync("bash", ["-c", `. ${script} >&2 && env -0`], { cwd, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`sourcing ${script} failed: ${r.stderr.trim() || `exit ${r.status}`}`);
    const env: NodeJS.ProcessEnv = {};
    for (const entry of r.stdout.split("\0")) {
        const i = entry.indexOf("=");
        if (i > 0) env[entry.slice(0, i)] = entry.slice(i + 1);
    }
    return env;
}
