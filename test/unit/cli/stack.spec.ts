// `lab up|preview|destroy|outputs` without an engine: argument parsing, backend/passphrase defaults, the stack's
// config (as the engine gives it) for preflight, and the verb flow against a recording stack (preflight failures stop before the stack
// is opened; up prints the namespace table from the outputs).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { memoryIo } from "../../support/memoryIo";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { type PreflightProbes } from "../../../cli/preflight";
import { RUNTIMES } from "../../../host/runtimes";
import { runtimeInfoKey } from "../support/runtimeInfo";
import {
    chooseBackend,
    LabStack,
    openAutomationStack,
    openFailure,
    parseStackArgs,
    plainOutputs,
    PulumiCommandFailed,
    labRawConfig,
    runPulumi,
    runWith,
    StackOptions,
} from "../../../cli/stack";

const GiB = 1024 ** 3;

function okMachine(
    over: Partial<Record<string, { code: number | null; stdout: string; stderr: string; missing?: boolean }>> = {},
): PreflightProbes {
    const answers: Record<string, { code: number | null; stdout: string; stderr: string; missing?: boolean }> = {
        "docker info --format {{.ServerVersion}}|{{.MemTotal}}": { code: 0, stdout: `28.5.1|${8 * GiB}\n`, stderr: "" },
        "kind version": { code: 0, stdout: "kind v0.32.0 go1.25.4 linux/amd64\n", stderr: "" },
        "kind get clusters": { code: 0, stdout: "", stderr: "" },
        "pulumi version": { code: 0, stdout: "v3.276.0\n", stderr: "" },
    };
    for (const [k, v] of Object.entries(over)) if (v) answers[k] = v;
    return {
        run: async (program, args) =>
            answers[[program, ...args].join(" ")] ?? assert.fail(`unexpected command ${program} ${args.join(" ")}`),
        runHostCommand: async (line) => {
            const key = runtimeInfoKey(line);
            if (key === undefined) return { code: 0, stdout: "", stderr: "" };
            return answers[key] ?? assert.fail(`unexpected runtime check ${line}`);
        },
        hostMemoryBytes: () => 16 * GiB,
        readFile: () => undefined,
    };
}

/** A stack that records what the verb asked of it; its config is `config` (Pulumi.<stack>.yaml as the engine reads it). */
function recordingStack(outputs: Record<string, { value: unknown; secret: boolean }> = {}, fail?: Error, config: ConfigMap = {}) {
    const calls: string[] = [];
    const stack: LabStack = {
        config: async () => config,
        setEnv: (name, value) => calls.push(`env ${name}=${value}`),
        up: async (onOutput, packs) => {
            calls.push(`up ${packs.join(",")}`);
            onOutput("Updating (dev)\n");
            if (fail) throw fail;
            // as `pulumi stack output --json` prints them: secrets masked
            return plainOutputs(outputs, false);
        },
        preview: async (onOutput, packs) => {
            calls.push(`preview ${packs.join(",")}`);
            onOutput("Previewing update (dev)\n");
            if (fail) throw fail;
        },
        destroy: async (onOutput) => {
            calls.push("destroy");
            onOutput("Destroying (dev)\n");
            if (fail) throw fail;
        },
        outputs: async () => {
            calls.push("outputs");
            return outputs;
        },
    };
    return { stack, calls };
}

const tempRepos: string[] = [];

/** A repository root of its own (the verbs create the file backend's directory in it); removed after the suite. */
function tempRepo(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kpl-stack-"));
    tempRepos.push(dir);
    return dir;
}

