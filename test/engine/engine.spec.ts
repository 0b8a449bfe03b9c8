// Engine suite: the real Pulumi engine (CLI and kubernetes provider built from Go modules by
// scripts/engine/build.sh), nothing mocked. What the engine here can and cannot run: scripts/engine/README.md.
// The Node.js language host and the command provider cannot be built here, so programs run as Automation API inline
// programs, and nothing with @pulumi/command can be previewed (a test below pins that failure mode down).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import * as YAML from "yaml";
import { labRawConfig } from "../../cli/stack";
import { CONFIG_SCHEMA, parseLabConfig } from "../../lab/configSchema";
import { LabPods } from "../../components/labPods";
import { labPodManifests } from "../../lab/pods";
import { which } from "../support/which";
import { inlineStack, projectStackConfig, pulumiCli, REPO_ROOT, sandbox, Sandbox, stateFiles, timed, walk } from "./engine";

describe("engine: CLI and providers built from Go modules", function () {
    let sb: Sandbox;
    before(function () {
        sb = sandbox("basics");
    });
    after(() => sb?.cleanup());

    it("`pulumi version` is the version build.sh built", function () {
        const r = pulumiCli(["version"], sb.dir, sb.env);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(r.stdout.trim(), sb.env.KPL_PULUMI_GO_VERSION);
    });

    it("the built CLI and kubernetes provider are the versions of the npm packages in package-lock.json", function () {
        const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8"));
        const npmVersion = (pkg: string): string => lock.packages[`node_modules/${pkg}`].version;
        assert.strictEqual(sb.env.KPL_PULUMI_GO_VERSION, `v${npmVersion("@pulumi/pulumi")}`);
        assert.strictEqual(sb.env.KPL_KUBERNETES_VERSION, npmVersion("@pulumi/kubernetes"));
    });

    it("the CLI and the kubernetes provider come from the build cache, found on PATH", function () {
        const onPath = (name: string) => which(name, (sb.env.PATH ?? "").split(":"));
        assert.strictEqual(onPath("pulumi"), path.join(sb.env.KPL_ENGINE_CLI_BIN, "pulumi"));
        assert.strictEqual(onPath("pulumi-resource-kubernetes"), path.join(sb.env.KPL_ENGINE_KUBERNETES_BIN, "pulumi-resource-kubernetes"));
        assert.match(sb.env.KPL_ENGINE_AVAILABLE ?? "", /\bkubernetes\b/);
    });

    it("`pulumi plugin ls` works and nothing has been downloaded", function () {
        const r = pulumiCli(["plugin", "ls", "--json"], sb.dir, sb.env);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(JSON.parse(r.stdout || "[]"), []);
    });

    it("automatic plugin download and the update check are off", function () {
        assert.strictEqual(sb.env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION, "true");
        assert.strictEqual(sb.env.PULUMI_SKIP_UPDATE_CHECK, "true");
        assert.strictEqual(sb.env.PULUMI_IGNORE_AMBIENT_PLUGINS, undefined);
    });
});

