// LabPods: myweb and myweb2 exactly as the seed declares them, variants per experiment, through the kind provider,
// after the resources they are told to wait for.
import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as command from "@pulumi/command";
import { LabPods } from "../../../components/labPods";
import { labPodManifests } from "../../../lab/pods";
import { installMocks, LabMocks, podUid, POD_NODE, registered, valueOf } from "../support/mocks";

const POD = "kubernetes:core/v1:Pod";

describe("LabPods", () => {
    let mocks: LabMocks;
    let provider: k8s.Provider;

    before(async () => {
        mocks = await installMocks();
        provider = new k8s.Provider("kind-provider", { kubeconfig: "apiVersion: v1" });
    });

    it("declares the seed's pods exactly (no preload: no pull policy added)", async () => {
        const pods = new LabPods("seed", { provider, manifests: labPodManifests([], false) });
        await registered(...Object.values(pods.pods));
        const [myweb, myweb2] = mocks.find(POD).slice(-2);
        assert.deepStrictEqual(myweb.inputs, {
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name: "myweb", namespace: "default" },
            spec: {
                containers: [{ name: "myweb-container", image: "nginx:alpine", ports: [{ containerPort: 80, protocol: "TCP" }] }],
                terminationGracePeriodSeconds: 0,
            },
        });
        assert.deepStrictEqual(myweb2.inputs, {
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name: "myweb2", namespace: "default" },
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
        });
        const providerUrn = mocks.get("pulumi:providers:kubernetes", "kind-provider").urn;
        for (const pod of [myweb, myweb2]) assert.strictEqual(pod.provider, providerUrn);
        assert.deepStrictEqual(await valueOf(pods.facts), {
            myweb: { uid: podUid("myweb"), nodeName: POD_NODE, podIP: "10.244.1.5", containers: ["myweb-container"] },
            myweb2: { uid: podUid("myweb2"), nodeName: POD_NODE, podIP: "10.244.1.5", containers: ["myweb2-nginx", "myweb2-netshoot"] },
        });
    });

    it("adds one myweb2 variant per experiment, waits for its dependencies, and uses preloaded images", async () => {
        const marker = new command.local.Command("preloaded-marker", { create: "true" });
        const pods = new LabPods("exp", {
            provider,
            manifests: labPodManifests(["sharedPid", "hostNetwork", "hostIPC"], true),
            dependsOn: [marker],
        });
        await registered(marker, ...Object.values(pods.pods));
        assert.deepStrictEqual(Object.keys(pods.pods), ["myweb", "myweb2", "myweb2-sharedpid", "myweb2-hostnetwork", "myweb2-hostipc"]);
        const registrations = mocks.find(POD).slice(-5);
        const spec = (name: string) => registrations.find((r) => r.inputs.metadata.name === name)!.inputs.spec;
        assert.strictEqual(spec("myweb2-sharedpid").shareProcessNamespace, true);
        assert.strictEqual(spec("myweb2-hostnetwork").hostNetwork, true);
        assert.strictEqual(spec("myweb2-hostipc").hostIPC, true);
        for (const variant of ["myweb2-sharedpid", "myweb2-hostnetwork", "myweb2-hostipc"]) {
            const { shareProcessNamespace, hostNetwork, hostIPC, ...rest } = spec(variant);
            assert.deepStrictEqual(rest, spec("myweb2"), `${variant} is myweb2 plus one field`);
        }
        for (const r of registrations) {
            assert.ok(mocks.dependencyNames(r).includes("preloaded-marker"), `${r.name} waits for the preload`);
            for (const c of r.inputs.spec.containers) assert.strictEqual(c.imagePullPolicy, "IfNotPresent", `${r.name}/${c.name}`);
        }
    });
});
