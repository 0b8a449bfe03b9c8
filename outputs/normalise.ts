// Reads what users feed `lab report` / `lab diff`: the JSON of `pulumi stack output --json` (with or without
// --show-secrets) or a bare `namespaceReport`, checks it against the stack-output contract and returns one
// normalised, deterministically ordered form. Every problem is an OutputsInputError naming the path.
import { parse as parseYaml } from "yaml";
import { isNamespaceType } from "../probe/namespaceNames";
import { NAMESPACE_TYPES, NamespaceType } from "../probe/types";
import { CAPTURE_NAMES, CaptureName, CaptureOutput, isCaptureName } from "../probe/captures";
import type {
    ContainerNamespaceReport,
    NamespaceInodes,
    NamespaceReport,
    PauseNamespaceReport,
    PodNamespaceReport,
    Sharing,
} from "../probe/types";
import type { ChartFacts, LabStackOutputs, NodeFacts, PodFacts, PublishedPort, RequiredOutputName } from "../lab/stackOutputs";
import { describeValue } from "../lib/util";
import { OutputsInputError } from "./errors";
import { isSecretValue, KNOWN_SECRET_OUTPUTS } from "./secrets";
import { compareText } from "../lib/util";

interface NormalisedFacts {
    /** What the input was: a whole stack-outputs document, or only its namespaceReport. */
    source: "stack-outputs" | "namespace-report";
    /** Names of outputs that are secrets (masked, ciphertext, or known secrets shown in plaintext); values are never kept. */
    secrets: string[];
    clusterName?: string;
    kindConfig?: string;
    /** kindConfig parsed as YAML (for semantic comparison: key order, quoting and comments do not matter). */
    kindConfigParsed?: unknown;
    nodes?: NodeFacts[];
    kubeOpsViewUrl?: string;
    kubeOpsView?: ChartFacts;
    pods?: Record<string, PodFacts>;
    namespaceReport?: NamespaceReport;
}

/** One normalised document: the report's facts, and each raw capture (probe/captures.ts) under its output's name. */
export type NormalisedOutputs = NormalisedFacts & { [K in CaptureName]?: CaptureOutput };

/**
 * Top-level outputs every stack-outputs document carries (the README's "Stack outputs" table): LabStackOutputs'
 * required keys, in the table's order. The type check fails when one is missing here or is not in the contract.
 */
export const REQUIRED_OUTPUTS = [
    "clusterName",
    "kubeconfig",
    "kindConfig",
    "nodes",
    "kubeOpsViewUrl",
    "pods",
    ...CAPTURE_NAMES,
    "namespaceReport",
] as const satisfies readonly RequiredOutputName[];
const everyRequiredOutputListed: Exclude<RequiredOutputName, (typeof REQUIRED_OUTPUTS)[number]> extends never ? true : never = true;
void everyRequiredOutputListed;
const OPTIONAL_OUTPUTS = ["kubeOpsView"] as const satisfies readonly Exclude<keyof LabStackOutputs, RequiredOutputName>[];
const CONTRACT_OUTPUTS: ReadonlySet<string> = new Set<string>([...REQUIRED_OUTPUTS, ...OPTIONAL_OUTPUTS]);

const SHARINGS: readonly Sharing[] = ["pod", "private", "host"];

/** Parses and normalises the text of one input document. */
export function normaliseOutputsText(text: string): NormalisedOutputs {
    if (text.trim() === "")
        throw new OutputsInputError("", "empty input (expected the JSON of `pulumi stack output --json` or a namespaceReport)");
    let document: unknown;
    try {
        document = JSON.parse(text);
    } catch (err) {
        throw new OutputsInputError("", `not valid JSON (${oneLine(err instanceof Error ? err.message : String(err))})`);
    }
    return normaliseOutputs(document);
}

export function normaliseOutputs(document: unknown): NormalisedOutputs {
    const top = expectObject("", document, "a JSON object (stack outputs or a namespaceReport)");
    const keys = Object.keys(top);
    if (keys.length === 0) throw new OutputsInputError("", "empty object: no stack outputs and no pods");
    if (keys.some((k) => CONTRACT_OUTPUTS.has(k))) return normaliseStackOutputs(top);
    if (keys.every((k) => looksLikePodReport(top[k]))) {
        return { source: "namespace-report", secrets: [], namespaceReport: normaliseNamespaceReport("", top) };
    }
    const stray = keys.find((k) => !looksLikePodReport(top[k])) as string;
    throw new OutputsInputError(
        "",
        `neither stack outputs (no ${["namespaceReport", "pods", "clusterName"].join("/")} key) ` +
            `nor a bare namespaceReport ("${stray}" is not a pod report with pause and containers)`,
    );
}

