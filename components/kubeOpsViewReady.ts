// Waits for kube-ops-view to be Ready, and fails within the minute with its pod's own reason when it cannot start:
// helm's wait would sit out its whole timeout (5 min) and end with "context deadline exceeded", saying nothing of an
// image for another CPU (hjacobs/kube-ops-view:20.4.0 is amd64 only: hjacobs/kube-ops-view#258) or one no registry
// serves. A dynamic resource after the Release (which then skips helm's own wait): it asks the cluster's API through the
// control plane's kubectl, by argv through the node runtime, as `lab status` does. Its verdicts are
// host/labStatus.ts's kubeOpsViewProgress.
import * as pulumi from "@pulumi/pulumi";
import type { NodeRuntime } from "../lab/configSchema";
import { CachedDynamicResource } from "./cachedDynamicResource";
// captured by value into the provider's closure, as clusterWatch.ts's modules are
import * as clusterState from "../host/clusterState";
import * as runner from "../host/commandRunner";
import * as labStatus from "../host/labStatus";

interface ReadyInputs {
    runtime: NodeRuntime;
    /** The control plane's node container: its kubectl and admin kubeconfig answer for the cluster. */
    controlPlane: string;
    namespace: string;
    /** The Release's revision, or anything that changes when it is installed anew: then the wait runs again. */
    release: string;
    /** How long to wait in all. */
    timeoutSeconds: number;
    /** How long a pull error must last before it counts (the kubelet retries a registry's passing fault). */
    pullGraceSeconds: number;
    /** Between two looks. */
    pollSeconds: number;
}

async function waitReady(inputs: ReadyInputs): Promise<string> {
    const run = runner.commandRunner();
    const argv = clusterState.controlPlaneKubectlArgv(
        inputs.runtime,
        inputs.controlPlane,
        "get",
        "deployments,replicasets,pods",
        "--namespace",
        inputs.namespace,
        "--selector",
        "app.kubernetes.io/instance=kube-ops-view",
        "-o",
        "json",
    );
    const start = Date.now();
    let pullSince: number | undefined;
    let last = "no answer from the cluster's API yet";
    for (;;) {
        const r = await run(argv, 20_000);
        if (r.code === 0) {
            const list = labStatus.parseKubeList(r.stdout);
            if ("pods" in list) {
                await labStatus.readCrashLogs(list.pods, inputs.namespace, run, inputs.runtime, inputs.controlPlane);
                const p = labStatus.kubeOpsViewProgress(list.pods, inputs.namespace, list.deployments);
                if (p.state === "ready") return `Ready after ${Math.round((Date.now() - start) / 1000)} s`;
                last = p.why;
                if (p.state === "failing") {
                    pullSince ??= Date.now();
                    if (p.settled || Date.now() - pullSince >= inputs.pullGraceSeconds * 1000) {
                        throw new Error(`kind-pause-lab: kube-ops-view cannot run: ${p.why}`);
                    }
                } else {
                    pullSince = undefined;
                }
            }
        } else {
            last = runner.failureWhy(r);
        }
        if (Date.now() - start >= inputs.timeoutSeconds * 1000) {
            throw new Error(
                `kind-pause-lab: kube-ops-view is not Ready after ${inputs.timeoutSeconds} s: ${last}; npm run lab -- status shows more`,
            );
        }
        await new Promise((resolve) => setTimeout(resolve, inputs.pollSeconds * 1000));
    }
}

export const readyProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs: ReadyInputs) {
        return { id: `${inputs.namespace}/kube-ops-view`, outs: { ...inputs, result: await waitReady(inputs) } };
    },
    async diff(_id: string, olds: ReadyInputs, news: ReadyInputs) {
        const keys: (keyof ReadyInputs)[] = ["runtime", "controlPlane", "namespace", "release"];
        return { changes: keys.some((k) => olds[k] !== news[k]) };
    },
    async update(_id: string, _olds: ReadyInputs, news: ReadyInputs) {
        return { outs: { ...news, result: await waitReady(news) } };
    },
};

export interface KubeOpsViewReadyArgs {
    runtime: NodeRuntime;
    controlPlane: string;
    namespace: string;
    release: pulumi.Input<string>;
    timeoutSeconds?: number;
    pullGraceSeconds?: number;
    pollSeconds?: number;
}

/** Ready, or the update fails within `timeoutSeconds` (90) naming the pod's reason. */
export class KubeOpsViewReady extends CachedDynamicResource {
    declare readonly result: pulumi.Output<string>;
    constructor(name: string, args: KubeOpsViewReadyArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            readyProvider,
            module,
            "KubeOpsViewReady",
            name,
            {
                ...args,
                timeoutSeconds: args.timeoutSeconds ?? 90,
                pullGraceSeconds: args.pullGraceSeconds ?? 20,
                // a look is one `kubectl get` in the control-plane node (about 0.3 s); every 2 s it found Ready
                // 1.2 s late on average, at the end of a first `lab up`, where nothing else is left to wait for
                pollSeconds: args.pollSeconds ?? 1,
                result: undefined,
            },
            opts,
        );
    }
}
