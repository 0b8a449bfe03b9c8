// The verdict sentence `lab report` ends each pod with: the seed's conclusion (docs/seed-lab.md §6: pause creates and
// holds net/ipc/uts, every container shares them; mnt/pid/cgroup are each container's own), but computed
// from the report, so a shared-PID or host-network pod reads differently.
import { NAMESPACE_TYPES, NamespaceType, PodNamespaceReport, Sharing } from "../probe/types";
import { sameStrings } from "../lib/util";

/** How the containers of one pod relate to pause for one namespace type. */
export type TypePattern =
    | { kind: "shared" } // every container shares pause's namespace, and pause's is not the node's
    | { kind: "host" } // every container is in the node's namespace (pause too, or not)
    | { kind: "private" } // every container has its own
    | { kind: "mixed"; byContainer: Record<string, Sharing | "absent"> };

/** Namespace types seen in the pod (pause or any container), in lsns order. */
export function podNamespaceTypes(pod: PodNamespaceReport): NamespaceType[] {
    return NAMESPACE_TYPES.filter(
        (t) => pod.pause.namespaces[t] !== undefined || Object.values(pod.containers).some((c) => c.namespaces[t] !== undefined),
    );
}

export function typePattern(pod: PodNamespaceReport, type: NamespaceType): TypePattern {
    const names = Object.keys(pod.containers);
    const verdicts = names.map((n) => pod.containers[n].sharing[type] ?? "absent");
    const all = (v: Sharing | "absent") => verdicts.length > 0 && verdicts.every((x) => x === v);
    const pauseIsHost = pod.pause.sharing[type] === "host";
    // A container in pause's namespace while pause is in the node's is in the node's namespace too.
    if (all("host") || (pauseIsHost && verdicts.length > 0 && verdicts.every((x) => x === "pod" || x === "host"))) return { kind: "host" };
    if (all("pod")) return { kind: "shared" };
    if (all("private")) return { kind: "private" };
    return { kind: "mixed", byContainer: Object.fromEntries(names.map((n, i) => [n, verdicts[i]])) };
}

/** One paragraph (two or three sentences) summing up the pod, in English. */
export function podVerdict(podName: string, pod: PodNamespaceReport): string {
    const names = Object.keys(pod.containers);
    if (names.length === 0) {
        return `Pod ${podName} has no containers besides pause, so nothing shares its namespaces. ${consistencySentence(pod)}`;
    }
    const types = podNamespaceTypes(pod);
    const patterns = types.map((t) => [t, typePattern(pod, t)] as const);
    const byKind = (k: TypePattern["kind"]) => patterns.filter(([, p]) => p.kind === k).map(([t]) => t);
    const shared = byKind("shared");
    const host = byKind("host");
    const priv = byKind("private");
    const everyone =
        names.length === 1
            ? `its container ${names[0]}`
            : `${names.length === 2 ? "both" : `all ${names.length}`} containers (${listWords(names)})`;
    const each = names.length === 1 ? `${names[0]}'s own` : "private to each container";

    const clauses: string[] = [];
    if (shared.length > 0)
        clauses.push(
            `pause holds the ${listWords(shared)} ${plural(shared, "namespace")} and ${everyone} ${names.length === 1 ? "shares" : "share"} ${shared.length === 1 ? "it" : "them"}`,
        );
    else clauses.push(`pause holds no namespace that ${everyone} ${names.length === 1 ? "shares" : "share"}`);
    if (host.length > 0)
        clauses.push(`${listWords(host)} ${isAre(host)} the node's own (host) ${plural(host, "namespace")}, used by pause and ${everyone}`);
    if (priv.length > 0) clauses.push(`${listWords(priv)} ${isAre(priv)} ${each}`);
    for (const [t, pattern] of patterns) {
        if (pattern.kind !== "mixed") continue;
        const groups = new Map<string, string[]>();
        for (const [n, v] of Object.entries(pattern.byContainer)) groups.set(v, [...(groups.get(v) ?? []), n]);
        const parts = [...groups.entries()].map(([v, ns]) => `${MIXED_WORDS[v as Sharing | "absent"]} ${listWords(ns)}`);
        clauses.push(`${t} is ${listWords(parts)}`);
    }
    const hostPause = types.filter((t) => pod.pause.sharing[t] === "host" && !host.includes(t));
    if (hostPause.length > 0) clauses.push(`pause itself runs in the node's ${listWords(hostPause)} ${plural(hostPause, "namespace")}`);

    const sameAddresses = names.filter(
        (n) => sameStrings(pod.containers[n].addresses, pod.pause.addresses) && pod.pause.addresses.length > 0,
    );
    const addressSentence =
        sameAddresses.length === names.length
            ? ` ${names.length === 1 ? `${names[0]} sees` : `Every container sees`} the same network addresses as pause.`
            : sameAddresses.length > 0
              ? ` ${listWords(sameAddresses)} ${sameAddresses.length === 1 ? "sees" : "see"} the same network addresses as pause; ${listWords(names.filter((n) => !sameAddresses.includes(n)))} ${names.length - sameAddresses.length === 1 ? "does" : "do"} not.`
              : "";
    return `In pod ${podName}, ${clauses.join("; ")}.${addressSentence} ${consistencySentence(pod)}`;
}

const MIXED_WORDS: Record<Sharing | "absent", string> = {
    pod: "shared with pause by",
    private: "private in",
    host: "the node's for",
    absent: "not reported for",
};

function consistencySentence(pod: PodNamespaceReport): string {
    return pod.consistent
        ? "crictl's runtime spec agrees with the kernel's namespace inodes."
        : `crictl's runtime spec disagrees with the kernel: ${pod.inconsistencies.join("; ") || "no detail given"}.`;
}

function plural(items: readonly unknown[], word: string): string {
    return items.length === 1 ? word : `${word}s`;
}

function isAre(items: readonly unknown[]): string {
    return items.length === 1 ? "is" : "are";
}

/** "a", "a and b", "a, b and c". */
export function listWords(items: readonly string[]): string {
    if (items.length <= 1) return items.join("");
    return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
