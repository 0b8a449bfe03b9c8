// Checks run before `lab up|preview|destroy` touch the stack: is Docker's daemon reachable, are kind and the Pulumi
// CLI installed (and which versions), are the host ports the worker publishes free, is there enough memory. Pure
// logic over injected probes, so every outcome is unit-tested; realProbes() is the only part that touches the machine.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { version as pulumiSdkVersion } from "@pulumi/pulumi/version";
import type { NodeRuntime, PortMapping } from "../lab/configSchema";
import { checkPortsScript, RUNTIME_EXIT, runtimeInfoScript } from "../host/commands";
import { commandRunner, type CommandResult } from "../host/commandRunner";
import { RUNTIMES } from "../host/runtimes";

/** The project root: host commands run there, as the engine starts the command provider there. */
const REPO_ROOT = path.resolve(__dirname, "..");

export type { CommandResult } from "../host/commandRunner";

export interface PreflightProbes {
    run(program: string, args: string[]): Promise<CommandResult>;
    /** A host command line (host/commands.ts) run as the stack runs it: `bash -c` in the project root. */
    runHostCommand(commandLine: string): Promise<CommandResult>;
    /** Memory of the machine running this CLI, in bytes (used when Docker does not say how much it has). */
    hostMemoryBytes(): number;
    /** A file of the machine running this CLI (the host's cgroup mode), or undefined when it cannot be read. */
    readFile(file: string): string | undefined;
}

export interface PreflightRequest {
    /** Which tools the verb needs; a missing optional tool is a note, a missing required one a problem. */
    /** `runtime`: the node runtime (docker, podman or nerdctl) and its daemon or service. */
    need: { runtime: boolean; kind: boolean; pulumi: boolean; ports: boolean; memory: boolean };
    /** The node runtime (default docker). */
    runtime?: NodeRuntime;
    clusterName: string;
    hostPorts: PortMapping[];
}

export interface PreflightResult {
    /** One line each; any problem stops the verb with exit 2. */
    problems: string[];
    /** One line each: versions found, checks skipped and why. */
    notes: string[];
    /** Short names of the required tools that are absent ("docker CLI", "Docker daemon", "kind", "Pulumi CLI"). */
    missing: string[];
}

// Two kind nodes (control plane ≈ 1 GiB with etcd and the API server, worker with kube-ops-view and the lab pods)
// do not start in less; below the recommendation, pods get OOM-killed under the probe's load.
export const MIN_MEMORY_BYTES = 2 * 1024 ** 3;
export const RECOMMENDED_MEMORY_BYTES = 4 * 1024 ** 3;
/** The kind version this lab was checked with. */
export const CHECKED_KIND_VERSION = "0.32.0";
/** The Pulumi CLI should be at least the installed Node SDK (pinned in package.json): read from the SDK itself. */
export const CHECKED_PULUMI_VERSION = pulumiSdkVersion;

export function parseKindVersion(text: string): string | undefined {
    // "kind v0.32.0 go1.25.1 linux/amd64"
    return /\bkind v(\d+\.\d+\.\d+)/.exec(text)?.[1];
}

export function parsePulumiVersion(text: string): string | undefined {
    // "v3.276.0" (release) or "v3.276.0-dev.0" / "v3.276.1-alpha.x+g1234" (built from source)
    return /^v?(\d+\.\d+\.\d+)/.exec(text.trim())?.[1];
}

/** -1, 0, 1 comparing dotted numeric versions. */
export function compareVersions(a: string, b: string): number {
    const pa = a.split(".").map(Number);
    const pb = b.split(".").map(Number);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
        const d = (pa[i] ?? 0) - (pb[i] ?? 0);
        if (d !== 0) return Math.sign(d);
    }
    return 0;
}

function firstLine(text: string): string {
    return (
        text
            .split("\n")
            .map((l) => l.trim())
            .find((l) => l !== "") ?? ""
    );
}

function gib(bytes: number): string {
    // Rounded down, so a machine just under a limit never reads as exactly the limit.
    return `${(Math.floor((bytes / 1024 ** 3) * 10) / 10).toFixed(1)} GiB`;
}

