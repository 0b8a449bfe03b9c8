// The whole program (index.ts) under mocks: exactly the contracted outputs, the dependency graph between the
// components, secrets, and config errors stopping the program before any resource exists.
import * as assert from "assert";
import * as path from "path";
import { POLICY_INPUTS, policyInputFiles } from "../../cli/policyVerdict";
import { localModules } from "../../components/cachedDynamicResource";
import { REPO_ROOT } from "../support/paths";
import { FAKE_BOOT, installMocks, isSecret, LabMocks, loadProgram, podUid, urnName, valueOf } from "./support/mocks";

/** A module and every local module it loads, relative to the repository (the walk of the dynamic providers' cache key). */
const localModulesOf = (file: string) => localModules(require.cache[require.resolve(file)]!).map((f) => path.relative(REPO_ROOT, f));

describe("stack (index.ts)", () => {
    describe("dev config", () => {
        let mocks: LabMocks;
        let stack: Record<string, any>;

        before(async () => {
            mocks = await installMocks();
            stack = await loadProgram();
            await valueOf(stack.namespaceReport);
        });

        it("exports exactly the contracted outputs", () => {
            assert.deepStrictEqual(Object.keys(stack).sort(), [
                "clusterName",
                "crictlInspect",
                "kindConfig",
                "kubeOpsView",
                "kubeOpsViewUrl",
                "kubeconfig",
                "lsns",
                "namespaceReport",
                "nodes",
                "pods",
            ]);
        });

        it("outputs hold the lab's values; only the kubeconfig is secret", async () => {
            assert.strictEqual(stack.clusterName, "myk8s");
            assert.strictEqual(stack.kubeOpsViewUrl, "http://localhost:30000/#scale=1.5");
            assert.match(stack.kindConfig, /^kind: Cluster\napiVersion: kind.x-k8s.io\/v1alpha4\n/);
            assert.strictEqual(await isSecret(stack.kubeconfig), true);
            for (const name of ["nodes", "pods", "lsns", "crictlInspect", "namespaceReport"])
                assert.strictEqual(await isSecret(stack[name]), false, name);
            assert.deepStrictEqual(Object.keys(await valueOf(stack.pods)), ["myweb", "myweb2"]);
            assert.deepStrictEqual(
                (await valueOf(stack.nodes)).map((n: any) => n.name),
                ["myk8s-control-plane", "myk8s-worker"],
            );
            const report = await valueOf(stack.namespaceReport);
            assert.deepStrictEqual(Object.keys(report), ["myweb", "myweb2"]);
            assert.deepStrictEqual(Object.keys(report.myweb.containers), ["myweb-container"]);
            assert.deepStrictEqual(Object.keys((await valueOf(stack.lsns)).myweb2), ["pause", "myweb2-nginx", "myweb2-netshoot"]);
            assert.deepStrictEqual(stack.kubeOpsView.version, "1.2.2");
        });

        it("the release and the pods go through the kind provider", () => {
            const provider = mocks.get("pulumi:providers:kubernetes", "kind-provider").urn;
            assert.strictEqual(mocks.get("kubernetes:helm.sh/v3:Release", "kube-ops-view").provider, provider);
            for (const pod of mocks.find("kubernetes:core/v1:Pod")) assert.strictEqual(pod.provider, provider, pod.name);
        });

        it("the release and the pods are deleted with the cluster (destroy works after a manual kind delete)", () => {
            const cluster = mocks.get("command:local:Command", "kind-cluster").urn;
            assert.strictEqual(mocks.get("kubernetes:helm.sh/v3:Release", "kube-ops-view").deletedWith, cluster);
            const pods = mocks.find("kubernetes:core/v1:Pod");
            assert.ok(pods.length >= 2);
            for (const pod of pods) assert.strictEqual(pod.deletedWith, cluster, pod.name);
        });

        it("image preload precedes the pods; each probe follows its pod", () => {
            const loads = mocks
                .find("command:local:Command")
                .filter((r) => r.name.endsWith("-load"))
                .map((r) => r.name)
                .sort();
            assert.deepStrictEqual(loads, ["kube-ops-view-image-load", "preload-load"]);
            for (const pod of mocks.find("kubernetes:core/v1:Pod")) {
                assert.ok(mocks.dependencyNames(pod).includes("preload-load"), `${pod.name} after the pods' load`);
                // kube-ops-view's image (its own load) never holds up the pods and their evidence
                assert.ok(!mocks.dependencyNames(pod).includes("kube-ops-view-image-load"), pod.name);
            }
            for (const podName of ["myweb", "myweb2"]) {
                const probe = mocks.get("command:local:Command", `ns-${podName}-probe`);
                assert.ok(mocks.dependencyNames(probe).includes(`lab-${podName}`), `probe of ${podName} after the pod`);
            }
        });

        it("every image the preloads load goes to the cluster's create too, which loads those the host has while kind runs", () => {
            const create: string = mocks.get("command:local:Command", "kind-cluster").inputs.create;
            const loaded = [...create.matchAll(/'--load-image' '([^']+)'/g)].map((m) => m[1]);
            assert.deepStrictEqual(loaded, ["nginx:alpine", "nginx", "nicolaka/netshoot", "hjacobs/kube-ops-view:20.4.0"]);
            assert.match(create, /^bash host\/kind-create\.sh '--load' 'myk8s-worker' /);
        });

        it("kube-ops-view's image: pulled by its own load after the pods' images, optional, and the Release waits for it", () => {
            // no docker provider pull, whose failure would fail the update: the load pulls, and leaves to the node
            // an image the host cannot get (image-load.sh --optional), so KubeOpsViewReady names the node's pull error
            assert.deepStrictEqual(
                mocks.find("docker:index/remoteImage:RemoteImage").map((r) => r.name),
                ["preload-nginx-alpine", "preload-nginx", "preload-nicolaka-netshoot"],
            );
            const load = mocks.get("command:local:Command", "kube-ops-view-image-load");
            assert.deepStrictEqual(mocks.dependencyNames(load).sort(), [
                "kind-cluster",
                "preload-nginx",
                "preload-nginx-alpine",
                "preload-nicolaka-netshoot",
            ]);
            assert.strictEqual(
                load.inputs.create,
                "bash host/image-load.sh '--pull' '--optional' '--save-platform' 'myk8s-worker' 'hjacobs/kube-ops-view:20.4.0'",
            );
            const release = mocks.get("kubernetes:helm.sh/v3:Release", "kube-ops-view");
            assert.ok(mocks.dependencyNames(release).includes("kube-ops-view-image-load"), "the Release after its image's load");
            assert.ok(!mocks.dependencyNames(release).includes("preload-load"), "not after the pods' load");
        });

        it("each probe runs again for a new pod and after its node restarted (new sandboxes)", () => {
            for (const podName of ["myweb", "myweb2"]) {
                const probe = mocks.get("command:local:Command", `ns-${podName}-probe`);
                assert.deepStrictEqual(probe.inputs.triggers, [podUid(podName), FAKE_BOOT]);
                // told how many containers to wait for: the pod's own count
                assert.strictEqual(
                    probe.inputs.create,
                    `docker exec -i 'myk8s-worker' sh -s -- '${podUid(podName)}' '${podName === "myweb" ? 1 : 2}'`,
                );
                assert.deepStrictEqual(probe.propertyDependencies.triggers.map(urnName).sort(), [`lab-${podName}`, "kind-boot"].sort());
            }
        });

        it("every local module the program and the pack's policies load is in the policy verdict's key (cli/policyVerdict.ts)", () => {
            require("../../policy/policies");
            const loaded = [
                ...localModulesOf(path.join(REPO_ROOT, "index.ts")),
                ...localModulesOf(path.join(REPO_ROOT, "policy", "policies.ts")),
            ];
            for (const f of ["index.ts", "components/kindCluster.ts", "host/clusterState.ts", "lab/configSchema.ts", "policy/policies.ts"])
                assert.ok(loaded.includes(f.split("/").join(path.sep)), `${f} not among ${loaded.join(", ")}`);
            const hashed = new Set(policyInputFiles(REPO_ROOT));
            assert.deepStrictEqual(
                loaded.filter((f) => !hashed.has(f)),
                [],
                `loaded but not in POLICY_INPUTS (${POLICY_INPUTS.join(", ")})`,
            );
        });
    });

    it("without preloading: no docker resources, pods depend on nothing extra, images pulled by the kubelet", async () => {
        const mocks = await installMocks({ preloadImages: "false" });
        const stack = await loadProgram();
        await valueOf(stack.namespaceReport);
        assert.deepStrictEqual(mocks.find("docker:index/remoteImage:RemoteImage"), []);
        assert.deepStrictEqual(
            mocks.find("command:local:Command").filter((r) => r.name.endsWith("-load")),
            [],
        );
        assert.deepStrictEqual(mocks.dependencyNames(mocks.get("kubernetes:helm.sh/v3:Release", "kube-ops-view")), []);
        for (const pod of mocks.find("kubernetes:core/v1:Pod")) {
            assert.deepStrictEqual(mocks.dependencyNames(pod), [], pod.name);
            for (const c of pod.inputs.spec.containers) assert.strictEqual(c.imagePullPolicy, undefined);
        }
    });

    it("kubeOpsViewImage is the image preloaded for kube-ops-view; a chart the lab does not pin gets none", async () => {
        let mocks = await installMocks({ kubeOpsViewImage: "ghcr.io/example/kube-ops-view:23.5.0" });
        await valueOf((await loadProgram()).namespaceReport);
        assert.match(
            mocks.get("command:local:Command", "kube-ops-view-image-load").inputs.create,
            / '--optional' .* 'ghcr\.io\/example\/kube-ops-view:23\.5\.0'$/,
        );
        const others: Record<string, string>[] = [
            { kubeOpsViewChartVersion: "1.2.1" },
            { kubeOpsViewChartPath: "test/kind/kube-ops-view-standin" },
        ];
        for (const other of others) {
            mocks = await installMocks(other);
            await valueOf((await loadProgram()).namespaceReport);
            const loads = mocks.find("command:local:Command").filter((r) => r.name.endsWith("-load"));
            assert.deepStrictEqual(
                loads.map((r) => r.name),
                ["preload-load"],
                JSON.stringify(other),
            );
            assert.deepStrictEqual(mocks.dependencyNames(mocks.get("kubernetes:helm.sh/v3:Release", "kube-ops-view")), []);
        }
    });

    it("experiments add probed variant pods", async () => {
        await installMocks({ experiments: '["sharedPid","hostNetwork"]' });
        const stack = await loadProgram();
        assert.deepStrictEqual(Object.keys(await valueOf(stack.namespaceReport)), [
            "myweb",
            "myweb2",
            "myweb2-sharedpid",
            "myweb2-hostnetwork",
        ]);
    });

    it("bad config stops the program before any resource is registered", async () => {
        const mocks = await installMocks({ clusterName: "My_Lab", kubeOpsViewNodePort: "30005" });
        await assert.rejects(
            loadProgram(),
            (e: Error) =>
                e.name === "ConfigError" &&
                /kind-pause-lab:clusterName = "My_Lab": must be a DNS label/.test(e.message) &&
                /kind-pause-lab:kubeOpsViewNodePort = 30005: is not mapped to the host/.test(e.message),
        );
        await new Promise((resolve) => setTimeout(resolve, 20));
        assert.deepStrictEqual(mocks.registrations, []);
    });
});
