// `lab diff BEFORE AFTER [--json] [--raw]`: what changed in meaning between two stack-output documents (files or
// `-`). Exit 0 nothing changed in meaning, 1 something did, 2 bad input or usage (one line on stderr).
import { diffOutputs, renderDiffJson, renderDiffText } from "../components/outputs/diff";
import type { CliIo } from "./io";
import { InputProblem, loadOutputs } from "./report";

const USAGE = "usage: lab diff BEFORE AFTER [--json] [--raw]   (files, or - for standard input)";

export async function run(args: string[], io: CliIo): Promise<number> {
    let json = false;
    let raw = false;
    const files: string[] = [];
    for (const arg of args) {
        if (arg === "--json") json = true;
        else if (arg === "--raw") raw = true;
        else if (arg === "-h" || arg === "--help") {
            io.stdout(`${USAGE}\n`);
            return 0;
        } else if (arg.startsWith("-") && arg !== "-") {
            io.stderr(`lab diff: unknown option ${arg} (${USAGE})\n`);
            return 2;
        } else files.push(arg);
    }
    if (files.length !== 2) {
        io.stderr(`lab diff: expected two inputs, BEFORE and AFTER, got ${files.length} (${USAGE})\n`);
        return 2;
    }
    if (files[0] === "-" && files[1] === "-") {
        io.stderr("lab diff: only one of BEFORE and AFTER can be standard input (-)\n");
        return 2;
    }
    try {
        const before = await loadOutputs(io, files[0]);
        const after = await loadOutputs(io, files[1]);
        const result = diffOutputs(before, after, { raw });
        io.stdout(json ? renderDiffJson(result) : renderDiffText(result, { raw }, io.isTTY));
        return result.changed ? 1 : 0;
    } catch (err) {
        if (err instanceof InputProblem) {
            io.stderr(`lab diff: ${err.message}\n`);
            return 2;
        }
        throw err;
    }
}
