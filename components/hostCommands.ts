// Every piece of shell text the stack runs on the user's machine: kind and docker commands, the preflight checks and
// the probe transport. Pure (no Pulumi import). Every value that reaches a shell is validated here and quoted with
// shellQuote, so a config value can never become shell syntax. Scripts run under bash (`bashInterpreter`): bash is on
// every macOS and Linux laptop (macOS ships 3.2), and its /dev/tcp is the port test that needs no extra tool.
import { formatPortMapping, isDnsLabel, isGoDuration, isImageReference, PortMapping } from "./configSchema";

/** local.Command interpreter for the scripts below (found on PATH: /bin/bash is absent on e.g. NixOS). */
export const bashInterpreter = ["bash", "-c"];

/** Prefix of every failure line the scripts print, so users can tell the stack's messages from tool noise. */
export const MESSAGE_PREFIX = "kind-pause-lab:";

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

// Shared helpers at the top of every script: `fail FORMAT ARGS...` prints one line and exits 1. Values reach the
// messages as printf arguments, never inside the format.
const SCRIPT_HEADER = `set -u
fail() { fmt=$1; shift; printf "${MESSAGE_PREFIX} $fmt\\n" "$@" >&2; exit 1; }`;

const REQUIRE_DOCKER = `command -v docker >/dev/null 2>&1 || fail 'the docker CLI is not on PATH: install Docker Desktop (macOS) or Docker Engine (Linux)'
docker info >/dev/null 2>&1 </dev/null || fail 'the Docker daemon is not reachable (docker info failed): start Docker Desktop or the docker service, then retry'`;

const REQUIRE_KIND = `command -v kind >/dev/null 2>&1 || fail 'kind is not installed or not on PATH: see https://kind.sigs.k8s.io/docs/user/quick-start/#installation'`;

export interface KindCreateOptions {
    clusterName: string;
    waitTimeout: string;
    nodeImage?: string;
    /** Host ports the cluster will publish; each must be free before kind tries to bind it. */
    hostPorts: PortMapping[];
}

/**
 * A marker file per cluster name, present while `kind create cluster` runs under this script: when the create is
 * interrupted (Ctrl-C on `pulumi up`, a killed process), the half-made cluster is not in the stack's state, and the
 * marker tells the next create that this cluster is the stack's own leftover, not a user's cluster.
 */
const CREATE_MARKER_DIR = '"${XDG_STATE_HOME:-${HOME:-/tmp}/.local/state}/kind-pause-lab"';

function createMarker(quotedName: string): string {
    return `${CREATE_MARKER_DIR}/creating-${quotedName}`;
}

/**
 * Preflight + `kind create cluster`, the rendered kind config arriving on stdin (`--config -`). Every check reads
 * /dev/null so none of them can swallow the config. The cluster-exists check runs only here, at create time: a
 * cluster of that name at this point was not made by this stack (kind deletes a cluster whose create failed), unless
 * this script's marker says an earlier create was interrupted; that leftover is deleted and created anew.
 */
export function kindCreateScript(options: KindCreateOptions): string {
    const name = shellQuote(requireClusterName(options.clusterName));
    if (!isGoDuration(options.waitTimeout)) {
        throw new Error(`not a Go duration: ${JSON.stringify(options.waitTimeout)}`);
    }
    // kind's own default is no wait; the flag appears only when there is something to wait for.
    const wait = /[1-9]/.test(options.waitTimeout) ? ` --wait ${options.waitTimeout}` : "";
    const image = options.nodeImage !== undefined ? ` --image ${shellQuote(requireImage(options.nodeImage))}` : "";
    const portChecks = options.hostPorts.map((m) => {
        const address = m.listenAddress === undefined || m.listenAddress === "0.0.0.0" ? "127.0.0.1" : m.listenAddress;
        if (!/^[0-9.]+$/.test(address)) throw new Error(`not an IPv4 address: ${JSON.stringify(address)}`);
        return `check_host_port ${m.hostPort} ${m.protocol.toLowerCase()} ${shellQuote(address)} ${shellQuote(formatPortMapping(m))}`;
    });
    return `${SCRIPT_HEADER}
${REQUIRE_DOCKER}
${REQUIRE_KIND}
marker=${createMarker(name)}
if kind get clusters 2>/dev/null </dev/null | grep -qxF -- ${name}; then
    if [ ! -f "$marker" ]; then
        fail 'a kind cluster named %s already exists outside this stack: delete it with "kind delete cluster --name %s" or choose another name with "pulumi config set kind-pause-lab:clusterName NAME"' ${name} ${name}
    fi
    printf '${MESSAGE_PREFIX} deleting cluster %s left by an interrupted create\n' ${name} >&2
    kind delete cluster --name ${name} </dev/null >&2 || fail 'cannot delete cluster %s left by an interrupted create: run "kind delete cluster --name %s"' ${name} ${name}
fi
check_host_port() {
    # check_host_port PORT PROTO ADDRESS SPEC: a container publishing it (docker ps), then any other listener (TCP connect).
    holder=$(docker ps --filter "publish=$1/$2" --format '{{.Names}}' </dev/null 2>/dev/null | head -n 1)
    if [ -n "$holder" ]; then
        fail 'host port %s/%s (workerPortMappings "%s") is already published by container %s: stop it with "docker stop %s" or change kind-pause-lab:workerPortMappings' "$1" "$2" "$4" "$holder" "$holder"
    fi
    if [ "$2" = tcp ] && (exec 3<>"/dev/tcp/$3/$1") 2>/dev/null </dev/null; then
        fail 'host port %s/tcp on %s (workerPortMappings "%s") is already in use by another program ("lsof -nP -iTCP:%s -sTCP:LISTEN" shows which): free it or change kind-pause-lab:workerPortMappings' "$1" "$3" "$4" "$1"
    fi
}
${portChecks.join("\n")}
mkdir -p ${CREATE_MARKER_DIR} && : >"$marker" || fail 'cannot write %s' "$marker"
kind create cluster --name ${name} --config -${wait}${image} || {
    status=$?
    docker info >/dev/null 2>&1 </dev/null || fail 'the Docker daemon stopped while kind was creating cluster %s: start Docker again, then run "pulumi up" again (it deletes the half-made cluster and creates it anew)' ${name}
    exit "$status"
}
rm -f "$marker"`;
}

