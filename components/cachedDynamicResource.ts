// A dynamic resource whose provider is serialized once per version of its code, not on every run.
//
// pulumi.dynamic.Resource serializes its provider each time a program constructs one (node_modules/@pulumi/pulumi/
// dynamic/index.js, serializeProvider): the closure serializer loads TypeScript and parses every function the provider
// reaches. For the lab's three providers that took about 0.45 s of every `lab up` on two cores, on the event loop, so no
// registration reached the engine meanwhile, and the kind cluster's create waits for ClusterEpoch's (its trigger).
//
// The serialized text is a function of the code only: these providers capture modules and constants, and read what
// depends on the machine (the environment, the runtime's answers) inside their methods. So it is kept under
// node_modules/.cache/kind-pause-lab/dynamic/, keyed by the JavaScript this process ran for the provider's module and
// every local module it loads (lib/ts-register.js keeps it), @pulumi/pulumi's version and Node's. Where
// lib/ts-register.js did not load those modules (ts-node, as the mocha suites other than the unit suite run), nothing
// is cached and the provider is serialized as the SDK does.
//
// The resource is registered as pulumi.dynamic.Resource registers one: type pulumi-nodejs:dynamic:<type>, the provider's
// text in the __provider input, which the engine's pulumi-nodejs provider (cmd/dynamic-provider) loads; a stack made
// before keeps its resources (same type and name), and a changed provider text is no diff there.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { writeFileAtomically } from "../lib/atomicWrite";

// Bump when what is cached changes in a way the key does not show.
const KEY_VERSION = 1;

const DEFAULT_CACHE_DIR = path.resolve(__dirname, "../node_modules/.cache/kind-pause-lab/dynamic");

/** KPL_DYNAMIC_CACHE_DIR moves the cache (the tests use it). */
export function dynamicCacheDir(env: NodeJS.ProcessEnv = process.env): string {
    return env.KPL_DYNAMIC_CACHE_DIR || DEFAULT_CACHE_DIR;
}

/** The JavaScript lib/ts-register.js ran, per .ts file; undefined where it is not the hook. */
function ranJavaScript(): Map<string, string> | undefined {
    return (globalThis as Record<symbol, unknown>)[Symbol.for("kind-pause-lab.ts-register.compiled")] as Map<string, string> | undefined;
}

/** The module and every module it loads that is not under node_modules, by file name, sorted. */
export function localModules(root: NodeModule): string[] {
    const seen = new Set<string>();
    const walk = (m: NodeModule) => {
        if (seen.has(m.filename) || m.filename.split(path.sep).includes("node_modules")) return;
        seen.add(m.filename);
        m.children.forEach(walk);
    };
    walk(root);
    return [...seen].sort();
}

/**
 * The cache key of a provider exported by `providerModule` for dynamic type `type`, or undefined when a local module's
 * JavaScript is unknown (not loaded through lib/ts-register.js). `ran`: what ts-register ran (ranJavaScript()).
 */
export function providerKey(type: string, providerModule: NodeModule, ran: ReadonlyMap<string, string> | undefined): string | undefined {
    if (ran === undefined) return undefined;
    const hash = crypto.createHash("sha256");
    const pulumiVersion = JSON.parse(fs.readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")).version;
    hash.update(JSON.stringify([KEY_VERSION, pulumiVersion, process.version, type]));
    for (const file of localModules(providerModule)) {
        const js = file.endsWith(".ts") ? ran.get(file) : fs.readFileSync(file, "utf8");
        if (js === undefined) return undefined;
        hash.update("\0")
            .update(path.relative(path.dirname(providerModule.filename), file))
            .update("\0")
            .update(js);
    }
    return hash.digest("hex");
}

// Within one process, each provider is serialized once (as the SDK's own providerCache does).
const serializing = new Map<string, Promise<string>>();

/** The provider's serialized text: from the cache, else serialized by the SDK (and then cached). */
export function serializedProvider(
    provider: pulumi.dynamic.ResourceProvider,
    type: string,
    providerModule: NodeModule,
    cacheDir = dynamicCacheDir(),
): pulumi.Input<string> {
    const key = providerKey(type, providerModule, ranJavaScript());
    const file = key === undefined ? undefined : path.join(cacheDir, `${type}-${key}.js`);
    if (file !== undefined) {
        try {
            return fs.readFileSync(file, "utf8");
        } catch {
            // not cached yet: serialize
        }
    }
    const memo = `${type}\0${file ?? ""}`;
    let text = serializing.get(memo);
    if (text === undefined) {
        text = pulumi.runtime
            .serializeFunction(() => provider, { allowSecrets: true })
            .then((sf) => {
                // a captured secret would be written to the cache in plain text (and these providers capture none)
                if (sf.containsSecrets) throw new Error(`kind-pause-lab: the ${type} provider captures a secret; it must not`);
                if (file !== undefined) writeFileAtomically(file, sf.text);
                return sf.text;
            });
        serializing.set(memo, text);
    }
    return pulumi.output(text);
}

/** pulumi.dynamic.Resource, with the provider's text from serializedProvider. */
export abstract class CachedDynamicResource extends pulumi.CustomResource {
    /**
     * @param providerModule the CommonJS module that defines `provider` (its `module`): what the cache key is made of
     * @param type the resource's type: pulumi-nodejs:dynamic:<type>
     */
    constructor(
        provider: pulumi.dynamic.ResourceProvider,
        providerModule: NodeModule,
        type: string,
        name: string,
        props: pulumi.Inputs,
        opts?: pulumi.CustomResourceOptions,
    ) {
        if ("__provider" in props) throw new Error("A dynamic resource must not define the __provider key");
        super(`pulumi-nodejs:dynamic:${type}`, name, { ...props, __provider: serializedProvider(provider, type, providerModule) }, opts);
    }
}
