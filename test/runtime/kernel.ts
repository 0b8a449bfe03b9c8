// The kernel's own answer, read from Node without the probe or its parsers: what the runtime tests hold the
// probe's report against, so a wrong parser or a wrong probe cannot agree with itself and pass.
import * as fs from "fs";
import { NAMESPACE_TYPES, NamespaceInodes, NamespaceType, Sharing } from "../../probe/types";

/** `readlink /proc/PID/ns/TYPE` for every type the kernel shows, e.g. { net: 4026532181, ... }. */
export function kernelNamespaces(pid: number): NamespaceInodes {
    if (!Number.isInteger(pid) || pid <= 0) throw new Error(`not a PID: ${pid}`);
    const inodes: NamespaceInodes = {};
    for (const type of NAMESPACE_TYPES) {
        let target: string;
        try {
            target = fs.readlinkSync(`/proc/${pid}/ns/${type}`);
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === "ENOENT" && fs.existsSync(`/proc/${pid}`)) continue; // kernel without it
            throw error;
        }
        const match = /^([a-z]+):\[(\d+)\]$/.exec(target);
        if (!match || match[1] !== type) throw new Error(`/proc/${pid}/ns/${type} -> ${target}`);
        inodes[type] = Number(match[2]);
    }
    return inodes;
}

/** The raw `NAME LINK` lines the probe's nslinks section must hold for a PID (every entry of /proc/PID/ns). */
export function kernelNsLinkLines(pid: number): string[] {
    return fs
        .readdirSync(`/proc/${pid}/ns`)
        .map((name) => `${name} ${fs.readlinkSync(`/proc/${pid}/ns/${name}`)}`)
        .sort();
}

/**
 * The node's reference process, as the probe chooses it: PID 1 when its namespaces are readable, else the probe's
 * own shell — a child of this Node process, so Node's own namespaces are the same ones.
 */
export function hostReference(): { source: "pid1" | "probe-shell"; namespaces: NamespaceInodes } {
    try {
        fs.readlinkSync("/proc/1/ns/net");
        return { source: "pid1", namespaces: kernelNamespaces(1) };
    } catch {
        return { source: "probe-shell", namespaces: kernelNamespaces(process.pid) };
    }
}

/** The verdicts docs and types.ts define: "host" (same inode as the node) before "pod" (same as pause) before "private". */
export function expectedSharing(
    inodes: NamespaceInodes,
    host: NamespaceInodes,
    pause: NamespaceInodes | null,
): Partial<Record<NamespaceType, Sharing>> {
    const out: Partial<Record<NamespaceType, Sharing>> = {};
    for (const type of NAMESPACE_TYPES) {
        const inode = inodes[type];
        if (inode === undefined) continue;
        out[type] = inode === host[type] ? "host" : pause !== null && inode === pause[type] ? "pod" : "private";
    }
    return out;
}

/** Inode of a file (e.g. the /var/run/netns/cni-… bind mount of a pod's network namespace). */
export function fileInode(file: string): number {
    return fs.statSync(file).ino;
}

/**
 * Minimal reading of the probe's framing (docs/probe-format.md) for checks that must not depend on the probe
 * core's parser: section headers with their key=value pairs and raw bodies.
 */
export interface RawSection {
    kind: string;
    attrs: Record<string, string>;
    body: string[];
}

export function rawSections(text: string): RawSection[] {
    const sections: RawSection[] = [];
    let open: RawSection | null = null;
    for (const line of text.split("\n")) {
        if (line.startsWith("#kpl-begin ")) {
            if (open) throw new Error(`section ${open.kind} not closed before: ${line}`);
            const [kind, ...pairs] = line.slice("#kpl-begin ".length).split(" ");
            const attrs: Record<string, string> = {};
            for (const pair of pairs) {
                const eq = pair.indexOf("=");
                if (eq <= 0) throw new Error(`bad header pair ${JSON.stringify(pair)} in: ${line}`);
                attrs[pair.slice(0, eq)] = pair.slice(eq + 1);
            }
            open = { kind, attrs, body: [] };
        } else if (line.startsWith("#kpl-end ") && open && line === `#kpl-end ${open.kind}`) {
            sections.push(open);
            open = null;
        } else if (open) {
            open.body.push(line);
        }
    }
    if (open) throw new Error(`section ${open.kind} never closed`);
    return sections;
}
