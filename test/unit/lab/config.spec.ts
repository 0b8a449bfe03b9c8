// Config: schema defaults agree with Pulumi.yaml, the dev stack holds the seed's values, and every bad value is
// rejected with one line naming key, value and rule.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import {
    chosenNodeRuntime,
    CONFIG_SCHEMA,
    ConfigError,
    Experiment,
    isIanaTimeZone,
    isImageReference,
    KubeOpsViewConfig,
    LabConfig,
    MAX_CLUSTER_NAME_LENGTH,
    NodeRuntime,
    nodePortUrl,
    parseLabConfig,
    parsePortMapping,
    PortMapping,
    RawConfig,
    ValidationEnv,
} from "../../../lab/configSchema";
import { loadLabConfig, projectConfigValues } from "../../../components/config";
import { installMocks } from "../support/mocks";
import { REPO_ROOT } from "../../support/paths";

const ROOT = REPO_ROOT;
const noPaths = { pathExists: () => false };
const parse = (raw: RawConfig) => parseLabConfig(raw, noPaths);

/** The problems a raw config produces (none → []). */
function problemsOf(raw: RawConfig, env: ValidationEnv = noPaths): string[] {
    try {
        parseLabConfig(raw, env);
        return [];
    } catch (error) {
        assert.ok(error instanceof ConfigError, `expected ConfigError, got ${error}`);
        return error.problems;
    }
}

const SEED: LabConfig = {
    clusterName: "myk8s",
    nodeRuntime: "docker",
    nodeImage: undefined,
    clusterWaitTimeout: "0s",
    workerPortMappings: [
        { containerPort: 30000, hostPort: 30000, protocol: "TCP" },
        { containerPort: 30001, hostPort: 30001, protocol: "TCP" },
    ],
    kubeOpsView: {
        chart: "kube-ops-view",
        chartRepo: "https://geek-cookbook.github.io/charts/",
        chartVersion: "1.2.2",
        chartPath: undefined,
        namespace: "kube-system",
        nodePort: 30000,
        timeZone: "Asia/Seoul",
        image: undefined,
    },
    preloadImages: true,
    experiments: [],
};

// The parsed config's type is derived from CONFIG_SCHEMA (each key's `to`, else its type; kubeOpsView* grouped):
// `npm run build` fails here when the derivation gives another shape than the program and its components use.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const _derivedShape: [
    Equal<
        KubeOpsViewConfig,
        {
            chart: string;
            chartRepo: string;
            chartVersion: string;
            namespace: string;
            nodePort: number;
            timeZone: string;
            chartPath?: string;
            image?: { repository: string; tag: string };
        }
    >,
    Equal<
        Omit<LabConfig, "kubeOpsView">,
        {
            clusterName: string;
            nodeRuntime: NodeRuntime;
            clusterWaitTimeout: string;
            workerPortMappings: PortMapping[];
            preloadImages: boolean;
            experiments: Experiment[];
            nodeImage?: string;
        }
    >,
] = [true, true];

/** Stack-file values as the CLI hands them to the program: scalars as strings, lists as JSON. */
function asRawConfig(values: Record<string, unknown>, prefix = ""): RawConfig {
    return Object.fromEntries(
        Object.entries(values).map(([k, v]) => [k.slice(prefix.length), typeof v === "string" ? v : JSON.stringify(v)]),
    );
}

