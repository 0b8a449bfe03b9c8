// The `lab` entry point's own settings (the verbs have their own specs).
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { COMPILE_CACHE_DIR, DEFER_PULUMI_DEPS, deferPulumiDepsInChildren, enableCompileCache } from "../../../cli/lab";

describe("lab: Node's module compile cache", () => {
    it("is kept under node_modules/.cache and handed on to the engine's Node processes through the environment", () => {
        const env: NodeJS.ProcessEnv = {};
        const enabled: string[] = [];
        enableCompileCache(env, (dir) => enabled.push(dir));
        assert.equal(env.NODE_COMPILE_CACHE, COMPILE_CACHE_DIR);
        assert.match(COMPILE_CACHE_DIR, /\/node_modules\/\.cache\/kind-pause-lab\/node-compile-cache$/);
        assert.deepEqual(enabled, [COMPILE_CACHE_DIR]);
    });

    it("leaves a user's NODE_COMPILE_CACHE and NODE_DISABLE_COMPILE_CACHE alone", () => {
        const own: NodeJS.ProcessEnv = { NODE_COMPILE_CACHE: "/tmp/mine" };
        const enabled: string[] = [];
        enableCompileCache(own, (dir) => enabled.push(dir));
        assert.deepEqual(enabled, ["/tmp/mine"]);
        const off: NodeJS.ProcessEnv = { NODE_DISABLE_COMPILE_CACHE: "1" };
        enableCompileCache(off, (dir) => enabled.push(dir));
        assert.equal(off.NODE_COMPILE_CACHE, undefined);
        assert.deepEqual(enabled, ["/tmp/mine"]);
    });

    it("on a Node without the API (older than 22.1) nothing fails", () => {
        assert.doesNotThrow(() => enableCompileCache({}, undefined));
    });
});

describe("lab: what the engine's Node processes defer", () => {
    it("hands lib/defer-pulumi-deps.js on through NODE_OPTIONS, after a user's own options, once", () => {
        const env: NodeJS.ProcessEnv = {};
        deferPulumiDepsInChildren(env);
        assert.equal(env.NODE_OPTIONS, `--require "${DEFER_PULUMI_DEPS}"`);
        assert.match(DEFER_PULUMI_DEPS, /\/lib\/defer-pulumi-deps\.js$/);
        const own: NodeJS.ProcessEnv = { NODE_OPTIONS: "--max-old-space-size=4096" };
        deferPulumiDepsInChildren(own);
        deferPulumiDepsInChildren(own);
        assert.equal(own.NODE_OPTIONS, `--max-old-space-size=4096 --require "${DEFER_PULUMI_DEPS}"`);
    });

    it("a Node started with that NODE_OPTIONS (a path with a space in it too) loads the module before its script", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kpl defer "));
        try {
            const copy = path.join(dir, "defer-pulumi-deps.js");
            fs.copyFileSync(DEFER_PULUMI_DEPS, copy);
            const flag = `--require ${JSON.stringify(copy)}`;
            const out = execFileSync(process.execPath, ["-e", "console.log(Object.keys(require.cache).join('\\n'))"], {
                env: { ...process.env, NODE_OPTIONS: flag },
                encoding: "utf8",
            });
            assert.ok(out.split("\n").includes(copy), out);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
