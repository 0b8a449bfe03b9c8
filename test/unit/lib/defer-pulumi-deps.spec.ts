// lib/defer-pulumi-deps.js (loaded with lib/ts-register.js): @pulumi/pulumi loads without TypeScript and
// @npmcli/arborist, and a dynamic provider's function still serializes, loading TypeScript then. If an @pulumi/pulumi
// upgrade moves those requires, the first case fails: the deferral no longer applies (nothing breaks, starts get slower).
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
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
});
