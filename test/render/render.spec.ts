/// <reference lib="dom" />
// (the functions passed to page.evaluate run in the browser and use its DOM types)
// The namespace pictures as a real headless Chromium draws them, for every file in examples/: the SVG and the HTML
// page hold each process and namespace once and a cell for each membership the report gives (read back from the
// browser's DOM), the lines drawn are the layout's and no two of them cross (counted with the layout's own counter on
// the paths as Chromium holds them), no text leaves its box and nothing leaves the drawing, the PNG is not blank and shows each class's colour, text keeps
// its contrast in light and dark schemes; Mermaid text from `lab report --format md` and `lab diff --format md` is
// parsed and drawn by the Mermaid library itself. docs/namespaces.png is what the code draws today.
// Needs Chromium (npm run setup:test installs Debian's); without it the suite fails naming the setup, never skips.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import type { Browser, Page } from "puppeteer-core";
import { PNG } from "pngjs";
import { memoryIo } from "../support/memoryIo";
import { main } from "../../cli/lab";
import { normaliseOutputsText } from "../../outputs/normalise";
import { countCrossings, layoutPod, Point } from "../../picture/layout";
import { holderTitle, NamespaceClass, namespaceLines, processLines, reportPictures } from "../../picture/model";
import { DARK, LIGHT } from "../../picture/palette";
import {
    contrast,
    DOCS_PICTURE,
    drawDocsPicture,
    launchBrowser,
    MERMAID_BUNDLE,
    openMarkup,
    pixelStats,
    REPO_ROOT,
    Scheme,
} from "./browser";

const EXAMPLES = path.join(REPO_ROOT, "examples");
const FILES = fs
    .readdirSync(EXAMPLES)
    .filter((f) => f.endsWith(".json"))
    .sort();
/** The SVG's class stroke colours (picture/palette.ts), light and dark. */
const CLASS_COLOURS: Record<Scheme, Record<NamespaceClass, string>> = { light: LIGHT.stroke, dark: DARK.stroke };

async function lab(args: string[]): Promise<string> {
    const io = memoryIo();
    const code = await main(
        args.map((a) => (a.endsWith(".json") ? path.join(EXAMPLES, a) : a)),
        io,
    );
    assert.ok(code === 0 || code === 1, `lab ${args.join(" ")} exited ${code}: ${io.err}`);
    return io.out;
}

interface DrawnPod {
    pod: string;
    processes: string[];
    namespaces: Array<{ key: string; cls: string; members: string }>;
    /** "process>namespace" for each process row a namespace's cells span. */
    memberships: string[];
    /** Each path the picture draws, as points in the pod picture's own coordinates (the layout's), with its namespace. */
    lines: Array<{ namespace: string; points: Point[] }>;
}

/** What the browser's DOM holds per pod picture. */
function drawnPods(page: Page, root: string): Promise<DrawnPod[]> {
    return page.evaluate((sel: string) => {
        return [...document.querySelectorAll(`${sel} g.pod-picture`)].map((g) => {
            const toPod = (g as SVGGraphicsElement).getCTM()!.inverse();
            return {
                pod: g.getAttribute("data-pod")!,
                processes: [...g.querySelectorAll("[data-process]")].map((e) => e.getAttribute("data-process")!),
                namespaces: [...g.querySelectorAll("g.namespace[data-namespace]")].map((e) => ({
                    key: e.getAttribute("data-namespace")!,
                    cls: e.getAttribute("data-class")!,
                    members: e.getAttribute("data-members")!,
                })),
                memberships: [...g.querySelectorAll("g.namespace[data-namespace]")].flatMap((e) =>
                    [...e.querySelectorAll("g.cell[data-rows]")].flatMap((c) =>
                        c
                            .getAttribute("data-rows")!
                            .split(" ")
                            .map((row) => `${row}>${e.getAttribute("data-namespace")}`),
                    ),
                ),
                lines: [...g.querySelectorAll("path")].map((path) => {
                    // the path's own points through its transforms, back into the pod picture's coordinates
                    const m = toPod.multiply((path as SVGGraphicsElement).getCTM()!);
                    const numbers = (path.getAttribute("d") ?? "").match(/-?\d+(\.\d+)?/g)!.map(Number);
                    const points = [];
                    for (let i = 0; i + 1 < numbers.length; i += 2) {
                        const pt = new DOMPoint(numbers[i], numbers[i + 1]).matrixTransform(m);
                        points.push({ x: pt.x, y: pt.y });
                    }
                    return { namespace: path.getAttribute("data-namespace") ?? "", points };
                }),
            };
        });
    }, root);
}

