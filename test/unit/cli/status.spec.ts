// lab status: the judging (host/labStatus.ts) on facts as a healthy and a broken lab give them, the parsers of
// kubectl's and crictl's JSON, and the verb end to end with a stand-in node runtime and stack (cli/status.ts).
import { strict as assert } from "assert";
import { assessCluster, parseNodeStates } from "../../../host/clusterState";
import { assessLab, kubeOpsViewTrouble, LivePod, parseKubeList, renderStatus, StatusFacts } from "../../../host/labStatus";
import { parseReadySandboxes, runWith, StatusDeps } from "../../../cli/status";
import { memoryIo } from "../../support/memoryIo";
import { RUNNING, STOPPED } from "../../support/fakeNodeRuntime";

const NODES = ["myk8s-control-plane", "myk8s-worker"];
const UID1 = "6d797765-6200-0000-0000-000000000000";
const UID2 = "6d797765-6232-0000-0000-000000000000";
const SB1 = "1111111111111111111111111111111111111111111111111111111111111111";
const SB2 = "2222222222222222222222222222222222222222222222222222222222222222";

const pod = (name: string, uid: string, over: Partial<LivePod> = {}): LivePod => ({
    namespace: "default",
    name,
    uid,
    phase: "Running",
    node: "myk8s-worker",
    reasons: [],
    messages: [],
    ready: true,
    readyContainers: "1/1",
    ...over,
});

function healthy(): StatusFacts {
    const seen = parseNodeStates(RUNNING);
    return {
        stack: "dev",
        clusterName: "myk8s",
        runtime: "docker",
        outputs: {
            nodes: [
                { name: "myk8s-control-plane", role: "control-plane", internalIp: "172.18.0.2", publishedPorts: [] },
                { name: "myk8s-worker", role: "worker", internalIp: "172.18.0.3", publishedPorts: [] },
            ],
            pods: {
                myweb: { uid: UID1, nodeName: "myk8s-worker", podIP: "10.244.1.2", containers: ["myweb-container"] },
                myweb2: { uid: UID2, nodeName: "myk8s-worker", podIP: "10.244.1.3", containers: ["myweb2-nginx", "myweb2-netshoot"] },
            },
            namespaceReport: { myweb: { sandboxId: SB1, node: "myk8s-worker" }, myweb2: { sandboxId: SB2, node: "myk8s-worker" } },
            kubeOpsViewUrl: "http://localhost:30000/#scale=1.5",
            kubeOpsView: { namespace: "kube-system" },
        },
        cluster: { assessment: assessCluster(NODES, seen), ips: Object.fromEntries(seen.map((s) => [s.name, s.ip])) },
        kube: {
            nodes: NODES.map((name) => ({ name, ready: true })),
            pods: [pod("myweb", UID1), pod("myweb2", UID2), pod("kube-ops-view-5f6c7d8-abcde", "k", { namespace: "kube-system" })],
        },
        sandboxes: { [UID1]: SB1, [UID2]: SB2 },
        http: { status: 200 },
    };
}

