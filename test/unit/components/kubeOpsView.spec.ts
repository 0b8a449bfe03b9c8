// KubeOpsView: a Helm release named exactly kube-ops-view with the seed's values, through the given provider.
import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import { parseLabConfig } from "../../../lab/configSchema";
import { KubeOpsView } from "../../../components/kubeOpsView";
import { installMocks, LabMocks, registered } from "../support/mocks";

const RELEASE = "kubernetes:helm.sh/v3:Release";

describe("KubeOpsView", () => {
    let mocks: LabMocks;
    let provider: k8s.Provider;

    before(async () => {
        mocks = await installMocks();
        provider = new k8s.Provider("kind-provider", { kubeconfig: "apiVersion: v1" });
    });

    it("installs the seed's chart with the seed's values in kube-system, via the kind provider", async () => {
        const config = parseLabConfig({}, { pathExists: () => false });
        const app = new KubeOpsView("kube-ops-view", {
            config: config.kubeOpsView,
            workerPortMappings: config.workerPortMappings,
            provider,
        });
        await registered(app.release, provider);
        const release = mocks.get(RELEASE, "kube-ops-view");
        // a new namespace replaces the release: the old one goes first, its Service holds the NodePort
        assert.strictEqual(release.deleteBeforeReplace, true);
        assert.deepStrictEqual(
            {
                name: release.inputs.name,
                namespace: release.inputs.namespace,
                chart: release.inputs.chart,
                version: release.inputs.version,
                repositoryOpts: release.inputs.repositoryOpts,
                values: release.inputs.values,
            },
            {
                name: "kube-ops-view",
                namespace: "kube-system",
                chart: "kube-ops-view",
                version: "1.2.2",
                repositoryOpts: { repo: "https://geek-cookbook.github.io/charts/" },
                values: {
                    service: { main: { type: "NodePort", ports: { http: { nodePort: 30000 } } } },
                    env: { TZ: "Asia/Seoul" },
                    // the kubelet looks every second (the chart: 5 s startup, 10 s readiness); the startup budget stays 150 s
                    probes: { startup: { spec: { periodSeconds: 1, failureThreshold: 150 } }, readiness: { spec: { periodSeconds: 1 } } },
                },
            },
        );
        assert.strictEqual(release.provider, mocks.get("pulumi:providers:kubernetes", "kind-provider").urn);
        assert.strictEqual(release.parent, mocks.get("kind-pause-lab:apps:KubeOpsView", "kube-ops-view").urn);
        assert.strictEqual(app.url, "http://localhost:30000/#scale=1.5");
        assert.deepStrictEqual(app.coordinates, {
            chart: "kube-ops-view",
            version: "1.2.2",
            repo: "https://geek-cookbook.github.io/charts/",
            namespace: "kube-system",
            values: release.inputs.values,
        });
    });

    it("follows config: NodePort, time zone, and the host port mapped to that NodePort", async () => {
        const config = parseLabConfig(
            { kubeOpsViewNodePort: "30001", kubeOpsViewTimeZone: "UTC", workerPortMappings: '["8080:30001"]' },
            { pathExists: () => false },
        );
        const app = new KubeOpsView("kov-custom", { config: config.kubeOpsView, workerPortMappings: config.workerPortMappings, provider });
        await registered(app.release);
        const release = mocks.get(RELEASE, "kov-custom");
        assert.strictEqual(release.inputs.name, "kube-ops-view", "the release name is fixed whatever the resource name");
        assert.deepStrictEqual(release.inputs.values, {
            service: { main: { type: "NodePort", ports: { http: { nodePort: 30001 } } } },
            env: { TZ: "UTC" },
            probes: { startup: { spec: { periodSeconds: 1, failureThreshold: 150 } }, readiness: { spec: { periodSeconds: 1 } } },
        });
        assert.strictEqual(app.url, "http://localhost:8080/#scale=1.5");
    });

    it("kubeOpsViewImage sets the chart's image.repository and image.tag (an arm64 Mac's multi-arch build)", async () => {
        const config = parseLabConfig({ kubeOpsViewImage: "ghcr.io/example/kube-ops-view:23.5.0" }, { pathExists: () => false });
        const app = new KubeOpsView("kov-image", { config: config.kubeOpsView, workerPortMappings: config.workerPortMappings, provider });
        await registered(app.release);
        assert.deepStrictEqual(mocks.get(RELEASE, "kov-image").inputs.values.image, {
            repository: "ghcr.io/example/kube-ops-view",
            tag: "23.5.0",
        });
        assert.deepStrictEqual(app.coordinates.values.image, { repository: "ghcr.io/example/kube-ops-view", tag: "23.5.0" });
    });

    it("a local chart path replaces repository and version (offline use); the dev default does not", async () => {
        const config = parseLabConfig({ kubeOpsViewChartPath: "/charts/kube-ops-view-1.2.2.tgz" }, { pathExists: () => true });
        const app = new KubeOpsView("kov-local", { config: config.kubeOpsView, workerPortMappings: config.workerPortMappings, provider });
        await registered(app.release);
        const release = mocks.get(RELEASE, "kov-local");
        assert.strictEqual(release.inputs.chart, "/charts/kube-ops-view-1.2.2.tgz");
        assert.strictEqual(release.inputs.repositoryOpts, undefined);
        assert.strictEqual(release.inputs.version, undefined);
        assert.strictEqual(app.coordinates.repo, "");
    });
});
