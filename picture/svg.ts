// `lab report --format svg|html`: the pods' namespace pictures drawn from their layouts. One self-contained file: no
// external fonts, scripts or images; real <text> (selectable, read by screen readers) with <title>/<desc>; colours from
// CSS variables with a prefers-color-scheme: dark set, and each class also drawn with its own dash pattern and named
// in words, so the picture reads without colour. Pure: no Pulumi import.
import { LEGEND, podRows, wrap } from "../outputs/text";
import { podNamespaceTypes } from "../outputs/verdict";
import type { NamespaceReport, PodNamespaceReport } from "../probe/types";
import { CHAR_WIDTH, FONT_SIZE, LaidBox, layoutPod, LINE_HEIGHT, PodLayout, textWidth } from "./layout";
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

/** Light and dark palettes (palette.ts); each namespace class: stroke, fill and dash pattern, for cells and lines. */
const STYLE = `
.kpl { ${cssVariables(LIGHT)} }
@media (prefers-color-scheme: dark) { .kpl { ${cssVariables(DARK)} } }
.kpl text { fill: var(--fg); font-family: ${FONT_FAMILY}; font-size: ${FONT_SIZE}px; }
.kpl .title { font-weight: bold; }
.kpl .bg { fill: var(--bg); }
.kpl .node > rect { fill: var(--node-fill); stroke: var(--node-stroke); }
.kpl .pod > rect { fill: var(--pod-fill); stroke: var(--pod-stroke); stroke-width: 1.5; }
.kpl .band > rect { fill: var(--pod-fill); stroke: var(--node-stroke); stroke-width: 1.5; }
.kpl .head > rect { fill: var(--node-fill); stroke: none; }
.kpl .process > rect { fill: var(--proc-fill); stroke: var(--proc-stroke); stroke-width: 1.5; }
${NAMESPACE_CLASSES.map((c) => `.kpl .ns-${c} > rect { fill: var(--${c}-bg); stroke: var(--${c}); stroke-width: 2;${dash(c)} }`).join("\n")}
.kpl path.line { fill: none; stroke-width: 2; }
${NAMESPACE_CLASSES.map((c) => `.kpl path.ns-${c} { stroke: var(--${c});${dash(c)} }`).join("\n")}
`;

const LEGEND_TEXT: Record<NamespaceClass, string> = {
    pod: "one namespace several processes are in (pause created it, the containers joined it): one cell across their rows",
    private: "a namespace only one process is in: its own cell",
    host: "the node's own namespace (same as its PID 1): each process's cell is joined down to it in the node's band",
};

