// The pack's policies: each one reads the engine's view of a resource (props, options, dependencies), turns it into
// the plain inputs of a rule in rules.ts and reports that rule's messages. Kept apart from index.ts because
// constructing a PolicyPack starts the analyzer's gRPC server; tests import this module and call the validators.
import type { PolicyResource, ReportViolation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { UnknownValueError } from "@pulumi/policy";
import {
    gracePeriodProblems,
    kubeconfigSecretProblems,
    nodePortsInServiceSpec,
    nodePortsInValues,
    NodePortUse,
    parseKindConfig,
    probeDependencyProblems,
    readsKubeconfig,
    releasePinningProblems,
    unmappedNodePorts,
    unpinnedImageProblems,
} from "./rules";
import { hostScriptPattern } from "../host/commands";
import { isRecord } from "../lib/util";

/** Resource type tokens as the engine reports them (the providers' schema names, the stack's component names). */
export const TYPES = {
    command: "command:local:Command",
    release: "kubernetes:helm.sh/v3:Release",
    pod: "kubernetes:core/v1:Pod",
    service: "kubernetes:core/v1:Service",
    kindCluster: "kind-pause-lab:kind:KindCluster",
    namespaceProbe: "kind-pause-lab:probe:NamespaceProbe",
} as const;

// Marker the node probe script (probe/node-probe.sh) carries: a command whose script holds it is a probe.
const PROBE_SCRIPT_MARKER = "kpl-probe";
const KIND_CREATE = /\bkind\s+create\s+cluster\b/;
// The stack's own create command runs its host script with the cluster name first after its --load options (each with
// one value): `bash host/kind-create.sh [--load NODES --load-image IMAGE...] 'NAME' ...`.
const KIND_CREATE_SCRIPT = new RegExp(
    `${hostScriptPattern("kind-create.sh")}(?:\\s+'?--load(?:-image|-flag)?'?\\s+(?:'[^']*'|\\S+))*\\s+'?([a-z0-9][-a-z0-9.]*)`,
);

/**
 * During preview some inputs are unknown, and @pulumi/policy throws when a policy touches one. A stack policy must
 * not give up on every resource because one unrelated resource has an unknown input, so classification reads go
 * through this; the value a rule really needs is read directly, and the framework then reports "can't run during
 * preview" honestly instead of a false pass.
 */
const UNKNOWN = Symbol("unknown during preview");
function readOrUnknown<T>(read: () => T): T | typeof UNKNOWN {
    try {
        return read();
    } catch (e) {
        if (e instanceof UnknownValueError) return UNKNOWN;
        throw e;
    }
}

function stringProp(props: Record<string, unknown>, key: string): string | undefined {
    const v = readOrUnknown(() => props[key]);
    return typeof v === "string" ? v : undefined;
}

function isKindCreate(r: { type: string; props: Record<string, unknown> }): boolean {
    const create = stringProp(r.props, "create") ?? "";
    return r.type === TYPES.command && (KIND_CREATE.test(create) || KIND_CREATE_SCRIPT.test(create));
}

function isProbe(r: PolicyResource): boolean {
    if (r.type !== TYPES.command) return false;
    if (r.parent?.type === TYPES.namespaceProbe) return true;
    return [stringProp(r.props, "stdin"), stringProp(r.props, "create")].some((s) => s?.includes(PROBE_SCRIPT_MARKER));
}

/** The pod name Kubernetes will use: metadata.name, else Pulumi's auto-name starts with the resource name. */
function podName(r: PolicyResource): string {
    const meta = readOrUnknown(() => r.props.metadata);
    if (isRecord(meta)) {
        const name = readOrUnknown(() => meta.name);
        if (typeof name === "string") return name;
    }
    return r.name;
}

/**
 * The name the create command gives (`--name` of a `kind create cluster` line, the first argument of the stack's
 * kind-create.sh) wins over the config's `name`, as in kind; kind's default is "kind".
 */
function clusterName(createScript: string, configName: string | undefined): string {
    const flag =
        /\bkind\s+create\s+cluster\b[^\n]*?--name[= ]+["']?([a-z0-9][-a-z0-9.]*)/.exec(createScript) ??
        KIND_CREATE_SCRIPT.exec(createScript);
    return flag ? flag[1] : (configName ?? "kind");
}

/**
 * The pod a probe targets: the longest pod name that appears in the probe's own or its parent's resource name as a
 * whole token ("myweb2-probe" → myweb2, not myweb). Undefined when no pod name appears.
 */
export function probeTargetPod(names: string[], pods: string[]): string | undefined {
    const matches = pods.filter((p) => {
        const token = new RegExp(`(^|[^a-z0-9])${p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^a-z0-9])`);
        return names.some((n) => token.test(n));
    });
    return matches.sort((a, b) => b.length - a.length)[0];
}

export const nodePortsMapped: StackValidationPolicy = {
    name: "nodeports-mapped-by-worker",
    description:
        "Every NodePort the stack uses (Helm values, Services) is published on the host by a worker's extraPortMappings in the kind config the cluster is created with.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation: ReportViolation) => {
        const clusters = args.resources.filter(isKindCreate);
        if (clusters.length === 0) {
            args.notApplicable("no `kind create cluster` command in this stack");
        }
        const uses: (NodePortUse & { urn: string })[] = [];
        for (const r of args.resources) {
            if (r.type === TYPES.release) {
                uses.push(...nodePortsInValues(r.props.values, r.name).map((u) => ({ ...u, urn: r.urn })));
            } else if (r.type === TYPES.service) {
                uses.push(...nodePortsInServiceSpec(r.props.spec, r.name).map((u) => ({ ...u, urn: r.urn })));
            }
        }
        for (const cluster of clusters) {
            // The kind config reaches `kind create cluster --config -` on stdin; read it directly so an
            // unknown value is reported by the framework rather than passed.
            const stdin: unknown = cluster.props.stdin;
            const createLine = stringProp(cluster.props, "create") ?? "";
            if (typeof stdin !== "string" || stdin.trim() === "") {
                reportViolation(
                    `command ${cluster.name} creates a kind cluster without its config on stdin (--config -): the policy cannot see the port mappings`,
                    cluster.urn,
                );
                continue;
            }
            const parsed = parseKindConfig(stdin);
            if (!parsed.ok) {
                reportViolation(`command ${cluster.name}: ${parsed.error}`, cluster.urn);
                continue;
            }
            const name = clusterName(createLine, parsed.name);
            for (const u of uses) {
                for (const message of unmappedNodePorts(name, parsed.nodes, [u])) reportViolation(message, u.urn);
            }
        }
    },
};

export const helmReleasePinned: ResourceValidationPolicy = {
    name: "helm-release-pins-chart",
    description:
        "Helm releases (kube-ops-view) pin an exact chart version and the chart repository, so every `up` installs the same chart.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.release) return;
        const repoOpts = args.props.repositoryOpts;
        const facts = {
            resource: args.name,
            chart: typeof args.props.chart === "string" ? args.props.chart : undefined,
            version: typeof args.props.version === "string" ? args.props.version : undefined,
            repo: isRecord(repoOpts) && typeof repoOpts.repo === "string" ? repoOpts.repo : undefined,
        };
        for (const m of releasePinningProblems(facts)) reportViolation(m);
    },
};

