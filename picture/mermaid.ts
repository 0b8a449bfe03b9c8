// The namespace picture as a Mermaid flowchart, for Markdown (`lab report --format md`, `lab diff --format md`):
// GitHub renders ```mermaid blocks in PR comments and job summaries. Same model, boxes and texts as the SVG: the node
// ⊃ the pod ⊃ a box per process holding the namespaces it made; the node's namespaces beside the pod; one line per
// process and namespace it is in. Pure: no Pulumi import.
import { holderTitle, NAMESPACE_CLASSES, NamespaceClass, namespaceLines, nodeTitle, PodPicture, podTitle, processLines } from "./model";
import { CHANGED_STROKE, CLASS_DASH, LIGHT } from "./palette";

/** The SVG's light palette (Mermaid's classDef takes no media queries); dashes tell classes apart. */
const classDef = (c: NamespaceClass) =>
    `fill:${LIGHT.fill[c]},stroke:${LIGHT.stroke[c]},stroke-width:2px,${CLASS_DASH[c] ? `stroke-dasharray:${CLASS_DASH[c]},` : ""}color:${LIGHT.fg}`;
const CLASS_DEFS: Record<NamespaceClass | "proc" | "changed", string> = {
    pod: classDef("pod"),
    private: classDef("private"),
    host: classDef("host"),
    proc: `fill:${LIGHT.procFill},stroke:${LIGHT.procStroke},color:${LIGHT.fg}`,
    changed: `stroke:${CHANGED_STROKE},stroke-width:4px`,
};

/** Mermaid label text: quotes and the characters Mermaid reads as markup become entity codes. */
function label(lines: string[]): string {
    const esc = (s: string) => s.replace(/[#"<>]/g, (c) => `#${c.charCodeAt(0)};`);
    return `"${lines.map(esc).join("<br/>")}"`;
}

export interface MermaidHighlight {
    /** Namespace keys ("pid:4026532252") and process names drawn as changed. */
    changed: ReadonlySet<string>;
}

/** One ```mermaid block (without the fence) for one pod. */
export function mermaidFlowchart(picture: PodPicture, highlight?: MermaidHighlight): string {
    const lines: string[] = ["flowchart LR"];
    const procId = new Map(picture.processes.map((p, i) => [p.name, `p${i}`]));
    const nsId = new Map(picture.namespaces.map((n, i) => [n.key, `n${i}`]));
    lines.push(`  subgraph nodebox[${label([nodeTitle(picture)])}]`);
    lines.push(`    subgraph podbox[${label([podTitle(picture)])}]`);
    for (const [i, p] of picture.processes.entries()) {
        lines.push(`      subgraph h${i}[${label([holderTitle(p)])}]`);
        lines.push(`        ${procId.get(p.name)}[${label(processLines(p))}]`);
        for (const n of picture.namespaces.filter((x) => x.holder === p.name)) {
            lines.push(`        ${nsId.get(n.key)}([${label(namespaceLines(n))}])`);
        }
        lines.push("      end");
    }
    lines.push("    end");
    for (const n of picture.namespaces.filter((x) => x.holder === null)) {
        lines.push(`    ${nsId.get(n.key)}([${label(namespaceLines(n))}])`);
    }
    lines.push("  end");
    const linkClass: NamespaceClass[] = [];
    for (const n of picture.namespaces) {
        for (const m of n.members) {
            lines.push(`  ${procId.get(m)} --- ${nsId.get(n.key)}`);
            linkClass.push(n.class);
        }
    }
    for (const [cls, def] of Object.entries(CLASS_DEFS)) lines.push(`  classDef ${cls} ${def}`);
    if (picture.processes.length > 0) lines.push(`  class ${picture.processes.map((p) => procId.get(p.name)).join(",")} proc`);
    for (const cls of NAMESPACE_CLASSES) {
        const ids = picture.namespaces.filter((n) => n.class === cls).map((n) => nsId.get(n.key));
        if (ids.length > 0) lines.push(`  class ${ids.join(",")} ${cls}`);
    }
    const changed = [
        ...picture.processes.filter((p) => highlight?.changed.has(p.name)).map((p) => procId.get(p.name)),
        ...picture.namespaces.filter((n) => highlight?.changed.has(n.key)).map((n) => nsId.get(n.key)),
    ];
    if (changed.length > 0) lines.push(`  class ${changed.join(",")} changed`);
    for (const cls of NAMESPACE_CLASSES) {
        const indexes = linkClass.flatMap((c, i) => (c === cls ? [i] : []));
        if (indexes.length > 0) lines.push(`  linkStyle ${indexes.join(",")} stroke:${LIGHT.stroke[cls]},stroke-width:2px`);
    }
    return `${lines.join("\n")}\n`;
}

export function mermaidBlock(picture: PodPicture, highlight?: MermaidHighlight): string {
    return `\`\`\`mermaid\n${mermaidFlowchart(picture, highlight)}\`\`\``;
}
