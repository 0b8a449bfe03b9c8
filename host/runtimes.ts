// The node runtimes kind can run the nodes with, one row each: everything the stack, its host scripts and `lab` do
// differently on docker, podman and nerdctl is read from here (the CLI's name is the runtime's own, and kind's
// KIND_EXPERIMENTAL_PROVIDER names it). The host scripts get their row's flags on the command line (host/commands.ts).
import type { NodeRuntime } from "../lab/configSchema";

export interface RuntimeTraits {
    /** Its name where the user is told to start it: Docker's daemon is "Docker", the others go by their CLI. */
    displayName: string;
    /** What answers for it, as the preflight lists what is missing. */
    service: string;
    /**
     * `info --format`: the server's version | the memory its containers get (Docker Desktop's VM, not the laptop's) |
     * podman's network backend, OCI runtime, cgroup version and whether the service is remote (preflight's checks).
     */
    infoFormat: string;
    /**
     * Who pulls the pod images on the host: the Pulumi docker provider (RemoteImage, its digest in the state) for
     * Docker, which it speaks to; image-load.sh (`--pull`) for the others.
     */
    imagePuller: "docker provider" | "load script";
    /** `image save` flags for one archive of several images: podman reads further names as more tags of the first. */
    saveFlags: readonly string[];
    /**
     * Whether `image save` writes only the daemon's own platform (`--platform`, Docker >= 28), so `ctr images import`
     * never needs blobs of platforms Docker Desktop's containerd store never pulled (image-load.sh says more).
     */
    savesDaemonPlatform: boolean;
}

export const RUNTIMES: Record<NodeRuntime, RuntimeTraits> = {
    docker: {
        displayName: "Docker",
        service: "Docker daemon",
        infoFormat: "{{.ServerVersion}}|{{.MemTotal}}",
        imagePuller: "docker provider",
        saveFlags: [],
        savesDaemonPlatform: true,
    },
    podman: {
        displayName: "podman",
        service: "podman service",
        infoFormat:
            "{{.Version.Version}}|{{.Host.MemTotal}}|{{.Host.NetworkBackend}}|{{.Host.OCIRuntime.Name}}|{{.Host.CgroupsVersion}}|{{.Host.ServiceIsRemote}}",
        imagePuller: "load script",
        saveFlags: ["--multi-image-archive"],
        savesDaemonPlatform: false,
    },
    nerdctl: {
        displayName: "nerdctl",
        service: "containerd (nerdctl)",
        infoFormat: "{{.ServerVersion}}|{{.MemTotal}}",
        imagePuller: "load script",
        saveFlags: [],
        savesDaemonPlatform: false,
    },
};
