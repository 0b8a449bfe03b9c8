// `lab report [FILE|-] [--format table|md|json|svg|html]`: the namespace table per pod from stack outputs (or a bare
// namespaceReport), or its picture (svg: one drawing; html: a page with a drawing and the table per pod). Exit 0 ok, 2 bad input or usage (one line on stderr).
import { OutputsInputError } from "../outputs/errors";
import { NormalisedOutputs, normaliseOutputsText } from "../outputs/normalise";
import { renderReportTable, reportTitle, requireNamespaceReport } from "../outputs/text";
import { renderReportMarkdown } from "../picture/markdown";
import { reportPictures } from "../picture/model";
import { parseCommandLine } from "./args";
import type { CliIo } from "./io";

export type ReportFormat = "table" | "md" | "json";
export const REPORT_FORMATS: readonly ReportFormat[] = ["table", "md", "json"];
/** The picture formats: drawn by picture/svg.ts (asynchronous, loaded only for them), so they are rendered apart. */
export type PictureFormat = "svg" | "html";
export const PICTURE_FORMATS: readonly PictureFormat[] = ["svg", "html"];

/** The namespace report in one of the text formats: the terminal table, Markdown (with the pictures) or the normalised JSON. */
export function renderReport(doc: NormalisedOutputs, format: ReportFormat, colour = false): string {
    switch (format) {
        case "table":
            return renderReportTable(doc, colour);
        case "md":
            return renderReportMarkdown(doc);
        case "json":
            return `${JSON.stringify(doc, null, 2)}\n`;
    }
}

const FORMATS: readonly string[] = [...REPORT_FORMATS, ...PICTURE_FORMATS];
const USAGE = `usage: lab report [FILE|-] [--format ${FORMATS.join("|")}]`;

/** Reads and normalises one input; a problem becomes one line "FILE: problem" (the caller prefixes the verb). */
export async function loadOutputs(io: CliIo, path: string): Promise<NormalisedOutputs> {
    const name = path === "-" ? "<stdin>" : path;
    let text: string;
    try {
        text = await io.readInput(path);
    } catch (err) {
        const e = err as NodeJS.ErrnoException;
        throw new InputProblem(`${name}: cannot read (${e.code ?? (e.message || String(err)).split("\n")[0]})`);
    }
    try {
        return normaliseOutputsText(text);
    } catch (err) {
        if (err instanceof OutputsInputError) throw new InputProblem(`${name}: ${err.message}`);
        throw err;
    }
}

/** An input problem already phrased as the one line the user sees. */
export class InputProblem extends Error {
    constructor(line: string) {
        super(line);
        this.name = "InputProblem";
    }
}

export async function run(args: string[], io: CliIo): Promise<number> {
    const parsed = parseCommandLine(args, { format: { type: "string" }, help: { type: "boolean", short: "h" } }, true);
    if ("error" in parsed) {
        io.stderr(`lab report: ${parsed.error} (${USAGE})\n`);
        return 2;
    }
    if (parsed.values.help) {
        io.stdout(`${USAGE}\n`);
        return 0;
    }
    const formatValue = parsed.values.format ?? "table";
    if (!FORMATS.includes(formatValue)) {
        io.stderr(`lab report: --format must be one of ${FORMATS.join(", ")}, got "${formatValue}"\n`);
        return 2;
    }
    const format = formatValue as ReportFormat | PictureFormat;
    const files = parsed.positionals;
    if (files.length > 1) {
        io.stderr(`lab report: one input at a time, got ${files.length} (${USAGE})\n`);
        return 2;
    }
    const file = files[0] ?? "-";
    try {
        const doc = await loadOutputs(io, file);
        let report;
        try {
            report = requireNamespaceReport(doc);
        } catch (err) {
            if (err instanceof OutputsInputError) throw new InputProblem(`${file === "-" ? "<stdin>" : file}: ${err.message}`);
            throw err;
        }
        const title = reportTitle(doc);
        if (format === "svg" || format === "html") {
            // the picture modules are loaded only when a picture is asked for, not for every table
            const { renderHtml, renderSvg } = await import("../picture/svg");
            io.stdout(format === "svg" ? await renderSvg(reportPictures(report), { title }) : await renderHtml(report, { title }));
        } else io.stdout(renderReport(doc, format, io.isTTY && format === "table"));
        return 0;
    } catch (err) {
        if (err instanceof InputProblem) {
            io.stderr(`lab report: ${err.message}\n`);
            return 2;
        }
        throw err;
    }
}
