// The stack's node probe run on this machine, as `docker exec -i <node> sh -s -- <uid>` runs it on a node.
import * as fs from "fs";
import { run, RunResult } from "./process";
import { NODE_PROBE_SCRIPT_PATH } from "../../../probe/script";

/** The script the stack sends through `docker exec -i <node> sh -s -- <uid>`; the tests send the same bytes. */
export const PROBE_SCRIPT_PATH = NODE_PROBE_SCRIPT_PATH;

/** The local transport: the same script bytes `docker exec -i <node> sh -s -- <uid>` would receive. */
export function runProbeLocally(podUid: string, env: NodeJS.ProcessEnv, containers?: number): Promise<RunResult> {
    const script = fs.readFileSync(PROBE_SCRIPT_PATH);
    // /bin/sh by path: a test may hand the probe a PATH without some tools, the shell itself must still start.
    const args = ["-s", "--", podUid, ...(containers === undefined ? [] : [String(containers)])];
    return run("/bin/sh", args, { env, input: script, timeoutMs: 60_000 });
}
