// lib/defer-pulumi-deps.js (loaded with lib/ts-register.js): @pulumi/pulumi loads without TypeScript and
// @npmcli/arborist, and a dynamic provider's function still serializes, loading TypeScript then. If an @pulumi/pulumi
// upgrade moves those requires, the first case fails: the deferral no longer applies (nothing breaks, starts get slower).
// The same for the inspector session @pulumi/pulumi's cmd/run opens at start (runtime/closure/v8Hooks.js): the second case.
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../../support/paths";

describe("lib/defer-pulumi-deps.js", function () {
    this.timeout(30_000);

    it("@pulumi/pulumi loads without TypeScript and arborist; serializing a function loads TypeScript and works", () => {
        const script = `
            const deferred = require("./lib/defer-pulumi-deps.js");
            const loaded = (name) => Object.keys(require.cache).some((f) => f.includes(require("path").join("node_modules", name, "")));
            const pulumi = require("@pulumi/pulumi");
            const atLoad = { typescript: loaded("typescript"), arborist: loaded("@npmcli/arborist"), deferred: [...deferred.loaded] };
            const answer = 42;
            pulumi.runtime.serializeFunction(() => async () => require("os").hostname() + answer).then((f) => {
                console.log(JSON.stringify({ atLoad, serialized: f.text.includes("answer"), after: { typescript: loaded("typescript"), deferred: [...deferred.loaded] } }));
            });`;
        // stderr kept from the test's output: under -e, node's builtin modules are globals, and the serializer's walk over
        // the globals wakes their deprecation warnings
        const out = execFileSync(process.execPath, ["-e", script], {
            cwd: REPO_ROOT,
            encoding: "utf8",
            env: { ...process.env, NODE_OPTIONS: "" },
            stdio: ["ignore", "pipe", "pipe"],
        });
        assert.deepEqual(JSON.parse(out), {
            atLoad: { typescript: false, arborist: false, deferred: [] },
            serialized: true,
            after: { typescript: true, deferred: ["typescript"] },
        });
    });

    it("the inspector session opens when a function is serialized, not at start; a failure still names the function's file", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kpl-v8hooks-"));
        try {
            // loaded before the session opens: its file name comes from the scripts the debugger reports as it is enabled
            const fixture = path.join(dir, "unserializable.js");
            fs.writeFileSync(
                fixture,
                'const hash = require("crypto").createHash("sha256");\nexports.f = function digest() { return hash.digest("hex"); };\n',
            );
            const script = `
                const deferred = require("./lib/defer-pulumi-deps.js");
                const hooks = require("@pulumi/pulumi/runtime/closure/v8Hooks");
                // what @pulumi/pulumi's cmd/run awaits before it loads the program
                hooks.isInitializedAsync().then(async () => {
                    const atStart = deferred.inspectorSessions.opened;
                    const { f } = require(${JSON.stringify(fixture)});
                    let message = "";
                    try {
                        await require("@pulumi/pulumi").runtime.serializeFunction(f);
                    } catch (e) {
                        message = e.message;
                    }
                    console.log(JSON.stringify({ atStart, after: deferred.inspectorSessions.opened, message }));
                });`;
            const out = JSON.parse(
                execFileSync(process.execPath, ["-e", script], {
                    cwd: REPO_ROOT,
                    encoding: "utf8",
                    env: { ...process.env, NODE_OPTIONS: "" },
                    stdio: ["ignore", "pipe", "pipe"],
                }),
            ) as { atStart: number; after: number; message: string };
            assert.equal(out.atStart, 0, "no session before a function is serialized");
            assert.equal(out.after, 1);
            assert.match(out.message, /^Error serializing function 'digest': unserializable\.js\(2,\d+\)/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
