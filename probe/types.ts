// The namespace report: the contract between the probe core, the stack outputs
// (`namespaceReport`), `lab report` and `lab diff`. Pure types, no Pulumi import.

/** Namespace types as lsns names them (crictl's "network"/"mount" are normalised to net/mnt). */
export const NAMESPACE_TYPES = ["net", "ipc", "uts", "mnt", "pid", "cgroup", "user", "time"] as const;
export type NamespaceType = (typeof NAMESPACE_TYPES)[number];

/**
 * "host": same inode as the node's PID 1 (checked first: a hostNetwork pod shares net with pause AND host);
 * "pod": same inode as the pod's pause (sandbox) process;
 * "private": neither.
 */
export type Sharing = "pod" | "private" | "host";

/** Namespace inode numbers by type, e.g. { net: 4026532181 }. */
export type NamespaceInodes = Partial<Record<NamespaceType, number>>;

export interface PauseNamespaceReport {
    pid: number;
    namespaces: NamespaceInodes;
    /** pause against the node's PID 1: "host" or "private" (never "pod"). */
    sharing: Partial<Record<NamespaceType, Sharing>>;
    /** Addresses seen in pause's net namespace, "IFNAME ADDRESS/PREFIX", sorted. */
    addresses: string[];
}

export interface ContainerNamespaceReport {
    id: string;
    pid: number;
    namespaces: NamespaceInodes;
    sharing: Partial<Record<NamespaceType, Sharing>>;
    /** Addresses seen in the container's net namespace, "IFNAME ADDRESS/PREFIX", sorted. */
    addresses: string[];
}

export interface PodNamespaceReport {
    node: string;
    sandboxId: string;
    pause: PauseNamespaceReport;
    containers: Record<string, ContainerNamespaceReport>;
    /** crictl's runtime spec (joined /proc/<pausePID>/ns/... paths, own namespaces) agrees with the kernel's inodes. */
    consistent: boolean;
    /** One sentence per disagreement found; empty when consistent. */
    inconsistencies: string[];
}

/** Stack output `namespaceReport`: pod name → report. */
export type NamespaceReport = Record<string, PodNamespaceReport>;
