// Host-side shell text: quoting holds for any string (run through a real bash), and the kind/docker scripts behave
// as users will see them, run under bash against stand-in `docker` and `kind` executables.
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import * as YAML from "yaml";
import { PortMapping } from "../../../lab/configSchema";
import {
    imageLoadScript,
    kindCreateScript,
    kindDeleteScript,
    kindKubeconfigScript,
    nodeFactsScript,
    probeCommand,
    RUNTIME_EXIT,
    runtimeInfoScript,
    shellQuote,
} from "../../../host/commands";
import { RUNTIMES } from "../../../host/runtimes";
import { labClusterConfig, renderKindConfig } from "../../../lab/kindConfig";
import { REPO_ROOT } from "../../support/paths";

interface RunResult {
    code: number;
    stdout: string;
    stderr: string;
}

function runBash(script: string, options: { env?: Record<string, string>; stdin?: string } = {}): Promise<RunResult> {
    return new Promise((resolve) => {
        // in the project root, as the engine starts the command provider (host/*.sh are relative)
        const child = execFile(
            "bash",
            ["-c", script],
            { cwd: REPO_ROOT, env: { ...options.env }, timeout: 10000 },
            (error, stdout, stderr) => {
                resolve({ code: error ? ((error as any).code ?? 1) : 0, stdout, stderr });
            },
        );
        // A script that fails early exits without reading stdin: that EPIPE is expected, not an error.
        child.stdin!.on("error", () => undefined);
        child.stdin!.end(options.stdin ?? "");
    });
}

// Stand-ins: they log their arguments (one call per line) and answer from environment variables.
const FAKE_DOCKER = `#!/bin/bash
printf '%s %s\\n' "$(basename "$0")" "$*" >> "$FAKE_LOG"
case "$1" in
  info) [ ! -f "$FAKE_LOG.docker-stopped" ] || exit 1; [ -z "\${DOCKER_INFO_STDERR:-}" ] || printf '%s\\n\\n' "$DOCKER_INFO_STDERR" >&2; [ "\${DOCKER_INFO_RC:-0}" != 0 ] || [ "$2" != --format ] || printf '%s\\n' "\${DOCKER_INFO_OUT:-28.5.1|8589934592}"; exit "\${DOCKER_INFO_RC:-0}" ;;
  ps) case "$*" in *Ports*) printf '%s' "\${DOCKER_PS_PORTS:-}" ;; *) printf '%s\\n' \${DOCKER_PS_IDS:-} ;; esac ;;
  inspect) printf '[{"ids":"%s"}]\\n' "$*" ;;
  version) echo linux/arm64 ;;
  pull) exit "\${PULL_RC:-0}" ;;
  port) printf '%s' "\${DOCKER_PORT:-}"; exit "\${DOCKER_PORT_RC:-0}" ;;
  image) if [ "$3" = --help ]; then printf '%s\\n' "\${DOCKER_SAVE_HELP:-}"; elif [ "$2 $3 $4" = "inspect --format {{.Id}}" ]; then shift 4; for i; do id=; for p in \${HOST_IMAGE_IDS:-}; do [ "\${p%=*}" != "$i" ] || id=\${p#*=}; done; echo "\${id:-sha256:host-$i}"; done; elif [ "$2" = inspect ]; then for a in \${IMAGES_ABSENT:-}; do [ "$a" != "\${@: -1}" ] || exit 1; done; [ "$3" != --format ] || for p in \${IMAGE_PLATFORMS:-}; do [ "\${p%=*}" != "$5" ] || echo "\${p#*=}"; done; exit "\${IMAGE_MISSING:-0}"; else echo "TAR:$*"; fi ;;
  exec) case "$*" in *"crictl inspecti"*) shift 2; PATH="$(dirname "$0")/node-bin:$PATH" "$@" ;; *"ctr version") exit "\${CTR_VERSION_RC:-0}" ;; *"containerd config dump") printf '%s\\n' "\${CONTAINERD_CONFIG-version = 2
[plugins.\\"io.containerd.grpc.v1.cri\\".containerd]
  snapshotter = \\"overlayfs\\"}" ;; *) cat >> "$FAKE_LOG.stdin"; exit "\${CTR_RC:-0}" ;; esac ;;
esac
`;
// The node's crictl, for the script image-load.sh runs in a node (the stand-in docker runs it with this on PATH):
// \`crictl inspecti ... IMAGE\` prints the image's ID and a newline, as the real one does, or fails.
const FAKE_CRICTL = `#!/bin/bash
for p in \${NODE_IMAGE_IDS:-}; do [ "\${p%=*}" != "\${@: -1}" ] || { echo "\${p#*=}"; exit 0; }; done
echo "no such image" >&2; exit 1
`;
const FAKE_KIND = `#!/bin/bash
printf 'kind %s%s\\n' "\${KIND_EXPERIMENTAL_PROVIDER:+[$KIND_EXPERIMENTAL_PROVIDER] }" "$*" >> "$FAKE_LOG"
case "$1 $2" in
  "get clusters") printf '%s' "\${KIND_CLUSTERS:-}" ;;
  "create cluster") cat > "$FAKE_LOG.stdin"; [ -z "\${KIND_CREATE_WAITS_FOR_LOAD:-}" ] || for _ in $(seq 50); do ! grep -q TAR "$FAKE_LOG.stdin" || break; sleep 0.1; done; [ -z "\${KIND_CREATE_STOPS_DOCKER:-}" ] || : > "$FAKE_LOG.docker-stopped"; [ -z "\${KIND_MARKER:-}" ] || [ -f "$KIND_MARKER" ] || echo "no marker during create" >> "$FAKE_LOG"; exit "\${KIND_CREATE_RC:-0}" ;;
  "get kubeconfig") echo "apiVersion: v1" ;;
esac
`;

let toolDir: string;
let logFile: string;

function tools(which: { docker?: boolean; kind?: boolean; podman?: boolean }): string {
    const dir = fs.mkdtempSync(path.join(toolDir, "bin-"));
    if (which.docker !== false) fs.writeFileSync(path.join(dir, "docker"), FAKE_DOCKER, { mode: 0o755 });
    // the same stand-in answers as podman (it logs the name it was called by)
    if (which.podman) fs.writeFileSync(path.join(dir, "podman"), FAKE_DOCKER, { mode: 0o755 });
    if (which.kind !== false) fs.writeFileSync(path.join(dir, "kind"), FAKE_KIND, { mode: 0o755 });
    fs.mkdirSync(path.join(dir, "node-bin"));
    fs.writeFileSync(path.join(dir, "node-bin", "crictl"), FAKE_CRICTL, { mode: 0o755 });
    return dir;
}

