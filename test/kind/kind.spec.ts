// Offline kind suite: the lab on a real two-node kind cluster built on this machine from the node image
// scripts/kind/setup.sh makes (no registry). Everything the stack runs on the host is run here exactly as the command
// provider would run it (host/commands.ts: create with the rendered kind config on stdin, kubeconfig, node
// facts, image preload, the NamespaceProbe's `docker exec` command, delete); KubeOpsView (stand-in chart) and LabPods
// go through the real Pulumi engine and kubernetes provider (scripts/engine). Only the command provider and the
// Node.js language host are missing here, so the KindCluster/NamespaceProbe resources themselves are not created by
// the engine: test:e2e runs the whole index.ts where they exist.
// As root it runs; a missing piece is a failure naming the setup command, never a skip.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as path from "path";
import type { Stack } from "@pulumi/pulumi/automation";
import { LabConfig } from "../../lab/configSchema";
import {
    bashInterpreter,
    imageLoadScript,
    kindCreateScript,
    kindDeleteScript,
    kindKubeconfigScript,
    nodeFactsScript,
} from "../../host/commands";
import { kindNodeNames, labClusterConfig, renderKindConfig } from "../../lab/kindConfig";
import { labPodManifests, podImages } from "../../lab/pods";
import { parseNodeFacts } from "../../host/nodeFacts";
import type { PodProbeResult } from "../../probe/analyse";
import type { NamespaceType, PodNamespaceReport, Sharing } from "../../probe/types";
import type { NodeFacts, PodFacts } from "../../lab/stackOutputs";
import { inlineStack, sandbox, Sandbox } from "../engine/engine";
import { ClusterEpoch, NodeBoot } from "../../components/clusterWatch";
import { realStatusDeps, runWith as labStatus } from "../../cli/status";
import { buildArm64StandIn } from "../support/arm64StandIn";
import { memoryIo } from "../support/memoryIo";
import { STEP_IDS } from "../../tour/steps";
import { measureTourPage, runTour, tmuxTour, tourOutputs } from "./tour";
import {
    KindSetupError,
    kindEnv,
    labDaemon,
    labConfigForOfflineKind,
    nodeImageRef,
    offlineLabProgram,
    probePod,
    useLabDaemon,
    runHostScript,
    REPO_ROOT,
    ScriptResult,
    sh,
    waitFor,
} from "./cluster";

const CGROUP_V2 = fs.existsSync("/sys/fs/cgroup/cgroup.controllers");
const KUBE_OPS_VIEW_IMAGE = "hjacobs/kube-ops-view:20.4.0";

/** What the seed concludes for an app container, with cgroup as this host's cgroup version makes it. */
function seedVerdicts(): Partial<Record<NamespaceType, Sharing>> {
    // cgroup v1: containerd gives containers no cgroup namespace of their own, so they keep the node's (kind's node
    // container has its own, --cgroupns=private): "host". cgroup v2: a private one per container, as in the seed.
    return { net: "pod", ipc: "pod", uts: "pod", mnt: "private", pid: "private", cgroup: CGROUP_V2 ? "private" : "host" };
}

function httpGet(url: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
        const req = http.get(url, { timeout: 5000 }, (res) => {
            let body = "";
            res.on("data", (d: Buffer) => (body += d.toString()));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on("timeout", () => req.destroy(new Error("timed out")));
        req.on("error", reject);
    });
}

function ok(r: ScriptResult, what: string): string {
    assert.equal(r.status, 0, `${what} exited ${r.status}: ${r.stderr.trim()}`);
    return r.stdout;
}

