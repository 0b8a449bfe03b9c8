// `crictl inspectp SANDBOX`: JSON ({status, info}) or the `-o table` form ("ID: ...", "Name: ...").
import { JsonNode, parseJsonText } from "./json";
import { ProbeParseError, excerpt } from "./errors";
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
    /** The pause (sandbox) process; null in the table form, which does not print it. */
    pid: number | null;
    /** What kubelet asked for: network NODE = hostNetwork, pid POD = shareProcessNamespace. Null when not printed. */
    namespaceOptions: { network: CriNamespaceMode | null; pid: CriNamespaceMode | null; ipc: CriNamespaceMode | null } | null;
    /** The sandbox's own OCI namespaces; null when the runtime gave no spec (table form, CRI-O without info). */
    namespaces: SpecNamespaces | null;
    /** The pinned network namespace, e.g. /var/run/netns/cni-...; null when the spec has no network path. */
    netnsPath: string | null;
    labels: Record<string, string>;
}

export function parseCrictlInspectp(text: string): CrictlSandboxInspect {
    return text.trimStart().startsWith("{") ? parseInspectpJson(text) : parseInspectpTable(text);
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

/** The table form: "Key: value" lines; Labels/Annotations followed by tab-indented "k -> v" lines. */
function parseInspectpTable(text: string): CrictlSandboxInspect {
    const fields = new Map<string, string>();
    const labels: Record<string, string> = {};
    let block: string | null = null;
    const lines = text.replace(/\r\n/g, "\n").split("\n");
    lines.forEach((line, i) => {
        if (line.trim() === "" || line.startsWith("#")) return;
        const entry = /^\s+(\S.*?) -> (.*)$/.exec(line);
        if (entry && block !== null) {
            if (block === "Labels") labels[entry[1]] = entry[2];
            return;
        }
        const kv = /^([A-Za-z][A-Za-z ]*):(?: (.*))?$/.exec(line);
        if (!kv) {
            throw new ProbeParseError("crictl-inspectp", "a `Key: value` line of the table form", `line ${i + 1}`, excerpt(line));
        }
        block = kv[2] === undefined || kv[2] === "" ? kv[1] : null;
        if (block === null) fields.set(kv[1], kv[2]);
    });
    const id = fields.get("ID");
    if (!id) throw new ProbeParseError("crictl-inspectp", "an `ID: <sandbox id>` line (JSON or the table form)", null, excerpt(text));
    const ipText = fields.get("IP Addresses") ?? fields.get("IP Address");
    return {
        id,
        name: fields.get("Name") ?? null,
        uid: fields.get("UID") ?? null,
        namespace: fields.get("Namespace") ?? null,
        state: fields.get("Status") ?? null,
        ips: ipText ? ipText.split(/[,\s]+/).filter((s) => s !== "") : [],
        pid: null,
        namespaceOptions: null,
        namespaces: null,
        netnsPath: null,
        labels,
    };
}
