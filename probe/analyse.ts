// From probe output to the namespace report. Kernel inodes decide the verdicts ("host" before "pod"
// before "private"); crictl's runtime specs are then checked against those inodes, and every
// disagreement becomes one sentence in `inconsistencies`.
import { CAPTURE_NAMES, CAPTURES, CaptureSpec, PodCaptures } from "./captures";
import { ProbeAnalysisError, ProbeParseError } from "./errors";
import { CrictlContainerInspect, parseCrictlInspect } from "./crictlInspect";
import { CrictlSandboxInspect, parseCrictlInspectp } from "./crictlInspectp";
import { parseIpAddr } from "./ipAddr";
import { parseNsLinks } from "./nsLinks";
import { describeSection, parseProbeDocument, ProbeDocument, ProbeSection } from "./probeDocument";
import { SpecNamespace, SpecNamespaces } from "./runtimeSpec";
import { ContainerNamespaceReport, NAMESPACE_TYPES, NamespaceInodes, NamespaceType, PodNamespaceReport, Sharing } from "./types";

/** The pod's namespace report and its raw captures (probe/captures.ts), each process → raw text. */
export type PodProbeResult = { report: PodNamespaceReport } & PodCaptures;

/** Already-parsed pieces of one pod's probe: what buildPodNamespaceReport needs. */
export interface PodProbePieces {
    node: string;
    sandboxId: string;
    /** The node's reference process (PID 1) and its namespaces. */
    host: { pid: number; namespaces: NamespaceInodes };
    pause: { pid: number; namespaces: NamespaceInodes; addresses: string[] };
    /** `crictl inspectp`, when probed: its pid, id, namespace options and spec are checked too. */
    sandbox?: CrictlSandboxInspect | null;
    containers: ContainerPieces[];
    /** Disagreements found while gathering the pieces (e.g. a target's id vs crictl inspect's), reported as inconsistencies. */
    gatheringIssues?: string[];
}

export interface ContainerPieces {
    /** The probe's target name (status.metadata.name). */
    name: string;
    /** The probe's target pid. */
    pid: number;
    namespaces: NamespaceInodes;
    addresses: string[];
    inspect: CrictlContainerInspect;
}

export function analyseProbeOutput(text: string): PodProbeResult {
    const document = parseProbeDocument(text);
    const gathered = gatherPieces(document);
    return { ...gathered.captures, report: buildPodNamespaceReport(gathered.pieces) };
}

// ---------------------------------------------------------------------------------------------------
// The report

export function buildPodNamespaceReport(pieces: PodProbePieces): PodNamespaceReport {
    const { host, pause } = pieces;
    const issues: string[] = [...(pieces.gatheringIssues ?? [])];
    const containers: Record<string, ContainerNamespaceReport> = {};
    for (const c of pieces.containers) {
        if (c.name === "pause" || c.name in containers) {
            throw new ProbeAnalysisError(`container name "${c.name}" appears twice or clashes with the pause target`);
        }
        containers[c.name] = {
            id: c.inspect.id,
            pid: c.pid,
            namespaces: ordered(c.namespaces),
            sharing: sharingOf(c.namespaces, host.namespaces, pause.namespaces),
            addresses: [...c.addresses].sort(),
        };
    }
    const holders = new Map<number, { label: string; namespaces: NamespaceInodes }>();
    holders.set(pause.pid, { label: `pause, pid ${pause.pid}`, namespaces: pause.namespaces });
    for (const c of pieces.containers) holders.set(c.pid, { label: `${c.name}, pid ${c.pid}`, namespaces: c.namespaces });
    holders.set(host.pid, { label: `the node, pid ${host.pid}`, namespaces: host.namespaces });

    if (pieces.sandbox) issues.push(...checkSandbox(pieces.sandbox, pieces));
    for (const c of pieces.containers) {
        if (c.inspect.pid !== c.pid)
            issues.push(`${c.name}: crictl inspect says pid ${c.inspect.pid}, but the probe examined pid ${c.pid}.`);
        if (c.inspect.podSandboxId !== pieces.sandboxId) {
            issues.push(`${c.name}: crictl inspect says sandbox ${c.inspect.podSandboxId}, but the pod's sandbox is ${pieces.sandboxId}.`);
        }
        if (c.inspect.name !== c.name) issues.push(`${c.name}: crictl inspect names the container "${c.inspect.name}".`);
        issues.push(...checkSpecAgainstKernel(c.name, c.inspect.namespaces, c.namespaces, { host, pause, holders, isPause: false }));
    }
    return {
        node: pieces.node,
        sandboxId: pieces.sandboxId,
        pause: {
            pid: pause.pid,
            namespaces: ordered(pause.namespaces),
            sharing: sharingOf(pause.namespaces, host.namespaces, null),
            addresses: [...pause.addresses].sort(),
        },
        containers,
        consistent: issues.length === 0,
        inconsistencies: issues,
    };
}

