// The suites must run on the Node the project pins (package.json engines; @pulumi/pulumi needs >= 22), not on
// whatever `node` the machine has first on PATH: npm scripts put node_modules/.bin (the `node` package) first.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../support/paths";

describe("toolchain", () => {
    it("runs on the Node.js major the project requires", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
        const required = Number(/>=\s*(\d+)/.exec(pkg.engines.node)?.[1]);
        assert.ok(required >= 22, `package.json engines.node: ${pkg.engines.node}`);
        const major = Number(process.versions.node.split(".")[0]);
        assert.ok(major >= required, `running on Node ${process.versions.node}, the project needs >= ${required}`);
    });

    // npm 12 skips a dependency's install scripts unless package.json's allowScripts names it (npm 11.16-11.x only
    // warns): without its preinstall the `node` package installs no Node 22, and npm scripts fall back to the machine's.
    it("package.json's allowScripts decides every locked package's install script, and allows the pinned Node's", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
        const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8"));
        const allow: Record<string, boolean> = pkg.allowScripts ?? {};
        const withScripts = Object.entries(lock.packages as Record<string, { hasInstallScript?: boolean }>)
            .filter(([where, entry]) => where !== "" && entry.hasInstallScript === true)
            .map(([where]) => where.slice(where.lastIndexOf("node_modules/") + "node_modules/".length));
        assert.ok(withScripts.includes("node"), "package-lock.json: the node package has no install script any more");
        assert.deepEqual(
            withScripts.filter((name) => typeof allow[name] !== "boolean"),
            [],
            "packages whose install scripts npm 12 would skip unnoticed: add each to package.json's allowScripts (npm install-scripts approve|deny NAME)",
        );
        assert.equal(allow.node, true, "allowScripts.node must be true: its preinstall installs the pinned Node");
    });
});