interface RuntimeFacts {
    reachable: boolean;
    memTotal?: number;
}

/** The file crun reads to refuse a hybrid host: the controllers enabled on the cgroup2 hierarchy mounted beside v1. */
export const HYBRID_CONTROLLERS_FILE = "/sys/fs/cgroup/unified/cgroup.controllers";

/**
 * crun (podman's first choice, and apt's for podman's `crun | runc`) refuses every container on a cgroup v1 host
 * whose cgroup2 hierarchy, mounted beside v1 ("hybrid"), has controllers: "cgroups in hybrid mode not supported, drop
 * all controllers from cgroupv2" (crun's libcrun_cgroup_enter). kind then fails several screens down with `exit status
 * 126`. Only a local podman's host can be read here; a remote one (podman machine) runs cgroup v2 VMs.
 */
function crunOnHybridHost(probes: PreflightProbes, ociRuntime: string, cgroups: string, remote: string): string | undefined {
    if (ociRuntime !== "crun" || cgroups !== "v1" || remote === "true") return undefined;
    const controllers = probes.readFile(HYBRID_CONTROLLERS_FILE)?.trim();
    if (!controllers) return undefined;
    return (
        `podman runs containers with crun, which refuses this host's hybrid cgroups (cgroup v1, and the cgroup2 hierarchy has controllers: ${controllers}), so kind cannot start its nodes: ` +
        'install runc and set runtime = "runc" under [engine] in /etc/containers/containers.conf (or the file CONTAINERS_CONF names), or boot with cgroup v2 (systemd.unified_cgroup_hierarchy=1)'
    );
}

async function checkRuntime(probes: PreflightProbes, runtime: NodeRuntime, required: boolean, out: PreflightResult): Promise<RuntimeFacts> {
    const report = (line: string) => (required ? out.problems : out.notes).push(line);
    const traits = RUNTIMES[runtime];
    // The stack's own check (host/lib.sh's require_runtime, through runtime-info.sh), as for the host ports: its one
    // line is the problem, word for word what `pulumi up` would print; then the runtime's `info` facts.
    const info = await probes.runHostCommand(runtimeInfoScript(runtime));
    const said = scriptLines(info.stderr);
    if (info.code === RUNTIME_EXIT.notInstalled || info.code === RUNTIME_EXIT.notAnswering) {
        if (required) out.missing.push(info.code === RUNTIME_EXIT.notInstalled ? `${runtime} CLI` : traits.service);
        for (const line of said) report(line);
        return { reachable: false };
    }
    const [serverVersion, memText, networkBackend, ociRuntime, cgroups, remote] = info.stdout.trim().split("|");
    if (info.code !== 0 || !serverVersion) {
        if (required) out.missing.push(traits.service);
        report(
            `\`${runtime} info\` gave no server version (${said[said.length - 1] ?? `exit ${info.code}`}): check that ${traits.displayName} runs with \`${runtime} info\``,
        );
        return { reachable: false };
    }
    out.notes.push(`${runtime}: ${runtime === "docker" ? "daemon " : ""}${serverVersion} reachable`);
    if (runtime === "podman" && networkBackend === "cni") {
        // Seen on Debian 12's podman 4.3: the worker's join then fails with "lookup <cluster>-control-plane ... no such host".
        out.notes.push(
            'podman uses its CNI network backend, whose networks resolve container names only with the dnsname plugin: if the worker cannot join ("no such host"), install netavark and aardvark-dns and set network_backend = "netavark" in containers.conf',
        );
    }
    const crun = runtime === "podman" ? crunOnHybridHost(probes, ociRuntime ?? "", cgroups ?? "", remote ?? "") : undefined;
    if (crun) report(crun);
    const memTotal = Number(memText);
    return { reachable: true, memTotal: Number.isFinite(memTotal) && memTotal > 0 ? memTotal : undefined };
}

/** A host script's stderr as the preflight's lines: one per non-empty line, without the scripts' prefix. */
function scriptLines(stderr: string): string[] {
    return stderr
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "")
        .map((l) => l.replace(/^kind-pause-lab: /, ""));
}

