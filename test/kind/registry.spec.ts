// Smoke of the Docker Hub stand-in (scripts/bench/registry: the registry `npm run bench:up` pulls through). Not a
// timed benchmark: it starts the stand-in with one of the lab's images at its real compressed size and a low
// bandwidth cap, serves it to a single-node kind cluster of its own (the offline node image) through the node's
// hosts.toml for docker.io, as kind's "local registry" guide does, and to the lab's Docker daemon as a registry mirror,
// then stops everything and checks nothing is left. Whole smoke: about 30 s.
// As root it runs; a missing piece is a failure naming the setup command, never a skip.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as path from "path";
import { KindSetupError, kindEnv, nodeImageRef, REPO_ROOT, sh, useLabDaemon } from "./cluster";

const NAME = "kpl-registry-smoke"; // the registry's container and DNS name (the bench's is kpl-registry)
const CLUSTER = "kpl-registry-smoke";
const NODE = `${CLUSTER}-control-plane`;
const IMAGE = "docker.io/library/nginx:alpine";
const MBIT = 50; // the smoke's cap: nginx:alpine's 26.3 MB then take at least 4.2 s
const HOST_IMAGE = "docker.io/kpl-registry-smoke/pause:1"; // a name no one else has: the mirror test pulls it
const HOST_IMAGE_BYTES = 2_000_000;
const REGISTRY_SH = path.join("scripts", "bench", "registry", "registry.sh");
const RUN_DIR = process.env.KPL_DOCKER_RUN_DIR ?? "/run/kind-pause-lab";

interface Manifest {
    config: { digest: string; size: number };
    layers: Array<{ digest: string; size: number }>;
}

/** One request line of the registry's log (main.go: "kpl-registry: METHOD PATH STATUS BYTES B MS ms ua=..."). */
interface Served {
    method: string;
    path: string;
    status: number;
    bytes: number;
    ms: number;
    ua: string;
}

function parseLog(text: string): Served[] {
    const out: Served[] = [];
    for (const line of text.split("\n")) {
        const m = /kpl-registry: (\S+) (\S+) (\d+) (\d+) B (\d+) ms ua="(.*)"$/.exec(line);
        if (m) out.push({ method: m[1], path: m[2], status: Number(m[3]), bytes: Number(m[4]), ms: Number(m[5]), ua: m[6] });
    }
    return out;
}

/** The bytes images.txt names for a reference: the real image's compressed layers. */
function realBytes(ref: string): number {
    const text = fs.readFileSync(path.join(REPO_ROOT, "scripts", "bench", "registry", "images.txt"), "utf8");
    const line = text.split("\n").find((l) => l.split(/\s+/)[0] === ref);
    assert.ok(line, `images.txt has no line for ${ref}`);
    return Number(line.split(/\s+/)[2]);
}

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.once("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const port = (srv.address() as net.AddressInfo).port;
            srv.close(() => resolve(port));
        });
    });
}

function httpGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
        const req = http.get(url, { headers, timeout: 10_000 }, (res) => {
            let body = "";
            res.on("data", (d: Buffer) => (body += d.toString()));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on("timeout", () => req.destroy(new Error("timed out")));
        req.on("error", reject);
    });
}

