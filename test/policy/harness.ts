// Builds the arguments @pulumi/policy hands a policy, the way its server does (props behind the same
// unknown-checking proxy, dependencies as resource objects), plus a report-violation recorder. The lab-shaped
// resources mirror what the stack (index.ts) declares: change one field per test to make a rule fire.
import type { PolicyResource, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
// Internal module of the pinned @pulumi/policy 1.21.0: the exact proxy the analyzer wraps props in.
const proxy = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy<T>(v: T): T;
    unknownStringValue: string;
};

/** What the engine sends for a string input that is not known during preview. */
export const UNKNOWN_STRING = proxy.unknownStringValue;

export interface Violation {
    message: string;
    urn?: string;
}

export function recorder(): { violations: Violation[]; report: (message: string, urn?: string) => void } {
    const violations: Violation[] = [];
    return { violations, report: (message, urn) => violations.push(urn === undefined ? { message } : { message, urn }) };
}

export class NotApplicable extends Error {}

export interface FakeResource {
    type: string;
    name: string;
    props: Record<string, unknown>;
    additionalSecretOutputs?: string[];
    parent?: string;
    dependsOn?: string[];
    propertyDependencies?: Record<string, string[]>;
}

const urnOf = (r: { type: string; name: string }) => `urn:pulumi:dev::kind-pause-lab::${r.type}::${r.name}`;

function options(r: FakeResource) {
    return {
        protect: false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: r.additionalSecretOutputs ?? [],
        ...(r.parent ? { parent: r.parent } : {}),
    };
}

const neverCalled = (): never => {
    throw new Error("isType/asType are not used by this pack");
};