async function checkKind(probes: PreflightProbes, required: boolean, out: PreflightResult): Promise<boolean> {
    const report = (line: string) => (required ? out.problems : out.notes).push(line);
    const r = await probes.run("kind", ["version"]);
    if (r.missing) {
        if (required) out.missing.push("kind");
        report(
            `kind is not installed (no \`kind\` on PATH): \`go install sigs.k8s.io/kind@v${CHECKED_KIND_VERSION}\` or see https://kind.sigs.k8s.io/docs/user/quick-start/#installation`,
        );
        return false;
    }
    const version = parseKindVersion(r.stdout);
    if (r.code !== 0 || version === undefined) {
        report(`\`kind version\` did not report a version (${firstLine(r.stderr) || firstLine(r.stdout) || `exit ${r.code}`})`);
        return false;
    }
    out.notes.push(`kind: v${version}`);
    if (compareVersions(version, CHECKED_KIND_VERSION) < 0) {
        out.notes.push(
            `kind v${version} is older than v${CHECKED_KIND_VERSION}, the version this lab was checked with; if \`kind create cluster\` fails, upgrade kind first`,
        );
    }
    return true;
}

async function checkPulumi(probes: PreflightProbes, required: boolean, out: PreflightResult): Promise<void> {
    const report = (line: string) => (required ? out.problems : out.notes).push(line);
    const r = await probes.run("pulumi", ["version"]);
    if (r.missing) {
        if (required) out.missing.push("Pulumi CLI");
        report("the Pulumi CLI is not installed (no `pulumi` on PATH): see https://www.pulumi.com/docs/install/");
        return;
    }
    const version = parsePulumiVersion(r.stdout);
    if (r.code !== 0 || version === undefined) {
        report(`\`pulumi version\` did not report a version (${firstLine(r.stderr) || firstLine(r.stdout) || `exit ${r.code}`})`);
        return;
    }
    out.notes.push(`pulumi: v${version}`);
    if (compareVersions(version, CHECKED_PULUMI_VERSION) < 0) {
        out.notes.push(
            `Pulumi CLI v${version} is older than the SDK this project uses (${CHECKED_PULUMI_VERSION}); upgrade it if the engine rejects the program`,
        );
    }
}

/** The stack's own port check (host/check-ports.sh, the one kind-create.sh makes): its lines are the problems. */
async function checkPorts(probes: PreflightProbes, request: PreflightRequest, out: PreflightResult): Promise<void> {
    if (request.hostPorts.length === 0) return;
    const r = await probes.runHostCommand(checkPortsScript(request.hostPorts, request.runtime));
    if (r.code === 0) return;
    const lines = scriptLines(r.stderr);
    if (lines.length === 0) lines.push(`the host port check exited ${r.code} without saying why`);
    out.problems.push(...lines);
}

/**
 * Runs the checks a verb needs. When the stack's kind cluster already exists, its node containers hold the host
 * ports, so the port check is skipped (with a note) rather than reporting the lab's own ports as taken; whether the
 * cluster belongs to this stack is the stack's and `kind create`'s concern (host/commands.ts).
 */
