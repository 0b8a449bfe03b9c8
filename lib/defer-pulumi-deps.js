// Modules that @pulumi/pulumi loads with its runtime (in every process that loads it: the program, the policy pack, `lab`
// with the Automation API), and three that @pulumi/kubernetes's index loads, are deferred until first used: TypeScript, which the closure
// serializer parses a dynamic provider's functions with (about 0.25 s to load on two cores); @npmcli/arborist, which
// only computeCodePaths uses, for packaging node_modules into an archive, which nothing here does (about 0.23 s); the
// OpenTelemetry SDK, which cmd/run/tracing.js loads for the program and uses only when the engine asks for tracing
// (`pulumi --tracing`; about 0.08 s); the Automation API, which the SDK's index loads for `pulumi.automation` and a
// program does not use (with js-yaml, which it and runtime/manifest.js load for package.yaml, about 0.03 s); and
// @pulumi/kubernetes's helm, yaml and kustomize modules, which its index loads with the API groups (the v3 Chart and
// kustomize's Directory build on yaml's ConfigFile, which loads every group's kinds and glob: about 0.03 s), where the
// lab uses helm's Release only, after the cluster is declared (index.ts).
// Each is replaced, for that one importer only, by a proxy that loads the module on its first property access; a
// different @pulumi/pulumi layout simply loads them as before. tracing.js takes the functions and classes it needs
// from the OpenTelemetry modules as it loads them (`const { NodeTracerProvider } = require(...)`): there each one is a
// function that loads the module when it is called or constructed. Loaded by lib/ts-register.js.
//
// The inspector session: @pulumi/pulumi's entry points (cmd/run for the program, cmd/run-policy-pack, cmd/run-plugin)
// open one and enable the debugger (runtime/closure/v8Hooks.js) before they load anything else, so that the closure
// serializer can name the file of a function it cannot serialize. With the debugger on, V8 compiles every module loaded
// afterwards more slowly: the program's packages took about 0.3 s of CPU to load instead of 0.2 s, 0.09 s more of each
// program start. Only serializing a function uses the session, and components/cachedDynamicResource.ts serializes once
// per version of the code. So v8Hooks' three functions are replaced on its exports: the session opens on first use and
// listens before it enables the debugger, which then reports every script already loaded (v8Hooks itself listens
// after, and so knows only the scripts loaded later). A v8Hooks with other exports is left as it is.
"use strict";
const Module = require("module");
const path = require("path");

const TRACING = path.join("@pulumi", "pulumi", "cmd", "run", "tracing.js");
// importer (the end of its path) -> the request it makes that is deferred; bindings: the importer destructures it
const DEFERRED = [
    { importer: path.join("@pulumi", "pulumi", "typescript-shim.js"), request: "typescript" },
    { importer: path.join("@pulumi", "pulumi", "runtime", "closure", "codePaths.js"), request: "@npmcli/arborist" },
    { importer: path.join("@pulumi", "pulumi", "index.js"), request: "./automation" },
    { importer: path.join("@pulumi", "pulumi", "runtime", "manifest.js"), request: "js-yaml" },
    { importer: path.join("@pulumi", "kubernetes", "index.js"), request: "./helm" },
    { importer: path.join("@pulumi", "kubernetes", "index.js"), request: "./yaml" },
    { importer: path.join("@pulumi", "kubernetes", "index.js"), request: "./kustomize" },
    ...[
        "@opentelemetry/resources",
        "@opentelemetry/sdk-trace-base",
        "@opentelemetry/exporter-zipkin",
        "@opentelemetry/instrumentation-grpc",
        "@opentelemetry/sdk-trace-node",
        "@opentelemetry/instrumentation",
    ].map((request) => ({ importer: TRACING, request, bindings: true })),
];
// Which deferred modules this process has loaded, for the tests.
const loaded = new Set();

function deferred(request, load, bindings) {
    let real;
    const target = () => {
        if (real === undefined) {
            real = load();
            loaded.add(request);
        }
        return real;
    };
    if (bindings) {
        const functions = new Map();
        const lazyFunction = (key) =>
            new Proxy(function () {}, {
                apply: (_, self, args) => Reflect.apply(target()[key], self, args),
                construct: (_, args) => Reflect.construct(target()[key], args),
                get: (_, k) => Reflect.get(target()[key], k),
            });
        return new Proxy(
            {},
            {
                get: (_, key) => {
                    if (!functions.has(key)) functions.set(key, lazyFunction(key));
                    return functions.get(key);
                },
            },
        );
    }
    return new Proxy(
        {},
        {
            // __esModule: TypeScript's __importStar then keeps the proxy, where it would copy every export at once
            get: (_, key) => (key === "__esModule" ? true : Reflect.get(target(), key)),
            has: (_, key) => Reflect.has(target(), key),
            set: (_, key, value) => Reflect.set(target(), key, value),
        },
    );
}

const V8_HOOKS = path.join("@pulumi", "pulumi", "runtime", "closure", "v8Hooks.js");
const V8_HOOKS_API = ["getScriptUrl", "getSessionAsync", "isInitializedAsync"];
const patchedV8Hooks = new WeakSet();
// How many inspector sessions the replaced v8Hooks opened in this process, for the tests.
const inspectorSessions = { opened: 0 };

function openSessionOnFirstUse(hooks) {
    if (patchedV8Hooks.has(hooks) || Object.keys(hooks).sort().join() !== V8_HOOKS_API.join()) return;
    patchedV8Hooks.add(hooks);
    const urls = new Map();
    let session;
    const open = async () => {
        const s = new (require("inspector").Session)();
        s.connect();
        s.on("Debugger.scriptParsed", ({ params }) => urls.set(params.scriptId, params.url));
        await new Promise((resolve, reject) => s.post("Debugger.enable", (err) => (err ? reject(err) : resolve())));
        inspectorSessions.opened++;
        return s;
    };
    hooks.getSessionAsync = () => (session ??= open());
    hooks.isInitializedAsync = async () => {};
    hooks.getScriptUrl = (id) => urls.get(id);
}

const load = Module._load;
Module._load = function (request, parent) {
    const importer = parent?.filename;
    if (typeof importer === "string") {
        for (const d of DEFERRED) {
            if (request === d.request && importer.endsWith(d.importer)) {
                const args = arguments;
                return deferred(request, () => load.apply(this, args), d.bindings);
            }
        }
    }
    const exports = load.apply(this, arguments);
    if (typeof request === "string" && request.endsWith("v8Hooks")) {
        let file;
        try {
            file = Module._resolveFilename(request, parent);
        } catch {
            // what load found, resolve finds: unreachable, and nothing to replace then
        }
        if (file?.endsWith(V8_HOOKS)) openSessionOnFirstUse(exports);
    }
    return exports;
};

module.exports = { loaded, inspectorSessions };
