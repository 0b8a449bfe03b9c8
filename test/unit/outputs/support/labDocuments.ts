// Builds stack-output documents the way the stack would publish them, for tests and the diff benchmark: a pod
// is described by its namespace verdicts, and one "run" (a seed) supplies every volatile value — PIDs, inodes,
// container/sandbox ids, pod UID and IP, timestamps, kubelet's random names — consistently across the
// namespace report, the raw `lsns -p` tables and the `crictl inspect` JSON. Two seeds = two runs of one stack.
import { stringify } from "yaml";
import { NAMESPACE_TYPES, NamespaceType, PodNamespaceReport, Sharing } from "../../../../probe/types";
import type { LabStackOutputs, NodeFacts } from "../../../../lab/stackOutputs";

/** The six types every kernel here shows; user and time are added where a document needs them. */
export const CORE_NAMESPACE_TYPES: readonly NamespaceType[] = NAMESPACE_TYPES.filter((t) => t !== "user" && t !== "time");

export interface ContainerSpec {
    name: string;
    command: string;
    /** Verdict per core type; types not listed are private. */
    sharing?: Partial<Record<NamespaceType, Sharing>>;
}

/** Values a pod must have instead of random ones (to match real captures such as the seed's crictl inspect). */
export interface PinnedPodValues {
    uid: string;
    sandboxId: string;
    pausePid: number;
    containers: Record<string, { id: string; pid: number }>;
}

export interface PodSpec {
    name: string;
    pinned?: PinnedPodValues;
    /** Real `crictl inspect` texts to publish instead of generated ones, by container. */
    realInspect?: Record<string, string>;
    node?: string;
    /** Types where pause itself is in the node's namespace (hostNetwork → net, uts; hostIPC → ipc). */
    pauseHost?: NamespaceType[];
    containers: ContainerSpec[];
}

/** The seed's pods: net/ipc/uts shared through pause, mnt/pid/cgroup private. */
export const SEED_PODS: PodSpec[] = [
    { name: "myweb", containers: [{ name: "myweb-container", command: "nginx: master process nginx -g daemon off;" }] },
    {
        name: "myweb2",
        containers: [
            { name: "myweb2-nginx", command: "nginx: master process nginx -g daemon off;" },
            { name: "myweb2-netshoot", command: "/bin/bash -c while true; do sleep 5; curl localhost; done" },
        ],
    },
];

export const SEED_SHARING: Partial<Record<NamespaceType, Sharing>> = {
    net: "pod",
    ipc: "pod",
    uts: "pod",
    mnt: "private",
    pid: "private",
    cgroup: "private",
};

/** Deterministic PRNG (mulberry32): the same seed gives the same run. */
export function rng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** One run's supply of unique volatile values. */
export class RunValues {
    private readonly random: () => number;
    private readonly used = new Set<string>();
    constructor(seed: number) {
        this.random = rng(seed);
    }
    private unique(make: () => string): string {
        for (;;) {
            const v = make();
            if (!this.used.has(v)) {
                this.used.add(v);
                return v;
            }
        }
    }
    int(min: number, max: number): number {
        return min + Math.floor(this.random() * (max - min + 1));
    }
    hex(length: number): string {
        return this.unique(() => Array.from({ length }, () => "0123456789abcdef"[this.int(0, 15)]).join(""));
    }
    /** PIDs of a busy node, clear of the small numbers the texts contain (ports, counts, 65535). */
    pid(): number {
        return Number(this.unique(() => String(this.int(200, 60000))));
    }
    inode(): number {
        return Number(this.unique(() => String(this.int(4026531835, 4026539999))));
    }
    uuid(): string {
        const h = this.hex(32);
        return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }
    generatedSuffix(): string {
        const alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return this.unique(() => Array.from({ length: 5 }, () => alphabet[this.int(0, alphabet.length - 1)]).join(""));
    }
    podIp(): string {
        return this.unique(() => `10.244.${this.int(1, 2)}.${this.int(2, 254)}`);
    }
    timestamp(): string {
        const ns = String(this.int(0, 999999999)).padStart(9, "0");
        return `2026-0${this.int(1, 9)}-1${this.int(0, 9)}T1${this.int(0, 9)}:${this.int(10, 59)}:${this.int(10, 59)}.${ns}Z`;
    }
}