function looksLikePodReport(value: unknown): boolean {
    return typeof value === "object" && value !== null && !Array.isArray(value) && "pause" in value && "containers" in value;
}

function normaliseStackOutputs(top: Record<string, unknown>): NormalisedOutputs {
    const missing = REQUIRED_OUTPUTS.filter((k) => !(k in top));
    if (missing.length > 0) {
        throw new OutputsInputError(
            "",
            `stack outputs lack ${missing.map((k) => `"${k}"`).join(", ")} (present: ${Object.keys(top).sort().join(", ")})`,
        );
    }
    const result: NormalisedOutputs = { source: "stack-outputs", secrets: [] };
    for (const key of Object.keys(top).sort()) {
        const value = top[key];
        if (isSecretValue(value) || (KNOWN_SECRET_OUTPUTS.includes(key) && value !== null)) {
            if (!isSecretValue(value) && typeof value !== "string") {
                throw new OutputsInputError(key, `expected a secret or a string, got ${describeValue(value)}`);
            }
            result.secrets.push(key);
            continue;
        }
        switch (key) {
            case "clusterName":
                result.clusterName = expectString(key, value);
                break;
            case "kindConfig":
                result.kindConfig = expectString(key, value);
                result.kindConfigParsed = parseKindConfig(result.kindConfig);
                break;
            case "nodes":
                result.nodes = normaliseNodes(value);
                break;
            case "kubeOpsViewUrl":
                result.kubeOpsViewUrl = expectString(key, value);
                break;
            case "kubeOpsView":
                result.kubeOpsView = normaliseChart(value);
                break;
            case "pods":
                result.pods = normalisePods(value);
                break;
            case "namespaceReport":
                result.namespaceReport = normaliseNamespaceReport(key, value);
                break;
            default:
                if (!isCaptureName(key)) {
                    // compared as nothing in particular, it would read as a change on every run: the contract names every output
                    throw new OutputsInputError(key, `is not one of this stack's outputs (${[...CONTRACT_OUTPUTS].join(", ")})`);
                }
                result[key] = normaliseRawTexts(key, value);
        }
    }
    return result;
}

function parseKindConfig(text: string): unknown {
    let parsed: unknown;
    try {
        parsed = parseYaml(text);
    } catch (err) {
        throw new OutputsInputError("kindConfig", `not valid YAML (${oneLine(err instanceof Error ? err.message : String(err))})`);
    }
    return expectObject("kindConfig", parsed, "a YAML mapping (kind Cluster config)");
}

function normaliseNodes(value: unknown): NodeFacts[] {
    const nodes = expectArray("nodes", value).map((item, i): NodeFacts => {
        const path = `nodes[${i}]`;
        const node = expectObject(path, item, "a node");
        const ports = expectArray(`${path}.publishedPorts`, node.publishedPorts).map((p, j): PublishedPort => {
            const pp = `${path}.publishedPorts[${j}]`;
            const port = expectObject(pp, p, "a published port");
            const protocol = expectString(`${pp}.protocol`, port.protocol);
            if (protocol !== "tcp" && protocol !== "udp" && protocol !== "sctp") {
                throw new OutputsInputError(`${pp}.protocol`, `expected tcp, udp or sctp, got ${describeValue(protocol)}`);
            }
            return {
                containerPort: expectPort(`${pp}.containerPort`, port.containerPort),
                protocol,
                hostIp: expectString(`${pp}.hostIp`, port.hostIp),
                hostPort: expectPort(`${pp}.hostPort`, port.hostPort),
            };
        });
        const role = expectString(`${path}.role`, node.role);
        if (role !== "control-plane" && role !== "worker") {
            throw new OutputsInputError(`${path}.role`, `expected control-plane or worker, got ${describeValue(role)}`);
        }
        ports.sort((a, b) => a.containerPort - b.containerPort || a.protocol.localeCompare(b.protocol) || a.hostPort - b.hostPort);
        return {
            name: expectString(`${path}.name`, node.name),
            role,
            internalIp: expectString(`${path}.internalIp`, node.internalIp),
            publishedPorts: ports,
        };
    });
    const seen = new Set<string>();
    for (const node of nodes) {
        if (seen.has(node.name)) throw new OutputsInputError("nodes", `node "${node.name}" appears twice`);
        seen.add(node.name);
    }
    return nodes.sort((a, b) => compareText(a.name, b.name));
}

