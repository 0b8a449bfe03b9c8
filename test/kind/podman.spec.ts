// The lab's kind path on podman: a real two-node kind cluster with KIND_EXPERIMENTAL_PROVIDER=podman (rootful podman
// from Debian), from the same offline node image as the Docker cluster of kind.spec.ts, copied into podman's store.
// The stack's own host scripts run with runtime podman exactly as the command provider runs them: create (the rendered
// config on stdin), kubeconfig, node facts, image preload (by the name the kubelet asks for, with the node's own
// snapshotter), the probe through `podman exec`, delete. The lab's pods are applied with kubectl (the engine part is
// kind.spec.ts's). As root it runs; a missing piece is a failure naming the setup command, never a skip.
//
// This machine needs two things a laptop does not: test/support/podman.ts's containers.conf, and one FORWARD rule. The
// lab's own dockerd (started for the node image) sets the host's FORWARD policy to DROP, and pod traffic between the
// nodes keeps the pods' addresses across podman's bridge; Docker accepts bridge-to-bridge traffic on its own networks
// the same way.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { LabConfig } from "../../lab/configSchema";
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
import { sandbox } from "../engine/engine";
import { podmanMissing, podmanTestEnv, removeIdleNetavarkChains } from "../support/podman";
import {
    KindSetupError,
    kindEnv,
    labConfigForOfflineKind,
    nodeImageRef,
    probePod,
    REPO_ROOT,
    runHostScript,
    sh,
    useLabDaemon,
    waitFor,
} from "./cluster";

const RULE_COMMENT = "kind-pause-lab test:kind podman";

/** The reference as the kubelet asks for it: lib.sh's qualified_image, which the preload script uses. */
function qualified(image: string): string {
    const lib = path.join(REPO_ROOT, "host", "lib.sh");
    return sh("bash", ["-c", '. "$1" && qualified_image "$2"', "_", lib, image], process.env).trim();
}

/** An image of the lab's Docker daemon in podman's store under NAME, copied again when the daemon's copy changed. */
function copyImage(env: NodeJS.ProcessEnv, dockerRef: string, podmanRef: string): boolean {
    const dockerId = sh("docker", ["image", "inspect", "--format", "{{.Id}}", dockerRef], env).trim();
    const have = spawnSync("podman", ["image", "inspect", "--format", "{{.Id}}", podmanRef], { env, encoding: "utf8" });
    if (have.status === 0 && `sha256:${have.stdout.trim()}` === dockerId.replace(/^(sha256:)?/, "sha256:")) return false;
    const save = spawnSync("bash", ["-o", "pipefail", "-c", 'docker image save "$1" | podman load -q', "_", dockerRef], {
        env,
        encoding: "utf8",
        timeout: 600_000,
    });
    assert.equal(save.status, 0, `docker image save ${dockerRef} | podman load: ${save.stderr}`);
    // podman load names a registry-less reference localhost/NAME; the name the lab uses is given as well.
    sh("podman", ["tag", `localhost/${dockerRef.includes(":") ? dockerRef : `${dockerRef}:latest`}`, podmanRef], env);
    return true;
}

