// Terminal text of a normalised document: the namespace table per pod (colour only when asked) and the rows every
// rendering shares, and the diff's text. Per pod: rows = pause + each container, columns = namespace types, cells =
// inode and verdict — the seed's `lsns -p` comparison at a glance — then the pod's verdict sentence. The Markdown and
// the pictures are picture/'s; which format a verb prints is cli/'s.
import type { NamespaceType, PodNamespaceReport, Sharing } from "../probe/types";
import type { DiffOptions, DiffResult, Section } from "./diff";
import { OutputsInputError } from "./errors";
import type { NormalisedOutputs } from "./normalise";
import { podNamespaceTypes, podVerdict } from "./verdict";

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

export function podHeading(name: string, pod: PodNamespaceReport): string {
    return `pod ${name} on node ${pod.node}, sandbox ${pod.sandboxId.slice(0, 13)}, ${pod.consistent ? "runtime spec consistent with the kernel" : "runtime spec INCONSISTENT with the kernel"}`;
}

const ANSI: Record<Sharing, string> = { pod: "\u001b[32m", host: "\u001b[33m", private: "\u001b[36m" };
const ANSI_BOLD = "\u001b[1m";
const ANSI_RESET = "\u001b[0m";

/** The namespace table per pod, as `lab up` and `lab report` print it. */
export function renderReportTable(doc: NormalisedOutputs, colour = false): string {
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

/** What changed in meaning, by section, then the notes and the count (the closing line every diff format ends with). */
export function renderDiffText(result: DiffResult, options: DiffOptions = {}, colour = false): string {
    const lines: string[] = [];
    let section: Section | null = null;
    for (const change of result.changes) {
        if (change.section !== section) {
            section = change.section;
            lines.push(colour ? `\u001b[1m${section}\u001b[0m` : section);
        }
        const colourCode = change.kind === "added" ? "\u001b[32m" : change.kind === "removed" ? "\u001b[31m" : "\u001b[33m";
        lines.push(`  ${colour ? `${colourCode}${change.text}\u001b[0m` : change.text}${change.volatile ? " (volatile)" : ""}`);
    }
    for (const note of result.notes) lines.push(`note: ${note}`);
    const n = result.changes.length;
    const ignored =
        result.ignoredVolatile > 0 && !options.raw
            ? ` (${result.ignoredVolatile} volatile ${result.ignoredVolatile === 1 ? "value differs" : "values differ"}: ids, PIDs, inodes, UIDs, IPs; --raw compares them)`
            : "";
    lines.push(
        n === 0 ? `no change in meaning${ignored}` : `${n} ${n === 1 ? "change" : "changes"}${options.raw ? "" : " in meaning"}${ignored}`,
    );
    return `${lines.join("\n")}\n`;
}

export function renderDiffJson(result: DiffResult): string {
    return `${JSON.stringify(result, null, 2)}\n`;
}
