// The lab's pods (docs/seed-lab.md §2.5 and §3.1) and the experiment variants, as plain Kubernetes Pod data. Pure (no Pulumi
// import): labPods.ts turns them into resources, imagePreload.ts reads their images.
import type * as k8s from "@pulumi/kubernetes/types/output";
import type { Experiment } from "./configSchema";

// The SDK's own Pod types (type-only: nothing of Pulumi is loaded), narrowed to the fields the lab sets. Its output
// types make every field required, as the API server fills them; a manifest leaves the optional ones out.
type Container = k8s.core.v1.Container;
type Pod = k8s.core.v1.PodSpec;

export type ContainerSpec = Pick<Container, "name" | "image"> &
    Partial<Pick<Container, "command" | "args" | "imagePullPolicy">> & {
        ports?: Pick<k8s.core.v1.ContainerPort, "containerPort" | "protocol">[];
    };

export type PodSpec = Pick<Pod, "terminationGracePeriodSeconds"> &
    Partial<Pick<Pod, "shareProcessNamespace" | "hostNetwork" | "hostIPC">> & { containers: ContainerSpec[] };

export interface PodManifest {
    metadata: Pick<k8s.meta.v1.ObjectMeta, "name" | "namespace">;
    spec: PodSpec;
}

export const LAB_NAMESPACE = "default";

const myweb: PodManifest = {
    metadata: { name: "myweb", namespace: LAB_NAMESPACE },
    spec: {
        containers: [{ name: "myweb-container", image: "nginx:alpine", ports: [{ containerPort: 80, protocol: "TCP" }] }],
        terminationGracePeriodSeconds: 0,
    },
};

const myweb2: PodManifest = {
    metadata: { name: "myweb2", namespace: LAB_NAMESPACE },
    spec: {
        containers: [
            { name: "myweb2-nginx", image: "nginx", ports: [{ containerPort: 80, protocol: "TCP" }] },
            {
                name: "myweb2-netshoot",
                image: "nicolaka/netshoot",
                command: ["/bin/bash"],
                args: ["-c", "while true; do sleep 5; curl localhost; done"],
            },
        ],
        terminationGracePeriodSeconds: 0,
    },
};

/** What each experiment changes in a copy of myweb2, and the suffix of the variant pod's name. */
export const EXPERIMENT_VARIANTS: Record<Experiment, { suffix: string; spec: Partial<PodSpec> }> = {
    sharedPid: { suffix: "sharedpid", spec: { shareProcessNamespace: true } },
    hostNetwork: { suffix: "hostnetwork", spec: { hostNetwork: true } },
    hostIPC: { suffix: "hostipc", spec: { hostIPC: true } },
};

/**
 * myweb, myweb2 and one myweb2 variant per experiment, in that order. With `preloadImages` every container gets
 * imagePullPolicy IfNotPresent: the seed's untagged images (`nginx`, `nicolaka/netshoot`) default to Always, and
 * the kubelet would pull them from Docker Hub anyway, defeating the preload.
 */
export function labPodManifests(experiments: readonly Experiment[], preloadImages: boolean): PodManifest[] {
    const variants = experiments.map((experiment) => {
        const variant = EXPERIMENT_VARIANTS[experiment];
        return {
            metadata: { name: `${myweb2.metadata.name}-${variant.suffix}`, namespace: LAB_NAMESPACE },
            spec: { ...myweb2.spec, ...variant.spec },
        };
    });
    return [myweb, myweb2, ...variants].map((pod) => ({
        metadata: { ...pod.metadata },
        spec: {
            ...pod.spec,
            containers: pod.spec.containers.map((c) => ({
                ...c,
                ...(c.ports ? { ports: c.ports.map((p) => ({ ...p })) } : {}),
                ...(preloadImages ? { imagePullPolicy: "IfNotPresent" } : {}),
            })),
        },
    }));
}

/** Distinct images of the given pods, in first-seen order. */
export function podImages(pods: readonly PodManifest[]): string[] {
    return [...new Set(pods.flatMap((pod) => pod.spec.containers.map((c) => c.image)))];
}
