// A real container runtime for tests: containerd + runc + CNI (Debian) driven through crictl exactly as kubelet
// drives it, in a private temp directory, torn down completely afterwards. See docs/runtime-harness.md for why each
// setting is what it is. Tools come from `scripts/runtime/setup.sh`.
import { ChildProcess, spawn } from "child_process";
import { createHash, randomBytes, randomUUID } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { NAMESPACE_MODE, PodSpec, RunningContainer, RunningPod } from "./pods";
import { PROBE_SCRIPT_PATH, runProbeLocally } from "./probe";
import { pidsWithCmdline, processRunning, readCmdline, run, runChecked, RunResult, sleep } from "./process";
import { locateTools, RuntimeTools } from "./tools";
import { freeSubnetOctet, linkExists, mountsUnder, cgroupDirs, removeCgroupTree } from "./hostState";

export interface CleanupReport {
    /** What teardown had to force (e.g. a shim it killed): empty when everything went down the normal way. */
    forced: string[];
    /** What is still there after teardown: must be empty. */
    leftovers: string[];
}

export class LocalRuntime {
    readonly runId: string;
    readonly socket: string;
    readonly crictlConfig: string;
    readonly bridge: string;
    readonly subnet: string;
    readonly cgroupRoot: string;
    private containerd: ChildProcess | null = null;
    private containerdExit: Promise<void> | null = null;
    private readonly pods: RunningPod[] = [];
    /** Every sandbox id this runtime made: each names a shim socket teardown must see gone. */
    private readonly sandboxIds = new Set<string>();
    private stopped: Promise<CleanupReport> | null = null;

    private constructor(
        readonly dir: string,
        readonly tools: RuntimeTools,
        subnetOctet: number,
    ) {
        this.runId = path.basename(dir).replace(/^kpl-rt-/, "");
        this.socket = path.join(dir, "containerd.sock");
        this.crictlConfig = path.join(dir, "crictl.yaml");
        // Interface names are at most 15 bytes; the run id keeps parallel runs apart.
        this.bridge = `kpl${this.runId.slice(0, 8)}`;
        this.subnet = `10.250.${subnetOctet}.0/24`;
        this.cgroupRoot = `kind-pause-lab-${this.runId}`;
    }

    /** containerd's PID while it runs (tests use it to simulate a crash). */
    get containerdPid(): number | null {
        return this.containerd && this.containerd.exitCode === null && this.containerd.signalCode === null
            ? (this.containerd.pid ?? null)
            : null;
    }

    /** Starts containerd in a fresh temp dir, waits until CRI reports runtime and network ready, imports the images. */
    static async start(): Promise<LocalRuntime> {
        const tools = locateTools();
        const runId = randomBytes(5).toString("hex");
        const subnetOctet = await freeSubnetOctet();
        // containerd's overlayfs snapshots need a real filesystem (not overlay/tmpfs): /var/lib is one here.
        const base = "/var/lib/kind-pause-lab-runtime";
        fs.mkdirSync(base, { recursive: true, mode: 0o700 });
        const dir = fs.mkdtempSync(path.join(base, `kpl-rt-${runId}`));
        const runtime = new LocalRuntime(dir, tools, subnetOctet);
        stopOnSignals(runtime);
        try {
            runtime.writeConfig();
            await runtime.launch();
            await runtime.importImages();
        } catch (error) {
            await runtime.stop();
            throw error;
        }
        return runtime;
    }

