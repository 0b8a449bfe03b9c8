// `lab diff`: what changed in meaning between two stack-output documents. Each document becomes a set of facts
// (subject, attribute → value); volatile facts (ids, PIDs, inodes, UIDs, IPs, exact raw text) are kept apart
// and only compared with --raw. Namespace facts are relations — a container's verdict per type, who shares a
// private namespace with whom, whether it sees pause's addresses — so a new run with new numbers compares equal.
import { CAPTURE_NAMES, CAPTURES } from "../probe/captures";
import { NAMESPACE_TYPES, PodNamespaceReport } from "../probe/types";
import type { NodeFacts } from "../lab/stackOutputs";
import type { NormalisedOutputs } from "./normalise";
import { isSecretValue, KNOWN_SECRET_OUTPUTS } from "./secrets";
import { CANONICAL, Canonicaliser, maskVolatile, podVolatileLabels, VolatileLabels } from "./volatile";
import { compareText, sameStrings } from "../lib/util";

export const SECTIONS = ["namespaces", "pods", "cluster", "kindConfig", "chart", "nodes", "urls", "secrets", "raw"] as const;
export type Section = (typeof SECTIONS)[number];

interface Fact {
    section: Section;
    /** What the fact is about: "myweb2/myweb2-nginx", "node myk8s-worker", "kindConfig". */
    subject: string;
    /** "" for existence facts ("pod myweb2 exists"). */
    attribute: string;
    value: string;
    volatile: boolean;
    /** Existence ids this fact belongs to ("pod:myweb2", "container:myweb2/x"): hidden when that pod/container came or went. */
    owners: string[];
    /** For existence facts: this existence's id. */
    existence?: string;
    /** Shown with an added/removed existence fact, not compared (e.g. the verdicts of a new container). */
    detail?: string;
}

export interface Change {
    section: Section;
    kind: "added" | "removed" | "changed";
    subject: string;
    attribute: string;
    before: string | null;
    after: string | null;
    volatile: boolean;
    /** One human line, e.g. "myweb2/myweb2-nginx pid: private → pod". */
    text: string;
}

export interface DiffResult {
    /** Something changed in meaning (or, with raw, in any compared value). */
    changed: boolean;
    changes: Change[];
    /** Volatile values that differ but were not compared (0 with raw). */
    ignoredVolatile: number;
    notes: string[];
}

export interface DiffOptions {
    /** Also compare volatile values (ids, PIDs, inodes, UIDs, IPs, exact raw text). */
    raw?: boolean;
}

export function diffOutputs(before: NormalisedOutputs, after: NormalisedOutputs, options: DiffOptions = {}): DiffResult {
    const notes: string[] = [];
    let onlyNamespaces = false;
    if (before.source !== after.source) {
        onlyNamespaces = true;
        notes.push(
            `${before.source === "namespace-report" ? "BEFORE" : "AFTER"} is a bare namespaceReport: only namespace reports are compared`,
        );
    }
    // An output secret on either side is compared only as present/absent on both sides.
    const secretOnEitherSide = new Set([...before.secrets, ...after.secrets, ...KNOWN_SECRET_OUTPUTS]);
    for (const name of new Set([...before.secrets, ...after.secrets])) {
        if (!KNOWN_SECRET_OUTPUTS.includes(name) && !(before.secrets.includes(name) && after.secrets.includes(name))) {
            notes.push(`${name} is a secret on one side only: compared as present/absent`);
        }
    }
    const factsBefore = documentFacts(before, secretOnEitherSide, onlyNamespaces);
    const factsAfter = documentFacts(after, secretOnEitherSide, onlyNamespaces);

    const changedExistence = new Set<string>();
    for (const [key, fact] of factsBefore) if (fact.existence && !factsAfter.has(key)) changedExistence.add(fact.existence);
    for (const [key, fact] of factsAfter) if (fact.existence && !factsBefore.has(key)) changedExistence.add(fact.existence);

    const changes: Change[] = [];
    let ignoredVolatile = 0;
    for (const key of [...new Set([...factsBefore.keys(), ...factsAfter.keys()])]) {
        const b = factsBefore.get(key);
        const a = factsAfter.get(key);
        if (b !== undefined && a !== undefined && b.value === a.value) continue;
        const fact = (a ?? b) as Fact;
        if (fact.owners.some((o) => changedExistence.has(o))) continue;
        if (fact.volatile && !options.raw) {
            ignoredVolatile++;
            continue;
        }
        changes.push(describeChange(fact, b, a));
    }
    // Raw texts of a pod or container whose verdicts changed differ for that reason: saying so once is enough.
    const explained = new Set(changes.filter((c) => c.section === "namespaces" && !c.volatile).map((c) => c.subject));
    const consequential = changes.filter((c) => c.section === "raw" && !c.volatile && explained.has(c.subject));
    if (consequential.length > 0) {
        notes.push(
            `raw texts of ${[...new Set(consequential.map((c) => c.subject))].sort(compareText).join(", ")} differ as the namespace changes imply`,
        );
    }
    const shown = changes.filter((c) => !consequential.includes(c));
    shown.sort(
        (x, y) =>
            SECTIONS.indexOf(x.section) - SECTIONS.indexOf(y.section) ||
            compareText(x.subject, y.subject) ||
            compareText(x.attribute, y.attribute),
    );
    return { changed: shown.length > 0, changes: shown, ignoredVolatile, notes };
}

