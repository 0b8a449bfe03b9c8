// Shared Pulumi mocks for the unit specs (pulumi/examples testing-unit-ts/mocha style). Resources get realistic
// outputs: command resources answer like kind/docker/the node probe would (fixtures), Pods get a UID, node and IP.
// Every registration is recorded with its parent, dependencies and provider, so specs can check the graph.
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { probeDocument } from "./probeFixture";
import { FIXTURES } from "../../support/paths";

export const PROJECT = "kind-pause-lab";
export const STACK = "dev";

export const FAKE_KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCmZha2UKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=
    server: https://127.0.0.1:42159
  name: kind-myk8s
contexts:
- context:
    cluster: kind-myk8s
    user: kind-myk8s
  name: kind-myk8s
current-context: kind-myk8s
users:
- name: kind-myk8s
  user:
    client-key-data: c2VjcmV0LWtleS1tYXRlcmlhbA==
`;
export const DOCKER_INSPECT_NODES = fs.readFileSync(path.join(FIXTURES, "docker-inspect-kind-nodes.json"), "utf8");
export const POD_NODE = "myk8s-worker";
export const FAKE_EPOCH = "0b6f3c1e-5d7a-4f7e-9a51-2d4c8e6f1a90";
export const FAKE_BOOT =
    "myk8s-control-plane=4f1c2a9b8e7d@2026-12-07T01:00:00.000000000Z/172.18.0.2,myk8s-worker=9a8b7c6d5e4f@2026-12-07T01:00:00.100000000Z/172.18.0.3";

export interface Registration {
    type: string;
    name: string;
    urn: string;
    custom: boolean;
    parent: string;
    /** URNs this resource depends on (dependsOn and input dependencies). */
    dependencies: string[];
    /** Input name → URNs that input's value came from. */
    propertyDependencies: Record<string, string[]>;
    /** URN of its explicit provider, or "" for the default provider. */
    provider: string;
    deleteBeforeReplace: boolean;
    /** URN of the resource whose deletion makes this one's unnecessary (`deletedWith`), or "". */
    deletedWith: string;
    additionalSecretOutputs: string[];
    inputs: Record<string, any>;
}

/** The name part of a URN (`urn:pulumi:stack::project::type::name`). */
export function urnName(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

/** Deterministic pod UIDs (RFC 4122 shaped) so specs can predict them. */
export function podUid(podName: string): string {
    const hex = Buffer.from(podName).toString("hex").padEnd(32, "0").slice(0, 32);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export class LabMocks implements pulumi.runtime.Mocks {
    readonly registrations: Registration[] = [];
    /** Deserialized inputs by `type::name`, as newResource saw them. */
    private readonly inputsByKey = new Map<string, Record<string, any>>();
    /** Pod UID → containers, for answering probe commands. */
    private readonly pods = new Map<string, string[]>();
    /** Overrides the probe command's stdout (e.g. a broken document). */
    probeStdout?: (uid: string) => string;

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
        const inputs = args.inputs as Record<string, any>;
        this.inputsByKey.set(`${args.type}::${args.name}`, inputs);
        const id = `${args.name}-id`;
        switch (args.type) {
            case "command:local:Command":
                return { id, state: { ...inputs, stdout: this.commandStdout(String(inputs.create ?? "")), stderr: "" } };
            case "kubernetes:core/v1:Pod": {
                const name = inputs.metadata.name as string;
                const uid = podUid(name);
                this.pods.set(
                    uid,
                    (inputs.spec.containers as { name: string }[]).map((c) => c.name),
                );
                return {
                    id: `default/${name}`,
                    state: {
                        ...inputs,
                        metadata: { ...inputs.metadata, uid },
                        spec: { ...inputs.spec, nodeName: POD_NODE },
                        status: { phase: "Running", podIP: "10.244.1.5" },
                    },
                };
            }
            case "docker:index/remoteImage:RemoteImage":
                return {
                    id,
                    state: { ...inputs, imageId: `sha256:${"1".repeat(64)}`, repoDigest: `${inputs.name}@sha256:${"2".repeat(64)}` },
                };
            // components/clusterWatch.ts: what a healthy two-node cluster gives
            case "pulumi-nodejs:dynamic:ClusterEpoch":
                return { id: inputs.clusterName, state: { ...inputs, epoch: FAKE_EPOCH } };
            case "pulumi-nodejs:dynamic:NodeBoot":
                return { id: inputs.clusterName, state: { ...inputs, boot: FAKE_BOOT } };
            case "kubernetes:helm.sh/v3:Release":
                return {
                    id: `${inputs.namespace}/${inputs.name}`,
                    state: { ...inputs, status: { status: "deployed", version: inputs.version } },
                };
            default:
                return { id: args.custom ? id : undefined, state: inputs };
        }
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        return args.inputs;
    }

    private commandStdout(create: string): string {
        if (create.startsWith("bash host/kind-kubeconfig.sh ")) return FAKE_KUBECONFIG;
        if (create.startsWith("bash host/node-facts.sh ")) return DOCKER_INSPECT_NODES;
        const probe = / sh -s -- '([^']+)'(?: '\d+')?$/.exec(create) ?? /^sh -s -- '([^']+)'(?: '\d+')?$/.exec(create);
        if (probe) {
            const uid = probe[1];
            if (this.probeStdout) return this.probeStdout(uid);
            const containers = this.pods.get(uid) ?? ["myweb2-nginx", "myweb2-netshoot"];
            return probeDocument({ uid, nodeName: POD_NODE, containers });
        }
        return "";
    }

    /** Called from the patched monitor with what the engine would see. */
    record(registration: Omit<Registration, "inputs">): void {
        this.registrations.push({ ...registration, inputs: this.inputsByKey.get(`${registration.type}::${registration.name}`) ?? {} });
    }

    /** All registrations of a type; by name when given. */
    find(type: string, name?: string): Registration[] {
        return this.registrations.filter((r) => r.type === type && (name === undefined || r.name === name));
    }

    /** Exactly one registration of that type and name. */
    get(type: string, name: string): Registration {
        const found = this.find(type, name);
        if (found.length !== 1) {
            const known = this.registrations.map((r) => `${r.type}::${r.name}`).join(", ");
            throw new Error(`expected one ${type} named ${name}, found ${found.length} (registered: ${known})`);
        }
        return found[0];
    }

    /** Names of what `registration` depends on. */
    dependencyNames(registration: Registration): string[] {
        return registration.dependencies.map(urnName);
    }
}

/**
 * Installs fresh mocks with the given `kind-pause-lab:*` config (keys without the namespace, values as the CLI
 * passes them: strings, lists as JSON) and records what each registration tells the engine.
 */
export async function installMocks(config: Record<string, string> = {}, options: { preview?: boolean } = {}): Promise<LabMocks> {
    pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [`${PROJECT}:${k}`, v])));
    const mocks = new LabMocks();
    await pulumi.runtime.setMocks(mocks, PROJECT, STACK, options.preview ?? false);
    const monitor = pulumi.runtime.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: any, res: any) => void) =>
        register(req, (err: any, res: any) => {
            if (!err) {
                const providerRef: string = req.getProvider();
                mocks.record({
                    type: req.getType(),
                    name: req.getName(),
                    urn: res.getUrn(),
                    custom: req.getCustom(),
                    parent: req.getParent(),
                    dependencies: req.getDependenciesList(),
                    propertyDependencies: propertyDependencies(req.getPropertydependenciesMap()),
                    provider: providerRef ? providerRef.split("::").slice(0, -1).join("::") : "",
                    deleteBeforeReplace: req.getDeletebeforereplace(),
                    deletedWith: req.getDeletedwith(),
                    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
                });
            }
            callback(err, res);
        });
    return mocks;
}

function propertyDependencies(map: any): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    map.forEach((deps: any, key: string) => (out[key] = deps.getUrnsList()));
    return out;
}

/** The value of an output (resolves to undefined when unknown, as in preview). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T>;
export function valueOf(output: any): Promise<any>;
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve, reject) => {
        (output as any).promise().then(resolve, reject);
    });
}

export function isSecret(output: pulumi.Output<unknown>): Promise<boolean> {
    return (output as any).isSecret as Promise<boolean>;
}

/** Waits until every resource in `resources` is registered (their URNs resolve after registration). */
export async function registered(...resources: pulumi.Resource[]): Promise<void> {
    await Promise.all(resources.map((r) => valueOf(r.urn)));
}

const PROGRAM = require.resolve("../../../index");

/**
 * Runs index.ts afresh under the installed mocks (each call a new program run): its module, then the function it exports,
 * as Pulumi's run does; resolves to the stack outputs the function returns.
 *
 * While the program is built, stacks are formatted by V8 itself: Pulumi takes a whole stack trace for every resource's
 * source position (node_modules/@pulumi/pulumi/resource.js, callsites), and source-map-support maps its frames: under
 * ts-node, which mapped @pulumi/pulumi's frames too, about 150 ms of every program run (some 3 s of the suite); under
 * lib/ts-register.js, which maps the project's files only, 0.1-0.3 s of the whole suite. No test reads source
 * positions; an error the program throws keeps its message, its stack shows transpiled positions.
 */
export async function loadProgram(): Promise<Record<string, any>> {
    delete require.cache[PROGRAM];
    const format = Error.prepareStackTrace;
    Reflect.deleteProperty(Error, "prepareStackTrace");
    try {
        const program: () => Promise<Record<string, any>> = require(PROGRAM);
        return await program();
    } finally {
        Error.prepareStackTrace = format;
    }
}
