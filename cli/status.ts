// `lab status [--stack NAME] [--backend URL] [--json]`: one screen on the lab as it is now, no engine update. Gathers
// the facts side by side (the stack's outputs and config, the node runtime's containers, the cluster's API through the
// control plane's own kubectl, each node's crictl, kube-ops-view's page) and leaves the judging to
// host/labStatus.ts. Exit codes: 0 healthy, 1 something drifted or is down, 2 bad usage.
import { controlPlaneKubectlArgv, observeCluster } from "../host/clusterState";
import { commandRunner, CommandRunner, failureWhy } from "../host/commandRunner";
import { ConfigError, LabConfig, NODE_RUNTIME_ENV, parseLabConfig } from "../lab/configSchema";
import { kindNodeNames, labClusterConfig } from "../lab/kindConfig";
import { assessLab, LabStatus, parseKubeList, readCrashLogs, renderStatus, StatusFacts } from "../host/labStatus";
import type * as Automation from "@pulumi/pulumi/automation";
import { parseCommandLine, stackNameProblem } from "./args";
import type { CliIo } from "./io";
import { BackendChoice, chooseBackend, DEFAULT_STACK, labRawConfig, plainOutputs, PROJECT, REPO_ROOT } from "./stack";
import { RUNTIMES } from "../host/runtimes";

const USAGE = "usage: lab status [--stack NAME] [--backend URL] [--json]";

export interface StatusDeps {
    env: NodeJS.ProcessEnv;
    runCommand: CommandRunner;
    /** The stack's config and outputs; `missing` when there is no such stack. */
    readStack(stack: string, backend: BackendChoice): Promise<{ config: Automation.ConfigMap; outputs: Automation.OutputMap } | "missing">;
    httpStatus(url: string): Promise<{ status: number } | { error: string }>;
}

/** The machine's side: real processes, the real stack, real HTTP. */
export function realStatusDeps(env: NodeJS.ProcessEnv = process.env): StatusDeps {
    return { env, runCommand: commandRunner(env), readStack: readAutomationStack, httpStatus: realHttpStatus };
}

export async function run(args: string[], io: CliIo): Promise<number> {
    return runWith(args, io, realStatusDeps());
}

export async function runWith(args: string[], io: CliIo, deps: StatusDeps): Promise<number> {
    const usageError = (line: string) => {
        io.stderr(`lab: ${line}\n${USAGE}\n`);
        return 2;
    };
    const parsed = parseCommandLine(args, { stack: { type: "string" }, backend: { type: "string" }, json: { type: "boolean" } }, false);
    if ("error" in parsed) return usageError(parsed.error);
    const { values } = parsed;
    const stack = values.stack ?? DEFAULT_STACK;
    const badName = stackNameProblem(stack);
    if (badName) return usageError(badName);
    const read = await readLabStack(stack, values.backend, deps);
    switch (read.kind) {
        case "unreadable":
            io.stderr(`lab: cannot read stack ${stack} on ${read.backend.url}: ${read.why}\n`);
            return 1;
        case "missing":
            io.stderr(`lab: there is no stack ${stack} on ${read.backend.url}: npm run lab -- up makes the lab\n`);
            return 1;
        case "config":
            for (const p of read.problems) io.stderr(`lab: ${p}\n`);
            return 2;
    }
    const { config } = read;
    const outputs = plainOutputs(read.outputs, false);
    const status = assessLab(await gatherFacts(stack, config, outputs, deps));
    io.stdout(values.json ? `${JSON.stringify(status, null, 2)}\n` : renderStatus(status, config.nodeRuntime));
    return status.healthy ? 0 : 1;
}

/** A stack as `lab status` and `lab tour` read it: its lab config and outputs, or why there are none. */
export type LabStackRead =
    | { kind: "read"; backend: BackendChoice; config: LabConfig; outputs: Automation.OutputMap }
    | { kind: "unreadable"; backend: BackendChoice; why: string | undefined }
    | { kind: "missing"; backend: BackendChoice }
    | { kind: "config"; backend: BackendChoice; problems: string[] };

/** Selects STACK on the backend `--backend` or the environment names, and reads its config (validated) and outputs. */
export async function readLabStack(stack: string, backendFlag: string | undefined, deps: StatusDeps): Promise<LabStackRead> {
    const backend = chooseBackend(
        { verb: "outputs", stack, backend: backendFlag, policy: false, preflight: false, showSecrets: false, adopt: false },
        deps.env,
    );
    let read: Awaited<ReturnType<StatusDeps["readStack"]>>;
    try {
        read = await deps.readStack(stack, backend);
    } catch (e) {
        return { kind: "unreadable", backend, why: firstLine(e) };
    }
    if (read === "missing") return { kind: "missing", backend };
    try {
        const config = parseLabConfig(
            labRawConfig(read.config),
            { pathExists: () => true, kindProvider: deps.env[NODE_RUNTIME_ENV] },
            PROJECT,
        );
        return { kind: "read", backend, config, outputs: read.outputs };
    } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        return { kind: "config", backend, problems: e.problems };
    }
}

