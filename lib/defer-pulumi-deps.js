// Two modules that @pulumi/pulumi loads with its runtime, and so in every process that loads @pulumi/pulumi (the program,
// the policy pack, `lab` with the Automation API), are deferred until first used: TypeScript, which the closure
// serializer parses a dynamic provider's functions with (about 0.25 s to load on two cores), and @npmcli/arborist,
// which only computeCodePaths uses, for packaging node_modules into an archive, which nothing here does (about 0.23 s).
// Each is replaced, for that one importer only, by a proxy that loads the module on its first property access; a
// different @pulumi/pulumi layout simply loads them as before. Loaded by lib/ts-register.js.
"use strict";
const Module = require("module");
const path = require("path");

// importer (the end of its path) -> the request it makes that is deferred
const DEFERRED = [
    { importer: path.join("@pulumi", "pulumi", "typescript-shim.js"), request: "typescript" },
    { importer: path.join("@pulumi", "pulumi", "runtime", "closure", "codePaths.js"), request: "@npmcli/arborist" },
];
// Which deferred modules this process has loaded, for the tests.
const loaded = new Set();

function deferred(request, load) {
    let real;
    const target = () => {
        if (real === undefined) {
            real = load();
            loaded.add(request);
        }
        return real;
    };
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

const load = Module._load;
Module._load = function (request, parent) {
    const importer = parent?.filename;
    if (typeof importer === "string") {
        for (const d of DEFERRED) {
            if (request === d.request && importer.endsWith(d.importer)) {
                const args = arguments;
                return deferred(request, () => load.apply(this, args));
            }
        }
    }
    return load.apply(this, arguments);
};

module.exports = { loaded };