describe("engine: LabPods through the real kubernetes provider (renderYamlToDirectory)", function () {
    const SECRET = `kpl-engine-secret-${process.pid}-${Date.now()}`;
    let sb: Sandbox;
    let stack: Stack;
    let renderDir: string;
    let ranFile: string;
    const expected = labPodManifests([], false);

    before(async function () {
        sb = sandbox("labpods");
        renderDir = path.join(sb.dir, "rendered");
        ranFile = path.join(sb.dir, "dynamic-provider-ran.txt");
        const file = ranFile;
        stack = await inlineStack(sb, { projectName: "kpl-engine-labpods", stackName: "engine" }, async () => {
            const render = new k8s.Provider("render", { renderYamlToDirectory: renderDir });
            const lab = new LabPods("lab", { provider: render, manifests: labPodManifests([], false) });
            const ran = new RanCommand("ran", file);
            return {
                podNames: Object.keys(lab.pods),
                ranStdout: ran.stdout,
                secretValue: pulumi.secret(SECRET),
            };
        });
    });
    after(async function () {
        await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
        sb?.cleanup();
    });

    it("preview lists every resource with its type and parent", async function () {
        const events: EngineEvent[] = [];
        const p = await timed("preview", () => stack.preview({ onEvent: (e) => events.push(e) }));
        const steps = events.flatMap((e) => (e.resourcePreEvent ? [e.resourcePreEvent.metadata] : []));
        const byType = (t: string) => steps.filter((s) => s.type === t);
        const stackUrn = byType("pulumi:pulumi:Stack")[0]?.urn;
        assert.ok(stackUrn, "no stack resource in the preview");
        const [component] = byType("kind-pause-lab:apps:LabPods");
        assert.ok(component, "no LabPods component in the preview");
        assert.strictEqual(component.new?.parent, stackUrn);
        const pods = byType("kubernetes:core/v1:Pod");
        assert.deepStrictEqual(pods.map((s) => s.new?.inputs?.metadata?.name).sort(), expected.map((m) => m.metadata.name).sort());
        for (const pod of pods) {
            assert.strictEqual(pod.new?.parent, component.urn, `${pod.urn} is not a child of LabPods`);
            assert.match(pod.new?.provider ?? "", /::pulumi:providers:kubernetes::render::/);
        }
        assert.strictEqual(byType("pulumi:providers:kubernetes").length, 1);
        assert.strictEqual(byType("pulumi-nodejs:dynamic:Resource").length, 1);
        // every resource of the program is to be created (the default pulumi-nodejs provider is not counted)
        assert.strictEqual(p.changeSummary.create, steps.filter((s) => s.op === "create" && !s.urn.endsWith("::default")).length);
    });

    it("up renders each pod's manifest exactly as labPodManifests declares it, and runs the dynamic provider", async function () {
        const u = await timed("up", () => stack.up());
        assert.strictEqual(u.summary.result, "succeeded");
        const docs = walk(renderDir)
            .filter((f) => f.endsWith(".yaml"))
            .flatMap((f) => YAML.parseAllDocuments(fs.readFileSync(f, "utf8")).map((d) => d.toJSON()));
        const pods = docs.filter((d) => d?.kind === "Pod");
        assert.strictEqual(pods.length, expected.length, `rendered: ${walk(renderDir).join(", ")}`);
        for (const m of expected) {
            const doc = pods.find((d) => d.metadata?.name === m.metadata.name);
            assert.ok(doc, `no manifest for pod ${m.metadata.name}`);
            assert.strictEqual(doc.apiVersion, "v1");
            assert.strictEqual(doc.metadata.namespace, m.metadata.namespace);
            assert.deepStrictEqual(doc.spec, JSON.parse(JSON.stringify(m.spec)));
        }
        assert.deepStrictEqual([...u.outputs.podNames.value].sort(), expected.map((m) => m.metadata.name).sort());
        assert.match(fs.readFileSync(ranFile, "utf8"), /^ran as /);
        assert.match(u.outputs.ranStdout.value, /^ran as /);
        assert.deepStrictEqual(u.outputs.secretValue, { value: SECRET, secret: true });
    });

    it("the secret output is encrypted in the state file", function () {
        const files = stateFiles(sb.stateDir);
        assert.ok(files.length > 0, `no stack state under ${sb.stateDir}`);
        const state = files.map((f) => fs.readFileSync(f, "utf8")).join("\n");
        assert.ok(!state.includes(SECRET), "the secret is in plaintext in the state");
        // the engine's marker of a secret value, with its ciphertext
        assert.match(state, /"secretValue":\{"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270","ciphertext":"v1:/);
    });

    it("a second up changes nothing", async function () {
        const u = await timed("no-op up", () => stack.up());
        const changed = Object.entries(u.summary.resourceChanges ?? {}).filter(([op, n]) => op !== "same" && n);
        assert.deepStrictEqual(changed, [], JSON.stringify(u.summary.resourceChanges));
    });

    it("destroy removes every resource and every rendered manifest", async function () {
        const d = await timed("destroy", () => stack.destroy());
        assert.strictEqual(d.summary.result, "succeeded");
        assert.deepStrictEqual(
            walk(renderDir).filter((f) => f.endsWith(".yaml")),
            [],
        );
        const state = await stack.exportStack();
        assert.deepStrictEqual(state.deployment.resources ?? [], []);
    });
});

describe("engine: the stack's config as `lab up` reads it", function () {
    let sb: Sandbox;
    before(function () {
        sb = sandbox("config");
    });
    after(() => sb?.cleanup());

    it("Pulumi.dev.yaml over Pulumi.yaml's defaults, through the Automation API: arrays as JSON text, valid for the program", async function () {
        this.timeout(60_000);
        const { created, existing } = await projectStackConfig(sb, "dev");
        assert.deepStrictEqual(existing, created);
        const raw = labRawConfig(created);
        const read = (file: string) => YAML.parse(fs.readFileSync(path.join(REPO_ROOT, file), "utf8"));
        const project = read("Pulumi.yaml") as { config: Record<string, { default: unknown }> };
        const stack = read("Pulumi.dev.yaml") as { config: Record<string, unknown> };
        const expected: Record<string, string> = {};
        for (const [key, entry] of Object.entries(project.config)) expected[key] = String(entry.default);
        for (const [key, value] of Object.entries(stack.config)) {
            expected[key.replace(/^kind-pause-lab:/, "")] = Array.isArray(value) ? JSON.stringify(value) : String(value);
        }
        assert.deepStrictEqual(raw, expected);
        for (const key of Object.keys(raw)) assert.ok(key in CONFIG_SCHEMA, `${key} is not in CONFIG_SCHEMA`);
        const config = parseLabConfig(raw, { pathExists: () => true });
        assert.deepStrictEqual(
            config.workerPortMappings.map((m) => m.hostPort),
            [30000, 30001],
        );
    });
});

describe("engine: what cannot be built here fails at once, and nothing is downloaded", function () {
    let sb: Sandbox;
    before(function () {
        sb = sandbox("missing");
    });
    after(() => sb?.cleanup());

    it("a `runtime: nodejs` project run by the CLI alone fails: no Node.js language host", function () {
        const dir = path.join(sb.dir, "cli-project");
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: kpl-cli\nruntime: nodejs\n");
        fs.writeFileSync(path.join(dir, "index.js"), "module.exports = {};\n");
        const init = pulumiCli(["stack", "init", "cli", "--non-interactive"], dir, sb.env);
        assert.strictEqual(init.status, 0, init.stderr);
        const r = pulumiCli(["preview", "--non-interactive"], dir, sb.env);
        assert.notStrictEqual(r.status, 0, "preview succeeded: a language host is present now; update scripts/engine/README.md");
        assert.match(r.stdout + r.stderr, /language.*nodejs|nodejs.*language/i);
        assert.deepStrictEqual(pluginsDownloaded(sb), []);
    });

    it("a @pulumi/command local.Command fails at preview: no command provider, and none is downloaded", async function () {
        const st = await inlineStack(sb, { projectName: "kpl-engine-command", stackName: "engine" }, async () => {
            const command = await import("@pulumi/command");
            new command.local.Command("hello", { create: "echo hello" });
        });
        try {
            await assert.rejects(st.preview(), (e: Error) => {
                assert.match(e.message, /command/);
                assert.match(e.message, /plugin/i);
                return true;
            });
        } finally {
            await st.workspace.removeStack(st.name, { force: true }).catch(() => undefined);
        }
        assert.deepStrictEqual(pluginsDownloaded(sb), []);
    });
});

/** A dynamic resource whose create really runs a command on this machine and writes its output to `file`. */
class RanCommand extends pulumi.dynamic.Resource {
    declare readonly stdout: pulumi.Output<string>;
    constructor(name: string, file: string) {
        const provider: pulumi.dynamic.ResourceProvider = {
            async create(inputs: { file: string }) {
                // require, not `await import()`: SWC (tsconfig.json "ts-node") compiles import() to a helper holding a
                // WeakMap, which the closure serializer cannot carry into the provider process (README: "SWC")
                const cp: typeof import("child_process") = require("child_process");
                const fs: typeof import("fs") = require("fs");
                const out = cp.execFileSync("sh", ["-c", 'echo "ran as $(id -un)"'], { encoding: "utf8" });
                fs.writeFileSync(inputs.file, out);
                return { id: "ran", outs: { file: inputs.file, stdout: out.trim() } };
            },
        };
        super(provider, name, { file, stdout: undefined });
    }
}

function pluginsDownloaded(sb: Sandbox): string[] {
    const dir = path.join(sb.env.PULUMI_HOME, "plugins");
    return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => !f.startsWith(".")) : [];
}