describe("offline kind: the lab on a real two-node kind cluster", function () {
    let env: NodeJS.ProcessEnv;
    let config: LabConfig;
    let daemon: ReturnType<typeof useLabDaemon> | undefined;
    let createdNetwork = false;
    let sb: Sandbox | undefined;
    let stack: Stack | undefined;
    let kubeconfig = "";
    let nodes: NodeFacts[] = [];
    let pods: Record<string, PodFacts> = {};
    const probes: Record<string, PodProbeResult> = {};
    let replacedMyweb: PodNamespaceReport | undefined;
    const timings: string[] = [];
    const manifests = labPodManifests([], true);
    const clusterConfig = () => labClusterConfig(config.workerPortMappings);
    const nodeNames = () => kindNodeNames(config.clusterName, clusterConfig());
    const worker = () => nodeNames().find((n) => n.role === "worker")!.name;
    let kubeconfigFile = ""; // written once, when the kubeconfig script has run
    const kubectl = (...args: string[]) => sh("kubectl", ["--kubeconfig", kubeconfigFile, ...args], env);
    const time = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
        const start = Date.now();
        try {
            return await fn();
        } finally {
            const line = `${label}: ${((Date.now() - start) / 1000).toFixed(1)} s`;
            timings.push(line);
            console.log(`      ${line}`);
        }
    };
    // The part of index.ts the engine here can run (no command provider): the provider on the cluster's kubeconfig,
    // KubeOpsView and LabPods. Every call opens the same stack of the sandbox's file backend.
    const controlPlane = () => nodeNames().find((n) => n.role === "control-plane")!.name;
    const labStack = (labConfig: LabConfig = config) =>
        inlineStack(
            sb!,
            { projectName: "kind-pause-lab", stackName: "kind" },
            offlineLabProgram(kubeconfig, labConfig, manifests, { runtime: labConfig.nodeRuntime, controlPlane: controlPlane() }),
        );
    const probe = (name: string, facts: PodFacts) => probePod(env, name, facts);
    // The cluster watch of KindCluster (components/clusterWatch.ts) on the suite's cluster, through the real engine; the
    // cluster itself was made by the stack's create script, so NodeBoot names a fixed cluster id.
    let watchStack: Stack | undefined;
    const openWatchStack = () =>
        inlineStack(
            { ...sb!, env: { ...sb!.env, ...(kindEnv() as Record<string, string>) } },
            { projectName: "kpl-kind-watch", stackName: "watch" },
            async () => {
                const watch = { clusterName: config.clusterName, runtime: config.nodeRuntime, nodes: nodeNames().map((n) => n.name) };
                const epoch = new ClusterEpoch("kind-epoch", watch);
                const boot = new NodeBoot("kind-boot", { ...watch, cluster: "made-by-the-create-script" });
                return { epoch: epoch.epoch, boot: boot.boot };
            },
        );
    // lab status on the real cluster, its stack outputs taken from what the suite recorded
    const status = async () => {
        const io = memoryIo();
        const outputs = {
            nodes: { value: nodes, secret: false },
            pods: { value: pods, secret: false },
            namespaceReport: {
                value: Object.fromEntries(
                    Object.entries(probes).map(([n, p]) => [n, { sandboxId: p.report.sandboxId, node: p.report.node }]),
                ),
                secret: false,
            },
            kubeOpsViewUrl: { value: "http://localhost:30000/#scale=1.5", secret: false },
            kubeOpsView: { value: { namespace: config.kubeOpsView.namespace }, secret: false },
        };
        const raw = { "kind-pause-lab:clusterName": { value: config.clusterName, secret: false } };
        const code = await labStatus(["--json"], io, { ...realStatusDeps(env), readStack: async () => ({ config: raw, outputs }) });
        return { code, status: JSON.parse(io.out) as { healthy: boolean; checks: Array<{ subject: string; ok: boolean; line: string }> } };
    };
    const deleteCluster = () => runHostScript(kindDeleteScript(config.clusterName), env, "", 180_000);
    // Synchronous teardown for SIGINT/SIGTERM (Ctrl-C, a CI timeout): the cluster and the daemon must not outlive us.
    const emergencyCleanup = (signal: NodeJS.Signals) => {
        console.error(`\n    kind suite: ${signal}: deleting the cluster and stopping what the suite started`);
        if (config && env)
            spawnSync(bashInterpreter[0], [...bashInterpreter.slice(1), kindDeleteScript(config.clusterName)], {
                cwd: REPO_ROOT,
                env,
                stdio: "inherit",
            });
        if (createdNetwork && env) spawnSync("docker", ["network", "rm", "kind"], { env, stdio: "ignore" });
        daemon?.stop();
        sb?.cleanup();
        process.exit(130);
    };

    before(async function () {
        this.timeout(120_000);
        if (process.getuid?.() !== 0) throw new KindSetupError("the offline kind suite runs as root (it starts a Docker daemon)");
        daemon = useLabDaemon();
        process.once("SIGINT", emergencyCleanup);
        process.once("SIGTERM", emergencyCleanup);
        sb = sandbox("kind"); // the engine's environment (CLI and kubernetes provider) and a file backend
        env = { ...process.env, ...kindEnv() };
        // the providers the engine starts (KubeOpsViewReady, the cluster watch) reach the suite's Docker daemon
        for (const [k, v] of Object.entries(kindEnv())) if (v !== undefined) sb.env[k] = v;
        const image = spawnSync("docker", ["image", "inspect", nodeImageRef()], { env, encoding: "utf8" });
        if (image.status !== 0) throw new KindSetupError(`the node image ${nodeImageRef()} is not built`);
        config = await labConfigForOfflineKind(sb);
        // A cluster of the lab's name in the suite's private daemon is a leftover of an interrupted run.
        const clusters = sh("kind", ["get", "clusters"], env).split("\n");
        if (clusters.includes(config.clusterName)) {
            console.log(`      deleting leftover cluster ${config.clusterName} of an interrupted run`);
            ok(await deleteCluster(), "kind delete (leftover)");
        }
        createdNetwork = spawnSync("docker", ["network", "inspect", "kind"], { env }).status !== 0;
    });

    after(async function () {
        this.timeout(300_000);
        process.removeListener("SIGINT", emergencyCleanup);
        process.removeListener("SIGTERM", emergencyCleanup);
        if (config && env && sh("kind", ["get", "clusters"], env).split("\n").includes(config.clusterName)) {
            const r = await deleteCluster();
            if (r.status !== 0) console.error(`      cleanup: kind delete failed: ${r.stderr.trim()}`);
        }
        if (env) spawnSync("docker", ["rm", "-f", "kpl-squatter"], { env, stdio: "ignore" }); // the restart test's, if it failed
        if (createdNetwork && env) spawnSync("docker", ["network", "rm", "kind"], { env, stdio: "ignore" });
        daemon?.stop();
        sb?.cleanup();
        if (timings.length) console.log(`      timings: ${timings.join("; ")}`);
    });

    // as KindCluster runs it for the lab's config: the pods' images and kube-ops-view's loaded while kind creates
    const createScript = (hostPorts = config.workerPortMappings) =>
        kindCreateScript({
            clusterName: config.clusterName,
            waitTimeout: config.clusterWaitTimeout,
            nodeImage: config.nodeImage,
            hostPorts,
            load: { nodes: [worker()], images: [...podImages(manifests), KUBE_OPS_VIEW_IMAGE] },
        });
    let created: ScriptResult | undefined;

    it("a host port of workerPortMappings already in use: one clear line, nothing created", async function () {
        this.timeout(60_000);
        const port = config.workerPortMappings[0].hostPort;
        const holder = net.createServer();
        await new Promise<void>((resolve, reject) => holder.once("error", reject).listen(port, "0.0.0.0", resolve));
        try {
            const r = await runHostScript(createScript(), env, renderKindConfig(clusterConfig()));
            assert.equal(r.status, 1);
            assert.deepEqual(r.stderr.trim().split("\n").length, 1, r.stderr);
            assert.match(r.stderr, new RegExp(`^kind-pause-lab: host port ${port}/tcp on 127\\.0\\.0\\.1 .* is already in use`));
        } finally {
            await new Promise((resolve) => holder.close(resolve));
        }
        assert.equal(sh("kind", ["get", "clusters"], env).trim(), "");
        assert.equal(sh("docker", ["ps", "-aq", "--filter", `label=io.x-k8s.kind.cluster=${config.clusterName}`], env).trim(), "");
    });

    it("creates the cluster from the lab's rendered kind config with the stack's own create script", async function () {
        this.timeout(10 * 60_000);
        assert.equal(config.nodeImage, nodeImageRef());
        const r = await time("kind create (stack script)", () => runHostScript(createScript(), env, renderKindConfig(clusterConfig())));
        ok(r, "the create script");
        created = r;
        assert.deepEqual(sh("kind", ["get", "clusters"], env).trim().split("\n"), [config.clusterName]);
    });

    it("refuses a second create of the same cluster with one clear line", async function () {
        this.timeout(60_000);
        const r = await runHostScript(createScript([]), env, renderKindConfig(clusterConfig()));
        assert.equal(r.status, 1);
        assert.match(r.stderr.trim(), new RegExp(`^kind-pause-lab: a kind cluster named '?${config.clusterName}'? already exists`));
    });

    it("reads the kubeconfig with the stack's script: the host endpoint of cluster kind-<name>", async () => {
        kubeconfig = ok(await runHostScript(kindKubeconfigScript(config.clusterName), env), "the kubeconfig script");
        kubeconfigFile = `${sb!.dir}/kubeconfig`;
        fs.writeFileSync(kubeconfigFile, kubeconfig, { mode: 0o600 });
        assert.match(kubeconfig, new RegExp(`current-context: kind-${config.clusterName}\\b`));
        assert.match(kubeconfig, /server: https:\/\/127\.0\.0\.1:\d+/);
    });

    it("node facts: two nodes Ready, with the roles, IPs and published ports the `nodes` output reports", async function () {
        this.timeout(120_000);
        nodes = parseNodeFacts(ok(await runHostScript(nodeFactsScript(config.clusterName), env), "the node facts script"));
        assert.deepEqual(
            nodes.map((n) => ({ name: n.name, role: n.role })),
            nodeNames(),
        );
        const w = nodes.find((n) => n.role === "worker")!;
        assert.deepEqual(
            w.publishedPorts.map((p) => `${p.hostIp}:${p.hostPort}->${p.containerPort}/${p.protocol}`).sort(),
            config.workerPortMappings
                .map((m) => `${m.listenAddress ?? "0.0.0.0"}:${m.hostPort}->${m.containerPort}/${m.protocol.toLowerCase()}`)
                .sort(),
        );
        type K8sNode = {
            metadata: { name: string; labels: Record<string, string> };
            status: { conditions: Array<{ type: string; status: string }>; addresses: Array<{ type: string; address: string }> };
        };
        const ready = (n: K8sNode) => n.status.conditions.find((c) => c.type === "Ready")?.status === "True";
        // `kind create --wait` waits for the control plane only; the worker turns Ready when its pod network is up.
        const k8sNodes = await time("every node Ready", () =>
            waitFor("both nodes Ready", 120_000, () => {
                const items = JSON.parse(kubectl("get", "nodes", "-o", "json")).items as K8sNode[];
                return items.length === nodes.length && items.every(ready) ? items : undefined;
            }),
        );
        assert.deepEqual(k8sNodes.map((n) => n.metadata.name).sort(), nodes.map((n) => n.name).sort());
        for (const node of k8sNodes) {
            const facts = nodes.find((n) => n.name === node.metadata.name)!;
            assert.equal(node.status.conditions.find((c) => c.type === "Ready")?.status, "True", `${node.metadata.name} Ready`);
            assert.equal(node.status.addresses.find((a) => a.type === "InternalIP")?.address, facts.internalIp);
            assert.equal("node-role.kubernetes.io/control-plane" in node.metadata.labels, facts.role === "control-plane");
        }
    });

    it("the system pods run: etcd, the control plane, kube-proxy, CoreDNS and the pod network", async function () {
        this.timeout(300_000);
        const notRunning = await waitFor(
            "every kube-system pod Running and ready",
            240_000,
            () => {
                const items = JSON.parse(kubectl("get", "pods", "-n", "kube-system", "-o", "json")).items as Array<{
                    metadata: { name: string };
                    status: { phase: string; containerStatuses?: Array<{ ready: boolean }> };
                }>;
                const bad = items.filter((p) => p.status.phase !== "Running" || !(p.status.containerStatuses ?? []).every((c) => c.ready));
                return bad.length === 0 && items.length > 0 ? items.map((p) => p.metadata.name) : undefined;
            },
            3000,
        );
        for (const prefix of [
            "etcd-",
            "kube-apiserver-",
            "kube-controller-manager-",
            "kube-scheduler-",
            "kube-proxy-",
            "coredns-",
            "kube-router-",
        ]) {
            assert.ok(
                notRunning.some((n) => n.startsWith(prefix)),
                `no ${prefix}* pod in kube-system: ${notRunning.join(", ")}`,
            );
        }
    });

    it("the create loaded the pods' images into the worker while kind ran; the stack's preload then finds them there and loads nothing again", async function () {
        this.timeout(300_000);
        const images = podImages(manifests);
        const list = images.join(", ").replace(/[.]/g, "\\.");
        // kube-ops-view's image is in the node image already: the create's load leaves it, the same ID
        assert.match(created?.stderr ?? "", new RegExp(`^loaded ${list} \\(linux/[a-z0-9]+\\) into ${worker()}$`, "m"));
        assert.match(
            created?.stderr ?? "",
            new RegExp(`^${worker()} already has ${KUBE_OPS_VIEW_IMAGE.replace(/[.]/g, "\\.")} \\(the same image IDs\\)$`, "m"),
        );
        const r = await time("preload", () => runHostScript(imageLoadScript({ images, nodes: [worker()] }), env));
        ok(r, `preload of ${images.join(", ")}`);
        assert.equal(r.stdout, `${worker()} already has ${images.join(", ")} (the same image IDs)\n`);
        assert.ok(!r.stderr.includes("unpacking"), r.stderr);
        const listed = sh("docker", ["exec", worker(), "crictl", "images", "-o", "json"], env);
        const tags = (JSON.parse(listed).images as Array<{ repoTags: string[] }>).flatMap((i) => i.repoTags);
        for (const ref of [
            "docker.io/library/nginx:alpine",
            "docker.io/library/nginx:latest",
            "docker.io/nicolaka/netshoot:latest",
            `docker.io/${KUBE_OPS_VIEW_IMAGE}`,
        ]) {
            assert.ok(tags.includes(ref), `${ref} not in the worker's containerd: ${tags.join(", ")}`);
        }
    });

    it("the real engine and kubernetes provider install KubeOpsView (stand-in chart) and LabPods", async function () {
        this.timeout(10 * 60_000);
        stack = await labStack();
        const up = await time("pulumi up (release + pods)", () => stack!.up());
        assert.equal(up.summary.result, "succeeded");
        pods = up.outputs.pods.value as Record<string, PodFacts>;
        assert.deepEqual(Object.keys(pods).sort(), ["myweb", "myweb2"]);
        for (const [name, facts] of Object.entries(pods)) {
            assert.equal(facts.nodeName, worker(), `${name} runs on the worker`);
            const live = JSON.parse(kubectl("get", "pod", name, "-o", "json"));
            assert.equal(live.status.phase, "Running", name);
            assert.equal(live.metadata.uid, facts.uid);
        }
        assert.equal((up.outputs.releaseStatus.value as { status: string }).status, "deployed");
        // KubeOpsViewReady waited for the stand-in's pod (helm did not)
        assert.match(String(up.outputs.ready.value), /^Ready after \d+ s$/);
        // The pod network is complete when a node turns Ready (scripts/kind/node/default-cni.yaml): no sandbox failed.
        const failed = JSON.parse(kubectl("get", "events", "-A", "--field-selector", "reason=FailedCreatePodSandBox", "-o", "json")).items;
        assert.deepEqual(
            failed.map((e: { message: string }) => e.message),
            [],
        );
        assert.equal(up.outputs.kubeOpsViewUrl.value, "http://localhost:30000/#scale=1.5");
    });

    // kube-ops-view that cannot run, as on an arm64 Mac (the amd64-only hjacobs/kube-ops-view:20.4.0) and with an image no
    // registry serves: the up fails within 90 s naming the pod's reason; the lab pods are untouched; the key puts it back.
    const kubeOpsViewImageCase = async (image: string, pattern: RegExp, limitSeconds: number) => {
        const [repository, tag] = [image.slice(0, image.lastIndexOf(":")), image.slice(image.lastIndexOf(":") + 1)];
        const broken = await labStack({ ...config, kubeOpsView: { ...config.kubeOpsView, image: { repository, tag } } });
        const start = Date.now();
        await assert.rejects(
            time(`up with kubeOpsViewImage ${image}`, () => broken.up()),
            (e: Error) => {
                assert.match(e.message, pattern);
                return true;
            },
        );
        const seconds = (Date.now() - start) / 1000;
        assert.ok(seconds < limitSeconds, `failed after ${seconds.toFixed(0)} s`);
        for (const [name, facts] of Object.entries(pods)) {
            assert.equal(JSON.parse(kubectl("get", "pod", name, "-o", "json")).metadata.uid, facts.uid, `${name} untouched`);
        }
        const back = await time("up with the chart's image again", () => stack!.up());
        assert.equal(back.summary.result, "succeeded");
        assert.match(String(back.outputs.ready.value), /^Ready after \d+ s$/);
    };

    it("kube-ops-view's image is for another CPU (an arm64 binary, built here): the up fails within 90 s naming exec format error and kubeOpsViewImage", async function () {
        this.timeout(10 * 60_000);
        const image = buildArm64StandIn(env);
        ok(await runHostScript(imageLoadScript({ images: [image], nodes: [worker()] }), env), "loading the arm64 stand-in");
        await kubeOpsViewImageCase(
            image,
            /kube-ops-view cannot run: pod kube-ops-view-\S+: .*exec format error: its image is for another CPU .*kind-pause-lab:kubeOpsViewImage/,
            90,
        );
    });

    it("kube-ops-view's image cannot be pulled: the up fails within 90 s naming the pull error", async function () {
        this.timeout(10 * 60_000);
        await kubeOpsViewImageCase(
            "kpl.invalid/kube-ops-view:none",
            /kube-ops-view cannot run: pod kube-ops-view-\S+: (ErrImagePull|ImagePullBackOff).*the node cannot get its image/,
            90,
        );
    });

    it("the host reaches kube-ops-view through the worker's published port and the NodePort", async function () {
        this.timeout(120_000);
        const mapping = config.workerPortMappings.find((m) => m.containerPort === config.kubeOpsView.nodePort)!;
        const res = await waitFor("HTTP 200 from the stand-in", 90_000, async () => {
            const r = await httpGet(`http://127.0.0.1:${mapping.hostPort}/`);
            return r.status === 200 ? r : undefined;
        });
        assert.match(res.body, /stand-in for kube-ops-view .* TZ=Asia\/Seoul, local time \d{4}-\d\d-\d\d \d\d:\d\d:\d\d KST/);
        // what its ServiceAccount token may read through the chart's ClusterRole: every node, the lab's pods, itself
        const ns = config.kubeOpsView.namespace;
        assert.ok(res.body.includes(` as system:serviceaccount:${ns}:kube-ops-view `), res.body);
        assert.doesNotMatch(res.body, /cannot list/);
        for (const name of [...nodeNames().map((n) => n.name), "myweb", "myweb2"]) {
            assert.ok(res.body.includes(`<td>${name}</td>`), `${name} is not listed: ${res.body}`);
        }
        assert.match(res.body, new RegExp(`<td>${ns}</td><td>kube-ops-view-[a-z0-9]+-[a-z0-9]+</td>`));
        assert.match(res.body, /Running as uid 1000, gid \d+; root filesystem read-only /);
    });

    it("kube-ops-view runs as the real chart 1.2.2 runs its image: uid 1000, non-root, read-only root, TCP probes on 8080 (startup and readiness looked at every second, as the lab sets), a ServiceAccount that may list nodes and pods", function () {
        this.timeout(60_000);
        const ns = config.kubeOpsView.namespace;
        const items = JSON.parse(kubectl("get", "pods", "-n", ns, "-l", "app.kubernetes.io/instance=kube-ops-view", "-o", "json")).items;
        assert.equal(items.length, 1, items.map((p: { metadata: { name: string } }) => p.metadata.name).join(", "));
        const pod = items[0];
        const c = pod.spec.containers[0];
        assert.equal(pod.spec.serviceAccountName, "kube-ops-view");
        assert.deepEqual(c.securityContext, { readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 1000 });
        for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"])
            assert.deepEqual(c[probe].tcpSocket, { port: 8080 }, probe);
        // the lab's probe values (KUBE_OPS_VIEW_PROBES) reached the pod; liveness stays the chart's
        const timing = (p: { periodSeconds: number; failureThreshold: number }) => [p.periodSeconds, p.failureThreshold];
        assert.deepEqual(
            { startup: timing(c.startupProbe), readiness: timing(c.readinessProbe), liveness: timing(c.livenessProbe) },
            { startup: [1, 150], readiness: [1, 3], liveness: [10, 3] },
        );
        // as the kernel sees the container (its busybox)
        const exec = (...argv: string[]) =>
            spawnSync("kubectl", ["--kubeconfig", kubeconfigFile, "exec", "-n", ns, pod.metadata.name, "--", ...argv], {
                env,
                encoding: "utf8",
            });
        assert.equal(exec("id", "-u").stdout.trim(), "1000");
        const write = exec("touch", "/written");
        assert.notEqual(write.status, 0, "the root filesystem took a file");
        assert.match(write.stderr, /Read-only file system/);
        // the chart's RBAC: list nodes and pods everywhere, nothing more of pods
        const sa = `system:serviceaccount:${ns}:kube-ops-view`;
        const can = (...args: string[]) =>
            spawnSync("kubectl", ["--kubeconfig", kubeconfigFile, "auth", "can-i", ...args, "--as", sa], {
                env,
                encoding: "utf8",
            }).stdout.trim();
        assert.deepEqual(
            [can("list", "nodes"), can("list", "pods", "--all-namespaces"), can("delete", "pods", "--all-namespaces")],
            ["yes", "yes", "no"],
        );
    });

    it("the write-up's lines on the stand-ins: `ps -ef | grep 'nginx -g'` on the worker finds the nginx masters of myweb and myweb2 (workers as www-data); the netshoot sidecar runs its bash loop, curl and `ip -c addr`", function () {
        this.timeout(60_000);
        const ps = sh("docker", ["exec", worker(), "sh", "-c", "ps -ef | grep 'nginx -g'"], env);
        const masters = ps.split("\n").filter((l) => l.endsWith("nginx: master process nginx -g daemon off;"));
        for (const container of ["myweb-container", "myweb2-nginx"]) {
            const id = sh("docker", ["exec", worker(), "crictl", "ps", "-q", "--name", `^${container}$`], env).trim();
            const pid = String(JSON.parse(sh("docker", ["exec", worker(), "crictl", "inspect", id], env)).info.pid);
            const master = masters.find((l) => l.split(/\s+/)[1] === pid);
            assert.ok(master, `${container}'s process 1 (pid ${pid}) is not an nginx master in:\n${ps}`);
            assert.match(master, /^root\s/);
            const workers = sh("docker", ["exec", worker(), "ps", "--ppid", pid, "-o", "user=,args="], env);
            assert.match(workers, /^www-data +nginx: worker process$/m);
            assert.doesNotMatch(workers, /^root/m);
        }
        const netshoot = (...argv: string[]) => kubectl("exec", "myweb2", "-c", "myweb2-netshoot", "--", ...argv);
        assert.ok(netshoot("ip", "-c", "addr").includes(pods.myweb2.podIP), "ip -c addr shows the pod IP");
        assert.match(netshoot("bash", "--version"), /^GNU bash/);
        const page = netshoot("curl", "-s", "localhost");
        assert.match(page, /<h1>Welcome to nginx!<\/h1>/);
        assert.match(page, /kind-pause-lab stand-in for the nginx image: Debian bookworm's nginx [0-9.]+ on myweb2\./);
        // the sidecar's own loop (lab/pods.ts) as written: its curl's pages in its log, their requests in nginx's (stdout)
        assert.match(kubectl("logs", "myweb2", "-c", "myweb2-netshoot", "--tail", "20"), /<h1>Welcome to nginx!<\/h1>/);
        assert.match(kubectl("logs", "myweb2", "-c", "myweb2-nginx", "--tail", "5"), /"GET \/ HTTP\/1\.1" 200 \d+ "-" "curl\/[0-9.]+"/);
    });

    it("the NamespaceProbe's exact command on the worker: net/ipc/uts shared with pause, mnt/pid private", async function () {
        this.timeout(120_000);
        for (const [name, facts] of Object.entries(pods)) {
            probes[name] = await time(`probe ${name}`, () => probe(name, facts));
            const report = probes[name].report;
            assert.equal(report.node, worker());
            assert.equal(report.consistent, true, `${name}: ${report.inconsistencies.join("; ")}`);
            assert.deepEqual(Object.keys(report.containers).sort(), [...facts.containers].sort());
            for (const c of facts.containers) {
                const s = report.containers[c].sharing;
                assert.deepEqual(
                    { net: s.net, ipc: s.ipc, uts: s.uts, mnt: s.mnt, pid: s.pid, cgroup: s.cgroup },
                    seedVerdicts(),
                    `${name}/${c}`,
                );
                assert.equal(JSON.parse(probes[name].crictlInspect[c]).status.id, report.containers[c].id);
            }
            // pause holds the pod's own net/ipc/uts (not the node's)
            assert.deepEqual(
                [report.pause.sharing.net, report.pause.sharing.ipc, report.pause.sharing.uts],
                ["private", "private", "private"],
            );
        }
    });

    it("myweb2's two containers see the same addresses, the pod IP among them", () => {
        const r = probes.myweb2?.report;
        assert.ok(r, "myweb2 was not probed");
        const [a, b] = Object.values(r.containers);
        assert.deepEqual(a.addresses, b.addresses);
        assert.deepEqual(a.addresses, r.pause.addresses);
        assert.ok(
            a.addresses.some((x) => x.includes(` ${pods.myweb2.podIP}/`)),
            `${pods.myweb2.podIP} not in ${a.addresses.join(", ")}`,
        );
    });

    it("a second pass changes nothing: no-op up, the same verdicts from the same pods", async function () {
        this.timeout(5 * 60_000);
        const again = await time("pulumi up (no-op)", () => stack!.up());
        const changes = Object.entries(again.summary.resourceChanges ?? {}).filter(([op, n]) => op !== "same" && (n ?? 0) > 0);
        assert.deepEqual(changes, [], "the second up changed resources");
        for (const [name, facts] of Object.entries(pods)) {
            const report = (await probe(name, facts)).report;
            const before = probes[name].report;
            assert.equal(report.sandboxId, before.sandboxId, `${name}: same sandbox`);
            assert.deepEqual(report.pause.namespaces, before.pause.namespaces);
            for (const [c, v] of Object.entries(report.containers)) assert.deepEqual(v.sharing, before.containers[c].sharing);
        }
    });

    it("two ups at once on the same stack: the backend's lock refuses one, the other completes", async function () {
        this.timeout(5 * 60_000);
        const twin = await labStack();
        const results = await Promise.allSettled([stack!.up(), twin.up()]);
        const done = results.filter((r) => r.status === "fulfilled");
        const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
        assert.equal(done.length, 1, `one up completes: ${results.map((r) => r.status).join(", ")}`);
        assert.equal(refused.length, 1);
        assert.match(String(refused[0].reason), /currently locked/);
        const after = await stack!.up();
        assert.equal(after.summary.result, "succeeded", "the lock is released after the first up");
    });

    it("a lab pod deleted by hand: refresh then up brings it back, and its probe finds the new pod", async function () {
        this.timeout(5 * 60_000);
        const before = pods.myweb;
        kubectl("delete", "pod", "myweb", "--wait=true");
        await time("pulumi refresh", () => stack!.refresh());
        const up = await time("pulumi up (recreate myweb)", () => stack!.up());
        assert.deepEqual(up.summary.resourceChanges?.create, 1, JSON.stringify(up.summary.resourceChanges));
        pods = up.outputs.pods.value as Record<string, PodFacts>;
        assert.notEqual(pods.myweb.uid, before.uid, "a new pod");
        const result = await probe("myweb", pods.myweb);
        assert.notEqual(result.report.sandboxId, probes.myweb.report.sandboxId, "a new sandbox (pause)");
        replacedMyweb = probes.myweb.report; // what the stack recorded of the pod now gone (the tour's stale evidence)
        probes.myweb = result; // the evidence the stack would record now
        const s = result.report.containers["myweb-container"].sharing;
        assert.deepEqual({ net: s.net, ipc: s.ipc, uts: s.uts, mnt: s.mnt, pid: s.pid, cgroup: s.cgroup }, seedVerdicts());
    });

    it("lab status on the live lab: healthy, every check ok, in under 3 s", async function () {
        this.timeout(60_000);
        const start = Date.now();
        const { code, status: s } = await status();
        const seconds = (Date.now() - start) / 1000;
        timings.push(`lab status: ${seconds.toFixed(1)} s`);
        assert.deepEqual(
            s.checks.filter((c) => !c.ok).map((c) => c.line),
            [],
        );
        assert.equal(code, 0);
        assert.deepEqual(
            s.checks.map((c) => c.subject),
            ["cluster", "node facts", "nodes", "kube-ops-view", "pod myweb", "evidence myweb", "pod myweb2", "evidence myweb2"],
        );
        assert.ok(seconds < 3, `lab status took ${seconds.toFixed(1)} s`);
    });

    // lab tour (cli/tour.ts) on the live lab: the stack outputs are the ones the suite recorded, as the real stack
    // publishes them (tourOutputs); the commands, probes and checks run on the cluster.
    const tourStack = () => tourOutputs(config, nodes, pods, probes);

    it("lab tour on the live lab, in English and Korean: every step's command runs within 1 s and shows what the evidence names; the whole tour within 10 s", async function () {
        this.timeout(120_000);
        const worker = nodes.find((n) => n.role === "worker")!;
        for (const lang of ["en", "ko"]) {
            const r = await runTour(["--json", "--lang", lang], env, config, tourStack());
            timings.push(`lab tour --json --lang ${lang}: ${r.seconds.toFixed(1)} s`);
            assert.equal(r.err, "");
            const steps = JSON.parse(r.out) as Array<{
                step: string;
                command: string;
                output: string;
                verdict: { ok: boolean; text: string };
                commands: Array<{ command: string; ms: number; exitCode: number | null; output: string }>;
            }>;
            assert.deepEqual(
                steps.map((s) => s.step),
                [...STEP_IDS],
            );
            for (const s of steps) {
                assert.ok(s.verdict.ok, `${lang} ${s.step}: ${s.verdict.text}`);
                for (const c of s.commands) {
                    assert.ok(c.ms < 1000, `${lang} ${s.step} "${c.command}" took ${c.ms} ms`);
                    assert.equal(c.exitCode, 0, `${lang} ${s.step} "${c.command}": ${c.output}`);
                }
            }
            assert.equal(r.code, 0);
            assert.ok(r.seconds < 10, `the tour took ${r.seconds.toFixed(1)} s`);
            const by = Object.fromEntries(steps.map((s) => [s.step, s]));
            const m1 = probes.myweb.report;
            const m2 = probes.myweb2.report;
            assert.match(by["2.2"].output, new RegExp(`\\b${worker.internalIp.replace(/\./g, "\\.")}\\b`));
            assert.match(by["2.5"].output, new RegExp(`pause,${m1.pause.pid},ipc,mnt,net,pid,uts`));
            assert.match(by["2.5"].output, new RegExp(`^${m1.pause.namespaces.net} net +\\d+ +${m1.pause.pid} `, "m"));
            for (const t of ["net", "ipc", "uts"] as const) {
                // the shared inodes: in both containers' lsns (3.2) and pause's (3.3)
                const inode = m2.pause.namespaces[t];
                assert.equal((by["3.2"].output.match(new RegExp(`^${inode} ${t} `, "gm")) ?? []).length, 2, `${t} in 3.2`);
                assert.match(by["3.3"].output, new RegExp(`^${inode} ${t} `, "m"));
            }
            assert.equal((by["3.4"].output.match(new RegExp(`inet ${pods.myweb2.podIP}/`, "g")) ?? []).length, 3);
            assert.match(by["3.5"].output, new RegExp(`"/proc/${m2.pause.pid}/ns/net"`));
            // the write-up's own lines work verbatim on the stand-ins: the nginx master and the curl loop
            assert.match(
                by["3.2"].commands[0].output,
                new RegExp(`^root +${m2.containers["myweb2-nginx"].pid} .*nginx -g daemon off;`, "m"),
            );
            assert.match(by["3.2"].commands[1].output, new RegExp(`^root +${m2.containers["myweb2-netshoot"].pid} .*curl localhost`, "m"));
        }
    });

    it("lab tour --check on the live lab: right answers exit 0, wrong ones exit 1 with a hint that is not the answer, in both languages", async function () {
        this.timeout(120_000);
        const m1 = probes.myweb.report;
        const m2 = probes.myweb2.report;
        const nginx = m2.containers["myweb2-nginx"].pid;
        const netshoot = m2.containers["myweb2-netshoot"].pid;
        const cases: Array<[string, string, number, RegExp, RegExp]> = [
            ["2.5", String(m1.pause.pid), 0, /^Right: /, /^정답: /],
            ["2.5", String(m1.containers["myweb-container"].pid), 1, /nginx of pod myweb/, /파드 myweb의 nginx/],
            ["3.2", `${nginx},${netshoot}`, 0, /^Right: /, /^정답: /],
            ["3.2", `${m1.containers["myweb-container"].pid},${netshoot}`, 1, /another pod \(myweb\)/, /다른 파드\(myweb\)/],
            ["3.3", String(m2.pause.namespaces.net), 0, /^Right: /, /^정답: /],
            ["3.3", String(m2.pause.namespaces.uts), 1, /uts namespace both containers share, not net/, /uts 네임스페이스/],
            ["3.4", pods.myweb2.podIP, 0, /^Right: /, /^정답: /],
            ["3.4", nodes.find((n) => n.role === "worker")!.internalIp, 1, /the node's address/, /노드\(.*\)의 주소/],
        ];
        for (const [step, answer, code, en, ko] of cases) {
            for (const [lang, re] of [
                ["en", en],
                ["ko", ko],
            ] as const) {
                const r = await runTour(["--check", step, "--answer", answer, "--lang", lang], env, config, tourStack());
                assert.equal(r.code, code, `${lang} ${step} ${answer}: ${r.out}${r.err}`);
                assert.match((code === 0 ? r.out : r.err).trim(), re, `${lang} ${step} ${answer}`);
            }
        }
        const usage = await runTour(["--check", "9.9", "--answer", "1"], env, config, tourStack());
        assert.equal(usage.code, 2);
    });

    it("lab tour --format html in headless Chromium: every step on the page, no text outside its box, at a laptop's and a phone's width", async function () {
        this.timeout(180_000);
        for (const lang of ["en", "ko"]) {
            const r = await runTour(["--format", "html", "--lang", lang], env, config, tourStack());
            assert.equal(r.code, 0, r.err);
            for (const width of [1200, 420]) {
                const page = await measureTourPage(r.out, width);
                assert.deepEqual(page.steps, [...STEP_IDS], `${lang} at ${width} px`);
                assert.deepEqual(page.outside, [], `${lang} at ${width} px`);
            }
        }
    });

    it("the interactive tour in a real terminal (tmux): a wrong answer gets a hint and a second try, a right one a sentence, Enter skips", async function () {
        this.timeout(180_000);
        // a real stack on the suite's file backend, holding the outputs the suite recorded; the CLI reads it itself
        const tour = await inlineStack(sb!, { projectName: "kind-pause-lab", stackName: "kindtour" }, async () =>
            Object.fromEntries(Object.entries(tourStack()).map(([k, o]) => [k, o.value])),
        );
        assert.equal((await tour.up()).summary.result, "succeeded");
        const m1 = probes.myweb.report;
        const m2 = probes.myweb2.report;
        const answers = [
            String(m1.containers["myweb-container"].pid), // 2.5, wrong: nginx's PID
            String(m1.pause.pid), // 2.5, right
            `${m2.containers["myweb2-nginx"].pid},${m2.containers["myweb2-netshoot"].pid}`, // 3.2
            "", // 3.3: skipped
            pods.myweb2.podIP, // 3.4
        ];
        const start = Date.now();
        const t = await tmuxTour(["--stack", "kindtour", "--lang", "en"], { ...env, ...sb!.env, LANG: "C.UTF-8" }, answers);
        timings.push(`interactive tour in tmux: ${((Date.now() - start) / 1000).toFixed(1)} s`);
        assert.equal(t.exitCode, 0, t.screen);
        for (const s of STEP_IDS) assert.match(t.screen, new RegExp(`━━ Step ${s.replace(".", "\\.")}: `), `step ${s}`);
        assert.match(t.screen, /✗ PID \d+ is nginx of pod myweb, a container of the pod\./);
        assert.equal((t.screen.match(/^✓ Right: /gm) ?? []).length, 3, t.screen);
        assert.match(t.screen, /Skipped: the next step shows it\./);
        // in step 2.5, the marks that give its answer away (the tree's "◀ pause of myweb" beside pause's PID) come only
        // after its question (2.4's tree has them, but no PIDs)
        const [heading, question] = [t.screen.indexOf("━━ Step 2.5: "), t.screen.indexOf("Your turn (2.5)")];
        assert.ok(heading > 0 && question > heading);
        assert.ok(!t.screen.slice(heading, question).includes("◀"), "a mark was shown before 2.5's question");
        assert.ok(t.screen.indexOf("◀ pause of myweb", question) > question);
        await tour.workspace.removeStack("kindtour", { force: true });
        assert.ok(!fs.existsSync(path.join(REPO_ROOT, "Pulumi.kindtour.yaml")), "the tour left a stack file in the repository");
    });

    it("lab tour when the evidence is older than the pod (myweb was replaced above): it says so and shows the live values", async function () {
        this.timeout(60_000);
        assert.ok(replacedMyweb, "the replaced pod's evidence was kept");
        const stale = tourStack();
        (stale.namespaceReport.value as Record<string, unknown>).myweb = replacedMyweb;
        const r = await runTour(["--step", "2.5", "--lang", "en"], env, config, stale);
        assert.match(
            r.out,
            new RegExp(
                `! Pod myweb was replaced after the last lab up: the stack's evidence is from sandbox ${replacedMyweb!.sandboxId.slice(0, 13)}, the pod now runs in sandbox ${probes.myweb.report.sandboxId.slice(0, 13)}\\.`,
            ),
        );
        assert.match(r.out, new RegExp(`^\\$ lsns -p ${probes.myweb.report.pause.pid}$`, "m"), "the live pause's PID");
    });

    it("the nodes stopped, as after a Docker restart, and one back at a new address: the watch starts them, a new boot; the pods come back in new sandboxes, which status calls stale evidence and the probe (told the pod's containers) finds", async function () {
        this.timeout(10 * 60_000);
        watchStack = await openWatchStack();
        const first = await time("watch up (from empty)", () => watchStack!.up());
        assert.equal(first.summary.result, "succeeded");
        const bootBefore = String(first.outputs.boot.value);
        const names = nodeNames().map((n) => n.name);
        const addresses = () =>
            Object.fromEntries(parseNodeFacts(sh("docker", ["inspect", ...names], env)).map((n) => [n.name, n.internalIp]));
        const before = addresses();
        sh("docker", ["stop", ...names], env);
        // another container takes the lowest address the nodes freed, as one started first after a Docker restart would:
        // a node comes back elsewhere ("started again by Docker with new IPs")
        sh(
            "docker",
            ["run", "-d", "--rm", "--name", "kpl-squatter", "--network", "kind", "--entrypoint", "sleep", nodeImageRef(), "600"],
            env,
        );
        const stopped = await status();
        assert.equal(stopped.code, 1);
        assert.match(stopped.status.checks[0].line, /exist but do not run .*: npm run lab -- up starts them$/);
        const preview = await watchStack.preview();
        assert.deepEqual(preview.changeSummary.update, 1, `NodeBoot only: ${JSON.stringify(preview.changeSummary)}`);
        const up = await time("watch up (nodes stopped)", () => watchStack!.up());
        assert.equal(up.summary.result, "succeeded");
        assert.equal(up.outputs.epoch.value, first.outputs.epoch.value, "the cluster is kept");
        assert.notEqual(up.outputs.boot.value, bootBefore, "a new boot");
        assert.equal(sh("docker", ["inspect", "-f", "{{.State.Status}}", ...names], env).trim(), "running\nrunning");
        // the kubeconfig and node facts the stack re-reads on a new boot
        fs.writeFileSync(
            kubeconfigFile,
            ok(await runHostScript(kindKubeconfigScript(config.clusterName), env), "kubeconfig after restart"),
            { mode: 0o600 },
        );
        nodes = parseNodeFacts(ok(await runHostScript(nodeFactsScript(config.clusterName), env), "node facts after restart"));
        assert.notDeepEqual(addresses(), before, "a node has a new address");
        assert.deepEqual(Object.fromEntries(nodes.map((n) => [n.name, n.internalIp])), addresses(), "the node facts follow it");
        await time("nodes Ready after the restart", () =>
            waitFor("both nodes Ready", 180_000, () => {
                const items = JSON.parse(kubectl("get", "nodes", "-o", "json")).items as Array<{
                    status: { conditions: Array<{ type: string; status: string }> };
                }>;
                return items.length === names.length &&
                    items.every((n) => n.status.conditions.some((c) => c.type === "Ready" && c.status === "True"))
                    ? true
                    : undefined;
            }),
        );
        for (const [name, facts] of Object.entries(pods)) {
            const again = await time(`probe ${name} after the restart`, () =>
                probePod(env, name, facts, "docker", facts.containers.length),
            );
            assert.notEqual(again.report.sandboxId, probes[name].report.sandboxId, `${name}: a new sandbox`);
            for (const c of facts.containers)
                assert.deepEqual(again.report.containers[c].sharing, probes[name].report.containers[c].sharing, `${name}/${c}`);
            probes[name] = again;
        }
        // kube-ops-view's pod restarts with the node: healthy again once it answers and the evidence is taken anew
        const after = await time("lab status healthy after the restart", () =>
            waitFor("lab status healthy", 120_000, async () => {
                const r = await status();
                if (r.code !== 0)
                    throw new Error(
                        r.status.checks
                            .filter((c) => !c.ok)
                            .map((c) => c.line)
                            .join("; "),
                    );
                return r;
            }),
        );
        assert.ok(after.status.healthy);
        const labUp = await time("lab pods up after the restart", () => stack!.up());
        assert.deepEqual(
            Object.entries(labUp.summary.resourceChanges ?? {}).filter(([op, n]) => op !== "same" && (n ?? 0) > 0),
            [],
            "the pods are the same pods",
        );
        const again = await watchStack.up();
        assert.deepEqual(again.summary.resourceChanges?.update ?? 0, 0, "and the watch then stays");
        sh("docker", ["rm", "-f", "kpl-squatter"], env);
    });

    it("destroy, then the stack's delete script: no container, volume or network endpoint of the cluster is left", async function () {
        this.timeout(5 * 60_000);
        const volumes = (
            JSON.parse(sh("docker", ["inspect", ...nodes.map((n) => n.name)], env)) as Array<{
                Mounts: Array<{ Type: string; Name?: string }>;
            }>
        ).flatMap((c) => c.Mounts.filter((m) => m.Type === "volume" && m.Name).map((m) => m.Name!));
        assert.ok(volumes.length >= nodes.length, `each node has its /var volume: ${volumes.join(", ")}`);
        const destroyed = await time("pulumi destroy", () => stack!.destroy());
        assert.equal(destroyed.summary.result, "succeeded");
        ok(await time("kind delete (stack script)", () => deleteCluster()), "the delete script");
        assert.equal(sh("docker", ["ps", "-aq", "--filter", `label=io.x-k8s.kind.cluster=${config.clusterName}`], env).trim(), "");
        const leftVolumes = volumes.filter((v) => spawnSync("docker", ["volume", "inspect", v], { env }).status === 0);
        assert.deepEqual(leftVolumes, [], "the nodes' volumes are removed");
        // kind keeps its `kind` network for other clusters (the suite removes it in `after` when it created it)
        assert.equal(sh("docker", ["network", "inspect", "kind", "-f", "{{len .Containers}}"], env).trim(), "0");
        // deleting again succeeds: destroy completes after a manual `kind delete cluster`
        ok(await deleteCluster(), "a second delete");
    });

    it("after the cluster was deleted: the watch's preview replaces it (a new epoch), status says so in one line", async function () {
        this.timeout(5 * 60_000);
        assert.ok(watchStack, "the watch stack was made above");
        const preview = await time("watch preview (cluster gone)", () => watchStack!.preview());
        assert.deepEqual(preview.changeSummary.update, 2, `epoch and boot: ${JSON.stringify(preview.changeSummary)}`);
        const gone = await status();
        assert.equal(gone.code, 1);
        assert.equal(gone.status.checks.length, 1);
        assert.match(
            gone.status.checks[0].line,
            new RegExp(
                `^kind cluster ${config.clusterName} is gone: docker has none of its node containers .*: npm run lab -- up makes it anew$`,
            ),
        );
        await watchStack!.workspace.removeStack(watchStack!.name, { force: true });
    });

    it("the Docker daemon stops while the cluster is created: a last line naming Docker; once it is back, create completes", async function () {
        this.timeout(10 * 60_000);
        if (!daemon?.started) {
            // a daemon the suite did not start may be a user's: it is not the suite's to stop
            console.log("      skipped: this Docker daemon was running before the suite, so the suite does not stop it");
            this.skip();
        }
        const dockerd = (verb: "start" | "stop") => {
            const r = labDaemon(verb);
            assert.equal(r.status, 0, `dockerd.sh ${verb}: ${r.stderr.trim()}`);
        };
        const nodeContainers = () =>
            sh("docker", ["ps", "-q", "--filter", `label=io.x-k8s.kind.cluster=${config.clusterName}`], env)
                .trim()
                .split("\n")
                .filter(Boolean);
        const creating = runHostScript(createScript(), env, renderKindConfig(clusterConfig()));
        // stop it once kind has started both node containers: kind is inside kubeadm by then
        await waitFor(
            "kind starting both node containers",
            120_000,
            () => (nodeContainers().length === nodeNames().length ? true : undefined),
            500,
        );
        await time("dockerd stop during kind create", async () => dockerd("stop"));
        const failed = await creating;
        assert.notEqual(failed.status, 0, "the create failed");
        assert.equal(
            failed.stderr.trim().split("\n").pop(),
            `kind-pause-lab: the Docker daemon stopped while kind was creating cluster ${config.clusterName}: start Docker again, then run "pulumi up" again (it deletes the half-made cluster and creates it anew)`,
        );
        dockerd("start");
        const again = await time("kind create after Docker is back", () =>
            runHostScript(createScript(), env, renderKindConfig(clusterConfig())),
        );
        ok(again, "the create after Docker came back");
        assert.match(
            again.stderr,
            new RegExp(`^kind-pause-lab: deleting cluster ${config.clusterName} left by an interrupted create$`, "m"),
        );
        assert.deepEqual(sh("kind", ["get", "clusters"], env).trim().split("\n"), [config.clusterName]);
        // the new cluster works: both nodes report Ready through its fresh kubeconfig
        fs.writeFileSync(kubeconfigFile, ok(await runHostScript(kindKubeconfigScript(config.clusterName), env), "the kubeconfig script"), {
            mode: 0o600,
        });
        await waitFor("both nodes Ready", 180_000, () => {
            const items = JSON.parse(kubectl("get", "nodes", "-o", "json")).items as Array<{
                status: { conditions: Array<{ type: string; status: string }> };
            }>;
            return items.length === nodeNames().length &&
                items.every((n) => n.status.conditions.some((c) => c.type === "Ready" && c.status === "True"))
                ? true
                : undefined;
        });
        ok(await deleteCluster(), "the delete script");
        assert.deepEqual(nodeContainers(), []);
    });
});
