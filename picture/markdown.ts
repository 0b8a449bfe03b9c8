// The namespace report as Markdown for PR comments and step summaries: per pod the Mermaid picture, then the table
// (inode and verdict per namespace type) and the verdict sentence.
import type { NormalisedOutputs } from "../outputs/normalise";
import { LEGEND, podRows, requireNamespaceReport } from "../outputs/text";
import { podNamespaceTypes, podVerdict } from "../outputs/verdict";
import { mermaidBlock } from "./mermaid";
import { podPicture } from "./model";

export function renderReportMarkdown(doc: NormalisedOutputs): string {
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
