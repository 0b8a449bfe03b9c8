// The lab's pods (myweb, myweb2 and the experiment variants) in the kind cluster, through its provider.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { PodManifest } from "../lab/pods";
import type { PodFacts } from "../lab/stackOutputs";

export interface LabPodsArgs {
    provider: k8s.Provider;
    /** The pods to create: labPodManifests(experiments, preloadImages), computed once by the caller, which also
     * derives the images to preload from them. */
    manifests: PodManifest[];
    /** Resources the pods wait for (the image preload). */
    dependsOn?: pulumi.Resource[];
    /** The cluster: when it is deleted as well, the pods go with it instead of being deleted one by one first. */
    deletedWith?: pulumi.Resource;
}

export class LabPods extends pulumi.ComponentResource {
    readonly manifests: PodManifest[];
    /** pod name → Pod resource. */
    readonly pods: Record<string, k8s.core.v1.Pod>;
    /** pod name → facts (stack output `pods`). */
    readonly facts: pulumi.Output<Record<string, PodFacts>>;

    constructor(name: string, args: LabPodsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kind-pause-lab:apps:LabPods", name, {}, opts);
        this.manifests = args.manifests;
        this.pods = {};
        const facts: Record<string, pulumi.Output<PodFacts>> = {};
        for (const manifest of this.manifests) {
            const podName = manifest.metadata.name;
            const pod = new k8s.core.v1.Pod(
                `${name}-${podName}`,
                { apiVersion: "v1", kind: "Pod", metadata: manifest.metadata, spec: manifest.spec },
                { parent: this, provider: args.provider, dependsOn: args.dependsOn, deletedWith: args.deletedWith },
            );
            this.pods[podName] = pod;
            facts[podName] = pulumi.all([pod.metadata.uid, pod.spec.nodeName, pod.status.podIP]).apply(([uid, nodeName, podIP]) => ({
                uid,
                nodeName,
                podIP,
                containers: manifest.spec.containers.map((c) => c.name),
            }));
        }
        this.facts = pulumi.output(facts);
        this.registerOutputs({ facts: this.facts });
    }
}
