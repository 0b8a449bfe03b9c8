// KubeOpsViewReady's provider against a stand-in `docker` whose `exec ... kubectl get pods` answers from a file: Ready,
// an image for another CPU, an image nobody serves, a pod that never turns Ready; and how KubeOpsView wires it.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readyProvider } from "../../../components/kubeOpsViewReady";
import { kubeOpsViewProgress, LivePod, parseKubeList } from "../../../host/labStatus";
import { installMocks, LabMocks, loadProgram, urnName, valueOf } from "../support/mocks";

const podJson = (over: {
    ready?: boolean;
    waiting?: { reason: string; message?: string };
    lastTerminated?: { reason: string; message?: string };
}) =>
    JSON.stringify({
        items: [
            {
                kind: "Pod",
                metadata: { namespace: "kube-system", name: "kube-ops-view-6d9f7c5b8-x2x4q", uid: "u" },
                spec: { nodeName: "myk8s-worker" },
                status: {
                    phase: over.ready ? "Running" : "Pending",
                    conditions: [{ type: "Ready", status: over.ready ? "True" : "False" }],
                    containerStatuses: [
                        {
                            state: over.waiting ? { waiting: over.waiting } : { running: {} },
                            ...(over.lastTerminated ? { lastState: { terminated: over.lastTerminated } } : {}),
                        },
                    ],
                },
            },
        ],
    });

