// `lab report --format svg|html`: the pods' namespace pictures drawn from their layouts. One self-contained file: no
// external fonts, scripts or images; real <text> (selectable, read by screen readers) with <title>/<desc>; colours from
// CSS variables with a prefers-color-scheme: dark set, and each class also drawn with its own dash pattern and named
// in words, so the picture reads without colour. Pure: no Pulumi import.
import { LEGEND, podRows, wrap } from "../outputs/text";
import { podNamespaceTypes } from "../outputs/verdict";
import type { NamespaceReport, PodNamespaceReport } from "../probe/types";
import { BOX_PADDING_X, BOX_PADDING_Y, CHAR_WIDTH, FONT_SIZE, LaidBox, layoutPod, LINE_HEIGHT, PodLayout, textWidth } from "./layout";
import { CLASS_LABELS, NAMESPACE_CLASSES, NamespaceClass, PodPicture, podPicture } from "./model";
import { CLASS_DASH, DARK, LIGHT, Palette } from "./palette";

const MARGIN = 16;
const FONT_FAMILY = "'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace";

/** A palette as the CSS variables the style below reads. */
function cssVariables(p: Palette): string {
    const vars: Record<string, string> = {
        bg: p.bg,
        fg: p.fg,
        muted: p.muted,
        "node-fill": p.nodeFill,
        "node-stroke": p.nodeStroke,
        "pod-fill": p.podFill,
        "pod-stroke": p.podStroke,
        "proc-fill": p.procFill,
        "proc-stroke": p.procStroke,
        ...Object.fromEntries(
            NAMESPACE_CLASSES.flatMap((c) => [
                [c, p.stroke[c]],
                [`${c}-bg`, p.fill[c]],
            ]),
        ),
    };
    return Object.entries(vars)
        .map(([k, v]) => `--${k}: ${v};`)
        .join(" ");
}

const dash = (c: NamespaceClass) => (CLASS_DASH[c] ? ` stroke-dasharray: ${CLASS_DASH[c]};` : "");

/** Light and dark palettes (palette.ts); each namespace class: stroke, fill and dash pattern. */
const STYLE = `
.kpl { ${cssVariables(LIGHT)} }
@media (prefers-color-scheme: dark) { .kpl { ${cssVariables(DARK)} } }
.kpl text { fill: var(--fg); font-family: ${FONT_FAMILY}; font-size: ${FONT_SIZE}px; }
.kpl .title { font-weight: bold; }
.kpl .muted { fill: var(--muted); }
.kpl .bg { fill: var(--bg); }
.kpl .node > rect { fill: var(--node-fill); stroke: var(--node-stroke); }
.kpl .pod > rect { fill: var(--pod-fill); stroke: var(--pod-stroke); stroke-width: 1.5; }
.kpl .holder > rect { fill: var(--pod-fill); stroke: var(--proc-stroke); stroke-width: 1; }
.kpl .process > rect { fill: var(--proc-fill); stroke: var(--proc-stroke); stroke-width: 1.5; }
${NAMESPACE_CLASSES.map((c) => `.kpl .ns-${c} > rect { fill: var(--${c}-bg); stroke: var(--${c}); stroke-width: 2;${dash(c)} }`).join("\n")}
.kpl path.edge { fill: none; stroke-width: 1.5; }
${NAMESPACE_CLASSES.map((c) => `.kpl path.ns-${c} { stroke: var(--${c});${dash(c)} }`).join("\n")}
`;

const LEGEND_TEXT: Record<NamespaceClass, string> = {
    pod: "one namespace of several processes: pause created it, the containers joined it",
    private: "a namespace only one process is in",
    host: "the node's own namespace (same as its PID 1)",
};