export function escapeXml(text: string): string {
    return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const n = (x: number) => String(Math.round(x * 10) / 10);

/** Text lines from the top left of their block (y: the block's top). */
function textLines(lines: string[], x: number, y: number, firstClass = "title"): string {
    return lines
        .map(
            (line, i) =>
                `<text x="${n(x)}" y="${n(y + (i + 1) * LINE_HEIGHT - 4)}"${i === 0 && firstClass ? ` class="${firstClass}"` : ""}>${escapeXml(line)}</text>`,
        )
        .join("");
}

/** A box as laid out: its rectangle and its text where the layout put it; `title` is its tooltip. */
function box(cls: string, b: LaidBox, title: string, attrs = "", rx = 6): string {
    return `<g class="box ${cls}"${attrs}><title>${escapeXml(title)}</title><rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" rx="${rx}"/>${textLines(b.lines, b.text.x, b.text.y)}</g>`;
}

/** Width in characters a verdict wraps to under a picture `width` pixels wide. */
function verdictColumns(width: number): number {
    return Math.max(40, Math.floor((width - 4) / CHAR_WIDTH));
}

/** One pod's grid at (0, 0), its verdict under it; returns the markup and its size. */
function podGroup(layout: PodLayout, width: number): { markup: string; height: number } {
    const p = layout.picture;
    const parts: string[] = [];
    parts.push(
        box("node", layout.node, `node ${p.node}: the kind node container the pod runs on`, ` data-node="${escapeXml(p.node)}"`, 10),
    );
    parts.push(box("pod", layout.pod, `pod ${p.pod}, sandbox ${p.sandboxId}`, ` data-pod="${escapeXml(p.pod)}"`, 10));
    if (layout.band) {
        const title = `node ${p.node}'s own namespaces (the same as its PID 1's), below the pod's`;
        parts.push(box("band", layout.band, title, "", 10));
    }
    parts.push(box("head", layout.corner, "rows: pause and each container, with its PID", "", 4));
    for (const c of layout.columns) {
        parts.push(box("head", c.header, `column: the ${c.type} namespace of each process`, ` data-type="${c.type}"`, 4));
    }
    for (const pr of layout.processes) {
        const what = pr.process.kind === "pause" ? "the pod's pause (sandbox) process" : `container ${pr.process.name}'s process`;
        parts.push(
            box("process", pr, `${pr.process.name}, PID ${pr.process.pid}: ${what}`, ` data-process="${escapeXml(pr.process.name)}"`),
        );
    }
    for (const ns of layout.namespaces) {
        const x = ns.namespace;
        const about = `${x.type} namespace ${x.inode}: ${CLASS_LABELS[x.class]}; in it: ${x.members.join(", ")}`;
        const g: string[] = [
            `<g class="namespace ns-${x.class}" data-namespace="${x.key}" data-class="${x.class}" data-members="${escapeXml(x.members.join(" "))}">`,
            `<title>${escapeXml(about)}</title>`,
        ];
        for (const line of layout.lines.filter((l) => l.namespace === x.key)) {
            const d = line.points.map((pt, i) => `${i === 0 ? "M" : "L"}${n(pt.x)},${n(pt.y)}`).join(" ");
            g.push(`<path class="line ns-${line.class}" data-namespace="${x.key}" d="${d}"/>`);
        }
        for (const cell of ns.cells) {
            const title = `${cell.rows.join(", ")}: ${about}`;
            g.push(box(`cell ns-${x.class}`, cell, title, ` data-rows="${escapeXml(cell.rows.join(" "))}"`, 8));
        }
        if (ns.nodeBox) g.push(box(`node-ns ns-${x.class}`, ns.nodeBox, about, "", 8));
        g.push("</g>");
        parts.push(g.join(""));
    }
    const verdict = wrap(p.verdict, verdictColumns(width));
    parts.push(`<g class="verdict">${textLines(verdict, 0, layout.height + 6, "")}</g>`);
    return { markup: parts.join("\n"), height: layout.height + 6 + verdict.length * LINE_HEIGHT + 4 };
}

function legend(width: number): { markup: string; height: number } {
    const rows: string[] = [];
    let y = 0;
    for (const cls of NAMESPACE_CLASSES) {
        const lines = wrap(`${CLASS_LABELS[cls]}: ${LEGEND_TEXT[cls]}`, verdictColumns(width - 40));
        rows.push(
            `<g class="legend-row ns-${cls}"><rect x="0" y="${y + 1}" width="28" height="14" rx="4"/>${textLines(lines, 38, y, "")}</g>`,
        );
        y += lines.length * LINE_HEIGHT + 6;
    }
    const note =
        "Rows: pause and each container, with its PID. Columns: the namespace types. Cells: the inode of each process's namespace of that type.";
    const extra = wrap(note, verdictColumns(width));
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

/** Lays out every pod (layout.ts) and draws them in one SVG (`lab report --format svg`). */
export async function renderSvg(pictures: PodPicture[], options: SvgOptions): Promise<string> {
    return svgDocument(pictures.map(layoutPod), options);
}

/**
 * One pod's picture as a standalone <svg> element to put inline in an HTML page: its own style (scoped to the
 * element's class, so it works beside other SVGs), its title and legend, and element ids made from the pod's name,
 * so the pictures of several pods can share one page.
 */
export async function renderPodSvg(picture: PodPicture): Promise<string> {
    return svgDocument([layoutPod(picture)], {
        title: `pod ${picture.pod} on node ${picture.node}`,
        idPrefix: `kpl-pod-${idSafe(picture.pod)}`,
    });
}

/** A name as a part of an XML id: what an id may not hold becomes "_". */
function idSafe(name: string): string {
    return name.replace(/[^A-Za-z0-9_.-]/g, "_");
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
    for (const [name, pod] of Object.entries(report)) {
        const picture = podPicture(name, pod);
        const svg = await renderPodSvg(picture);
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