/** Everything status looks at, asked side by side once the cluster is known to run. */
export async function gatherFacts(
    stack: string,
    config: LabConfig,
    outputs: Record<string, unknown>,
    deps: StatusDeps,
): Promise<StatusFacts> {
    const runtime = config.nodeRuntime;
    const nodes = kindNodeNames(config.clusterName, labClusterConfig(config.workerPortMappings)).map((n) => n.name);
    const facts: StatusFacts = {
        stack,
        clusterName: config.clusterName,
        runtime,
        outputs: Object.keys(outputs).length === 0 ? undefined : (outputs as StatusFacts["outputs"]),
        cluster: { error: "" },
    };
    const seen = await observeCluster(deps.runCommand, runtime, config.clusterName, nodes);
    if ("failed" in seen) {
        const [program, verb] = seen.failed;
        const start = verb === "ps" ? `: start ${RUNTIMES[runtime].displayName}` : "";
        facts.cluster = { error: `${program} ${verb} failed (${failureWhy(seen.result)})${start}` };
        return facts;
    }
    const assessment = seen.assessment;
    facts.cluster = { assessment, ips: Object.fromEntries(seen.seen.map((s) => [s.name, s.ip])) };
    if (assessment.condition !== "running") return facts;

    const controlPlane = nodes.find((n) => n.endsWith("-control-plane")) ?? nodes[0];
    const podNodes = [...new Set(Object.values(facts.outputs?.pods ?? {}).map((p) => p.nodeName))].filter((n) => nodes.includes(n));
    const url = facts.outputs?.kubeOpsViewUrl;
    const [kube, sandboxes, http] = await Promise.all([
        deps.runCommand(controlPlaneKubectlArgv(runtime, controlPlane, "get", "nodes,pods", "--all-namespaces", "-o", "json")),
        Promise.all(podNodes.map((n) => deps.runCommand([runtime, "exec", n, "crictl", "pods", "--state", "ready", "-o", "json"]))),
        url ? deps.httpStatus(url.replace(/#.*$/, "")) : Promise.resolve(undefined),
    ]);
    facts.kube = kube.code === 0 ? parseKubeList(kube.stdout) : { error: failureWhy(kube) };
    // a crash-looping kube-ops-view says why only in its log; asked only when the page does not answer
    if ("pods" in facts.kube && http !== undefined && !("status" in http && http.status < 400)) {
        const namespace = facts.outputs?.kubeOpsView?.namespace ?? "kube-system";
        await readCrashLogs(facts.kube.pods, namespace, deps.runCommand, runtime, controlPlane);
    }
    facts.sandboxes = {};
    for (const r of sandboxes) if (r.code === 0) Object.assign(facts.sandboxes, parseReadySandboxes(r.stdout));
    for (const p of Object.values(facts.outputs?.pods ?? {})) facts.sandboxes[p.uid] ??= "";
    facts.http = http;
    return facts;
}

/** `crictl pods --state ready -o json` → pod UID → its newest ready sandbox id. */
export function parseReadySandboxes(text: string): Record<string, string> {
    const out: Record<string, { id: string; createdAt: number }> = {};
    try {
        const list = JSON.parse(text) as { items?: { id?: unknown; createdAt?: unknown; metadata?: { uid?: unknown } }[] };
        for (const item of list.items ?? []) {
            const uid = item.metadata?.uid;
            const createdAt = Number(item.createdAt ?? 0);
            const id = item.id;
            if (typeof uid === "string" && typeof id === "string" && (out[uid] === undefined || createdAt > out[uid].createdAt)) {
                out[uid] = { id, createdAt };
            }
        }
    } catch {
        return {};
    }
    return Object.fromEntries(Object.entries(out).map(([uid, s]) => [uid, s.id]));
}

function firstLine(e: unknown): string | undefined {
    const text = e instanceof Error ? e.message : String(e ?? "");
    return (
        text
            .split("\n")
            .map((l) => l.trim())
            .find((l) => l !== "") ?? undefined
    );
}

async function realHttpStatus(url: string): Promise<{ status: number } | { error: string }> {
    try {
        const r = await fetch(url, { signal: AbortSignal.timeout(2_000), redirect: "manual" });
        await r.body?.cancel();
        return { status: r.status };
    } catch (e) {
        const cause = (e as { cause?: { code?: string } }).cause?.code;
        return { error: cause ?? firstLine(e) ?? "no answer" };
    }
}

/** Selects (never creates) the stack, then its config and outputs side by side. */
async function readAutomationStack(stackName: string, backend: BackendChoice): ReturnType<StatusDeps["readStack"]> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { LocalWorkspace, StackNotFoundError } = require("@pulumi/pulumi/automation") as typeof Automation;
    let stack: Automation.Stack;
    try {
        stack = await LocalWorkspace.selectStack({ stackName, workDir: REPO_ROOT }, { envVars: backend.env });
    } catch (e) {
        if (e instanceof StackNotFoundError) return "missing";
        throw e;
    }
    const [config, outputs] = await Promise.all([stack.getAllConfig(), stack.outputs()]);
    return { config, outputs };
}

export type { LabStatus };