export function escapeXml(text: string): string {
    return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const n = (x: number) => String(Math.round(x * 10) / 10);

function textLines(lines: string[], x: number, y: number, firstClass = "title"): string {
    return lines
        .map(
            (line, i) =>
                `<text x="${n(x)}" y="${n(y + (i + 1) * LINE_HEIGHT - 4)}"${i === 0 && firstClass ? ` class="${firstClass}"` : ""}>${escapeXml(line)}</text>`,
        )
        .join("");
}

/** Corner radius and where the text starts inside: leaves at the padding their size was computed with (layout.ts). */
interface BoxStyle {
    rx: number;
    dx: number;
    dy: number;
}
const PROCESS_BOX: BoxStyle = { rx: 6, dx: BOX_PADDING_X, dy: BOX_PADDING_Y };
const NAMESPACE_BOX: BoxStyle = { ...PROCESS_BOX, rx: 12 };
/** Node, pod and holder boxes: the title in the space ELK leaves above their content. */
const GROUP_BOX: BoxStyle = { rx: 10, dx: 12, dy: 4 };

function box(cls: string, b: LaidBox, title: string, attrs: string, style: BoxStyle): string {
    return `<g class="${cls}"${attrs}><title>${escapeXml(title)}</title><rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" rx="${style.rx}"/>${textLines(b.lines, b.x + style.dx, b.y + style.dy)}</g>`;
}

/** Width in characters a verdict wraps to under a picture `width` pixels wide. */
function verdictColumns(width: number): number {
    return Math.max(40, Math.floor((width - 4) / CHAR_WIDTH));
}

/** One pod's picture at (0, 0), its verdict under it; returns the markup and its size. */
function podGroup(layout: PodLayout, width: number): { markup: string; height: number } {
    const p = layout.picture;
    const parts: string[] = [];
    parts.push(
        box("node", layout.node, `node ${p.node}: the kind node container the pod runs on`, ` data-node="${escapeXml(p.node)}"`, GROUP_BOX),
    );
    parts.push(box("pod", layout.pod, `pod ${p.pod}, sandbox ${p.sandboxId}`, ` data-pod="${escapeXml(p.pod)}"`, GROUP_BOX));
    for (const pr of layout.processes) {
        const held = p.namespaces.filter((x) => x.holder === pr.process.name).map((x) => x.type);
        const title = `${pr.holder.lines[0]}: ${held.length > 0 ? `holds the ${held.join(", ")} namespaces it made` : "holds no namespace of its own"}`;
        parts.push(box("holder", pr.holder, title, ` data-holder="${escapeXml(pr.process.name)}"`, GROUP_BOX));
    }
    for (const e of layout.edges) {
        const d = e.points.map((pt, i) => `${i === 0 ? "M" : "L"}${n(pt.x)},${n(pt.y)}`).join(" ");
        parts.push(`<path class="edge ns-${e.class}" data-from="${escapeXml(e.from)}" data-to="${escapeXml(e.to)}" d="${d}"/>`);
    }
    for (const pr of layout.processes) {
        const what = pr.process.kind === "pause" ? "the pod's pause (sandbox) process" : "a container's process";
        parts.push(
            box(
                "process",
                pr,
                `${pr.process.name}, PID ${pr.process.pid}: ${what}`,
                ` data-process="${escapeXml(pr.process.name)}"`,
                PROCESS_BOX,
            ),
        );
    }
    for (const ns of layout.namespaces) {
        const x = ns.namespace;
        const title = `${x.type} namespace ${x.inode}: ${CLASS_LABELS[x.class]}; in it: ${x.members.join(", ")}`;
        parts.push(
            box(
                `namespace ns-${x.class}`,
                ns,
                title,
                ` data-namespace="${x.key}" data-class="${x.class}" data-members="${escapeXml(x.members.join(" "))}"`,
                NAMESPACE_BOX,
            ),
        );
    }
    const verdict = wrap(p.verdict, verdictColumns(width));
    parts.push(`<g class="verdict">${textLines(verdict, 0, layout.height + 6, "")}</g>`);
    return { markup: parts.join("\n"), height: layout.height + 6 + verdict.length * LINE_HEIGHT + 4 };
}

function legend(width: number): { markup: string; height: number } {
    const rows: string[] = [];
    let y = 0;
    for (const cls of NAMESPACE_CLASSES) {
        const label = `${CLASS_LABELS[cls]}: `;
        const lines = wrap(`${label}${LEGEND_TEXT[cls]}`, verdictColumns(width - 40));
        rows.push(
            `<g class="legend-row ns-${cls}"><rect x="0" y="${y + 2}" width="28" height="14" rx="4"/><path class="edge ns-${cls}" d="M0,${y + 24} L28,${y + 24}"/>${textLines(lines, 38, y, "")}</g>`,
        );
        y += Math.max(lines.length * LINE_HEIGHT, 28) + 4;
    }
    const lines =
        "Each process's box holds the namespaces it made (pause's: the ones the containers join). Lines: which namespaces each process is in.";
    const extra = wrap(lines, verdictColumns(width));
    rows.push(`<g class="legend-note">${textLines(extra, 0, y, "")}</g>`);
    return { markup: rows.join("\n"), height: y + extra.length * LINE_HEIGHT + 4 };
}

export interface SvgOptions {
    /** Heading line, e.g. "Namespaces per pod, cluster myk8s". */
    title: string;
    /** Prefix for the document's element ids (unique when several SVGs share a page). */
    idPrefix?: string;
}

/** One SVG with every pod's picture stacked under a title and a legend. */
export function svgDocument(layouts: PodLayout[], options: SvgOptions): string {
    const id = options.idPrefix ?? "kpl";
    const width = Math.max(640, ...layouts.map((l) => l.width), textWidth(options.title)) + 2 * MARGIN;
    const inner = width - 2 * MARGIN;
    const parts: string[] = [];
    let y = MARGIN;
    parts.push(`<g transform="translate(${MARGIN},${y})">${textLines([options.title], 0, 0)}</g>`);
    y += LINE_HEIGHT + 10;
    const key = legend(inner);
    parts.push(`<g class="legend" transform="translate(${MARGIN},${y})">${key.markup}</g>`);
    y += key.height + 14;
    if (layouts.length === 0) {
        parts.push(`<g transform="translate(${MARGIN},${y})">${textLines(["no pods in namespaceReport"], 0, 0, "")}</g>`);
        y += LINE_HEIGHT + 8;
    }
    for (const layout of layouts) {
        const pod = podGroup(layout, inner);
        parts.push(
            `<g class="pod-picture" data-pod="${escapeXml(layout.picture.pod)}" transform="translate(${MARGIN},${y})">\n${pod.markup}\n</g>`,
        );
        y += pod.height + 24;
    }
    const height = Math.ceil(y - 24 + MARGIN);
    const desc = layouts.map((l) => l.picture.verdict).join(" ");
    return [
        `<svg xmlns="http://www.w3.org/2000/svg" class="kpl" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc">`,
        `<title id="${id}-title">${escapeXml(options.title)}</title>`,
        `<desc id="${id}-desc">${escapeXml(desc)}</desc>`,
        `<style>${STYLE}</style>`,
        `<rect class="bg" x="0" y="0" width="${width}" height="${height}"/>`,
        ...parts,
        `</svg>`,
        "",
    ].join("\n");
}

/** Lays out every pod (ELK) and draws the SVG. */
export async function renderSvg(pictures: PodPicture[], options: SvgOptions): Promise<string> {
    return svgDocument(await Promise.all(pictures.map(layoutPod)), options);
}

/** The `lab report` table of one pod as HTML: rows pause + containers, columns namespace types, cells inode + class. */
function podTable(pod: PodNamespaceReport): string {
    const types = podNamespaceTypes(pod);
    const head = `<tr><th>process</th>${types.map((t) => `<th>${t}</th>`).join("")}</tr>`;
    const rows = podRows(pod, types).map(
        (r) =>
            `<tr><th>${escapeXml(r.label)}</th>${r.cells.map((c) => `<td>${c.inode}${c.sharing === null ? "" : ` ${c.sharing}`}</td>`).join("")}</tr>`,
    );
    return `<table><caption>${escapeXml(LEGEND)}</caption>${head}${rows.join("")}</table>`;
}

/**
 * One HTML page: per pod a section with its own picture (the same SVG drawing), its verdict as text and the
 * `lab report` table; light and dark like the SVG. No script, no external resource.
 */
export async function renderHtml(report: NamespaceReport, options: SvgOptions): Promise<string> {
    const sections: string[] = [];
    for (const [i, [name, pod]] of Object.entries(report).entries()) {
        const picture = podPicture(name, pod);
        const svg = await renderSvg([picture], { title: `pod ${name} on node ${pod.node}`, idPrefix: `pod${i}` });
        sections.push(
            [
                `<section id="pod-${escapeXml(name)}">`,
                `<h2>Pod <code>${escapeXml(name)}</code></h2>`,
                `<figure>${svg}<figcaption>${escapeXml(picture.verdict)}</figcaption></figure>`,
                podTable(pod),
                `</section>`,
            ].join("\n"),
        );
    }
    return [
        "<!doctype html>",
        `<html lang="en"><head><meta charset="utf-8"><meta name="color-scheme" content="light dark">`,
        `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeXml(options.title)}</title>`,
        `<style>
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --line: #d0d7de; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #e6edf3; --line: #30363d; } }
body { background: var(--bg); color: var(--fg); font-family: ${FONT_FAMILY}; margin: 2rem; }
figure { margin: 1rem 0; overflow-x: auto; } figcaption { margin-top: .5rem; max-width: 80ch; }
table { border-collapse: collapse; margin: 1rem 0; } caption { text-align: left; padding: .25rem 0; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; }
</style></head><body>`,
        `<h1>${escapeXml(options.title)}</h1>`,
        Object.keys(report).length === 0 ? "<p>No pods in namespaceReport.</p>" : "",
        ...sections,
        "</body></html>",
        "",
    ].join("\n");
}