describe("KubeOpsViewReady", () => {
    let dir = "";
    let savedPath: string | undefined;
    const answer = (text: string) => fs.writeFileSync(path.join(dir, "pods.json"), text);
    const inputs = {
        runtime: "docker" as const,
        controlPlane: "myk8s-control-plane",
        namespace: "kube-system",
        release: "kube-ops-view@1",
        timeoutSeconds: 1,
        pullGraceSeconds: 0.4,
        pollSeconds: 0.1,
    };

    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "kpl-kov-ready-"));
        fs.mkdirSync(path.join(dir, "bin"));
        fs.writeFileSync(
            path.join(dir, "bin", "docker"),
            `#!/bin/sh\necho "$*" >>'${dir}/calls'\ncase "$*" in *" logs "*) cat '${dir}/log' ;; *) cat '${dir}/pods.json' ;; esac\n`,
            {
                mode: 0o755,
            },
        );
        savedPath = process.env.PATH;
        process.env.PATH = `${path.join(dir, "bin")}:${savedPath}`;
    });
    after(() => {
        process.env.PATH = savedPath;
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("asks the control plane's kubectl for the release's pods and returns once one is Ready", async () => {
        answer(podJson({ ready: true }));
        const r = await readyProvider.create(inputs);
        assert.match(r.outs.result, /^Ready after \d+ s$/);
        assert.equal(
            fs.readFileSync(path.join(dir, "calls"), "utf8").trim().split("\n")[0],
            "exec myk8s-control-plane kubectl --kubeconfig=/etc/kubernetes/admin.conf get deployments,replicasets,pods --namespace kube-system --selector app.kubernetes.io/instance=kube-ops-view -o json",
        );
    });

    it("an image for another CPU, where only the crashed container's log says so: asked for, and named", async () => {
        // runc execs the entrypoint inside the container: the kernel's refusal is the container's last words, not a status
        answer(podJson({ waiting: { reason: "CrashLoopBackOff", message: "back-off 10s" }, lastTerminated: { reason: "Error" } }));
        fs.writeFileSync(path.join(dir, "log"), "exec /kube-ops-view: exec format error\n");
        fs.rmSync(path.join(dir, "calls"), { force: true });
        await assert.rejects(
            readyProvider.create(inputs),
            /kube-ops-view cannot run: pod kube-ops-view-6d9f7c5b8-x2x4q: CrashLoopBackOff, Error, exec format error: its image is for another CPU/,
        );
        assert.ok(
            fs
                .readFileSync(path.join(dir, "calls"), "utf8")
                .includes(
                    "exec myk8s-control-plane kubectl --kubeconfig=/etc/kubernetes/admin.conf logs --namespace kube-system --previous --tail=5 kube-ops-view-6d9f7c5b8-x2x4q",
                ),
        );
    });

    it("an image for another CPU fails at once with the pod's reason and the config key that fixes it", async () => {
        answer(
            podJson({
                waiting: { reason: "CrashLoopBackOff", message: "back-off 10s" },
                lastTerminated: { reason: "Error", message: "exec /usr/local/bin/python3: exec format error" },
            }),
        );
        const start = Date.now();
        await assert.rejects(readyProvider.create(inputs), (e: Error) => {
            assert.match(
                e.message,
                /^kind-pause-lab: kube-ops-view cannot run: pod kube-ops-view-6d9f7c5b8-x2x4q: .*exec format error: its image is for another CPU .*kubeOpsViewImage/,
            );
            return true;
        });
        assert.ok(Date.now() - start < 1_500, "no waiting for a failure that does not pass");
    });

    it("an image nobody serves fails once the pull error outlasts its grace, naming the pull error", async () => {
        answer(
            podJson({ waiting: { reason: "ErrImagePull", message: 'failed to pull image "kpl.invalid/kube-ops-view:none": not found' } }),
        );
        const start = Date.now();
        await assert.rejects(
            readyProvider.create(inputs),
            /^Error: kind-pause-lab: kube-ops-view cannot run: pod .*: ErrImagePull \(failed to pull image .*\): the node cannot get its image/,
        );
        const took = Date.now() - start;
        assert.ok(took >= 400 && took < 1_000, `${took} ms`);
    });

    it("a pod that never turns Ready: the timeout, with what was seen last", async () => {
        answer(podJson({}));
        await assert.rejects(
            readyProvider.create({ ...inputs, timeoutSeconds: 0.5 }),
            /^Error: kind-pause-lab: kube-ops-view is not Ready after 0.5 s: pod kube-ops-view-6d9f7c5b8-x2x4q is Pending; npm run lab -- status shows more$/,
        );
    });

    it("waits again only for a new release (revision), not on every up", async () => {
        assert.deepEqual(await readyProvider.diff!("id", inputs, inputs), { changes: false });
        assert.deepEqual(await readyProvider.diff!("id", inputs, { ...inputs, release: "kube-ops-view@2" }), { changes: true });
    });

    it("progress: ready, starting, failing (settled or not)", () => {
        const pod = (over: Partial<LivePod>): LivePod[] => [
            {
                namespace: "kube-system",
                name: "kube-ops-view-x",
                uid: "u",
                phase: "Pending",
                node: "w",
                reasons: [],
                messages: [],
                ready: false,
                readyContainers: "0/1",
                ...over,
            },
        ];
        assert.deepEqual(kubeOpsViewProgress(pod({ ready: true, phase: "Running" }), "kube-system"), { state: "ready" });
        assert.equal(kubeOpsViewProgress(pod({ reasons: ["ContainerCreating"] }), "kube-system").state, "starting");
        assert.deepEqual(
            [kubeOpsViewProgress(pod({ reasons: ["ImagePullBackOff"] }), "kube-system")].map((p) => p.state === "failing" && p.settled),
            [false],
        );
        assert.deepEqual(
            [kubeOpsViewProgress(pod({ reasons: ["CrashLoopBackOff"] }), "kube-system")].map((p) => p.state === "failing" && p.settled),
            [true],
        );
        assert.equal(kubeOpsViewProgress([], "kube-system").state, "starting");
        // a new template rolling out: the old pod is Ready, the new one crashes; the Deployment's rollout decides
        const rolling = [
            ...pod({ name: "kube-ops-view-old", ready: true, phase: "Running" }),
            ...pod({ name: "kube-ops-view-new", reasons: ["CrashLoopBackOff"], messages: ["exec format error"] }),
        ];
        const progress = kubeOpsViewProgress(rolling, "kube-system", [
            { namespace: "kube-system", name: "kube-ops-view", complete: false, observed: true },
        ]);
        assert.equal(progress.state, "failing");
        assert.match(progress.state === "failing" ? progress.why : "", /^pod kube-ops-view-new: /);
        assert.equal(
            kubeOpsViewProgress(rolling, "kube-system", [
                { namespace: "kube-system", name: "kube-ops-view", complete: true, observed: true },
            ]).state,
            "ready",
        );
    });

    it("progress after a fix (kubeOpsViewImage set back): the old template's crashing pods are not the new one's verdict", () => {
        const deployment = (over: object) => [
            { namespace: "kube-system", name: "kube-ops-view", complete: false, observed: true, ...over },
        ];
        const old: LivePod = {
            namespace: "kube-system",
            name: "kube-ops-view-old",
            uid: "o",
            phase: "Running",
            node: "w",
            reasons: ["CrashLoopBackOff"],
            messages: ["exec format error"],
            ready: false,
            readyContainers: "0/1",
            templateHash: "old",
        };
        // the Release changed the template a moment ago: the controller has not seen it, the old pod still crashes
        assert.deepEqual(kubeOpsViewProgress([old], "kube-system", deployment({ observed: false })), {
            state: "starting",
            why: "its Deployment has not taken the new template yet",
        });
        // Recreate (the real chart's strategy): the old pod is being deleted, no new pod yet
        assert.equal(
            kubeOpsViewProgress([{ ...old, terminating: true }], "kube-system", deployment({ currentHash: "new" })).state,
            "starting",
        );
        // RollingUpdate: the old pod stays while the new ReplicaSet's pod starts; only the new one is judged
        const starting: LivePod = {
            ...old,
            name: "kube-ops-view-new",
            uid: "n",
            reasons: ["ContainerCreating"],
            messages: [],
            templateHash: "new",
        };
        assert.equal(kubeOpsViewProgress([old, starting], "kube-system", deployment({ currentHash: "new" })).state, "starting");
        const crashing = { ...starting, reasons: ["CrashLoopBackOff"], messages: ["exec format error"] };
        const p = kubeOpsViewProgress([old, crashing], "kube-system", deployment({ currentHash: "new" }));
        assert.equal(p.state, "failing");
        assert.match(p.state === "failing" ? p.why : "", /^pod kube-ops-view-new: /);
    });

    it("parseKubeList: a Deployment's current template is its newest ReplicaSet's; pods being deleted say so", () => {
        const list = parseKubeList(
            JSON.stringify({
                items: [
                    {
                        kind: "Deployment",
                        metadata: { namespace: "kube-system", name: "kube-ops-view", generation: 3 },
                        spec: { replicas: 1 },
                        status: { observedGeneration: 3, replicas: 1, updatedReplicas: 0, availableReplicas: 0 },
                    },
                    ...[
                        ["1", "aaa"],
                        ["3", "ccc"],
                        ["2", "bbb"],
                    ].map(([revision, hash]) => ({
                        kind: "ReplicaSet",
                        metadata: {
                            namespace: "kube-system",
                            name: `kube-ops-view-${hash}`,
                            labels: { "pod-template-hash": hash },
                            annotations: { "deployment.kubernetes.io/revision": revision },
                            ownerReferences: [{ kind: "Deployment", name: "kube-ops-view" }],
                        },
                    })),
                    {
                        kind: "Pod",
                        metadata: {
                            namespace: "kube-system",
                            name: "kube-ops-view-bbb-1",
                            uid: "p",
                            labels: { "pod-template-hash": "bbb" },
                            deletionTimestamp: "2026-12-07T08:00:00Z",
                        },
                        status: { phase: "Running" },
                    },
                ],
            }),
        );
        assert.ok("deployments" in list);
        assert.deepEqual(list.deployments, [
            { namespace: "kube-system", name: "kube-ops-view", complete: false, observed: true, currentHash: "ccc" },
        ]);
        assert.equal(list.pods[0].terminating, true);
        assert.equal(list.pods[0].templateHash, "bbb");
    });
});

describe("index.ts: kube-ops-view's readiness is KubeOpsViewReady's, not helm's wait", () => {
    let mocks: LabMocks;
    before(async () => {
        mocks = await installMocks();
        const stack = await loadProgram();
        await valueOf(stack.namespaceReport);
    });

    it("the Release skips helm's wait; the waiter asks the control plane, after the Release, deleted with the cluster", () => {
        const release = mocks.get("kubernetes:helm.sh/v3:Release", "kube-ops-view");
        assert.equal(release.inputs.skipAwait, true);
        const ready = mocks.get("pulumi-nodejs:dynamic:KubeOpsViewReady", "kube-ops-view-ready");
        assert.deepEqual(
            [
                ready.inputs.runtime,
                ready.inputs.controlPlane,
                ready.inputs.namespace,
                ready.inputs.timeoutSeconds,
                ready.inputs.pullGraceSeconds,
            ],
            ["docker", "myk8s-control-plane", "kube-system", 90, 20],
        );
        assert.ok(mocks.dependencyNames(ready).includes("kube-ops-view"));
        assert.equal(urnName(ready.deletedWith), "kind-cluster");
        assert.equal(urnName(ready.parent), "kube-ops-view");
    });
});
