// The tour's steps: docs/seed-lab.md §2.1-§3.5 and §6, each the write-up's own commands with this cluster's names,
// PIDs and IDs filled in, how to run them now (the node runtime's exec, the control plane's kubectl), how to mark the
// lines that matter in their output, and the verdict. Pure: it plans and judges; cli/tour.ts runs the commands.
import { controlPlaneKubectlArgv } from "../host/clusterState";
import type { NamespaceType, PodNamespaceReport } from "../probe/types";
import { podNamespaceTypes, typePattern } from "../outputs/verdict";
import { NamespaceClass, namespaceKey } from "../picture/model";
import { isStale, namespaceClasses, processRole, SEED, TourFacts, TourPod, tourPod } from "./facts";
import { PS_FORMAT, renderPsTree } from "./psTree";
import type { TextKey, Tr } from "./texts";

export const STEP_IDS = ["2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3", "3.4", "3.5", "6"] as const;
export type StepId = (typeof STEP_IDS)[number];

/** The steps that ask the learner to find something (lab tour --check STEP). */
export const QUESTION_STEPS = ["2.5", "3.2", "3.3", "3.4"] as const satisfies readonly StepId[];
export type QuestionStep = (typeof QUESTION_STEPS)[number];

/** A namespace's class (picture/model.ts), or a plain note. */
export type MarkKind = NamespaceClass | "info";

export interface Mark {
    /** Index into the command's output lines. */
    line: number;
    text: string;
    kind: MarkKind;
}

/** A command's output as the tour shows it: lines, and marks beside some of them. */
export interface Presented {
    lines: string[];
    marks: Mark[];
}

export interface RawResult {
    code: number | null;
    stdout: string;
    stderr: string;
    /** Why it did not run (spawn error, timeout). */
    error?: string;
}

export interface CommandPlan {
    /** The command as the write-up writes it, with this cluster's values. */
    shown: string;
    /** What runs on this machine: an argv, or an HTTP GET of a URL. */
    run: { argv: string[] } | { get: string };
    /** Why `run` is not `shown` word for word, where it is not obvious. */
    note?: string;
    /** Asked before the step's question in an interactive tour: its marks would give the answer away, so they wait. */
    beforeQuestion?: boolean;
    present(raw: RawResult): Presented;
}

export interface Verdict {
    ok: boolean;
    text: string;
}

