// `readlink /proc/PID/ns/*` as the probe prints it: one "NAME LINK" line per entry, e.g.
// "net net:[4026532181]". pid_for_children/time_for_children are the namespaces the process's future
// children get, not its own: they are kept apart so they never stand in for the real pid/time.
import { ProbeParseError, excerpt } from "./errors";
import { isNamespaceType } from "./namespaceNames";
import { NamespaceInodes, NamespaceType } from "./types";

export interface NamespaceLinks {
    /** The process's own namespaces. */
    namespaces: NamespaceInodes;
    /** pid_for_children / time_for_children, by the type they refer to. */
    forChildren: Partial<Record<"pid" | "time", number>>;
    /** Entries listed without a link (readlink failed: the process went away or access was denied). */
    unreadable: string[];
}

const LINE = /^([a-z_]+)(?:\s+->)?(?:\s+(\S+))?$/;
const LINK = /^([a-z]+):\[(\d{1,15})\]$/;

export function parseNsLinks(text: string): NamespaceLinks {
    const out: NamespaceLinks = { namespaces: {}, forChildren: {}, unreadable: [] };
    const seen = new Set<string>();
    text.replace(/\r\n/g, "\n")
        .split("\n")
        .forEach((raw, i) => {
            const line = raw.trim();
            if (line === "" || line.startsWith("#")) return;
            const where = `line ${i + 1}`;
            const m = LINE.exec(line);
            if (!m) throw new ProbeParseError("nslinks", "`NAME TYPE:[INODE]`, e.g. `net net:[4026532181]`", where, excerpt(line));
            const [, name, link] = m;
            const childrenOf = name.endsWith("_for_children") ? name.slice(0, -"_for_children".length) : null;
            const type = childrenOf ?? name;
            if (!isNamespaceType(type) || (childrenOf !== null && childrenOf !== "pid" && childrenOf !== "time")) {
                throw new ProbeParseError(
                    "nslinks",
                    "a /proc/PID/ns entry name (net, ipc, uts, mnt, pid, cgroup, user, time, pid_for_children, time_for_children)",
                    where,
                    excerpt(name),
                );
            }
            if (seen.has(name)) throw new ProbeParseError("nslinks", `each entry once (${name} appears twice)`, where, excerpt(line));
            seen.add(name);
            if (link === undefined) {
                out.unreadable.push(name);
                return;
            }
            const l = LINK.exec(link);
            if (!l) throw new ProbeParseError("nslinks", "a link `TYPE:[INODE]`", where, excerpt(link));
            if (l[1] !== type) throw new ProbeParseError("nslinks", `a ${type}:[...] link for ${name}`, where, excerpt(link));
            const inode = Number(l[2]);
            if (childrenOf !== null) out.forChildren[childrenOf as "pid" | "time"] = inode;
            else out.namespaces[type as NamespaceType] = inode;
        });
    if (seen.size === 0) throw new ProbeParseError("nslinks", "at least one `NAME TYPE:[INODE]` line", null, "no entries");
    return out;
}
