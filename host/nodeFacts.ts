// Node facts (docs/seed-lab.md §2.2: `kubectl get nodes -o wide`, `docker port myk8s-worker`) from `docker inspect` of the kind
// node containers. Pure (no Pulumi import); malformed input is a NodeFactsError naming what was expected.
import type { NodeFacts, PublishedPort } from "../lab/stackOutputs";
import { compareText, isRecord } from "../lib/util";

export class NodeFactsError extends Error {
    constructor(message: string) {
        super(`node facts: ${message}`);
        this.name = "NodeFactsError";
    }
}

const ROLE_LABEL = "io.x-k8s.kind.role";
// kind attaches its nodes to the "kind" docker network unless KIND_EXPERIMENTAL_DOCKER_NETWORK names another.
const KIND_NETWORK = "kind";

function field(record: Record<string, unknown>, key: string, where: string): Record<string, unknown> {
    const value = record[key];
    if (!isRecord(value)) throw new NodeFactsError(`${where}: expected an object at "${key}"`);
    return value;
}

/** Parses `docker inspect` output (a JSON array) of a kind cluster's node containers. */
export function parseNodeFacts(dockerInspectJson: string): NodeFacts[] {
    let parsed: unknown;
    try {
        parsed = JSON.parse(dockerInspectJson);
    } catch (error) {
        throw new NodeFactsError(`docker inspect output is not JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(parsed) || parsed.length === 0) {
        throw new NodeFactsError("expected a non-empty JSON array of containers from docker inspect");
    }
    const nodes = parsed.map((container, index) => parseContainer(container, index));
    return nodes.sort((a, b) => (a.role === b.role ? compareText(a.name, b.name) : a.role === "control-plane" ? -1 : 1));
}

function parseContainer(container: unknown, index: number): NodeFacts {
    const where = `container #${index}`;
    if (!isRecord(container)) throw new NodeFactsError(`${where}: expected an object`);
    const rawName = container.Name;
    if (typeof rawName !== "string" || rawName.replace(/^\//, "") === "") throw new NodeFactsError(`${where}: expected a "Name"`);
    const name = rawName.replace(/^\//, "");
    const at = `container ${name}`;
    const labels = field(field(container, "Config", at), "Labels", at);
    const role = labels[ROLE_LABEL];
    if (role !== "control-plane" && role !== "worker") {
        throw new NodeFactsError(`${at}: label ${ROLE_LABEL} is ${JSON.stringify(role)}, expected "control-plane" or "worker"`);
    }
    const settings = field(container, "NetworkSettings", at);
    return { name, role, internalIp: internalIp(settings, at), publishedPorts: publishedPorts(settings, at) };
}

function internalIp(settings: Record<string, unknown>, at: string): string {
    const networks = field(settings, "Networks", at);
    const names = [
        KIND_NETWORK,
        ...Object.keys(networks)
            .sort()
            .filter((n) => n !== KIND_NETWORK),
    ];
    for (const network of names) {
        const entry = networks[network];
        if (isRecord(entry) && typeof entry.IPAddress === "string" && entry.IPAddress !== "") return entry.IPAddress;
    }
    throw new NodeFactsError(`${at}: no IPv4 address on any docker network (NetworkSettings.Networks.*.IPAddress)`);
}

function publishedPorts(settings: Record<string, unknown>, at: string): PublishedPort[] {
    const ports = settings.Ports;
    if (ports === null || ports === undefined) return [];
    if (!isRecord(ports)) throw new NodeFactsError(`${at}: expected an object at "NetworkSettings.Ports"`);
    const result: PublishedPort[] = [];
    for (const [key, bindings] of Object.entries(ports)) {
        const match = /^(\d+)\/(tcp|udp|sctp)$/.exec(key);
        if (!match) throw new NodeFactsError(`${at}: port key ${JSON.stringify(key)} is not PORT/tcp|udp|sctp`);
        if (bindings === null) continue; // exposed by the image, not published
        if (!Array.isArray(bindings)) throw new NodeFactsError(`${at}: bindings of ${key} are not a list`);
        for (const binding of bindings) {
            if (!isRecord(binding) || typeof binding.HostPort !== "string" || !/^\d+$/.test(binding.HostPort)) {
                throw new NodeFactsError(`${at}: a binding of ${key} has no numeric HostPort`);
            }
            result.push({
                containerPort: Number(match[1]),
                protocol: match[2] as PublishedPort["protocol"],
                hostIp: typeof binding.HostIp === "string" ? binding.HostIp : "",
                hostPort: Number(binding.HostPort),
            });
        }
    }
    return result.sort(
        (a, b) =>
            a.containerPort - b.containerPort ||
            compareText(a.protocol, b.protocol) ||
            compareText(a.hostIp, b.hostIp) ||
            a.hostPort - b.hostPort,
    );
}
