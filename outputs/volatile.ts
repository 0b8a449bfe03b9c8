// Volatile values (ids, PIDs, inodes, pod UIDs and IPs, timestamps) change on every run; what they express
// does not. This module replaces them, inside the raw `lsns` and `crictl inspect` texts, by labels that say
// what they are related to — "<ns:pause.net>", "<pid:myweb2-nginx>", "<id:myweb2-nginx>", "<sandbox>" — taken
// from the namespace report of the same pod. Two captures of the same pod then read the same, while a container
// that starts sharing pause's pid namespace reads differently (`<ns:myweb2-nginx.pid>` → `<ns:pause.pid>`).
import type { CaptureName } from "../probe/captures";
import { NAMESPACE_TYPES, PodNamespaceReport } from "../probe/types";
import type { NodeFacts, PodFacts } from "../lab/stackOutputs";

/** Exact volatile value → relation label, for one pod. */
export type VolatileLabels = Map<string, string>;

export function podVolatileLabels(
    report: PodNamespaceReport | undefined,
    facts: PodFacts | undefined,
    nodes: readonly NodeFacts[] = [],
): VolatileLabels {
    const labels: VolatileLabels = new Map();
    const add = (value: string | number, label: string) => {
        const key = String(value);
        if (!labels.has(key)) labels.set(key, label);
    };
    if (report) {
        add(report.sandboxId, "<sandbox>");
        add(report.pause.pid, "<pid:pause>");
        // Pause first: a container's "pod" inode is pause's and must read as pause's.
        for (const t of NAMESPACE_TYPES) {
            const inode = report.pause.namespaces[t];
            if (inode !== undefined) add(inode, report.pause.sharing[t] === "host" ? `<ns:host.${t}>` : `<ns:pause.${t}>`);
        }
        for (const [name, c] of Object.entries(report.containers)) {
            add(c.id, `<id:${name}>`);
            add(c.pid, `<pid:${name}>`);
            for (const t of NAMESPACE_TYPES) {
                const inode = c.namespaces[t];
                if (inode !== undefined) add(inode, c.sharing[t] === "host" ? `<ns:host.${t}>` : `<ns:${name}.${t}>`);
            }
        }
        for (const address of [...report.pause.addresses, ...Object.values(report.containers).flatMap((c) => c.addresses)]) {
            const ip = addressIp(address);
            if (ip !== null) add(ip, `<addr:${address.split(" ")[0]}>`);
        }
    }
    if (facts) {
        add(facts.uid, "<pod-uid>");
        add(facts.uid.replace(/-/g, "_"), "<pod-uid>"); // systemd cgroup paths spell the UID with underscores
        add(facts.podIP, "<pod-ip>");
    }
    for (const node of nodes) add(node.internalIp, `<node-ip:${node.name}>`);
    return labels;
}

/** "eth0 10.244.1.3/24" → "10.244.1.3". */
function addressIp(address: string): string | null {
    const m = /\s(\S+?)(?:\/\d+)?$/.exec(address);
    return m ? m[1] : null;
}

// One pass over the text finds every candidate token; the order of alternatives decides which reading wins.
const TOKEN = new RegExp(
    [
        // No leading \b: systemd slices glue the UID to a word ("...-pod150a18bc_138d_...").
        /(?<uuid>[0-9a-fA-F]{8}[-_][0-9a-fA-F]{4}[-_][0-9a-fA-F]{4}[-_][0-9a-fA-F]{4}[-_][0-9a-fA-F]{12}\b)/.source,
        /(?<time>\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)/.source,
        /(?<ipv4>(?<![\w.:])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]))/.source,
        /(?<ipv6>(?<![\w:])(?:[0-9a-fA-F]{1,4}:){2,7}(?::|[0-9a-fA-F]{1,4})(?![\w:]))/.source,
        // A PID in a /proc path the report does not name (e.g. no report to take labels from).
        /(?<procPath>\/proc\/)(?<procPid>\d+)(?=\/)/.source,
        /(?<digest>\bsha256:[0-9a-fA-F]{64}\b)/.source,
        // kubelet's termination-log file: /var/lib/kubelet/pods/UID/containers/NAME/<8 random hex, maybe all digits>.
        /(?<containerDir>\/containers\/[\w.-]+\/)(?<termination>[0-9a-fA-F]{8}\b)/.source,
        /(?<hex>\b[0-9a-fA-F]{8,64}\b)/.source,
        // Kubernetes' generated-name suffix (rand.String: consonants and digits 2-9), e.g. kube-api-access-r5qrc.
        /(?<=[a-z0-9]-)(?<generated>[bcdfghjklmnpqrstvwxz2456789]{5}\b)/.source,
        // mkdtemp-style random names (Node/Go temp dirs: "kpl-rt-e11f5900662Zyajw"): digits and both letter cases.
        /(?<random>\b(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[a-z])(?=[A-Za-z0-9]*[A-Z])[A-Za-z0-9]{10,}\b)/.source,
        /(?<number>\b\d+\b)/.source,
    ].join("|"),
    "g",
); // case-sensitive: the random-name rule needs both letter cases

const GENERATED_SUFFIX = /[a-z0-9]-[bcdfghjklmnpqrstvwxz2456789]{5}\b/i;

/**
 * Replaces the volatile tokens of one text. Known values get their relation label; unknown ones of a volatile
 * kind get a numbered placeholder by first appearance ("<uuid#1>"), so equal values stay equal. Image digests
 * are content, not run state, and stay. Small numbers (ports, counts, PID 1) stay.
 */
