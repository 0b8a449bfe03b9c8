// Builds the arguments @pulumi/policy hands a policy, the way its server does (props behind the same
// unknown-checking proxy, dependencies as resource objects), plus a report-violation recorder. The resources are the
// program's own registrations under mocks (loadProgramResources): change one field per test to make a rule fire.
import type { PolicyResource, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { installMocks, loadProgram, valueOf } from "../support/mocks";
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

/** The program's registrations, once loaded (loadProgramResources). */
let programResources: FakeResource[] | undefined;

/**
 * Runs the real program (index.ts) with the dev config under the unit mocks, as `pulumi preview` would, and keeps
 * every resource it registers (type, name, inputs, parent component, dependencies, property dependencies, secret
 * outputs): the policies are tested on what the program declares, not on a model of it. Call it in a `before`.
 */
export async function loadProgramResources(): Promise<FakeResource[]> {
    const mocks = await installMocks({}, { preview: true });
    await valueOf((await loadProgram()).namespaceReport);
    const byUrn = new Map(mocks.registrations.map((r) => [r.urn, r]));
    const customName = (u: string) => {
        const r = byUrn.get(u);
        return r && r.custom ? [r.name] : [];
    };
    programResources = mocks.registrations
        .filter((r) => r.type !== "pulumi:pulumi:Stack")
        .map((r) => {
            const parent = byUrn.get(r.parent);
            return {
                type: r.type,
                name: r.name,
                props: structuredClone(r.inputs),
                additionalSecretOutputs: r.additionalSecretOutputs,
                ...(parent && isComponent(parent.type) ? { parent: parent.name } : {}),
                dependsOn: [...new Set(r.dependencies.flatMap(customName))],
                propertyDependencies: Object.fromEntries(
                    Object.entries(r.propertyDependencies).map(([k, urns]) => [k, [...new Set(urns.flatMap(customName))]]),
                ),
            };
        });
    return labResources();
}

/** The program's resources (see loadProgramResources), a fresh copy each call. */
export function labResources(): FakeResource[] {
    if (!programResources) throw new Error("test setup: call loadProgramResources() in a before hook first");
    return structuredClone(programResources);
}

/** labResources() with one resource changed by `edit` (found by name). */
export function labWith(name: string, edit: (r: FakeResource) => void): FakeResource[] {
    const all = labResources();
    const target = all.find((r) => r.name === name && !isComponent(r.type));
    if (!target) throw new Error(`test setup: no resource named ${name}`);
    edit(target);
    return all;
}
