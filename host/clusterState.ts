// What the node runtime says of a kind cluster's node containers now, and what that means for the stack: pure (no
// Pulumi import), so every case is unit-tested. components/clusterWatch.ts asks the runtime and acts on the verdict.
//
// The kind cluster is made by a command (`local.Command`), which the engine never reads back (pulumi-command#432): a
// cluster deleted or stopped by hand stays "created" in the state. These facts are what the stack reads instead.
//
// It imports nothing at run time: the dynamic provider's closure (clusterWatch.ts) carries this module into the
// engine's provider process, so it stays small and self-contained.
import type { CommandRunner } from "./commandRunner";
import type { NodeRuntime } from "../lab/configSchema";

/** One node container as the runtime's `inspect` reports it. */
export interface NodeContainerState {
    name: string;
    id: string;
    /** The runtime's word: running, exited, created, paused, restarting, ... */
    status: string;
    /** When it last started (changes on every start: a Docker restart, `docker start`). */
    startedAt: string;
    /** Its address on kind's network ("" while stopped). */
    ip: string;
}

/**
 * - running: every node container exists and runs;
 * - stopped: every one exists, some do not run (a Docker restart that did not bring them back, `docker stop`);
 * - partial: some exist, some do not (`docker rm -f <name>-worker`);
 * - absent: none exists (`kind delete cluster`, `docker system prune`, a new Docker Desktop VM).
 */
export type ClusterCondition = "running" | "stopped" | "partial" | "absent";

export interface ClusterAssessment {
    condition: ClusterCondition;
    /** Node containers the cluster should have and the runtime does not. */
    missing: string[];
    /** Node containers that exist and do not run. */
    stopped: string[];
    /**
     * The nodes' current boot, one word for all: each node's container id, start time and address. Equal as long as
     * nothing restarted; anything read from a running node (kubeconfig, node facts, probes) is re-read when it changes.
     */
    boot: string;
}

/** `inspect --format` of one node container: name|id|status|startedAt|ip (docker, podman and nerdctl alike). */
export const NODE_STATE_FORMAT =
    "{{.Name}}|{{.Id}}|{{.State.Status}}|{{.State.StartedAt}}|{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}";

/** The argv that lists the cluster's node containers, stopped ones included (kind labels each with its cluster). */
export function listNodesArgv(runtime: NodeRuntime, clusterName: string): string[] {
    if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(clusterName)) {
        throw new Error(`kind cluster name must be a DNS label, got ${JSON.stringify(clusterName)}`);
    }
    return [runtime, "ps", "-a", "-q", "--filter", `label=io.x-k8s.kind.cluster=${clusterName}`];
}

/** The argv that reports each listed container in NODE_STATE_FORMAT, one line each. */
export function inspectNodesArgv(runtime: NodeRuntime, ids: string[]): string[] {
    for (const id of ids) if (!/^[0-9a-f]{6,64}$/.test(id)) throw new Error(`not a container id: ${JSON.stringify(id)}`);
    return [runtime, "inspect", "--format", NODE_STATE_FORMAT, ...ids];
}

/** kubectl on the control plane's node container with its admin kubeconfig: the cluster's API, no kubectl on the host. */
export function controlPlaneKubectlArgv(runtime: NodeRuntime, controlPlane: string, ...args: string[]): string[] {
    return [runtime, "exec", controlPlane, "kubectl", "--kubeconfig=/etc/kubernetes/admin.conf", ...args];
}

/** What the runtime has of the cluster's node containers; or the command that failed and its result. */
export async function observeCluster(
    run: CommandRunner,
    runtime: NodeRuntime,
    clusterName: string,
    nodes: string[],
    timeoutMs?: number,
): Promise<
    { assessment: ClusterAssessment; seen: NodeContainerState[] } | { failed: string[]; result: Awaited<ReturnType<CommandRunner>> }
> {
    const listArgv = listNodesArgv(runtime, clusterName);
    const listed = await run(listArgv, timeoutMs);
    if (listed.code !== 0) return { failed: listArgv, result: listed };
    const ids = listed.stdout.split(/\s+/).filter(Boolean);
    let seen: NodeContainerState[] = [];
    if (ids.length > 0) {
        const inspectArgv = inspectNodesArgv(runtime, ids);
        const inspected = await run(inspectArgv, timeoutMs);
        if (inspected.code !== 0) return { failed: inspectArgv, result: inspected };
        seen = parseNodeStates(inspected.stdout);
    }
    return { assessment: assessCluster(nodes, seen), seen };
}

/** The argv that starts stopped node containers (kind's control plane first: the workers join it). */
export function startNodesArgv(runtime: NodeRuntime, names: string[]): string[] {
    const ordered = [...names].sort((a, b) => Number(b.endsWith("-control-plane")) - Number(a.endsWith("-control-plane")));
    for (const n of ordered)
        if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(n)) throw new Error(`not a node container name: ${JSON.stringify(n)}`);
    return [runtime, "start", ...ordered];
}

export class NodeStateParseError extends Error {
    constructor(
        readonly line: string,
        reason: string,
    ) {
        super(`cannot read a node container's state from ${JSON.stringify(line)}: ${reason}`);
        this.name = "NodeStateParseError";
    }
}

/** Lines of NODE_STATE_FORMAT → states. Docker prints names with a leading "/", podman without. */
export function parseNodeStates(text: string): NodeContainerState[] {
    return text
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "")
        .map((line) => {
            const fields = line.split("|");
            if (fields.length !== 5) throw new NodeStateParseError(line, `expected 5 fields separated by "|", got ${fields.length}`);
            const [name, id, status, startedAt, ip] = fields;
            if (name.replace(/^\//, "") === "" || id === "" || status === "")
                throw new NodeStateParseError(line, "name, id or status is empty");
            return { name: name.replace(/^\//, ""), id, status, startedAt, ip };
        });
}

/** The verdict on `expected` node containers from what the runtime listed (other containers are ignored). */
export function assessCluster(expected: string[], seen: NodeContainerState[]): ClusterAssessment {
    const byName = new Map(seen.map((s) => [s.name, s]));
    const missing = expected.filter((n) => !byName.has(n));
    const present = expected.flatMap((n) => byName.get(n) ?? []);
    const stopped = present.filter((s) => s.status !== "running").map((s) => s.name);
    const condition: ClusterCondition =
        present.length === 0 ? "absent" : missing.length > 0 ? "partial" : stopped.length > 0 ? "stopped" : "running";
    const boot = [...present]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((s) => `${s.name}=${s.id.slice(0, 12)}@${s.startedAt}/${s.ip}`)
        .join(",");
    return { condition, missing, stopped, boot };
}

/** One line for a user: what the runtime shows of the cluster, when it is not simply running. */
export function describeCondition(clusterName: string, runtime: NodeRuntime, a: ClusterAssessment): string {
    switch (a.condition) {
        case "running":
            return `kind cluster ${clusterName} runs (${runtime})`;
        case "stopped":
            return `kind cluster ${clusterName}: node container(s) ${a.stopped.join(", ")} exist but do not run (${runtime} restarted, or stopped by hand)`;
        case "partial":
            return `kind cluster ${clusterName}: node container(s) ${a.missing.join(", ")} are gone (removed by hand?)`;
        case "absent":
            return `kind cluster ${clusterName} is gone: ${runtime} has none of its node containers (kind delete cluster, a prune, a new Docker VM?)`;
    }
}
