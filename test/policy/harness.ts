// Builds the arguments @pulumi/policy hands a policy, the way its server does (props behind the same
// unknown-checking proxy, dependencies as resource objects), plus a report-violation recorder. The lab-shaped
// resources mirror what issue #2's stack declares: change one field per test to make a rule fire.
import type { PolicyResource, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
// Internal module of the pinned @pulumi/policy 1.21.0: the exact proxy the analyzer wraps props in.
// eslint-disable-next-line @typescript-eslint/no-require-imports
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

/** Stack args over `resources`; parents and dependencies are given by resource name and resolved to objects. */
export function stackArgs(resources: FakeResource[]): StackValidationArgs {
    const byName = new Map<string, PolicyResource>();
    for (const r of resources) {
        byName.set(r.name, {
            type: r.type,
            name: r.name,
            urn: urnOf(r),
            props: proxy.unknownCheckingProxy(structuredClone(r.props)),
            opts: options(r),
            dependencies: [],
            propertyDependencies: {},
            isType: neverCalled,
            asType: neverCalled,
        });
    }
    const resolve = (n: string) => {
        const found = byName.get(n);
        if (!found) throw new Error(`test setup: no resource named ${n}`);
        return found;
    };
    for (const r of resources) {
        const pr = resolve(r.name);
        if (r.parent) pr.parent = resolve(r.parent);
        pr.dependencies = (r.dependsOn ?? []).map(resolve);
        for (const [k, v] of Object.entries(r.propertyDependencies ?? {})) pr.propertyDependencies[k] = v.map(resolve);
    }
    return {
        resources: [...byName.values()],
        stackTags: new Map(),
        getConfig: <T extends object>() => ({}) as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
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

/** The lab as issue #2/#3 declare it; every policy of the pack passes on it. */
export function labResources(): FakeResource[] {
    return [
        { type: "kind-pause-lab:index:KindCluster", name: "myk8s", props: {} },
        {
            type: "command:local:Command",
            name: "myk8s-create",
            parent: "myk8s",
            props: {
                create: "kind create cluster --name 'myk8s' --config - --wait '5m'",
                delete: "kind delete cluster --name 'myk8s'",
                stdin: KIND_CONFIG,
            },
        },
        {
            type: "command:local:Command",
            name: "myk8s-kubeconfig",
            parent: "myk8s",
            additionalSecretOutputs: ["stdout"],
            dependsOn: ["myk8s-create"],
            props: { create: "kind get kubeconfig --name 'myk8s'", logging: "none" },
        },
        {
            type: "kubernetes:helm.sh/v3:Release",
            name: "kube-ops-view",
            props: {
                name: "kube-ops-view",
                chart: "kube-ops-view",
                version: "1.2.2",
                namespace: "kube-system",
                repositoryOpts: { repo: "https://geek-cookbook.github.io/charts/" },
                values: { service: { main: { type: "NodePort", ports: { http: { nodePort: 30000 } } } }, env: { TZ: "Asia/Seoul" } },
            },
        },
        {
            type: "kubernetes:core/v1:Pod",
            name: "myweb",
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
        { type: "kind-pause-lab:index:NamespaceProbe", name: "myweb-probe", props: {} },
        {
            type: "command:local:Command",
            name: "myweb-probe",
            parent: "myweb-probe",
            propertyDependencies: { triggers: ["myweb"] },
            dependsOn: ["myweb"],
            props: { create: "docker exec -i myk8s-worker sh -s -- 0b6c…", stdin: PROBE_SCRIPT, triggers: ["uid-1"] },
        },
        { type: "kind-pause-lab:index:NamespaceProbe", name: "myweb2-probe", props: {} },
        {
            type: "command:local:Command",
            name: "myweb2-probe",
            parent: "myweb2-probe",
            propertyDependencies: { triggers: ["myweb2"] },
            dependsOn: ["myweb2"],
            props: { create: "docker exec -i myk8s-worker sh -s -- 9f1e…", stdin: PROBE_SCRIPT, triggers: ["uid-2"] },
        },
    ];
}

/** labResources() with one resource changed by `edit` (found by name). */
export function labWith(name: string, edit: (r: FakeResource) => void): FakeResource[] {
    const all = labResources();
    const target = all.find((r) => r.name === name);
    if (!target) throw new Error(`test setup: no resource named ${name}`);
    edit(target);
    return all;
}
