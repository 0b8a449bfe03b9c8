// Writing a cache file so that a reader never sees half of it: a temporary file beside it, then a rename.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

/**
 * Writes `text` to `file` (its directory made first) through a temporary file and a rename; false, with nothing left
 * behind, when it cannot. For caches: one that cannot be written costs the next run its work, never this one.
 */
export function writeFileAtomically(file: string, text: string): boolean {
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(tmp, text);
        fs.renameSync(tmp, file);
        return true;
    } catch {
        try {
            fs.rmSync(tmp, { force: true });
        } catch {
            // nothing was written
        }
        return false;
    }
}