    private writeConfig(): void {
        const d = this.dir;
        for (const sub of ["root", "state", "net.d", "ipam", "logs", "runc", "pods"]) fs.mkdirSync(path.join(d, sub));
        // TOML basic strings: the temp path has only [A-Za-z0-9/_.-], checked here so no quoting can break.
        if (!/^[A-Za-z0-9/_.-]+$/.test(d)) throw new Error(`unexpected characters in temp dir ${d}`);
        const cri = 'plugins."io.containerd.grpc.v1.cri"';
        fs.writeFileSync(
            path.join(d, "config.toml"),
            [
                "version = 2",
                `root = "${d}/root"`,
                `state = "${d}/state"`,
                "[grpc]",
                `  address = "${this.socket}"`,
                "[ttrpc]",
                `  address = "${this.socket}.ttrpc"`,
                `[${cri}]`,
                `  sandbox_image = "${this.tools.images.pause}"`,
                // Without it every sandbox fails (can't get final child's PID): the VM lacks CAP_SYS_RESOURCE for -998.
                "  restrict_oom_score_adj = true",
                `  [${cri}.cni]`,
                '    bin_dir = "/usr/lib/cni"',
                `    conf_dir = "${d}/net.d"`,
                `  [${cri}.containerd]`,
                '    snapshotter = "overlayfs"',
                '    default_runtime_name = "runc"',
                `    [${cri}.containerd.runtimes.runc]`,
                '      runtime_type = "io.containerd.runc.v2"',
                `      [${cri}.containerd.runtimes.runc.options]`,
                // runc's state under our dir, not the shared /run/containerd/runc.
                `        Root = "${d}/runc"`,
                "",
            ].join("\n"),
        );
        // The shape kind's kindnet gives a node: a bridge with host-local IPAM; IPAM state kept in our dir.
        fs.writeFileSync(
            path.join(d, "net.d", "10-kpl.conflist"),
            JSON.stringify({
                cniVersion: "0.4.0",
                name: `kpl-${this.runId}`,
                plugins: [
                    {
                        type: "bridge",
                        bridge: this.bridge,
                        isGateway: true,
                        ipMasq: false,
                        ipam: {
                            type: "host-local",
                            ranges: [[{ subnet: this.subnet }]],
                            routes: [{ dst: "0.0.0.0/0" }],
                            dataDir: `${d}/ipam`,
                        },
                    },
                    { type: "loopback" },
                ],
            }),
        );
        fs.writeFileSync(
            this.crictlConfig,
            `runtime-endpoint: unix://${this.socket}\nimage-endpoint: unix://${this.socket}\ntimeout: 30\n`,
        );
    }

    private async launch(): Promise<void> {
        const log = fs.openSync(path.join(this.dir, "containerd.log"), "a");
        const child = spawn("containerd", ["--config", path.join(this.dir, "config.toml")], {
            stdio: ["ignore", log, log],
            detached: true, // its own process group: a Ctrl-C of mocha does not kill it before teardown (stopOnSignals) runs
        });
        fs.closeSync(log);
        this.containerd = child;
        this.containerdExit = new Promise((resolve) => child.once("exit", () => resolve()));
        const deadline = Date.now() + 20_000;
        let last = "";
        while (Date.now() < deadline) {
            if (child.exitCode !== null) break;
            if (fs.existsSync(this.socket)) {
                const info = await run(this.tools.crictl, ["--config", this.crictlConfig, "info", "-o", "json"], {
                    timeoutMs: 5_000,
                }).catch((e: Error) => ({ exitCode: 1, stdout: "", stderr: e.message, durationMs: 0 }));
                if (info.exitCode === 0) {
                    const conditions: { type: string; status: boolean }[] = JSON.parse(info.stdout).status?.conditions ?? [];
                    const notReady = conditions.filter((c) => !c.status).map((c) => c.type);
                    if (conditions.length > 0 && notReady.length === 0) return;
                    last = `not ready: ${notReady.join(", ")}`;
                } else last = info.stderr.trim();
            }
            await sleep(100);
        }
        const tail = fs.readFileSync(path.join(this.dir, "containerd.log"), "utf8").trim().split("\n").slice(-5).join("\n");
        throw new Error(`containerd did not become ready in 20 s (${last || "no socket"}); log tail:\n${tail}`);
    }

    private async importImages(): Promise<void> {
        await runChecked("ctr", ["--address", this.socket, "-n", "k8s.io", "images", "import", this.tools.imageArchive]);
    }

    /** crictl against this runtime only (our own config file, never /etc/crictl.yaml). */
    async crictl(...args: string[]): Promise<string> {
        return runChecked(this.tools.crictl, ["--config", this.crictlConfig, ...args]);
    }