export async function preflight(request: PreflightRequest, probes: PreflightProbes): Promise<PreflightResult> {
    const runtime = request.runtime ?? "docker";
    // The tools are asked at once (each is a process of 20-150 ms); their lines are reported in a fixed order.
    const parts = { runtime: emptyResult(), kind: emptyResult(), pulumi: emptyResult() };
    const asked = {
        runtime:
            request.need.runtime || request.need.memory || request.need.ports
                ? checkRuntime(probes, runtime, request.need.runtime, parts.runtime)
                : Promise.resolve<RuntimeFacts>({ reachable: false }),
        kind: request.need.kind ? checkKind(probes, true, parts.kind) : Promise.resolve(false),
        pulumi: request.need.pulumi ? checkPulumi(probes, true, parts.pulumi) : Promise.resolve(),
        // the lab's own cluster holds its ports: asked beside the versions, used once kind is known to be there
        clusters: request.need.ports && request.need.kind ? probes.run("kind", ["get", "clusters"]) : undefined,
    };
    const facts = await asked.runtime;
    const kindInstalled = await asked.kind;
    await asked.pulumi;
    const clusters = await asked.clusters;
    const out = emptyResult();
    for (const part of [parts.runtime, parts.kind, parts.pulumi]) {
        out.problems.push(...part.problems);
        out.notes.push(...part.notes);
        out.missing.push(...part.missing);
    }

    if (request.need.ports) {
        let clusterExists = false;
        if (kindInstalled && clusters) {
            clusterExists = clusters.code === 0 && clusters.stdout.split("\n").some((l) => l.trim() === request.clusterName);
        }
        if (clusterExists) {
            out.notes.push(`kind cluster ${request.clusterName} exists: host ports not checked (its nodes hold them)`);
        } else {
            await checkPorts(probes, request, out);
        }
    }

    if (request.need.memory) {
        // Docker Desktop runs containers in a VM: its MemTotal, not the laptop's RAM, is what the nodes get.
        const fromRuntime = facts.reachable ? facts.memTotal : undefined;
        const memory = fromRuntime ?? probes.hostMemoryBytes();
        const source = fromRuntime !== undefined ? `memory available to ${RUNTIMES[runtime].displayName}` : "host memory";
        if (memory < MIN_MEMORY_BYTES) {
            out.problems.push(
                `${source} is ${gib(memory)}; a two-node kind cluster needs at least ${gib(MIN_MEMORY_BYTES)} (raise Docker Desktop's memory limit or close other containers)`,
            );
        } else if (memory < RECOMMENDED_MEMORY_BYTES) {
            out.notes.push(`${source} is ${gib(memory)}; ${gib(RECOMMENDED_MEMORY_BYTES)} or more is recommended for the lab`);
        }
    }
    return out;
}

function emptyResult(): PreflightResult {
    return { problems: [], notes: [], missing: [] };
}

/**
 * Probes that run each command line once: a second run() of the same argv (or runHostCommand of the same line) gets
 * the first one's answer. `lab` starts the preflight of the default node runtime before it opens the stack (loading
 * the Automation API and reading the config take about 0.7 s), then runs the real one on the stack's config, which
 * finds most answers ready.
 */
export function onceProbes(probes: PreflightProbes): PreflightProbes {
    const runs = new Map<string, Promise<CommandResult>>();
    const once = (key: string, start: () => Promise<CommandResult>) => {
        let answer = runs.get(key);
        if (answer === undefined) runs.set(key, (answer = start()));
        return answer;
    };
    return {
        ...probes,
        run: (program, args) => once(JSON.stringify([program, ...args]), () => probes.run(program, args)),
        runHostCommand: (line) => once(JSON.stringify(["host", line]), () => probes.runHostCommand(line)),
    };
}

/** What each verb needs: `up` creates everything; `destroy` runs `kind delete`; `preview` and `outputs` only read. */
export function needsFor(verb: "up" | "preview" | "destroy" | "outputs"): PreflightRequest["need"] {
    switch (verb) {
        case "up":
            return { runtime: true, kind: true, pulumi: true, ports: true, memory: true };
        case "destroy":
            return { runtime: true, kind: true, pulumi: true, ports: false, memory: false };
        case "preview":
        case "outputs":
            return { runtime: false, kind: false, pulumi: true, ports: false, memory: false };
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The machine's side: real processes, sockets and memory.

export function realProbes(env: NodeJS.ProcessEnv = process.env): PreflightProbes {
    const tools = commandRunner(env);
    const hostScripts = commandRunner(env, REPO_ROOT);
    return {
        run: (program, args) => tools([program, ...args], 20_000),
        runHostCommand: (commandLine) => hostScripts(["bash", "-c", commandLine], 60_000),
        hostMemoryBytes: () => os.totalmem(),
        readFile: (file) => {
            try {
                return fs.readFileSync(file, "utf8");
            } catch {
                return undefined;
            }
        },
    };
}