/** `kind delete cluster` succeeds when the cluster is already gone, so destroy completes after a manual delete. */
export function kindDeleteScript(clusterName: string): string {
    return `${SCRIPT_HEADER}
${REQUIRE_KIND}
kind delete cluster --name ${shellQuote(requireClusterName(clusterName))} || exit
rm -f ${createMarker(shellQuote(requireClusterName(clusterName)))}`;
}

/** Prints the cluster's kubeconfig (host endpoint). Its stdout is a secret: callers must not log it. */
export function kindKubeconfigScript(clusterName: string): string {
    const name = shellQuote(requireClusterName(clusterName));
    return `${SCRIPT_HEADER}
${REQUIRE_KIND}
kind get kubeconfig --name ${name} </dev/null || fail 'cannot read the kubeconfig of kind cluster %s (was it deleted outside Pulumi? run "pulumi refresh")' ${name}`;
}

/** `docker inspect` JSON of the cluster's node containers (parsed by nodeFacts.ts). */
export function nodeFactsScript(clusterName: string): string {
    const name = shellQuote(requireClusterName(clusterName));
    // ids are docker's hex container ids: word splitting them into arguments is intended.
    return `${SCRIPT_HEADER}
${REQUIRE_DOCKER}
ids=$(docker ps -q --filter label=io.x-k8s.kind.cluster=${name} </dev/null) || fail 'docker ps failed while listing the nodes of kind cluster %s' ${name}
[ -n "$ids" ] || fail 'no running node containers found for kind cluster %s (docker ps --filter label=io.x-k8s.kind.cluster=%s)' ${name} ${name}
docker inspect $ids </dev/null`;
}

export interface ImageLoadOptions {
    image: string;
    /** Node containers to load into (= node names). */
    nodes: string[];
}

/**
 * Loads a host image into kind nodes without `kind load docker-image`. That command imports with
 * `ctr images import --all-platforms`, which fails ("content digest ... not found") when Docker Desktop's
 * containerd image store exports a multi-platform index whose other platforms were never pulled
 * (kubernetes-sigs/kind#3795, #4224). Here `docker image save --platform <daemon platform>` (Docker >= 28;
 * older engines save one platform anyway) writes only the node's platform, and `ctr images import` without
 * --all-platforms unpacks only that platform, so missing foreign-platform blobs are never needed.
 */
export function imageLoadScript(options: ImageLoadOptions): string {
    const image = shellQuote(requireImage(options.image));
    if (options.nodes.length === 0) throw new Error("imageLoadScript: no nodes to load into");
    const nodes = options.nodes.map((node) => shellQuote(requireNodeName(node))).join(" ");
    const howToSkip = "to skip preloading: pulumi config set kind-pause-lab:preloadImages false";
    return `${SCRIPT_HEADER}
set -o pipefail
${REQUIRE_DOCKER}
platform=$(docker version --format '{{.Server.Os}}/{{.Server.Arch}}' </dev/null) || fail 'image preload: cannot read the Docker daemon platform (docker version); ${howToSkip}'
save_flags=""
if docker image save --help </dev/null 2>/dev/null | grep -q -- '--platform'; then save_flags="--platform=$platform"; fi
for node in ${nodes}; do
    # $save_flags is empty or one word without spaces.
    if ! docker image save $save_flags ${image} </dev/null | docker exec -i "$node" ctr --namespace=k8s.io images import --digests --snapshotter=overlayfs -; then
        fail 'image preload: loading %s (%s) into node %s failed (docker image save | ctr images import, output above); ${howToSkip}' ${image} "$platform" "$node"
    fi
done
printf 'loaded %s (%s) into %s\\n' ${image} "$platform" ${shellQuote(options.nodes.join(","))}`;
}

/** How the probe script reaches the node: kind's node container, or this machine (runtime/engine tests). */
export type ProbeTransport =
    | { kind: "dockerExec" }
    | { kind: "local"; /** Extra environment, e.g. CONTAINER_RUNTIME_ENDPOINT for a test containerd. */ environment?: Record<string, string> };

/** The command that runs node-probe.sh (arriving on stdin) for one pod. */
export function probeCommand(transport: ProbeTransport, nodeName: string, podUid: string): string {
    const uid = shellQuote(requirePodUid(podUid));
    if (transport.kind === "local") return `sh -s -- ${uid}`;
    return `docker exec -i ${shellQuote(requireNodeName(nodeName))} sh -s -- ${uid}`;
}
