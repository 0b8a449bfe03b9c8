// `lab status`: the lab as it is now against what the stack recorded, one line per check and, for each problem, the
// fix. Pure (no Pulumi import, no I/O): cli/status.ts gathers the facts (the stack's outputs, the node runtime, the
// cluster's API through the control plane's kubectl, crictl on the nodes, an HTTP GET) and this module judges them.
import { ClusterAssessment, controlPlaneKubectlArgv, describeCondition } from "./clusterState";
import type { CommandRunner } from "./commandRunner";
import type { NodeRuntime } from "../lab/configSchema";
import type * as k8s from "@pulumi/kubernetes/types/output";
import type { NodeFacts, PodFacts } from "../lab/stackOutputs";

/** A pod as the cluster's API reports it (kubectl get pods -o json, narrowed). */
export interface LivePod {
    namespace: string;
    name: string;
    uid: string;
    phase: string;
    /** Being deleted (metadata.deletionTimestamp): an old template's pod on its way out, not one to judge. */
    terminating?: boolean;
    /** Its ReplicaSet's template (label pod-template-hash), where it has one. */
    templateHash?: string;
    node: string;
    /** Why a container does not run: its waiting or terminated reason (ErrImagePull, CrashLoopBackOff, ...). */
    reasons: string[];
    /** The first line of that container's message, where the kubelet gave one (e.g. "exec format error"). */
    messages: string[];
    /** Its Ready condition. */
    ready: boolean;
    /** READY as kubectl prints it: containers ready / containers, e.g. "2/2". */
    readyContainers: string;
    /** Its IP, once it has one. */
    podIP?: string;
    /**
     * The last lines its crashed container wrote (`kubectl logs --previous`), where someone asked: a binary for another
     * CPU exits with "exec format error" there and nowhere in the pod's status.
     */
    lastLog?: string;
}

export interface LiveNode {
    name: string;
    ready: boolean;
}

export interface StatusFacts {
    stack: string;
    clusterName: string;
    runtime: NodeRuntime;
    /** The stack's outputs that status reads; undefined when the stack has none (never up, or destroyed). */
    outputs?: {
        nodes?: NodeFacts[];
        pods?: Record<string, PodFacts>;
        namespaceReport?: Record<string, { sandboxId: string; node: string }>;
        kubeOpsViewUrl?: string;
        kubeOpsView?: { namespace: string };
    };
    /** The node runtime's view; error: it did not answer. */
    cluster: { assessment: ClusterAssessment; ips: Record<string, string> } | { error: string };
    /** The cluster's API; undefined when not asked (cluster not running), error when it did not answer. */
    kube?: { nodes: LiveNode[]; pods: LivePod[] } | { error: string };
    /** Pod UID → its ready sandbox now ("" none), from crictl on each node; undefined when not asked. */
    sandboxes?: Record<string, string>;
    /** GET kubeOpsViewUrl; undefined when not asked. */
    http?: { status: number } | { error: string };
}

export interface StatusCheck {
    /** What was checked: "cluster", "nodes", "kube-ops-view", "pod myweb", "evidence myweb", "node facts". */
    subject: string;
    ok: boolean;
    /** One line: what was seen and, when not ok, the fix. */
    line: string;
}

export interface LabStatus {
    stack: string;
    healthy: boolean;
    checks: StatusCheck[];
}

// The SDK's own types (type-only), every field optional as JSON from kubectl may leave any out.
type Partially<T> = { [K in keyof T]?: T[K] extends object ? Partially<T[K]> : T[K] };
type ContainerStatus = Partially<k8s.core.v1.ContainerStatus>;
type KubeItem = { kind?: string } & Partially<Pick<k8s.core.v1.Pod, "metadata">> & {
        spec?: Partially<k8s.core.v1.PodSpec> & Partially<Pick<k8s.apps.v1.DeploymentSpec, "replicas">>;
        status?: Partially<k8s.core.v1.PodStatus> &
            Partially<Pick<k8s.core.v1.NodeStatus, "conditions">> &
            Partially<Pick<k8s.apps.v1.DeploymentStatus, "observedGeneration" | "replicas" | "updatedReplicas" | "availableReplicas">>;
    };

