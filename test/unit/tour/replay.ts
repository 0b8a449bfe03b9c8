// A live lab, replayed: test/fixtures/tour/*.json hold what `npm run tour:record` saw on a real kind cluster (the
// stack's config and outputs, every command's argv and result, the HTTP answers). The deps below answer the tour with
// exactly that; a command the recording does not have fails loudly (exit 127 naming it).
import * as fs from "fs";
import * as path from "path";
import type { TourDeps } from "../../../cli/tour";
import type { CommandResult } from "../../../host/commandRunner";
import { PROBE_PLACEHOLDER } from "../../../scripts/tour/record";
import { FIXTURES } from "../../support/paths";

export interface Recording {
    stack: { config: Record<string, { value: string; secret: boolean }>; outputs: Record<string, { value: unknown; secret: boolean }> };
    commands: Array<{ argv: string[]; result: CommandResult }>;
    http: Record<string, { status: number } | { error: string }>;
}

export function loadRecording(name = "tourlab"): Recording {
    return JSON.parse(fs.readFileSync(path.join(FIXTURES, "tour", `${name}.json`), "utf8")) as Recording;
}

const key = (argv: string[]) => {
    const probe = argv.indexOf("node-probe");
    return JSON.stringify(probe > 0 ? argv.map((a, i) => (i === probe - 1 ? PROBE_PLACEHOLDER : a)) : argv);
};

export function replayDeps(rec: Recording, over: { env?: NodeJS.ProcessEnv; ran?: string[][] } = {}): TourDeps {
    const results = new Map(rec.commands.map((c) => [key(c.argv), c.result]));
    return {
        env: over.env ?? { LANG: "C.UTF-8" },
        readStack: async () => structuredClone(rec.stack) as never,
        runCommand: async (argv) => {
            over.ran?.push(argv);
            return results.get(key(argv)) ?? { code: 127, stdout: "", stderr: `not in the recording: ${argv.join(" ")}` };
        },
        httpStatus: async (url) => rec.http[url] ?? { error: `not in the recording: ${url}` },
    };
}

/** The recording's facts, for the assertions: the live report of a pod from its probe's output, as the stack reads it. */
export function recordedOutputs(rec: Recording) {
    return Object.fromEntries(Object.entries(rec.stack.outputs).map(([k, o]) => [k, o.value])) as {
        namespaceReport: Record<string, import("../../../probe/types").PodNamespaceReport>;
        pods: Record<string, import("../../../lab/stackOutputs").PodFacts>;
        nodes: import("../../../lab/stackOutputs").NodeFacts[];
    };
}
