// The pause-container lab as one stack: kind cluster, kube-ops-view, the lab pods, and a namespace probe per pod.
// Only wiring: the components live in components/, output shapes in lab/stackOutputs.ts.
import * as pulumi from "@pulumi/pulumi";
import { loadLabConfig } from "./components/config";
import { KindCluster } from "./components/kindCluster";
import { kubeOpsViewImage } from "./lab/kubeOpsViewImage";
import { labPodManifests, podImages } from "./lab/pods";
import type { NamespaceProbe } from "./components/namespaceProbe";
import type { CaptureOutput } from "./probe/captures";
import type { NamespaceReport } from "./probe/types";
import type { LabStackOutputs } from "./lab/stackOutputs";

// The program is in two parts. The cluster is declared as the module loads; the function below, which Pulumi awaits for
// the stack outputs, waits until the engine has the cluster before it loads and declares the rest. `kind create`, the
// longest step of a first up, then starts while the rest of the program is still being built (about 0.05 s sooner),
// and the rest's modules (the docker provider, the probe's analysis) load only then.

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

/** The outputs: the contract of lab/stackOutputs.ts (one missing or of another shape fails `npm run build`). */
type Outputs = { [K in keyof LabStackOutputs]-?: pulumi.Input<NonNullable<LabStackOutputs[K]>> };

export = async (): Promise<Outputs> => {
    await new Promise<void>((registered) => kind.urn.apply(() => registered()));
    const [{ ImagePreload }, { KubeOpsView }, { LabPods }, { NamespaceProbe }] = await Promise.all([
        import("./components/imagePreload"),
        import("./components/kubeOpsView"),
        import("./components/labPods"),
        import("./components/namespaceProbe"),
    ]);

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

    const byPod = <T>(select: (probe: NamespaceProbe) => pulumi.Output<T>): pulumi.Output<Record<string, T>> =>
        pulumi.output(Object.fromEntries(probes.map(({ podName, probe }) => [podName, select(probe)]))) as pulumi.Output<Record<string, T>>;

    // one output per raw capture (probe/captures.ts); the Outputs type names them all
    const lsns: pulumi.Output<CaptureOutput> = byPod((p) => p.captures.lsns);
    const crictlInspect: pulumi.Output<CaptureOutput> = byPod((p) => p.captures.crictlInspect);
    const namespaceReport: pulumi.Output<NamespaceReport> = byPod((p) => p.report);

    return {
        clusterName: kind.clusterName,
        kubeconfig: kind.kubeconfig,
        kindConfig: kind.kindConfig,
        nodes: kind.nodes,
        kubeOpsViewUrl: kubeOpsViewApp.url,
        kubeOpsView: kubeOpsViewApp.coordinates,
        pods: labPods.facts,
        lsns,
        crictlInspect,
        namespaceReport,
    };
};