/** A Deployment's rollout, as `kubectl rollout status` judges it. */
export interface LiveDeployment {
    namespace: string;
    name: string;
    /** Every replica runs the current template and is available. */
    complete: boolean;
    /** Its controller has seen the current template (observedGeneration ≥ generation); false right after a change. */
    observed: boolean;
    /** The pod-template-hash of its newest ReplicaSet (highest revision), when the list has its ReplicaSets. */
    currentHash?: string;
}

/** `kubectl get nodes,pods[,deployments] -o json` → nodes (Ready), pods (phase, node, why a container does not run), rollouts. */
export function parseKubeList(text: string): { nodes: LiveNode[]; pods: LivePod[]; deployments: LiveDeployment[] } | { error: string } {
    let list: { items?: KubeItem[] };
    try {
        list = JSON.parse(text);
    } catch {
        return { error: "kubectl printed no JSON" };
    }
    const nodes: LiveNode[] = [];
    const pods: LivePod[] = [];
    const deployments: LiveDeployment[] = [];
    // ReplicaSets: the newest revision of each Deployment is its current template (kubectl rollout status does the same)
    const newest = new Map<string, { revision: number; hash: string }>();
    for (const item of list.items ?? []) {
        if (item.kind !== "ReplicaSet") continue;
        const owner = (item.metadata?.ownerReferences ?? []).find((o) => o?.kind === "Deployment")?.name;
        const revision = Number(item.metadata?.annotations?.["deployment.kubernetes.io/revision"] ?? NaN);
        const hash = item.metadata?.labels?.["pod-template-hash"];
        if (!owner || !hash || !Number.isFinite(revision)) continue;
        const key = `${item.metadata?.namespace}/${owner}`;
        if ((newest.get(key)?.revision ?? -1) < revision) newest.set(key, { revision, hash });
    }
    for (const item of list.items ?? []) {
        if (item.kind === "Deployment") {
            const want = item.spec?.replicas ?? 1;
            const st = item.status ?? {};
            const observed = (st.observedGeneration ?? 0) >= (item.metadata?.generation ?? 0);
            const current = newest.get(`${item.metadata?.namespace}/${item.metadata?.name}`)?.hash;
            deployments.push({
                namespace: String(item.metadata?.namespace),
                name: String(item.metadata?.name),
                complete:
                    observed && (st.updatedReplicas ?? 0) === want && (st.replicas ?? 0) === want && (st.availableReplicas ?? 0) === want,
                observed,
                ...(current ? { currentHash: current } : {}),
            });
        } else if (item.kind === "Node") {
            const ready = Object.values(item.status?.conditions ?? {}).some((c) => c?.type === "Ready" && c.status === "True");
            nodes.push({ name: String(item.metadata?.name), ready });
        } else if (item.kind === "Pod") {
            const reasons: string[] = [];
            const messages: string[] = [];
            const statuses = Object.values(item.status?.containerStatuses ?? {}) as ContainerStatus[];
            for (const cs of statuses) {
                for (const s of [cs.state?.waiting, cs.state?.terminated, cs.lastState?.terminated]) {
                    if (!s) continue;
                    if (s.reason && !reasons.includes(s.reason) && !(s === cs.lastState?.terminated && cs.state?.running))
                        reasons.push(s.reason);
                    if (s.message) messages.push(String(s.message).split("\n")[0]);
                }
            }
            pods.push({
                namespace: String(item.metadata?.namespace),
                name: String(item.metadata?.name),
                uid: String(item.metadata?.uid),
                phase: String(item.status?.phase ?? "Unknown"),
                node: String(item.spec?.nodeName ?? ""),
                reasons: reasons.filter((r) => r !== "Completed"),
                messages,
                ready: Object.values(item.status?.conditions ?? {}).some((c) => c?.type === "Ready" && c.status === "True"),
                readyContainers: `${statuses.filter((cs) => cs.ready).length}/${item.spec?.containers?.length ?? statuses.length}`,
                ...(item.status?.podIP ? { podIP: item.status.podIP } : {}),
                ...(item.metadata?.deletionTimestamp ? { terminating: true } : {}),
                ...(item.metadata?.labels?.["pod-template-hash"] ? { templateHash: item.metadata.labels["pod-template-hash"] } : {}),
            });
        }
    }
    return { nodes, pods, deployments };
}

