// Every command the stack runs on the user's machine: one short line each, running a host script
// (host/*.sh: kind and docker commands, the preflight checks) or the probe transport. Pure (no Pulumi import). Every value that
// reaches a shell is validated here and quoted with shellQuote, so a config value can never become shell syntax.
// Scripts run under bash (`bashInterpreter`): bash is on every macOS and Linux laptop (macOS ships 3.2), and its
// /dev/tcp is the port test that needs no extra tool.
import {
    formatPortMapping,
    isDnsLabel,
    isGoDuration,
    isImageReference,
    isNodeRuntime,
    NODE_RUNTIME_ENV,
    NodeRuntime,
    PortMapping,
} from "../lab/configSchema";
import { RUNTIMES } from "./runtimes";

/** local.Command interpreter for the scripts below (found on PATH: /bin/bash is absent on e.g. NixOS). */
export const bashInterpreter = ["bash", "-c"];

/** POSIX single-quoting: the result is one literal shell word whatever the input holds. */
export function shellQuote(value: string): string {
    if (value.includes("\0")) throw new Error(`cannot pass a NUL byte to a shell: ${JSON.stringify(value)}`);
    return `'${value.replace(/'/g, `'\\''`)}'`;
}

function requireClusterName(name: string): string {
    if (!isDnsLabel(name)) throw new Error(`kind cluster name must be a DNS label, got ${JSON.stringify(name)}`);
    return name;
}

function requireImage(image: string): string {
    if (!isImageReference(image)) throw new Error(`not an image reference (spaces or shell metacharacters?): ${JSON.stringify(image)}`);
    return image;
}

/** The runtime's CLI name reaches a command line bare: only the known ones. */
function requireNodeRuntime(runtime: NodeRuntime): NodeRuntime {
    if (!isNodeRuntime(runtime)) throw new Error(`not a node runtime: ${JSON.stringify(runtime)}`);
    return runtime;
}

/** Kubernetes node names (= kind node container names): DNS subdomains. */
export function requireNodeName(name: string): string {
    if (name.length > 253 || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) {
        throw new Error(`not a Kubernetes node name: ${JSON.stringify(name)}`);
    }
    return name;
}

/** Pod UIDs are RFC 4122 UUIDs; the probe script accepts letters, digits and dashes. */
export function requirePodUid(uid: string): string {
    if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(uid)) throw new Error(`not a pod UID: ${JSON.stringify(uid)}`);
    return uid;
}

/**
 * The host scripts (host/*.sh, shellcheck'd). Each resource's command is one short line running one of them
 * with quoted arguments, so a failure reads as the script's one line plus that command. The path is relative: the
 * Pulumi engine starts providers in the project root (its plugin context's pwd), and a relative path keeps working
 * when the checkout moves, which a destroy needs.
 */
export const HOST_SCRIPTS_DIR = "host";

/**
 * A regular expression source matching where a command line runs host script `script` ("…host/kind-create.sh"), so
 * the policy pack recognises the stack's commands from the same name the commands are built with.
 */
export function hostScriptPattern(script: string): string {
    const path = `${HOST_SCRIPTS_DIR.split("/").pop()}/${script}`;
    return `(?:^|[\\s/])${path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\b`;
}

/**
 * One command line. A node runtime other than docker goes first, as kind's own environment variable: kind and every
 * host script read KIND_EXPERIMENTAL_PROVIDER, so the runtime shows in the command a failure prints.
 */
function hostScript(script: string, args: string[], runtime: NodeRuntime = "docker"): string {
    const env = requireNodeRuntime(runtime) === "docker" ? [] : [`${NODE_RUNTIME_ENV}=${runtime}`];
    return [...env, `bash ${HOST_SCRIPTS_DIR}/${script}`, ...args.map(shellQuote)].join(" ");
}

export interface KindCreateOptions {
    clusterName: string;
    /** The node runtime (default docker). */
    runtime?: NodeRuntime;
    waitTimeout: string;
    nodeImage?: string;
    /** Host ports the cluster will publish; each must be free before kind tries to bind it. */
    hostPorts: PortMapping[];
    /**
     * Images to load into these nodes while kind creates the cluster, those the host has by then (host/kind-create.sh
     * --load): the preload after the create then finds them there.
     */
    load?: { nodes: string[]; images: string[] };
}

/** Preflight + `kind create cluster`, the rendered kind config arriving on stdin (host/kind-create.sh). */
export function kindCreateScript(options: KindCreateOptions): string {
    const name = requireClusterName(options.clusterName);
    if (!isGoDuration(options.waitTimeout)) {
        throw new Error(`not a Go duration: ${JSON.stringify(options.waitTimeout)}`);
    }
    const image = options.nodeImage !== undefined ? requireImage(options.nodeImage) : "";
    const load =
        options.load && options.load.images.length > 0 && options.load.nodes.length > 0
            ? [
                  "--load",
                  options.load.nodes.map(requireNodeName).join(","),
                  ...options.load.images.flatMap((i) => ["--load-image", requireImage(i)]),
                  ...imageSaveFlags(options.runtime).flatMap((flag) => ["--load-flag", flag]),
              ]
            : [];
    return hostScript("kind-create.sh", [...load, name, options.waitTimeout, image, ...portArgs(options.hostPorts)], options.runtime);
}

/** HOST_PORT PROTO ADDRESS SPEC per mapping, as lib.sh's port_problem takes them (0.0.0.0 is checked on 127.0.0.1). */
function portArgs(hostPorts: PortMapping[]): string[] {
    return hostPorts.flatMap((m) => {
        const address = m.listenAddress === undefined || m.listenAddress === "0.0.0.0" ? "127.0.0.1" : m.listenAddress;
        if (!/^[0-9.]+$/.test(address)) throw new Error(`not an IPv4 address: ${JSON.stringify(address)}`);
        return [String(m.hostPort), m.protocol.toLowerCase(), address, formatPortMapping(m)];
    });
}

/** The create script's port check alone (host/check-ports.sh), for `lab up`'s preflight: one line per taken port. */
export function checkPortsScript(hostPorts: PortMapping[], runtime?: NodeRuntime): string {
    return hostScript("check-ports.sh", portArgs(hostPorts), runtime);
}

/** How host/lib.sh's require_runtime exits when the node runtime is not there: its one line says which and the fix. */
export const RUNTIME_EXIT = { notInstalled: 3, notAnswering: 4 } as const;

/**
 * The node runtime's `info --format` (host/runtime-info.sh), once the scripts' own check (lib.sh's require_runtime)
 * found it installed and answering: `lab up`'s preflight asks the runtime through it, so both say the same line.
 */
export function runtimeInfoScript(runtime: NodeRuntime = "docker"): string {
    return hostScript("runtime-info.sh", [RUNTIMES[requireNodeRuntime(runtime)].infoFormat], runtime);
}

/** `kind delete cluster` (succeeds when the cluster is already gone) and the interrupted-create marker. */
export function kindDeleteScript(clusterName: string, runtime?: NodeRuntime): string {
    return hostScript("kind-delete.sh", [requireClusterName(clusterName)], runtime);
}

/** Prints the cluster's kubeconfig (host endpoint). Its stdout is a secret: callers must not log it. */
export function kindKubeconfigScript(clusterName: string, runtime?: NodeRuntime): string {
    return hostScript("kind-kubeconfig.sh", [requireClusterName(clusterName)], runtime);
}

/** The node runtime's `inspect` JSON of the cluster's node containers (parsed by nodeFacts.ts). */
export function nodeFactsScript(clusterName: string, runtime?: NodeRuntime): string {
    return hostScript("node-facts.sh", [requireClusterName(clusterName)], runtime);
}

export interface ImageLoadOptions {
    images: string[];
    /** Node containers to load into (= node names). */
    nodes: string[];
    /** The node runtime (default docker). */
    runtime?: NodeRuntime;
    /**
     * Pulled here, whatever the runtime, and an image the host cannot pull is left to the node with one line instead
     * of failing (kube-ops-view's: the node's own pull error is what the lab explains).
     */
    optional?: boolean;
}

/** image-load.sh's flags for how the node runtime saves images (its row in host/runtimes.ts). */
function imageSaveFlags(runtime: NodeRuntime = "docker"): string[] {
    const row = RUNTIMES[requireNodeRuntime(runtime)];
    return [...(row.savesDaemonPlatform ? ["--save-platform"] : []), ...row.saveFlags.flatMap((flag) => ["--save-flag", flag])];
}

/**
 * Loads host images into kind nodes, one archive per node for all of them (host/image-load.sh says why not
 * `kind load docker-image`).
 */
export function imageLoadScript(options: ImageLoadOptions): string {
    if (options.images.length === 0) throw new Error("imageLoadScript: no images to load");
    if (options.nodes.length === 0) throw new Error("imageLoadScript: no nodes to load into");
    const runtime = RUNTIMES[requireNodeRuntime(options.runtime ?? "docker")];
    const flags = [
        ...(runtime.imagePuller === "load script" || options.optional ? ["--pull"] : []),
        ...(options.optional ? ["--optional"] : []),
        ...imageSaveFlags(options.runtime),
    ];
    return hostScript(
        "image-load.sh",
        [...flags, options.nodes.map(requireNodeName).join(","), ...options.images.map(requireImage)],
        options.runtime,
    );
}

/** How the probe script reaches the node: kind's node container, or this machine (runtime/engine tests). */
export type ProbeTransport =
    | { kind: "nodeExec"; /** The node runtime whose `exec` reaches the node container. */ runtime: NodeRuntime }
    | {
          kind: "local";
          /** Extra environment, e.g. CONTAINER_RUNTIME_ENDPOINT for a test containerd. */ environment?: Record<string, string>;
      };

/**
 * The command that runs node-probe.sh (arriving on stdin) for one pod. With `containers` (how many the pod runs), the
 * probe waits for the pod to run them all: after its node restarted, the kubelet starts them again one by one.
 */
export function probeCommand(transport: ProbeTransport, nodeName: string, podUid: string, containers?: number): string {
    if (containers !== undefined && !(Number.isInteger(containers) && containers > 0)) {
        throw new Error(`not a number of containers: ${JSON.stringify(containers)}`);
    }
    const args = [shellQuote(requirePodUid(podUid)), ...(containers === undefined ? [] : [shellQuote(String(containers))])].join(" ");
    if (transport.kind === "local") return `sh -s -- ${args}`;
    return `${requireNodeRuntime(transport.runtime)} exec -i ${shellQuote(requireNodeName(nodeName))} sh -s -- ${args}`;
}
