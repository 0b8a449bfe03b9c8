// components/cachedDynamicResource.ts: the lab's dynamic resources register as pulumi.dynamic.Resource does, their
// providers' text serialized once per version of the code. The process cases start a node with lib/ts-register.js
// preloaded, as Pulumi.yaml's nodeargs do, construct the lab's three dynamic resources under setMocks with a cache
// directory of their own (KPL_DYNAMIC_CACHE_DIR), and read back what was registered and what the process loaded.
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { localModules, providerKey } from "../../../components/cachedDynamicResource";
import { REPO_ROOT } from "../../support/paths";

const HOOK = path.join(REPO_ROOT, "lib", "ts-register.js");

type Registered = { type: string; provider: string; methods: string[]; inputs: string[] };
const code = (text: string) => text.replace(/\s+/g, "");

type Run = { registered: Registered[]; typescriptLoaded: boolean; fresh: Record<string, string>; unwritable: string | null };

// Constructs ClusterEpoch, NodeBoot and KubeOpsViewReady under mocks; with KPL_TEST_FRESH, also serializes each provider
// as pulumi.dynamic.Resource would (pulumi.runtime.serializeFunction), after the registrations.
const SCRIPT = `
const pulumi = require("@pulumi/pulumi");
const registered = [];
pulumi.runtime.setMocks({
    newResource: (a) => {
        const { __provider, ...rest } = a.inputs;
        const handler = require("require-from-string")(__provider).handler();
        registered.push({ type: a.type, provider: __provider, methods: Object.keys(handler).sort(), inputs: Object.keys(rest).sort() });
        return { id: a.name, state: a.inputs };
    },
    call: () => ({}),
}, "proj", "stack", false);
const watch = require("./components/clusterWatch.ts");
const ready = require("./components/kubeOpsViewReady.ts");
const nodes = { clusterName: "c", runtime: "docker", nodes: ["c-control-plane", "c-worker"] };
const resources = [
    new watch.ClusterEpoch("e", nodes),
    new watch.NodeBoot("b", { ...nodes, cluster: "c" }),
    new ready.KubeOpsViewReady("r", { runtime: "docker", controlPlane: "c-control-plane", namespace: "kube-system", release: "kube-ops-view@1" }),
];
const typescriptLoaded = () => Object.keys(require.cache).some((f) => f.includes(require("path").join("node_modules", "typescript", "")));
Promise.all(resources.map((r) => new Promise((resolve) => r.urn.apply(resolve)))).then(async () => {
    const atRegistration = typescriptLoaded();
    const fresh = {};
    let unwritable = null;
    if (process.env.KPL_TEST_UNWRITABLE) {
        // a cache directory that cannot be made: the provider is serialized all the same, nothing is written
        const { serializedProvider } = require("./components/cachedDynamicResource.ts");
        const out = serializedProvider(watch.epochProvider, "Unwritable", require.cache[require.resolve("./components/clusterWatch.ts")], process.env.KPL_TEST_UNWRITABLE);
        unwritable = await new Promise((resolve) => out.apply(resolve));
    }
    if (process.env.KPL_TEST_FRESH) {
        // as node_modules/@pulumi/pulumi/dynamic/index.js does it, a closure over a variable named provider
        for (const [type, provider] of [["ClusterEpoch", watch.epochProvider], ["NodeBoot", watch.bootProvider], ["KubeOpsViewReady", ready.readyProvider]]) {
            fresh[type] = (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
        }
    }
    console.log(JSON.stringify({ registered: registered.sort((a, b) => a.type.localeCompare(b.type)), typescriptLoaded: atRegistration, fresh, unwritable }));
});
`;