// One pod's namespaceReport shaped as probe/types.ts defines it (inode numbers are placeholders: the
// table shows what the report says, which is all this test checks).
const NAMESPACE_REPORT = (() => {
    const pod = {
        node: "myk8s-worker",
        sandboxId: "9ccff0d4c0a3",
        pause: {
            pid: 1695,
            namespaces: { net: 1, ipc: 2, uts: 3, mnt: 4, pid: 5, cgroup: 6 },
            sharing: { net: "private", ipc: "private", uts: "private", mnt: "private", pid: "private", cgroup: "private" },
            addresses: ["eth0 10.244.1.2/24"],
        },
        containers: {
            "myweb2-nginx": {
                id: "dff3",
                pid: 1757,
                namespaces: { net: 1, ipc: 2, uts: 3, mnt: 7, pid: 8, cgroup: 9 },
                sharing: { net: "pod", ipc: "pod", uts: "pod", mnt: "private", pid: "private", cgroup: "private" },
                addresses: ["eth0 10.244.1.2/24"],
            },
        },
        consistent: true,
        inconsistencies: [],
    };
    return { myweb2: pod };
})();

describe("lab up|preview|destroy|outputs", () => {
    after(() => {
        for (const dir of tempRepos.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    });

    describe("arguments", () => {
        it("defaults to stack dev with the policy pack and preflight on", () => {
            assert.deepEqual(parseStackArgs(["up"]), {
                verb: "up",
                stack: "dev",
                policy: true,
                preflight: true,
                showSecrets: false,
                adopt: false,
            } satisfies StackOptions);
        });

        it("reads every option, in both --flag VALUE and --flag=VALUE forms", () => {
            assert.deepEqual(parseStackArgs(["preview", "--stack", "ci", "--backend=file:///tmp/s", "--no-policy", "--skip-preflight"]), {
                verb: "preview",
                stack: "ci",
                backend: "file:///tmp/s",
                policy: false,
                preflight: false,
                showSecrets: false,
                adopt: false,
            });
            assert.equal((parseStackArgs(["outputs", "--show-secrets"]) as StackOptions).showSecrets, true);
            assert.equal((parseStackArgs(["up", "--adopt"]) as StackOptions).adopt, true);
            assert.deepEqual(parseStackArgs(["destroy", "--adopt"]), { error: "--adopt only applies to up" });
        });

        it("rejects unknown verbs and arguments, missing values and bad names with one line", () => {
            const errors = [
                parseStackArgs([]),
                parseStackArgs(["apply"]),
                parseStackArgs(["up", "--force"]),
                parseStackArgs(["up", "--stack"]),
                parseStackArgs(["up", "--stack", "a b"]),
                parseStackArgs(["up", "--backend", "/tmp/state"]),
                parseStackArgs(["up", "--show-secrets"]),
            ];
            for (const e of errors) {
                assert.ok("error" in e, JSON.stringify(e));
                assert.ok(!e.error.includes("\n"));
            }
        });
    });

    describe("backend and passphrase", () => {
        const options = parseStackArgs(["up"]) as StackOptions;

        it("uses file://<repo>/.pulumi-state and an empty passphrase with a note when nothing is set", () => {
            const b = chooseBackend(options, {}, "/repo");
            assert.equal(b.url, "file:///repo/.pulumi-state");
            assert.equal(b.createDir, "/repo/.pulumi-state");
            assert.equal(b.env.PULUMI_CONFIG_PASSPHRASE, "");
            assert.equal(b.notes.length, 1);
            assert.match(b.notes[0], /PULUMI_CONFIG_PASSPHRASE is not set/);
        });

        it("honours --backend over PULUMI_BACKEND_URL, and a passphrase the user set", () => {
            assert.equal(
                chooseBackend({ ...options, backend: "file:///x" }, { PULUMI_BACKEND_URL: "file:///y" }, "/repo").url,
                "file:///x",
            );
            const fromEnv = chooseBackend(options, { PULUMI_BACKEND_URL: "file:///y", PULUMI_CONFIG_PASSPHRASE: "s3cret" }, "/repo");
            assert.equal(fromEnv.url, "file:///y");
            assert.equal(fromEnv.createDir, undefined);
            assert.equal(
                fromEnv.env.PULUMI_CONFIG_PASSPHRASE,
                undefined,
                "the user's own passphrase reaches the CLI through the inherited environment",
            );
            assert.deepEqual(fromEnv.notes, []);
        });
    });

    it("takes the stack's kind-pause-lab:* config as the engine gives it, without the project prefix", () => {
        assert.deepEqual(
            labRawConfig({
                "kind-pause-lab:clusterName": { value: "lab2", secret: false },
                "kind-pause-lab:workerPortMappings": { value: '["31000:30000"]', secret: false },
                "other:key": { value: "x", secret: false },
            }),
            { clusterName: "lab2", workerPortMappings: '["31000:30000"]' },
        );
        assert.deepEqual(labRawConfig({}), {});
    });

    describe("verb flow", () => {
        it("stops with exit 2 and one line per preflight problem before the verb runs", async () => {
            const io = memoryIo();
            const { stack, calls } = recordingStack();
            const code = await runWith(["up"], io, {
                repoRoot: tempRepo(),
                env: {},
                probes: okMachine({
                    // the stack's runtime check (host/runtime-info.sh) with no daemon: exit 4 and its line
                    "docker info --format {{.ServerVersion}}|{{.MemTotal}}": {
                        code: 4,
                        stdout: "",
                        stderr: "kind-pause-lab: the Docker daemon is not reachable (Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?): start Docker (Docker Desktop, or `sudo systemctl start docker`) and check `docker info`\n",
                    },
                    "kind version": { code: null, stdout: "", stderr: "", missing: true },
                }),
                openStack: async () => stack,
            });
            assert.equal(code, 2);
            assert.deepEqual(calls, []);
            const lines = io.err.trim().split("\n");
            assert.ok(lines.some((l) => l.startsWith("lab: the Docker daemon is not reachable")));
            assert.ok(lines.some((l) => l.startsWith("lab: kind is not installed")));
            assert.equal(lines[lines.length - 1], "lab: up not started: 2 preflight problems (--skip-preflight to try anyway)");
        });

        it("reports a bad stack config with the schema's one line per problem", async () => {
            const io = memoryIo();
            const { stack, calls } = recordingStack({}, undefined, {
                "kind-pause-lab:workerPortMappings": { value: '["70000:30000"]', secret: false },
            });
            const code = await runWith(["up"], io, {
                repoRoot: tempRepo(),
                env: {},
                probes: okMachine(),
                openStack: async () => stack,
            });
            assert.equal(code, 2);
            assert.match(io.err, /^lab: kind-pause-lab:workerPortMappings = .*70000/m);
            assert.deepEqual(calls, []);
        });

        it("checks the node runtime and host ports the stack's config names", async () => {
            const io = memoryIo();
            const hostCommands: string[] = [];
            const probes = okMachine({
                [`podman info --format ${RUNTIMES.podman.infoFormat}`]: {
                    code: 0,
                    stdout: `4.3.1|${8 * GiB}|netavark\n`,
                    stderr: "",
                },
            });
            const runtimeCheck = probes.runHostCommand;
            probes.runHostCommand = async (line) => {
                hostCommands.push(line);
                if (line.includes("runtime-info.sh")) return runtimeCheck(line);
                return { code: 1, stdout: "", stderr: "kind-pause-lab: host port 31000 is already in use (by a process on this host)\n" };
            };
            const { stack, calls } = recordingStack({}, undefined, {
                "kind-pause-lab:nodeRuntime": { value: "podman", secret: false },
                "kind-pause-lab:workerPortMappings": { value: '["31000:30000"]', secret: false },
            });
            const code = await runWith(["up"], io, { repoRoot: tempRepo(), env: {}, probes, openStack: async () => stack });
            assert.equal(code, 2);
            assert.deepEqual(calls, []);
            // the runtime check of the stack's runtime (and of the default one, asked before the config was read), then the ports
            assert.deepEqual(
                hostCommands.filter((c) => c.includes("runtime-info.sh")).map((c) => c.split(" bash ")[0]),
                ["bash host/runtime-info.sh '{{.ServerVersion}}|{{.MemTotal}}'", "KIND_EXPERIMENTAL_PROVIDER=podman"],
            );
            const ports = hostCommands.filter((c) => !c.includes("runtime-info.sh"));
            assert.equal(ports.length, 1);
            assert.match(ports[0], /check-ports\.sh/);
            assert.match(ports[0], /31000/);
            assert.match(ports[0], /podman/);
            assert.match(io.err, /^lab: podman: 4\.3\.1 reachable$/m);
            assert.match(io.err, /^lab: host port 31000 is already in use/m);
        });

        it("up: streams the engine output, passes the policy pack, creates the state dir and prints the namespace table", async () => {
            const repo = tempRepo();
            const { stack, calls } = recordingStack({
                namespaceReport: { value: NAMESPACE_REPORT, secret: false },
                kubeconfig: { value: "apiVersion: v1", secret: true },
            });
            const io = memoryIo();
            const code = await runWith(["up"], io, { repoRoot: repo, env: {}, probes: okMachine(), openStack: async () => stack });
            assert.equal(code, 0, io.err);
            // the outputs come with the update's result: no second `pulumi stack output`
            assert.deepEqual(calls, [`up ${path.join(repo, "policy")}`]);
            assert.ok(fs.statSync(path.join(repo, ".pulumi-state")).isDirectory());
            assert.ok(io.out.startsWith("Updating (dev)\n"));
            assert.match(io.out, /myweb2/);
            assert.match(io.out, /myweb2-nginx/);
            assert.ok(
                io.out.endsWith(
                    "every output, the raw lsns and crictl inspect captures among them: npm run lab -- outputs\nthe lab's steps on this cluster, live: npm run lab -- tour\n",
                ),
                io.out,
            );
        });

        it("up: the policy pack runs until it passed; with the same program, pack and config, up then leaves it out in one line", async () => {
            const repo = tempRepo();
            const policy = path.join(repo, "policy");
            fs.writeFileSync(path.join(repo, "index.ts"), "// the program\n");
            const { stack, calls } = recordingStack({ namespaceReport: { value: NAMESPACE_REPORT, secret: false } });
            const deps = { repoRoot: repo, env: {}, probes: okMachine(), openStack: async () => stack };
            const first = memoryIo();
            assert.equal(await runWith(["up"], first, deps), 0, first.err);
            assert.doesNotMatch(first.err, /policy pack/);
            const second = memoryIo();
            assert.equal(await runWith(["up"], second, deps), 0, second.err);
            assert.match(
                second.err,
                /^lab: policy pack: it passed on this stack at \d{4}-\d\d-\d\dT[\d:.]+Z with the same program, pack and config; not run again \(lab preview runs it, --no-policy never\)$/m,
            );
            fs.writeFileSync(path.join(repo, "index.ts"), "// the program, edited\n");
            assert.equal(await runWith(["up"], memoryIo(), deps), 0);
            // the node runtime variable is the program's input too
            assert.equal(
                await runWith(["up", "--skip-preflight"], memoryIo(), { ...deps, env: { KIND_EXPERIMENTAL_PROVIDER: "podman" } }),
                0,
            );
            assert.deepEqual(calls, [`up ${policy}`, "up ", `up ${policy}`, `up ${policy}`]);
        });

        it("a failed up and an up --no-policy record no pass; preview runs the pack every time and records its pass for up", async () => {
            const repo = tempRepo();
            const policy = path.join(repo, "policy");
            const failing = recordingStack({}, new Error("code: 255\n stderr: error: update failed\n"));
            const deps = { repoRoot: repo, env: {}, probes: okMachine(), openStack: async () => failing.stack };
            assert.equal(await runWith(["up"], memoryIo(), deps), 1);
            const { stack, calls } = recordingStack({ namespaceReport: { value: NAMESPACE_REPORT, secret: false } });
            const ok = { ...deps, openStack: async () => stack };
            assert.equal(await runWith(["up", "--no-policy"], memoryIo(), ok), 0);
            assert.equal(await runWith(["up"], memoryIo(), ok), 0);
            assert.equal(await runWith(["preview"], memoryIo(), ok), 0);
            assert.equal(await runWith(["preview"], memoryIo(), ok), 0);
            assert.deepEqual(calls, ["up ", `up ${policy}`, `preview ${policy}`, `preview ${policy}`]);
            const other = recordingStack({ namespaceReport: { value: NAMESPACE_REPORT, secret: false } });
            const fresh = { ...deps, repoRoot: tempRepo(), openStack: async () => other.stack };
            assert.equal(await runWith(["preview"], memoryIo(), fresh), 0);
            assert.equal(await runWith(["up"], memoryIo(), fresh), 0);
            assert.deepEqual(other.calls, [`preview ${path.join(fresh.repoRoot, "policy")}`, "up "]);
        });

        it("preview without policy, destroy, and outputs with secrets masked", async () => {
            const { stack, calls } = recordingStack({
                clusterName: { value: "myk8s", secret: false },
                kubeconfig: { value: "apiVersion: v1", secret: true },
            });
            const deps = {
                repoRoot: tempRepo(),
                env: { PULUMI_BACKEND_URL: "file:///tmp/kpl-unused" },
                probes: okMachine(),
                openStack: async () => stack,
            };
            assert.equal(await runWith(["preview", "--no-policy"], memoryIo(), deps), 0);
            assert.equal(await runWith(["destroy"], memoryIo(), deps), 0);
            const io = memoryIo();
            assert.equal(await runWith(["outputs"], io, deps), 0);
            assert.deepEqual(JSON.parse(io.out), { clusterName: "myk8s", kubeconfig: "[secret]" });
            assert.deepEqual(calls, ["preview ", "destroy", "outputs"]);
        });

        /** `lab up` on a stack whose update fails with `failure`: what it printed and its exit code. */
        const failedUp = async (failure: Error) => {
            const io = memoryIo();
            const code = await runWith(["up", "--skip-preflight"], io, {
                repoRoot: tempRepo(),
                env: {},
                probes: okMachine(),
                openStack: async () => recordingStack({}, failure).stack,
            });
            return { io, code };
        };

        it("a failed operation exits 1 with the engine's error line", async () => {
            const failure = new Error(
                "code: 255\n stdout: Updating (dev)\n\n stderr: error: update failed\nerror: preview failed: kind create cluster: exit status 1\n",
            );
            const { io, code } = await failedUp(failure);
            assert.equal(code, 1);
            assert.match(io.err, /^lab: pulumi up of stack dev failed: error: preview failed: kind create cluster: exit status 1$/m);
        });

        it("a failed command resource: the stack's own line (the host script's), not the engine's 'unhandled exception' after it", async () => {
            const failure = new Error(
                [
                    "code: 255",
                    " stdout: Updating (dev)",
                    ' +  command:local:Command kind-cluster creating (0s) kind-pause-lab: a kind cluster named myk8s already exists outside this stack (made by hand, or the stack lost its state): adopt it with "npm run lab -- up --adopt"',
                    " +  command:local:Command kind-cluster **creating failed** error: exit status 1: running \"bash host/kind-create.sh 'myk8s'\":",
                    "    pulumi:pulumi:Stack kind-pause-lab-dev running error: Running program '/work/main/index.ts' failed with an unhandled exception:",
                    "",
                    " stderr: error: update failed",
                    "error: Running program '/work/main/index.ts' failed with an unhandled exception:",
                ].join("\n"),
            );
            const { io, code } = await failedUp(failure);
            assert.equal(code, 1);
            assert.equal(
                io.err.trim().split("\n").pop(),
                'lab: pulumi up of stack dev failed: kind-pause-lab: a kind cluster named myk8s already exists outside this stack (made by hand, or the stack lost its state): adopt it with "npm run lab -- up --adopt"',
            );
        });

        it("an up that failed in part (kube-ops-view cannot run): the evidence that was recorded, then the failure line, exit 1", async () => {
            const failure = new Error(
                "code: 255\n stdout: Updating (dev)\n\n stderr: error: kind-pause-lab: kube-ops-view cannot run: pod kube-ops-view-x: CrashLoopBackOff, exec format error: its image is for another CPU\n",
            );
            const { stack, calls } = recordingStack({ namespaceReport: { value: NAMESPACE_REPORT, secret: false } }, failure);
            const io = memoryIo();
            const code = await runWith(["up", "--skip-preflight"], io, {
                repoRoot: tempRepo(),
                env: {},
                probes: okMachine(),
                openStack: async () => stack,
            });
            assert.equal(code, 1);
            assert.deepEqual(calls.slice(-1), ["outputs"]);
            assert.match(io.out, /myweb2-nginx/);
            assert.match(io.out, /the evidence above was recorded; what failed is below/);
            assert.match(
                io.err,
                /^lab: pulumi up of stack dev failed: kind-pause-lab: kube-ops-view cannot run: pod kube-ops-view-x: CrashLoopBackOff, exec format error/m,
            );
        });
    });

    it("up --adopt gives the engine KPL_ADOPT_CLUSTER with the config's cluster name, before the update", async () => {
        const io = memoryIo();
        const { stack, calls } = recordingStack({}, undefined, { "kind-pause-lab:clusterName": { value: "lab2", secret: false } });
        const code = await runWith(["up", "--adopt", "--skip-preflight", "--no-policy"], io, {
            repoRoot: tempRepo(),
            env: {},
            probes: okMachine(),
            openStack: async () => stack,
        });
        assert.equal(code, 0, io.err);
        assert.deepEqual(calls.slice(0, 2), ["env KPL_ADOPT_CLUSTER=lab2", "up "]);
    });

    it("a missing Pulumi CLI when opening the stack (--skip-preflight) is named, not reported as 'code: -2'", async () => {
        // what openAutomationStack throws when `pulumi` cannot be spawned (the test below runs it so)
        const enoent = new PulumiCommandFailed(null, "", "spawn pulumi ENOENT", true);
        const io = memoryIo();
        const code = await runWith(["up", "--skip-preflight"], io, {
            repoRoot: tempRepo(),
            env: { PULUMI_BACKEND_URL: "file:///tmp/kpl-unused" },
            probes: okMachine(),
            openStack: async () => {
                throw enoent;
            },
        });
        assert.equal(code, 1);
        assert.equal(
            io.err.trim().split("\n").pop(),
            "lab: cannot open stack dev on file:///tmp/kpl-unused: the Pulumi CLI is not installed (no `pulumi` on PATH): see https://www.pulumi.com/docs/install/",
        );
        assert.equal(
            openFailure(new Error("code: 255\n stderr: error: no Pulumi.yaml project file found\n")),
            "error: no Pulumi.yaml project file found",
        );
    });

    it("a missing Pulumi CLI with the preflight on: every missing tool in one run, the ports left for later", async () => {
        const enoent = new PulumiCommandFailed(null, "", "spawn pulumi ENOENT", true);
        const io = memoryIo();
        const code = await runWith(["up"], io, {
            repoRoot: tempRepo(),
            env: {},
            probes: okMachine({
                "pulumi version": { code: null, stdout: "", stderr: "", missing: true },
                "kind version": { code: null, stdout: "", stderr: "", missing: true },
            }),
            openStack: async () => {
                throw enoent;
            },
        });
        assert.equal(code, 2);
        const lines = io.err.trim().split("\n");
        assert.ok(
            lines.includes(
                "lab: the stack's config cannot be read without the Pulumi CLI: checked the docker node runtime, not the host ports",
            ),
        );
        assert.ok(lines.some((l) => l.startsWith("lab: the Pulumi CLI is not installed")));
        assert.ok(lines.some((l) => l.startsWith("lab: kind is not installed")));
        assert.equal(lines[lines.length - 1], "lab: up not started: 2 preflight problems (--skip-preflight to try anyway)");
    });

    it("a config the engine cannot read (e.g. a wrong passphrase) exits 1 with the engine's error line", async () => {
        const io = memoryIo();
        const { stack, calls } = recordingStack();
        stack.config = async () => {
            throw new Error(
                "code: 255\n stderr: error: incorrect passphrase, please set PULUMI_CONFIG_PASSPHRASE to the correct passphrase\n",
            );
        };
        const code = await runWith(["up"], io, { repoRoot: tempRepo(), env: {}, probes: okMachine(), openStack: async () => stack });
        assert.equal(code, 1);
        assert.deepEqual(calls, []);
        assert.match(
            io.err,
            /^lab: cannot read the config of stack dev: error: incorrect passphrase, please set PULUMI_CONFIG_PASSPHRASE/m,
        );
    });

    it("runPulumi: argv, stdout streamed as it comes and returned; a failure carries its code, stdout and stderr", async () => {
        const chunks: string[] = [];
        const script = 'process.stdout.write("Updating (dev)\\n"); setTimeout(() => process.stdout.write(process.argv[1] + "\\n"), 20)';
        const out = await runPulumi(process.execPath, ["-e", script, "a b; $(c)"], {
            cwd: tempRepo(),
            env: process.env,
            onOutput: (t) => chunks.push(t),
        });
        assert.equal(out, "Updating (dev)\na b; $(c)\n");
        assert.equal(chunks.join(""), out);
        const failing = 'console.log("Updating (dev)"); console.error("error: update failed"); process.exit(255)';
        const failure = await runPulumi(process.execPath, ["-e", failing], { cwd: tempRepo(), env: process.env }).then(
            () => assert.fail("resolved"),
            (e: unknown) => e,
        );
        assert.ok(failure instanceof PulumiCommandFailed);
        assert.equal(failure.code, 255);
        assert.equal(failure.stdout, "Updating (dev)\n");
        assert.equal(failure.stderr, "error: update failed\n");
        const missing = await runPulumi("kpl-no-such-pulumi", ["up"], { cwd: tempRepo(), env: process.env }).catch((e: unknown) => e);
        assert.ok(missing instanceof PulumiCommandFailed);
        assert.equal(missing.code, null);
        assert.match(missing.stderr, /ENOENT/);
    });

    it("opening the stack with no `pulumi` on PATH rejects with PulumiCommandFailed, notInstalled (the errno, not the text)", async function () {
        this.timeout(10_000);
        const saved = process.env.PATH;
        process.env.PATH = tempRepo(); // a directory with no pulumi in it
        try {
            const repo = tempRepo();
            const backend = chooseBackend({ ...(parseStackArgs(["up"]) as StackOptions) }, {}, repo);
            const failure = await openAutomationStack("dev", backend, repo).then(
                () => assert.fail("opened"),
                (e: unknown) => e,
            );
            assert.ok(failure instanceof PulumiCommandFailed, String(failure));
            assert.equal(failure.notInstalled, true);
            assert.equal(
                openFailure(failure),
                "the Pulumi CLI is not installed (no `pulumi` on PATH): see https://www.pulumi.com/docs/install/",
            );
        } finally {
            process.env.PATH = saved;
        }
    });

    it("masks secrets unless asked", () => {
        const o = { a: { value: 1, secret: false }, k: { value: "x", secret: true } };
        assert.deepEqual(plainOutputs(o, false), { a: 1, k: "[secret]" });
        assert.deepEqual(plainOutputs(o, true), { a: 1, k: "x" });
    });
});
