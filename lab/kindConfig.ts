// The kind `Cluster` (v1alpha4) config as typed data, its YAML, and the node names kind derives from it.
// Pure (no Pulumi import).
import * as YAML from "yaml";
import type { PortMapping } from "./configSchema";

export type KindNodeRole = "control-plane" | "worker";

/**
 * One `extraPortMappings` entry as kind reads it (v1alpha4): containerPort is required; without hostPort kind picks a
 * host port, without protocol it is TCP (any case accepted), without listenAddress every address. The lab's own config
 * always names the host port (labClusterConfig); the policy pack reads any kind config into this shape.
 */
export interface KindPortMapping {
    containerPort: number;
    hostPort?: number;
    listenAddress?: string;
    protocol?: string;
}

export interface KindNode {
    role: KindNodeRole;
    extraPortMappings?: KindPortMapping[];
}

export interface KindClusterConfig {
    kind: "Cluster";
    apiVersion: "kind.x-k8s.io/v1alpha4";
    nodes: KindNode[];
}

/** The seed's cluster: one control-plane, one worker carrying the host port mappings. */
export function labClusterConfig(workerPortMappings: PortMapping[]): KindClusterConfig {
    const worker: KindNode = { role: "worker" };
    if (workerPortMappings.length > 0) {
        // kind's defaults (TCP, all addresses) are left out, so the default config reads exactly like the seed's file.
        worker.extraPortMappings = workerPortMappings.map((m) => ({
            containerPort: m.containerPort,
            hostPort: m.hostPort,
            ...(m.listenAddress !== undefined ? { listenAddress: m.listenAddress } : {}),
            ...(m.protocol !== "TCP" ? { protocol: m.protocol } : {}),
        }));
    }
    return { kind: "Cluster", apiVersion: "kind.x-k8s.io/v1alpha4", nodes: [{ role: "control-plane" }, worker] };
}

export function renderKindConfig(config: KindClusterConfig): string {
    return YAML.stringify(config);
}

export interface KindNodeName {
    name: string;
    role: KindNodeRole;
}

/**
 * Node container names as kind assigns them: `<cluster>-control-plane`, `<cluster>-worker`, then a counter from
 * the second node of a role on (`-worker2`, `-worker3`); they are also the Kubernetes node names.
 */
export function kindNodeNames(clusterName: string, config: KindClusterConfig): KindNodeName[] {
    const seen: Record<KindNodeRole, number> = { "control-plane": 0, worker: 0 };
    return config.nodes.map((node) => {
        seen[node.role] += 1;
        const suffix = seen[node.role] === 1 ? "" : String(seen[node.role]);
        return { name: `${clusterName}-${node.role}${suffix}`, role: node.role };
    });
}
