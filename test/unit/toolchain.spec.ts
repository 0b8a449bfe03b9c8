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
});
