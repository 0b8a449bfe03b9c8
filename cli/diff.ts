// `lab diff BEFORE AFTER [--format text|md|json] [--raw]`: what changed in meaning between two stack-output documents
// (files or `-`); md shows it in the namespace pictures' terms, with the AFTER picture as Mermaid (PR comments).
// Exit 0 nothing changed in meaning, 1 something did, 2 bad input or usage (one line on stderr).
import { DiffResult, diffOutputs } from "../outputs/diff";
import { renderDiffJson, renderDiffText } from "../outputs/text";
import type { NormalisedOutputs } from "../outputs/normalise";
import { diffPodPictures, renderPictureDiffMarkdown } from "../picture/diff";
import { mermaidBlock } from "../picture/mermaid";
import { reportPictures } from "../picture/model";
import { NAMESPACE_TYPES } from "../probe/types";
import type { CliIo } from "./io";
import { InputProblem, loadOutputs } from "./report";

const DIFF_FORMATS = ["text", "md", "json"] as const;
type DiffFormat = (typeof DIFF_FORMATS)[number];
const USAGE = "usage: lab diff BEFORE AFTER [--format text|md|json] [--raw]   (files, or - for standard input; --json = --format json)";

/** Namespace changes the pictures show (a verdict per type, a private namespace shared): md leaves them to the picture. */
function shownByPicture(attribute: string): boolean {
    return (NAMESPACE_TYPES as readonly string[]).includes(attribute) || / shared privately with$/.test(attribute);
}

function renderMarkdown(result: DiffResult, before: NormalisedOutputs, after: NormalisedOutputs, raw: boolean): string {
    const pictures = diffPodPictures(reportPictures(before.namespaceReport ?? {}), reportPictures(after.namespaceReport ?? {}));
    const others = result.changes
        .filter((c) => !(c.section === "namespaces" && shownByPicture(c.attribute)))
        .map((c) => `${c.section}: ${c.text}`);
    // the text diff's closing line (count and what was not compared) is the same in every format
    const summary = renderDiffText(result, { raw }).trimEnd().split("\n").pop()!;
    return renderPictureDiffMarkdown(pictures, others, result.notes, summary, (picture, changed) => mermaidBlock(picture, { changed }));
}

export async function run(args: string[], io: CliIo): Promise<number> {
    let format: DiffFormat = "text";
    let raw = false;
    const files: string[] = [];
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        const formatValue = arg === "--format" ? args[++i] : arg.startsWith("--format=") ? arg.slice("--format=".length) : null;
        if (formatValue !== null) {
            if (formatValue === undefined || !(DIFF_FORMATS as readonly string[]).includes(formatValue)) {
                io.stderr(
                    `lab diff: --format must be one of ${DIFF_FORMATS.join(", ")}, got ${formatValue === undefined ? "nothing" : `"${formatValue}"`}\n`,
                );
                return 2;
            }
            format = formatValue as DiffFormat;
        } else if (arg === "--json") format = "json";
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
        io.stdout(
            format === "json"
                ? renderDiffJson(result)
                : format === "md"
                  ? renderMarkdown(result, before, after, raw)
                  : renderDiffText(result, { raw }, io.isTTY),
        );
        return result.changed ? 1 : 0;
    } catch (err) {
        if (err instanceof InputProblem) {
            io.stderr(`lab diff: ${err.message}\n`);
            return 2;
        }
        throw err;
    }
}