// The machine's /usr/bin and /bin minus the tools the stand-ins replace: a machine may have the real docker or kind
// there (the offline kind setup installs Debian's docker.io), and "missing from PATH" must mean missing.
let systemBin: string;
function systemBinWithout(names: string[]): string {
    const dir = fs.mkdtempSync(path.join(toolDir, "system-bin-"));
    for (const from of ["/usr/bin", "/bin"]) {
        for (const name of fs.existsSync(from) ? fs.readdirSync(from) : []) {
            if (names.includes(name) || fs.existsSync(path.join(dir, name))) continue;
            fs.symlinkSync(path.join(from, name), path.join(dir, name));
        }
    }
    return dir;
}

function env(binDir: string, extra: Record<string, string> = {}): Record<string, string> {
    fs.writeFileSync(logFile, "");
    fs.rmSync(`${logFile}.stdin`, { force: true });
    fs.rmSync(`${logFile}.docker-stopped`, { force: true });
    // HOME without a .bashrc: bash sources ~/.bashrc when its stdin is a socket, and Node's stdio pipes are sockets.
    return { PATH: `${binDir}:${systemBin}`, HOME: toolDir, FAKE_LOG: logFile, ...extra };
}

const calls = () => fs.readFileSync(logFile, "utf8").trim().split("\n").filter(Boolean);
/** image-load.sh asking a node which of the images it has (their IDs), as the stand-in logs it. */
const nodeImageIds = (node: string, images: string[], runtime = "docker") =>
    `${runtime} exec ${node} sh -c for i; do id=$(crictl inspecti -o go-template --template "{{.status.id}}" "$i" 2>/dev/null); echo "$id"; done sh ${images.join(" ")}`;

async function freePort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    return port;
}

const SEED_MAPPINGS: PortMapping[] = [
    { containerPort: 30000, hostPort: 30000, protocol: "TCP" },
    { containerPort: 30001, hostPort: 30001, protocol: "TCP" },
];
/**
 * The seed's mappings on two host ports free when the suite starts: the scripts' port check is real, and a lab running
 * on this machine holds 30000 and 30001.
 */
let FREE_MAPPINGS: PortMapping[] = [];

