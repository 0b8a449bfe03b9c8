// `crictl inspectp SANDBOX` as JSON ({status, info}), crictl's default output and what the probe captures.
import { JsonNode, parseJsonText } from "./json";
import { readSpecNamespaces, SpecNamespaces } from "./runtimeSpec";

/** CRI NamespaceMode as crictl prints it: POD, CONTAINER, NODE or TARGET. */
export type CriNamespaceMode = "POD" | "CONTAINER" | "NODE" | "TARGET";

export interface CrictlSandboxInspect {
    id: string;
    name: string | null;
    uid: string | null;
    namespace: string | null;
    state: string | null;
    /** Pod IPs, primary first. */
    ips: string[];
    /** The pause (sandbox) process; null when the runtime gives no info. */
    pid: number | null;
    /** What kubelet asked for: network NODE = hostNetwork, pid POD = shareProcessNamespace. Null when not printed. */
    namespaceOptions: { network: CriNamespaceMode | null; pid: CriNamespaceMode | null; ipc: CriNamespaceMode | null } | null;
    /** The sandbox's own OCI namespaces; null when the runtime gave no spec (CRI-O without info). */
    namespaces: SpecNamespaces | null;
    /** The pinned network namespace, e.g. /var/run/netns/cni-...; null when the spec has no network path. */
    netnsPath: string | null;
    labels: Record<string, string>;
}

export function parseCrictlInspectp(text: string): CrictlSandboxInspect {
    return parseInspectpJson(text);
}

const MODES: readonly string[] = ["POD", "CONTAINER", "NODE", "TARGET"];

function mode(node: JsonNode): CriNamespaceMode | null {
    if (node.isMissing) return null;
    // Protobuf JSON may print an enum as its number; 0 = POD, 1 = CONTAINER, 2 = NODE, 3 = TARGET.
    if (typeof node.value === "number" && Number.isInteger(node.value) && node.value >= 0 && node.value < MODES.length) {
        return MODES[node.value] as CriNamespaceMode;
    }
    const s = node.string();
    if (!MODES.includes(s)) node.fail("a namespace mode (POD, CONTAINER, NODE, TARGET)");
    return s as CriNamespaceMode;
}

function parseInspectpJson(text: string): CrictlSandboxInspect {
    const root = parseJsonText(text, "crictl-inspectp");
    if (!root.isObject()) root.fail("the object crictl inspectp prints ({status, info})");
    const status = root.get("status");
    if (!status.isObject()) status.fail("the sandbox status object");
    const metadata = status.get("metadata");
    const meta = (key: string) => (metadata.isMissing ? null : metadata.get(key).optionalString());
    const network = status.get("network");
    const ips: string[] = [];
    if (!network.isMissing) {
        const ip = network.get("ip").optionalString();
        if (ip) ips.push(ip);
        for (const extra of network.get("additionalIps").optionalItems()) ips.push(extra.get("ip").string());
    }
    const options = status.get("linux").isMissing ? null : status.get("linux").get("namespaces");
    const optionNode = options && !options.isMissing ? options.get("options") : null;
    const info = root.get("info");
    const spec = info.isObject() ? info.getAny("runtimeSpec", "container runtime spec") : null;
    const namespaces = spec && !spec.isMissing ? readSpecNamespaces(spec) : null;
    return {
        id: status.get("id").nonEmptyString(),
        name: meta("name"),
        uid: meta("uid"),
        namespace: meta("namespace"),
        state: status.get("state").optionalString(),
        ips,
        pid: info.isObject() ? info.get("pid").optionalInteger() : null,
        namespaceOptions:
            optionNode && !optionNode.isMissing
                ? { network: mode(optionNode.get("network")), pid: mode(optionNode.get("pid")), ipc: mode(optionNode.get("ipc")) }
                : null,
        namespaces,
        netnsPath: namespaces?.net?.path ?? null,
        labels: status.get("labels").stringMap(),
    };
}