describe("kind on podman: the lab's host scripts with KIND_EXPERIMENTAL_PROVIDER=podman", function () {
    this.timeout(600_000);
    let work = "";
    let env: NodeJS.ProcessEnv;
    let config: LabConfig;
    let bridge = "";
    let kubeconfig = "";
    const timings: string[] = [];
    const kubectl = (...args: string[]) => sh("kubectl", ["--kubeconfig", kubeconfig, ...args], env);
    const deleteCluster = () => runHostScript(kindDeleteScript(config.clusterName, "podman"), env, "", 180_000);
    const nodeImage = `localhost/${nodeImageRef()}`;

    const cleanup = () => {
        if (config && env) {
            const [cmd, ...args] = bashInterpreter;
            spawnSync(cmd, [...args, kindDeleteScript(config.clusterName, "podman")], { cwd: REPO_ROOT, env, stdio: "ignore" });
        }
        if (bridge) {
            while (
                spawnSync("iptables", [
                    "-D",
                    "FORWARD",
                    "-i",
                    bridge,
                    "-o",
                    bridge,
                    "-m",
                    "comment",
                    "--comment",
                    RULE_COMMENT,
                    "-j",
                    "ACCEPT",
                ]).status === 0
            );
        }
        if (env) {
            spawnSync("podman", ["network", "rm", "-f", "kind"], { env, stdio: "ignore" });
            removeIdleNetavarkChains(env);
        }
        if (work) fs.rmSync(work, { recursive: true, force: true });
    };
    const onSignal = (signal: NodeJS.Signals) => {
        console.error(`\n    kind on podman: ${signal}: deleting the cluster`);
        cleanup();
        process.exit(130);
    };

    before(async function () {
        if (process.getuid?.() !== 0) throw new KindSetupError("the offline kind suite runs as root");
        const missing = podmanMissing();
        if (missing) throw new Error(missing); // names setup:test, which installs them (not scripts/kind/setup.sh)
        process.once("SIGINT", onSignal);
        process.once("SIGTERM", onSignal);
        work = fs.mkdtempSync(path.join(os.tmpdir(), "kpl-kind-podman-"));
        kubeconfig = path.join(work, "kubeconfig");
        env = { ...process.env, ...kindEnv(), ...podmanTestEnv(work) };
        const sb = sandbox("kind-podman");
        try {
            config = await labConfigForOfflineKind(sb);
        } finally {
            sb.cleanup();
        }
        // The node image and the pods' stand-ins come from the lab's Docker daemon (node-image.sh builds them there),
        // under the names a podman user's pulls give them.
        const daemon = useLabDaemon();
        try {
            const start = Date.now();
            const images = podImages(labPodManifests(config.experiments, true));
            const copied = [copyImage(env, nodeImageRef(), nodeImage), ...images.map((i) => copyImage(env, i, qualified(i)))];
            timings.push(`images into podman ${((Date.now() - start) / 1000).toFixed(1)} s (${copied.filter(Boolean).length} copied)`);
        } finally {
            daemon.stop();
        }
        // kind reuses an existing `kind` network; made here, its bridge is known for the FORWARD rule.
        spawnSync("podman", ["network", "rm", "-f", "kind"], { env, stdio: "ignore" });
        sh("podman", ["network", "create", "kind"], env);
        bridge = sh("podman", ["network", "inspect", "kind", "--format", "{{.NetworkInterface}}"], env).trim();
        sh("iptables", ["-I", "FORWARD", "1", "-i", bridge, "-o", bridge, "-m", "comment", "--comment", RULE_COMMENT, "-j", "ACCEPT"], env);
    });

    after(async function () {
        this.timeout(300_000);
        process.removeListener("SIGINT", onSignal);
        process.removeListener("SIGTERM", onSignal);
        cleanup();
        if (timings.length) console.log(`      timings: ${timings.join("; ")}`);
    });

    it("create: the stack's create script makes both nodes with podman; they turn Ready", async function () {
        const clusterConfig = labClusterConfig(config.workerPortMappings);
        const r = await runHostScript(
            kindCreateScript({
                clusterName: config.clusterName,
                runtime: "podman",
                waitTimeout: config.clusterWaitTimeout,
                nodeImage,
                hostPorts: config.workerPortMappings,
            }),
            env,
            renderKindConfig(clusterConfig),
        );
        assert.equal(r.status, 0, r.stderr);
        timings.push(`create ${r.seconds.toFixed(1)} s`);
        const k = await runHostScript(kindKubeconfigScript(config.clusterName, "podman"), env);
        assert.equal(k.status, 0, k.stderr);
        fs.writeFileSync(kubeconfig, k.stdout, { mode: 0o600 });
        const start = Date.now();
        kubectl("wait", "--for=condition=Ready", "node", "--all", "--timeout=240s");
        timings.push(`nodes Ready ${((Date.now() - start) / 1000).toFixed(1)} s later`);
        const names = kubectl("get", "nodes", "-o", "jsonpath={.items[*].metadata.name}").trim().split(" ").sort();
        assert.deepEqual(
            names,
            kindNodeNames(config.clusterName, clusterConfig)
                .map((n) => n.name)
                .sort(),
        );
    });

    it("node facts: podman inspect of the real nodes, read by the program's parser", async function () {
        const r = await runHostScript(nodeFactsScript(config.clusterName, "podman"), env);
        assert.equal(r.status, 0, r.stderr);
        const facts = parseNodeFacts(r.stdout);
        const worker = facts.find((n) => n.role === "worker");
        assert.ok(worker, JSON.stringify(facts));
        assert.deepEqual(worker.publishedPorts.map((p) => p.hostPort).sort(), config.workerPortMappings.map((m) => m.hostPort).sort());
        const ips = JSON.parse(kubectl("get", "nodes", "-o", "json")) as {
            items: { metadata: { name: string }; status: { addresses: { type: string; address: string }[] } }[];
        };
        for (const n of facts) {
            const node = ips.items.find((i) => i.metadata.name === n.name);
            assert.ok(node, n.name);
            assert.equal(n.internalIp, node.status.addresses.find((a) => a.type === "InternalIP")?.address);
        }
    });

    it("preload, pods and probe: the lab's pods run from podman's images; pause owns net/ipc/uts, the containers their mnt/pid", async function () {
        const manifests = labPodManifests([], config.preloadImages);
        const worker = `${config.clusterName}-worker`;
        const images = podImages(manifests);
        const r = await runHostScript(imageLoadScript({ images, nodes: [worker], runtime: "podman" }), env);
        assert.equal(r.status, 0, r.stderr);
        const loaded = images.map(qualified).join(", ").replace(/[.]/g, "\\.");
        assert.match(r.stdout, new RegExp(`^loaded ${loaded} \\(podman\\) into ${worker}$`, "m"));
        const pods = manifests.map((m) => ({
            apiVersion: "v1",
            kind: "Pod",
            metadata: m.metadata,
            spec: m.spec,
        }));
        sh(
            "kubectl",
            ["--kubeconfig", kubeconfig, "apply", "-f", "-"],
            env,
            JSON.stringify({ apiVersion: "v1", kind: "List", items: pods }),
        );
        const start = Date.now();
        kubectl("wait", "--for=condition=Ready", ...manifests.map((m) => `pod/${m.metadata.name}`), "--timeout=180s");
        timings.push(`pods Ready ${((Date.now() - start) / 1000).toFixed(1)} s`);
        for (const m of manifests) {
            const uid = kubectl("get", "pod", m.metadata.name, "-o", "jsonpath={.metadata.uid}").trim();
            const { report } = await probePod(env, m.metadata.name, { nodeName: worker, uid }, "podman");
            assert.deepEqual(report.inconsistencies, []);
            assert.equal(report.node, worker);
            for (const c of m.spec.containers) {
                const verdict = report.containers[c.name]?.sharing;
                assert.ok(verdict, `${m.metadata.name}: no report for ${c.name}`);
                assert.deepEqual(
                    [verdict.net, verdict.ipc, verdict.uts, verdict.mnt, verdict.pid],
                    ["pod", "pod", "pod", "private", "private"],
                );
            }
        }
    });

    it("delete: the stack's delete script leaves no node container and no volume", async function () {
        const r = await deleteCluster();
        assert.equal(r.status, 0, r.stderr);
        const label = `label=io.x-k8s.kind.cluster=${config.clusterName}`;
        assert.equal(sh("podman", ["ps", "-aq", "--filter", label], env).trim(), "");
        await waitFor("the nodes' volumes to go", 30_000, () =>
            sh("podman", ["volume", "ls", "-q", "--filter", label], env).trim() === "" ? true : undefined,
        );
    });
});
