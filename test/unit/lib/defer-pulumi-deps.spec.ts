// lib/defer-pulumi-deps.js (loaded with lib/ts-register.js): @pulumi/pulumi loads without TypeScript, @npmcli/arborist,
// its Automation API and js-yaml, and a dynamic provider's function still serializes, loading TypeScript then. If an
// @pulumi/pulumi upgrade moves those requires, the first case fails: the deferral no longer applies (nothing breaks,
// starts get slower). The same for the inspector session cmd/run opens at start (runtime/closure/v8Hooks.js: the second
// case), the OpenTelemetry SDK cmd/run/tracing.js loads (the third, which also sends a span with tracing on) and
// @pulumi/kubernetes's helm, yaml and kustomize modules (the fourth).
import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../../support/paths";

// A node of its own, from the repository, with no NODE_OPTIONS; the script prints one JSON line. stderr is kept from the
// test's output: under -e, node's builtin modules are globals, and the serializer's walk over the globals wakes their
// deprecation warnings. The cases' nodes start together in the suite's before hook, side by side: each loads
// @pulumi/pulumi, about 0.3-0.6 s, which one after the other cost the unit suite about 1.7 s.
function runScript(script: string): Promise<unknown> {
    const run = new Promise<unknown>((resolve, reject) => {
        execFile(
            process.execPath,
            ["-e", script],
            { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } },
            (error, stdout) => {
                if (error) return reject(error);
                try {
                    resolve(JSON.parse(stdout));
                } catch (e) {
                    reject(e);
                }
            },
        );
    });
    run.catch(() => undefined); // awaited by its case, maybe after it failed: not an unhandled rejection meanwhile
    return run;
}

describe("lib/defer-pulumi-deps.js", function () {
    this.timeout(30_000);
    let runs: Record<"pulumi" | "inspector" | "tracing" | "kubernetes", Promise<unknown>>;
    let dir = "";
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "kpl-v8hooks-"));
        // loaded before the session opens: its file name comes from the scripts the debugger reports as it is enabled
        const fixture = path.join(dir, "unserializable.js");
        fs.writeFileSync(
            fixture,
            'const hash = require("crypto").createHash("sha256");\nexports.f = function digest() { return hash.digest("hex"); };\n',
        );
        runs = {
            pulumi: runScript(`
            const deferred = require("./lib/defer-pulumi-deps.js");
            const loaded = (name) => Object.keys(require.cache).some((f) => f.includes(require("path").join("node_modules", name, "")));
            const pulumi = require("@pulumi/pulumi");
            const atLoad = {
                typescript: loaded("typescript"),
                arborist: loaded("@npmcli/arborist"),
                automation: loaded("@pulumi/pulumi/automation"),
                jsYaml: loaded("js-yaml"),
                deferred: [...deferred.loaded],
            };
            const answer = 42;
            pulumi.runtime.serializeFunction(() => async () => require("os").hostname() + answer).then((f) => {
                const workspace = typeof pulumi.automation.LocalWorkspace;
                console.log(JSON.stringify({ atLoad, serialized: f.text.includes("answer"), workspace, after: { typescript: loaded("typescript"), automation: loaded("@pulumi/pulumi/automation"), deferred: [...deferred.loaded] } }));
            });`),
            inspector: runScript(`
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
            });`),
            tracing: runScript(`
            const deferred = require("./lib/defer-pulumi-deps.js");
            const loaded = (name) => Object.keys(require.cache).some((f) => f.includes(require("path").join("node_modules", name, "")));
            const sdk = ["@opentelemetry/sdk-trace-node", "@opentelemetry/sdk-trace-base", "@opentelemetry/exporter-zipkin", "@opentelemetry/instrumentation-grpc", "@opentelemetry/resources"];
            const tracing = require("@pulumi/pulumi/cmd/run/tracing");
            const atLoad = sdk.filter(loaded);
            tracing.newSpan("untraced").end(); // tracing off: the API's no-op span
            const tracingOff = sdk.filter(loaded);
            const server = require("http").createServer((req, res) => {
                let body = "";
                req.on("data", (c) => (body += c));
                req.on("end", () => {
                    res.end();
                    if (!body.includes("traced-span")) return;
                    console.log(JSON.stringify({ atLoad, tracingOff, tracingOn: sdk.filter(loaded), deferred: [...deferred.loaded].sort(), path: req.url }));
                    process.exit(0);
                });
            });
            server.listen(0, "127.0.0.1", () => {
                tracing.start("http://127.0.0.1:" + server.address().port + "/api/v2/spans");
                tracing.newSpan("traced-span").end();
            });
            setTimeout(() => { console.log("no span reached the endpoint in 10 s"); process.exit(1); }, 10_000);`),
            kubernetes: runScript(`
            const deferred = require("./lib/defer-pulumi-deps.js");
            const loaded = (dir) => Object.keys(require.cache).some((f) => f.includes(require("path").join("node_modules", "@pulumi", "kubernetes", dir, "")));
            const dirs = ["helm", "yaml", "kustomize"];
            const k8s = require("@pulumi/kubernetes");
            const atLoad = dirs.filter(loaded);
            const release = typeof k8s.helm.v3.Release;
            const afterHelm = dirs.filter(loaded);
            const configFile = typeof k8s.yaml.ConfigFile, directory = typeof k8s.kustomize.Directory;
            console.log(JSON.stringify({ atLoad, release, afterHelm, configFile, directory, deferred: [...deferred.loaded] }));`),
        };
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("@pulumi/pulumi loads without TypeScript, arborist, the Automation API and js-yaml; each loads when used", async () => {
        assert.deepEqual(await runs.pulumi, {
            atLoad: { typescript: false, arborist: false, automation: false, jsYaml: false, deferred: [] },
            serialized: true,
            workspace: "function",
            after: { typescript: true, automation: true, deferred: ["typescript", "./automation"] },
        });
    });

    it("the inspector session opens when a function is serialized, not at start; a failure still names the function's file", async () => {
        const out = (await runs.inspector) as { atStart: number; after: number; message: string };
        assert.equal(out.atStart, 0, "no session before a function is serialized");
        assert.equal(out.after, 1);
        assert.match(out.message, /^Error serializing function 'digest': unserializable\.js\(2,\d+\)/);
    });

    it("cmd/run/tracing.js loads without the OpenTelemetry SDK; with tracing on, the SDK loads and a span reaches the Zipkin endpoint", async () => {
        const sdk = [
            "@opentelemetry/sdk-trace-node",
            "@opentelemetry/sdk-trace-base",
            "@opentelemetry/exporter-zipkin",
            "@opentelemetry/instrumentation-grpc",
            "@opentelemetry/resources",
        ];
        assert.deepEqual(await runs.tracing, {
            atLoad: [],
            tracingOff: [],
            tracingOn: sdk,
            deferred: [
                "@opentelemetry/exporter-zipkin",
                "@opentelemetry/instrumentation",
                "@opentelemetry/instrumentation-grpc",
                "@opentelemetry/resources",
                "@opentelemetry/sdk-trace-base",
                "@opentelemetry/sdk-trace-node",
            ],
            path: "/api/v2/spans",
        });
    });

    it("@pulumi/kubernetes loads without its helm, yaml and kustomize modules; the first use of each loads it", async () => {
        assert.deepEqual(await runs.kubernetes, {
            atLoad: [],
            release: "function",
            // the v3 Chart, which helm's index exports beside Release, builds on yaml's ConfigFile
            afterHelm: ["helm", "yaml"],
            configFile: "function",
            directory: "function",
            deferred: ["./helm", "./yaml", "./kustomize"],
        });
    });
});