describe("CachedDynamicResource", function () {
    this.timeout(60_000);
    let cache: string;

    const run = (env: NodeJS.ProcessEnv = {}): Run => {
        const out = execFileSync(process.execPath, ["--require", HOOK, "-e", SCRIPT], {
            cwd: REPO_ROOT,
            encoding: "utf8",
            env: { ...process.env, KPL_DYNAMIC_CACHE_DIR: cache, NODE_OPTIONS: "", ...env },
            // under -e, node's builtin modules are globals, and the serializer's walk over them wakes deprecation warnings
            stdio: ["ignore", "pipe", "pipe"],
        });
        return JSON.parse(out);
    };

    let cold: Run;
    before(() => {
        cache = fs.mkdtempSync(path.join(os.tmpdir(), "kpl-dynamic-cache-"));
        fs.writeFileSync(path.join(cache, "not-a-dir"), "");
        cold = run({ KPL_TEST_FRESH: "1", KPL_TEST_UNWRITABLE: path.join(cache, "not-a-dir", "dynamic") });
    });
    after(() => fs.rmSync(cache, { recursive: true, force: true }));

    it("registers as pulumi.dynamic.Resource does: its type, its inputs, the provider's text in __provider", () => {
        assert.deepEqual(
            cold.registered.map((r) => [r.type, r.methods, r.inputs]),
            [
                ["pulumi-nodejs:dynamic:ClusterEpoch", ["create", "diff", "update"], ["clusterName", "nodes", "runtime"]],
                [
                    "pulumi-nodejs:dynamic:KubeOpsViewReady",
                    ["create", "diff", "update"],
                    ["controlPlane", "namespace", "pollSeconds", "pullGraceSeconds", "release", "runtime", "timeoutSeconds"],
                ],
                ["pulumi-nodejs:dynamic:NodeBoot", ["create", "diff", "update"], ["cluster", "clusterName", "nodes", "runtime"]],
            ],
        );
        // the text the SDK's own serialization gives (pulumi.dynamic.Resource's serializeProvider), but for the spacing of
        // the closure `() => provider` itself (SWC writes it `()=>provider` in the cached module, the test's -e as typed)
        for (const r of cold.registered) assert.equal(code(r.provider), code(cold.fresh[r.type.split(":")[2]]), r.type);
        assert.equal(cold.typescriptLoaded, true, "the first run serializes, with TypeScript");
        assert.deepEqual(
            fs
                .readdirSync(cache)
                .filter((f) => f.endsWith(".js"))
                .map((f) => f.replace(/-[0-9a-f]{64}\.js$/, ""))
                .sort(),
            ["ClusterEpoch", "KubeOpsViewReady", "NodeBoot"],
        );
    });

    it("a second run reads the same text from the cache and never loads TypeScript", () => {
        const warm = run();
        assert.deepEqual(warm.registered, cold.registered);
        assert.equal(warm.typescriptLoaded, false);
        assert.equal(fs.readdirSync(cache).filter((f) => f.endsWith(".js")).length, 3);
    });

    it("a cache that cannot be written does not fail the run", () => {
        assert.equal(code(cold.unwritable!), code(cold.fresh.ClusterEpoch));
        assert.deepEqual(
            fs.readdirSync(cache).filter((f) => f.startsWith("Unwritable")),
            [],
        );
    });
});

describe("CachedDynamicResource's cache key", () => {
    // loaded by this suite's own hook (lib/ts-register.js, test/.mocharc.unit.json)
    const watch = require.resolve("../../../components/clusterWatch");
    require(watch);
    const root = require.cache[watch]!;
    const ran = () => new Map(localModules(root).map((f) => [f, `// the JavaScript of ${path.basename(f)}`]));

    it("is made of the provider's module and every local module it loads, not node_modules", () => {
        const files = localModules(root).map((f) => path.relative(REPO_ROOT, f));
        for (const f of [
            "components/clusterWatch.ts",
            "components/cachedDynamicResource.ts",
            "host/clusterState.ts",
            "host/commandRunner.ts",
            "host/runtimes.ts",
        ]) {
            assert.ok(files.includes(f), `${f} not in ${files.join(", ")}`);
        }
        assert.deepEqual(
            files.filter((f) => f.includes("node_modules")),
            [],
        );
    });

    it("changes with the JavaScript of any module the provider loads, and with the type", () => {
        const key = providerKey("ClusterEpoch", root, ran());
        assert.match(key!, /^[0-9a-f]{64}$/);
        assert.equal(providerKey("ClusterEpoch", root, ran()), key, "the same code, the same key");
        const changed = ran();
        changed.set(path.join(REPO_ROOT, "host", "runtimes.ts"), "// runtimes.ts, edited");
        assert.notEqual(providerKey("ClusterEpoch", root, changed), key);
        assert.notEqual(providerKey("NodeBoot", root, ran()), key);
    });

    it("is undefined where lib/ts-register.js did not run a local module (nothing is cached then)", () => {
        assert.equal(providerKey("ClusterEpoch", root, undefined), undefined);
        const partial = ran();
        partial.delete(path.join(REPO_ROOT, "host", "clusterState.ts"));
        assert.equal(providerKey("ClusterEpoch", root, partial), undefined);
    });
});
