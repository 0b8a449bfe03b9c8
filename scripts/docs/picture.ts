// `npm run docs:picture`: the README's picture. `lab report examples/outputs.json --format svg`, drawn by headless
// Chromium (light scheme, device scale 1) into docs/namespaces.png; test:render checks it is still what the code draws.
import * as fs from "fs";
import * as path from "path";
import { DOCS_PICTURE, drawDocsPicture, launchBrowser, REPO_ROOT } from "../../test/render/browser";

async function run(): Promise<void> {
    const browser = await launchBrowser();
    try {
        const { png, width, height } = await drawDocsPicture(browser);
        fs.writeFileSync(DOCS_PICTURE, png);
        console.log(`wrote ${path.relative(REPO_ROOT, DOCS_PICTURE)} (${width}×${height})`);
    } finally {
        await browser.close();
    }
}

run().catch((error: unknown) => {
    console.error(`docs:picture: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
});