export function maskVolatile(text: string, labels: VolatileLabels, counters: Map<string, Map<string, string>> = new Map()): string {
    const placeholder = (kind: string, value: string) => {
        const perKind = counters.get(kind) ?? new Map<string, string>();
        counters.set(kind, perKind);
        const lower = value.toLowerCase();
        if (!perKind.has(lower)) perKind.set(lower, `<${kind}#${perKind.size + 1}>`);
        return perKind.get(lower) as string;
    };
    // Most strings of a crictl inspect document hold no volatile token; skipping them halves the cost of a diff.
    if (!/\d/.test(text) && !GENERATED_SUFFIX.test(text)) return text;
    return text.replace(TOKEN, (match: string, ...rest: unknown[]) => {
        const groups = rest[rest.length - 1] as Record<string, string | undefined>;
        // Prefixes are matched with the token (lookbehinds at every position cost twice as much); keep them.
        if (groups.procPid)
            return `${groups.procPath}${labels.get(groups.procPid) ?? (groups.procPid === "1" ? "1" : placeholder("pid", groups.procPid))}`;
        if (groups.termination) return `${groups.containerDir}${placeholder("hex", groups.termination)}`;
        const known = labels.get(match) ?? labels.get(match.toLowerCase());
        if (known !== undefined) return known;
        if (groups.uuid) return placeholder("uuid", match);
        if (groups.time) return "<time>";
        if (groups.ipv4 || groups.ipv6) return placeholder("ip", match);
        if (groups.digest) return match;
        if (groups.hex) {
            const prefixOf = knownHexPrefix(match, labels);
            if (prefixOf !== null) return prefixOf;
            // A hex word without digits ("deadbeef", "facade") is more likely text than an id.
            return /\d/.test(match) && /[a-f]/i.test(match)
                ? placeholder("hex", match)
                : /^\d+$/.test(match)
                  ? maskNumber(match, placeholder)
                  : match;
        }
        if (groups.generated) return placeholder("generated", match);
        if (groups.random) return placeholder("random", match);
        return maskNumber(match, placeholder);
    });
}

/** Inode-sized and larger numbers (other namespaces, nanosecond timestamps) are volatile; small ones are not. */
function maskNumber(digits: string, placeholder: (kind: string, value: string) => string): string {
    return digits.length >= 9 ? placeholder("number", digits) : digits;
}

/** crictl prints 13-character id prefixes; a prefix of a known id reads as that id. */
function knownHexPrefix(token: string, labels: VolatileLabels): string | null {
    if (token.length < 12) return null;
    const lower = token.toLowerCase();
    for (const [value, label] of labels) {
        if (value.length > lower.length && /^[0-9a-f]+$/.test(value) && value.startsWith(lower)) return label;
    }
    return null;
}

/**
 * `lsns -p PID` table reduced to what it says about namespaces: one "LABEL TYPE" line per row, sorted. Dropped:
 * NPROCS (a shell loop's `sleep` comes and goes), and PID/USER/COMMAND, which describe whichever process has the
 * lowest PID in that namespace — an accident of PID allocation, not a relation. Row order (by inode) and column
 * padding change every run. Lines that are not rows (header, notes) are kept, spaces collapsed.
 */
export function canonicalLsnsText(text: string, labels: VolatileLabels): string {
    const counters = new Map<string, Map<string, string>>();
    const other: string[] = [];
    const rows: string[] = [];
    for (const line of text.split("\n")) {
        const row = /^\s*(\d+)\s+([a-z]+)\s+\d+(?:\s|$)/.exec(line);
        // An inode the report does not know gets no number: rows are re-sorted, so numbering would follow inode order.
        if (row) rows.push(`${labels.get(row[1]) ?? "<ns:other>"} ${row[2]}`);
        else if (line.trim() !== "") other.push(maskVolatile(line.trim().replace(/\s+/g, " "), labels, counters));
    }
    return [...other, ...rows.sort()].join("\n");
}

/** `crictl inspect` JSON with volatile values replaced, keys sorted; non-JSON text is masked as text. */
export function canonicalInspectText(text: string, labels: VolatileLabels): string {
    const counters = new Map<string, Map<string, string>>();
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        return maskVolatile(text.trim(), labels, counters);
    }
    const walk = (value: unknown, key: string): unknown => {
        if (Array.isArray(value)) return value.map((v) => walk(v, key));
        if (typeof value === "object" && value !== null) {
            const obj = value as Record<string, unknown>;
            return Object.fromEntries(
                Object.keys(obj)
                    .sort()
                    .map((k) => [k, walk(obj[k], k)]),
            );
        }
        // Timestamps: ISO strings, or nanosecond counts under *At keys (crictl ps/pods -o json).
        if (/At$|[Tt]imestamp$/.test(key) && (typeof value === "number" || (typeof value === "string" && /^\d+$/.test(value))))
            return "<time>";
        // A PID the report does not name still is a PID.
        if (/^pid$/i.test(key) && /^\d+$/.test(String(value)) && !labels.has(String(value)))
            return maskVolatile(`/proc/${String(value)}/`, labels, counters).slice(6, -1);
        if (typeof value === "string") return maskVolatile(value, labels, counters);
        if (typeof value === "number") return maskVolatile(String(value), labels, counters);
        return value;
    };
    return JSON.stringify(walk(parsed, ""), null, 1);
}

/** How each raw capture (probe/captures.ts) reads once its volatile values are labelled: what `lab diff` compares. */
export type Canonicaliser = (text: string, labels: VolatileLabels) => string;
export const CANONICAL: Record<CaptureName, Canonicaliser> = {
    lsns: canonicalLsnsText,
    crictlInspect: canonicalInspectText,
};