describe("config", () => {
    describe("defaults and stack files", () => {
        it("defaults alone give the seed's lab", () => {
            assert.deepStrictEqual(parse({}), SEED);
        });

        it("Pulumi.yaml declares exactly the schema's keys, types and defaults, and the nodejs TypeScript runtime", () => {
            const project = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"));
            assert.strictEqual(project.name, "kind-pause-lab");
            // The language host's ts-node is off: node preloads the project's SWC hook (lib/ts-register.js) from the
            // project directory and requires package.json "main", index.ts, through it. No type checking at run time:
            // `npm run build` checks the program with tsconfig.json.
            assert.deepStrictEqual(project.runtime, {
                name: "nodejs",
                options: { typescript: false, nodeargs: "--require ./lib/ts-register.js" },
            });
            const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
            assert.strictEqual(pkg.main, "index.ts");
            assert.ok(fs.existsSync(path.join(ROOT, "lib", "ts-register.js")), "the preloaded hook");
            const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8"));
            assert.ok(tsconfig.include.includes("index.ts"), "npm run build checks index.ts");
            // The hook and ts-node (mocha) transpile with SWC, which must then be installed
            assert.deepStrictEqual(tsconfig["ts-node"], { swc: true });
            assert.match(pkg.devDependencies["@swc/core"] ?? "", /^\d+\.\d+\.\d+$/, "@swc/core pinned in devDependencies");
            assert.strictEqual(project.backend, undefined, "users choose the backend (README), none is fixed here");
            assert.deepStrictEqual(Object.keys(project.config).sort(), Object.keys(CONFIG_SCHEMA).sort());
            for (const [key, spec] of Object.entries(CONFIG_SCHEMA)) {
                const declared = project.config[key];
                assert.strictEqual(declared.type, spec.type, key);
                assert.deepStrictEqual(declared.default, spec.default, key);
                assert.strictEqual(declared.description, spec.description, key);
                if (spec.type === "array") assert.deepStrictEqual(declared.items, { type: "string" }, key);
            }
        });

        it("README's config table lists exactly the schema's keys, in its order, with their defaults", () => {
            const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
            const section = readme.slice(readme.indexOf("### Config"), readme.indexOf("## Reading and comparing results"));
            const rows = [...section.matchAll(/^\| `(\w+)` \| `([^`]*)` \|/gm)].map((m) => [m[1], m[2]]);
            const shown = (v: unknown) =>
                typeof v === "string"
                    ? v === ""
                        ? '""'
                        : v
                    : Array.isArray(v)
                      ? `[${v.map((x) => JSON.stringify(x)).join(", ")}]`
                      : String(v);
            assert.deepStrictEqual(
                rows,
                Object.entries(CONFIG_SCHEMA).map(([key, spec]) => [key, shown(spec.default)]),
            );
        });

        it("nodeRuntime: the key, else KIND_EXPERIMENTAL_PROVIDER (kind's own seam), else docker; anything else is one line", () => {
            assert.equal(parseLabConfig({}, noPaths).nodeRuntime, "docker");
            assert.equal(parseLabConfig({}, { ...noPaths, kindProvider: "podman" }).nodeRuntime, "podman");
            assert.equal(parseLabConfig({ nodeRuntime: "nerdctl" }, { ...noPaths, kindProvider: "podman" }).nodeRuntime, "nerdctl");
            // the same choice before any config is read (lab up's early preflight): a name that is no runtime is docker
            assert.equal(chosenNodeRuntime("", "podman"), "podman");
            assert.equal(chosenNodeRuntime("nerdctl", "podman"), "nerdctl");
            assert.equal(chosenNodeRuntime("", "containerd"), "docker");
            assert.equal(chosenNodeRuntime("", undefined), "docker");
            assert.deepEqual(problemsOf({ nodeRuntime: "containerd" }), [
                'kind-pause-lab:nodeRuntime = "containerd": must be one of docker, podman, nerdctl (or empty)',
            ]);
            assert.deepEqual(problemsOf({}, { ...noPaths, kindProvider: "lxc" }), [
                'KIND_EXPERIMENTAL_PROVIDER="lxc" (the default of kind-pause-lab:nodeRuntime): must be one of docker, podman, nerdctl',
            ]);
        });

        it("Pulumi.dev.yaml holds the seed's values under the project namespace and validates", () => {
            const stack = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8"));
            const keys = Object.keys(stack.config);
            assert.ok(
                keys.every((k) => k.startsWith("kind-pause-lab:")),
                keys.join(", "),
            );
            assert.deepStrictEqual(parse(asRawConfig(stack.config, "kind-pause-lab:")), SEED);
        });

        it("reads every key of the project namespace from Pulumi's config, ignoring other namespaces", async () => {
            await installMocks({ clusterName: "lab2", experiments: '["sharedPid"]' });
            const all = { ...require("@pulumi/pulumi").runtime.allConfig(), "kubernetes:context": "x" };
            require("@pulumi/pulumi").runtime.setAllConfig(all);
            assert.deepStrictEqual(projectConfigValues(), { clusterName: "lab2", experiments: '["sharedPid"]' });
            const config = loadLabConfig();
            assert.strictEqual(config.clusterName, "lab2");
            assert.deepStrictEqual(config.experiments, ["sharedPid"]);
        });

        it("loadLabConfig rejects an unknown key set through pulumi config", async () => {
            await installMocks({ clusterNmae: "oops" });
            assert.throws(
                () => loadLabConfig(),
                (e: unknown) => e instanceof ConfigError && /kind-pause-lab:clusterNmae = "oops": unknown key/.test(e.message),
            );
        });
    });

    describe("rejects bad values, one line each naming key, value and rule", () => {
        const cases: { what: string; raw: RawConfig; line: RegExp }[] = [
            {
                what: "cluster name not a DNS label (uppercase)",
                raw: { clusterName: "MyK8s" },
                line: /^kind-pause-lab:clusterName = "MyK8s": must be a DNS label/,
            },
            {
                what: "cluster name with an underscore",
                raw: { clusterName: "my_k8s" },
                line: /^kind-pause-lab:clusterName = "my_k8s": must be a DNS label/,
            },
            { what: "cluster name ending in '-'", raw: { clusterName: "myk8s-" }, line: /clusterName = "myk8s-": must be a DNS label/ },
            {
                what: "cluster name with shell syntax",
                raw: { clusterName: "a;rm -rf ~" },
                line: /clusterName = "a;rm -rf ~": must be a DNS label/,
            },
            {
                what: "cluster name too long for <name>-control-plane",
                raw: { clusterName: "a".repeat(MAX_CLUSTER_NAME_LENGTH + 1) },
                line: /clusterName = "a{50}": must be at most 49 characters so the node name "a{50}-control-plane" stays a DNS label \(max 63\)/,
            },
            {
                what: "host port 0",
                raw: { workerPortMappings: '["0:30000"]' },
                line: /workerPortMappings = "0:30000": host port "0" must be a port in 1-65535/,
            },
            {
                what: "host port 65536",
                raw: { workerPortMappings: '["30000:30000","65536:30001"]' },
                line: /"65536:30001": host port "65536" must be a port in 1-65535/,
            },
            {
                what: "container port out of range",
                raw: { workerPortMappings: '["30000:30000","8080:70000"]' },
                line: /"8080:70000": container port "70000" must be a port in 1-65535/,
            },
            {
                what: "malformed mapping",
                raw: { workerPortMappings: '["30000:30000","30001"]' },
                line: /"30001": must look like HOST_PORT:CONTAINER_PORT/,
            },
            {
                what: "bad protocol",
                raw: { workerPortMappings: '["30000:30000","30001:30001/http"]' },
                line: /protocol "http" must be tcp, udp or sctp/,
            },
            {
                what: "bad listen address",
                raw: { workerPortMappings: '["localhost:30000:30000"]' },
                line: /listen address "localhost" must be an IPv4 address/,
            },
            {
                what: "mappings not a list",
                raw: { workerPortMappings: "30000:30000" },
                line: /workerPortMappings = "30000:30000": must be a list/,
            },
            {
                what: "NodePort below 30000",
                raw: { kubeOpsViewNodePort: "8080" },
                line: /^kind-pause-lab:kubeOpsViewNodePort = 8080: must be a NodePort in 30000-32767$/,
            },
            {
                what: "NodePort above 32767",
                raw: { kubeOpsViewNodePort: "32768" },
                line: /kubeOpsViewNodePort = 32768: must be a NodePort in 30000-32767/,
            },
            {
                what: "NodePort not an integer",
                raw: { kubeOpsViewNodePort: "30000.5" },
                line: /kubeOpsViewNodePort = "30000.5": must be an integer/,
            },
            {
                what: "NodePort not mapped by the worker",
                raw: { kubeOpsViewNodePort: "30002" },
                line: /kubeOpsViewNodePort = 30002: is not mapped to the host: add "30002:30002" to kind-pause-lab:workerPortMappings \(containerPort must equal the nodePort\)/,
            },
            {
                what: "NodePort mapped only with hostPort = nodePort but another containerPort",
                raw: { workerPortMappings: '["30000:31000","30001:30001"]' },
                line: /kubeOpsViewNodePort = 30000: is not mapped to the host/,
            },
            {
                what: "duplicate host ports",
                raw: { workerPortMappings: '["30000:30000","30001:30001","30000:30002"]' },
                line: /workerPortMappings = "30000:30002": duplicate host port 30000\/TCP \(already used by "30000:30000"\)/,
            },
            {
                what: "chart version not semver (two parts)",
                raw: { kubeOpsViewChartVersion: "1.2" },
                line: /kubeOpsViewChartVersion = "1.2": must be a semantic version/,
            },
            {
                what: "chart version with a v",
                raw: { kubeOpsViewChartVersion: "v1.2.2" },
                line: /kubeOpsViewChartVersion = "v1.2.2": must be a semantic version/,
            },
            {
                what: "chart version a range",
                raw: { kubeOpsViewChartVersion: "^1.2.2" },
                line: /kubeOpsViewChartVersion = "\^1.2.2": must be a semantic version/,
            },
            {
                what: "unknown time zone",
                raw: { kubeOpsViewTimeZone: "Asia/Gotham" },
                line: /kubeOpsViewTimeZone = "Asia\/Gotham": must be an IANA time zone name/,
            },
            {
                what: "UTC offset is not a zone",
                raw: { kubeOpsViewTimeZone: "+09:00" },
                line: /kubeOpsViewTimeZone = "\+09:00": must be an IANA time zone name/,
            },
            {
                what: "image with a space",
                raw: { nodeImage: "kindest/node:v1.36.1 --privileged" },
                line: /nodeImage = "kindest\/node:v1.36.1 --privileged": must be an image reference/,
            },
            {
                what: "image with $(...)",
                raw: { nodeImage: "kindest/node:$(id)" },
                line: /nodeImage = "kindest\/node:\$\(id\)": must be an image reference/,
            },
            {
                what: "image with ;",
                raw: { nodeImage: "kindest/node;reboot" },
                line: /nodeImage = "kindest\/node;reboot": must be an image reference/,
            },
            {
                what: "image with a backtick",
                raw: { nodeImage: "kindest/node:`id`" },
                line: /nodeImage = "kindest\/node:`id`": must be an image reference/,
            },
            {
                what: "unknown config key",
                raw: { clustername: "myk8s" },
                line: /^kind-pause-lab:clustername = "myk8s": unknown key \(did you mean clusterName\?\); known keys: clusterName, /,
            },
            {
                what: "unknown experiment",
                raw: { experiments: '["hostPID"]' },
                line: /experiments = "hostPID": unknown experiment; allowed: sharedPid, hostNetwork, hostIPC/,
            },
            {
                what: "experiment twice",
                raw: { experiments: '["sharedPid","sharedPid"]' },
                line: /experiments = "sharedPid": listed twice/,
            },
            { what: "preloadImages not boolean", raw: { preloadImages: "yes" }, line: /preloadImages = "yes": must be true or false/ },
            {
                what: "wait timeout not a duration",
                raw: { clusterWaitTimeout: "5 minutes" },
                line: /clusterWaitTimeout = "5 minutes": must be a Go duration like 0s/,
            },
            {
                what: "wait timeout negative",
                raw: { clusterWaitTimeout: "-5m" },
                line: /clusterWaitTimeout = "-5m": must be a Go duration like 0s/,
            },
            {
                what: "chart repo not a URL",
                raw: { kubeOpsViewChartRepo: "geek-cookbook" },
                line: /kubeOpsViewChartRepo = "geek-cookbook": must be an http\(s\):\/\/ or oci:\/\/ URL/,
            },
            {
                what: "chart path that does not exist",
                raw: { kubeOpsViewChartPath: "/nonexistent/kube-ops-view-1.2.2.tgz" },
                line: /kubeOpsViewChartPath = "\/nonexistent\/kube-ops-view-1.2.2.tgz": must be an existing chart/,
            },
            {
                what: "namespace not a DNS label",
                raw: { kubeOpsViewNamespace: "Kube_System" },
                line: /kubeOpsViewNamespace = "Kube_System": must be a Kubernetes namespace name/,
            },
        ];
        for (const c of cases) {
            it(c.what, () => {
                const problems = problemsOf(c.raw);
                assert.strictEqual(problems.length, 1, `expected exactly one problem, got:\n${problems.join("\n")}`);
                assert.match(problems[0], c.line);
                assert.ok(!problems[0].includes("\n"), "one line");
            });
        }

        it("reports every problem at once, in a ConfigError whose message lists them", () => {
            const raw = { clusterName: "Bad Name", kubeOpsViewNodePort: "99999", kubeOpsViewTimeZone: "Mars/Olympus", extra: "1" };
            const problems = problemsOf(raw);
            assert.deepStrictEqual(
                problems.map((p) => p.split(" = ")[0]),
                [
                    "kind-pause-lab:extra",
                    "kind-pause-lab:clusterName",
                    "kind-pause-lab:kubeOpsViewNodePort",
                    "kind-pause-lab:kubeOpsViewTimeZone",
                ],
            );
            assert.throws(
                () => parse(raw),
                (e: Error) => e.message.split("\n").length === 5 && e.message.startsWith("invalid stack configuration:"),
            );
        });
    });

    describe("accepts good values", () => {
        it("Asia/Seoul, UTC, Etc/GMT+9 and America/Argentina/Buenos_Aires are time zones", () => {
            for (const zone of ["Asia/Seoul", "UTC", "Etc/GMT+9", "America/Argentina/Buenos_Aires"]) assert.ok(isIanaTimeZone(zone), zone);
            assert.strictEqual(parse({ kubeOpsViewTimeZone: "UTC" }).kubeOpsView.timeZone, "UTC");
        });

        it("image references: tags, digests, registries with ports", () => {
            for (const ref of [
                "kindest/node:v1.36.1@sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5",
                "nginx",
                "nginx:alpine",
                "nicolaka/netshoot",
                "localhost:5000/kind/node:dev",
                "registry.k8s.io/pause:3.10",
            ]) {
                assert.ok(isImageReference(ref), ref);
            }
            assert.strictEqual(parse({ nodeImage: "kindest/node:v1.36.1" }).nodeImage, "kindest/node:v1.36.1");
        });

        it("port mappings: listen address, protocol, a NodePort mapped to another host port", () => {
            assert.deepStrictEqual(parsePortMapping("127.0.0.1:8080:30000/udp"), {
                containerPort: 30000,
                hostPort: 8080,
                listenAddress: "127.0.0.1",
                protocol: "UDP",
            });
            const config = parse({ workerPortMappings: '["8080:30000","30001:30001/udp","30001:30001"]' });
            assert.strictEqual(config.workerPortMappings.length, 3, "same host port, different protocols");
            assert.strictEqual(nodePortUrl(config.workerPortMappings, 30000, "/#scale=1.5"), "http://localhost:8080/#scale=1.5");
            assert.strictEqual(nodePortUrl([parsePortMapping("192.168.50.10:30000:30000") as any], 30000), "http://192.168.50.10:30000/");
        });

        it("a local chart path that exists replaces the repository", () => {
            const config = parseLabConfig(
                { kubeOpsViewChartPath: "/charts/kube-ops-view-1.2.2.tgz" },
                { pathExists: (p) => p === "/charts/kube-ops-view-1.2.2.tgz" },
            );
            assert.strictEqual(config.kubeOpsView.chartPath, "/charts/kube-ops-view-1.2.2.tgz");
        });

        it("kubeOpsViewImage: REPOSITORY:TAG replaces the chart's image; a digest, no tag or shell text is one line", () => {
            assert.strictEqual(parse({}).kubeOpsView.image, undefined);
            assert.deepStrictEqual(parse({ kubeOpsViewImage: " registry.local:5000/team/kube-ops-view:23.5.0 " }).kubeOpsView.image, {
                repository: "registry.local:5000/team/kube-ops-view",
                tag: "23.5.0",
            });
            for (const bad of ["registry.local:5000/kube-ops-view", "kube-ops-view@sha256:" + "a".repeat(64), "kov:1; rm -rf /"]) {
                assert.deepStrictEqual(problemsOf({ kubeOpsViewImage: bad }), [
                    `kind-pause-lab:kubeOpsViewImage = ${JSON.stringify(bad)}: must be an image reference with a tag and no digest, like ghcr.io/OWNER/kube-ops-view:TAG (the chart takes repository and tag)`,
                ]);
            }
        });

        it("experiments in any order", () => {
            assert.deepStrictEqual(parse({ experiments: '["hostIPC","sharedPid","hostNetwork"]' }).experiments, [
                "hostIPC",
                "sharedPid",
                "hostNetwork",
            ]);
        });
    });
});