/** Every line-like element of the page's pictures that is not one of a pod picture's connectors: none should be. */
function strayLines(page: Page): Promise<string[]> {
    return page.evaluate(() =>
        [...document.querySelectorAll("svg.kpl path, svg.kpl line, svg.kpl polyline, svg.kpl polygon")]
            .filter(
                (e) =>
                    !(e.matches("g.pod-picture path.line[data-namespace]") && /^M[\d.,-]+( L[\d.,-]+)+$/.test(e.getAttribute("d") ?? "")),
            )
            .map((e) => e.outerHTML.slice(0, 120)),
    );
}

/** Texts outside their box, or anything outside its SVG's viewBox: one line each. */
function overflows(page: Page): Promise<string[]> {
    return page.evaluate(() => {
        const problems: string[] = [];
        for (const svg of document.querySelectorAll("svg.kpl")) {
            const [, , w, h] = svg.getAttribute("viewBox")!.split(" ").map(Number);
            for (const el of svg.querySelectorAll("text, rect, path")) {
                const b = (el as SVGGraphicsElement).getBBox();
                const m = (el as SVGGraphicsElement).getCTM()!;
                const svgM = (svg as SVGSVGElement).getCTM()!.inverse();
                const t = svgM.multiply(m);
                const [x, y] = [t.e + b.x, t.f + b.y];
                if (x < -0.5 || y < -0.5 || x + b.width > w + 0.5 || y + b.height > h + 0.5)
                    problems.push(`outside the drawing: ${el.tagName} ${el.textContent ?? ""}`);
            }
            for (const g of svg.querySelectorAll("g.box")) {
                const r = g.querySelector(":scope > rect") as SVGRectElement;
                const rb = r.getBBox();
                for (const text of g.querySelectorAll(":scope > text")) {
                    const tb = (text as SVGTextElement).getBBox();
                    if (tb.x < rb.x || tb.y < rb.y || tb.x + tb.width > rb.x + rb.width || tb.y + tb.height > rb.y + rb.height) {
                        problems.push(`text "${text.textContent}" leaves its box (${Math.round(tb.x + tb.width - rb.x - rb.width)} px)`);
                    }
                }
            }
        }
        return problems;
    });
}

