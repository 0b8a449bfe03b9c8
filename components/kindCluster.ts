// The kind cluster (docs/seed-lab.md §2.1) as a component: create/delete through the kind CLI, the kubeconfig as a secret, a
// Kubernetes provider for everything inside the cluster, and the node facts (docs/seed-lab.md §2.2).
import * as command from "@pulumi/command";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ClusterEpoch, NodeBoot } from "./clusterWatch";
import { NodeRuntime, PortMapping } from "../lab/configSchema";
import { bashInterpreter, kindCreateScript, kindDeleteScript, kindKubeconfigScript, nodeFactsScript } from "../host/commands";
import { KindNodeName, kindNodeNames, labClusterConfig, renderKindConfig } from "../lab/kindConfig";
import { parseNodeFacts } from "../host/nodeFacts";
import type { NodeFacts } from "../lab/stackOutputs";

export interface KindClusterArgs {
    clusterName: string;
    /** What kind runs the nodes with, and what the host scripts call (default docker). */
    runtime?: NodeRuntime;
    /** Pinned node image; undefined = the default of the installed kind. */
    nodeImage?: string;
    /** `kind create cluster --wait` duration. */
    waitTimeout: string;
    workerPortMappings: PortMapping[];
    /**
     * Images the workers get while the cluster is created, those the host has by then (host/kind-create.sh --load): the
     * ImagePreloads after the create find them there and load only the rest.
     */
    preloadImages?: string[];
}

export class KindCluster extends pulumi.ComponentResource {
    readonly clusterName: string;
    /** The rendered kind config (stack output `kindConfig`). */
    readonly kindConfig: string;
    /** Node container names, known before the cluster exists. */
    readonly nodeNames: KindNodeName[];
    /** The workers' container names: the nodes that run pods (the control plane is tainted NoSchedule). */
    readonly workers: string[];
    /** The `kind create cluster` command: depend on it to run after the cluster exists. */
    readonly cluster: command.local.Command;
    /** Secret. */
    readonly kubeconfig: pulumi.Output<string>;
    readonly provider: k8s.Provider;
    readonly nodes: pulumi.Output<NodeFacts[]>;
    /** Changes when the node runtime no longer has the cluster's node containers: the cluster command is replaced. */
    readonly epoch: ClusterEpoch;
    /** Starts stopped node containers; its `boot` changes whenever a node (re)started. */
    readonly nodeBoot: NodeBoot;
    /** Each node's container id, start time and address: name it in the triggers of what is read from a running node. */
    readonly boot: pulumi.Output<string>;

    constructor(name: string, args: KindClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kind-pause-lab:kind:KindCluster", name, {}, opts);
        const clusterConfig = labClusterConfig(args.workerPortMappings);
        this.clusterName = args.clusterName;
        this.kindConfig = renderKindConfig(clusterConfig);
        this.nodeNames = kindNodeNames(args.clusterName, clusterConfig);
        this.workers = this.nodeNames.filter((n) => n.role === "worker").map((n) => n.name);
        const watch = { clusterName: args.clusterName, runtime: args.runtime ?? "docker", nodes: this.nodeNames.map((n) => n.name) };
        this.epoch = new ClusterEpoch(`${name}-epoch`, watch, { parent: this });

        this.cluster = new command.local.Command(
            `${name}-cluster`,
            {
                interpreter: bashInterpreter,
                create: kindCreateScript({
                    clusterName: args.clusterName,
                    runtime: args.runtime,
                    waitTimeout: args.waitTimeout,
                    nodeImage: args.nodeImage,
                    hostPorts: args.workerPortMappings,
                    load: args.preloadImages && {
                        nodes: this.workers,
                        images: args.preloadImages,
                    },
                }),
                stdin: this.kindConfig,
                delete: kindDeleteScript(args.clusterName, args.runtime),
                // The triggers name what a cluster is made of (its name, the runtime that runs its nodes, its config and
                // image): a change to one replaces it, and so does a new epoch (the node runtime no longer has the
                // cluster's containers). Any other change (the wait, a new version of the command line) must not run
                // create again on the live cluster, which the command provider does when `update` is unset: the update
                // is a no-op.
                update: ":",
                triggers: [
                    args.clusterName,
                    args.runtime ?? "docker",
                    this.kindConfig,
                    args.nodeImage ?? "kind-default-image",
                    this.epoch.epoch,
                ],
            },
            // kind cannot create a second cluster of the same name (or bind the same host ports): delete first.
            { parent: this, deleteBeforeReplace: true },
        );

        this.nodeBoot = new NodeBoot(`${name}-boot`, { ...watch, cluster: this.cluster.id }, { parent: this, dependsOn: [this.cluster] });
        this.boot = this.nodeBoot.boot;

        const kubeconfigCommand = new command.local.Command(
            `${name}-kubeconfig`,
            {
                interpreter: bashInterpreter,
                create: kindKubeconfigScript(args.clusterName, args.runtime),
                // A new cluster has new certificates: re-read when the cluster command is replaced (new id); a node that
                // restarted may publish the API server elsewhere: re-read on a new boot.
                triggers: [this.cluster.id, this.boot],
                logging: "stderr",
            },
            { parent: this, dependsOn: [this.cluster, this.nodeBoot], additionalSecretOutputs: ["stdout"] },
        );
        this.kubeconfig = pulumi.secret(kubeconfigCommand.stdout);

        this.provider = new k8s.Provider(
            `${name}-provider`,
            // deleteUnreachable: a resource of a cluster deleted by hand leaves the state on destroy (Pods do; a helm Release
            // does not, hence its deletedWith on the cluster in index.ts).
            { kubeconfig: this.kubeconfig, deleteUnreachable: true },
            { parent: this },
        );

        const nodeFactsCommand = new command.local.Command(
            `${name}-nodes`,
            {
                interpreter: bashInterpreter,
                create: nodeFactsScript(args.clusterName, args.runtime),
                // restarted nodes may have new addresses
                triggers: [this.cluster.id, this.boot],
                logging: "stderr",
            },
            { parent: this, dependsOn: [this.cluster, this.nodeBoot] },
        );
        this.nodes = nodeFactsCommand.stdout.apply(parseNodeFacts);

        this.registerOutputs({
            clusterName: this.clusterName,
            kindConfig: this.kindConfig,
            kubeconfig: this.kubeconfig,
            nodes: this.nodes,
        });
    }
}
