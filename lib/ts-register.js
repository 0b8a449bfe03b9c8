// Require hook for the project's TypeScript: `node --require ./lib/ts-register.js FILE.ts`. The program (Pulumi.yaml's
// nodeargs), the policy pack (policy/index.js), the lab CLI and the scripts (package.json) load their .ts files through
// it. Each file is transpiled with SWC once and the JavaScript kept under node_modules/.cache/kind-pause-lab/ts/, keyed
// by a hash of the source, SWC's version, the options and the path: a start with nothing changed reads JavaScript and
// loads neither ts-node, TypeScript nor SWC (ts-node's start-up cost the program about 0.7 s on two cores). No type
// checking here: that is `npm run build`'s job. Plain JavaScript, since it runs before any TypeScript can.
// KPL_TS_CACHE_DIR moves the cache (the tests use it).
"use strict";
const { Buffer } = require("buffer");
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");

// What ts-node's SWC transpiler derives from tsconfig.json (ts-node/dist/transpilers/swc.js createSwcOptions, as the
// mocha suites still run it): ES2022, CommonJS with esModuleInterop (noInterop: false) and import() turned into
// require() (the lab CLI loads its verbs with import(), which must reach this hook), "use strict", class names kept,
// define semantics for class fields (ES2022's), no decorators.
// Source maps: inline in the cached JavaScript without the sources, read only when a stack trace is formatted, through
// source-map-support, which @pulumi/pulumi's program, policy and dynamic-provider entries load anyway (3 ms elsewhere).
// Node's own source maps (process.setSourceMapsEnabled) would also read the .js.map of every @pulumi module that
// loads: about 50 ms more per start for @pulumi/pulumi alone. Only the files this hook compiled are mapped: the
// .js.map files of packages (@pulumi/pulumi's name .ts sources it does not ship, at paths that do not exist) are never
// read. @pulumi/pulumi takes the full stack of every resource it registers, and mapping its own frames through them
// took about 30 ms of the program's start before its first resource (the stack resource's trace first, so the hook
// is installed as this file loads, before @pulumi/pulumi's cmd/run registers source-map-support with its defaults).
const SWC_OPTIONS = {
    swcrc: false,
    configFile: false,
    sourceMaps: "inline",
    inlineSourcesContent: false,
    module: { type: "commonjs", noInterop: false, strictMode: true, ignoreDynamic: false },
    jsc: {
        parser: { syntax: "typescript", tsx: false, decorators: false, dynamicImport: true },
        target: "es2022",
        keepClassNames: true,
        transform: { legacyDecorator: true, useDefineForClassFields: true },
        experimental: { keepImportAttributes: true, emitAssertForImportAttributes: true },
    },
};
// Bump when the hook changes what it makes of a source in a way the options do not show.
const HOOK_VERSION = 1;

const cacheDir = process.env.KPL_TS_CACHE_DIR || path.join(__dirname, "..", "node_modules", ".cache", "kind-pause-lab", "ts");
// What this process did, for the tests: files transpiled by SWC, files read from the cache, cache writes that failed.
const stats = { transpiled: 0, cached: 0, writeFailures: 0 };
const compiled = new Map(); // file name -> its JavaScript, for the source maps
let swc; // @swc/core, loaded on the first cache miss only
let keyPrefix; // hash input shared by every file of this process
let sourceMapsHooked = false;

function swcCore() {
    if (swc === undefined) swc = require("@swc/core");
    return swc;
}

function swcVersion() {
    // From its package.json rather than the module: a cache hit must not load SWC
    const file = require.resolve("@swc/core/package.json");
    return JSON.parse(fs.readFileSync(file, "utf8")).version;
}

function cacheFile(source, filename) {
    if (keyPrefix === undefined) keyPrefix = JSON.stringify([HOOK_VERSION, swcVersion(), SWC_OPTIONS]);
    const hash = crypto.createHash("sha256").update(keyPrefix).update("\0").update(filename).update("\0").update(source);
    return path.join(cacheDir, `${hash.digest("hex")}.js`);
}

