// The policy pack's rules as pure functions over plain data: no Pulumi import, no engine, so each rule is tested
// with constructed inputs (test/unit/policy/). policies.ts adapts engine resources to these inputs. Value rules the stack
// config already has (ports, SemVer) come from lab/configSchema.ts, which is pure too.
import { parse as parseYaml } from "yaml";
import { isPort as isPortNumber, isSemver } from "../lab/configSchema";
import { hostScriptPattern } from "../host/commands";
import type { KindPortMapping } from "../lab/kindConfig";
import type { ChartFacts } from "../lab/stackOutputs";
import { isRecord } from "../lib/util";

/** Where a fact came from, so a violation names the resource and the property a user must change. */
export interface Origin {
    /** Resource name as declared in the program, e.g. "kube-ops-view". */
    resource: string;
    /** Dotted property path inside that resource, e.g. "values.service.main.ports.http.nodePort". */
    path: string;
}

// ---------------------------------------------------------------------------------------------------------------
// kind config: every NodePort the stack uses must be mapped by a worker's extraPortMappings.

export interface KindNodeFacts {
    role: string;
    extraPortMappings: KindPortMapping[];
}

export type KindConfigParse = { ok: true; name: string | undefined; nodes: KindNodeFacts[] } | { ok: false; error: string };

/** Reads the nodes and their port mappings from a kind `Cluster` (v1alpha4) config; errors are one sentence. */
export function parseKindConfig(text: string): KindConfigParse {
    let doc: unknown;
    try {
        doc = parseYaml(text);
    } catch (e) {
        return { ok: false, error: `the kind config is not valid YAML (${firstLine(e)})` };
    }
    if (!isRecord(doc)) return { ok: false, error: "the kind config is not a YAML mapping" };
    if (doc.kind !== "Cluster") return { ok: false, error: `the kind config has kind ${JSON.stringify(doc.kind)}, expected "Cluster"` };
    const name = typeof doc.name === "string" ? doc.name : undefined;
    if (!Array.isArray(doc.nodes)) {
        // kind's default without `nodes` is a single control-plane node with no port mappings.
        return { ok: true, name, nodes: [{ role: "control-plane", extraPortMappings: [] }] };
    }
    const nodes: KindNodeFacts[] = [];
    for (const [i, node] of doc.nodes.entries()) {
        if (!isRecord(node) || typeof node.role !== "string") {
            return { ok: false, error: `nodes[${i}] of the kind config has no role` };
        }
        const mappings: KindPortMapping[] = [];
        const raw = node.extraPortMappings ?? [];
        if (!Array.isArray(raw)) return { ok: false, error: `nodes[${i}].extraPortMappings is not a list` };
        for (const [j, m] of raw.entries()) {
            if (!isRecord(m) || !isPort(m.containerPort)) {
                return { ok: false, error: `nodes[${i}].extraPortMappings[${j}] has no valid containerPort` };
            }
            mappings.push({
                containerPort: m.containerPort,
                hostPort: isPort(m.hostPort) ? m.hostPort : undefined,
                // kind's default protocol is TCP; it accepts the value in any case.
                protocol: typeof m.protocol === "string" ? m.protocol.toUpperCase() : "TCP",
            });
        }
        nodes.push({ role: node.role, extraPortMappings: mappings });
    }
    return { ok: true, name, nodes };
}

export interface NodePortUse extends Origin {
    port: number;
}

/**
 * Finds every `nodePort: N` inside a Helm values tree (the chart's Service is invisible to policies: CrossGuard
 * cannot look inside a Release, so the values are the only place the NodePort shows).
 */
export function nodePortsInValues(values: unknown, resource: string, basePath = "values"): NodePortUse[] {
    const found: NodePortUse[] = [];
    const walk = (node: unknown, path: string): void => {
        if (Array.isArray(node)) {
            node.forEach((v, i) => walk(v, `${path}[${i}]`));
        } else if (isRecord(node)) {
            for (const [k, v] of Object.entries(node)) {
                const p = `${path}.${k}`;
                if (k === "nodePort" && (typeof v === "number" || (typeof v === "string" && /^\d+$/.test(v)))) {
                    found.push({ resource, path: p, port: Number(v) });
                } else {
                    walk(v, p);
                }
            }
        }
    };
    walk(values, basePath);
    return found;
}

/** NodePorts set explicitly on a Service's `spec.ports` (type NodePort or LoadBalancer). */
export function nodePortsInServiceSpec(spec: unknown, resource: string): NodePortUse[] {
    if (!isRecord(spec) || !Array.isArray(spec.ports)) return [];
    const found: NodePortUse[] = [];
    spec.ports.forEach((p, i) => {
        if (isRecord(p) && isPort(p.nodePort)) found.push({ resource, path: `spec.ports[${i}].nodePort`, port: p.nodePort });
    });
    return found;
}

