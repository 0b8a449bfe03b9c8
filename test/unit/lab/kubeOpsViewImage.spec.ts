// The image the kube-ops-view release runs, as the lab knows it: kubeOpsViewImage, else the pinned chart's own.
import * as assert from "assert";
import { CONFIG_SCHEMA } from "../../../lab/configSchema";
import { kubeOpsViewImage, PINNED_KUBE_OPS_VIEW_CHART } from "../../../lab/kubeOpsViewImage";

const pinned = {
    chartRepo: CONFIG_SCHEMA.kubeOpsViewChartRepo.default,
    chart: CONFIG_SCHEMA.kubeOpsViewChart.default,
    chartVersion: CONFIG_SCHEMA.kubeOpsViewChartVersion.default,
};

describe("kubeOpsViewImage", () => {
    it("the pinned chart is the config's default chart 1.2.2, whose image is hjacobs/kube-ops-view:20.4.0 (a new default needs its image)", () => {
        assert.deepStrictEqual(PINNED_KUBE_OPS_VIEW_CHART, {
            repo: "https://geek-cookbook.github.io/charts/",
            chart: "kube-ops-view",
            version: "1.2.2",
            image: "hjacobs/kube-ops-view:20.4.0",
        });
        assert.strictEqual(kubeOpsViewImage(pinned), "hjacobs/kube-ops-view:20.4.0");
    });

    it("kubeOpsViewImage wins, whatever the chart (the lab sets it as image.repository and image.tag)", () => {
        const image = { repository: "ghcr.io/example/kube-ops-view", tag: "23.5.0" };
        assert.strictEqual(kubeOpsViewImage({ ...pinned, image }), "ghcr.io/example/kube-ops-view:23.5.0");
        assert.strictEqual(kubeOpsViewImage({ ...pinned, chartPath: "charts/kov", image }), "ghcr.io/example/kube-ops-view:23.5.0");
    });

    it("any other chart: undefined (the lab has not read which image it names; the node pulls it)", () => {
        assert.strictEqual(kubeOpsViewImage({ ...pinned, chartVersion: "1.2.1" }), undefined);
        assert.strictEqual(kubeOpsViewImage({ ...pinned, chart: "kube-ops-view-next" }), undefined);
        assert.strictEqual(kubeOpsViewImage({ ...pinned, chartRepo: "https://charts.example.org/" }), undefined);
        assert.strictEqual(kubeOpsViewImage({ ...pinned, chartPath: "test/kind/kube-ops-view-standin" }), undefined);
    });
});
