// What the tour knows before it runs a step: the stack's record (outputs) and the live cluster (the lab pods as the
// API server and the node's runtime see them now, and the worker's processes), side by side. cli/tour.ts gathers
// them; the steps and the checks only read them. Pure: no Pulumi import.
import { labPodManifests } from "../lab/pods";
import type { NodeRuntime } from "../lab/configSchema";
import type { NodeFacts, PodFacts } from "../lab/stackOutputs";
import type { NamespaceType, PodNamespaceReport } from "../probe/types";
import { NamespaceClass, namespaceKey, podPicture } from "../picture/model";
import type { PsProcess } from "./psTree";

export interface LivePod {
    uid: string;
    node: string;
    podIP: string;
    /** READY as kubectl prints it: "2/2". */
    ready: string;
    /** The probe's report now (probe/node-probe.sh on the pod's node, analysed as the stack does). */
    report: PodNamespaceReport;
    /** container name → raw `crictl inspect` JSON, from the same probe. */
    inspect: Record<string, string>;
}

export interface TourPod {
    name: string;
    /** What the stack recorded (outputs `pods` and `namespaceReport`). */
    stack: PodFacts;
    stackReport?: PodNamespaceReport;
    /** The pod now; undefined when it does not run (then `liveError` says why). */
    live?: LivePod;
    liveError?: string;
}

export interface TourFacts {
    clusterName: string;
    runtime: NodeRuntime;
    controlPlane: string;
    /** The node the write-up works on (`docker exec -it myk8s-worker bash`): the lab pods' node. */
    worker: string;
    stackNodes: NodeFacts[];
    kubeOpsView: { url: string; namespace: string };
    /** The lab pods the stack made, in lab/pods.ts order. */
    pods: TourPod[];
    /** The worker's processes now (ps). */
    ps: PsProcess[];
}

/** The write-up's two pods and containers, named by lab/pods.ts (the one place they are declared). */
export const SEED = (() => {
    const [myweb, myweb2] = labPodManifests([], false);
    return {
        myweb: myweb.metadata.name!,
        mywebApp: myweb.spec.containers[0].name,
        myweb2: myweb2.metadata.name!,
        nginx: myweb2.spec.containers[0].name,
        netshoot: myweb2.spec.containers[1].name,
    };
})();

export function tourPod(f: TourFacts, name: string): TourPod | undefined {
    return f.pods.find((p) => p.name === name);
}

/** The pod's sandbox changed since the stack recorded it (the pod was replaced, or the node restarted). */
export function isStale(p: TourPod): boolean {
    return p.live !== undefined && p.stackReport !== undefined && p.stackReport.sandboxId !== p.live.report.sandboxId;
}

export type ProcessRole =
    | { kind: "pause"; pod: string }
    | { kind: "container"; pod: string; container: string }
    /** a process under a container's process: nginx's workers, the netshoot loop's sleep and curl */
    | { kind: "child"; pod: string; container: string; comm: string }
    | { kind: "other"; comm: string }
    | { kind: "absent" };

/** The lab pods' own processes: a pod's pause or a container's first process (what the probe reported). */
function labProcessRole(f: TourFacts, pid: number): ProcessRole | undefined {
    for (const p of f.pods) {
        const r = p.live?.report;
        if (!r) continue;
        if (r.pause.pid === pid) return { kind: "pause", pod: p.name };
        for (const [container, c] of Object.entries(r.containers)) if (c.pid === pid) return { kind: "container", pod: p.name, container };
    }
    return undefined;
}

/** What a PID on the worker is, for the marks and the hints. */
export function processRole(f: TourFacts, pid: number): ProcessRole {
    const own = labProcessRole(f, pid);
    if (own) return own;
    const byPid = new Map(f.ps.map((x) => [x.pid, x]));
    const proc = byPid.get(pid);
    if (!proc) return { kind: "absent" };
    // under a container's process (nginx's workers, the loop's sleep and curl): the nearest such ancestor
    for (let up = byPid.get(proc.ppid); up && up.pid !== up.ppid; up = byPid.get(up.ppid)) {
        const role = labProcessRole(f, up.pid);
        if (role?.kind === "container") return { kind: "child", pod: role.pod, container: role.container, comm: proc.comm };
        if (role) break;
    }
    return { kind: "other", comm: proc.comm };
}

/**
 * The class of each namespace of a pod's processes, keyed "TYPE:INODE" (picture/model.ts namespaceKey), as the
 * pictures draw it: the node's, shared by several of the pod's processes (pause's), or one process's own.
 */
export function namespaceClasses(pod: PodNamespaceReport): Map<string, NamespaceClass> {
    return new Map(podPicture("", pod).namespaces.map((n) => [n.key, n.class]));
}

/** One namespace inode of a pod's processes, classed as its picture classes it; undefined when none of them has it. */
export function classifyInode(pod: PodNamespaceReport, type: NamespaceType, inode: number): NamespaceClass | undefined {
    return namespaceClasses(pod).get(namespaceKey(type, inode));
}
