// The pause-container lab as one stack: kind cluster, kube-ops-view, the lab pods, and a namespace probe per pod.
// Only wiring: the components live in components/, output shapes in lab/stackOutputs.ts.
import * as pulumi from "@pulumi/pulumi";
import { loadLabConfig } from "./components/config";
import { ImagePreload } from "./components/imagePreload";
import { KindCluster } from "./components/kindCluster";
import { KubeOpsView } from "./components/kubeOpsView";
import { kubeOpsViewImage } from "./lab/kubeOpsViewImage";
import { labPodManifests, podImages } from "./lab/pods";
import { LabPods } from "./components/labPods";
import { NamespaceProbe } from "./components/namespaceProbe";
import type { CaptureOutput } from "./probe/captures";
import type { NamespaceReport } from "./probe/types";
import type { LabStackOutputs } from "./lab/stackOutputs";

// Validated before any resource exists; a bad value stops here with one line per problem.
const config = loadLabConfig();

const podManifests = labPodManifests(config.experiments, config.preloadImages);
const podImageRefs = podImages(podManifests);
// The image the release runs, when the lab knows it (lab/kubeOpsViewImage.ts): another chart's is left to the node.
const chartImage = kubeOpsViewImage(config.kubeOpsView);

const kind = new KindCluster("kind", {
    clusterName: config.clusterName,
    runtime: config.nodeRuntime,
    nodeImage: config.nodeImage,
    waitTimeout: config.clusterWaitTimeout,
    workerPortMappings: config.workerPortMappings,
    // what the host already has goes into the workers while kind creates the cluster; the preloads load the rest
    preloadImages: config.preloadImages ? [...podImageRefs, ...(chartImage ? [chartImage] : [])] : undefined,
});

const workers = kind.workers;

// The pods' images first, then kube-ops-view's (73 MB) after them on the same link, each with its own load: the pods
// and their evidence never wait for kube-ops-view's image. Its preload is optional: an image the host cannot pull is
// left to the node, whose pull error KubeOpsViewReady names with the config key to set.
const preload = config.preloadImages
    ? new ImagePreload("preload", { images: podImageRefs, nodes: workers, cluster: kind.cluster, runtime: config.nodeRuntime })
    : undefined;
const chartPreload =
    preload && chartImage
        ? new ImagePreload("kube-ops-view-image", {
              images: [chartImage],
              nodes: workers,
              cluster: kind.cluster,
              runtime: config.nodeRuntime,
              pullAfter: preload.onHost,
              optional: true,
          })
        : undefined;

const kubeOpsViewApp = new KubeOpsView("kube-ops-view", {
    config: config.kubeOpsView,
    workerPortMappings: config.workerPortMappings,
    provider: kind.provider,
    // Destroying the cluster removes everything in it: nothing is uninstalled first (and a cluster deleted by hand
    // does not block destroy).
    deletedWith: kind.cluster,
    readiness: { runtime: config.nodeRuntime, controlPlane: kind.nodeNames.find((n) => n.role === "control-plane")!.name },
    dependsOn: chartPreload ? [chartPreload.load] : undefined,
});

const labPods = new LabPods("lab", {
    provider: kind.provider,
    manifests: podManifests,
    dependsOn: preload ? [preload.load] : undefined,
    deletedWith: kind.cluster,
});

const probes = Object.entries(labPods.pods).map(([podName, pod]) => ({
    podName,
    probe: new NamespaceProbe(`ns-${podName}`, {
        podName,
        podUid: pod.metadata.uid,
        nodeName: pod.spec.nodeName,
        transport: { kind: "nodeExec", runtime: config.nodeRuntime },
        nodeBoot: kind.boot,
        containers: pod.spec.containers.apply((c) => c.length),
        dependsOn: [pod],
    }),
}));

function byPod<T>(select: (probe: NamespaceProbe) => pulumi.Output<T>): pulumi.Output<Record<string, T>> {
    return pulumi.output(Object.fromEntries(probes.map(({ podName, probe }) => [podName, select(probe)]))) as pulumi.Output<
        Record<string, T>
    >;
}

export const clusterName = kind.clusterName;
export const kubeconfig = kind.kubeconfig;
export const kindConfig = kind.kindConfig;
export const nodes = kind.nodes;
export const kubeOpsViewUrl = kubeOpsViewApp.url;
export const kubeOpsView = kubeOpsViewApp.coordinates;
export const pods = labPods.facts;
// one export per raw capture (probe/captures.ts); the contract below names them all
export const lsns: pulumi.Output<CaptureOutput> = byPod((p) => p.captures.lsns);
export const crictlInspect: pulumi.Output<CaptureOutput> = byPod((p) => p.captures.crictlInspect);
export const namespaceReport: pulumi.Output<NamespaceReport> = byPod((p) => p.report);

// The exports are the contract of lab/stackOutputs.ts: one missing or of another shape fails `npm run build`.
const contract: { [K in keyof LabStackOutputs]-?: pulumi.Input<NonNullable<LabStackOutputs[K]>> } = {
    clusterName,
    kubeconfig,
    kindConfig,
    nodes,
    kubeOpsViewUrl,
    kubeOpsView,
    pods,
    lsns,
    crictlInspect,
    namespaceReport,
};
void contract;
