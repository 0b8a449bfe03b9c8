// KindCluster: exact inputs of the create/kubeconfig/node-facts commands and the provider; the kubeconfig is a secret.
import * as assert from "assert";
import * as YAML from "yaml";
import { KindCluster } from "../../../components/kindCluster";
import { FAKE_BOOT, FAKE_EPOCH, FAKE_KUBECONFIG, installMocks, isSecret, LabMocks, registered, urnName, valueOf } from "../support/mocks";

const COMMAND = "command:local:Command";

describe("KindCluster", () => {
    let mocks: LabMocks;
    let kind: KindCluster;

    before(async () => {
        mocks = await installMocks();
        kind = new KindCluster("kind", {
            clusterName: "myk8s",
            waitTimeout: "0s",
            workerPortMappings: [
                { containerPort: 30000, hostPort: 30000, protocol: "TCP" },
                { containerPort: 30001, hostPort: 30001, protocol: "TCP" },
            ],
        });
        await valueOf(kind.nodes);
        await registered(kind.cluster, kind.provider);
    });

    it("creates with kind create cluster, the seed's config on stdin, and deletes with kind delete cluster", () => {
        const cluster = mocks.get(COMMAND, "kind-cluster");
        assert.deepStrictEqual(YAML.parse(cluster.inputs.stdin), {
            kind: "Cluster",
            apiVersion: "kind.x-k8s.io/v1alpha4",
            nodes: [
                { role: "control-plane" },
                {
                    role: "worker",
                    extraPortMappings: [
                        { containerPort: 30000, hostPort: 30000 },
                        { containerPort: 30001, hostPort: 30001 },
                    ],
                },
            ],
        });
        assert.strictEqual(cluster.inputs.stdin, kind.kindConfig);
        // one short line each: the scripts live in host (a failure prints our line plus this command)
        assert.strictEqual(
            cluster.inputs.create,
            "bash host/kind-create.sh 'myk8s' '0s' '' '30000' 'tcp' '127.0.0.1' '30000:30000' '30001' 'tcp' '127.0.0.1' '30001:30001'",
        );
        assert.strictEqual(cluster.inputs.delete, "bash host/kind-delete.sh 'myk8s'");
        assert.deepStrictEqual(cluster.inputs.interpreter, ["bash", "-c"]);
        // without an update command the command provider runs create again on any input change (a live cluster)
        assert.strictEqual(cluster.inputs.update, ":", "a change outside the triggers is a no-op, never a second create");
    });

    it("a changed config, or a new epoch (the runtime lost the nodes), replaces the cluster, deleting first", () => {
        const cluster = mocks.get(COMMAND, "kind-cluster");
        assert.deepStrictEqual(cluster.inputs.triggers, ["myk8s", "docker", kind.kindConfig, "kind-default-image", FAKE_EPOCH]);
        assert.strictEqual(cluster.deleteBeforeReplace, true);
        assert.deepStrictEqual(cluster.propertyDependencies.triggers.map(urnName), ["kind-epoch"]);
    });

    it("watches the cluster's node containers by name and runtime, before the cluster (epoch) and after it (boot)", () => {
        const epoch = mocks.get("pulumi-nodejs:dynamic:ClusterEpoch", "kind-epoch");
        assert.strictEqual(epoch.inputs.clusterName, "myk8s");
        assert.strictEqual(epoch.inputs.runtime, "docker");
        assert.deepStrictEqual(epoch.inputs.nodes, ["myk8s-control-plane", "myk8s-worker"]);
        assert.deepStrictEqual(mocks.dependencyNames(epoch), []);
        const boot = mocks.get("pulumi-nodejs:dynamic:NodeBoot", "kind-boot");
        assert.deepStrictEqual(
            [boot.inputs.clusterName, boot.inputs.runtime, boot.inputs.nodes, boot.inputs.cluster],
            ["myk8s", "docker", ["myk8s-control-plane", "myk8s-worker"], "kind-cluster-id"],
        );
        assert.deepStrictEqual(mocks.dependencyNames(boot), ["kind-cluster"]);
    });

    it("reads the kubeconfig with kind get kubeconfig as a secret kept out of logs", async () => {
        const kubeconfig = mocks.get(COMMAND, "kind-kubeconfig");
        assert.strictEqual(kubeconfig.inputs.create, "bash host/kind-kubeconfig.sh 'myk8s'");
        assert.deepStrictEqual(kubeconfig.additionalSecretOutputs, ["stdout"]);
        assert.strictEqual(kubeconfig.inputs.logging, "stderr");
        assert.deepStrictEqual(mocks.dependencyNames(kubeconfig).sort(), ["kind-boot", "kind-cluster"]);
        // re-read for a new cluster (new certificates) and after a node restarted
        assert.deepStrictEqual(kubeconfig.inputs.triggers, ["kind-cluster-id", FAKE_BOOT]);
        assert.strictEqual(await isSecret(kind.kubeconfig), true);
        assert.strictEqual(await valueOf(kind.kubeconfig), FAKE_KUBECONFIG);
    });

    it("builds the Kubernetes provider from the kubeconfig, with deleteUnreachable", async () => {
        const provider = mocks.get("pulumi:providers:kubernetes", "kind-provider");
        // It reaches the provider still wrapped as a secret (Pulumi's secret signature), so state encrypts it.
        assert.deepStrictEqual(provider.inputs.kubeconfig, {
            "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
            value: FAKE_KUBECONFIG,
        });
        assert.strictEqual(provider.inputs.deleteUnreachable, "true", "provider inputs travel as strings");
        assert.ok(mocks.dependencyNames(provider).includes("kind-kubeconfig"));
    });

    it("every child is parented to the component", () => {
        const component = mocks.get("kind-pause-lab:kind:KindCluster", "kind");
        for (const name of ["kind-cluster", "kind-kubeconfig", "kind-nodes"])
            assert.strictEqual(mocks.get(COMMAND, name).parent, component.urn);
        assert.strictEqual(mocks.get("pulumi-nodejs:dynamic:ClusterEpoch", "kind-epoch").parent, component.urn);
        assert.strictEqual(mocks.get("pulumi-nodejs:dynamic:NodeBoot", "kind-boot").parent, component.urn);
        assert.strictEqual(urnName(mocks.get("pulumi:providers:kubernetes", "kind-provider").parent), "kind");
    });

    it("node facts come from docker inspect after the cluster exists", async () => {
        const nodes = mocks.get(COMMAND, "kind-nodes");
        assert.strictEqual(nodes.inputs.create, "bash host/node-facts.sh 'myk8s'");
        assert.deepStrictEqual(mocks.dependencyNames(nodes).sort(), ["kind-boot", "kind-cluster"]);
        assert.deepStrictEqual(nodes.inputs.triggers, ["kind-cluster-id", FAKE_BOOT]);
        assert.deepStrictEqual(
            (await valueOf(kind.nodes)).map((n) => `${n.role} ${n.name} ${n.internalIp}`),
            ["control-plane myk8s-control-plane 172.18.0.2", "worker myk8s-worker 172.18.0.3"],
        );
        assert.deepStrictEqual(
            kind.nodeNames.map((n) => n.name),
            ["myk8s-control-plane", "myk8s-worker"],
        );
    });

    it("a pinned node image goes to --image and into the triggers", async () => {
        const pinned = new KindCluster("pinned", {
            clusterName: "lab2",
            waitTimeout: "2m",
            nodeImage: "kindest/node:v1.36.1",
            workerPortMappings: [],
        });
        await registered(pinned.cluster);
        const cluster = mocks.get(COMMAND, "pinned-cluster");
        assert.strictEqual(cluster.inputs.create, "bash host/kind-create.sh 'lab2' '2m' 'kindest/node:v1.36.1'");
        assert.strictEqual(cluster.inputs.triggers[3], "kindest/node:v1.36.1");
        assert.deepStrictEqual(YAML.parse(cluster.inputs.stdin).nodes, [{ role: "control-plane" }, { role: "worker" }]);
    });

    it("preloadImages go to the create, for the workers only: loaded while kind creates the cluster, with no new trigger", async () => {
        const preloading = new KindCluster("preloading", {
            clusterName: "lab3",
            waitTimeout: "0s",
            workerPortMappings: [],
            preloadImages: ["nginx:alpine", "hjacobs/kube-ops-view:20.4.0"],
        });
        await registered(preloading.cluster);
        const cluster = mocks.get(COMMAND, "preloading-cluster");
        assert.strictEqual(
            cluster.inputs.create,
            "bash host/kind-create.sh '--load' 'lab3-worker' '--load-image' 'nginx:alpine' '--load-image' 'hjacobs/kube-ops-view:20.4.0' '--load-flag' '--save-platform' 'lab3' '0s' ''",
        );
        // a stack that gains or loses the preload keeps its cluster (update is a no-op)
        assert.deepStrictEqual(cluster.inputs.triggers.slice(0, 4), ["lab3", "docker", preloading.kindConfig, "kind-default-image"]);
    });
});
