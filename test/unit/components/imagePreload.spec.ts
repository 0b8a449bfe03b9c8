// ImagePreload: one RemoteImage per distinct image (kept on the host), then one load command for all of them into the
// worker nodes, after the images and the cluster; a second preload pulls after the first one's images (pullAfter).
import * as assert from "assert";
import * as command from "@pulumi/command";
import { ImagePreload, imageSlug } from "../../../components/imagePreload";
import { labPodManifests, podImages } from "../../../lab/pods";
import { installMocks, LabMocks, registered } from "../support/mocks";

describe("ImagePreload", () => {
    let mocks: LabMocks;
    let preload: ImagePreload;
    let cluster: command.local.Command;

    before(async () => {
        mocks = await installMocks();
        cluster = new command.local.Command("kind-cluster", { create: "true" });
        const images = podImages(labPodManifests(["sharedPid"], true));
        preload = new ImagePreload("preload", { images, nodes: ["myk8s-worker"], cluster });
        await registered(cluster, ...preload.pulled, preload.load);
    });

    it("pulls each distinct pod image once and keeps it on the host after destroy", () => {
        const pulled = mocks.find("docker:index/remoteImage:RemoteImage");
        assert.deepStrictEqual(
            pulled.map((r) => [r.name, r.inputs.name, r.inputs.keepLocally]),
            [
                ["preload-nginx-alpine", "nginx:alpine", true],
                ["preload-nginx", "nginx", true],
                ["preload-nicolaka-netshoot", "nicolaka/netshoot", true],
            ],
        );
        for (const r of pulled) assert.deepStrictEqual(r.dependencies, [], `${r.name} pulls at once`);
        assert.deepStrictEqual(preload.onHost, preload.pulled);
    });

    it("loads all the images into the workers in one command, after pulling them and after the cluster exists", () => {
        const loads = mocks.find("command:local:Command").filter((r) => r.name.endsWith("-load"));
        assert.deepStrictEqual(
            loads.map((r) => r.name),
            ["preload-load"],
        );
        const load = loads[0];
        assert.deepStrictEqual(
            mocks.dependencyNames(load).sort(),
            ["kind-cluster", "preload-nginx-alpine", "preload-nginx", "preload-nicolaka-netshoot"].sort(),
        );
        // docker's row (host/runtimes.ts): the docker provider pulled, the archive holds the daemon's platform
        assert.strictEqual(
            load.inputs.create,
            "bash host/image-load.sh '--save-platform' 'myk8s-worker' 'nginx:alpine' 'nginx' 'nicolaka/netshoot'",
        );
        // each image's digest and id (a new pull loads again), then the cluster (a new cluster loads again) and the nodes
        assert.strictEqual(load.inputs.triggers.length, 3 * 2 + 2);
        assert.deepStrictEqual(load.inputs.triggers.slice(-2), ["kind-cluster-id", "myk8s-worker"]);
    });

    it("pullAfter: the pull waits for another preload's host pulls (a shared link), its load for its own pull only", async () => {
        const chart = new ImagePreload("kov", {
            images: ["hjacobs/kube-ops-view:20.4.0"],
            nodes: ["myk8s-worker"],
            cluster,
            pullAfter: preload.onHost,
        });
        await registered(...chart.pulled, chart.load);
        const pull = mocks.get("docker:index/remoteImage:RemoteImage", "kov-hjacobs-kube-ops-view-20-4-0");
        assert.strictEqual(pull.inputs.keepLocally, true);
        assert.deepStrictEqual(mocks.dependencyNames(pull).sort(), ["preload-nginx", "preload-nginx-alpine", "preload-nicolaka-netshoot"]);
        const load = mocks.get("command:local:Command", "kov-load");
        assert.deepStrictEqual(mocks.dependencyNames(load).sort(), ["kind-cluster", "kov-hjacobs-kube-ops-view-20-4-0"]);
        assert.ok(!mocks.dependencyNames(load).includes("preload-load"), "never after the pods' load");
    });

    it("with podman as the node runtime: no docker pull; the load pulls with podman itself, after the cluster", async () => {
        const images = ["nginx:alpine", "nicolaka/netshoot"];
        const podman = new ImagePreload("pp", {
            images,
            nodes: ["myk8s-worker"],
            cluster,
            runtime: "podman",
        });
        await registered(podman.load);
        assert.deepStrictEqual(podman.pulled, []);
        assert.deepStrictEqual(podman.onHost, [podman.load], "its images are on the host once its load (which pulls) is done");
        assert.deepStrictEqual(mocks.find("docker:index/remoteImage:RemoteImage", "pp-nginx-alpine"), []);
        const load = mocks.get("command:local:Command", "pp-load");
        assert.strictEqual(
            load.inputs.create,
            "KIND_EXPERIMENTAL_PROVIDER=podman bash host/image-load.sh '--pull' '--save-flag' '--multi-image-archive' 'myk8s-worker' 'nginx:alpine' 'nicolaka/netshoot'",
        );
        assert.deepStrictEqual(load.inputs.triggers, [...images, "kind-cluster-id", "myk8s-worker"]);
        assert.deepStrictEqual(mocks.dependencyNames(load), ["kind-cluster"]);
        // another podman preload after it: its load (which pulls) waits for this one's
        const after = new ImagePreload("pq", {
            images: ["hjacobs/kube-ops-view:20.4.0"],
            nodes: ["myk8s-worker"],
            cluster,
            runtime: "podman",
            pullAfter: podman.onHost,
        });
        await registered(after.load);
        assert.deepStrictEqual(mocks.dependencyNames(mocks.get("command:local:Command", "pq-load")).sort(), ["kind-cluster", "pp-load"]);
    });

    it("resource names are slugs of the references", () => {
        assert.strictEqual(imageSlug("registry.k8s.io/pause:3.10"), "registry-k8s-io-pause-3-10");
        assert.throws(() => new ImagePreload("dup", { images: ["a/b", "a-b"], nodes: ["n"], cluster }), /share the resource name/);
    });
});
