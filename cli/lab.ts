#!/usr/bin/env node
// `npm run --silent lab -- VERB ...`: one entry point, one module per verb (loaded lazily so a verb's
// dependencies cost nothing to the others). Exit codes: 0 ok, 1 "something changed" (diff), 2 bad input.
import * as nodeModule from "module";
import * as path from "path";
import { CliIo, processIo } from "./io";

type VerbModule = { run(args: string[], io: CliIo): Promise<number> };
type Verb = { summary: string; run: (args: string[], io: CliIo) => Promise<number> };

const lazy = (load: () => Promise<VerbModule>) => async (args: string[], io: CliIo) => (await load()).run(args, io);
// The stack verbs share one module whose run() takes the verb as its first argument.
const stackVerb = (verb: string) => async (args: string[], io: CliIo) => (await import("./stack")).run([verb, ...args], io);
const STACK_OPTIONS = "[--stack NAME] [--backend URL] [--no-policy] [--skip-preflight]";

const VERBS: Record<string, Verb> = {
    up: {
        summary: `up ${STACK_OPTIONS} [--adopt]   preflight, pulumi up (local file backend; the policy pack until it passed on the same program, pack and config), then the namespace report; --adopt: a kind cluster of the lab's name made outside the stack becomes its own`,
        run: stackVerb("up"),
    },
    preview: { summary: `preview ${STACK_OPTIONS}   preflight and pulumi preview with the policy pack`, run: stackVerb("preview") },
    destroy: {
        summary: `destroy ${STACK_OPTIONS}   pulumi destroy: removes the kind cluster and everything in it`,
        run: stackVerb("destroy"),
    },
    outputs: { summary: "outputs [--stack NAME] [--backend URL] [--show-secrets]   stack outputs as JSON", run: stackVerb("outputs") },
    status: {
        summary:
            "status [--stack NAME] [--backend URL] [--json]   the lab now against the stack: cluster, nodes, pods, evidence, kube-ops-view",
        run: lazy(() => import("./status")),
    },
    tour: {
        summary:
            "tour [--stack NAME] [--backend URL] [--step N] [--lang en|ko] [--json | --format text|json|html] [--check STEP --answer VALUE]   docs/seed-lab.md step by step on your cluster: the lab's commands run now, their output marked, the verdict; --check: what you found, checked",
        run: lazy(() => import("./tour")),
    },
    report: {
        summary: "report [FILE|-] [--format table|md|json|svg|html]   namespace table or picture from stack outputs",
        run: lazy(() => import("./report")),
    },
    diff: {
        summary: "diff BEFORE AFTER [--format text|md|json] [--raw]   what changed in meaning between two stack outputs",
        run: lazy(() => import("./diff")),
    },
    parse: {
        summary: "parse KIND FILE|-   parse raw tool output (crictl-inspect, lsns, probe, ...) to JSON",
        run: lazy(() => import("./parse/index")),
    },
};

function usage(): string {
    return [
        "usage: npm run --silent lab -- VERB ...",
        ...Object.entries(VERBS).map(([n, v]) => `  ${n} ${v.summary.replace(/^\S+ ?/, "")}`),
    ].join("\n");
}

export async function main(argv: string[], io: CliIo): Promise<number> {
    const [verb, ...rest] = argv;
    if (verb === undefined || verb === "-h" || verb === "--help") {
        io.stdout(usage() + "\n");
        return verb === undefined ? 2 : 0;
    }
    const entry = VERBS[verb];
    if (!entry) {
        io.stderr(`lab: unknown verb "${verb}" (expected one of: ${Object.keys(VERBS).join(", ")})\n`);
        return 2;
    }
    return entry.run(rest, io);
}

/** Where V8's compiled code of the modules is kept between runs (node_modules/.cache: what `npm ci` removes). */
export const COMPILE_CACHE_DIR = path.resolve(__dirname, "../node_modules/.cache/kind-pause-lab/node-compile-cache");

/**
 * Node's module compile cache (Node >= 22.1) for this process and, through the environment, for every Node process
 * the engine starts: the program, the policy pack and the dynamic providers each load @pulumi/pulumi, about 0.45 s on
 * two cores, 0.27 s from the cache, and they start one after another in a `lab up`. A user's NODE_COMPILE_CACHE or
 * NODE_DISABLE_COMPILE_CACHE is left alone; the cache is an optimisation that never fails a command.
 */
export function enableCompileCache(
    env: NodeJS.ProcessEnv = process.env,
    enable: ((dir: string) => unknown) | undefined = nodeModule.enableCompileCache,
): void {
    if (env.NODE_DISABLE_COMPILE_CACHE) return;
    env.NODE_COMPILE_CACHE ||= COMPILE_CACHE_DIR;
    enable?.(env.NODE_COMPILE_CACHE);
}

/** lib/defer-pulumi-deps.js, loaded first by every Node process the engine starts for a stack verb. */
export const DEFER_PULUMI_DEPS = path.resolve(__dirname, "../lib/defer-pulumi-deps.js");

/**
 * The engine's pulumi-nodejs provider, which runs the lab's dynamic resources (ClusterEpoch first, before the kind
 * cluster is created), loads @pulumi/pulumi's runtime and with it TypeScript and @npmcli/arborist, which it never uses:
 * 0.38 s of module loading on two cores, 0.10 s with them deferred (lib/defer-pulumi-deps.js, which the program and the
 * policy pack already load through lib/ts-register.js). Through NODE_OPTIONS, after a user's own options. Node quotes
 * a path in NODE_OPTIONS as a JSON string does.
 */
export function deferPulumiDepsInChildren(env: NodeJS.ProcessEnv = process.env): void {
    const flag = `--require ${JSON.stringify(DEFER_PULUMI_DEPS)}`;
    if (env.NODE_OPTIONS?.includes(flag)) return;
    env.NODE_OPTIONS = env.NODE_OPTIONS ? `${env.NODE_OPTIONS} ${flag}` : flag;
}

if (require.main === module) {
    enableCompileCache();
    deferPulumiDepsInChildren();
    main(process.argv.slice(2), processIo()).then(
        (code) => {
            process.exitCode = code;
        },
        (err: unknown) => {
            process.stderr.write(`lab: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
            process.exitCode = 70;
        },
    );
}