describe("offline kind: the Docker Hub stand-in (bench:up's registry) serves a node and the host, and leaves nothing", function () {
    let env: NodeJS.ProcessEnv;
    let daemon: ReturnType<typeof useLabDaemon> | undefined;
    let port = 0;
    let daemonJson = "";
    let tmpBefore: string[] = [];
    let manifest: Manifest | undefined;
    let manifestBytes = 0;
    const started = Date.now();
    const registry = (...args: string[]) =>
        spawnSync("bash", [REGISTRY_SH, ...args], {
            cwd: REPO_ROOT,
            env: { ...env, KPL_REGISTRY_NAME: NAME, KPL_REGISTRY_PORT: String(port) },
            encoding: "utf8",
            timeout: 300_000,
        });
    const served = () => parseLog(registry("logs").stdout);
    const tmpEntries = () => fs.readdirSync(process.env.TMPDIR ?? "/tmp").filter((f) => f.startsWith("kpl-registry."));
    const clusters = () => sh("kind", ["get", "clusters"], env).split("\n");
    const cleanup = () => {
        if (!env) return;
        if (clusters().includes(CLUSTER)) spawnSync("kind", ["delete", "cluster", "--name", CLUSTER], { env, stdio: "ignore" });
        spawnSync("docker", ["image", "rm", HOST_IMAGE], { env, stdio: "ignore" });
        if (port) registry("stop");
    };

    before(async function () {
        this.timeout(120_000);
        if (process.getuid?.() !== 0) throw new KindSetupError("the offline kind suite runs as root (it starts a Docker daemon)");
        daemon = useLabDaemon();
        env = { ...process.env, ...kindEnv() };
        port = await freePort();
        const settings = registry("env");
        assert.equal(settings.status, 0, `registry.sh env: ${settings.stderr.trim()}`);
        const binary = /^KPL_REGISTRY_BINARY=(.*)$/m.exec(settings.stdout)?.[1] ?? "";
        if (!fs.existsSync(binary)) throw new KindSetupError(`the registry stand-in is not built (${binary})`);
        if (spawnSync("docker", ["image", "inspect", nodeImageRef()], { env }).status !== 0)
            throw new KindSetupError(`the node image ${nodeImageRef()} is not built`);
        if (spawnSync("docker", ["image", "inspect", "nginx:alpine"], { env }).status !== 0)
            throw new KindSetupError("the stand-in image nginx:alpine is not built");
        cleanup(); // a leftover of an interrupted run
        daemonJson = fs.readFileSync(path.join(RUN_DIR, "daemon.json"), "utf8");
        tmpBefore = tmpEntries();
    });

    after(function () {
        this.timeout(180_000);
        cleanup();
        daemon?.stop();
        console.log(`      registry smoke: ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
    });

    it("starts with nginx:alpine at the real image's compressed size, blob downloads capped", async function () {
        this.timeout(120_000);
        const r = registry("start", "--bandwidth", `${MBIT}mbit`, "--images", IMAGE);
        assert.equal(r.status, 0, `registry.sh start: ${r.stderr.trim()}`);
        // the line the bench quotes
        assert.match(
            r.stdout,
            new RegExp(`simulated Docker Hub: docker\\.io/library/nginx:alpine 26\\.3 MB; blob downloads capped at ${MBIT} Mbit/s`),
        );
        assert.equal(registry("status").status, 0);
        const m = await httpGet(`http://127.0.0.1:${port}/v2/library/nginx/manifests/alpine`, {
            Accept: "application/vnd.docker.distribution.manifest.v2+json",
        });
        assert.equal(m.status, 200);
        manifest = JSON.parse(m.body) as Manifest;
        manifestBytes = Buffer.byteLength(m.body);
        const layers = manifest.layers.reduce((n, l) => n + l.size, 0);
        assert.equal(layers, realBytes(IMAGE), "the compressed layers add up to the real image's size");
        assert.ok(manifest.layers.length >= 2, "the stand-in's layers and the padding layer");
    });

    it("a kind node's containerd pulls docker.io through it (hosts.toml), at the capped rate", function () {
        this.timeout(300_000);
        assert.ok(manifest, "the registry runs (previous test)");
        // kind's local-registry guide: containerd's config_path through containerdConfigPatches, then hosts.toml
        const patch = registry("kind-patch").stdout;
        const config = `kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes: [{role: control-plane}]\n${patch}`;
        let t = Date.now();
        sh("kind", ["create", "cluster", "--name", CLUSTER, "--image", nodeImageRef(), "--config", "-"], env, config);
        console.log(`      kind create: ${((Date.now() - t) / 1000).toFixed(1)} s`);
        const conf = registry("configure-node", NODE);
        assert.equal(conf.status, 0, `configure-node: ${conf.stdout}${conf.stderr}`);
        const hosts = sh("docker", ["exec", NODE, "cat", "/etc/containerd/certs.d/docker.io/hosts.toml"], env);
        assert.match(hosts, new RegExp(`\\[host\\."http://${NAME}:5000"\\]\\s+capabilities = \\["pull", "resolve"\\]`));

        t = Date.now();
        sh("docker", ["exec", NODE, "crictl", "pull", IMAGE], env);
        const seconds = (Date.now() - t) / 1000;
        console.log(`      crictl pull ${IMAGE} (${(realBytes(IMAGE) / 1e6).toFixed(1)} MB at ${MBIT} Mbit/s): ${seconds.toFixed(1)} s`);

        // it came from the stand-in: containerd asked for the tag and fetched the manifest and every blob
        const log = served().filter((s) => s.ua.startsWith("containerd/"));
        assert.ok(
            log.some((s) => /^\/v2\/library\/nginx\/manifests\/alpine\?ns=docker\.io$/.test(s.path) && s.status === 200),
            `containerd resolved the tag at the stand-in: ${JSON.stringify(log)}`,
        );
        for (const blob of [manifest!.config, ...manifest!.layers]) {
            const got = log.find((s) => s.method === "GET" && s.path.startsWith(`/v2/library/nginx/blobs/${blob.digest}`));
            assert.ok(got, `containerd fetched ${blob.digest} from the stand-in`);
            assert.equal(got.status, 200);
            assert.equal(got.bytes, blob.size, `all of ${blob.digest}`);
        }
        // the image the node has is the padded one: CRI's size is the manifest, the config and the compressed layers
        const inspect = JSON.parse(sh("docker", ["exec", NODE, "crictl", "inspecti", "-o", "json", IMAGE], env)) as {
            status: { size: string; repoDigests: string[] };
        };
        const expected = manifestBytes + manifest!.config.size + realBytes(IMAGE);
        assert.equal(Number(inspect.status.size), expected);
        // the cap held: the blobs cannot have arrived faster than MBIT allows (less the limiter's 50 ms of idle credit)
        const blobBytes = manifest!.config.size + realBytes(IMAGE);
        const floor = (blobBytes * 8) / (MBIT * 1e6) - 0.25;
        assert.ok(seconds >= floor, `the pull took ${seconds.toFixed(2)} s, less than the cap allows (${floor.toFixed(2)} s)`);
    });

    it("the lab's Docker daemon pulls docker.io through it as its registry mirror", function () {
        this.timeout(120_000);
        const push = registry("push", "registry.k8s.io/pause:3.10.1", HOST_IMAGE, String(HOST_IMAGE_BYTES));
        assert.equal(push.status, 0, `registry.sh push: ${push.stderr.trim()}`);
        const conf = registry("configure-host");
        assert.equal(conf.status, 0, `configure-host: ${conf.stderr.trim()}`);
        const mirrors = sh("docker", ["info", "--format", "{{json .RegistryConfig.Mirrors}}"], env);
        assert.ok(mirrors.includes(`http://127.0.0.1:${port}/`), mirrors);
        // a short name, as a user types it: Docker Hub's, which only the mirror can serve here
        sh("docker", ["pull", HOST_IMAGE.replace(/^docker\.io\//, "")], env);
        const fromDocker = served().filter((s) => s.ua.startsWith("docker/") && s.path.startsWith("/v2/kpl-registry-smoke/pause/"));
        assert.ok(
            fromDocker.some((s) => s.method === "GET" && s.path.includes("/blobs/") && s.status === 200),
            `the daemon fetched the blobs from the stand-in: ${JSON.stringify(fromDocker)}`,
        );
        sh("docker", ["image", "rm", HOST_IMAGE], env);
    });

    it("stops, and leaves no container, image, network, attachment, mirror, cluster or temporary file", function () {
        this.timeout(180_000);
        sh("kind", ["delete", "cluster", "--name", CLUSTER], env);
        const r = registry("stop");
        assert.equal(r.status, 0, `registry.sh stop: ${r.stderr.trim()}`);
        assert.equal(sh("docker", ["ps", "-a", "-q", "--filter", `name=^${NAME}$`], env).trim(), "", "no container");
        assert.equal(sh("docker", ["image", "ls", "-q", "--filter", `label=kind-pause-lab.registry=${NAME}`], env).trim(), "", "no image");
        assert.equal(spawnSync("docker", ["network", "inspect", `${NAME}-net`], { env }).status, 1, "no network of its own");
        const kindNet = spawnSync("docker", ["network", "inspect", "kind", "--format", "{{range .Containers}}{{.Name}} {{end}}"], {
            env,
            encoding: "utf8",
        });
        if (kindNet.status === 0) assert.ok(!kindNet.stdout.split(" ").includes(NAME), "no endpoint on the kind network");
        assert.ok(!clusters().includes(CLUSTER), "the smoke's cluster is deleted");
        assert.ok(!sh("docker", ["info", "--format", "{{json .RegistryConfig.Mirrors}}"], env).includes(`:${port}/`), "no mirror");
        assert.equal(fs.readFileSync(path.join(RUN_DIR, "daemon.json"), "utf8"), daemonJson, "the daemon's config as it was");
        assert.ok(!fs.existsSync(path.join(RUN_DIR, `registry-${NAME}`)), "no state directory");
        assert.deepEqual(tmpEntries(), tmpBefore, "no temporary directory");
        assert.equal(spawnSync("docker", ["image", "inspect", HOST_IMAGE], { env }).status, 1, "the mirror test's image is gone");
    });
});