function describeChange(fact: Fact, before: Fact | undefined, after: Fact | undefined): Change {
    const kind = before === undefined ? "added" : after === undefined ? "removed" : "changed";
    const base = {
        section: fact.section,
        kind,
        subject: fact.subject,
        attribute: fact.attribute,
        before: before?.value ?? null,
        after: after?.value ?? null,
        volatile: fact.volatile,
    } as const;
    let text: string;
    if (fact.existence) {
        text = `${kind === "added" ? "+" : "-"} ${fact.subject}${fact.detail ? ` (${fact.detail})` : ""}`;
    } else if (fact.section === "raw" && !fact.volatile && before && after) {
        text = `${fact.subject} ${fact.attribute}: differs beyond volatile values (${lineDifference(before.value, after.value)})`;
    } else {
        text = `${fact.subject}${fact.attribute ? ` ${fact.attribute}` : ""}: ${show(before?.value)} → ${show(after?.value)}`;
    }
    return { ...base, text };
}

function show(value: string | undefined): string {
    if (value === undefined) return "(none)";
    const oneLine = value.replace(/\s*\n\s*/g, " ⏎ ");
    return oneLine.length > 120 ? `${oneLine.slice(0, 117)}...` : oneLine;
}

/** Lines only in one of two canonical texts (as multisets: canonical lsns rows are sorted, not aligned). */
function lineDifference(a: string, b: string): string {
    const count = (text: string) => {
        const m = new Map<string, number>();
        for (const line of text.split("\n").map((l) => l.trim())) m.set(line, (m.get(line) ?? 0) + 1);
        return m;
    };
    const ca = count(a);
    const cb = count(b);
    const only = (x: Map<string, number>, y: Map<string, number>) => [...x].filter(([l, n]) => n > (y.get(l) ?? 0)).map(([l]) => l);
    const removed = only(ca, cb);
    const added = only(cb, ca);
    const list = (sign: string, lines: string[]) =>
        lines
            .slice(0, 2)
            .map((l) => `${sign} ${show(l)}`)
            .concat(lines.length > 2 ? [`${sign} ${lines.length - 2} more`] : []);
    const parts = [...list("-", removed), ...list("+", added)];
    return parts.length > 0 ? parts.join("; ") : "line order only";
}

// --- facts of one document ---

class FactSet {
    readonly facts = new Map<string, Fact>();
    add(fact: Fact): void {
        const key = `${fact.section}\u0000${fact.subject}\u0000${fact.attribute}`;
        if (!this.facts.has(key)) this.facts.set(key, fact);
    }
}

