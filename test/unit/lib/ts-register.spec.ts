// lib/ts-register.js, the require hook that runs the program, the policy pack and the lab CLI: each case starts a node
// with the hook preloaded, as Pulumi.yaml's nodeargs and package.json do, on a small TypeScript project of its own and
// a cache directory of its own (KPL_TS_CACHE_DIR), and reads back what the hook did (its `stats`).
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../../support/paths";

const HOOK = path.join(REPO_ROOT, "lib", "ts-register.js");
const DEBUGGABLE = require.resolve("@pulumi/pulumi/runtime/debuggable", { paths: [REPO_ROOT] });

type Run = {
    value: string;
    stats: { transpiled: number; cached: number; writeFailures: number };
    swcLoaded: boolean;
    stack: string;
    promiseTrace: string;
};

// main.ts requires ./shapes without an extension; shapes.ts uses syntax only TypeScript has (an enum, a parameter
// property, types) and throws from a known line, so the source map can be checked; it also hands a promise to
// @pulumi/pulumi's debuggablePromise from a known line (the trace that keeps is left unmapped, lib/ts-register.js).
const MAIN = `import { Shape, Square, area, tracked } from "./shapes";
const hook = require(process.env.KPL_TEST_HOOK as string);
let stack = "";
try {
    area(Shape.Circle);
} catch (err) {
    stack = (err as Error).stack ?? "";
}
const swcLoaded = Object.keys(require.cache).some((f) => f.includes(["", "@swc", "core", ""].join(require("path").sep)));
const promiseTrace = tracked();
console.log(JSON.stringify({ value: String(new Square(3).area()), stats: hook.stats, swcLoaded, stack, promiseTrace }));
`;
const SHAPES = (factor: number) => `export enum Shape {
    Square,
    Circle,
}
export class Square {
    constructor(private readonly side: number) {}
    area(): number {
        return this.side * this.side * ${factor};
    }
}
export function area(shape: Shape): number {
    if (shape === Shape.Square) return 1;
    throw new Error("no area for " + Shape[shape]); // line 13
}
export function tracked(): string {
    const promise = Promise.resolve();
    require(process.env.KPL_TEST_DEBUGGABLE as string).debuggablePromise(promise, "test"); // line 17
    return (promise as unknown as { _debugStackTrace: string })._debugStackTrace;
}
`;