const CRICTL_TYPE: Record<string, string> = { net: "network", mnt: "mount", ipc: "ipc", uts: "uts", pid: "pid", cgroup: "cgroup" };
const WORKER = "myk8s-worker";

interface Member {
    name: string;
    pid: number;
    command: string;
    user: string;
    namespaces: Partial<Record<NamespaceType, number>>;
    sharing: Partial<Record<NamespaceType, Sharing>>;
}

/** The `kindConfig` output's text: kind's two-node Cluster with these port mappings on the worker. */
export function kindConfigText(workerMappings: { containerPort: number; hostPort: number }[]): string {
    return stringify({
        kind: "Cluster",
        apiVersion: "kind.x-k8s.io/v1alpha4",
        nodes: [{ role: "control-plane" }, { role: "worker", extraPortMappings: workerMappings }],
    });
}

/** A whole `pulumi stack output --json --show-secrets`-like document (kubeconfig masked unless told). */
export function buildStackOutputs(pods: PodSpec[], seed: number, options: { showSecrets?: boolean } = {}): LabStackOutputs {
    const run = new RunValues(seed);
    // The node's own namespaces (its PID 1 inside the kind node container).
    const host: Partial<Record<NamespaceType, number>> = {};
    for (const t of [...CORE_NAMESPACE_TYPES, "user", "time"] as NamespaceType[]) host[t] = run.inode();
    const outputs: LabStackOutputs = {
        clusterName: "myk8s",
        kubeconfig: options.showSecrets
            ? `apiVersion: v1\nclusters:\n- cluster:\n    server: https://127.0.0.1:${run.int(30002, 60000)}\n`
            : "[secret]",
        kindConfig: kindConfigText([
            { containerPort: 30000, hostPort: 30000 },
            { containerPort: 30001, hostPort: 30001 },
        ]),
        nodes: nodeFacts(run),
        kubeOpsViewUrl: "http://localhost:30000/#scale=1.5",
        kubeOpsView: {
            chart: "kube-ops-view",
            version: "1.2.2",
            repo: "https://geek-cookbook.github.io/charts/",
            namespace: "kube-system",
            values: { service: { main: { type: "NodePort", ports: { http: { nodePort: 30000 } } } }, env: { TZ: "Asia/Seoul" } },
        },
        pods: {},
        lsns: {},
        crictlInspect: {},
        namespaceReport: {},
    };
    for (const spec of pods) {
        const uid = spec.pinned?.uid ?? run.uuid();
        const podIp = spec.pauseHost?.includes("net") ? outputs.nodes[1].internalIp : run.podIp();
        const sandboxId = spec.pinned?.sandboxId ?? run.hex(64);
        const pause: Member = {
            name: "pause",
            pid: spec.pinned?.pausePid ?? run.pid(),
            command: "/pause",
            user: "65535",
            namespaces: {},
            sharing: {},
        };
        for (const t of [...CORE_NAMESPACE_TYPES, "user", "time"] as NamespaceType[]) {
            const isHost = t === "user" || t === "time" || (spec.pauseHost ?? []).includes(t);
            pause.namespaces[t] = isHost ? host[t] : run.inode();
            pause.sharing[t] = isHost ? "host" : "private";
        }
        const members: Member[] = spec.containers.map((c) => {
            const m: Member = {
                name: c.name,
                pid: spec.pinned?.containers[c.name]?.pid ?? run.pid(),
                command: c.command,
                user: "root",
                namespaces: {},
                sharing: {},
            };
            for (const t of [...CORE_NAMESPACE_TYPES, "user", "time"] as NamespaceType[]) {
                let verdict: Sharing = t === "user" || t === "time" ? "host" : (c.sharing?.[t] ?? SEED_SHARING[t] ?? "private");
                if (verdict === "pod" && pause.sharing[t] === "host") verdict = "host"; // host is checked first
                m.namespaces[t] = verdict === "pod" ? pause.namespaces[t] : verdict === "host" ? host[t] : run.inode();
                m.sharing[t] = verdict;
            }
            return m;
        });
        const addresses = (m: Member) =>
            m.namespaces.net === host.net
                ? ["eth0 " + outputs.nodes[1].internalIp + "/16", "lo 127.0.0.1/8"]
                : m.namespaces.net === pause.namespaces.net
                  ? [`eth0 ${podIp}/24`, "lo 127.0.0.1/8"]
                  : ["lo 127.0.0.1/8"];
        const ids = Object.fromEntries(members.map((m) => [m.name, spec.pinned?.containers[m.name]?.id ?? run.hex(64)]));
        const report: PodNamespaceReport = {
            node: spec.node ?? WORKER,
            sandboxId,
            pause: { pid: pause.pid, namespaces: pause.namespaces, sharing: pause.sharing, addresses: addresses(pause) },
            containers: Object.fromEntries(
                members.map((m) => [
                    m.name,
                    { id: ids[m.name], pid: m.pid, namespaces: m.namespaces, sharing: m.sharing, addresses: addresses(m) },
                ]),
            ),
            consistent: true,
            inconsistencies: [],
        };
        outputs.namespaceReport[spec.name] = report;
        outputs.pods[spec.name] = { uid, nodeName: report.node, podIP: podIp, containers: spec.containers.map((c) => c.name) };
        const all = [pause, ...members];
        outputs.lsns[spec.name] = Object.fromEntries(all.map((m) => [m.name, lsnsTable(m, all, host, run)]));
        outputs.crictlInspect[spec.name] = Object.fromEntries(
            members.map((m) => [m.name, crictlInspect(spec.name, uid, sandboxId, ids[m.name], m, pause, run)]),
        );
        for (const [name, text] of Object.entries(spec.realInspect ?? {})) outputs.crictlInspect[spec.name][name] = text;
    }
    return outputs;
}

