// The lab's pods as kubelet hands them to the runtime (from lab/pods.ts), and what the harness reports of them.
import { EXPERIMENTS } from "../../../lab/configSchema";
import { labPodManifests, PodManifest } from "../../../lab/pods";

export interface ContainerSpec {
    name: string;
    image: "nginx" | "netshoot";
    command?: string[];
    args?: string[];
    ports?: number[];
}

export interface PodSpec {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    /** CRI namespace_options.pid = POD (0) instead of CONTAINER (1): Kubernetes' shareProcessNamespace. */
    sharePid?: boolean;
    /** CRI namespace_options.network = NODE (2): Kubernetes' hostNetwork. */
    hostNetwork?: boolean;
    /** CRI namespace_options.ipc = NODE (2): Kubernetes' hostIPC. */
    hostIPC?: boolean;
    containers: ContainerSpec[];
}

/** The local stand-in image of each image the program's pods use (scripts/runtime/setup.sh builds them). */
const STANDIN_IMAGES: Record<string, ContainerSpec["image"]> = { "nginx:alpine": "nginx", nginx: "nginx", "nicolaka/netshoot": "netshoot" };

/**
 * A program pod (lab/pods.ts) as kubelet would hand it to the runtime here: names, namespace options,
 * containers and ports as declared; images are the local stand-ins, whose busybox has sh and wget where the seed's
 * netshoot has bash and curl, so the sidecar's loop is given in those words.
 */
function fromProgram(manifest: PodManifest): PodSpec {
    return {
        name: manifest.metadata.name,
        namespace: manifest.metadata.namespace,
        sharePid: manifest.spec.shareProcessNamespace,
        hostNetwork: manifest.spec.hostNetwork,
        hostIPC: manifest.spec.hostIPC,
        containers: manifest.spec.containers.map((c) => {
            const image = STANDIN_IMAGES[c.image];
            if (!image) throw new Error(`no local stand-in for image ${c.image}`);
            return {
                name: c.name,
                image,
                ...(c.ports ? { ports: c.ports.map((p) => p.containerPort) } : {}),
                ...(c.command ? { command: c.command.map((a) => a.replace(/^\/bin\/bash$/, "/bin/sh")) } : {}),
                ...(c.args ? { args: c.args.map((a) => a.replace(/\bcurl (\S+)/, "wget -q -O- http://$1")) } : {}),
            };
        }),
    };
}

/** The program's pod of that name (with every experiment, so the variants exist). */
function programPod(name: string): PodSpec {
    const manifest = labPodManifests(EXPERIMENTS, false).find((m) => m.metadata.name === name);
    if (!manifest) throw new Error(`the program declares no pod ${name}`);
    return fromProgram(manifest);
}

/** The lab's pods and the experiment variants: the program's own declarations, run by the local runtime. */
export const LAB_PODS = {
    myweb: (): PodSpec => programPod("myweb"),
    myweb2: (): PodSpec => programPod("myweb2"),
    myweb2SharedPid: (): PodSpec => programPod("myweb2-sharedpid"),
    myweb2HostNetwork: (): PodSpec => programPod("myweb2-hostnetwork"),
    myweb2HostIpc: (): PodSpec => programPod("myweb2-hostipc"),
};

export interface RunningContainer {
    name: string;
    id: string;
    pid: number;
}

export interface RunningPod {
    spec: PodSpec;
    uid: string;
    sandboxId: string;
    pausePid: number;
    /** The CNI address from the sandbox status; empty for a host-network pod (CRI reports none). */
    ip: string;
    /** /var/run/netns/cni-… bind mount of the pod's network namespace (null for host network). */
    netnsPath: string | null;
    containers: RunningContainer[];
}

/** CRI's NamespaceMode enum (api.proto): POD is 0, so an empty namespace_options means pid shared with the pod. */
export const NAMESPACE_MODE = { POD: 0, CONTAINER: 1, NODE: 2 } as const;