function typesOf(inodes: NamespaceInodes): NamespaceType[] {
    return NAMESPACE_TYPES.filter((t) => inodes[t] !== undefined);
}

function ordered(inodes: NamespaceInodes): NamespaceInodes {
    const out: NamespaceInodes = {};
    for (const t of typesOf(inodes)) out[t] = inodes[t];
    return out;
}

/** "host" first: a hostNetwork pod's containers share net with pause AND the node, and the node explains it. */
function sharingOf(
    inodes: NamespaceInodes,
    hostInodes: NamespaceInodes,
    pauseInodes: NamespaceInodes | null,
): Partial<Record<NamespaceType, Sharing>> {
    const out: Partial<Record<NamespaceType, Sharing>> = {};
    for (const t of typesOf(inodes)) {
        const inode = inodes[t];
        out[t] = inode === hostInodes[t] ? "host" : pauseInodes !== null && inode === pauseInodes[t] ? "pod" : "private";
    }
    return out;
}

const link = (t: NamespaceType, inode: number | undefined) => `${t}:[${inode ?? "?"}]`;

interface CheckContext {
    host: PodProbePieces["host"];
    pause: PodProbePieces["pause"];
    holders: Map<number, { label: string; namespaces: NamespaceInodes }>;
    isPause: boolean;
}

/**
 * OCI semantics checked against the kernel: a path joins (a /proc/<pid>/ns path must show that pid's inode;
 * a pinned path, e.g. CRI-O's /var/run/netns/..., must show the pod's); no path creates a new namespace (not
 * pause's, not the node's); a type not listed at all is inherited from the runtime (the node's): that is how a
 * hostNetwork pod looks, since CRI leaves the network entry out.
 */
function checkSpecAgainstKernel(subject: string, spec: SpecNamespaces, kernel: NamespaceInodes, ctx: CheckContext): string[] {
    const issues: string[] = [];
    for (const t of NAMESPACE_TYPES) {
        const actual = kernel[t];
        if (actual === undefined) continue; // the kernel (or the probe) does not show this type
        const entry: SpecNamespace | undefined = spec[t];
        const hostInode = ctx.host.namespaces[t];
        const pauseInode = ctx.pause.namespaces[t];
        const shows = `the kernel shows ${link(t, actual)}`;
        if (entry === undefined) {
            if (hostInode !== undefined && actual !== hostInode) {
                issues.push(
                    `${subject} ${t}: the runtime spec lists no ${t} namespace, so it should be the node's ${link(t, hostInode)}, but ${shows}.`,
                );
            }
        } else if (!entry.shared) {
            if (!ctx.isPause && actual === pauseInode)
                issues.push(`${subject} ${t}: the runtime spec creates its own ${t} namespace, but ${shows}, which is pause's.`);
            else if (actual === hostInode)
                issues.push(`${subject} ${t}: the runtime spec creates its own ${t} namespace, but ${shows}, which is the node's.`);
        } else if (entry.holderPid !== null) {
            const holder = ctx.holders.get(entry.holderPid);
            if (holder === undefined) {
                issues.push(
                    `${subject} ${t}: the runtime spec joins ${entry.path}, but pid ${entry.holderPid} is neither pause (pid ${ctx.pause.pid}) nor a container of this pod.`,
                );
            } else if (holder.namespaces[t] !== undefined && holder.namespaces[t] !== actual) {
                issues.push(
                    `${subject} ${t}: the runtime spec joins ${entry.path} (${holder.label}), but ${shows}, not ${link(t, holder.namespaces[t])}.`,
                );
            }
        } else if (ctx.isPause) {
            if (actual === hostInode)
                issues.push(
                    `${subject} ${t}: the runtime spec joins the pinned namespace ${entry.path}, but ${shows}, which is the node's.`,
                );
        } else if (pauseInode !== undefined && actual !== pauseInode) {
            issues.push(
                `${subject} ${t}: the runtime spec joins the pinned namespace ${entry.path}, but ${shows}, not the pod's ${link(t, pauseInode)}.`,
            );
        }
    }
    return issues;
}