function writeCache(file, code) {
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    try {
        fs.mkdirSync(cacheDir, { recursive: true });
        fs.writeFileSync(tmp, code);
        fs.renameSync(tmp, file);
    } catch {
        // A cache that cannot be written costs the next start a transpile, never this run
        stats.writeFailures++;
        try {
            fs.rmSync(tmp, { force: true });
        } catch {
            // nothing left to clean up
        }
    }
}

// The JavaScript of one .ts file: from the cache, else from SWC (and then into the cache).
function transpile(source, filename) {
    const file = cacheFile(source, filename);
    try {
        const code = fs.readFileSync(file, "utf8");
        stats.cached++;
        return code;
    } catch {
        // not cached yet (or unreadable): transpile
    }
    const code = swcCore().transformSync(source, { ...SWC_OPTIONS, filename }).code;
    stats.transpiled++;
    writeCache(file, code);
    return code;
}

const INLINE_MAP = "//# sourceMappingURL=data:application/json;base64,";

function retrieveSourceMap(filename) {
    const code = compiled.get(filename);
    const at = code === undefined ? -1 : code.lastIndexOf(INLINE_MAP);
    if (at < 0) return null;
    const map = Buffer.from(code.slice(at + INLINE_MAP.length).trim(), "base64").toString("utf8");
    return { url: filename, map };
}

function hookSourceMaps() {
    sourceMapsHooked = true;
    try {
        // handleUncaughtExceptions: false: the process's own entry decides that (@pulumi/pulumi's registers it)
        require("source-map-support").install({
            environment: "node",
            handleUncaughtExceptions: false,
            retrieveSourceMap,
            overrideRetrieveSourceMap: true,
        });
    } catch {
        // stack traces then point at the JavaScript's lines
        return;
    }
    if (!process.env.PULUMI_DEBUG_PROMISE_LEAKS) keepPromiseTracesUnmapped();
}

// @pulumi/pulumi's debuggablePromise (runtime/debuggable.js) takes `new Error().stack` of every promise it wraps, several
// per resource, and prints them only when PULUMI_DEBUG_PROMISE_LEAKS is set. Mapping those traces through the source
// maps took about 0.15 s of the program's CPU, most of it before its first resource was registered. Unless that
// variable is set, they keep V8's own format; every other trace (errors, each resource's source position) is mapped.
function keepPromiseTracesUnmapped() {
    const mapped = Error.prepareStackTrace;
    if (typeof mapped !== "function") return;
    Error.prepareStackTrace = function prepareStackTrace(error, frames) {
        return isPromiseDebugTrace(frames) ? `${error}${frames.map((f) => `\n    at ${f}`).join("")}` : mapped(error, frames);
    };
}

function isPromiseDebugTrace(frames) {
    const top = frames[0];
    return (
        top !== undefined &&
        top.getFunctionName() === "debuggablePromise" &&
        /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]debuggable\.js$/.test(top.getFileName() || "")
    );
}

function compileTs(module, filename) {
    const code = transpile(fs.readFileSync(filename, "utf8"), filename);
    compiled.set(filename, code);
    module._compile(code, filename);
}

// Registering ".ts" also lets Node's CommonJS resolver find `./x` as x.ts.
function register() {
    Module._extensions[".ts"] = compileTs;
    if (!sourceMapsHooked) hookSourceMaps();
}

register();
// The JavaScript this process ran for each .ts file, for components/cachedDynamicResource.ts's cache key (a global, so
// that reading it does not load this hook where another one, ts-node under mocha, transpiles).
globalThis[Symbol.for("kind-pause-lab.ts-register.compiled")] = compiled;
// The program, the policy pack and the stack verbs of `lab` load @pulumi/pulumi: defer what of it they rarely or never use.
require("./defer-pulumi-deps.js");

module.exports = { register, transpile, stats, cacheDir, SWC_OPTIONS };
