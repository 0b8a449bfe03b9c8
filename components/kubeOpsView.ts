// kube-ops-view (docs/seed-lab.md §2.3) as a real Helm release inside the kind cluster. helm.v3.Release, not helm.v4.Chart:
// a Chart renders against the cluster at preview, which fails while the cluster does not exist yet
// (pulumi-kubernetes #3027); a Release only loads the chart at preview.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { KubeOpsViewConfig, NodeRuntime, nodePortUrl, PortMapping } from "../lab/configSchema";
import { KubeOpsViewReady } from "./kubeOpsViewReady";
import type { ChartFacts } from "../lab/stackOutputs";

/** The chart's objects are named after the release and labelled instance=<release name>: the seed's name. */
export const KUBE_OPS_VIEW_RELEASE_NAME = "kube-ops-view";

// A type alias, not an interface: the stack output's ChartFacts.values is a plain record, which an alias satisfies.
export type KubeOpsViewValues = {
    service: { main: { type: "NodePort"; ports: { http: { nodePort: number } } } };
    env: { TZ: string };
    /** Only when kubeOpsViewImage replaces the chart's image. */
    image?: { repository: string; tag: string };
    /** The chart's probes (common 4.5.2), looked at every second: see KUBE_OPS_VIEW_PROBES. */
    probes: typeof KUBE_OPS_VIEW_PROBES;
};

/**
 * The chart's startup and readiness probes every second instead of its 5 s and 10 s (common 4.5.2's values.yaml): the
 * pod reads Ready within about a second of kube-ops-view listening, where `lab up` waited up to 15 s more for the
 * kubelet's next look (KubeOpsViewReady took 7.3 s and 16.6 s after the release in two bench:up re-up runs). The startup
 * probe keeps the chart's budget of 150 s (5 s x 30 there, 1 s x 150 here); liveness is the chart's.
 */
export const KUBE_OPS_VIEW_PROBES = {
    startup: { spec: { periodSeconds: 1, failureThreshold: 150 } },
    readiness: { spec: { periodSeconds: 1 } },
};

/** Chart coordinates as deployed: the stack output `kubeOpsView`, with the values this component sets. */
export type KubeOpsViewCoordinates = ChartFacts & { values: KubeOpsViewValues };

export interface KubeOpsViewArgs {
    config: KubeOpsViewConfig;
    /** The worker's mappings: the host port of the NodePort makes the URL. */
    workerPortMappings: PortMapping[];
    provider: k8s.Provider;
    /** The cluster: when it is deleted as well, the release goes with it and is not uninstalled first (helm cannot
     * uninstall from a cluster that was already deleted by hand; the provider's deleteUnreachable covers Pods, not
     * Releases). */
    deletedWith?: pulumi.Resource;
    /**
     * Where to ask whether kube-ops-view runs (the kind cluster's control plane through the node runtime): then helm does
     * not wait, KubeOpsViewReady does, and fails within 90 s naming the pod's reason. Unset: helm's own wait.
     */
    readiness?: { runtime: NodeRuntime; controlPlane: string };
    /** What the Release waits for besides the cluster (its image's preload into the nodes). */
    dependsOn?: pulumi.Resource[];
}

/** The seed's `--set service.main.type=NodePort,service.main.ports.http.nodePort=30000 --set env.TZ=...`, and the probes. */
export function kubeOpsViewValues(config: KubeOpsViewConfig): KubeOpsViewValues {
    return {
        service: { main: { type: "NodePort", ports: { http: { nodePort: config.nodePort } } } },
        env: { TZ: config.timeZone },
        ...(config.image ? { image: { ...config.image } } : {}),
        probes: structuredClone(KUBE_OPS_VIEW_PROBES),
    };
}

export class KubeOpsView extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;
    /** The seed's macOS URL at 1.5x scale, e.g. http://localhost:30000/#scale=1.5 */
    readonly url: string;
    readonly coordinates: KubeOpsViewCoordinates;
    readonly ready?: KubeOpsViewReady;

    constructor(name: string, args: KubeOpsViewArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kind-pause-lab:apps:KubeOpsView", name, {}, opts);
        const { config } = args;
        const values = kubeOpsViewValues(config);
        // A local chart (directory or .tgz) replaces repo + name, for machines where the repository is unreachable;
        // the dev stack leaves kubeOpsViewChartPath empty and installs from the repository.
        const source =
            config.chartPath !== undefined
                ? { chart: config.chartPath }
                : { chart: config.chart, version: config.chartVersion, repositoryOpts: { repo: config.chartRepo } };
        this.release = new k8s.helm.v3.Release(
            name,
            {
                name: KUBE_OPS_VIEW_RELEASE_NAME,
                namespace: config.namespace,
                ...source,
                values,
                ...(args.readiness ? { skipAwait: true } : {}),
            },
            // A new namespace replaces the release; its Service's NodePort can be held by one Service at a time, so the old
            // release goes first ("provided port is already allocated" otherwise).
            { parent: this, provider: args.provider, deletedWith: args.deletedWith, deleteBeforeReplace: true, dependsOn: args.dependsOn },
        );
        if (args.readiness) {
            this.ready = new KubeOpsViewReady(
                `${name}-ready`,
                {
                    ...args.readiness,
                    namespace: config.namespace,
                    release: this.release.status.apply((s) => `${s.name}@${s.revision}`),
                },
                { parent: this, dependsOn: [this.release], deletedWith: args.deletedWith },
            );
        }
        this.url = nodePortUrl(args.workerPortMappings, config.nodePort, "/#scale=1.5");
        this.coordinates = {
            chart: config.chartPath ?? config.chart,
            version: config.chartVersion,
            repo: config.chartPath !== undefined ? "" : config.chartRepo,
            namespace: config.namespace,
            values,
        };
        this.registerOutputs({ url: this.url, coordinates: this.coordinates, status: this.release.status });
    }
}