function nodeFacts(run: RunValues): NodeFacts[] {
    const ip = () => `172.18.0.${run.int(2, 9)}${run.int(0, 9)}`;
    const controlIp = ip();
    let workerIp = ip();
    while (workerIp === controlIp) workerIp = ip();
    return [
        {
            name: "myk8s-control-plane",
            role: "control-plane",
            internalIp: controlIp,
            publishedPorts: [{ containerPort: 6443, protocol: "tcp", hostIp: "127.0.0.1", hostPort: run.int(30002, 60000) }],
        },
        {
            name: WORKER,
            role: "worker",
            internalIp: workerIp,
            publishedPorts: [
                { containerPort: 30000, protocol: "tcp", hostIp: "0.0.0.0", hostPort: 30000 },
                { containerPort: 30001, protocol: "tcp", hostIp: "0.0.0.0", hostPort: 30001 },
            ],
        },
    ];
}

/** `lsns -p PID` as util-linux prints it: one row per namespace, sorted by inode; PID = lowest PID in it. */
function lsnsTable(target: Member, all: Member[], host: Partial<Record<NamespaceType, number>>, run: RunValues): string {
    const rows = (Object.entries(target.namespaces) as Array<[NamespaceType, number]>)
        .sort((a, b) => a[1] - b[1])
        .map(([type, inode]) => {
            const holders = all.filter((m) => m.namespaces[type] === inode).sort((a, b) => a.pid - b.pid);
            const isHost = inode === host[type];
            return {
                ns: String(inode),
                type,
                nprocs: String(isHost ? run.int(20, 40) : holders.length + run.int(0, 2)),
                pid: isHost ? "1" : String(holders[0].pid),
                user: isHost ? "root" : holders[0].user,
                command: isHost ? "/sbin/init" : holders[0].command,
            };
        });
    const header = { ns: "NS", type: "TYPE", nprocs: "NPROCS", pid: "PID", user: "USER", command: "COMMAND" };
    const all2 = [header, ...rows];
    const w = (k: keyof typeof header) => Math.max(...all2.map((r) => r[k].length));
    return all2
        .map((r) =>
            `${r.ns.padStart(w("ns"))} ${r.type.padEnd(w("type"))} ${r.nprocs.padStart(w("nprocs"))} ${r.pid.padStart(w("pid"))} ${r.user.padEnd(w("user"))} ${r.command}`.trimEnd(),
        )
        .join("\n");
}

