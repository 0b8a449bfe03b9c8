// Pulls images once on the host and loads them into the kind nodes before what runs them starts, so re-creating the
// lab does not pull from Docker Hub again (anonymous pull limits) and a fresh node needs no registry for them. The load
// method is explained at imageLoadScript in host/commands.ts (it avoids `kind load docker-image`, which fails with
// Docker Desktop's containerd image store and multi-platform images). index.ts makes two: the pods' images, and
// kube-ops-view's after them.
import * as command from "@pulumi/command";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { NodeRuntime } from "../lab/configSchema";
import { bashInterpreter, imageLoadScript } from "../host/commands";
import { RUNTIMES } from "../host/runtimes";

export interface ImagePreloadArgs {
    images: string[];
    /** Node containers that run pods (kind's workers; the control plane is tainted NoSchedule). */
    nodes: string[];
    /** The cluster must exist before anything can be loaded into its nodes. */
    cluster: pulumi.CustomResource;
    /** The node runtime (default docker). Docker pulls through the docker provider; other runtimes pull in the load. */
    runtime?: NodeRuntime;
    /** Pull only after these (another preload's `onHost`): its images come first on a shared link. */
    pullAfter?: pulumi.Resource[];
    /**
     * The images are a help, not a need: the load pulls them itself (no docker provider pull, whose failure would fail
     * the update), and one the host cannot pull is left to the node, with one line (host/image-load.sh --optional).
     */
    optional?: boolean;
}

/** A resource-name-safe slug of an image reference: "nicolaka/netshoot" → "nicolaka-netshoot". */
export function imageSlug(image: string): string {
    return image
        .replace(/[^A-Za-z0-9]+/g, "-")
        .replace(/^-|-$/g, "")
        .toLowerCase();
}

export class ImagePreload extends pulumi.ComponentResource {
    readonly pulled: docker.RemoteImage[] = [];
    /** One load command for all the images (one archive per node): what needs them depends on it. */
    readonly load: command.local.Command;
    /** Done once the images are on the host: the docker provider's pulls, or (other runtimes) the load, which pulls. */
    readonly onHost: pulumi.Resource[];

    constructor(name: string, args: ImagePreloadArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kind-pause-lab:images:ImagePreload", name, {}, opts);
        const slugs = new Set<string>();
        const pullAfter = args.pullAfter ?? [];
        for (const image of args.images) {
            const slug = imageSlug(image);
            if (slugs.has(slug)) throw new Error(`image preload: two images share the resource name "${slug}": ${args.images.join(", ")}`);
            slugs.add(slug);
            // keepLocally: destroying the lab must not delete the user's copy, or the next `up` would pull again.
            if (!args.optional && RUNTIMES[args.runtime ?? "docker"].imagePuller === "docker provider") {
                this.pulled.push(
                    new docker.RemoteImage(`${name}-${slug}`, { name: image, keepLocally: true }, { parent: this, dependsOn: pullAfter }),
                );
            }
        }
        // One load, not one per image: each pays for the runtime checks, the node's snapshotter query and a `docker exec`
        // on CPUs busy with the nodes' start-up; here three side by side took 5-6 s after the create, one takes 3-3.5 s.
        this.load = new command.local.Command(
            `${name}-load`,
            {
                interpreter: bashInterpreter,
                create: imageLoadScript({ images: args.images, nodes: args.nodes, runtime: args.runtime, optional: args.optional }),
                // A new image (digest) or a new cluster needs loading again.
                triggers: [
                    ...(this.pulled.length > 0 ? this.pulled.flatMap((p) => [p.repoDigest, p.imageId]) : args.images),
                    args.cluster.id,
                    args.nodes.join(","),
                ],
            },
            // A runtime that pulls in the load pulls after pullAfter too.
            { parent: this, dependsOn: [...(this.pulled.length > 0 ? this.pulled : pullAfter), args.cluster] },
        );
        this.onHost = this.pulled.length > 0 ? [...this.pulled] : [this.load];
        this.registerOutputs({ images: args.images, nodes: args.nodes });
    }
}