function normaliseChart(value: unknown): ChartFacts {
    const chart = expectObject("kubeOpsView", value, "chart coordinates");
    return {
        chart: expectString("kubeOpsView.chart", chart.chart),
        version: expectString("kubeOpsView.version", chart.version),
        repo: expectString("kubeOpsView.repo", chart.repo),
        namespace: expectString("kubeOpsView.namespace", chart.namespace),
        values: expectObject("kubeOpsView.values", chart.values, "chart values"),
    };
}

function normalisePods(value: unknown): Record<string, PodFacts> {
    const pods = expectObject("pods", value, "pod name → facts");
    return sortedRecord(pods, (name, item) => {
        const path = `pods.${name}`;
        const pod = expectObject(path, item, "pod facts");
        const containers = expectArray(`${path}.containers`, pod.containers).map((c, i) => expectString(`${path}.containers[${i}]`, c));
        return {
            uid: expectString(`${path}.uid`, pod.uid),
            nodeName: expectString(`${path}.nodeName`, pod.nodeName),
            podIP: expectString(`${path}.podIP`, pod.podIP),
            containers,
        };
    });
}

function normaliseRawTexts(key: string, value: unknown): Record<string, Record<string, string>> {
    const pods = expectObject(key, value, "pod name → container name → text");
    return sortedRecord(pods, (pod, perPod) =>
        sortedRecord(expectObject(`${key}.${pod}`, perPod, "container name → text"), (name, text) =>
            expectString(`${key}.${pod}.${name}`, text),
        ),
    );
}

export function normaliseNamespaceReport(path: string, value: unknown): NamespaceReport {
    const report = expectObject(path, value, "pod name → namespace report");
    const at = (p: string) => (path === "" ? p : `${path}.${p}`);
    return sortedRecord(report, (podName, item) => normalisePodReport(at(podName), item));
}

function normalisePodReport(path: string, value: unknown): PodNamespaceReport {
    const pod = expectObject(path, value, "a pod namespace report");
    const pauseRaw = expectObject(`${path}.pause`, pod.pause, "the pause process");
    const pause: PauseNamespaceReport = {
        pid: expectPid(`${path}.pause.pid`, pauseRaw.pid),
        namespaces: normaliseInodes(`${path}.pause.namespaces`, pauseRaw.namespaces),
        sharing: {},
        addresses: normaliseAddresses(`${path}.pause.addresses`, pauseRaw.addresses),
    };
    pause.sharing = normaliseSharing(`${path}.pause`, pauseRaw.sharing, pause.namespaces, null);
    const containersRaw = expectObject(`${path}.containers`, pod.containers, "container name → report");
    const containers = sortedRecord(containersRaw, (name, item): ContainerNamespaceReport => {
        const cp = `${path}.containers.${name}`;
        const c = expectObject(cp, item, "a container report");
        const namespaces = normaliseInodes(`${cp}.namespaces`, c.namespaces);
        return {
            id: expectString(`${cp}.id`, c.id),
            pid: expectPid(`${cp}.pid`, c.pid),
            namespaces,
            sharing: normaliseSharing(cp, c.sharing, namespaces, pause),
            addresses: normaliseAddresses(`${cp}.addresses`, c.addresses),
        };
    });
    const inconsistencies = expectArray(`${path}.inconsistencies`, pod.inconsistencies).map((s, i) =>
        expectString(`${path}.inconsistencies[${i}]`, s),
    );
    const consistent = expectBoolean(`${path}.consistent`, pod.consistent);
    if (consistent && inconsistencies.length > 0) {
        throw new OutputsInputError(`${path}.consistent`, `true, yet ${inconsistencies.length} inconsistencies are listed`);
    }
    return {
        node: expectString(`${path}.node`, pod.node),
        sandboxId: expectString(`${path}.sandboxId`, pod.sandboxId),
        pause,
        containers,
        consistent,
        inconsistencies,
    };
}

function normaliseInodes(path: string, value: unknown): NamespaceInodes {
    const raw = expectObject(path, value, "namespace type → inode");
    const result: NamespaceInodes = {};
    for (const type of Object.keys(raw)) {
        if (!isNamespaceType(type))
            throw new OutputsInputError(`${path}.${type}`, `unknown namespace type (expected one of ${NAMESPACE_TYPES.join(", ")})`);
    }
    for (const type of NAMESPACE_TYPES) {
        if (type in raw) result[type] = expectPositiveInteger(`${path}.${type}`, raw[type], "an inode number");
    }
    return result;
}