describe("lab status", () => {
    describe("judging", () => {
        it("a healthy lab: every check ok, one line each", () => {
            const s = assessLab(healthy());
            assert.equal(s.healthy, true, JSON.stringify(s.checks));
            assert.deepEqual(
                s.checks.map((c) => c.subject),
                ["cluster", "node facts", "nodes", "kube-ops-view", "pod myweb", "evidence myweb", "pod myweb2", "evidence myweb2"],
            );
            assert.match(renderStatus(s, "docker"), /^lab status of stack dev \(docker\)\n( {2}ok {2}.*\n){8}healthy\n$/);
        });

        it("the cluster gone, stopped or half-removed: one line naming what lab up does, nothing asked of its API", () => {
            for (const [state, pattern] of [
                ["", /kind cluster myk8s is gone: docker has none of its node containers.*: npm run lab -- up makes it anew$/],
                [STOPPED, /exist but do not run .*: npm run lab -- up starts them$/],
                [RUNNING.split("\n")[0], /myk8s-worker are gone .*: npm run lab -- up makes the cluster anew$/],
            ] as const) {
                const f = healthy();
                f.cluster = { assessment: assessCluster(NODES, parseNodeStates(state)), ips: {} };
                const s = assessLab(f);
                assert.equal(s.healthy, false);
                assert.equal(s.checks.length, 1, JSON.stringify(s.checks));
                assert.match(s.checks[0].line, pattern);
            }
        });

        it("a restarted node: stale evidence (new sandbox) and node facts with the old address, each naming lab up", () => {
            const f = healthy();
            f.sandboxes = { [UID1]: "3".repeat(64), [UID2]: SB2 };
            if ("ips" in f.cluster) f.cluster.ips["myk8s-worker"] = "172.18.0.7";
            const s = assessLab(f);
            const bad = s.checks.filter((c) => !c.ok).map((c) => c.line);
            assert.deepEqual(bad, [
                "node facts are stale: myk8s-worker was 172.18.0.3, is 172.18.0.7: npm run lab -- up reads them again",
                "evidence of myweb is stale: taken from sandbox 111111111111, the pod now runs sandbox 333333333333 (its node restarted?): npm run lab -- up probes it again",
            ]);
        });

        it("a pod deleted or replaced by hand", () => {
            const f = healthy();
            if (f.kube && "pods" in f.kube) f.kube.pods = [pod("myweb2", "another-uid")];
            const bad = assessLab(f)
                .checks.filter((c) => !c.ok)
                .map((c) => c.line);
            assert.deepEqual(bad, [
                "pod myweb is gone (deleted by hand?): npm run lab -- up makes it again and probes it",
                `pod myweb2 was replaced outside the stack (UID another-uid, the evidence is of ${UID2}): npm run lab -- up`,
            ]);
        });

        it("kube-ops-view down: the pod's own reason and the fix (exec format error, no image, crash loop)", () => {
            const kov = (over: Partial<LivePod>) => [pod("kube-ops-view-5f6c7d8-abcde", "k", { namespace: "kube-system", ...over })];
            assert.match(
                kubeOpsViewTrouble(
                    kov({
                        phase: "Running",
                        reasons: ["CrashLoopBackOff", "Error"],
                        messages: ["exec /usr/local/bin/python3: exec format error"],
                    }),
                    "kube-system",
                )!,
                /CrashLoopBackOff, Error, exec format error: its image is for another CPU .*pulumi config set kind-pause-lab:kubeOpsViewImage/,
            );
            assert.match(
                kubeOpsViewTrouble(
                    kov({
                        phase: "Pending",
                        reasons: ["ErrImagePull"],
                        messages: ["failed to pull ...: no match for platform in manifest"],
                    }),
                    "kube-system",
                )!,
                /ErrImagePull \(failed to pull \.\.\.: no match for platform in manifest\): the node cannot get its image/,
            );
            assert.equal(kubeOpsViewTrouble([], "kube-system"), "no kube-ops-view pod in namespace kube-system");
            const f = healthy();
            f.http = { error: "ECONNREFUSED" };
            if (f.kube && "pods" in f.kube)
                f.kube.pods = [pod("myweb", UID1), pod("myweb2", UID2), ...kov({ phase: "Pending", reasons: ["ImagePullBackOff"] })];
            const line = assessLab(f).checks.find((c) => c.subject === "kube-ops-view")!.line;
            assert.match(
                line,
                /^kube-ops-view does not answer at http:\/\/localhost:30000\/#scale=1.5 \(ECONNREFUSED\): pod kube-ops-view-5f6c7d8-abcde: ImagePullBackOff/,
            );
        });

        it("no lab yet: the stack has no outputs", () => {
            const f = healthy();
            f.outputs = undefined;
            assert.match(assessLab(f).checks[0].line, /^stack dev has no lab yet .*: npm run lab -- up$/);
        });
    });

    describe("parsers", () => {
        it("kubectl get nodes,pods -o json: Ready nodes, pods with why a container does not run", () => {
            const list = {
                items: [
                    { kind: "Node", metadata: { name: "n1" }, status: { conditions: [{ type: "Ready", status: "True" }] } },
                    { kind: "Node", metadata: { name: "n2" }, status: { conditions: [{ type: "Ready", status: "False" }] } },
                    {
                        kind: "Pod",
                        metadata: { namespace: "kube-system", name: "kov", uid: "u" },
                        spec: { nodeName: "n2" },
                        status: {
                            phase: "Running",
                            containerStatuses: [
                                {
                                    state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 10s restarting failed container" } },
                                    lastState: { terminated: { reason: "Error", message: "exec /app: exec format error\nmore" } },
                                },
                            ],
                        },
                    },
                ],
            };
            assert.deepEqual(parseKubeList(JSON.stringify(list)), {
                deployments: [],
                nodes: [
                    { name: "n1", ready: true },
                    { name: "n2", ready: false },
                ],
                pods: [
                    {
                        namespace: "kube-system",
                        name: "kov",
                        uid: "u",
                        phase: "Running",
                        node: "n2",
                        reasons: ["CrashLoopBackOff", "Error"],
                        messages: ["back-off 10s restarting failed container", "exec /app: exec format error"],
                        ready: false,
                        readyContainers: "0/1",
                    },
                ],
            });
            assert.deepEqual(parseKubeList("not json"), { error: "kubectl printed no JSON" });
        });

        it("crictl pods -o json: the newest ready sandbox per pod UID", () => {
            const text = JSON.stringify({
                items: [
                    { id: "old", metadata: { uid: UID1 }, createdAt: "100" },
                    { id: "new", metadata: { uid: UID1 }, createdAt: "200" },
                    { id: "other", metadata: { uid: UID2 }, createdAt: "150" },
                ],
            });
            assert.deepEqual(parseReadySandboxes(text), { [UID1]: "new", [UID2]: "other" });
            assert.deepEqual(parseReadySandboxes("garbage"), {});
        });
    });

    describe("the verb", () => {
        const kubeJson = JSON.stringify({
            items: [
                ...NODES.map((n) => ({ kind: "Node", metadata: { name: n }, status: { conditions: [{ type: "Ready", status: "True" }] } })),
                {
                    kind: "Pod",
                    metadata: { namespace: "default", name: "myweb", uid: UID1 },
                    spec: { nodeName: "myk8s-worker" },
                    status: { phase: "Running" },
                },
            ],
        });
        const outputs = {
            pods: { value: { myweb: { uid: UID1, nodeName: "myk8s-worker", podIP: "10.244.1.2", containers: ["c"] } }, secret: false },
            namespaceReport: { value: { myweb: { sandboxId: SB1, node: "myk8s-worker" } }, secret: false },
            kubeOpsViewUrl: { value: "http://localhost:30000/#scale=1.5", secret: false },
            kubeconfig: { value: "secret", secret: true },
        };
        function deps(over: Partial<StatusDeps> = {}, nodeState = RUNNING): StatusDeps & { asked: string[] } {
            const asked: string[] = [];
            return {
                asked,
                env: {},
                readStack: async () => ({ config: {}, outputs }),
                httpStatus: async (url) => {
                    asked.push(`GET ${url}`);
                    return { status: 200 };
                },
                runCommand: async (argv) => {
                    asked.push(argv.join(" "));
                    const [, verb] = argv;
                    if (verb === "ps")
                        return {
                            code: 0,
                            stdout: nodeState
                                .split("\n")
                                .filter(Boolean)
                                .map((l) => l.split("|")[1])
                                .join("\n"),
                            stderr: "",
                        };
                    if (verb === "inspect") return { code: 0, stdout: nodeState, stderr: "" };
                    if (argv.includes("kubectl")) return { code: 0, stdout: kubeJson, stderr: "" };
                    if (argv.includes("crictl"))
                        return {
                            code: 0,
                            stdout: JSON.stringify({ items: [{ id: SB1, metadata: { uid: UID1 }, createdAt: "1" }] }),
                            stderr: "",
                        };
                    throw new Error(`unexpected ${argv.join(" ")}`);
                },
                ...over,
            };
        }

        it("healthy: exit 0, the screen; it asks the runtime, the control plane's kubectl, crictl on the pod's node, the page", async () => {
            const io = memoryIo();
            const d = deps();
            assert.equal(await runWith([], io, d), 0, io.err);
            assert.match(io.out, /^lab status of stack dev \(docker\)\n/);
            assert.match(io.out, /healthy\n$/);
            assert.ok(
                d.asked.includes(
                    "docker exec myk8s-control-plane kubectl --kubeconfig=/etc/kubernetes/admin.conf get nodes,pods --all-namespaces -o json",
                ),
            );
            assert.ok(d.asked.includes("docker exec myk8s-worker crictl pods --state ready -o json"));
            assert.ok(d.asked.includes("GET http://localhost:30000/"));
        });

        it("--json for machines; a cluster gone is exit 1 and nothing is asked of its API", async () => {
            const io = memoryIo();
            const d = deps({}, "");
            assert.equal(await runWith(["--json"], io, d), 1);
            const status = JSON.parse(io.out);
            assert.equal(status.healthy, false);
            assert.match(status.checks[0].line, /is gone/);
            assert.ok(!d.asked.some((a) => a.includes("kubectl")));
        });

        it("bad usage is exit 2 with one line; no stack is exit 1 naming lab up", async () => {
            const io = memoryIo();
            assert.equal(await runWith(["--nope"], io, deps()), 2);
            assert.match(io.err, /^lab: unknown option --nope$/m);
            const io2 = memoryIo();
            assert.equal(await runWith(["--stack", "a b"], io2, deps()), 2);
            const io3 = memoryIo();
            assert.equal(await runWith([], io3, deps({ readStack: async () => "missing" })), 1);
            assert.match(io3.err, /there is no stack dev on file:\/\/.*: npm run lab -- up makes the lab/);
        });

        it("kube-ops-view down and crash-looping: its previous log is asked for, and the line names exec format error", async () => {
            const crashing = JSON.stringify({
                items: [
                    ...JSON.parse(kubeJson).items,
                    {
                        kind: "Pod",
                        metadata: { namespace: "kube-system", name: "kube-ops-view-abc", uid: "k" },
                        spec: { nodeName: "myk8s-worker" },
                        status: { phase: "Running", containerStatuses: [{ state: { waiting: { reason: "CrashLoopBackOff" } } }] },
                    },
                ],
            });
            const base = deps();
            const d = deps({
                httpStatus: async () => ({ error: "ECONNREFUSED" }),
                runCommand: async (argv, t) => {
                    base.asked.push(argv.join(" "));
                    if (argv.includes("logs")) return { code: 0, stdout: "exec /kube-ops-view: exec format error\n", stderr: "" };
                    if (argv.includes("kubectl")) return { code: 0, stdout: crashing, stderr: "" };
                    return base.runCommand(argv, t);
                },
            });
            const io = memoryIo();
            assert.equal(await runWith([], io, d), 1);
            assert.match(
                io.out,
                /!! {2}kube-ops-view does not answer .*\(ECONNREFUSED\): pod kube-ops-view-abc: CrashLoopBackOff, exec format error: its image is for another CPU/,
            );
            assert.ok(
                base.asked.some((a) => a.endsWith("logs --namespace kube-system --previous --tail=5 kube-ops-view-abc")),
                base.asked.join("\n"),
            );
        });

        it("the runtime down: one line naming it", async () => {
            const io = memoryIo();
            const d = deps({
                runCommand: async () => ({
                    code: 1,
                    stdout: "",
                    stderr: "Cannot connect to the Docker daemon at unix:///var/run/docker.sock.\n",
                }),
            });
            assert.equal(await runWith([], io, d), 1);
            assert.match(io.out, /!! {2}cannot see kind cluster myk8s: docker ps failed \(Cannot connect to the Docker daemon/);
        });
    });
});