    /**
     * Only the variables the local transport sets (crictl on PATH, endpoints and crictl config at our socket): what a
     * command resource running `sh -s -- UID` locally needs in its `environment` (engine tests).
     */
    probeVariables(): Record<string, string> {
        return {
            PATH: `${this.tools.crictlDir}:${process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin"}`,
            CONTAINER_RUNTIME_ENDPOINT: `unix://${this.socket}`,
            IMAGE_SERVICE_ENDPOINT: `unix://${this.socket}`,
            CRI_CONFIG_FILE: this.crictlConfig,
        };
    }

    /** The whole environment the probe runs with: this process's, plus probeVariables(), plus `extra`. */
    probeEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
        return { ...process.env, ...this.probeVariables(), ...extra };
    }

    /**
     * RunPodSandbox, then CreateContainer + StartContainer per container, with the metadata, labels and annotations
     * kubelet sets (pkg/kubelet/kuberuntime: labels.go, kuberuntime_sandbox.go, kuberuntime_container.go).
     */
    async runPod(spec: PodSpec): Promise<RunningPod> {
        const uid = randomUUID();
        const podDir = path.join(this.dir, "pods", `${spec.namespace}_${spec.name}_${uid}`);
        fs.mkdirSync(podDir);
        const kubeLabels = {
            "io.kubernetes.pod.name": spec.name,
            "io.kubernetes.pod.namespace": spec.namespace,
            "io.kubernetes.pod.uid": uid,
        };
        // Every mode set explicitly, as kubelet does (kuberuntime_sandbox.go: namespacesForPod): pid defaults to
        // CONTAINER there, not to the enum's zero value POD.
        const namespaceOptions = {
            network: spec.hostNetwork ? NAMESPACE_MODE.NODE : NAMESPACE_MODE.POD,
            pid: spec.sharePid ? NAMESPACE_MODE.POD : NAMESPACE_MODE.CONTAINER,
            ipc: spec.hostIPC ? NAMESPACE_MODE.NODE : NAMESPACE_MODE.POD,
        };
        const sandboxConfig = {
            metadata: { name: spec.name, namespace: spec.namespace, uid, attempt: 0 },
            // kubelet leaves the hostname unset for host-network pods: they share the node's UTS namespace.
            hostname: spec.hostNetwork ? undefined : spec.name,
            log_directory: path.join(this.dir, "logs", `${spec.namespace}_${spec.name}_${uid}`),
            dns_config: spec.hostNetwork
                ? undefined
                : {
                      servers: ["10.96.0.10"],
                      searches: [`${spec.namespace}.svc.cluster.local`, "svc.cluster.local", "cluster.local"],
                      options: ["ndots:5"],
                  },
            port_mappings: spec.containers.flatMap((c) => (c.ports ?? []).map((port) => ({ protocol: 0, container_port: port }))),
            labels: { ...(spec.labels ?? {}), ...kubeLabels },
            annotations: { "kubernetes.io/config.source": "api", "kubernetes.io/config.seen": new Date().toISOString() },
            linux: {
                // cgroupfs driver, as kubelet's /kubepods/besteffort/pod<uid>, under a per-run root teardown removes.
                cgroup_parent: `/${this.cgroupRoot}/besteffort/pod${uid}`,
                security_context: { namespace_options: namespaceOptions },
            },
        };
        const sandboxFile = path.join(podDir, "sandbox.json");
        fs.writeFileSync(sandboxFile, JSON.stringify(sandboxConfig));
        const sandboxId = (await this.crictl("runp", sandboxFile)).trim();
        this.sandboxIds.add(sandboxId);
        const containers: RunningContainer[] = [];
        const pod: RunningPod = { spec, uid, sandboxId, pausePid: 0, ip: "", netnsPath: null, containers };
        this.pods.push(pod);

        for (const c of spec.containers) {
            const containerConfig = {
                metadata: { name: c.name, attempt: 0 },
                image: { image: this.tools.images[c.image] },
                command: c.command,
                args: c.args,
                log_path: `${c.name}/0.log`,
                labels: { "io.kubernetes.container.name": c.name, ...kubeLabels },
                annotations: {
                    "io.kubernetes.container.hash": randomBytes(4).toString("hex"),
                    "io.kubernetes.container.restartCount": "0",
                    "io.kubernetes.container.terminationMessagePath": "/dev/termination-log",
                    "io.kubernetes.container.terminationMessagePolicy": "File",
                    "io.kubernetes.pod.terminationGracePeriod": "0",
                    ...(c.ports
                        ? { "io.kubernetes.container.ports": JSON.stringify(c.ports.map((p) => ({ containerPort: p, protocol: "TCP" }))) }
                        : {}),
                },
                linux: {
                    // BestEffort pods get oom_score_adj 1000 from kubelet; raising needs no capability.
                    resources: { cpu_shares: 2, oom_score_adj: 1000 },
                    security_context: { namespace_options: namespaceOptions },
                },
            };
            const containerFile = path.join(podDir, `${c.name}.json`);
            fs.writeFileSync(containerFile, JSON.stringify(containerConfig));
            const id = (await this.crictl("create", sandboxId, containerFile, sandboxFile)).trim();
            await this.crictl("start", id);
            containers.push({ name: c.name, id, pid: await this.containerPid(id) });
        }

        const sandbox = JSON.parse(await this.crictl("inspectp", sandboxId));
        pod.pausePid = positivePid(sandbox.info?.pid, `sandbox ${sandboxId}`);
        pod.ip = sandbox.status?.network?.ip ?? "";
        const netns = (sandbox.info?.runtimeSpec?.linux?.namespaces ?? []).find(
            (n: { type: string; path?: string }) => n.type === "network",
        );
        pod.netnsPath = netns?.path ?? null;
        return pod;
    }

    private async containerPid(id: string): Promise<number> {
        const inspect = JSON.parse(await this.crictl("inspect", id));
        return positivePid(inspect.info?.pid, `container ${id}`);
    }

    /** StopPodSandbox + RemovePodSandbox, as kubelet does when a pod is deleted. */
    async removePod(pod: RunningPod): Promise<void> {
        await this.crictl("stopp", pod.sandboxId);
        await this.crictl("rmp", pod.sandboxId);
        const index = this.pods.indexOf(pod);
        if (index >= 0) this.pods.splice(index, 1);
    }

    /** Runs the node probe for a pod UID with the local transport: `sh -s -- UID [CONTAINERS]`, script on stdin. */
    async probe(podUid: string, options: { env?: NodeJS.ProcessEnv; containers?: number } = {}): Promise<RunResult> {
        return runProbeLocally(podUid, this.probeEnv(options.env), options.containers);
    }

    /**
     * The probe run with another node userland (scripts/runtime/trixie-userland.sh: kind v0.32's Debian trixie, with
     * util-linux 2.41 and crictl at /usr/local/bin): `chroot ROOT /bin/sh -s -- UID` with the host's /proc and this
     * runtime's dir bind-mounted, inside a private mount namespace so every mount ends with the process.
     */
    async probeInUserland(root: string, podUid: string): Promise<RunResult> {
        const inside = "/run/kpl-runtime";
        const config = path.join(this.dir, "crictl-userland.yaml");
        fs.writeFileSync(
            config,
            `runtime-endpoint: unix://${inside}/containerd.sock\nimage-endpoint: unix://${inside}/containerd.sock\ntimeout: 30\n`,
        );
        // Paths reach the wrapper as positional parameters, never spliced into its text.
        const wrapper =
            'set -e; mount --rbind /proc "$1/proc"; mkdir -p "$1$3"; mount --bind "$2" "$1$3"; exec chroot "$1" /bin/sh -s -- "$4"';
        return run(
            "unshare",
            ["--mount", "--propagation", "private", "/bin/sh", "-c", wrapper, "kpl-userland", root, this.dir, inside, podUid],
            {
                env: {
                    PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    CONTAINER_RUNTIME_ENDPOINT: `unix://${inside}/containerd.sock`,
                    IMAGE_SERVICE_ENDPOINT: `unix://${inside}/containerd.sock`,
                    CRI_CONFIG_FILE: `${inside}/crictl-userland.yaml`,
                },
                input: fs.readFileSync(PROBE_SCRIPT_PATH),
                timeoutMs: 60_000,
            },
        );
    }

    /**
     * Tears everything down even after failures: pods, containerd, shims, mounts under the temp dir, CNI network
     * namespaces and bridge, cgroups, the temp dir. Idempotent; reports what it forced and what is left.
     */
    stop(): Promise<CleanupReport> {
        if (!this.stopped) this.stopped = this.teardown();
        return this.stopped;
    }

    private async teardown(): Promise<CleanupReport> {
        const forced: string[] = [];
        const netnsPaths = this.pods.map((p) => p.netnsPath).filter((p): p is string => p !== null);
        // 1. Pods, the way kubelet removes them (also those not tracked: e.g. a runPod that failed half-way).
        if (this.containerdPid !== null) {
            try {
                const ids = (await this.crictl("pods", "-q")).split("\n").filter(Boolean);
                for (const id of ids) {
                    this.sandboxIds.add(id);
                    try {
                        const info = JSON.parse(await this.crictl("inspectp", id));
                        const netns = (info.info?.runtimeSpec?.linux?.namespaces ?? []).find((n: { type: string }) => n.type === "network");
                        if (netns?.path) netnsPaths.push(netns.path);
                        await this.crictl("stopp", id);
                        await this.crictl("rmp", id);
                    } catch (error) {
                        forced.push(`pod ${id}: ${(error as Error).message}`);
                    }
                }
            } catch (error) {
                forced.push(`listing pods: ${(error as Error).message}`);
            }
        }
        this.pods.length = 0;
        // 2. containerd: SIGTERM, then SIGKILL after 10 s.
        if (this.containerd && this.containerdPid === null) await this.containerdExit; // died already: reap it
        if (this.containerd && this.containerdPid !== null) {
            this.containerd.kill("SIGTERM");
            const exited = await Promise.race([this.containerdExit!.then(() => true), sleep(10_000).then(() => false)]);
            if (!exited) {
                forced.push("containerd ignored SIGTERM for 10 s: SIGKILL");
                this.containerd.kill("SIGKILL");
                await this.containerdExit;
            }
        }
        // 3. Shims of this containerd (their command line names our socket) and any process left in our cgroups.
        const killed = new Set<number>();
        const kill = (pid: number, why: string): void => {
            forced.push(why);
            killed.add(pid);
            try {
                process.kill(pid, "SIGKILL");
            } catch {
                /* already gone */
            }
        };
        for (const pid of pidsWithCmdline(this.dir)) {
            const argv = readCmdline(pid).split("\0");
            const idFlag = argv.indexOf("-id"); // a shim: `containerd-shim-runc-v2 -namespace k8s.io -id SANDBOX -address SOCK`
            if (idFlag >= 0 && argv[idFlag + 1]) this.sandboxIds.add(argv[idFlag + 1]);
            kill(pid, `killed leftover process ${pid} (${argv[0]})`);
        }
        // The pods' own processes (pause, containers), found by their cgroup: a PID from our bookkeeping could have been
        // reused by someone else's process by now, a PID in our cgroup cannot.
        for (const pid of this.cgroupPids()) kill(pid, `killed process ${pid} left in cgroup ${this.cgroupRoot}`);
        // SIGKILL is asynchronous: wait until every killed task has finished exiting before unmounting under it.
        const deadline = Date.now() + 10_000;
        const busy = (): boolean =>
            pidsWithCmdline(this.dir).length > 0 || this.cgroupPids().length > 0 || [...killed].some(processRunning);
        while (Date.now() < deadline && busy()) await sleep(50);
        // 4. Mounts under the temp dir (rootfs overlays, shm), deepest first; then the pods' netns bind mounts.
        for (const mountPoint of mountsUnder(this.dir).reverse()) {
            forced.push(`unmounted ${mountPoint}`);
            await run("umount", ["-l", mountPoint]);
        }
        for (const netns of new Set(netnsPaths)) {
            if (fs.existsSync(netns)) {
                forced.push(`removed network namespace ${netns}`);
                await run("umount", ["-l", netns]);
                fs.rmSync(netns, { force: true });
            }
        }
        // A killed shim cannot remove its socket.
        for (const socket of this.shimSockets()) {
            if (fs.existsSync(socket)) {
                forced.push(`removed shim socket ${socket}`);
                fs.rmSync(socket, { force: true });
            }
        }
        // 5. The CNI bridge (the bridge plugin never deletes it) and the cgroup tree (runc leaves the parents).
        if (await linkExists(this.bridge)) await run("ip", ["link", "del", this.bridge]);
        removeCgroupTree(this.cgroupRoot);
        // 6. The temp dir.
        fs.rmSync(this.dir, { recursive: true, force: true });
        liveRuntimes.delete(this);
        return { forced, leftovers: await this.leftovers(netnsPaths) };
    }

    /**
     * Where containerd 1.6 puts each sandbox's shim socket (runtime/v2/shim/util_unix.go SocketAddress):
     * /run/containerd/s/<sha256 of "<containerd socket>/k8s.io/<sandbox id>">, whatever the configured state dir.
     */
    private shimSockets(): string[] {
        return [...this.sandboxIds].map(
            (id) =>
                `/run/containerd/s/${createHash("sha256")
                    .update(path.join(this.socket, "k8s.io", id))
                    .digest("hex")}`,
        );
    }

    private cgroupPids(): number[] {
        const pids = new Set<number>();
        for (const dir of cgroupDirs(this.cgroupRoot)) {
            try {
                for (const line of fs.readFileSync(path.join(dir, "cgroup.procs"), "utf8").split("\n")) if (line) pids.add(Number(line));
            } catch {
                /* removed meanwhile */
            }
        }
        return [...pids].filter(processRunning);
    }

    /** Everything this run could have left behind, by kind; empty means a clean machine. */
    async leftovers(netnsPaths: string[] = []): Promise<string[]> {
        const found: string[] = [];
        if (this.containerdPid !== null) found.push(`containerd (pid ${this.containerdPid}) still running`);
        for (const pid of pidsWithCmdline(this.dir)) found.push(`process ${pid} still refers to ${this.dir}`);
        for (const pid of this.cgroupPids()) found.push(`process ${pid} still in cgroup ${this.cgroupRoot}`);
        for (const mountPoint of mountsUnder(this.dir)) found.push(`mount ${mountPoint}`);
        for (const socket of this.shimSockets()) if (fs.existsSync(socket)) found.push(`shim socket ${socket}`);
        for (const netns of netnsPaths) if (fs.existsSync(netns)) found.push(`network namespace ${netns}`);
        if (await linkExists(this.bridge)) found.push(`bridge ${this.bridge}`);
        for (const dir of cgroupDirs(this.cgroupRoot)) found.push(`cgroup ${dir}`);
        if (fs.existsSync(this.dir)) found.push(`directory ${this.dir}`);
        return found;
    }
}

/** Runtimes started and not yet torn down. */
const liveRuntimes = new Set<LocalRuntime>();
let signalsHooked = false;

/**
 * An interrupted run (Ctrl-C, a CI timeout's SIGTERM) ends the process before any `after` hook, which would leave
 * containerd, shims, mounts, netns, bridge and cgroups behind: tear every live runtime down first, then let the
 * signal take its default course. A second signal during teardown ends the process at once.
 */
function stopOnSignals(runtime: LocalRuntime): void {
    liveRuntimes.add(runtime);
    if (signalsHooked) return;
    signalsHooked = true;
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
        process.once(signal, () => {
            console.error(`runtime harness: ${signal}: tearing down ${liveRuntimes.size} runtime(s) before exiting`);
            void Promise.allSettled([...liveRuntimes].map((r) => r.stop())).then(() => process.kill(process.pid, signal));
        });
    }
}

function positivePid(value: unknown, what: string): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value <= 0)
        throw new Error(`${what} reports PID ${JSON.stringify(value)}`);
    return value;
}
