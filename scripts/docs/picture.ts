// `npm run docs:picture`: the README's picture. `lab report examples/outputs.json --format svg`, drawn by headless
// Chromium (light scheme, device scale 1) into docs/namespaces.png; test:render checks it is still what the code draws.
import * as fs from "fs";
import * as path from "path";
import { memoryIo } from "../../cli/io";
import { main } from "../../cli/lab";
import { launchBrowser, openMarkup, REPO_ROOT } from "../../test/render/browser";

async function run(): Promise<void> {
    const io = memoryIo();
    if ((await main(["report", path.join(REPO_ROOT, "examples", "outputs.json"), "--format", "svg"], io)) !== 0) throw new Error(io.err.trim());
    const [, width, height] = /width="(\d+)" height="(\d+)"/.exec(io.out)!.map(Number);
    const browser = await launchBrowser();
    try {
        const page = await openMarkup(browser, io.out, "light", width, height);
        const png = await (await page.$("svg.kpl"))!.screenshot({ type: "png" });
        const out = path.join(REPO_ROOT, "docs", "namespaces.png");
        fs.writeFileSync(out, png);
        console.log(`wrote ${path.relative(REPO_ROOT, out)} (${width}×${height})`);
    } finally {
        await browser.close();
    }
}

run().catch((error: unknown) => {
    console.error(`docs:picture: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
});