export interface StepPlan {
    step: StepId;
    title: string;
    lesson: string;
    /** Lines before the commands: stale evidence, a pod that does not run. */
    notes: string[];
    commands: CommandPlan[];
    /** The step's verdict from the facts and its commands' results (same order as `commands`). */
    verdict(results: RawResult[]): Verdict;
    question?: QuestionStep;
    /** The pod whose namespace picture goes with the step (HTML). */
    pod?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// output helpers

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** stdout, then stderr (kubectl's warnings, a tool's error), without colour codes, as lines. */
export function outputLines(raw: RawResult): string[] {
    const text = [raw.stdout, raw.stderr, raw.error ?? ""]
        .map((s) => s.replace(ANSI, "").replace(/\s+$/, ""))
        .filter((s) => s !== "")
        .join("\n");
    return text === "" ? [] : text.split("\n");
}

const plain = (raw: RawResult): Presented => ({ lines: outputLines(raw), marks: [] });

/** Marks every line for which `mark` returns a text. */
function marking(fn: (line: string, index: number) => { text: string; kind: MarkKind } | undefined) {
    return (raw: RawResult): Presented => {
        const lines = outputLines(raw);
        const marks: Mark[] = [];
        lines.forEach((l, i) => {
            const m = fn(l, i);
            if (m) marks.push({ line: i, ...m });
        });
        return { lines, marks };
    };
}

const LSNS_ROW = /^\s*(\d+)\s+(\w+)\s/;

/** lsns -p PID of a pod's process: each namespace row marked pause's-and-shared, its own, or the node's. */
function lsnsMarks(tr: Tr, report: PodNamespaceReport | undefined, nodeOnly = false) {
    const classes = report ? namespaceClasses(report) : new Map<string, NamespaceClass>();
    return marking((line) => {
        const m = LSNS_ROW.exec(line);
        if (!m) return undefined;
        const type = m[2] as NamespaceType;
        const cls = nodeOnly ? "host" : classes.get(namespaceKey(type, Number(m[1])));
        if (cls === undefined) return undefined;
        const key: TextKey = cls === "pod" ? "markShared" : cls === "host" ? "markHost" : "markOwn";
        return { text: tr(key, { type }), kind: cls };
    });
}

/** Lines naming one of the lab pods' PIDs in column `column` (ps -ef: 1; ps -o pid: 0). */
function pidMarks(tr: Tr, f: TourFacts, column: number) {
    return marking((line) => {
        const pid = Number(line.trim().split(/\s+/)[column]);
        if (!Number.isInteger(pid)) return undefined;
        const role = processRole(f, pid);
        if (role.kind === "pause") return { text: tr("markPause", { pod: role.pod }), kind: "pod" };
        if (role.kind === "container") return { text: tr("markContainer", { container: role.container, pod: role.pod }), kind: "info" };
        return undefined;
    });
}

const exec = (f: TourFacts, node: string, ...argv: string[]) => [f.runtime, "exec", node, ...argv];
const kubectl = (f: TourFacts, ...args: string[]) => controlPlaneKubectlArgv(f.runtime, f.controlPlane, ...args);
/** The write-up's shell lines run as written, in a shell on the node (`docker exec -it myk8s-worker bash`). */
const onWorker = (f: TourFacts, line: string) => exec(f, f.worker, "sh", "-c", line);

/** Columns of a kubectl table (two or more spaces apart), by header name. */
export function kubeTable(lines: string[]): Array<Record<string, string>> {
    const header = lines.findIndex((l) => /^NAME\s/.test(l));
    if (header < 0) return [];
    const names = lines[header].trim().split(/\s{2,}/);
    return lines
        .slice(header + 1)
        .filter((l) => l.trim() !== "" && !/^NAME\s/.test(l))
        .map((l) =>
            Object.fromEntries(
                l
                    .trim()
                    .split(/\s{2,}/)
                    .map((v, i) => [names[i] ?? `col${i}`, v]),
            ),
        );
}

const TREE_WIDTH = 150;

/** The pod's summary: which types are pause's and shared, each container's own, the node's. */
function podSummary(tr: Tr, pod: PodNamespaceReport, node: string): string {
    const types = podNamespaceTypes(pod);
    const by = (k: string) => types.filter((t) => typePattern(pod, t).kind === k);
    return tr("verdictPod", { node, shared: by("shared").join(", "), own: by("private").join(", "), host: by("host").join(", ") });
}

/** How the stack's evidence compares with the pod now, type by type. */
function againstStack(tr: Tr, p: TourPod): string {
    const stack = p.stackReport;
    const live = p.live?.report;
    if (!stack || !live) return "";
    const diffs = podNamespaceTypes(live)
        .map((t) => [t, typePattern(stack, t).kind, typePattern(live, t).kind] as const)
        .filter(([, a, b]) => a !== b)
        .map(([t, a, b]) => `${t}: ${a} → ${b}`);
    const sandbox = stack.sandboxId.slice(0, 13);
    return diffs.length === 0 ? tr("verdictMatchesStack", { sandbox }) : tr("verdictDiffersStack", { sandbox, diff: diffs.join(", ") });
}

function podVerdictFor(tr: Tr, p: TourPod | undefined, node: string): Verdict {
    if (!p?.live) return { ok: false, text: tr("verdictNotRunning", { pod: p?.name ?? "?" }) };
    const stackLine = againstStack(tr, p);
    const ok = !stackLine || !stackLine.includes("→");
    return { ok, text: [podSummary(tr, p.live.report, node), stackLine].filter(Boolean).join(" ") };
}

function podNotes(tr: Tr, ...pods: Array<TourPod | undefined>): string[] {
    const notes: string[] = [];
    for (const p of pods) {
        if (!p) continue;
        if (!p.live) notes.push(tr("missingPod", { pod: p.name, why: p.liveError ?? "?" }));
        else if (isStale(p))
            notes.push(
                tr("staleEvidence", {
                    pod: p.name,
                    stackSandbox: p.stackReport!.sandboxId.slice(0, 13),
                    liveSandbox: p.live.report.sandboxId.slice(0, 13),
                }),
            );
    }
    return notes;
}

/** The containerd-shim a pod's pause runs under. */
function shimOf(f: TourFacts, p: TourPod | undefined): number | undefined {
    const pause = p?.live?.report.pause.pid;
    return f.ps.find((x) => x.pid === pause)?.ppid;
}

/** pstree's drawing of the worker, with the given pods' shims drawn whole, as a command's output. */
function treePresent(tr: Tr, f: TourFacts, pods: TourPod[], options: { pids: boolean; namespaces: boolean }) {
    return (): Presented => {
        const expand = new Set(pods.map((p) => shimOf(f, p)).filter((x): x is number => x !== undefined));
        const tree = renderPsTree(f.ps, { ...options, expand, width: TREE_WIDTH });
        const marks: Mark[] = [];
        tree.forEach((l, i) => {
            const role = processRole(f, l.pid);
            if (role.kind === "pause") marks.push({ line: i, text: tr("markPause", { pod: role.pod }), kind: "pod" });
            if (role.kind === "container")
                marks.push({ line: i, text: tr("markContainer", { container: role.container, pod: role.pod }), kind: "info" });
        });
        return { lines: tree.map((l) => l.text), marks };
    };
}

// ---------------------------------------------------------------------------------------------------------------
// the steps

export function planSteps(f: TourFacts, tr: Tr): StepPlan[] {
    const myweb = tourPod(f, SEED.myweb);
    const myweb2 = tourPod(f, SEED.myweb2);
    const r1 = myweb?.live?.report;
    const r2 = myweb2?.live?.report;
    const runtimeCli = f.runtime;
    const stackWorker = f.stackNodes.find((n) => n.name === f.worker);
    const lsns = (pid: number, report: PodNamespaceReport | undefined, note?: string, nodeOnly = false): CommandPlan => ({
        shown: `lsns -p ${pid}`,
        run: { argv: exec(f, f.worker, "lsns", "-p", String(pid)) },
        note,
        present: lsnsMarks(tr, report, nodeOnly),
    });
    const steps: StepPlan[] = [];

    // 2.1: the cluster (made by lab up's `kind create cluster --config - --name NAME`)
    const kindEnv = f.runtime === "docker" ? "" : `KIND_EXPERIMENTAL_PROVIDER=${f.runtime} `;
    steps.push({
        step: "2.1",
        title: tr("title21"),
        lesson: tr("lesson21", { ports: (stackWorker?.publishedPorts ?? []).map((p) => p.hostPort).join(", ") || "-" }),
        notes: [],
        commands: [
            {
                shown: `${kindEnv}kind get nodes --name ${f.clusterName}`,
                // kind follows KIND_EXPERIMENTAL_PROVIDER, which the lab's nodeRuntime key may have set in its stead
                run: { argv: [...(kindEnv ? ["env", kindEnv.trim()] : []), "kind", "get", "nodes", "--name", f.clusterName] },
                present: plain,
            },
        ],
        verdict: ([r]) => {
            const live = outputLines(r)
                .filter((l) => /^\S+$/.test(l))
                .sort();
            const stack = f.stackNodes.map((n) => n.name).sort();
            return live.join() === stack.join() && r.code === 0
                ? { ok: true, text: tr("verdictNodes", { nodes: stack.join(", ") }) }
                : { ok: false, text: tr("verdictNodesDiffer", { live: live.join(", ") || "-", stack: stack.join(", ") }) };
        },
    });

    // 2.2: nodes, addresses, published ports
    // kubectl's row of each node, where its INTERNAL-IP is the one the stack recorded
    const nodeIpMarks = marking((line) => {
        const n = f.stackNodes.find((x) => line.startsWith(`${x.name} `) && line.includes(` ${x.internalIp} `));
        return n ? { text: tr("markNodeIp", { node: n.name }), kind: "info" } : undefined;
    });
    steps.push({
        step: "2.2",
        title: tr("title22"),
        lesson: tr("lesson22"),
        notes: [],
        commands: [
            { shown: "kubectl get nodes -o wide", run: { argv: kubectl(f, "get", "nodes", "-o", "wide") }, present: nodeIpMarks },
            {
                shown: `${runtimeCli} port ${f.worker}`,
                run: { argv: [f.runtime, "port", f.worker] },
                present: marking((line) =>
                    stackWorker?.publishedPorts.some((p) => line.startsWith(`${p.containerPort}/${p.protocol}`))
                        ? { text: tr("markPort"), kind: "info" }
                        : undefined,
                ),
            },
            ...[f.controlPlane, f.worker].map((node) => ({
                shown: `${runtimeCli} exec -it ${node} ip -br -c -4 addr`,
                run: { argv: exec(f, node, "ip", "-br", "-c", "-4", "addr") },
                present: marking((line) => {
                    const n = f.stackNodes.find((x) => x.name === node && line.startsWith("eth0") && line.includes(`${x.internalIp}/`));
                    return n ? { text: tr("markNodeIp", { node: n.name }), kind: "info" } : undefined;
                }),
            })),
        ],
        verdict: ([nodes, port]) => {
            const rows = kubeTable(outputLines(nodes));
            const liveIps = Object.fromEntries(rows.map((r) => [r.NAME, r["INTERNAL-IP"]]));
            const livePorts = outputLines(port)
                .map((l) => /^(\d+)\/(\w+) -> (\S+):(\d+)$/.exec(l))
                .filter((m): m is RegExpExecArray => m !== null)
                .map((m) => `${m[4]}→${m[1]}/${m[2]}`);
            const stackPorts = (stackWorker?.publishedPorts ?? []).map((p) => `${p.hostPort}→${p.containerPort}/${p.protocol}`);
            const ipsOk = f.stackNodes.every((n) => liveIps[n.name] === n.internalIp);
            const portsOk = stackPorts.every((p) => livePorts.includes(p));
            if (ipsOk && portsOk) return { ok: true, text: tr("verdictAddresses", { ports: stackPorts.join(", ") }) };
            return {
                ok: false,
                text: tr("verdictAddressesDiffer", {
                    stack: [...f.stackNodes.map((n) => `${n.name} ${n.internalIp}`), ...stackPorts].join(", "),
                    live: [...Object.entries(liveIps).map(([n, ip]) => `${n} ${ip}`), ...livePorts].join(", "),
                }),
            };
        },
    });

    // 2.3: kube-ops-view
    const nodePort = /:(\d+)\//;
    steps.push({
        step: "2.3",
        title: tr("title23"),
        lesson: tr("lesson23", { url: f.kubeOpsView.url }),
        notes: [],
        commands: [
            {
                shown: `kubectl get deploy,pod,svc,ep -n ${f.kubeOpsView.namespace} -l app.kubernetes.io/instance=kube-ops-view`,
                run: {
                    argv: kubectl(
                        f,
                        "get",
                        "deploy,pod,svc,ep",
                        "-n",
                        f.kubeOpsView.namespace,
                        "-l",
                        "app.kubernetes.io/instance=kube-ops-view",
                    ),
                },
                present: marking((line) =>
                    line.startsWith("service/") && nodePort.test(line) ? { text: tr("markNodePort"), kind: "info" } : undefined,
                ),
            },
            { shown: `GET ${f.kubeOpsView.url}`, run: { get: f.kubeOpsView.url }, note: tr("httpNote"), present: plain },
        ],
        verdict: ([, http]) => {
            const status = /^HTTP (\d+)/.exec(http.stdout)?.[1];
            return status && Number(status) < 400
                ? { ok: true, text: tr("verdictKov", { url: f.kubeOpsView.url, status }) }
                : {
                      ok: false,
                      text: tr("verdictKovDown", { url: f.kubeOpsView.url, why: http.error ?? (http.stdout.trim() || "no answer") }),
                  };
        },
    });

    // 2.4: the worker's services and process tree
    const labPods = f.pods.filter((p) => p.live);
    steps.push({
        step: "2.4",
        title: tr("title24"),
        lesson: tr("lesson24"),
        notes: [],
        commands: [
            {
                shown: "systemctl list-unit-files | grep 'enabled'",
                run: { argv: onWorker(f, "systemctl list-unit-files | grep 'enabled'") },
                present: plain,
            },
            {
                shown: "pstree -aln",
                run: { argv: exec(f, f.worker, "ps", "-e", "-o", PS_FORMAT) },
                note: tr("psmiscNote"),
                present: treePresent(tr, f, labPods, { pids: false, namespaces: false }),
            },
        ],
        verdict: () => {
            const has = (comm: string) => f.ps.some((p) => p.comm === comm);
            const missing = ["containerd", "kubelet"].filter((c) => !has(c));
            const shimless = labPods.filter((p) => !f.ps.find((x) => x.pid === shimOf(f, p))?.comm.startsWith("containerd-shim"));
            missing.push(...shimless.map((p) => `containerd-shim → pause (${p.name})`));
            return missing.length === 0
                ? { ok: true, text: tr("verdictTree", { node: f.worker, pods: labPods.map((p) => p.name).join(", ") }) }
                : { ok: false, text: tr("verdictTreeMissing", { node: f.worker, missing: missing.join(", ") }) };
        },
    });

    // 2.5: myweb
    const mywebApp = r1?.containers[SEED.mywebApp];
    steps.push({
        step: "2.5",
        title: tr("title25"),
        lesson: tr("lesson25"),
        notes: podNotes(tr, myweb),
        pod: SEED.myweb,
        question: "2.5",
        commands: r1
            ? [
                  {
                      shown: "crictl ps",
                      run: { argv: exec(f, f.worker, "crictl", "ps") },
                      beforeQuestion: true,
                      present: crictlPsMarks(tr, f),
                  },
                  {
                      shown: "pstree -aclnpsS",
                      run: { argv: exec(f, f.worker, "ps", "-e", "-o", PS_FORMAT) },
                      note: tr("psmiscNote"),
                      beforeQuestion: true,
                      present: treePresent(tr, f, [myweb!], { pids: true, namespaces: true }),
                  },
                  lsns(1, r1, undefined, true),
                  lsns(r1.pause.pid, r1),
                  ...(mywebApp
                      ? [
                            lsns(
                                mywebApp.pid,
                                r1,
                                "lsns -p $(pgrep nginx): pgrep nginx lists every nginx process on the node; this is myweb's",
                            ),
                        ]
                      : []),
              ]
            : [],
        verdict: () => podVerdictFor(tr, myweb, f.worker),
    });

    // 3.1: myweb2 runs
    steps.push({
        step: "3.1",
        title: tr("title31"),
        lesson: tr("lesson31"),
        notes: podNotes(tr, myweb2),
        pod: SEED.myweb2,
        commands: [
            {
                shown: "kubectl get pod -owide",
                run: { argv: kubectl(f, "get", "pod", "-o", "wide") },
                present: marking((line) => {
                    const p = f.pods.find((x) => x.live && line.startsWith(`${x.name} `));
                    if (!p?.live) return undefined;
                    const ready = tr("markReady", { ready: p.live.ready });
                    return {
                        text: line.includes(` ${p.live.podIP} `)
                            ? `${ready}; ${tr("markPodIp", { pod: p.name }).replace(/^◀ /, "")}`
                            : ready,
                        kind: "info",
                    };
                }),
            },
        ],
        verdict: () =>
            myweb2?.live
                ? {
                      ok: myweb2.live.ready.split("/")[0] === myweb2.live.ready.split("/")[1] && myweb2.live.podIP === myweb2.stack.podIP,
                      text: tr("verdictRunning", {
                          pod: myweb2.name,
                          ready: myweb2.live.ready,
                          node: myweb2.live.node,
                          ip: myweb2.live.podIP,
                          stackIp: myweb2.stack.podIP,
                      }),
                  }
                : { ok: false, text: tr("verdictNotRunning", { pod: SEED.myweb2 }) },
    });

    // 3.2: the two containers' namespaces
    const nginx = r2?.containers[SEED.nginx];
    const netshoot = r2?.containers[SEED.netshoot];
    steps.push({
        step: "3.2",
        title: tr("title32"),
        lesson: tr("lesson32"),
        notes: podNotes(tr, myweb2),
        pod: SEED.myweb2,
        question: "3.2",
        commands: r2
            ? [
                  {
                      shown: "ps -ef | grep 'nginx -g' | grep -v grep",
                      run: { argv: onWorker(f, "ps -ef | grep 'nginx -g' | grep -v grep") },
                      beforeQuestion: true,
                      present: pidMarks(tr, f, 1),
                  },
                  {
                      shown: "ps -ef | grep 'curl' | grep -v grep",
                      run: { argv: onWorker(f, "ps -ef | grep 'curl' | grep -v grep") },
                      beforeQuestion: true,
                      present: pidMarks(tr, f, 1),
                  },
                  ...(nginx ? [lsns(nginx.pid, r2)] : []),
                  ...(netshoot ? [lsns(netshoot.pid, r2)] : []),
              ]
            : [],
        verdict: () => podVerdictFor(tr, myweb2, f.worker),
    });

    // 3.3: pause's own
    steps.push({
        step: "3.3",
        title: tr("title33"),
        lesson: tr("lesson33"),
        notes: podNotes(tr, myweb2),
        pod: SEED.myweb2,
        question: "3.3",
        commands: r2 ? [lsns(r2.pause.pid, r2)] : [],
        verdict: () => podVerdictFor(tr, myweb2, f.worker),
    });

    // 3.4: one network namespace
    const podIpMark = (p: TourPod | undefined) =>
        marking((line) =>
            p?.live && new RegExp(`inet ${p.live.podIP.replace(/\./g, "\\.")}/`).test(line)
                ? { text: tr("markPodIp", { pod: p.name }), kind: "pod" }
                : undefined,
        );
    const nsenter = (pid: number): CommandPlan => ({
        shown: `nsenter -t ${pid} -n ip -c addr`,
        run: { argv: exec(f, f.worker, "nsenter", "-t", String(pid), "-n", "ip", "-c", "addr") },
        beforeQuestion: true,
        present: podIpMark(myweb2),
    });
    steps.push({
        step: "3.4",
        title: tr("title34"),
        lesson: tr("lesson34"),
        notes: podNotes(tr, myweb2),
        pod: SEED.myweb2,
        question: "3.4",
        commands: r2 ? [r2.pause.pid, nginx?.pid, netshoot?.pid].filter((x): x is number => x !== undefined).map(nsenter) : [],
        verdict: () => {
            if (!r2 || !myweb2?.live) return { ok: false, text: tr("verdictNotRunning", { pod: SEED.myweb2 }) };
            const sets = [r2.pause.addresses, ...Object.values(r2.containers).map((c) => c.addresses)].map((a) => a.join(" "));
            const same = sets.every((s) => s === sets[0]);
            const ip = myweb2.live.podIP;
            return same && sets[0].includes(` ${ip}/`)
                ? { ok: true, text: tr("verdictSameAddresses", { containers: Object.keys(r2.containers).join(", "), ip }) }
                : { ok: false, text: tr("verdictDifferentAddresses", { diff: sets.join(" | ") }) };
        },
    });

    // 3.5: crictl inspect
    const inspectCmd = (name: string): CommandPlan | undefined => {
        const c = r2?.containers[name];
        if (!c) return undefined;
        return {
            shown: `crictl inspect ${c.id.slice(0, 13)} | jq`,
            run: { argv: exec(f, f.worker, "crictl", "inspect", c.id) },
            note: tr("jqNote"),
            present: (raw) => specNamespaces(tr, raw, r2!.pause.pid),
        };
    };
    steps.push({
        step: "3.5",
        title: tr("title35"),
        lesson: tr("lesson35"),
        notes: podNotes(tr, myweb2),
        pod: SEED.myweb2,
        commands: r2
            ? [
                  { shown: "crictl ps", run: { argv: exec(f, f.worker, "crictl", "ps") }, present: crictlPsMarks(tr, f) },
                  ...[SEED.nginx, SEED.netshoot].map(inspectCmd).filter((c): c is CommandPlan => c !== undefined),
              ]
            : [],
        verdict: () => {
            if (!r2) return { ok: false, text: tr("verdictNotRunning", { pod: SEED.myweb2 }) };
            if (!r2.consistent) return { ok: false, text: tr("verdictSpecInconsistent", { why: r2.inconsistencies.join("; ") }) };
            const types = podNamespaceTypes(r2);
            return {
                ok: true,
                text: tr("verdictSpec", {
                    pid: r2.pause.pid,
                    containers: Object.keys(r2.containers).join(", "),
                    joined: types.filter((t) => typePattern(r2, t).kind === "shared").join(","),
                    created: types.filter((t) => typePattern(r2, t).kind === "private").join(", "),
                }),
            };
        },
    });

    // 6: summary, one ps table per pod: processes as rows, namespaces as columns
    const grid = (p: TourPod): CommandPlan | undefined => {
        const r = p.live?.report;
        if (!r) return undefined;
        const pids = [r.pause.pid, ...Object.values(r.containers).map((c) => c.pid)].join(",");
        return {
            shown: `ps -o pid,netns,ipcns,utsns,mntns,pidns,cgroupns,args -p ${pids}`,
            run: { argv: exec(f, f.worker, "ps", "-o", "pid,netns,ipcns,utsns,mntns,pidns,cgroupns,args", "-p", pids) },
            present: pidMarks(tr, f, 0),
        };
    };
    const seedPods = [myweb, myweb2].filter((p): p is TourPod => p !== undefined);
    const cgroupHost = seedPods.some((p) => p.live && typePattern(p.live.report, "cgroup").kind === "host");
    steps.push({
        step: "6",
        title: tr("title6"),
        lesson: [tr("lesson6"), ...(cgroupHost ? [tr("cgroupV1Note")] : [])].join(" "),
        notes: podNotes(tr, ...seedPods),
        pod: SEED.myweb2,
        commands: seedPods.map(grid).filter((c): c is CommandPlan => c !== undefined),
        verdict: () => {
            const verdicts = seedPods.map((p) => ({ p, v: podVerdictFor(tr, p, f.worker) }));
            return { ok: verdicts.every((x) => x.v.ok), text: verdicts.map((x) => `${x.p.name}: ${x.v.text}`).join("\n") };
        },
    });
    return steps;
}

/** crictl ps: the lab pods' containers marked. */
function crictlPsMarks(tr: Tr, f: TourFacts) {
    return marking((line) => {
        const id = line.split(/\s+/)[0];
        for (const p of f.pods) {
            for (const [name, c] of Object.entries(p.live?.report.containers ?? {})) {
                if (id.length >= 12 && c.id.startsWith(id))
                    return { text: tr("markContainer", { container: name, pod: p.name }), kind: "info" };
            }
        }
        return undefined;
    });
}

/** crictl inspect's runtime spec namespaces, one JSON line each, marked joined (a path into pause's /proc) or new. */
export function specNamespaces(tr: Tr, raw: RawResult, pausePid: number): Presented {
    let doc: { info?: { pid?: number; runtimeSpec?: { linux?: { namespaces?: Array<{ type?: string; path?: string }> } } } };
    try {
        doc = JSON.parse(raw.stdout);
    } catch {
        return plain(raw);
    }
    const namespaces = doc.info?.runtimeSpec?.linux?.namespaces;
    if (!Array.isArray(namespaces)) return plain(raw);
    const lines = ['"info": {', `  "pid": ${JSON.stringify(doc.info?.pid)},`, '  "runtimeSpec": { "linux": { "namespaces": ['];
    const marks: Mark[] = [];
    namespaces.forEach((n, i) => {
        lines.push(`    ${JSON.stringify(n).replace(/,"/g, ', "').replace(/":/g, '": ')}${i < namespaces.length - 1 ? "," : ""}`);
        const type = n.type === "network" ? "net" : n.type === "mount" ? "mnt" : (n.type ?? "?");
        if (n.path?.startsWith(`/proc/${pausePid}/`))
            marks.push({ line: lines.length - 1, text: tr("markJoins", { pid: pausePid, type }), kind: "pod" });
        else if (!n.path) marks.push({ line: lines.length - 1, text: tr("markCreates", { type }), kind: "private" });
    });
    lines.push("  ] } }", "}");
    return { lines, marks };
}
