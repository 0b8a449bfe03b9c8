// Helpers of the offline kind suite: the environment scripts/kind/env.sh makes (the lab's private Docker daemon, kind
// and kubectl built from Go modules), the lab's own config with the offline node image and stand-in chart, and the
// host scripts of host/commands.ts run exactly as the command provider runs them (interpreter + script,
// stdin piped, the process environment).
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { bashInterpreter, probeCommand } from "../../host/commands";
import { KubeOpsView } from "../../components/kubeOpsView";
import type { PodManifest } from "../../lab/pods";
import { LabPods } from "../../components/labPods";
import { NODE_PROBE_SCRIPT_PATH } from "../../probe/script";
import { analyseProbeOutput, PodProbeResult } from "../../probe/analyse";
import type { PodFacts } from "../../lab/stackOutputs";
import { sourcedEnv } from "../support/sourcedEnv";
import { LabConfig, NodeRuntime, parseLabConfig, RawConfig } from "../../lab/configSchema";
import { labRawConfig } from "../../cli/stack";
import { projectStackConfig, Sandbox } from "../engine/engine";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const SETUP_COMMAND = "npm run setup:test   (or: bash scripts/kind/setup.sh)";
export const STANDIN_CHART = path.join(__dirname, "kube-ops-view-standin");

export class KindSetupError extends Error {
    constructor(message: string) {
        super(`${message} — set it up with: ${SETUP_COMMAND}`);
        this.name = "KindSetupError";
    }
}

/** versions.env's KEY=VALUE pins (the same file the scripts source). */
export function kindVersions(): Record<string, string> {
    const text = fs.readFileSync(path.join(REPO_ROOT, "scripts", "kind", "versions.env"), "utf8");
    const out: Record<string, string> = {};
    for (const line of text.split("\n")) {
        const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
        if (m) out[m[1]] = m[2];
    }
    return out;
}

/** The node image reference setup builds (versions.env: NODE_IMAGE:K8S_VERSION). */
export function nodeImageRef(): string {
    const v = kindVersions();
    return `${v.NODE_IMAGE}:${v.K8S_VERSION}`;
}

/**
 * Runs `. scripts/kind/env.sh` in bash and returns the environment it leaves (DOCKER_HOST of the private daemon;
 * PATH with Debian's docker CLI, kind and kubectl first). Throws its one-line message when something is missing.
 */
export function kindEnv(): NodeJS.ProcessEnv {
    try {
        return sourcedEnv("scripts/kind/env.sh", REPO_ROOT);
    } catch (error) {
        throw new KindSetupError((error as Error).message);
    }
}

/**
 * The lab's own dev stack config, read by the engine as `lab up` reads it and validated by the program's parser,
 * with the two values an offline machine needs: the node image built here and the stand-in chart.
 */
export async function labConfigForOfflineKind(sb: Sandbox): Promise<LabConfig> {
    const raw: RawConfig = labRawConfig((await projectStackConfig(sb, "dev")).existing);
    raw.nodeImage = nodeImageRef();
    raw.kubeOpsViewChartPath = STANDIN_CHART;
    return parseLabConfig(raw, { pathExists: (p) => fs.existsSync(p) });
}

export interface ScriptResult {
    status: number | null;
    stdout: string;
    stderr: string;
    seconds: number;
}

/**
 * A host command as `local.Command` runs it: `bash -c COMMAND` in the project root (where the engine starts providers,
 * so host/*.sh resolve), stdin piped (empty when none), env as given.
 */