function documentFacts(doc: NormalisedOutputs, secretOutputs: ReadonlySet<string>, onlyNamespaces: boolean): Map<string, Fact> {
    const set = new FactSet();
    const usable = (output: string) => !secretOutputs.has(output) && (!onlyNamespaces || output === "namespaceReport");
    const report = usable("namespaceReport") ? doc.namespaceReport : undefined;
    const pods = usable("pods") ? doc.pods : undefined;
    const nodes = usable("nodes") ? doc.nodes : undefined;

    for (const name of [...secretOutputs].sort()) {
        const present = doc.secrets.includes(name) || (doc.source === "stack-outputs" && presentPlain(doc, name));
        if (present && !onlyNamespaces)
            set.add({ section: "secrets", subject: `secret ${name}`, attribute: "", value: "present", volatile: false, owners: [] });
    }
    podFacts(set, report, pods, nodes ?? []);
    for (const name of CAPTURE_NAMES) {
        const texts = doc[name];
        if (usable(name) && texts) rawFacts(set, CAPTURES[name].label, texts, report, pods, nodes ?? [], CANONICAL[name]);
    }
    if (usable("clusterName") && doc.clusterName !== undefined)
        set.add({ section: "cluster", subject: "clusterName", attribute: "", value: doc.clusterName, volatile: false, owners: [] });
    if (usable("kindConfig") && doc.kindConfigParsed !== undefined) {
        for (const [path, value] of flatten(doc.kindConfigParsed, "", true)) {
            set.add({ section: "kindConfig", subject: "kindConfig", attribute: path, value, volatile: false, owners: [] });
        }
    }
    if (usable("kubeOpsView") && doc.kubeOpsView) {
        const chart = doc.kubeOpsView;
        for (const field of ["chart", "version", "repo", "namespace"] as const) {
            set.add({
                section: "chart",
                subject: "kube-ops-view chart",
                attribute: field,
                value: chart[field],
                volatile: false,
                owners: [],
            });
        }
        for (const [path, value] of flatten(chart.values, "", false)) {
            set.add({ section: "chart", subject: "kube-ops-view values", attribute: path, value, volatile: false, owners: [] });
        }
    }
    if (nodes) nodeFacts(set, nodes, pinnedHostPorts(doc.kindConfigParsed));
    if (usable("kubeOpsViewUrl") && doc.kubeOpsViewUrl !== undefined) {
        set.add({ section: "urls", subject: "kubeOpsViewUrl", attribute: "", value: doc.kubeOpsViewUrl, volatile: false, owners: [] });
    }
    return set.facts;
}

function presentPlain(doc: NormalisedOutputs, name: string): boolean {
    const value = (doc as unknown as Record<string, unknown>)[name];
    return value !== undefined;
}

function podFacts(
    set: FactSet,
    report: Record<string, PodNamespaceReport> | undefined,
    pods: NormalisedOutputs["pods"],
    nodes: readonly NodeFacts[],
): void {
    const podNames = [...new Set([...Object.keys(report ?? {}), ...Object.keys(pods ?? {})])].sort(compareText);
    for (const podName of podNames) {
        const pod = report?.[podName];
        const facts = pods?.[podName];
        const podId = `pod:${podName}`;
        const owners = [podId];
        set.add({
            section: "pods",
            subject: `pod ${podName}`,
            attribute: "",
            value: "present",
            volatile: false,
            owners: [],
            existence: podId,
            detail: pod ? `${Object.keys(pod.containers).length} containers` : facts ? `${facts.containers.length} containers` : undefined,
        });
        const node = pod?.node ?? facts?.nodeName;
        if (node !== undefined) set.add({ section: "pods", subject: podName, attribute: "node", value: node, volatile: false, owners });
        if (report && pods) {
            set.add({
                section: "pods",
                subject: podName,
                attribute: "namespace report",
                value: pod ? "present" : "absent",
                volatile: false,
                owners,
            });
        }
        if (facts) {
            set.add({ section: "pods", subject: podName, attribute: "uid", value: facts.uid, volatile: true, owners });
            set.add({ section: "pods", subject: podName, attribute: "podIP", value: facts.podIP, volatile: true, owners });
        }
        const containerNames = [...new Set([...Object.keys(pod?.containers ?? {}), ...(facts?.containers ?? [])])].sort(compareText);
        for (const name of containerNames) {
            const id = `container:${podName}/${name}`;
            const c = pod?.containers[name];
            set.add({
                section: "pods",
                subject: `container ${podName}/${name}`,
                attribute: "",
                value: "present",
                volatile: false,
                owners,
                existence: id,
                detail: c
                    ? NAMESPACE_TYPES.filter((t) => c.sharing[t])
                          .map((t) => `${t} ${c.sharing[t]}`)
                          .join(", ")
                    : undefined,
            });
        }
        if (pod) namespaceFacts(set, podName, pod, podVolatileLabels(pod, facts, nodes));
    }
}