function checkSandbox(sandbox: CrictlSandboxInspect, pieces: PodProbePieces): string[] {
    const issues: string[] = [];
    const { host, pause } = pieces;
    if (sandbox.id !== pieces.sandboxId)
        issues.push(`pause: crictl inspectp describes sandbox ${sandbox.id}, but the probe's sandbox is ${pieces.sandboxId}.`);
    if (sandbox.pid !== null && sandbox.pid !== pause.pid)
        issues.push(`pause: crictl inspectp says pid ${sandbox.pid}, but the probe examined pid ${pause.pid}.`);
    const network = sandbox.namespaceOptions?.network ?? null;
    const pauseNet = pause.namespaces.net;
    if (network !== null && pauseNet !== undefined && host.namespaces.net !== undefined) {
        const onHost = pauseNet === host.namespaces.net;
        if (network === "NODE" && !onHost)
            issues.push(
                `pause net: the sandbox asks for the node's network (NODE), but the kernel shows ${link("net", pauseNet)}, not the node's ${link("net", host.namespaces.net)}.`,
            );
        if (network === "POD" && onHost)
            issues.push(`pause net: the sandbox asks for a pod network (POD), but the kernel shows the node's ${link("net", pauseNet)}.`);
    }
    if (sandbox.namespaces !== null) {
        issues.push(
            ...checkSpecAgainstKernel("pause", sandbox.namespaces, pause.namespaces, { host, pause, holders: new Map(), isPause: true }),
        );
    }
    return issues;
}

// ---------------------------------------------------------------------------------------------------
// From the framed document to the pieces

interface TargetSections {
    name: string;
    pid: number;
    id: string | null;
    declaredAt: ProbeSection;
    byKind: Map<string, ProbeSection>;
}

interface GatheredProbe {
    pieces: PodProbePieces;
    captures: PodCaptures;
}

const TARGET_BOUND_KINDS = new Set(["lsns", "nslinks", "ip"]);

function documentError(expected: string, section: ProbeSection | null, found: string | null = null): ProbeParseError {
    return new ProbeParseError("probe-document", expected, null, found, section ? describeSection(section) : null);
}

/** Runs a section parser; its errors point at the section and at document lines. */
function inSection<T>(section: ProbeSection, parse: (body: string) => T): T {
    try {
        return parse(section.body);
    } catch (err) {
        if (err instanceof ProbeParseError) throw err.inSection(describeSection(section), section.beginLine + 1);
        throw err;
    }
}

function pidAttribute(section: ProbeSection): number {
    const raw = section.attributes.pid;
    // The probe never emits an empty or zero pid (`lsns -p 0` lists the whole node): reject one here too.
    if (raw === undefined || !/^[1-9]\d{0,9}$/.test(raw)) throw documentError("a pid=N attribute with N ≥ 1", section, raw ?? "none");
    return Number(raw);
}

/** A named section's name= attribute. */
function nameAttribute(section: ProbeSection): string {
    const name = section.attributes.name;
    if (!name) throw documentError("a name=NAME attribute", section);
    return name;
}

/**
 * The document's sections bound to their targets; each fact is taken from the one section the probe prints it in
 * (docs/probe-format.md). Sections of kinds the report does not read (meta, an earlier probe's lsns-json) are skipped.
 */