export const podGracePeriod: ResourceValidationPolicy = {
    name: "pod-termination-grace-period",
    description: "Pods set spec.terminationGracePeriodSeconds (the lab uses 0) so destroy and replace do not wait 30 s per pod.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.pod) return;
        for (const m of gracePeriodProblems(podName(args as unknown as PolicyResource), args.props.spec)) reportViolation(m);
    },
};

export const imagesPinned: ResourceValidationPolicy = {
    name: "pod-images-pinned",
    description:
        "Flags container images without a tag or digest (or tagged latest). Advisory: the seed lab itself uses `nginx` and `nicolaka/netshoot` untagged.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.pod) return;
        for (const m of unpinnedImageProblems(podName(args as unknown as PolicyResource), args.props.spec)) reportViolation(m);
    },
};

export const probeDependsOnPod: StackValidationPolicy = {
    name: "probe-depends-on-pod",
    description:
        "Each namespace probe command depends on the pod it probes, so it runs after the pod exists and re-runs when the pod is replaced.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const pods = args.resources.filter((r) => r.type === TYPES.pod);
        const probes = args.resources.filter(isProbe);
        if (probes.length === 0) args.notApplicable("no namespace probe command in this stack");
        const podNames = pods.map(podName);
        for (const probe of probes) {
            const deps = new Set<PolicyResource>(probe.dependencies);
            for (const list of Object.values(probe.propertyDependencies)) for (const d of list) deps.add(d);
            const names = [probe.name, ...(probe.parent ? [probe.parent.name] : [])];
            const facts = {
                resource: probe.name,
                urn: probe.urn,
                targetPod: probeTargetPod(names, podNames),
                dependsOnPods: [...deps].filter((d) => d.type === TYPES.pod).map(podName),
            };
            for (const m of probeDependencyProblems(facts, podNames)) reportViolation(m, probe.urn);
        }
    },
};

export const kubeconfigSecret: ResourceValidationPolicy = {
    name: "kubeconfig-secret",
    description: "A command that reads the kubeconfig marks its stdout secret and does not log it.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.command) return;
        const lines = ["create", "update"].map((k) => stringProp(args.props, k) ?? "");
        if (!lines.some(readsKubeconfig)) return;
        const logging = args.props.logging;
        const facts = {
            resource: args.name,
            additionalSecretOutputs: args.opts.additionalSecretOutputs ?? [],
            logging: typeof logging === "string" ? logging : undefined,
        };
        for (const m of kubeconfigSecretProblems(facts)) reportViolation(m);
    },
};

export const policies = [nodePortsMapped, helmReleasePinned, podGracePeriod, imagesPinned, probeDependsOnPod, kubeconfigSecret];