const UP = "npm run lab -- up";

/** The kube-ops-view pod's trouble in words a user can act on; undefined when nothing says why. */
export function kubeOpsViewTrouble(pods: LivePod[], namespace: string): string | undefined {
    const pod = kubeOpsViewPods(pods, namespace)[0];
    if (!pod) return `no kube-ops-view pod in namespace ${namespace}`;
    const text = [...pod.reasons, ...pod.messages, pod.lastLog ?? ""].join(" ");
    if (/exec format error/i.test(text)) {
        return `pod ${pod.name}: ${pod.reasons.join(", ") || pod.phase}, exec format error: its image is for another CPU (hjacobs/kube-ops-view:20.4.0 is amd64 only, hjacobs/kube-ops-view#258): pulumi config set kind-pause-lab:kubeOpsViewImage with a multi-arch image`;
    }
    if (/no match for platform|ErrImagePull|ImagePullBackOff|InvalidImageName/i.test(text)) {
        const detail = pod.messages.find((m) => m !== "") ?? pod.reasons.join(", ");
        return `pod ${pod.name}: ${pod.reasons.join(", ")} (${detail}): the node cannot get its image; pulumi config set kind-pause-lab:kubeOpsViewImage to one it can pull, or load it into the node`;
    }
    const said = pod.lastLog?.split("\n").find((l) => l.trim() !== "") ?? pod.messages[0];
    if (pod.reasons.length > 0) return `pod ${pod.name}: ${pod.reasons.join(", ")}${said ? ` (${said.trim()})` : ""}`;
    if (pod.phase !== "Running") return `pod ${pod.name} is ${pod.phase}`;
    return undefined;
}

/**
 * While kube-ops-view starts: ready; still starting; or failing, with the reason. `settled` failures do not pass by
 * themselves (an image for another CPU, a crash loop); a pull error may be a registry's passing fault, so the waiter
 * gives it a little time before it believes it.
 */
export type Progress = { state: "ready" } | { state: "starting"; why: string } | { state: "failing"; why: string; settled: boolean };

/** The crash-looping kube-ops-view pods whose last words are worth asking for (`kubectl logs --previous`). */
export function crashedKubeOpsViewPods(pods: LivePod[], namespace: string): string[] {
    return kubeOpsViewPods(pods, namespace)
        .filter((p) => !p.ready && p.lastLog === undefined)
        .filter((p) => p.reasons.some((r) => r === "CrashLoopBackOff" || r === "Error"))
        .map((p) => p.name);
}

/**
 * Fills in `lastLog` of each crash-looping kube-ops-view pod from `kubectl logs --previous` on the control plane: a
 * binary for another CPU says "exec format error" there and nowhere in the pod's status.
 */
export async function readCrashLogs(
    pods: LivePod[],
    namespace: string,
    run: CommandRunner,
    runtime: NodeRuntime,
    controlPlane: string,
): Promise<void> {
    for (const name of crashedKubeOpsViewPods(pods, namespace)) {
        const log = await run(
            controlPlaneKubectlArgv(runtime, controlPlane, "logs", "--namespace", namespace, "--previous", "--tail=5", name),
            20_000,
        );
        const pod = pods.find((p) => p.name === name);
        if (pod && log.code === 0) pod.lastLog = log.stdout.trim();
    }
}

