// `which` for the test suites: the first executable file named `tool` in `dirs` (a PATH split on ':'), or null.
import * as fs from "fs";
import * as path from "path";

export function which(tool: string, dirs: readonly string[]): string | null {
    for (const dir of dirs) {
        if (!dir) continue;
        const candidate = path.join(dir, tool);
        try {
            fs.accessSync(candidate, fs.constants.X_OK);
            return candidate;
        } catch {
            /* not in this directory */
        }
    }
    return null;
}