function namespaceFacts(set: FactSet, podName: string, pod: PodNamespaceReport, labels: VolatileLabels): void {
    const podOwners = [`pod:${podName}`];
    const fact = (subject: string, attribute: string, value: string, volatile: boolean, owners = podOwners) =>
        set.add({ section: "namespaces", subject, attribute, value, volatile, owners });
    fact(podName, "consistent", String(pod.consistent), false);
    fact(podName, "inconsistencies", pod.inconsistencies.map((s) => maskVolatile(s, labels)).join("; "), false);
    fact(podName, "sandboxId", pod.sandboxId, true);
    const pause = `${podName}/pause`;
    fact(pause, "PID", String(pod.pause.pid), true); // "PID", not "pid": that is the namespace verdict
    fact(pause, "addresses", pod.pause.addresses.join(", "), true);
    for (const t of NAMESPACE_TYPES) {
        if (pod.pause.sharing[t]) fact(pause, t, pod.pause.sharing[t] as string, false);
        if (pod.pause.namespaces[t] !== undefined) fact(pause, `${t} inode`, String(pod.pause.namespaces[t]), true);
    }
    for (const [name, c] of Object.entries(pod.containers)) {
        const subject = `${podName}/${name}`;
        const owners = [...podOwners, `container:${subject}`];
        fact(subject, "container id", c.id, true, owners);
        fact(subject, "PID", String(c.pid), true, owners);
        fact(subject, "addresses", c.addresses.join(", "), true, owners);
        fact(
            subject,
            "network addresses",
            sameStrings(c.addresses, pod.pause.addresses) ? "same as pause" : "differ from pause",
            false,
            owners,
        );
        for (const t of NAMESPACE_TYPES) {
            const verdict = c.sharing[t];
            if (verdict) fact(subject, t, verdict, false, owners);
            if (c.namespaces[t] !== undefined) fact(subject, `${t} inode`, String(c.namespaces[t]), true, owners);
            // Two containers in one namespace that is neither pause's nor the host's: a relation verdicts miss.
            if (verdict === "private") {
                const partners = Object.keys(pod.containers).filter(
                    (n) => n !== name && pod.containers[n].sharing[t] === "private" && pod.containers[n].namespaces[t] === c.namespaces[t],
                );
                if (partners.length > 0) fact(subject, `${t} shared privately with`, partners.join(", "), false, owners);
            }
        }
    }
}

function rawFacts(
    set: FactSet,
    what: string,
    texts: Record<string, Record<string, string>>,
    report: Record<string, PodNamespaceReport> | undefined,
    pods: NormalisedOutputs["pods"],
    nodes: readonly NodeFacts[],
    canonical: Canonicaliser,
): void {
    for (const [podName, perTarget] of Object.entries(texts)) {
        const labels = podVolatileLabels(report?.[podName], pods?.[podName], nodes);
        for (const [target, text] of Object.entries(perTarget)) {
            const subject = `${podName}/${target}`;
            const owners = [`pod:${podName}`, ...(target === "pause" ? [] : [`container:${subject}`])];
            set.add({ section: "raw", subject, attribute: what, value: canonical(text, labels), volatile: false, owners });
            set.add({ section: "raw", subject, attribute: `${what} (exact text)`, value: text, volatile: true, owners });
        }
    }
}

/**
 * Host ports the kind config fixes (extraPortMappings, networking.apiServerPort). Others — the API server's
 * by default — are picked by Docker at random on each create, so they are volatile.
 */