/** kube-ops-view's pods in its namespace (the chart names them after the release), less those being deleted. */
function kubeOpsViewPods(pods: LivePod[], namespace: string): LivePod[] {
    return pods.filter((p) => p.namespace === namespace && p.name.startsWith("kube-ops-view") && !p.terminating);
}

export function kubeOpsViewProgress(pods: LivePod[], namespace: string, deployments?: LiveDeployment[]): Progress {
    // with the Deployment known, its rollout decides: while a new template rolls out, the old pod stays Ready
    const deployment = deployments?.find((d) => d.namespace === namespace && d.name.startsWith("kube-ops-view"));
    const kovPods = kubeOpsViewPods(pods, namespace);
    if (deployment ? deployment.complete : kovPods.some((p) => p.ready)) return { state: "ready" };
    // Right after a change (a fixed kubeOpsViewImage) the pods are still the old template's, crashing as before: judge
    // none until the controller has seen the change, and then only the pods of its newest ReplicaSet.
    if (deployment && !deployment.observed) return { state: "starting", why: "its Deployment has not taken the new template yet" };
    const current = deployment?.currentHash;
    const mine = kovPods.filter((p) => !p.ready && (current === undefined || p.templateHash === undefined || p.templateHash === current));
    const why = kubeOpsViewTrouble(mine, namespace) ?? (mine.length === 0 ? "no kube-ops-view pod yet" : "its pod is not Ready yet");
    const text = mine.flatMap((p) => [...p.reasons, ...p.messages, p.lastLog ?? ""]).join(" ");
    if (/exec format error|CrashLoopBackOff/i.test(text)) return { state: "failing", why, settled: true };
    if (/ErrImagePull|ImagePullBackOff|InvalidImageName|no match for platform/i.test(text))
        return { state: "failing", why, settled: false };
    return { state: "starting", why };
}

