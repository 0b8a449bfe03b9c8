// The write-up's `pstree -aln` / `pstree -aclnpsS` on a kind node, which has no psmisc: the same tree from one `ps`
// (procps, which kind nodes have), drawn in pstree's shape: `name,PID[,namespace transitions] args`, children sorted
// by PID (-n), namespace types where a process differs from its parent (-S). Pure: no Pulumi import.
import type { NamespaceType } from "../probe/types";
import { TourInputError } from "./errors";

/** The namespace columns procps can print, in lsns order (ps has no time namespace column). */
export const PS_NAMESPACES: ReadonlyArray<readonly [NamespaceType, string]> = [
    ["net", "netns"],
    ["ipc", "ipcns"],
    ["uts", "utsns"],
    ["mnt", "mntns"],
    ["pid", "pidns"],
    ["cgroup", "cgroupns"],
    ["user", "userns"],
];

/** comm is at most 15 characters (the kernel's TASK_COMM_LEN); ps pads it to this width, so args can follow it. */
const COMM_WIDTH = 15;

/** `ps -e -o` format: PID, parent, each namespace inode, comm (fixed width) and the command line. */
export const PS_FORMAT = ["pid=", "ppid=", ...PS_NAMESPACES.map(([, c]) => `${c}=`), `comm:${COMM_WIDTH}=`, "args="].join(",");

export interface PsProcess {
    pid: number;
    ppid: number;
    /** Inodes by type; a type ps could not read ("-") is left out. */
    ns: Partial<Record<NamespaceType, number>>;
    comm: string;
    args: string;
}

const LINE = new RegExp(`^\\s*(\\d+)\\s+(\\d+)((?:\\s+(?:\\d+|-)){${PS_NAMESPACES.length}}) (.{1,${COMM_WIDTH}})(?: (.*))?$`);

/** Parses `ps -e -o PS_FORMAT`; a line that does not have its shape is a TourInputError naming it. */
export function parsePs(text: string): PsProcess[] {
    const out: PsProcess[] = [];
    for (const line of text.split("\n")) {
        if (line.trim() === "") continue;
        const m = LINE.exec(line);
        if (!m) throw new TourInputError(`ps: unexpected line ${JSON.stringify(line.slice(0, 80))}`);
        const inodes = m[3].trim().split(/\s+/);
        const ns: PsProcess["ns"] = {};
        PS_NAMESPACES.forEach(([type], i) => {
            if (/^\d+$/.test(inodes[i])) ns[type] = Number(inodes[i]);
        });
        out.push({ pid: Number(m[1]), ppid: Number(m[2]), ns, comm: m[4].trimEnd(), args: (m[5] ?? "").trimEnd() });
    }
    if (out.length === 0) throw new TourInputError("ps: no processes listed");
    return out;
}

export interface TreeOptions {
    /** pstree -p: PIDs after the names. */
    pids: boolean;
    /** pstree -S: the namespace types in which a process differs from its parent. */
    namespaces: boolean;
    /** Subtrees to draw whole; any other subtree of PID 1 is drawn as its top process only. Undefined: every one. */
    expand?: ReadonlySet<number>;
    /** Only these top processes under the root, besides the expanded ones (by comm); undefined: all. */
    keep?: (p: PsProcess) => boolean;
    /** Longest line in characters (pstree -l draws long lines whole; a terminal does not want kubelet's 400). */
    width?: number;
}

export interface TreeLine {
    text: string;
    pid: number;
}

/** The tree's lines from PID 1, pstree -a style: `├─`/`└─` and `│ ` as pstree draws them in a UTF-8 terminal. */
export function renderPsTree(procs: PsProcess[], options: TreeOptions): TreeLine[] {
    const byPid = new Map(procs.map((p) => [p.pid, p]));
    const children = new Map<number, PsProcess[]>();
    for (const p of procs) {
        if (p.pid === p.ppid || !byPid.has(p.ppid)) continue;
        const list = children.get(p.ppid) ?? [];
        list.push(p);
        children.set(p.ppid, list);
    }
    for (const list of children.values()) list.sort((a, b) => a.pid - b.pid);
    const label = (p: PsProcess) => {
        const parent = byPid.get(p.ppid);
        const transitions =
            options.namespaces && parent
                ? PS_NAMESPACES.map(([t]) => t)
                      .filter((t) => p.ns[t] !== undefined && parent.ns[t] !== undefined && p.ns[t] !== parent.ns[t])
                      .sort()
                : [];
        const name = [p.comm, ...(options.pids ? [String(p.pid)] : []), ...transitions].join(",");
        const args = argsAfterName(p.args);
        return args ? `${name} ${args}` : name;
    };
    const lines: TreeLine[] = [];
    const clip = (s: string) => (options.width && s.length > options.width ? `${s.slice(0, options.width - 1)}…` : s);
    const walk = (p: PsProcess, prefix: string, branch: string, depth: number, expandAll: boolean) => {
        lines.push({ text: clip(`${prefix}${branch}${label(p)}`), pid: p.pid });
        let kids = children.get(p.pid) ?? [];
        if (depth === 0 && options.keep) kids = kids.filter((k) => options.keep!(k) || options.expand?.has(k.pid));
        const open = expandAll || depth === 0;
        if (!open) return;
        const childPrefix = prefix + (branch === "" ? "" : branch.startsWith("├") ? "│ " : "  ");
        kids.forEach((k, i) => {
            const last = i === kids.length - 1;
            const expandChild = depth > 0 || options.expand === undefined || options.expand.has(k.pid);
            walk(k, childPrefix, last ? "└─" : "├─", depth + 1, expandChild);
        });
    };
    const init = byPid.get(1);
    if (!init) return [];
    walk(init, "", "", 0, true);
    return lines;
}

/** pstree -a prints the name, then the arguments after argv[0]. */
function argsAfterName(args: string): string {
    const space = args.indexOf(" ");
    return space < 0 ? "" : args.slice(space + 1);
}

/** The processes under PID (not PID itself), depth first. */
export function descendants(procs: PsProcess[], pid: number): PsProcess[] {
    const out: PsProcess[] = [];
    const walk = (p: number) => {
        for (const c of procs.filter((x) => x.ppid === p && x.pid !== p)) {
            out.push(c);
            walk(c.pid);
        }
    };
    walk(pid);
    return out;
}