export function pinnedHostPorts(kindConfig: unknown): Set<number> {
    const pinned = new Set<number>();
    const cfg = (kindConfig ?? {}) as { nodes?: unknown; networking?: { apiServerPort?: unknown } };
    if (typeof cfg.networking?.apiServerPort === "number") pinned.add(cfg.networking.apiServerPort);
    for (const node of Array.isArray(cfg.nodes) ? cfg.nodes : []) {
        const mappings = (node as { extraPortMappings?: unknown }).extraPortMappings;
        for (const m of Array.isArray(mappings) ? mappings : []) {
            const hostPort = (m as { hostPort?: unknown }).hostPort;
            if (typeof hostPort === "number") pinned.add(hostPort);
        }
    }
    return pinned;
}

function nodeFacts(set: FactSet, nodes: readonly NodeFacts[], pinned: ReadonlySet<number>): void {
    for (const node of nodes) {
        const id = `node:${node.name}`;
        const subject = `node ${node.name}`;
        const ports = (hostPort: (p: NodeFacts["publishedPorts"][number]) => string) =>
            node.publishedPorts.map((p) => `${p.hostIp}:${hostPort(p)}→${p.containerPort}/${p.protocol}`).join(", ") || "none";
        set.add({
            section: "nodes",
            subject,
            attribute: "",
            value: "present",
            volatile: false,
            owners: [],
            existence: id,
            detail: node.role,
        });
        set.add({ section: "nodes", subject, attribute: "role", value: node.role, volatile: false, owners: [id] });
        set.add({
            section: "nodes",
            subject,
            attribute: "published ports",
            value: ports((p) => (pinned.has(p.hostPort) ? String(p.hostPort) : "*")),
            volatile: false,
            owners: [id],
        });
        set.add({
            section: "nodes",
            subject,
            attribute: "published host ports",
            value: ports((p) => String(p.hostPort)),
            volatile: true,
            owners: [id],
        });
        set.add({ section: "nodes", subject, attribute: "internalIp", value: node.internalIp, volatile: true, owners: [id] });
    }
}

/** Lists whose order carries no meaning in a kind config: keyed by identity, so one insertion is one change. */
const UNORDERED_LISTS: Record<string, (item: Record<string, unknown>) => string> = {
    extraPortMappings: (m) => `containerPort=${String(m.containerPort)}${m.protocol ? `/${String(m.protocol)}` : ""}`,
    extraMounts: (m) => `containerPath=${String(m.containerPath)}`,
};

/**
 * Leaf paths → canonical JSON values ("nodes[1].extraPortMappings[containerPort=30000].hostPort" → "30000").
 * Nested secrets compare as present. Lists of scalars compare whole. Items of an unordered list that share an
 * identity (one container port published on two host ports) are told apart by occurrence: "[containerPort=30000#2]".
 */
export function flatten(value: unknown, path: string, kindConfig: boolean): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    const walk = (v: unknown, p: string, key: string) => {
        if (isSecretValue(v)) {
            out.push([p, "[secret present]"]);
        } else if (Array.isArray(v)) {
            const keyOf = kindConfig ? UNORDERED_LISTS[key] : undefined;
            if (v.length > 0 && v.every((x) => typeof x === "object" && x !== null && !Array.isArray(x))) {
                const occurrences = new Map<string, number>();
                v.forEach((item, i) => {
                    if (!keyOf) return walk(item, `${p}[${i}]`, "");
                    const id = keyOf(item as Record<string, unknown>);
                    const n = (occurrences.get(id) ?? 0) + 1;
                    occurrences.set(id, n);
                    walk(item, `${p}[${n === 1 ? id : `${id}#${n}`}]`, "");
                });
            } else {
                out.push([p, JSON.stringify(v)]);
            }
        } else if (typeof v === "object" && v !== null) {
            const keys = Object.keys(v).sort(compareText);
            if (keys.length === 0) out.push([p, "{}"]);
            for (const k of keys) walk((v as Record<string, unknown>)[k], p === "" ? k : `${p}.${k}`, k);
        } else {
            out.push([p, JSON.stringify(v)]);
        }
    };
    walk(value, path, "");
    return out;
}
