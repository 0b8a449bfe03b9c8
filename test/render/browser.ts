// A real headless Chromium (Debian's `chromium`, driven by puppeteer-core) for the picture tests and the docs picture:
// SVG and HTML as a browser draws them, and Mermaid text parsed and drawn by the Mermaid library itself.
import * as fs from "fs";
import * as path from "path";
import puppeteer, { Browser, Page } from "puppeteer-core";
import { PNG } from "pngjs";
import { memoryIo } from "../support/memoryIo";
import { main } from "../../cli/lab";
import { which } from "../support/which";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const MERMAID_BUNDLE = path.join(REPO_ROOT, "node_modules", "mermaid", "dist", "mermaid.min.js");

export class BrowserSetupError extends Error {
    constructor(message: string) {
        super(
            `${message} — set it up with: npm run setup:test (installs Debian's chromium), or point KPL_CHROMIUM at a Chromium or Chrome binary`,
        );
        this.name = "BrowserSetupError";
    }
}

/** KPL_CHROMIUM, else chromium / chromium-browser / google-chrome on PATH. */
export function chromiumPath(): string {
    const fromEnv = process.env.KPL_CHROMIUM;
    if (fromEnv) {
        if (!fs.existsSync(fromEnv)) throw new BrowserSetupError(`KPL_CHROMIUM=${fromEnv} does not exist`);
        return fromEnv;
    }
    const dirs = (process.env.PATH ?? "").split(":");
    for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
        const found = which(name, dirs);
        if (found) return found;
    }
    throw new BrowserSetupError("no Chromium on PATH (chromium, chromium-browser or google-chrome)");
}

export async function launchBrowser(): Promise<Browser> {
    return puppeteer.launch({
        executablePath: chromiumPath(),
        // root has no user namespace sandbox for Chromium here; the pages are our own files
        args: ["--no-sandbox", "--disable-gpu", "--font-render-hinting=none", "--hide-scrollbars"],
        headless: true,
    });
}

export type Scheme = "light" | "dark";

/** A page with the given markup (SVG or HTML) in the given colour scheme, at device scale 1. */
export async function openMarkup(browser: Browser, markup: string, scheme: Scheme, width = 1200, height = 800): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport({ width, height, deviceScaleFactor: 1 });
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
    const html = markup.startsWith("<svg") ? `<!doctype html><html><body style="margin:0">${markup}</body></html>` : markup;
    await page.setContent(html, { waitUntil: "load" });
    return page;
}

export interface PixelStats {
    width: number;
    height: number;
    /** Share of pixels that differ from the top-left pixel (the background). */
    inked: number;
    background: [number, number, number];
    /** Count of pixels close (each channel within 40) to a given colour, by hex. */
    near: Record<string, number>;
}

export function pixelStats(png: Buffer, colours: string[]): PixelStats {
    const img = PNG.sync.read(png);
    const bg: [number, number, number] = [img.data[0], img.data[1], img.data[2]];
    const targets = colours.map(
        (hex) => [hex, parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)] as const,
    );
    const near: Record<string, number> = Object.fromEntries(colours.map((c) => [c, 0]));
    let inked = 0;
    for (let i = 0; i < img.data.length; i += 4) {
        const [r, g, b] = [img.data[i], img.data[i + 1], img.data[i + 2]];
        if (Math.abs(r - bg[0]) + Math.abs(g - bg[1]) + Math.abs(b - bg[2]) > 30) inked++;
        for (const [hex, tr, tg, tb] of targets) {
            if (Math.abs(r - tr) <= 40 && Math.abs(g - tg) <= 40 && Math.abs(b - tb) <= 40) near[hex]++;
        }
    }
    return { width: img.width, height: img.height, inked: inked / (img.width * img.height), background: bg, near };
}

/** WCAG relative luminance and contrast ratio of two "rgb(r, g, b)" colours. */
export function contrast(a: string, b: string): number {
    const lum = (css: string) => {
        const [r, g, bl] = (css.match(/\d+(\.\d+)?/g) ?? [])
            .slice(0, 3)
            .map(Number)
            .map((v) => {
                const c = v / 255;
                return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
            });
        return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
    };
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
}

/** Where `npm run docs:picture` writes the README's picture. */
export const DOCS_PICTURE = path.join(REPO_ROOT, "docs", "namespaces.png");

/**
 * The README's picture as the code draws it now: `lab report examples/outputs.json --format svg`, screenshot by
 * Chromium in the light scheme at device scale 1. scripts/docs/picture.ts writes it; test:render compares with it.
 */
export async function drawDocsPicture(browser: Browser): Promise<{ png: Buffer; width: number; height: number }> {
    const io = memoryIo();
    if ((await main(["report", path.join(REPO_ROOT, "examples", "outputs.json"), "--format", "svg"], io)) !== 0)
        throw new Error(io.err.trim());
    const [, width, height] = /width="(\d+)" height="(\d+)"/.exec(io.out)!.map(Number);
    const page = await openMarkup(browser, io.out, "light", width, height);
    try {
        return { png: Buffer.from(await (await page.$("svg.kpl"))!.screenshot({ type: "png" })), width, height };
    } finally {
        await page.close();
    }
}