/** containerd's `crictl inspect` shape, trimmed to the fields that carry run state and namespace joins. */
function crictlInspect(podName: string, uid: string, sandboxId: string, id: string, m: Member, pause: Member, run: RunValues): string {
    const created = run.timestamp();
    const namespaces = CORE_NAMESPACE_TYPES.filter((t) => m.sharing[t] !== "host").map((t) =>
        m.sharing[t] === "pod" ? { type: CRICTL_TYPE[t], path: `/proc/${pause.pid}/ns/${t}` } : { type: CRICTL_TYPE[t] },
    );
    return JSON.stringify(
        {
            status: {
                id,
                metadata: { attempt: 0, name: m.name },
                state: "CONTAINER_RUNNING",
                createdAt: created,
                startedAt: run.timestamp(),
                finishedAt: "0001-01-01T00:00:00Z",
                exitCode: 0,
                image: { annotations: {}, image: `docker.io/library/${m.name.includes("netshoot") ? "netshoot" : "nginx"}:latest` },
                imageRef: `docker.io/library/nginx@sha256:${"a9dfdba8b719078c5705fdecd6f8315765cc79e473111aa9451551ddc340b2bc"}`,
                labels: {
                    "io.kubernetes.container.name": m.name,
                    "io.kubernetes.pod.name": podName,
                    "io.kubernetes.pod.namespace": "default",
                    "io.kubernetes.pod.uid": uid,
                },
                annotations: { "io.kubernetes.container.hash": "705d8a90", "io.kubernetes.container.restartCount": "0" },
                mounts: [
                    {
                        containerPath: "/var/run/secrets/kubernetes.io/serviceaccount",
                        hostPath: `/var/lib/kubelet/pods/${uid}/volumes/kubernetes.io~projected/kube-api-access-${run.generatedSuffix()}`,
                        readonly: true,
                    },
                    {
                        containerPath: "/dev/termination-log",
                        hostPath: `/var/lib/kubelet/pods/${uid}/containers/${m.name}/${run.hex(8)}`,
                        readonly: false,
                    },
                ],
                logPath: `/var/log/pods/default_${podName}_${uid}/${m.name}/0.log`,
            },
            info: {
                sandboxID: sandboxId,
                pid: m.pid,
                removing: false,
                snapshotKey: id,
                snapshotter: "overlayfs",
                runtimeType: "io.containerd.runc.v2",
                runtimeSpec: {
                    ociVersion: "1.1.0",
                    process: {
                        args: m.command.split(" "),
                        env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", `HOSTNAME=${podName}`],
                    },
                    linux: {
                        cgroupsPath: `kubelet-kubepods-besteffort-pod${uid.replace(/-/g, "_")}.slice:cri-containerd:${id}`,
                        namespaces,
                    },
                },
            },
        },
        null,
        2,
    );
}

/** The seed's myweb2 as crictl showed it (pause PID 1695, real ids and UID, the real inspect JSON); inodes invented. */
export function seedMyweb2(fixturesDir: string, readText: (path: string) => string): PodSpec {
    const nginx = readText(`${fixturesDir}/crictl-inspect-myweb2-nginx.json`);
    const netshoot = readText(`${fixturesDir}/crictl-inspect-myweb2-netshoot.json`);
    const info = (text: string) =>
        JSON.parse(text) as { status: { id: string; labels: Record<string, string> }; info: { pid: number; sandboxID: string } };
    const n = info(nginx);
    const s = info(netshoot);
    return {
        ...SEED_PODS[1],
        pinned: {
            uid: n.status.labels["io.kubernetes.pod.uid"],
            sandboxId: n.info.sandboxID,
            pausePid: 1695,
            containers: { "myweb2-nginx": { id: n.status.id, pid: n.info.pid }, "myweb2-netshoot": { id: s.status.id, pid: s.info.pid } },
        },
        realInspect: { "myweb2-nginx": nginx, "myweb2-netshoot": netshoot },
    };
}
