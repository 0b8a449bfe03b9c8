// The one place that knows which image the kube-ops-view release runs: kubeOpsViewImage when set, else the pinned
// chart's own default. Pure (no Pulumi import): index.ts preloads it. The exec-format hint in host/labStatus.ts spells
// the same reference itself: that module is serialized by value into KubeOpsViewReady's provider, and importing this
// one would carry lab/configSchema.ts in with it.
import { CONFIG_SCHEMA, KubeOpsViewConfig } from "./configSchema";

/**
 * The chart the lab pins (the config's defaults: repository, name, version) and the image it runs: geek-cookbook's
 * kube-ops-view 1.2.2 renders image.repository hjacobs/kube-ops-view with its appVersion 20.4.0 as the tag (the chart's
 * values.yaml and Chart.yaml). That image is linux/amd64 only (hjacobs/kube-ops-view#258). A new default version needs
 * its image here (test/unit/lab/kubeOpsViewImage.spec.ts holds the two together).
 */
export const PINNED_KUBE_OPS_VIEW_CHART = {
    repo: CONFIG_SCHEMA.kubeOpsViewChartRepo.default,
    chart: CONFIG_SCHEMA.kubeOpsViewChart.default,
    version: CONFIG_SCHEMA.kubeOpsViewChartVersion.default,
    image: "hjacobs/kube-ops-view:20.4.0",
};

/**
 * The image the release runs, when the lab knows it for sure: kubeOpsViewImage (the lab sets it as the chart's
 * image.repository and image.tag), else the pinned chart's default. Any other chart (another repository, name or
 * version, or a local kubeOpsViewChartPath) names an image the lab has not read: undefined, nothing is preloaded and
 * the node pulls whatever that chart names, as it would without the lab.
 */
export function kubeOpsViewImage(
    config: Pick<KubeOpsViewConfig, "image" | "chartPath" | "chartRepo" | "chart" | "chartVersion">,
): string | undefined {
    if (config.image) return `${config.image.repository}:${config.image.tag}`;
    const pinned = PINNED_KUBE_OPS_VIEW_CHART;
    const isPinned =
        config.chartPath === undefined &&
        config.chartRepo === pinned.repo &&
        config.chart === pinned.chart &&
        config.chartVersion === pinned.version;
    return isPinned ? pinned.image : undefined;
}
