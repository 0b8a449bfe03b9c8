// What the namespace pictures draw, computed from one pod's report: the processes (pause and each container), every
// namespace once (type + inode), which processes are in it, and its class. Every renderer (SVG, HTML, Mermaid) and the
// picture diff read this model, so they cannot disagree about what a pod looks like. Pure: no Pulumi import.
import type { NamespaceType, PodNamespaceReport } from "../probe/types";
import { podNamespaceTypes, podVerdict } from "../outputs/verdict";

/**
 * pod: one namespace several of the pod's processes are in (pause created it, the containers joined it);
 * private: only one process is in it; host: the node's own (same inode as its PID 1).
 */
export type NamespaceClass = "pod" | "private" | "host";
export const NAMESPACE_CLASSES: readonly NamespaceClass[] = ["pod", "private", "host"];

/** The class as the pictures write it (beside the colour, so it reads without colour too). */
export const CLASS_LABELS: Record<NamespaceClass, string> = { pod: "shared in pod", private: "private", host: "host (node's)" };
/** The class in a grid cell, under the inode (a column is one cell wide; the legend gives CLASS_LABELS). */
export const CELL_LABELS: Record<NamespaceClass, string> = { pod: "shared", private: "private", host: "node's" };

export interface PictureProcess {
    /** "pause" or the container's name (the report's keys). */
    name: string;
    kind: "pause" | "container";
    pid: number;
}

export interface PictureNamespace {
    /** "net:4026532177": a namespace is its type and inode. */
    key: string;
    type: NamespaceType;
    inode: number;
    class: NamespaceClass;
    /** Names of the processes in it, pause first, then containers in report order. */
    members: string[];
    /**
     * The process whose box holds it in the Mermaid picture: pause for any namespace pause is in, else its first
     * member; none for host.
     */
    holder: string | null;
}

export interface PodPicture {
    pod: string;
    node: string;
    sandboxId: string;
    processes: PictureProcess[];
    /** The namespace types any of its processes is in, in lsns order (podNamespaceTypes): the grid's columns. */
    types: NamespaceType[];
    /** In reading order: pause's own, the shared ones, each container's own, the node's; by lsns type within each. */
    namespaces: PictureNamespace[];
    /** The verdict sentence `lab report` prints under the pod. */
    verdict: string;
}

export function namespaceKey(type: NamespaceType, inode: number): string {
    return `${type}:${inode}`;
}

export function podPicture(podName: string, pod: PodNamespaceReport): PodPicture {
    const views = [{ name: "pause", ...pod.pause }, ...Object.entries(pod.containers).map(([name, c]) => ({ name, ...c }))];
    const processes: PictureProcess[] = views.map((v, i) => ({ name: v.name, kind: i === 0 ? "pause" : "container", pid: v.pid }));
    const namespaces: PictureNamespace[] = [];
    const types = podNamespaceTypes(pod);
    for (const type of types) {
        const byInode = new Map<number, { members: string[]; host: boolean }>();
        for (const v of views) {
            const inode = v.namespaces[type];
            if (inode === undefined) continue;
            const entry = byInode.get(inode) ?? { members: [], host: false };
            entry.members.push(v.name);
            entry.host ||= v.sharing[type] === "host";
            byInode.set(inode, entry);
        }
        for (const [inode, { members, host }] of byInode) {
            namespaces.push({
                key: namespaceKey(type, inode),
                type,
                inode,
                class: host ? "host" : members.length > 1 ? "pod" : "private",
                members,
                holder: host ? null : members[0], // members start with pause when pause is in it
            });
        }
    }
    // Reading order, top to bottom: pause's own, the shared ones, each container's own, then the node's.
    const band = (n: PictureNamespace) => {
        if (n.class === "host") return processes.length + 1;
        if (n.class === "pod") return 1;
        const owner = processes.findIndex((p) => p.name === n.members[0]);
        return owner === 0 ? 0 : owner + 1;
    };
    namespaces.sort((a, b) => band(a) - band(b) || types.indexOf(a.type) - types.indexOf(b.type) || a.inode - b.inode);
    return {
        pod: podName,
        node: pod.node,
        sandboxId: pod.sandboxId,
        processes,
        types,
        namespaces,
        verdict: podVerdict(podName, pod),
    };
}

/** Every pod of a namespaceReport, in report order. */
export function reportPictures(report: Record<string, PodNamespaceReport>): PodPicture[] {
    return Object.entries(report).map(([name, pod]) => podPicture(name, pod));
}

/** The grid's texts (picture/layout.ts): a row's header, a cell, a node's namespace in the band, the band's title. */
export function rowLines(p: PictureProcess): string[] {
    return [p.name, `PID ${p.pid}`];
}

export function cellLines(n: PictureNamespace): string[] {
    return [String(n.inode), CELL_LABELS[n.class]];
}

export function nodeNamespaceLines(n: PictureNamespace): string[] {
    return [n.type, String(n.inode)];
}

export function bandLines(picture: PodPicture): string[] {
    return [`node ${picture.node}'s`, "own namespaces"];
}

/** Box texts of the Mermaid picture. */
export function processLines(p: PictureProcess): string[] {
    return [`PID ${p.pid}`];
}

export function holderTitle(p: PictureProcess): string {
    return p.kind === "pause" ? "pause (the pod's sandbox)" : `container ${p.name}`;
}

export function namespaceLines(n: PictureNamespace): string[] {
    return [`${n.type} ${n.inode}`, CLASS_LABELS[n.class]];
}

export function nodeTitle(picture: PodPicture): string {
    return `node ${picture.node}`;
}

export function podTitle(picture: PodPicture): string {
    return `pod ${picture.pod} · sandbox ${picture.sandboxId.slice(0, 12)}`;
}