export function resourceArgs(r: FakeResource): ResourceValidationArgs {
    return {
        type: r.type,
        name: r.name,
        urn: urnOf(r),
        props: proxy.unknownCheckingProxy(structuredClone(r.props)),
        opts: options(r),
        stackTags: new Map(),
        isType: neverCalled,
        asType: neverCalled,
        getConfig: <T extends object>() => ({}) as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
}

// Components (the stack's own types) are referenced as parents, everything else as dependencies: the program gives a
// component and its main child the same name (kube-ops-view), so a name alone is not unique.
const isComponent = (type: string) => type.startsWith("kind-pause-lab:");

/** Stack args over `resources`; parents and dependencies are given by resource name and resolved to objects. */
export function stackArgs(resources: FakeResource[]): StackValidationArgs {
    const built = resources.map((r) => ({
        spec: r,
        resource: {
            type: r.type,
            name: r.name,
            urn: urnOf(r),
            props: proxy.unknownCheckingProxy(structuredClone(r.props)),
            opts: options(r),
            dependencies: [],
            propertyDependencies: {},
            isType: neverCalled,
            asType: neverCalled,
        } as PolicyResource,
    }));
    const resolve = (n: string, component: boolean) => {
        const found = built.find((b) => b.spec.name === n && isComponent(b.spec.type) === component);
        if (!found) throw new Error(`test setup: no ${component ? "component" : "resource"} named ${n}`);
        return found.resource;
    };
    for (const { spec, resource } of built) {
        if (spec.parent) resource.parent = resolve(spec.parent, true);
        resource.dependencies = (spec.dependsOn ?? []).map((d) => resolve(d, false));
        for (const [k, v] of Object.entries(spec.propertyDependencies ?? {}))
            resource.propertyDependencies[k] = v.map((d) => resolve(d, false));
    }
    return {
        resources: built.map((b) => b.resource),
        stackTags: new Map(),
        getConfig: <T extends object>() => ({}) as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
}

/** URN of a resource given by name (a component when `component`), as the program's resources reference it. */
export function urnIn(resources: FakeResource[], name: string, component: boolean): string {
    const found = resources.find((r) => r.name === name && isComponent(r.type) === component);
    if (!found) throw new Error(`test setup: no ${component ? "component" : "resource"} named ${name}`);
    return urnOf(found);
}

export const urn = urnOf;

export const KIND_CONFIG = `kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
name: myk8s
nodes:
  - role: control-plane
  - role: worker
    extraPortMappings:
      - containerPort: 30000
        hostPort: 30000
      - containerPort: 30001
        hostPort: 30001
`;

export const PROBE_SCRIPT = "# kind-pause-lab node probe — output format `kpl-probe v1` (docs/probe-format.md).\nmain() { :; }\n";

/**
 * The lab as components/ declares it (types, names, parents, options of kindCluster.ts, kubeOpsView.ts, labPods.ts,
 * namespaceProbe.ts), as seen during preview: the probe's command line waits on the pod's uid, so it is unknown.
 * Every policy of the pack passes on it; images are pinned here so the advisory rule is quiet too.
 */
export function labResources(): FakeResource[] {
    const probe = (pod: string): FakeResource[] => [
        { type: "kind-pause-lab:probe:NamespaceProbe", name: `ns-${pod}`, props: {} },
        {
            type: "command:local:Command",
            name: `ns-${pod}-probe`,
            parent: `ns-${pod}`,
            dependsOn: [pod],
            propertyDependencies: { create: [pod], triggers: [pod] },
            props: { create: UNKNOWN_STRING, stdin: PROBE_SCRIPT, triggers: [UNKNOWN_STRING] },
        },
    ];
    return [
        { type: "kind-pause-lab:kind:KindCluster", name: "kind", props: {} },
        {
            type: "command:local:Command",
            name: "kind-cluster",
            parent: "kind",
            props: {
                interpreter: ["/bin/bash", "-c"],
                create: "set -eu\nif kind get clusters | grep -qxF -- myk8s; then\n  fail 'delete it with \"kind delete cluster --name %s\"' myk8s\nfi\nexec kind create cluster --name myk8s --config - --wait 5m",
                delete: "kind delete cluster --name myk8s",
                stdin: KIND_CONFIG,
            },
        },
        {
            type: "command:local:Command",
            name: "kind-kubeconfig",
            parent: "kind",
            additionalSecretOutputs: ["stdout"],
            dependsOn: ["kind-cluster"],
            props: { create: "kind get kubeconfig --name myk8s </dev/null || fail 'cannot read the kubeconfig'", logging: "stderr" },
        },
        { type: "kind-pause-lab:apps:KubeOpsView", name: "kube-ops-view", props: {} },
        {
            type: "kubernetes:helm.sh/v3:Release",
            name: "kube-ops-view",
            parent: "kube-ops-view",
            props: {
                name: "kube-ops-view",
                chart: "kube-ops-view",
                version: "1.2.2",
                namespace: "kube-system",
                repositoryOpts: { repo: "https://geek-cookbook.github.io/charts/" },
                values: { service: { main: { type: "NodePort", ports: { http: { nodePort: 30000 } } } }, env: { TZ: "Asia/Seoul" } },
            },
        },
        { type: "kind-pause-lab:apps:LabPods", name: "lab", props: {} },
        {
            type: "kubernetes:core/v1:Pod",
            name: "myweb",
            parent: "lab",
            props: {
                metadata: { name: "myweb", namespace: "default" },
                spec: {
                    terminationGracePeriodSeconds: 0,
                    containers: [{ name: "myweb-container", image: "nginx:alpine", ports: [{ containerPort: 80, protocol: "TCP" }] }],
                },
            },
        },
        {
            type: "kubernetes:core/v1:Pod",
            name: "myweb2",
            parent: "lab",
            props: {
                metadata: { name: "myweb2", namespace: "default" },
                spec: {
                    terminationGracePeriodSeconds: 0,
                    containers: [
                        { name: "myweb2-nginx", image: "nginx:1.29.3", ports: [{ containerPort: 80, protocol: "TCP" }] },
                        { name: "myweb2-netshoot", image: "nicolaka/netshoot@sha256:" + "a".repeat(64), command: ["/bin/bash"] },
                    ],
                },
            },
        },
        ...probe("myweb"),
        ...probe("myweb2"),
    ];
}

/** labResources() with one resource changed by `edit` (found by name). */
export function labWith(name: string, edit: (r: FakeResource) => void): FakeResource[] {
    const all = labResources();
    const target = all.find((r) => r.name === name && !isComponent(r.type));
    if (!target) throw new Error(`test setup: no resource named ${name}`);
    edit(target);
    return all;
}