export function runHostScript(script: string, env: NodeJS.ProcessEnv, stdin = "", timeoutMs = 600_000): Promise<ScriptResult> {
    const start = Date.now();
    return new Promise((resolve, reject) => {
        const [cmd, ...args] = bashInterpreter;
        const child = spawn(cmd, [...args, script], { cwd: REPO_ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", reject);
        child.on("close", (status) => {
            clearTimeout(timer);
            resolve({ status, stdout, stderr, seconds: (Date.now() - start) / 1000 });
        });
        child.stdin.on("error", () => undefined); // a script that exits without reading stdin
        child.stdin.end(stdin);
    });
}

/** A plain command (docker, kubectl) in the kind environment; throws with its stderr when it fails. */
export function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: string): string {
    const r = spawnSync(cmd, args, { env, encoding: "utf8", input, timeout: 300_000 });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}: ${r.stderr.trim()}`);
    return r.stdout;
}

/** Retries fn every `everyMs` until it returns a value (not undefined) or `ms` pass; then throws with the last reason. */
export async function waitFor<T>(what: string, ms: number, fn: () => T | undefined | Promise<T | undefined>, everyMs = 1000): Promise<T> {
    const deadline = Date.now() + ms;
    let last = "";
    for (;;) {
        try {
            const v = await fn();
            if (v !== undefined) return v;
        } catch (error) {
            last = (error as Error).message;
        }
        if (Date.now() > deadline) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}${last ? `: ${last}` : ""}`);
        await new Promise((r) => setTimeout(r, everyMs));
    }
}

/**
 * The part of index.ts the engine here can run without the command provider: a provider on the cluster's kubeconfig,
 * KubeOpsView and LabPods, wired as index.ts wires them. Outputs: pods (PodFacts by name), kubeOpsViewUrl,
 * releaseStatus.
 */
export function offlineLabProgram(
    kubeconfig: string,
    config: LabConfig,
    manifests: PodManifest[],
    /** As index.ts passes it: KubeOpsViewReady asks the control plane (the engine's environment must reach the node runtime). */
    readiness?: { runtime: NodeRuntime; controlPlane: string },
): PulumiFn {
    return async () => {
        const provider = new k8s.Provider("kind", { kubeconfig: pulumi.secret(kubeconfig), deleteUnreachable: true });
        const view = new KubeOpsView("kube-ops-view", {
            config: config.kubeOpsView,
            workerPortMappings: config.workerPortMappings,
            provider,
            readiness,
        });
        const lab = new LabPods("lab", { provider, manifests });
        return { pods: lab.facts, kubeOpsViewUrl: view.url, releaseStatus: view.release.status, ready: view.ready?.result };
    };
}

/** The NamespaceProbe's command for one pod through the node runtime's `exec`, run as the command provider runs it. */
export async function probePod(
    env: NodeJS.ProcessEnv,
    name: string,
    facts: Pick<PodFacts, "nodeName" | "uid">,
    runtime: NodeRuntime = "docker",
    /** How many containers to wait for (the stack passes the pod's count): after a node restart they start one by one. */
    containers?: number,
): Promise<PodProbeResult> {
    const script = fs.readFileSync(NODE_PROBE_SCRIPT_PATH, "utf8");
    const r = await runHostScript(probeCommand({ kind: "nodeExec", runtime }, facts.nodeName, facts.uid, containers), env, script, 180_000);
    if (r.status !== 0) throw new Error(`probe of ${name} exited ${r.status}: ${r.stderr.trim()}`);
    return analyseProbeOutput(r.stdout);
}

/**
 * The lab's Docker daemon (scripts/kind/dockerd.sh) for a suite or a benchmark: started unless it already answers;
 * `stop()` stops it only when this call started it (synchronous, so signal handlers can use it too).
 */
export function useLabDaemon(): { started: boolean; stop(): void } {
    const started = labDaemon("status").status !== 0;
    if (started) {
        const r = labDaemon("start");
        if (r.status !== 0) throw new KindSetupError(`the lab's Docker daemon did not start: ${r.stderr.trim()}`);
    }
    return {
        started,
        stop: () => {
            if (!started) return;
            const r = labDaemon("stop");
            process.stdout.write(r.stdout);
            process.stderr.write(r.stderr);
        },
    };
}

/** `scripts/kind/dockerd.sh VERB` (start, stop, status), synchronously. */
export function labDaemon(verb: "start" | "stop" | "status"): { status: number | null; stdout: string; stderr: string } {
    return spawnSync("bash", ["scripts/kind/dockerd.sh", verb], { cwd: REPO_ROOT, encoding: "utf8" });
}
