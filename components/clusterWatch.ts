// The two resources through which the engine sees the kind cluster as it is, not as the cluster command left it: the
// command provider never reads a command back (pulumi-command#432), so without them a cluster deleted or stopped by hand
// stays "created" in the state and `pulumi up` reports success on a dead lab.
//
// - ClusterEpoch (before the cluster): its diff asks the node runtime whether the cluster's node containers exist. When
//   none or only some do, its update draws a new epoch, which the cluster command's triggers name: the cluster is
//   replaced (kind delete, then kind create) and everything made from it follows.
// - NodeBoot (after the cluster): its create and update start node containers that exist but do not run (a Docker
//   restart that did not bring them back), and its `boot` output names each node's container id, start time and
//   address. Whatever is read from a running node (kubeconfig, node facts, the namespace probes) names `boot` in its
//   triggers, so a restart makes them be read again.
//
// Both look on every `pulumi up` and `pulumi preview` (their diff), so `pulumi up` converges with or without --refresh.
// They are dynamic resources (their providers' text cached: components/cachedDynamicResource.ts): the provider's
// methods run in the engine's pulumi-nodejs provider process with the engine's environment (DOCKER_HOST,
// KIND_EXPERIMENTAL_PROVIDER, CONTAINERS_CONF reach them), and call the runtime by argv, with no shell
// (host/commandRunner.ts). Node's own modules are `require`d inside the methods: see README, "SWC".
import * as pulumi from "@pulumi/pulumi";
import { CachedDynamicResource } from "./cachedDynamicResource";
// captured by value into the provider's closure (the serializer carries a local module's functions): no require path
import * as clusterState from "../host/clusterState";
import type { ClusterAssessment } from "../host/clusterState";
import * as runner from "../host/commandRunner";
import { RUNTIMES } from "../host/runtimes";
import type { NodeRuntime } from "../lab/configSchema";

interface WatchInputs {
    clusterName: string;
    runtime: NodeRuntime;
    /** The node containers the cluster is made of (kindNodeNames). */
    nodes: string[];
}

/** The runtime's view of the cluster, by argv; one line naming the runtime when it does not answer. */
async function observe(inputs: WatchInputs): Promise<ClusterAssessment> {
    const seen = await clusterState.observeCluster(runner.commandRunner(), inputs.runtime, inputs.clusterName, inputs.nodes, 60_000);
    if ("failed" in seen) {
        throw new Error(
            `kind-pause-lab: cannot see kind cluster ${inputs.clusterName}: \`${seen.failed.slice(0, 3).join(" ")} ...\` failed (${runner.failureWhy(seen.result)}): start ${RUNTIMES[inputs.runtime].displayName}, then run lab up again`,
        );
    }
    return seen.assessment;
}

function sameInputs(olds: WatchInputs, news: WatchInputs): boolean {
    return olds.clusterName === news.clusterName && olds.runtime === news.runtime && olds.nodes.join(",") === news.nodes.join(",");
}

function watchInputs(o: WatchInputs): WatchInputs {
    return { clusterName: o.clusterName, runtime: o.runtime, nodes: [...o.nodes] };
}

function newEpoch(): string {
    const crypto: typeof import("crypto") = require("crypto");
    return crypto.randomUUID();
}

type EpochState = WatchInputs & { epoch: string };

export const epochProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs: WatchInputs) {
        return { id: inputs.clusterName, outs: { ...watchInputs(inputs), epoch: newEpoch() } };
    },
    async diff(_id: string, olds: EpochState, news: WatchInputs) {
        if (!sameInputs(olds, news)) return { changes: true };
        const a = await observe(news);
        return { changes: a.condition === "absent" || a.condition === "partial" };
    },
    async update(_id: string, olds: EpochState, news: WatchInputs) {
        const a = await observe(news);
        const replace = !sameInputs(olds, news) || a.condition === "absent" || a.condition === "partial";
        return { outs: { ...watchInputs(news), epoch: replace ? newEpoch() : olds.epoch } };
    },
};

export interface ClusterWatchArgs {
    clusterName: string;
    runtime: NodeRuntime;
    nodes: string[];
}

/** Changes its `epoch` when the cluster's node containers are gone (all or some): the cluster command's trigger. */
export class ClusterEpoch extends CachedDynamicResource {
    declare readonly epoch: pulumi.Output<string>;
    constructor(name: string, args: ClusterWatchArgs, opts?: pulumi.CustomResourceOptions) {
        super(epochProvider, module, "ClusterEpoch", name, { ...args, epoch: undefined }, opts);
    }
}

type BootInputs = WatchInputs & { cluster: string };
type BootState = BootInputs & { boot: string };

/** Starts stopped node containers and waits until every one runs; the assessment after. */
async function ensureRunning(inputs: BootInputs): Promise<ClusterAssessment> {
    let a = await observe(inputs);
    if (a.condition === "stopped") {
        const argv = clusterState.startNodesArgv(inputs.runtime, a.stopped);
        const r = await runner.commandRunner()(argv, 120_000);
        if (r.code !== 0) {
            throw new Error(
                `kind-pause-lab: cannot start the stopped node containers of kind cluster ${inputs.clusterName} (${argv.join(" ")}: ${runner.failureWhy(r)}): start them by hand, or run lab destroy and lab up`,
            );
        }
        for (let i = 0; i < 60 && a.condition === "stopped"; i++) {
            await new Promise((resolve) => setTimeout(resolve, 500));
            a = await observe(inputs);
        }
    }
    if (a.condition !== "running")
        throw new Error(`kind-pause-lab: ${clusterState.describeCondition(inputs.clusterName, inputs.runtime, a)}: run lab up again`);
    return a;
}

export const bootProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs: BootInputs) {
        const a = await ensureRunning(inputs);
        return { id: inputs.clusterName, outs: { ...watchInputs(inputs), cluster: inputs.cluster, boot: a.boot } };
    },
    async diff(_id: string, olds: BootState, news: BootInputs) {
        if (!sameInputs(olds, news) || olds.cluster !== news.cluster) return { changes: true };
        const a = await observe(news);
        return { changes: a.condition !== "running" || a.boot !== olds.boot };
    },
    async update(_id: string, _olds: BootState, news: BootInputs) {
        const a = await ensureRunning(news);
        return { outs: { ...watchInputs(news), cluster: news.cluster, boot: a.boot } };
    },
};

export interface NodeBootArgs extends ClusterWatchArgs {
    /** The cluster command's id: a new cluster is a new boot. */
    cluster: pulumi.Input<string>;
}

/** Starts the cluster's stopped node containers; `boot` changes whenever a node (re)started. */
export class NodeBoot extends CachedDynamicResource {
    declare readonly boot: pulumi.Output<string>;
    constructor(name: string, args: NodeBootArgs, opts?: pulumi.CustomResourceOptions) {
        super(bootProvider, module, "NodeBoot", name, { ...args, boot: undefined }, opts);
    }
}