/**
 * One message per NodePort that no worker maps. kind publishes a node port on the host only through
 * extraPortMappings whose containerPort equals the Service nodePort, so an unmapped NodePort is unreachable from the
 * laptop even though the Service exists.
 */
export function unmappedNodePorts(cluster: string, nodes: KindNodeFacts[], uses: NodePortUse[]): string[] {
    const workerPorts = new Set<number>();
    for (const n of nodes) {
        if (n.role !== "worker") continue;
        for (const m of n.extraPortMappings) if (m.protocol === "TCP") workerPorts.add(m.containerPort);
    }
    const hasWorker = nodes.some((n) => n.role === "worker");
    const mapped = [...workerPorts].sort((a, b) => a - b);
    return uses
        .filter((u) => !workerPorts.has(u.port))
        .map((u) =>
            hasWorker
                ? `NodePort ${u.port} (${u.resource} ${u.path}) is not mapped by a worker's extraPortMappings in kind cluster ${cluster} ` +
                  `(mapped: ${mapped.length ? mapped.join(", ") : "none"}); add {containerPort: ${u.port}, hostPort: ${u.port}} to the worker`
                : `NodePort ${u.port} (${u.resource} ${u.path}) cannot be reached: kind cluster ${cluster} has no worker node to map it`,
        );
}

// ---------------------------------------------------------------------------------------------------------------
// Helm releases pin the chart version and the repository.

/** A Release's chart coordinates as its args give them (any may be unset), named as the stack output names them. */
export type ReleaseFacts = { resource: string } & { [K in "chart" | "version" | "repo"]: ChartFacts[K] | undefined };

/**
 * An exact SemVer 2.0 version (the stack config's rule), optionally with a leading "v", which Helm accepts. Ranges
 * ("^1.2", "~1", "1.x", ">=1") and empty strings make Helm pick whatever is newest at the time of `up`.
 */
export function isExactSemver(v: string): boolean {
    return isSemver(v.startsWith("v") ? v.slice(1) : v);
}

export function releasePinningProblems(r: ReleaseFacts): string[] {
    const chart = r.chart ?? "";
    const problems: string[] = [];
    const label = `Helm release ${r.resource}${chart ? ` (chart ${chart})` : ""}`;
    // A local chart directory or archive (the offline engine tests' kubeOpsViewChartPath) is pinned by its content.
    if (isLocalChartPath(chart)) return [];
    if (!r.version) {
        problems.push(`${label} does not pin a chart version: set version to an exact release such as "1.2.2"`);
    } else if (!isExactSemver(r.version)) {
        problems.push(`${label} uses version ${JSON.stringify(r.version)}, which is not one exact SemVer version: pin it (e.g. "1.2.2")`);
    }
    // An oci:// or http(s):// chart reference names its registry itself; a bare name needs repositoryOpts.repo,
    // otherwise Helm resolves it against whatever repositories the user's machine has configured.
    const chartHasLocation = /^(oci|https?):\/\//.test(chart);
    if (!chartHasLocation) {
        if (!r.repo) {
            problems.push(
                `${label} does not pin its chart repository: set repositoryOpts.repo (e.g. https://geek-cookbook.github.io/charts/)`,
            );
        } else if (!/^(https|oci):\/\//.test(r.repo)) {
            problems.push(`${label} takes its chart from ${JSON.stringify(r.repo)}: use an https:// or oci:// repository URL`);
        }
    }
    return problems;
}

/** A filesystem chart reference: absolute or relative path, or a .tgz that is not a URL. */
export function isLocalChartPath(chart: string): boolean {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(chart)) return false;
    return chart.startsWith("/") || chart.startsWith("./") || chart.startsWith("../") || /\.(tgz|tar\.gz)$/.test(chart);
}

// ---------------------------------------------------------------------------------------------------------------
// Pods set terminationGracePeriodSeconds.

export function gracePeriodProblems(pod: string, spec: unknown): string[] {
    if (!isRecord(spec)) return [`Pod ${pod} has no spec`];
    const g = spec.terminationGracePeriodSeconds;
    if (g === undefined || g === null) {
        // Without it Kubernetes waits 30 s per pod on every delete; the netshoot loop ignores SIGTERM and uses all 30.
        return [
            `Pod ${pod} does not set spec.terminationGracePeriodSeconds (the default 30 s makes every destroy or replace wait): set it, e.g. 0 as the lab does`,
        ];
    }
    if (typeof g !== "number" || !Number.isInteger(g) || g < 0) {
        return [`Pod ${pod} sets spec.terminationGracePeriodSeconds to ${JSON.stringify(g)}: it must be a whole number of seconds ≥ 0`];
    }
    return [];
}

// ---------------------------------------------------------------------------------------------------------------
// Images carry a tag or a digest.