/**
 * A verdict for exactly the types that have an inode, and verdicts that agree with the inodes: "pod" means the
 * same inode as pause, "private" a different one; pause itself is never "pod". A document breaking this was
 * edited by hand or produced by a broken probe, and any table or diff drawn from it would mislead.
 */
function normaliseSharing(
    path: string,
    value: unknown,
    inodes: NamespaceInodes,
    pause: PauseNamespaceReport | null,
): Partial<Record<NamespaceType, Sharing>> {
    const raw = expectObject(`${path}.sharing`, value, "namespace type → pod|private|host");
    const result: Partial<Record<NamespaceType, Sharing>> = {};
    for (const type of Object.keys(raw)) {
        if (!isNamespaceType(type))
            throw new OutputsInputError(
                `${path}.sharing.${type}`,
                `unknown namespace type (expected one of ${NAMESPACE_TYPES.join(", ")})`,
            );
        if (inodes[type] === undefined)
            throw new OutputsInputError(`${path}.sharing.${type}`, "a verdict for a namespace type with no inode");
    }
    for (const type of NAMESPACE_TYPES) {
        const inode = inodes[type];
        if (inode === undefined) continue;
        const verdict = raw[type];
        if (verdict === undefined) throw new OutputsInputError(`${path}.sharing`, `no verdict for "${type}" (its inode is ${inode})`);
        if (!SHARINGS.includes(verdict as Sharing)) {
            throw new OutputsInputError(`${path}.sharing.${type}`, `expected pod, private or host, got ${describeValue(verdict)}`);
        }
        const sharing = verdict as Sharing;
        if (pause === null && sharing === "pod")
            throw new OutputsInputError(`${path}.sharing.${type}`, "pause cannot share with itself (expected private or host)");
        const pauseInode = pause?.namespaces[type];
        if (pause !== null && sharing === "pod" && pauseInode !== inode) {
            throw new OutputsInputError(
                `${path}.sharing.${type}`,
                `"pod" but inode ${inode} differs from pause's ${pauseInode ?? "(none)"}`,
            );
        }
        if (pause !== null && sharing === "private" && pauseInode === inode) {
            throw new OutputsInputError(`${path}.sharing.${type}`, `"private" but inode ${inode} is pause's`);
        }
        result[type] = sharing;
    }
    return result;
}

function normaliseAddresses(path: string, value: unknown): string[] {
    return expectArray(path, value)
        .map((a, i) => expectString(`${path}[${i}]`, a))
        .sort(compareText);
}

// --- small checkers: each names the path and what was expected ---

function expectObject(path: string, value: unknown, what: string): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new OutputsInputError(
            path,
            `expected ${what}, got ${isSecretValue(value) ? "a secret (rerun `pulumi stack output --json --show-secrets`)" : describeValue(value)}`,
        );
    }
    return value as Record<string, unknown>;
}

function expectArray(path: string, value: unknown): unknown[] {
    if (!Array.isArray(value)) throw new OutputsInputError(path, `expected an array, got ${describeValue(value)}`);
    return value;
}

function expectString(path: string, value: unknown): string {
    if (typeof value !== "string") throw new OutputsInputError(path, `expected a string, got ${describeValue(value)}`);
    return value;
}

function expectBoolean(path: string, value: unknown): boolean {
    if (typeof value !== "boolean") throw new OutputsInputError(path, `expected true or false, got ${describeValue(value)}`);
    return value;
}

function expectPositiveInteger(path: string, value: unknown, what: string): number {
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
        throw new OutputsInputError(path, `expected ${what} (a positive integer), got ${describeValue(value)}`);
    }
    return value;
}

function expectPid(path: string, value: unknown): number {
    return expectPositiveInteger(path, value, "a PID");
}

function expectPort(path: string, value: unknown): number {
    const port = expectPositiveInteger(path, value, "a port");
    if (port > 65535) throw new OutputsInputError(path, `expected a port (1-65535), got ${port}`);
    return port;
}

function sortedRecord<T>(record: Record<string, unknown>, map: (key: string, value: unknown) => T): Record<string, T> {
    const result: Record<string, T> = {};
    for (const key of Object.keys(record).sort(compareText)) result[key] = map(key, record[key]);
    return result;
}

function oneLine(text: string): string {
    return text.replace(/\s*\n\s*/g, " ").trim();
}