describe("hostCommands", () => {
    before(async () => {
        FREE_MAPPINGS = [];
        for (const m of SEED_MAPPINGS) {
            let hostPort = await freePort();
            while (FREE_MAPPINGS.some((f) => f.hostPort === hostPort)) hostPort = await freePort();
            FREE_MAPPINGS.push({ ...m, hostPort });
        }
    });
    before(() => {
        toolDir = fs.mkdtempSync(path.join(os.tmpdir(), "kpl-host-"));
        systemBin = systemBinWithout(["docker", "kind", "podman"]);
        logFile = path.join(toolDir, "calls.log");
    });
    after(() => fs.rmSync(toolDir, { recursive: true, force: true }));

    describe("shellQuote", () => {
        it("bash reads any quoted string back byte for byte", async () => {
            // One bash run for all samples keeps this fast; each sample prints as one NUL-terminated word.
            const samples = fc.sample(
                fc.string({ unit: "binary", minLength: 0, maxLength: 40 }).filter((s) => !s.includes("\0")),
                200,
            );
            samples.push(`'; rm -rf ~ '`, "$(id)", "`id`", "a\nb", "\\'", "'", "");
            const script = samples.map((s) => `printf '%s\\0' ${shellQuote(s)}`).join("\n");
            const result = await runBash(script, { env: { PATH: "/usr/bin:/bin", HOME: toolDir } });
            assert.strictEqual(result.code, 0, result.stderr);
            assert.deepStrictEqual(result.stdout.split("\0").slice(0, -1), samples);
        });

        it("refuses a NUL byte (a shell argument cannot hold one)", () => {
            assert.throws(() => shellQuote("a\0b"), /NUL/);
        });
    });

    describe("kind create (preflight + create)", () => {
        const script = (hostPorts: PortMapping[] = FREE_MAPPINGS, nodeImage?: string) =>
            kindCreateScript({ clusterName: "myk8s", waitTimeout: "5m", nodeImage, hostPorts });

        it("creates with the rendered config on stdin, after checking docker, kind, the name and the ports", async () => {
            const yaml = renderKindConfig(labClusterConfig(SEED_MAPPINGS));
            const result = await runBash(script(), { env: env(tools({})), stdin: yaml });
            assert.strictEqual(result.code, 0, result.stderr);
            assert.deepStrictEqual(calls(), [
                "docker info",
                "kind get clusters",
                "docker ps --format {{.Names}}|{{.Ports}}",
                "docker ps --format {{.Names}}|{{.Ports}}",
                "kind create cluster --name myk8s --config - --wait 5m",
            ]);
            assert.strictEqual(fs.readFileSync(`${logFile}.stdin`, "utf8"), yaml, "kind got the whole config");
        });

        it("passes a pinned node image with --image", async () => {
            const image = "kindest/node:v1.36.1@sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5";
            const result = await runBash(script([], image), { env: env(tools({})) });
            assert.strictEqual(result.code, 0, result.stderr);
            assert.strictEqual(calls().pop(), `kind create cluster --name myk8s --config - --wait 5m --image ${image}`);
        });

        it("a zero wait (0s, the default) passes no --wait: kind returns once the nodes have joined", async () => {
            const result = await runBash(kindCreateScript({ clusterName: "myk8s", waitTimeout: "0s", hostPorts: [] }), {
                env: env(tools({})),
            });
            assert.strictEqual(result.code, 0, result.stderr);
            assert.strictEqual(calls().pop(), "kind create cluster --name myk8s --config -");
        });

        describe("--load: images into the workers while kind creates the cluster", () => {
            const loading = (runtime?: "podman") =>
                kindCreateScript({
                    clusterName: "myk8s",
                    waitTimeout: "0s",
                    hostPorts: [],
                    runtime,
                    load: { nodes: ["myk8s-worker"], images: ["nginx:alpine", "nicolaka/netshoot"] },
                });

            it("the command line: the nodes, each image, and image-load.sh's save flags for the runtime, before the name", () => {
                assert.match(
                    loading(),
                    /host\/kind-create\.sh '--load' 'myk8s-worker' '--load-image' 'nginx:alpine' '--load-image' 'nicolaka\/netshoot' '--load-flag' '--save-platform' 'myk8s' '0s' ''$/,
                );
                assert.match(loading("podman"), / '--load-flag' '--save-flag' '--load-flag' '--multi-image-archive' 'myk8s' '0s' ''$/);
                // nothing to load, no option: the command line of a stack without preloading
                const none = kindCreateScript({
                    clusterName: "myk8s",
                    waitTimeout: "0s",
                    hostPorts: [],
                    load: { nodes: ["myk8s-worker"], images: [] },
                });
                assert.ok(!none.includes("--load"), none);
            });

            it("once the worker's containerd answers, what the host has is loaded as kind runs; an image still missing is left to the preload", async () => {
                const result = await runBash(loading(), {
                    env: env(tools({}), { IMAGES_ABSENT: "nicolaka/netshoot", KIND_CREATE_WAITS_FOR_LOAD: "1" }),
                    stdin: "kind: Cluster\n",
                });
                assert.strictEqual(result.code, 0, result.stderr);
                assert.ok(calls().includes("docker exec myk8s-worker ctr version"), calls().join("\n"));
                assert.deepStrictEqual(
                    calls().filter((c) => c.startsWith("docker image save ") && !c.includes("--help")),
                    ["docker image save nginx:alpine"],
                );
                // kind got its config, then the node its archive, while kind was still running
                assert.strictEqual(fs.readFileSync(`${logFile}.stdin`, "utf8"), "kind: Cluster\nTAR:image save nginx:alpine\n");
                assert.match(result.stderr, /^loaded nginx:alpine \(linux\/arm64\) into myk8s-worker$/m);
                assert.strictEqual(result.stdout, "", "the create's stdout is kind's");
            });

            it("a load that fails leaves the create alone: one line says the preload loads the images after it", async () => {
                const result = await runBash(loading(), { env: env(tools({}), { CTR_RC: "1" }), stdin: "kind: Cluster\n" });
                assert.strictEqual(result.code, 0, result.stderr);
                assert.match(
                    result.stderr,
                    /^kind-pause-lab: loading images into myk8s-worker while the cluster was created did not work \(above\); the preload loads them after it$/m,
                );
            });

            it("kind fails before the worker's containerd answers: nothing is loaded, the waiting ends with kind, whose failure is the last line", async () => {
                const result = await runBash(loading(), {
                    env: env(tools({}), { CTR_VERSION_RC: "1", KIND_CREATE_RC: "1", KIND_CREATE_STOPS_DOCKER: "1" }),
                    stdin: "kind: Cluster\n",
                });
                assert.strictEqual(result.code, 1);
                assert.ok(!calls().some((c) => c.includes("image save")), calls().join("\n"));
                assert.match(
                    result.stderr.trim().split("\n").pop()!,
                    /^kind-pause-lab: the Docker daemon stopped while kind was creating cluster myk8s/,
                );
                fs.rmSync(path.join(toolDir, ".local", "state", "kind-pause-lab", "creating-myk8s"), { force: true });
            });
        });

        const oneLine = (result: RunResult, pattern: RegExp, code = 1) => {
            assert.strictEqual(result.code, code);
            const lines = result.stderr.trim().split("\n");
            assert.strictEqual(lines.length, 1, result.stderr);
            assert.match(lines[0], pattern);
            assert.ok(!calls().some((c) => c.startsWith("kind create")), "nothing was created");
        };

        it("fails with one line when the docker CLI is missing", async () => {
            oneLine(
                await runBash(script(), { env: env(tools({ docker: false })) }),
                /^kind-pause-lab: docker is not installed \(no `docker` on PATH\): install Docker Desktop \(macOS\) or Docker Engine \(Linux\)$/,
                RUNTIME_EXIT.notInstalled,
            );
        });

        it("fails with one line when the Docker daemon is not reachable", async () => {
            oneLine(
                await runBash(script(), { env: env(tools({}), { DOCKER_INFO_RC: "1" }) }),
                /^kind-pause-lab: the Docker daemon is not reachable \(`docker info` failed\): start Docker \(Docker Desktop, or `sudo systemctl start docker`\) and check `docker info`$/,
                RUNTIME_EXIT.notAnswering,
            );
        });

        it("fails with one line when kind is missing", async () => {
            oneLine(await runBash(script(), { env: env(tools({ kind: false })) }), /^kind-pause-lab: kind is not installed or not on PATH/);
        });

        it("fails with one line naming the fix when a cluster of that name already exists", async () => {
            oneLine(
                await runBash(script(), { env: env(tools({}), { KIND_CLUSTERS: "other\nmyk8s\n" }) }),
                /^kind-pause-lab: a kind cluster named myk8s already exists outside this stack \(made by hand, or the stack lost its state\): adopt it with "npm run lab -- up --adopt" \(plain Pulumi: KPL_ADOPT_CLUSTER=myk8s pulumi up\), delete it with "kind delete cluster --name myk8s", or choose another name with "pulumi config set kind-pause-lab:clusterName NAME"$/,
            );
            // adopting another cluster's name is no word for this one
            oneLine(
                await runBash(script(), { env: env(tools({}), { KIND_CLUSTERS: "myk8s\n", KPL_ADOPT_CLUSTER: "other" }) }),
                /already exists outside this stack/,
            );
        });

        it("adopts an existing cluster on the user's word (KPL_ADOPT_CLUSTER) when its worker publishes the declared ports", async () => {
            const published = "30000/tcp -> 0.0.0.0:30000\n30001/tcp -> 0.0.0.0:30001\n";
            const adopted = await runBash(script(SEED_MAPPINGS), {
                env: env(tools({}), { KIND_CLUSTERS: "myk8s\n", KPL_ADOPT_CLUSTER: "myk8s", DOCKER_PORT: published }),
            });
            assert.strictEqual(adopted.code, 0, adopted.stderr);
            assert.strictEqual(
                adopted.stderr.trim(),
                "kind-pause-lab: adopted kind cluster myk8s, which existed already (KPL_ADOPT_CLUSTER): the stack owns it now, and installs kube-ops-view in it anew",
            );
            assert.ok(calls().includes("docker port myk8s-worker"), calls().join("\n"));
            // its kube-ops-view release goes (helm will not install over a deployed one): the chart's objects, helm's record
            assert.deepStrictEqual(
                calls().filter((c) => c.startsWith("docker exec")),
                [
                    "docker exec myk8s-control-plane kubectl --kubeconfig=/etc/kubernetes/admin.conf delete all,serviceaccounts,configmaps,roles,rolebindings,clusterroles,clusterrolebindings,secrets --all-namespaces --selector app.kubernetes.io/instance=kube-ops-view --ignore-not-found --wait=false",
                    "docker exec myk8s-control-plane kubectl --kubeconfig=/etc/kubernetes/admin.conf delete secrets --all-namespaces --selector owner=helm,name=kube-ops-view --ignore-not-found",
                ],
            );
            assert.ok(!calls().some((c) => c.startsWith("kind create") || c.startsWith("kind delete")), "nothing made or deleted");
            oneLine(
                await runBash(script(SEED_MAPPINGS), {
                    env: env(tools({}), {
                        KIND_CLUSTERS: "myk8s\n",
                        KPL_ADOPT_CLUSTER: "myk8s",
                        DOCKER_PORT: "30000/tcp -> 0.0.0.0:30000\n",
                    }),
                }),
                /^kind-pause-lab: kind cluster myk8s cannot be adopted: its worker does not publish 30001:30001 \(workerPortMappings\); delete it with "kind delete cluster --name myk8s" and run lab up again$/,
            );
            oneLine(
                await runBash(script(SEED_MAPPINGS), {
                    env: env(tools({}), { KIND_CLUSTERS: "myk8s\n", KPL_ADOPT_CLUSTER: "myk8s", DOCKER_PORT_RC: "1" }),
                }),
                /cannot be adopted: it has no node myk8s-worker;/,
            );
        });

        // The create marker (HOME is toolDir in these runs): present while kind creates, gone after a success.
        const marker = () => path.join(toolDir, ".local", "state", "kind-pause-lab", "creating-myk8s");

        it("marks the cluster as being created while kind runs, and clears the mark after a success", async () => {
            const result = await runBash(script([]), { env: env(tools({}), { KIND_MARKER: marker() }) });
            assert.strictEqual(result.code, 0, result.stderr);
            assert.ok(!calls().includes("no marker during create"), "the marker existed while kind created the cluster");
            assert.strictEqual(fs.existsSync(marker()), false);
        });

        it("keeps the mark when kind create fails or is interrupted, and exits with kind's status", async () => {
            const result = await runBash(script([]), { env: env(tools({}), { KIND_CREATE_RC: "3" }) });
            assert.strictEqual(result.code, 3);
            assert.strictEqual(fs.existsSync(marker()), true);
            fs.rmSync(marker());
        });

        it("the Docker daemon stops while kind creates: one last line naming Docker, and the mark stays for the next create", async () => {
            const result = await runBash(script([]), { env: env(tools({}), { KIND_CREATE_STOPS_DOCKER: "1", KIND_CREATE_RC: "1" }) });
            assert.strictEqual(result.code, 1);
            assert.strictEqual(
                result.stderr.trim(),
                'kind-pause-lab: the Docker daemon stopped while kind was creating cluster myk8s: start Docker again, then run "pulumi up" again (it deletes the half-made cluster and creates it anew)',
            );
            assert.strictEqual(fs.existsSync(marker()), true);
            fs.rmSync(marker());
        });

        it("deletes and recreates a cluster an interrupted create left (its mark present), saying so in one line", async () => {
            fs.mkdirSync(path.dirname(marker()), { recursive: true });
            fs.writeFileSync(marker(), "");
            const result = await runBash(script([]), { env: env(tools({}), { KIND_CLUSTERS: "myk8s\n" }) });
            assert.strictEqual(result.code, 0, result.stderr);
            assert.deepStrictEqual(
                calls().filter((c) => c.startsWith("kind ") && !c.startsWith("kind get")),
                ["kind delete cluster --name myk8s", "kind create cluster --name myk8s --config - --wait 5m"],
            );
            assert.strictEqual(result.stderr.trim(), "kind-pause-lab: deleting cluster myk8s left by an interrupted create");
            assert.strictEqual(fs.existsSync(marker()), false);
        });

        it("does not mistake a cluster whose name merely contains it", async () => {
            const result = await runBash(script([]), { env: env(tools({}), { KIND_CLUSTERS: "myk8s-old\n" }) });
            assert.strictEqual(result.code, 0, result.stderr);
        });

        it("fails with one line when a container already publishes a host port", async () => {
            const [{ hostPort: port }] = FREE_MAPPINGS;
            oneLine(
                await runBash(script(), {
                    env: env(tools({}), {
                        DOCKER_PS_PORTS: `web|0.0.0.0:8080->80/tcp\nold-lab-worker|0.0.0.0:${port}->30000/tcp, :::${port}->30000/tcp\n`,
                    }),
                }),
                new RegExp(
                    `^kind-pause-lab: host port ${port}/tcp \\(workerPortMappings "${port}:30000"\\) is already published by container old-lab-worker: stop it with "docker stop old-lab-worker"`,
                ),
            );
        });

        it("fails with one line when another program listens on a host port (TCP connect)", async () => {
            const server = net.createServer();
            await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
            const port = (server.address() as net.AddressInfo).port;
            try {
                const mappings: PortMapping[] = [{ containerPort: 30000, hostPort: port, protocol: "TCP" }];
                oneLine(
                    await runBash(script(mappings), { env: env(tools({})) }),
                    new RegExp(
                        `^kind-pause-lab: host port ${port}/tcp on 127\\.0\\.0\\.1 \\(workerPortMappings "${port}:30000"\\) is already in use by another program`,
                    ),
                );
            } finally {
                await new Promise((resolve) => server.close(resolve));
            }
        });

        it("a free port passes the connect test", async () => {
            const port = await freePort();
            const result = await runBash(script([{ containerPort: 30000, hostPort: port, protocol: "TCP" }]), { env: env(tools({})) });
            assert.strictEqual(result.code, 0, result.stderr);
        });

        it("refuses values that are not what they claim before building any shell text", () => {
            assert.throws(() => kindCreateScript({ clusterName: "x; reboot", waitTimeout: "5m", hostPorts: [] }), /DNS label/);
            assert.throws(() => kindCreateScript({ clusterName: "myk8s", waitTimeout: "5m; reboot", hostPorts: [] }), /Go duration/);
            assert.throws(
                () => kindCreateScript({ clusterName: "myk8s", waitTimeout: "5m", nodeImage: "x $(id)", hostPorts: [] }),
                /image reference/,
            );
        });
    });

    describe("kind delete / kubeconfig / node facts", () => {
        it("delete runs kind delete cluster --name", async () => {
            const mark = path.join(toolDir, ".local", "state", "kind-pause-lab", "creating-myk8s");
            fs.mkdirSync(path.dirname(mark), { recursive: true });
            fs.writeFileSync(mark, "");
            const result = await runBash(kindDeleteScript("myk8s"), { env: env(tools({})) });
            assert.strictEqual(result.code, 0, result.stderr);
            assert.deepStrictEqual(calls(), ["kind delete cluster --name myk8s"]);
            assert.strictEqual(fs.existsSync(mark), false, "an interrupted create's mark goes with the cluster");
        });

        it("kubeconfig comes from kind get kubeconfig --name", async () => {
            const result = await runBash(kindKubeconfigScript("myk8s"), { env: env(tools({})) });
            assert.strictEqual(result.code, 0, result.stderr);
            assert.deepStrictEqual(calls(), ["kind get kubeconfig --name myk8s"]);
            assert.strictEqual(result.stdout, "apiVersion: v1\n");
        });

        it("node facts inspect the containers labelled with the cluster", async () => {
            const result = await runBash(nodeFactsScript("myk8s"), { env: env(tools({}), { DOCKER_PS_IDS: "aaa111 bbb222" }) });
            assert.strictEqual(result.code, 0, result.stderr);
            assert.deepStrictEqual(calls(), [
                "docker info",
                "docker ps -q --filter label=io.x-k8s.kind.cluster=myk8s",
                "docker inspect aaa111 bbb222",
            ]);
        });

        it("node facts fail with one line when no node container runs", async () => {
            const result = await runBash(nodeFactsScript("myk8s"), { env: env(tools({})) });
            assert.strictEqual(result.code, 1);
            assert.match(result.stderr.trim(), /^kind-pause-lab: no running node containers found for kind cluster myk8s/);
        });
    });

    describe("image load", () => {
        it("saves only the daemon's platform (when docker supports it) and imports without --all-platforms", async () => {
            const script = imageLoadScript({ images: ["nicolaka/netshoot"], nodes: ["myk8s-worker"] });
            assert.ok(!script.includes("--all-platforms"), "--all-platforms is what fails on Docker Desktop's containerd store");
            const result = await runBash(script, {
                env: env(tools({}), { DOCKER_SAVE_HELP: "      --platform string   Save only the given platform" }),
            });
            assert.strictEqual(result.code, 0, result.stderr);
            // The two sides of the pipe start together: their log order varies.
            assert.deepStrictEqual(calls().slice(6).sort(), [
                "docker exec -i myk8s-worker ctr --namespace=k8s.io images import --digests --snapshotter=overlayfs -",
                "docker image save --platform=linux/arm64 nicolaka/netshoot",
            ]);
            assert.deepStrictEqual(calls().slice(0, 6), [
                "docker info",
                "docker version --format {{.Server.Os}}/{{.Server.Arch}}",
                "docker image save --help",
                // each image's own platform (an image of another one is left to the node)
                "docker image inspect --format {{.Os}}/{{.Architecture}} nicolaka/netshoot",
                // what the node has already (nothing here)
                nodeImageIds("myk8s-worker", ["nicolaka/netshoot"]),
                "docker exec myk8s-worker containerd config dump",
            ]);
            assert.strictEqual(fs.readFileSync(`${logFile}.stdin`, "utf8"), "TAR:image save --platform=linux/arm64 nicolaka/netshoot\n");
            assert.strictEqual(result.stdout, "loaded nicolaka/netshoot (linux/arm64) into myk8s-worker\n");
        });

        it("imports with the snapshotter the node's containerd names (config version 2 or 3), as kind's own load does", async () => {
            const v3 = "version = 3\n[plugins]\n  [plugins.'io.containerd.cri.v1.images']\n    snapshotter = 'fuse-overlayfs'\n";
            const result = await runBash(imageLoadScript({ images: ["nginx"], nodes: ["myk8s-worker"] }), {
                env: env(tools({}), { CONTAINERD_CONFIG: v3 }),
            });
            assert.strictEqual(result.code, 0, result.stderr);
            assert.ok(
                calls().includes(
                    "docker exec -i myk8s-worker ctr --namespace=k8s.io images import --digests --snapshotter=fuse-overlayfs -",
                ),
                calls().join("\n"),
            );
            const unknown = await runBash(imageLoadScript({ images: ["nginx"], nodes: ["myk8s-worker"] }), {
                env: env(tools({}), { CONTAINERD_CONFIG: "version = 3\n" }),
            });
            assert.strictEqual(unknown.code, 1);
            assert.match(
                unknown.stderr.trim(),
                /^kind-pause-lab: image preload: cannot tell which snapshotter containerd uses on node myk8s-worker \(docker exec myk8s-worker containerd config dump\); to skip preloading: /,
            );
            assert.ok(!calls().some((c) => c.includes("images import")), "nothing is imported with a guessed snapshotter");
        });

        it("falls back to a plain save on engines without --platform", async () => {
            const result = await runBash(imageLoadScript({ images: ["nginx"], nodes: ["myk8s-worker"] }), { env: env(tools({})) });
            assert.strictEqual(result.code, 0, result.stderr);
            assert.ok(calls().includes("docker image save nginx"), calls().join("\n"));
        });

        it("several images and nodes: one archive of all the images per node, each node's own snapshotter", async () => {
            const script = imageLoadScript({ images: ["nginx:alpine", "nicolaka/netshoot"], nodes: ["myk8s-worker", "myk8s-worker2"] });
            const result = await runBash(script, { env: env(tools({})) });
            assert.strictEqual(result.code, 0, result.stderr);
            const perNode = (node: string) => [
                `docker exec -i ${node} ctr --namespace=k8s.io images import --digests --snapshotter=overlayfs -`,
                "docker image save nginx:alpine nicolaka/netshoot",
            ];
            const images = ["nginx:alpine", "nicolaka/netshoot"];
            assert.deepStrictEqual(calls().slice(5, 7), [
                nodeImageIds("myk8s-worker", images),
                "docker exec myk8s-worker containerd config dump",
            ]);
            assert.deepStrictEqual(calls().slice(7, 9).sort(), perNode("myk8s-worker"));
            assert.deepStrictEqual(calls().slice(9, 11), [
                nodeImageIds("myk8s-worker2", images),
                "docker exec myk8s-worker2 containerd config dump",
            ]);
            assert.deepStrictEqual(calls().slice(11).sort(), perNode("myk8s-worker2"));
            assert.strictEqual(
                fs.readFileSync(`${logFile}.stdin`, "utf8"),
                "TAR:image save nginx:alpine nicolaka/netshoot\n".repeat(2),
                "each node's ctr import reads the archive of both",
            );
            assert.strictEqual(result.stdout, "loaded nginx:alpine, nicolaka/netshoot (linux/arm64) into myk8s-worker,myk8s-worker2\n");
        });

        it("what a node already has, by name and the same image ID, is not loaded again; another ID or another node is", async () => {
            const script = imageLoadScript({ images: ["nginx:alpine", "nicolaka/netshoot"], nodes: ["myk8s-worker", "myk8s-worker2"] });
            const result = await runBash(script, {
                env: env(tools({}), {
                    // a podman-style ID (no algorithm) is the same ID
                    HOST_IMAGE_IDS: "nginx:alpine=sha256:aaa nicolaka/netshoot=bbb",
                    // each node answers for both: worker2's netshoot is another build
                    NODE_IMAGE_IDS: "nginx:alpine=sha256:aaa nicolaka/netshoot=sha256:ccc",
                }),
            });
            assert.strictEqual(result.code, 0, result.stderr);
            assert.ok(calls().includes("docker image inspect --format {{.Id}} nginx:alpine nicolaka/netshoot"), calls().join("\n"));
            assert.deepStrictEqual(
                calls().filter((c) => c.startsWith("docker image save ") && !c.includes("--help")),
                ["docker image save nicolaka/netshoot", "docker image save nicolaka/netshoot"],
            );
            assert.strictEqual(
                result.stdout,
                [
                    "myk8s-worker already has nginx:alpine (the same image IDs)",
                    "loaded nicolaka/netshoot (linux/arm64) into myk8s-worker",
                    "myk8s-worker2 already has nginx:alpine (the same image IDs)",
                    "loaded nicolaka/netshoot (linux/arm64) into myk8s-worker2",
                    "",
                ].join("\n"),
            );
            const all = await runBash(script, {
                env: env(tools({}), {
                    HOST_IMAGE_IDS: "nginx:alpine=sha256:aaa nicolaka/netshoot=sha256:bbb",
                    NODE_IMAGE_IDS: "nginx:alpine=sha256:aaa nicolaka/netshoot=sha256:bbb",
                }),
            });
            assert.strictEqual(all.code, 0, all.stderr);
            assert.ok(!calls().some((c) => c.includes("images import") || c.includes("config dump")), calls().join("\n"));
            assert.strictEqual(
                all.stdout,
                "myk8s-worker already has nginx:alpine, nicolaka/netshoot (the same image IDs)\nmyk8s-worker2 already has nginx:alpine, nicolaka/netshoot (the same image IDs)\n",
            );
        });

        it("a failed import says what failed and how to turn preloading off", async () => {
            const result = await runBash(imageLoadScript({ images: ["nginx:alpine"], nodes: ["myk8s-worker"] }), {
                env: env(tools({}), { CTR_RC: "1" }),
            });
            assert.strictEqual(result.code, 1);
            assert.match(
                result.stderr.trim(),
                /^kind-pause-lab: image preload: loading nginx:alpine \(linux\/arm64\) into node myk8s-worker failed .*; to skip preloading: pulumi config set kind-pause-lab:preloadImages false$/,
            );
        });

        it("refuses image references with shell metacharacters and empty node lists", () => {
            assert.throws(() => imageLoadScript({ images: ["nginx", "nginx;id"], nodes: ["w"] }), /image reference/);
            assert.throws(() => imageLoadScript({ images: [], nodes: ["w"] }), /no images/);
            assert.throws(() => imageLoadScript({ images: ["nginx"], nodes: [] }), /no nodes/);
            assert.throws(() => imageLoadScript({ images: ["nginx"], nodes: ["a b"] }), /node name/);
            assert.throws(() => imageLoadScript({ images: ["nginx"], nodes: ["a,b"] }), /node name/);
        });
    });

    describe("image load of a kubeOpsView-like image for another platform", () => {
        const KOV = "hjacobs/kube-ops-view:20.4.0";
        it("an image whose own platform is not the daemon's is left to the node with one line; the others load", async () => {
            const platforms = { DOCKER_SAVE_HELP: "--platform", IMAGE_PLATFORMS: `nginx=linux/arm64 ${KOV}=linux/amd64` };
            const result = await runBash(imageLoadScript({ images: ["nginx", KOV], nodes: ["myk8s-worker"] }), {
                env: env(tools({}), platforms),
            });
            assert.strictEqual(result.code, 0, result.stderr);
            assert.strictEqual(
                result.stderr,
                `kind-pause-lab: image preload: not loading ${KOV} into myk8s-worker: it is linux/amd64, the docker daemon linux/arm64; the node pulls it itself\n`,
            );
            assert.ok(calls().includes("docker image save --platform=linux/arm64 nginx"), calls().join("\n"));
            assert.strictEqual(result.stdout, "loaded nginx (linux/arm64) into myk8s-worker\n");
            // the chart's own load, on an arm64 Mac: nothing to load, exit 0, the node pulls it (and the exec-format hint applies)
            const alone = await runBash(imageLoadScript({ images: [KOV], nodes: ["myk8s-worker"] }), { env: env(tools({}), platforms) });
            assert.strictEqual(alone.code, 0, alone.stderr);
            assert.strictEqual(alone.stderr.split("\n").filter(Boolean).length, 1);
            assert.match(alone.stderr, /not loading hjacobs\/kube-ops-view:20\.4\.0 .* it is linux\/amd64, the docker daemon linux\/arm64/);
            assert.strictEqual(alone.stdout, "");
            assert.ok(!calls().some((c) => c.startsWith("docker exec")), "no node is touched: " + calls().join("; "));
        });
    });

    describe("image load --optional (kube-ops-view's image): what the host cannot pull is the node's to pull", () => {
        const IMAGE = "kpl.invalid/kube-ops-view:none";
        it("a failed pull: one line, nothing loaded, exit 0, so the Release and the node's own pull error follow", async () => {
            const script = imageLoadScript({ images: [IMAGE], nodes: ["myk8s-worker"], optional: true });
            assert.strictEqual(script, `bash host/image-load.sh '--pull' '--optional' '--save-platform' 'myk8s-worker' '${IMAGE}'`);
            const result = await runBash(script, { env: env(tools({}), { IMAGE_MISSING: "1", PULL_RC: "1" }) });
            assert.strictEqual(result.code, 0, result.stderr);
            assert.strictEqual(
                result.stderr,
                `kind-pause-lab: image preload: not loading ${IMAGE} into myk8s-worker: docker pull failed (above); the node pulls it itself\n`,
            );
            assert.strictEqual(result.stdout, "");
            assert.ok(calls().includes(`docker pull ${IMAGE}`), calls().join("\n"));
            assert.ok(!calls().some((c) => c.startsWith("docker exec")), "no node is touched: " + calls().join("; "));
        });
        it("without --optional the same failed pull fails the load, naming how to turn preloading off", async () => {
            // the pull path as runtimes without the docker provider take it (host/runtimes.ts: "load script")
            const result = await runBash(`bash host/image-load.sh --pull myk8s-worker '${IMAGE}'`, {
                env: env(tools({}), { IMAGE_MISSING: "1", PULL_RC: "1" }),
            });
            assert.notStrictEqual(result.code, 0);
            assert.match(
                result.stderr,
                /image preload: docker pull kpl\.invalid\/kube-ops-view:none failed; to skip preloading: pulumi config set kind-pause-lab:preloadImages false/,
            );
        });
        it("an image the host has or can pull is loaded as without --optional", async () => {
            const result = await runBash(imageLoadScript({ images: ["nginx"], nodes: ["myk8s-worker"], optional: true }), {
                env: env(tools({}), { IMAGE_MISSING: "1" }),
            });
            assert.strictEqual(result.code, 0, result.stderr);
            assert.ok(calls().includes("docker pull docker.io/library/nginx"), calls().join("\n"));
            assert.strictEqual(result.stdout, "loaded docker.io/library/nginx (linux/arm64) into myk8s-worker\n");
        });
    });

    describe("runtime-info.sh: the one check of the node runtime, for the preflight and every host script", () => {
        it("prints the runtime's info --format, one call when it answers", async () => {
            const result = await runBash(runtimeInfoScript(), { env: env(tools({})) });
            assert.strictEqual(result.code, 0, result.stderr);
            assert.strictEqual(result.stdout, "28.5.1|8589934592\n");
            // one call when the runtime answers: the check's own `info` only when it does not
            assert.deepStrictEqual(calls(), [`docker info --format ${RUNTIMES.docker.infoFormat}`]);
        });

        it("no daemon: exit 4 and one line with the client's own words; nothing said: that `docker info` failed", async () => {
            const down = await runBash(runtimeInfoScript(), {
                env: env(tools({}), {
                    DOCKER_INFO_RC: "1",
                    // what Debian's docker 20.10 prints without a daemon (its --format would print only a template error)
                    DOCKER_INFO_STDERR: "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?",
                }),
            });
            assert.strictEqual(down.code, RUNTIME_EXIT.notAnswering);
            assert.strictEqual(
                down.stderr.trim(),
                "kind-pause-lab: the Docker daemon is not reachable (Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?): start Docker (Docker Desktop, or `sudo systemctl start docker`) and check `docker info`",
            );
            assert.deepStrictEqual(calls(), [`docker info --format ${RUNTIMES.docker.infoFormat}`, "docker info"]);
            const silent = await runBash(runtimeInfoScript(), { env: env(tools({}), { DOCKER_INFO_RC: "1" }) });
            assert.match(silent.stderr, /is not reachable \(`docker info` failed\)/);
        });

        it('an answer without a server version ("|0", Docker 20.10\'s client without a daemon) goes through the check', async () => {
            const result = await runBash(runtimeInfoScript(), { env: env(tools({}), { DOCKER_INFO_OUT: "|0" }) });
            // the check's own `info` passed here, so the preflight gets the answer and says it has no version
            assert.strictEqual(result.code, 0, result.stderr);
            assert.strictEqual(result.stdout, "|0\n");
            const format = `docker info --format ${RUNTIMES.docker.infoFormat}`;
            assert.deepStrictEqual(calls(), [format, "docker info", format]);
        });

        it("no docker CLI: exit 3 and the line naming Docker Desktop and Docker Engine", async () => {
            const missing = await runBash(runtimeInfoScript(), { env: env(tools({ docker: false })) });
            assert.strictEqual(missing.code, RUNTIME_EXIT.notInstalled);
            assert.strictEqual(
                missing.stderr.trim(),
                "kind-pause-lab: docker is not installed (no `docker` on PATH): install Docker Desktop (macOS) or Docker Engine (Linux)",
            );
        });

        it("podman: its own format, through KIND_EXPERIMENTAL_PROVIDER", async () => {
            const line = runtimeInfoScript("podman");
            assert.ok(line.startsWith("KIND_EXPERIMENTAL_PROVIDER=podman bash host/runtime-info.sh "), line);
            const result = await runBash(line, {
                env: env(tools({ docker: false, podman: true }), { DOCKER_INFO_OUT: "4.3.1|1|netavark|runc|v1|false" }),
            });
            assert.strictEqual(result.code, 0, result.stderr);
            assert.strictEqual(result.stdout, "4.3.1|1|netavark|runc|v1|false\n");
            assert.deepStrictEqual(calls(), [`podman info --format ${RUNTIMES.podman.infoFormat}`]);
        });
    });

    describe("node runtime podman (KIND_EXPERIMENTAL_PROVIDER, kind's own seam)", () => {
        const bin = () => tools({ docker: false, podman: true });

        it("create: the command line names the runtime; kind gets it; podman answers the checks and lists published ports", async () => {
            const script = kindCreateScript({ clusterName: "myk8s", waitTimeout: "0s", hostPorts: FREE_MAPPINGS, runtime: "podman" });
            assert.ok(script.startsWith("KIND_EXPERIMENTAL_PROVIDER=podman bash host/kind-create.sh 'myk8s'"), script);
            const result = await runBash(script, { env: env(bin()) });
            assert.strictEqual(result.code, 0, result.stderr);
            assert.deepStrictEqual(calls(), [
                "podman info",
                "kind [podman] get clusters",
                "podman ps --format {{.Names}}|{{.Ports}}",
                "podman ps --format {{.Names}}|{{.Ports}}",
                "kind [podman] create cluster --name myk8s --config -",
            ]);
        });

        it("a missing podman CLI or a podman that does not answer: one line naming podman", async () => {
            const script = kindCreateScript({ clusterName: "myk8s", waitTimeout: "0s", hostPorts: [], runtime: "podman" });
            const missing = await runBash(script, { env: env(tools({ docker: false })) });
            assert.strictEqual(missing.code, RUNTIME_EXIT.notInstalled);
            assert.strictEqual(
                missing.stderr.trim(),
                "kind-pause-lab: podman is not installed (no `podman` on PATH; kind-pause-lab:nodeRuntime or KIND_EXPERIMENTAL_PROVIDER chose it): install it or choose docker",
            );
            const down = await runBash(script, {
                env: env(bin(), { DOCKER_INFO_RC: "125", DOCKER_INFO_STDERR: "Error: unable to connect to Podman socket" }),
            });
            assert.strictEqual(down.code, RUNTIME_EXIT.notAnswering);
            assert.strictEqual(
                down.stderr.trim(),
                "kind-pause-lab: podman is not answering (Error: unable to connect to Podman socket): start it and check `podman info`",
            );
        });

        it("podman stops while kind creates: the last line names podman", async () => {
            const script = kindCreateScript({ clusterName: "myk8s", waitTimeout: "0s", hostPorts: [], runtime: "podman" });
            const result = await runBash(script, { env: env(bin(), { KIND_CREATE_STOPS_DOCKER: "1", KIND_CREATE_RC: "1" }) });
            assert.strictEqual(result.code, 1);
            assert.match(
                result.stderr.trim(),
                /^kind-pause-lab: podman stopped answering while kind was creating cluster myk8s: start it again/,
            );
            fs.rmSync(path.join(toolDir, ".local", "state", "kind-pause-lab", "creating-myk8s"), { force: true });
        });

        it("node facts, delete and kubeconfig go through podman and kind's podman provider", async () => {
            const facts = await runBash(nodeFactsScript("myk8s", "podman"), { env: env(bin(), { DOCKER_PS_IDS: "aaa bbb" }) });
            assert.strictEqual(facts.code, 0, facts.stderr);
            assert.deepStrictEqual(calls(), [
                "podman info",
                "podman ps -q --filter label=io.x-k8s.kind.cluster=myk8s",
                "podman inspect aaa bbb",
            ]);
            assert.strictEqual((await runBash(kindDeleteScript("myk8s", "podman"), { env: env(bin()) })).code, 0);
            assert.deepStrictEqual(calls(), ["kind [podman] delete cluster --name myk8s"]);
            assert.strictEqual((await runBash(kindKubeconfigScript("myk8s", "podman"), { env: env(bin()) })).code, 0);
            assert.deepStrictEqual(calls(), ["kind [podman] get kubeconfig --name myk8s"]);
        });

        it("image load pulls with podman when an image is missing, by the name the kubelet asks for, then saves all in one multi-image archive and imports through podman exec", async () => {
            const script = imageLoadScript({ images: ["nginx:alpine", "nicolaka/netshoot"], nodes: ["myk8s-worker"], runtime: "podman" });
            const result = await runBash(script, { env: env(bin(), { IMAGE_MISSING: "1" }) });
            assert.strictEqual(result.code, 0, result.stderr);
            assert.deepStrictEqual(calls().slice(0, 7), [
                "podman info",
                "podman image inspect docker.io/library/nginx:alpine",
                "podman pull docker.io/library/nginx:alpine",
                "podman image inspect docker.io/nicolaka/netshoot",
                "podman pull docker.io/nicolaka/netshoot",
                nodeImageIds("myk8s-worker", ["docker.io/library/nginx:alpine", "docker.io/nicolaka/netshoot"], "podman"),
                "podman exec myk8s-worker containerd config dump",
            ]);
            // without --multi-image-archive podman would read the second name as another tag of the first image
            assert.deepStrictEqual(calls().slice(7).sort(), [
                "podman exec -i myk8s-worker ctr --namespace=k8s.io images import --digests --snapshotter=overlayfs -",
                "podman image save --multi-image-archive docker.io/library/nginx:alpine docker.io/nicolaka/netshoot",
            ]);
            assert.strictEqual(
                result.stdout,
                "loaded docker.io/library/nginx:alpine, docker.io/nicolaka/netshoot (podman) into myk8s-worker\n",
            );
            const present = await runBash(script, { env: env(bin()) });
            assert.strictEqual(present.code, 0, present.stderr);
            assert.ok(!calls().some((c) => c.startsWith("podman pull")), "an image podman has is not pulled again");
        });

        it("the probe reaches the node with podman exec", () => {
            assert.strictEqual(
                probeCommand({ kind: "nodeExec", runtime: "podman" }, "myk8s-worker", "150a18bc-138d-4a68-a9f0-09f9fbcbd6f3"),
                "podman exec -i 'myk8s-worker' sh -s -- '150a18bc-138d-4a68-a9f0-09f9fbcbd6f3'",
            );
        });
    });

    describe("probe transport", () => {
        it("docker exec into the pod's node, or sh locally; uid and node validated and quoted", () => {
            const uid = "150a18bc-138d-4a68-a9f0-09f9fbcbd6f3";
            assert.strictEqual(
                probeCommand({ kind: "nodeExec", runtime: "docker" }, "myk8s-worker", uid),
                `docker exec -i 'myk8s-worker' sh -s -- '${uid}'`,
            );
            assert.strictEqual(probeCommand({ kind: "local" }, "ignored", uid), `sh -s -- '${uid}'`);
            // how many containers the pod runs: the probe waits for them after a node restart
            assert.strictEqual(
                probeCommand({ kind: "nodeExec", runtime: "docker" }, "myk8s-worker", uid, 2),
                `docker exec -i 'myk8s-worker' sh -s -- '${uid}' '2'`,
            );
            for (const bad of [0, -1, 1.5, NaN])
                assert.throws(() => probeCommand({ kind: "local" }, "n", uid, bad), /number of containers/);
            assert.throws(() => probeCommand({ kind: "nodeExec", runtime: "docker" }, "myk8s-worker", "$(id)"), /pod UID/);
            assert.throws(() => probeCommand({ kind: "nodeExec", runtime: "docker" }, "node;id", uid), /node name/);
        });
    });

    it("the kind config is the seed's file", () => {
        const seed = YAML.parse(`kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
nodes:
- role: control-plane
- role: worker
  extraPortMappings:
  - containerPort: 30000
    hostPort: 30000
  - containerPort: 30001
    hostPort: 30001
`);
        assert.deepStrictEqual(YAML.parse(renderKindConfig(labClusterConfig(SEED_MAPPINGS))), seed);
    });
});
