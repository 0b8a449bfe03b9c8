// `lab report` renderings of a normalised document: a terminal table (colour only when asked), Markdown for PR
// comments, and the normalised JSON. Per pod: rows = pause + each container, columns = namespace types,
// cells = inode and verdict — the seed's `lsns -p` comparison at a glance — then the pod's verdict sentence.
import type { NamespaceType, PodNamespaceReport, Sharing } from "../probe/types";
import { OutputsInputError } from "./errors";
import type { NormalisedOutputs } from "./normalise";
import { podNamespaceTypes, podVerdict } from "./verdict";
import { mermaidBlock } from "../picture/mermaid";
import { podPicture } from "../picture/model";

export type ReportFormat = "table" | "md" | "json";
export const REPORT_FORMATS: readonly ReportFormat[] = ["table", "md", "json"];
/** The picture formats (components/picture): drawn by an asynchronous layout, so `lab report` calls them apart. */
export type PictureFormat = "svg" | "html";
export const PICTURE_FORMATS: readonly PictureFormat[] = ["svg", "html"];

export const LEGEND = "pod = same namespace as pause, host = the node's (its PID 1), private = neither";

/** The namespace report to render; a document whose namespaceReport is masked cannot be rendered. */
export function requireNamespaceReport(doc: NormalisedOutputs): Record<string, PodNamespaceReport> {
    if (doc.namespaceReport !== undefined) return doc.namespaceReport;
    if (doc.secrets.includes("namespaceReport")) {
        throw new OutputsInputError("namespaceReport", "is a secret here; rerun `pulumi stack output --json --show-secrets`");
    }
    throw new OutputsInputError("namespaceReport", "missing");
}

export function reportTitle(doc: NormalisedOutputs): string {
    return doc.clusterName ? `Namespaces per pod, cluster ${doc.clusterName}` : "Namespaces per pod";
}

export function renderReport(doc: NormalisedOutputs, format: ReportFormat, colour = false): string {
    switch (format) {
        case "table":
            return renderTable(doc, colour);
        case "md":
            return renderMarkdown(doc);
        case "json":
            return `${JSON.stringify(doc, null, 2)}\n`;
    }
}

export interface Row {
    label: string;
    cells: Array<{ inode: string; sharing: Sharing | null }>;
}

export function podRows(pod: PodNamespaceReport, types: NamespaceType[]): Row[] {
    const row = (
        label: string,
        p: { namespaces: PodNamespaceReport["pause"]["namespaces"]; sharing: PodNamespaceReport["pause"]["sharing"] },
    ): Row => ({
        label,
        cells: types.map((t) => ({ inode: p.namespaces[t] === undefined ? "-" : String(p.namespaces[t]), sharing: p.sharing[t] ?? null })),
    });
    return [
        row(`pause (PID ${pod.pause.pid})`, pod.pause),
        ...Object.entries(pod.containers).map(([name, c]) => row(`${name} (PID ${c.pid})`, c)),
    ];
}

function podHeading(name: string, pod: PodNamespaceReport): string {
    return `pod ${name} on node ${pod.node}, sandbox ${pod.sandboxId.slice(0, 13)}, ${pod.consistent ? "runtime spec consistent with the kernel" : "runtime spec INCONSISTENT with the kernel"}`;
}

const ANSI: Record<Sharing, string> = { pod: "\u001b[32m", host: "\u001b[33m", private: "\u001b[36m" };
const ANSI_BOLD = "\u001b[1m";
const ANSI_RESET = "\u001b[0m";

function renderTable(doc: NormalisedOutputs, colour: boolean): string {
    const report = requireNamespaceReport(doc);
    const lines: string[] = [];
    const title = reportTitle(doc);
    lines.push(colour ? `${ANSI_BOLD}${title}${ANSI_RESET}` : title, `(${LEGEND})`);
    const podNames = Object.keys(report);
    if (podNames.length === 0) lines.push("", "no pods in namespaceReport");
    for (const name of podNames) {
        const pod = report[name];
        const types = podNamespaceTypes(pod);
        const rows = podRows(pod, types);
        const cellText = (c: Row["cells"][number]) => (c.sharing === null ? c.inode : `${c.inode} ${c.sharing}`);
        const labelWidth = Math.max(...rows.map((r) => r.label.length));
        const widths = types.map((t, i) => Math.max(t.length, ...rows.map((r) => cellText(r.cells[i]).length)));
        const pad = (text: string, width: number) => text + " ".repeat(width - text.length);
        lines.push("", colour ? `${ANSI_BOLD}${podHeading(name, pod)}${ANSI_RESET}` : podHeading(name, pod));
        lines.push(`  ${pad("", labelWidth)}  ${types.map((t, i) => pad(t, widths[i])).join("  ")}`.trimEnd());
        for (const r of rows) {
            const cells = r.cells.map((c, i) => {
                const padded = pad(cellText(c), widths[i]);
                return colour && c.sharing !== null ? `${ANSI[c.sharing]}${padded}${ANSI_RESET}` : padded;
            });
            lines.push(`  ${pad(r.label, labelWidth)}  ${cells.join("  ")}`.trimEnd());
        }
        lines.push(...wrap(podVerdict(name, pod), 100).map((l) => `  ${l}`));
    }
    return `${lines.join("\n")}\n`;
}

function renderMarkdown(doc: NormalisedOutputs): string {
    const report = requireNamespaceReport(doc);
    const out: string[] = [
        `## Namespaces per pod${doc.clusterName ? ` (cluster \`${doc.clusterName}\`)` : ""}`,
        "",
        `Cells: inode and verdict (${LEGEND}).`,
    ];
    const podNames = Object.keys(report);
    if (podNames.length === 0) out.push("", "No pods in namespaceReport.");
    for (const name of podNames) {
        const pod = report[name];
        const types = podNamespaceTypes(pod);
        out.push(
            "",
            `### Pod \`${name}\``,
            "",
            `Node \`${pod.node}\`, sandbox \`${pod.sandboxId.slice(0, 13)}\`, runtime spec consistent with the kernel: ${pod.consistent ? "yes" : "**no**"}.`,
            "",
        );
        out.push(mermaidBlock(podPicture(name, pod)), "");
        out.push(`| process | ${types.join(" | ")} |`, `|${" --- |".repeat(types.length + 1)}`);
        for (const r of podRows(pod, types)) {
            const cells = r.cells.map((c) =>
                c.sharing === null ? c.inode : `${c.inode} ${c.sharing === "private" ? c.sharing : `**${c.sharing}**`}`,
            );
            out.push(`| ${escapeMarkdown(r.label)} | ${cells.join(" | ")} |`);
        }
        out.push("", escapeMarkdown(podVerdict(name, pod)));
    }
    return `${out.join("\n")}\n`;
}

/** Markdown text: the characters GitHub reads as markup are escaped. */
export function escapeMarkdown(text: string): string {
    return text.replace(/([|*_`\\<>[\]])/g, "\\$1");
}

/** Greedy word wrap, so verdicts stay readable in an 100-column terminal. */
export function wrap(text: string, width: number): string[] {
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(" ")) {
        if (line !== "" && line.length + 1 + word.length > width) {
            lines.push(line);
            line = word;
        } else {
            line = line === "" ? word : `${line} ${word}`;
        }
    }
    if (line !== "") lines.push(line);
    return lines;
}