describe("lib/ts-register.js", function () {
    this.timeout(30_000);
    let dir: string;
    let cache: string;

    const run = (cacheDir = cache, env: NodeJS.ProcessEnv = {}): Run => {
        const out = execFileSync(process.execPath, ["--require", HOOK, path.join(dir, "main.ts")], {
            cwd: dir,
            encoding: "utf8",
            env: {
                ...process.env,
                PULUMI_DEBUG_PROMISE_LEAKS: "",
                ...env,
                KPL_TS_CACHE_DIR: cacheDir,
                KPL_TEST_HOOK: HOOK,
                KPL_TEST_DEBUGGABLE: DEBUGGABLE,
                NODE_OPTIONS: "",
            },
        });
        return JSON.parse(out);
    };
    const cached = () => (fs.existsSync(cache) ? fs.readdirSync(cache).sort() : []);

    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "kpl-ts-register-"));
        cache = path.join(dir, "cache");
        fs.writeFileSync(path.join(dir, "main.ts"), MAIN);
        fs.writeFileSync(path.join(dir, "shapes.ts"), SHAPES(1));
    });

    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("transpiles each .ts file with SWC, resolves extensionless requires, and caches the JavaScript", () => {
        const first = run();
        assert.equal(first.value, "9");
        assert.deepEqual(first.stats, { transpiled: 2, cached: 0, writeFailures: 0 });
        assert.equal(first.swcLoaded, true);
        assert.equal(cached().length, 2);
        assert.ok(
            cached().every((f) => /^[0-9a-f]{64}\.js$/.test(f)),
            `no temporary files left: ${cached()}`,
        );
    });

    it("a second start reads the cache and never loads SWC", () => {
        const second = run();
        assert.equal(second.value, "9");
        assert.deepEqual(second.stats, { transpiled: 0, cached: 2, writeFailures: 0 });
        assert.equal(second.swcLoaded, false);
    });

    it("stack traces point at the TypeScript's lines", () => {
        assert.match(run().stack, new RegExp(`\\(${path.join(dir, "shapes.ts").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:13:\\d+\\)`));
    });

    it("the traces @pulumi/pulumi keeps of its promises stay unmapped unless PULUMI_DEBUG_PROMISE_LEAKS is set", () => {
        const shapes = path.join(dir, "shapes.ts").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        const line = (trace: string) => new RegExp(`\\(${shapes}:(\\d+):\\d+\\)`).exec(trace)?.[1];
        const unmapped = run().promiseTrace;
        assert.match(unmapped, /^Error\n {4}at (?:Object\.)?debuggablePromise \(.*[\\/]debuggable\.js:\d+:\d+\)\n/);
        // the frame in shapes.ts at the JavaScript's line, which SWC's output moved from the TypeScript's 17
        assert.ok(line(unmapped) !== undefined && line(unmapped) !== "17", unmapped);
        assert.equal(line(run(cache, { PULUMI_DEBUG_PROMISE_LEAKS: "1" }).promiseTrace), "17");
    });

    it("a JavaScript file's frames keep its lines, even with a .js.map (as @pulumi/pulumi's, naming .ts files it does not ship)", () => {
        const vendor = path.join(dir, "vendor");
        fs.mkdirSync(vendor, { recursive: true });
        fs.writeFileSync(
            path.join(vendor, "lib.js"),
            '"use strict";\nexports.fail = function fail() {\n    throw new Error("from lib"); // line 3\n};\n//# sourceMappingURL=lib.js.map\n',
        );
        // generated line 3 -> lib.ts line 20
        fs.writeFileSync(
            path.join(vendor, "lib.js.map"),
            JSON.stringify({ version: 3, file: "lib.js", sources: ["lib.ts"], names: [], mappings: ";;AAmBA" }),
        );
        // as @pulumi/pulumi's cmd/run does after the hook loaded, and before any .ts file
        // (resolved from the repository: the child runs in the test's temporary directory)
        const script = `require(require.resolve("source-map-support/register", { paths: [${JSON.stringify(REPO_ROOT)}] }));
            try { require("./vendor/lib.js").fail(); } catch (e) { console.log(JSON.stringify(e.stack)); }`;
        const stack = (hook: string[]) =>
            JSON.parse(
                execFileSync(process.execPath, [...hook, "-e", script], {
                    cwd: dir,
                    encoding: "utf8",
                    env: { ...process.env, NODE_OPTIONS: "" },
                }),
            ) as string;
        // the .js.map is a real one: without the hook, source-map-support follows it
        assert.match(stack([]), /[\\/]vendor[\\/]lib\.ts:20:\d+\)/);
        assert.match(stack(["--require", HOOK]), /[\\/]vendor[\\/]lib\.js:3:\d+\)/);
    });

    it("a changed source is transpiled again, the unchanged one still read from the cache", () => {
        fs.writeFileSync(path.join(dir, "shapes.ts"), SHAPES(2));
        const changed = run();
        assert.equal(changed.value, "18");
        assert.deepEqual(changed.stats, { transpiled: 1, cached: 1, writeFailures: 0 });
        assert.equal(cached().length, 3);
    });

    it("a cache that cannot be written does not fail the run", () => {
        // a file where a directory should be: mkdir fails whoever runs the test (root too)
        const blocked = path.join(dir, "not-a-dir");
        fs.writeFileSync(blocked, "");
        const unwritable = run(path.join(blocked, "ts"));
        assert.equal(unwritable.value, "18");
        assert.deepEqual(unwritable.stats, { transpiled: 2, cached: 0, writeFailures: 2 });
    });

    it("transpiles as ts-node's SWC transpiler does with tsconfig.json (the mocha suites' and, before it, the program's)", () => {
        // import() (cli/lab.ts), a dynamic provider (components/clusterWatch.ts), classes and enums (lab/configSchema.ts)
        const files = ["cli/lab.ts", "components/clusterWatch.ts", "lab/configSchema.ts"].map((f) => path.join(REPO_ROOT, f));
        const script = `
            const fs = require("fs");
            const hook = require(${JSON.stringify(HOOK)});
            const tsnode = require("ts-node").create({ swc: true, transpileOnly: true, project: ${JSON.stringify(path.join(REPO_ROOT, "tsconfig.json"))} });
            const code = (js) => js.replace(/\\n\\/\\/# sourceMappingURL=.*\\s*$/, "").trimEnd();
            const differ = ${JSON.stringify(files)}.filter((f) => {
                const source = fs.readFileSync(f, "utf8");
                return code(hook.transpile(source, f)) !== code(tsnode.compile(source, f));
            });
            console.log(JSON.stringify(differ));`;
        const out = execFileSync(process.execPath, ["-e", script], {
            cwd: REPO_ROOT,
            encoding: "utf8",
            env: { ...process.env, KPL_TS_CACHE_DIR: path.join(dir, "compare-cache"), NODE_OPTIONS: "" },
        });
        assert.deepEqual(JSON.parse(out), []);
    });
});
