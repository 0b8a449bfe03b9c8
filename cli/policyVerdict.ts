// `lab up` runs the policy pack when what it judges may have changed since it last passed on the stack.
//
// The engine starts a policy pack before the program and waits for it (about 0.45 s of every `pulumi up` on two cores:
// node, @pulumi/policy, the pack), and the pack judges the resources the program declares, which follow from the
// program's code, the stack's config and the node runtime chosen through the environment: never from what runs. So the
// verdict of a pack that passed holds until one of those changes. The key of that verdict hashes the files the program
// and the pack are made of (POLICY_INPUTS: the unit suite checks that every local module index.ts and policy/pack.ts
// load is among them), the stack's config and the node runtime variable. A `lab up` or `lab preview` that ran the pack
// and succeeded records it (node_modules/.cache/kind-pause-lab/policy); `lab up` then runs without the pack while the
// key is the same, and says so in one line. `lab preview` always runs it; `--no-policy` never.
// No Pulumi import: the CLI's stack module passes in what it read.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { writeFileAtomically } from "../lib/atomicWrite";
import { compareText } from "../lib/util";

/** What the program and the policy pack are made of, relative to the repository: files, and directories walked whole. */
export const POLICY_INPUTS = [
    "index.ts",
    "Pulumi.yaml",
    "package-lock.json",
    "components",
    "lab",
    "host",
    "probe",
    "outputs",
    "lib",
    "policy",
] as const;

// Bump when what the key is made of changes in a way the inputs do not show.
const KEY_VERSION = 1;

export interface VerdictInputs {
    repoRoot: string;
    /** The backend's URL and the stack's name: a verdict is one stack's. */
    backend: string;
    stack: string;
    /** The stack's kind-pause-lab:* config as the engine gave it. */
    config: Record<string, string>;
    /** The node runtime variable's value (the program reads it: lab/configSchema.ts chosenNodeRuntime). */
    nodeRuntimeEnv: string | undefined;
}

/** Every file under `rel` (a file or a directory, walked in name order; node_modules skipped), relative to `root`. */
function filesUnder(root: string, rel: string): string[] {
    const full = path.join(root, rel);
    let entries: fs.Dirent[];
    try {
        entries = fs.readdirSync(full, { withFileTypes: true });
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOTDIR") return [rel];
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw e;
    }
    return entries
        .filter((d) => d.name !== "node_modules")
        .sort((a, b) => compareText(a.name, b.name))
        .flatMap((d) => (d.isDirectory() ? filesUnder(root, path.join(rel, d.name)) : [path.join(rel, d.name)]));
}

/** The files the key is made of, relative to the repository. */
export function policyInputFiles(repoRoot: string): string[] {
    return POLICY_INPUTS.flatMap((rel) => filesUnder(repoRoot, rel));
}

/** The verdict's key: a hash of the inputs. */
export function verdictKey(inputs: VerdictInputs): string {
    const hash = crypto.createHash("sha256");
    const config = Object.fromEntries(Object.entries(inputs.config).sort(([a], [b]) => compareText(a, b)));
    hash.update(JSON.stringify([KEY_VERSION, inputs.backend, inputs.stack, config, inputs.nodeRuntimeEnv ?? null]));
    for (const rel of policyInputFiles(inputs.repoRoot)) {
        hash.update("\0")
            .update(rel)
            .update("\0")
            .update(fs.readFileSync(path.join(inputs.repoRoot, rel)));
    }
    return hash.digest("hex");
}

export interface Verdict {
    key: string;
    /** When the pack passed (ISO 8601). */
    passedAt: string;
}

/** Where one stack's verdict is kept (a file per backend and stack, named by their hash). */
export function verdictFile(inputs: Pick<VerdictInputs, "repoRoot" | "backend" | "stack">): string {
    const name = crypto
        .createHash("sha256")
        .update(JSON.stringify([inputs.backend, inputs.stack]))
        .digest("hex")
        .slice(0, 32);
    return path.join(inputs.repoRoot, "node_modules", ".cache", "kind-pause-lab", "policy", `${name}.json`);
}

/** The verdict recorded for these inputs, if the pack passed on them; anything unreadable counts as none. */
export function passedBefore(inputs: VerdictInputs, key = verdictKey(inputs)): Verdict | undefined {
    try {
        const v = JSON.parse(fs.readFileSync(verdictFile(inputs), "utf8")) as Partial<Verdict>;
        return v.key === key && typeof v.passedAt === "string" ? { key, passedAt: v.passedAt } : undefined;
    } catch {
        return undefined;
    }
}

/** Records that the pack passed on these inputs; a record that cannot be written only costs the next up the pack. */
export function recordPassed(inputs: VerdictInputs, key: string, now = new Date()): void {
    writeFileAtomically(verdictFile(inputs), `${JSON.stringify({ key, passedAt: now.toISOString() } satisfies Verdict)}\n`);
}

/** The line `lab up` prints when it leaves the pack out. */
export function keptVerdictLine(v: Verdict): string {
    return `policy pack: it passed on this stack at ${v.passedAt} with the same program, pack and config; not run again (lab preview runs it, --no-policy never)`;
}
