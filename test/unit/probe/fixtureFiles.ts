// Reading fixtures in specs: paths relative to test/fixtures, and the pids of the last real capture.
import * as fs from "fs";
import * as path from "path";
import * as assert from "assert";
import { ProbeParseError } from "../../../probe/errors";
import { FIXTURES } from "../../support/paths";

export { FIXTURES };

export function fixture(relative: string): string {
    return fs.readFileSync(path.join(FIXTURES, relative), "utf8");
}

/** HOST, PAUSE, NGINX, NETSHOOT of the run that wrote test/fixtures/real (see capture.sh). */
export function capturedPids(): { HOST: number; PAUSE: number; NGINX: number; NETSHOOT: number } {
    const text = fixture("real/pids.txt");
    const pid = (k: string) => {
        const m = new RegExp(`\\b${k}=(\\d+)\\b`).exec(text);
        assert.ok(m, `pids.txt has ${k}`);
        return Number(m[1]);
    };
    return { HOST: pid("HOST"), PAUSE: pid("PAUSE"), NGINX: pid("NGINX"), NETSHOOT: pid("NETSHOOT") };
}

/** Asserts that fn throws a ProbeParseError and returns it for further checks. */
export function parseErrorOf(fn: () => unknown): ProbeParseError {
    try {
        fn();
    } catch (err) {
        if (err instanceof ProbeParseError) return err;
        throw new assert.AssertionError({ message: `expected a ProbeParseError, got ${String(err)}` });
    }
    throw new assert.AssertionError({ message: "expected a ProbeParseError, nothing was thrown" });
}

/** Sorted by inode then type, for comparing the same namespaces listed in different orders. */
export function byInode<T extends { ns: number; type: string }>(rows: T[]): T[] {
    return [...rows].sort((a, b) => a.ns - b.ns || a.type.localeCompare(b.type));
}
