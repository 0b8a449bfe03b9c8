// What changed between two runs in the pictures' terms: per pod and namespace type, how its processes are grouped
// into namespaces and each group's class ("pause, myweb2-nginx and myweb2-netshoot share one"). Inode numbers and
// PIDs differ on every run and are not compared; a new run of the same pods has no picture change. Pure.
import { escapeMarkdown } from "./markdown";
import { listWords } from "../outputs/verdict";
import { NAMESPACE_TYPES, NamespaceType } from "../probe/types";
import { NamespaceClass, PictureNamespace, PodPicture } from "./model";

export interface PodPictureChange {
    pod: string;
    status: "added" | "removed" | "changed";
    /** One line per changed namespace type or process, e.g. "pid: pause has its own; … → pause, … share one". */
    lines: string[];
    /** The AFTER picture (BEFORE for a removed pod). */
    picture: PodPicture;
    /** AFTER namespace keys and process names that are new or whose grouping changed (drawn as changed). */
    changed: Set<string>;
}

const GROUP_WORDS: Record<NamespaceClass, (members: string) => string> = {
    private: (m) => `${m} has its own`,
    pod: (m) => `${m} share one`,
    host: (m) => `${m} ${m.includes(" and ") ? "are" : "is"} in the node's`,
};

/** A namespace as a relation: its class and its members (no inode). */
const groupKey = (n: PictureNamespace) => `${n.class}:${n.members.join(",")}`;

function groupsOf(picture: PodPicture, type: NamespaceType): PictureNamespace[] {
    return picture.namespaces.filter((n) => n.type === type);
}

function describeGroups(groups: PictureNamespace[]): string {
    if (groups.length === 0) return "none";
    return groups.map((g) => GROUP_WORDS[g.class](listWords(g.members))).join("; ");
}

export function diffPodPictures(before: PodPicture[], after: PodPicture[]): PodPictureChange[] {
    const out: PodPictureChange[] = [];
    const beforeByPod = new Map(before.map((p) => [p.pod, p]));
    const afterByPod = new Map(after.map((p) => [p.pod, p]));
    for (const b of before) {
        if (!afterByPod.has(b.pod))
            out.push({ pod: b.pod, status: "removed", lines: [`pod ${b.pod} is gone`], picture: b, changed: new Set() });
    }
    for (const a of after) {
        const b = beforeByPod.get(a.pod);
        if (!b) {
            const changed = new Set([...a.processes.map((p) => p.name), ...a.namespaces.map((n) => n.key)]);
            out.push({ pod: a.pod, status: "added", lines: [`pod ${a.pod} is new`], picture: a, changed });
            continue;
        }
        const lines: string[] = [];
        const changed = new Set<string>();
        const beforeNames = b.processes.map((p) => p.name);
        const afterNames = a.processes.map((p) => p.name);
        for (const p of afterNames.filter((x) => !beforeNames.includes(x))) {
            lines.push(`container ${p} is new`);
            changed.add(p);
        }
        for (const p of beforeNames.filter((x) => !afterNames.includes(x))) lines.push(`container ${p} is gone`);
        for (const type of NAMESPACE_TYPES) {
            const [gb, ga] = [groupsOf(b, type), groupsOf(a, type)];
            const beforeKeys = new Set(gb.map(groupKey));
            const newGroups = ga.filter((g) => !beforeKeys.has(groupKey(g)));
            const goneGroups = gb.filter((g) => !new Set(ga.map(groupKey)).has(groupKey(g)));
            if (newGroups.length === 0 && goneGroups.length === 0) continue;
            lines.push(`${type}: ${describeGroups(gb)} → now ${describeGroups(ga)}`);
            for (const g of newGroups) changed.add(g.key);
        }
        if (lines.length > 0) out.push({ pod: a.pod, status: "changed", lines, picture: a, changed });
    }
    return out;
}

/**
 * `lab diff --format md`: per pod whose picture changed, one line per changed namespace type and the AFTER picture as
 * Mermaid with what changed outlined; then every other change in meaning (the text diff's lines), and the same
 * closing count as the text diff.
 */
export function renderPictureDiffMarkdown(
    pictureChanges: PodPictureChange[],
    otherChanges: string[],
    notes: string[],
    summary: string,
    mermaid: (picture: PodPicture, changed: ReadonlySet<string>) => string,
): string {
    const out: string[] = ["## What changed in the namespace pictures", ""];
    if (pictureChanges.length === 0) out.push("No pod's picture changed (new inodes and PIDs on a new run are not a change).", "");
    for (const c of pictureChanges) {
        out.push(`### Pod \`${c.pod}\` (${c.status})`, "");
        for (const line of c.lines) out.push(`- ${escapeMarkdown(line)}`);
        out.push("");
        if (c.status !== "removed") out.push(mermaid(c.picture, c.changed), "");
    }
    if (otherChanges.length > 0) {
        out.push("### Other changes in meaning", "");
        for (const line of otherChanges) out.push(`- ${escapeMarkdown(line)}`);
        out.push("");
    }
    for (const note of notes) out.push(`Note: ${escapeMarkdown(note)}`, "");
    out.push(escapeMarkdown(summary));
    return `${out.join("\n")}\n`;
}
