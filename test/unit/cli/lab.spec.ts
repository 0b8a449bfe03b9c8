// The `lab` entry point's own settings (the verbs have their own specs).
import { strict as assert } from "assert";
import { COMPILE_CACHE_DIR, enableCompileCache } from "../../../cli/lab";

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