function gatherPieces(document: ProbeDocument): GatheredProbe {
    const node = document.meta.node;
    if (!node) throw new ProbeParseError("probe-document", "a node=NAME line in the meta section");
    const targets = new Map<string, TargetSections>();
    const inspects = new Map<string, ProbeSection>();
    let inspectp: ProbeSection | null = null;
    for (const s of document.sections) {
        if (s.kind === "host" || s.kind === "target") {
            const name = s.kind === "host" ? "host" : nameAttribute(s);
            if (s.kind === "target" && name === "host") throw documentError("a target name other than host (reserved for the node)", s);
            if (targets.has(name)) throw documentError(`one target named ${name}`, s);
            targets.set(name, { name, pid: pidAttribute(s), id: s.attributes.id ?? null, declaredAt: s, byKind: new Map() });
        } else if (s.kind === "inspect") {
            const name = nameAttribute(s);
            if (inspects.has(name)) throw documentError(`one inspect section for ${name}`, s);
            inspects.set(name, s);
        } else if (s.kind === "inspectp") {
            if (inspectp) throw documentError("one inspectp section", s);
            inspectp = s;
        }
    }
    for (const s of document.sections) {
        if (!TARGET_BOUND_KINDS.has(s.kind)) continue;
        const name = s.attributes.target;
        const target = name === undefined ? undefined : targets.get(name);
        if (!target) throw documentError(`a target section for target=${name ?? "?"}`, s);
        if (s.attributes.pid !== undefined && pidAttribute(s) !== target.pid) {
            throw documentError(`pid=${target.pid}, the pid of target ${target.name}`, s, s.attributes.pid);
        }
        if (target.byKind.has(s.kind)) throw documentError(`one ${s.kind} section for target ${target.name}`, s);
        target.byKind.set(s.kind, s);
    }
    const host = targets.get("host");
    if (!host) throw new ProbeParseError("probe-document", "a `#kpl-begin host pid=N` section");
    const pause = targets.get("pause");
    if (!pause) throw new ProbeParseError("probe-document", "a `#kpl-begin target name=pause pid=N id=SANDBOX` section");
    if (!pause.id) throw documentError("the sandbox id as id=SANDBOX on the pause target", pause.declaredAt);

    const issues: string[] = [];
    const containers: ContainerPieces[] = [];
    for (const t of targets.values()) {
        if (t.name === "host" || t.name === "pause") continue;
        const inspectSection = inspects.get(t.name);
        if (!inspectSection) throw documentError(`an inspect section name=${t.name} for the container target`, t.declaredAt);
        const inspect = inSection(inspectSection, parseCrictlInspect);
        if (t.id !== null && t.id !== inspect.id)
            issues.push(`${t.name}: the probe's target id ${t.id} is not crictl inspect's ${inspect.id}.`);
        containers.push({ name: t.name, pid: t.pid, namespaces: inodesOf(t), addresses: addressesOf(t), inspect });
    }
    for (const name of inspects.keys()) {
        if (!targets.has(name))
            issues.push(`${name}: crictl inspect is in the probe, but the container was not examined (no target section).`);
    }
    return {
        pieces: {
            node,
            sandboxId: pause.id,
            host: { pid: host.pid, namespaces: inodesOf(host) },
            pause: { pid: pause.pid, namespaces: inodesOf(pause), addresses: addressesOf(pause) },
            sandbox: inspectp ? inSection(inspectp, parseCrictlInspectp) : null,
            containers,
            gatheringIssues: issues,
        },
        captures: gatherCaptures(document, targets),
    };
}

/** Each capture's section bodies (probe/captures.ts), for the processes it is kept for, in the targets' order. */
function gatherCaptures(document: ProbeDocument, targets: ReadonlyMap<string, TargetSections>): PodCaptures {
    const captures = {} as PodCaptures;
    for (const name of CAPTURE_NAMES) {
        const spec: CaptureSpec = CAPTURES[name];
        const bodies = new Map<string, string>();
        for (const s of document.sections) {
            const process = s.kind === spec.section ? (s.attributes.target ?? s.attributes.name) : undefined;
            if (process !== undefined) bodies.set(process, s.body);
        }
        const kept = [...targets.keys()].filter((t) => t !== "host" && !(spec.of === "containers" && t === "pause"));
        captures[name] = Object.fromEntries(kept.flatMap((t) => (bodies.has(t) ? [[t, bodies.get(t)!]] : [])));
    }
    return captures;
}

/** The target's namespaces: its /proc/PID/ns links, the probe's one source of inodes. */
function inodesOf(t: TargetSections): NamespaceInodes {
    const section = t.byKind.get("nslinks");
    const inodes = section ? inSection(section, parseNsLinks).namespaces : {};
    if (typesOf(inodes).length === 0) {
        throw new ProbeAnalysisError(`target ${t.name} (pid ${t.pid}): no namespace inodes (no nslinks section with entries)`);
    }
    return inodes;
}

function addressesOf(t: TargetSections): string[] {
    const ip = t.byKind.get("ip");
    if (!ip) return [];
    const format = ip.attributes.format ?? "json";
    if (format !== "json" && format !== "text") throw documentError("format=json or format=text", ip, format);
    return inSection(ip, (body) => parseIpAddr(body, format));
}
