// ImagePreload: one RemoteImage per distinct pod image (kept on the host), then one load command per image into
// the worker nodes, after the image and the cluster.
import * as assert from "assert";
import * as command from "@pulumi/command";
import { ImagePreload, imageSlug } from "../../components/imagePreload";
import { labPodManifests, podImages } from "../../components/labPodSpecs";
import { installMocks, LabMocks, registered } from "./mocks";

describe("ImagePreload", () => {
    let mocks: LabMocks;
    let preload: ImagePreload;

    before(async () => {
        mocks = await installMocks();
        const cluster = new command.local.Command("kind-cluster", { create: "true" });
        const images = podImages(labPodManifests(["sharedPid"], true));
        preload = new ImagePreload("preload", { images, nodes: ["myk8s-worker"], cluster });
        await registered(cluster, ...preload.pulled, ...preload.loads);
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
    });

    it("loads each image into the workers after pulling it and after the cluster exists", () => {
        for (const slug of ["nginx-alpine", "nginx", "nicolaka-netshoot"]) {
            const load = mocks.get("command:local:Command", `preload-${slug}-load`);
            assert.deepStrictEqual(mocks.dependencyNames(load).sort(), ["kind-cluster", `preload-${slug}`].sort());
            const image = { "nginx-alpine": "nginx:alpine", nginx: "nginx", "nicolaka-netshoot": "nicolaka/netshoot" }[slug];
            assert.strictEqual(load.inputs.create, `bash components/host/image-load.sh '${image}' 'myk8s-worker'`);
            assert.deepStrictEqual(load.inputs.triggers.slice(2), ["kind-cluster-id", "myk8s-worker"], "a new cluster loads again");
        }
    });

    it("with podman as the node runtime: no docker pull; each load pulls with podman itself, after the cluster", async () => {
        const cluster = new command.local.Command("kind-cluster-2", { create: "true" });
        const podman = new ImagePreload("pp", { images: ["nginx:alpine"], nodes: ["myk8s-worker"], cluster, runtime: "podman" });
        await registered(cluster, ...podman.loads);
        assert.deepStrictEqual(podman.pulled, []);
        assert.deepStrictEqual(mocks.find("docker:index/remoteImage:RemoteImage", "pp-nginx-alpine"), []);
        const load = mocks.get("command:local:Command", "pp-nginx-alpine-load");
        assert.strictEqual(
            load.inputs.create,
            "KIND_EXPERIMENTAL_PROVIDER=podman bash components/host/image-load.sh 'nginx:alpine' 'myk8s-worker'",
        );
        assert.deepStrictEqual(mocks.dependencyNames(load), ["kind-cluster-2"]);
    });

    it("resource names are slugs of the references", () => {
        assert.strictEqual(imageSlug("registry.k8s.io/pause:3.10"), "registry-k8s-io-pause-3-10");
        assert.throws(
            () => new ImagePreload("dup", { images: ["a/b", "a-b"], nodes: ["n"], cluster: preload.loads[0] }),
            /share the resource name/,
        );
    });
});