export function assessLab(f: StatusFacts): LabStatus {
    const checks: StatusCheck[] = [];
    const add = (subject: string, ok: boolean, line: string) => checks.push({ subject, ok, line });
    const out = f.outputs;
    if (out === undefined || out.pods === undefined) {
        add("stack", false, `stack ${f.stack} has no lab yet (no outputs: never up, or destroyed): ${UP}`);
    }

    // the cluster, as the node runtime has it
    if ("error" in f.cluster) {
        add("cluster", false, `cannot see kind cluster ${f.clusterName}: ${f.cluster.error}`);
        return { stack: f.stack, healthy: false, checks };
    }
    const a = f.cluster.assessment;
    if (a.condition === "running") {
        add("cluster", true, `kind cluster ${f.clusterName}: ${a.boot.split(",").length} node containers running (${f.runtime})`);
    } else {
        const fix =
            a.condition === "stopped"
                ? `${UP} starts them`
                : a.condition === "partial"
                  ? `${UP} makes the cluster anew`
                  : `${UP} makes it anew`;
        add("cluster", false, `${describeCondition(f.clusterName, f.runtime, a)}: ${fix}`);
        return { stack: f.stack, healthy: false, checks };
    }

    // node facts recorded against the nodes' addresses now
    if (out?.nodes) {
        const ips = f.cluster.ips;
        const moved = out.nodes.filter((n) => ips[n.name] !== n.internalIp);
        add(
            "node facts",
            moved.length === 0,
            moved.length === 0
                ? "node facts match the nodes (addresses as recorded)"
                : `node facts are stale: ${moved.map((n) => `${n.name} was ${n.internalIp}, is ${ips[n.name] || "gone"}`).join("; ")}: ${UP} reads them again`,
        );
    }

    // the cluster's API: nodes Ready, pods
    if (f.kube === undefined) return finish(f.stack, checks);
    if ("error" in f.kube) {
        add("nodes", false, `the cluster's API does not answer (${f.kube.error}): wait a minute after a restart, then ${UP}`);
        return finish(f.stack, checks);
    }
    const notReady = f.kube.nodes.filter((n) => !n.ready).map((n) => n.name);
    add(
        "nodes",
        notReady.length === 0 && f.kube.nodes.length > 0,
        notReady.length === 0 && f.kube.nodes.length > 0
            ? `${f.kube.nodes.length} nodes Ready`
            : `node(s) not Ready: ${notReady.join(", ") || "none registered"} (the kubelet is starting, or the CNI is not up): wait, then lab status again`,
    );

    // kube-ops-view on its published port
    if (out?.kubeOpsViewUrl && f.http !== undefined) {
        if ("status" in f.http && f.http.status >= 200 && f.http.status < 400) {
            add("kube-ops-view", true, `kube-ops-view answers HTTP ${f.http.status} at ${out.kubeOpsViewUrl}`);
        } else {
            const seen = "status" in f.http ? `HTTP ${f.http.status}` : f.http.error;
            const why = kubeOpsViewTrouble(f.kube.pods, out.kubeOpsView?.namespace ?? "kube-system");
            add("kube-ops-view", false, `kube-ops-view does not answer at ${out.kubeOpsViewUrl} (${seen})${why ? `: ${why}` : `: ${UP}`}`);
        }
    }

    // each lab pod, and the evidence taken from it
    for (const [name, recorded] of Object.entries(out?.pods ?? {})) {
        const live = f.kube.pods.find((p) => p.namespace === "default" && p.name === name);
        if (!live) {
            add(`pod ${name}`, false, `pod ${name} is gone (deleted by hand?): ${UP} makes it again and probes it`);
            continue;
        }
        if (live.uid !== recorded.uid) {
            add(
                `pod ${name}`,
                false,
                `pod ${name} was replaced outside the stack (UID ${live.uid}, the evidence is of ${recorded.uid}): ${UP}`,
            );
            continue;
        }
        const running = live.phase === "Running" && live.reasons.length === 0;
        add(
            `pod ${name}`,
            running,
            running
                ? `pod ${name}: Running on ${live.node}, the UID the evidence names`
                : `pod ${name}: ${live.phase}${live.reasons.length ? ` (${live.reasons.join(", ")})` : ""}: wait, or ${UP}`,
        );
        const evidence = out?.namespaceReport?.[name];
        const now = f.sandboxes?.[live.uid];
        if (evidence && now !== undefined) {
            const fresh = now === evidence.sandboxId;
            add(
                `evidence ${name}`,
                fresh,
                fresh
                    ? `evidence of ${name} is fresh (sandbox ${evidence.sandboxId.slice(0, 12)})`
                    : `evidence of ${name} is stale: taken from sandbox ${evidence.sandboxId.slice(0, 12)}, the pod now runs ${now ? `sandbox ${now.slice(0, 12)}` : "no ready sandbox"} (its node restarted?): ${UP} probes it again`,
            );
        }
    }
    return finish(f.stack, checks);
}

function finish(stack: string, checks: StatusCheck[]): LabStatus {
    return { stack, healthy: checks.every((c) => c.ok), checks };
}

/** The screen: a header, one line per check (✔/✘, or ok/!! without a TTY's fonts), a verdict. */
export function renderStatus(status: LabStatus, runtime: NodeRuntime): string {
    const lines = [`lab status of stack ${status.stack} (${runtime})`];
    for (const c of status.checks) lines.push(`  ${c.ok ? "ok" : "!!"}  ${c.line}`);
    const problems = status.checks.filter((c) => !c.ok).length;
    lines.push(status.healthy ? "healthy" : `${problems} problem${problems === 1 ? "" : "s"}`);
    return `${lines.join("\n")}\n`;
}