export type ImagePin = "digest" | "tag" | "latest" | "none";

/** How an image reference is pinned: by digest, by a tag other than latest, by `latest`, or not at all. */
export function imagePinning(image: string): ImagePin {
    if (/@sha256:[0-9a-f]{64}$/.test(image)) return "digest";
    // The tag follows the last ":" after the last "/": "localhost:5000/nginx" has a registry port, not a tag.
    const lastSegment = image.slice(image.lastIndexOf("/") + 1);
    const colon = lastSegment.indexOf(":");
    if (colon < 0) return "none";
    return lastSegment.slice(colon + 1) === "latest" ? "latest" : "tag";
}

export function unpinnedImageProblems(pod: string, spec: unknown): string[] {
    if (!isRecord(spec)) return [];
    const problems: string[] = [];
    for (const list of ["initContainers", "containers", "ephemeralContainers"] as const) {
        const containers = spec[list];
        if (!Array.isArray(containers)) continue;
        for (const c of containers) {
            if (!isRecord(c) || typeof c.image !== "string") continue;
            const pin = imagePinning(c.image);
            const who = `Pod ${pod} container ${typeof c.name === "string" ? c.name : "?"}`;
            if (pin === "none") {
                problems.push(
                    `${who} uses image "${c.image}" without a tag or digest: each pull may bring a different image (pin e.g. "${c.image}:<version>" or "@sha256:…")`,
                );
            } else if (pin === "latest") {
                problems.push(`${who} uses image "${c.image}": "latest" moves like no tag at all (pin a version or digest)`);
            }
        }
    }
    return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Probe commands depend on the pods they probe.

export interface ProbeFacts {
    resource: string;
    urn: string;
    /** Name of the pod the probe targets, when it can be told (see policies.ts); undefined otherwise. */
    targetPod: string | undefined;
    /** metadata.name of every Pod the probe command depends on (dependencies and property dependencies). */
    dependsOnPods: string[];
}

/**
 * A probe that does not depend on its pod can run before the pod exists (it then fails with "pod not found") or,
 * worse, against the previous pod while a replacement is being created, and publish a stale namespace report.
 */
export function probeDependencyProblems(probe: ProbeFacts, podsInStack: string[]): string[] {
    if (probe.targetPod !== undefined) {
        if (!podsInStack.includes(probe.targetPod)) {
            return [`probe ${probe.resource} targets pod ${probe.targetPod}, which this stack does not declare`];
        }
        if (!probe.dependsOnPods.includes(probe.targetPod)) {
            return [
                `probe ${probe.resource} does not depend on pod ${probe.targetPod}: pass the pod (or its uid, e.g. in triggers) so it runs after the pod exists and re-runs when it is replaced`,
            ];
        }
        return [];
    }
    if (probe.dependsOnPods.length === 0) {
        return [
            `probe ${probe.resource} depends on no Pod: pass the pod it probes (or its uid, e.g. in triggers) so it runs after the pod exists`,
        ];
    }
    return [];
}

// ---------------------------------------------------------------------------------------------------------------
// The kubeconfig stays secret.

export interface KubeconfigReaderFacts {
    resource: string;
    additionalSecretOutputs: string[];
    /** @pulumi/command `logging` input; undefined means the provider default (stdoutAndStderr). */
    logging: string | undefined;
}

const KUBECONFIG_SCRIPT = new RegExp(hostScriptPattern("kind-kubeconfig.sh"));

/** True when a shell command line reads a kubeconfig (kind's own command, the stack's host script, or kubectl's raw view). */
export function readsKubeconfig(commandLine: string): boolean {
    return (
        /\bkind\s+get\s+kubeconfig\b/.test(commandLine) ||
        KUBECONFIG_SCRIPT.test(commandLine) ||
        /\bkubectl\s+config\s+view\b[^|;&]*--raw\b/.test(commandLine)
    );
}

export function kubeconfigSecretProblems(r: KubeconfigReaderFacts): string[] {
    const problems: string[] = [];
    if (!r.additionalSecretOutputs.includes("stdout")) {
        problems.push(
            `command ${r.resource} reads the kubeconfig but its stdout is not secret: add additionalSecretOutputs: ["stdout"] (the kubeconfig holds the cluster's admin client key)`,
        );
    }
    const logging = r.logging ?? "stdoutAndStderr";
    if (logging === "stdout" || logging === "stdoutAndStderr") {
        problems.push(
            `command ${r.resource} reads the kubeconfig with logging "${logging}", which prints it in the update log: set logging to "stderr" or "none"`,
        );
    }
    return problems;
}

// ---------------------------------------------------------------------------------------------------------------

function isPort(v: unknown): v is number {
    return typeof v === "number" && isPortNumber(v);
}

function firstLine(e: unknown): string {
    return (e instanceof Error ? e.message : String(e)).split("\n")[0];
}