describe("render: the namespace pictures in a real headless Chromium", function () {
    this.timeout(60_000);
    let browser: Browser;

    before(async function () {
        this.timeout(60_000);
        browser = await launchBrowser();
    });
    after(async () => browser?.close());

    for (const file of FILES) {
        describe(file, () => {
            const doc = normaliseOutputsText(fs.readFileSync(path.join(EXAMPLES, file), "utf8"));
            const pictures = reportPictures(doc.namespaceReport!);
            const classes = new Set(pictures.flatMap((p) => p.namespaces.map((n) => n.class)));

            for (const scheme of ["light", "dark"] as const) {
                it(`SVG, ${scheme}: each process and namespace once, a cell per membership, the layout's lines and no two crossing, nothing overflows, inked in every class's colour, readable text`, async () => {
                    const svg = await lab(["report", file, "--format", "svg"]);
                    const page = await openMarkup(browser, svg, scheme);
                    try {
                        const drawn = await drawnPods(page, "body");
                        assert.deepEqual(
                            drawn.map((d) => d.pod),
                            pictures.map((p) => p.pod),
                        );
                        for (const [i, d] of drawn.entries()) {
                            const p = pictures[i];
                            assert.deepEqual(
                                d.processes,
                                p.processes.map((x) => x.name),
                                `${d.pod}: processes once each`,
                            );
                            assert.deepEqual(
                                d.namespaces,
                                p.namespaces.map((n) => ({ key: n.key, cls: n.class, members: n.members.join(" ") })),
                                `${d.pod}: namespaces`,
                            );
                            assert.deepEqual(
                                d.memberships.sort(),
                                p.namespaces.flatMap((n) => n.members.map((m) => `${m}>${n.key}`)).sort(),
                                `${d.pod}: a cell in each process's row for each namespace it is in`,
                            );
                            // the lines as Chromium drew them: the layout's, and no two of them crossing
                            const laid = layoutPod(p).lines;
                            const round = (pts: Point[]) => pts.map((pt) => `${Math.round(pt.x)},${Math.round(pt.y)}`).join(" ");
                            assert.deepEqual(
                                d.lines.map((x) => `${x.namespace} ${round(x.points)}`),
                                laid.map((x) => `${x.namespace} ${round(x.points)}`),
                                `${d.pod}: the lines drawn are the layout's`,
                            );
                            assert.ok(d.lines.length > 0, `${d.pod}: draws its connectors`);
                            assert.equal(countCrossings(d.lines), 0, `${d.pod}: lines cross`);
                        }
                        assert.deepEqual(await strayLines(page), [], "a line that is not in the layout");
                        assert.deepEqual(await overflows(page), []);
                        const element = (await page.$("svg.kpl"))!;
                        const png = Buffer.from(await element.screenshot({ type: "png" }));
                        const stats = pixelStats(png, Object.values(CLASS_COLOURS[scheme]));
                        assert.ok(stats.inked > 0.05, `only ${(stats.inked * 100).toFixed(1)} % of the picture is drawn`);
                        for (const cls of classes) {
                            assert.ok(
                                stats.near[CLASS_COLOURS[scheme][cls]] > 50,
                                `${cls} (${CLASS_COLOURS[scheme][cls]}) hardly appears: ${JSON.stringify(stats.near)}`,
                            );
                        }
                        const bgLum = stats.background.reduce((a, b) => a + b, 0) / 3;
                        assert.ok(scheme === "dark" ? bgLum < 60 : bgLum > 200, `${scheme} background ${stats.background}`);
                        const ratios = await page.evaluate(() => {
                            const bg = getComputedStyle(document.querySelector("svg.kpl rect.bg")!).fill;
                            const fills = [...new Set([...document.querySelectorAll("svg.kpl text")].map((t) => getComputedStyle(t).fill))];
                            const boxes = [
                                ...new Set([...document.querySelectorAll("svg.kpl g > rect")].map((r) => getComputedStyle(r).fill)),
                            ];
                            return { bg, fills, boxes };
                        });
                        for (const fill of ratios.fills) {
                            for (const behind of [ratios.bg, ...ratios.boxes]) {
                                assert.ok(
                                    contrast(fill, behind) >= 4.5,
                                    `${scheme}: text ${fill} on ${behind}: contrast ${contrast(fill, behind).toFixed(2)} < 4.5`,
                                );
                            }
                        }
                    } finally {
                        await page.close();
                    }
                });
            }

            it("HTML: a section per pod with its picture (ids its own), verdict and table; no two lines crossing; no horizontal overflow at 1200 px", async () => {
                const html = await lab(["report", file, "--format", "html"]);
                const page = await openMarkup(browser, html, "light");
                try {
                    const facts = await page.evaluate(() => ({
                        sections: [...document.querySelectorAll("section")].map((s) => ({
                            svgs: s.querySelectorAll("svg.kpl").length,
                            tables: s.querySelectorAll("table").length,
                            caption: s.querySelector("figcaption")?.textContent ?? "",
                        })),
                        scroll: document.documentElement.scrollWidth,
                        view: document.documentElement.clientWidth,
                        figures: [...document.querySelectorAll("figure")].map((f) => f.scrollWidth - f.clientWidth),
                    }));
                    assert.deepEqual(
                        facts.sections.map((s) => [s.svgs, s.tables]),
                        pictures.map(() => [1, 1]),
                    );
                    assert.deepEqual(
                        facts.sections.map((s) => s.caption),
                        pictures.map((p) => p.verdict),
                    );
                    assert.ok(facts.scroll <= facts.view, `page ${facts.scroll} px wide in a ${facts.view} px window`);
                    assert.deepEqual(
                        facts.figures.filter((d) => d > 0),
                        [],
                        "a picture wider than its figure",
                    );
                    const drawn = await drawnPods(page, "section");
                    assert.deepEqual(
                        drawn.map((d) => d.pod),
                        pictures.map((p) => p.pod),
                    );
                    for (const d of drawn) assert.equal(countCrossings(d.lines), 0, `${d.pod}: lines cross`);
                    assert.deepEqual(await strayLines(page), [], "a line that is not in the layout");
                    // each pod's inline SVG (renderPodSvg) has ids of its own, and names its own title and description
                    const ids = await page.evaluate(() => ({
                        all: [...document.querySelectorAll("[id]")].map((e) => e.id),
                        labelled: [...document.querySelectorAll("svg.kpl")].map((svg) =>
                            svg
                                .getAttribute("aria-labelledby")!
                                .split(" ")
                                .map((id) => svg.querySelector(`[id="${id}"]`)?.tagName ?? "missing"),
                        ),
                    }));
                    assert.equal(new Set(ids.all).size, ids.all.length, `ids repeat: ${ids.all.join(" ")}`);
                    assert.deepEqual(
                        ids.labelled,
                        pictures.map(() => ["title", "desc"]),
                    );
                    assert.deepEqual(await overflows(page), []);
                    const png = Buffer.from(await page.screenshot({ type: "png", fullPage: true }));
                    assert.ok(pixelStats(png, []).inked > 0.03);
                } finally {
                    await page.close();
                }
            });
        });
    }

    it("Mermaid: every block of `lab report --format md` and `lab diff --format md` parses and draws with Mermaid itself", async function () {
        this.timeout(180_000);
        const blocks: Array<{ from: string; text: string; labels: string[] }> = [];
        for (const file of FILES) {
            const fromReport = [...(await lab(["report", file, "--format", "md"])).matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
            const pictures = reportPictures(normaliseOutputsText(fs.readFileSync(path.join(EXAMPLES, file), "utf8")).namespaceReport!);
            assert.equal(fromReport.length, pictures.length, `${file}: one block per pod`);
            fromReport.forEach((text, i) =>
                blocks.push({
                    from: `report ${file} ${pictures[i].pod}`,
                    text,
                    labels: [
                        ...pictures[i].processes.flatMap((p) => [holderTitle(p), ...processLines(p)]),
                        ...pictures[i].namespaces.map((n) => namespaceLines(n)[0]),
                    ],
                }),
            );
            if (file !== "outputs.json") {
                const diff = await lab(["diff", "outputs.json", file, "--format", "md"]);
                for (const m of diff.matchAll(/```mermaid\n([\s\S]*?)```/g))
                    blocks.push({ from: `diff outputs.json ${file}`, text: m[1], labels: [] });
            }
        }
        const page = await browser.newPage();
        try {
            await page.setContent("<!doctype html><html><body></body></html>");
            await page.addScriptTag({ path: MERMAID_BUNDLE });
            for (const [i, b] of blocks.entries()) {
                const r = await page.evaluate(
                    async (text: string, id: string) => {
                        const mermaid = (
                            window as unknown as {
                                mermaid: {
                                    initialize(o: object): void;
                                    parse(t: string): Promise<unknown>;
                                    render(id: string, t: string): Promise<{ svg: string }>;
                                };
                            }
                        ).mermaid;
                        mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
                        try {
                            const parsed = await mermaid.parse(text);
                            const { svg } = await mermaid.render(id, text);
                            const holder = document.createElement("div");
                            holder.innerHTML = svg;
                            const texts = [...holder.querySelectorAll(".nodeLabel, text")].map((e) => (e.textContent ?? "").trim());
                            return { parsed: parsed !== false, texts, size: svg.length };
                        } catch (e) {
                            return { error: String(e) };
                        }
                    },
                    b.text,
                    `m${i}`,
                );
                assert.ok(!("error" in r), `${b.from}: ${"error" in r ? r.error : ""}`);
                if ("texts" in r) {
                    assert.ok(r.parsed && r.size > 1000, `${b.from}: drawn`);
                    for (const label of b.labels) {
                        assert.equal(
                            r.texts.filter((t) => t.startsWith(label)).length,
                            1,
                            `${b.from}: "${label}" drawn once in ${JSON.stringify(r.texts)}`,
                        );
                    }
                }
            }
            assert.ok(blocks.length >= FILES.length);
        } finally {
            await page.close();
        }
    });

    it("docs/namespaces.png is the picture of examples/outputs.json as the code draws it today (npm run docs:picture)", async () => {
        const committed = PNG.sync.read(fs.readFileSync(DOCS_PICTURE));
        const drawn = await drawDocsPicture(browser);
        assert.deepEqual([committed.width, committed.height], [drawn.width, drawn.height], "size: regenerate with npm run docs:picture");
        const now = PNG.sync.read(drawn.png);
        let differ = 0;
        for (let i = 0; i < now.data.length; i += 4) {
            if (
                Math.abs(now.data[i] - committed.data[i]) +
                    Math.abs(now.data[i + 1] - committed.data[i + 1]) +
                    Math.abs(now.data[i + 2] - committed.data[i + 2]) >
                60
            )
                differ++;
        }
        assert.ok(
            differ / (drawn.width * drawn.height) < 0.01,
            `${((differ / (drawn.width * drawn.height)) * 100).toFixed(2)} % of pixels differ: regenerate with npm run docs:picture`,
        );
    });
});
