#!/usr/bin/env node
// `npm run --silent lab -- VERB ...`: one entry point, one module per verb (loaded lazily so a verb's
// dependencies cost nothing to the others). Exit codes: 0 ok, 1 "something changed" (diff), 2 bad input.
import { CliIo, processIo } from "./io";

type Verb = { summary: string; load: () => { run(args: string[], io: CliIo): Promise<number> } };

const VERBS: Record<string, Verb> = {
    parse: { summary: "parse crictl-inspect|lsns FILE|-   print the parsed JSON", load: () => require("./parse") },
    report: { summary: "report [FILE|-] [--format table|md|json]   namespace table from stack outputs", load: () => require("./report") },
    diff: { summary: "diff BEFORE AFTER [--json] [--raw]   what changed in meaning between two stack outputs", load: () => require("./diff") },
};

function usage(): string {
    return ["usage: npm run --silent lab -- VERB ...", ...Object.entries(VERBS).map(([n, v]) => `  ${n} ${v.summary.replace(/^\S+ ?/, "")}`)].join("\n");
}

export async function main(argv: string[], io: CliIo): Promise<number> {
    const [verb, ...rest] = argv;
    if (verb === undefined || verb === "-h" || verb === "--help") {
        io.stdout(usage() + "\n");
        return verb === undefined ? 2 : 0;
    }
    const entry = VERBS[verb];
    if (!entry) {
        io.stderr(`lab: unknown verb "${verb}" (expected one of: ${Object.keys(VERBS).join(", ")})\n`);
        return 2;
    }
    return entry.load().run(rest, io);
}

if (require.main === module) {
    main(process.argv.slice(2), processIo()).then(
        (code) => { process.exitCode = code; },
        (err: unknown) => {
            process.stderr.write(`lab: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
            process.exitCode = 70;
        },
    );
}
