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
import { parseCommandLine } from "./args";
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
    const parsed = parseCommandLine(
        args,
        { format: { type: "string" }, json: { type: "boolean" }, raw: { type: "boolean" }, help: { type: "boolean", short: "h" } },
        true,
    );
    if ("error" in parsed) {
        io.stderr(`lab diff: ${parsed.error} (${USAGE})\n`);
        return 2;
    }
    const { values, positionals: files } = parsed;
    if (values.help) {
        io.stdout(`${USAGE}\n`);
        return 0;
    }
    const formatValue = values.json ? "json" : (values.format ?? "text");
    if (!(DIFF_FORMATS as readonly string[]).includes(formatValue)) {
        io.stderr(`lab diff: --format must be one of ${DIFF_FORMATS.join(", ")}, got "${formatValue}"\n`);
        return 2;
    }
    const format = formatValue as DiffFormat;
    const raw = values.raw ?? false;
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
