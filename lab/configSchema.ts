// The stack's configuration: one declaration (CONFIG_SCHEMA: key, type, default, description, rule, effect on a live
// lab, value in LabConfig) and the parser that applies it; LabConfig's type and the parser's result derive from it. Pure (no Pulumi import) so every rule is unit-tested directly; components/config.ts feeds it the
// raw `kind-pause-lab:*` strings Pulumi hands the program. Pulumi.yaml repeats keys, types, defaults and descriptions
// because the Pulumi CLI reads them there; test/unit/lab/config.spec.ts keeps it, Pulumi.dev.yaml and README in step.

/** Experiments add a variant pod next to myweb2 (see lab/pods.ts). */
export const EXPERIMENTS = ["sharedPid", "hostNetwork", "hostIPC"] as const;
export type Experiment = (typeof EXPERIMENTS)[number];

export type PortProtocol = "TCP" | "UDP" | "SCTP";

/**
 * The container runtime kind runs the nodes with: its CLI is also what the stack's host scripts call (node facts,
 * image loads, the probe's exec). kind's own seam is the KIND_EXPERIMENTAL_PROVIDER environment variable.
 */
export const NODE_RUNTIMES = ["docker", "podman", "nerdctl"] as const;
export type NodeRuntime = (typeof NODE_RUNTIMES)[number];
export const NODE_RUNTIME_ENV = "KIND_EXPERIMENTAL_PROVIDER";

/** One kind `extraPortMappings` entry on the worker (kind's own field names). */
export interface PortMapping {
    containerPort: number;
    hostPort: number;
    listenAddress?: string;
    protocol: PortProtocol;
}

type ConfigType = "string" | "integer" | "boolean" | "array";
type TypeOf<T extends ConfigType> = T extends "string" ? string : T extends "integer" ? number : T extends "boolean" ? boolean : string[];

/** A rule's findings: [the value shown, the rule it breaks], one pair per problem line. */
export type RuleProblems = Array<[unknown, string]>;

/**
 * What changing a key does to a live lab (`pulumi up` after `pulumi config set`), in the README's words; the unit
 * suite runs the program under mocks with each key changed and checks the declaration against what changes.
 * - new cluster: the kind cluster is deleted and made anew, and everything in it (kube-ops-view, pods, new evidence);
 * - kube-ops-view: its Helm release is upgraded in place (reinstalled for a new namespace); pods and evidence stay;
 * - lab pods: lab pods are made anew or added or removed, and probed; the cluster and kube-ops-view stay;
 * - nothing: the live lab stays as it is (the value counts the next time the cluster is made).
 */
export const CONFIG_EFFECTS = ["new cluster", "kube-ops-view", "lab pods", "nothing"] as const;
export type ConfigEffect = (typeof CONFIG_EFFECTS)[number];

export interface ConfigKeySpec<T extends ConfigType = ConfigType, R = TypeOf<T>> {
    type: T;
    /** Default as Pulumi.yaml declares it (arrays as arrays). */
    default: TypeOf<T>;
    description: string;
    /** What a change does to a live lab. */
    onChange: ConfigEffect;
    /** The key's own rule, on its value once read as its type (strings trimmed where the rule says so). */
    check?(value: TypeOf<T>, env: ValidationEnv): RuleProblems;
    /** Its value in LabConfig, from a value that passed the rule; without it, the value itself. */
    to?(value: TypeOf<T>, env: ValidationEnv): R;
}

const key = <T extends ConfigType, R = TypeOf<T>>(spec: ConfigKeySpec<T, R>): ConfigKeySpec<T, R> => spec;
/** An optional text: trimmed, or undefined when empty. */
const optionalText = (value: string): string | undefined => (value.trim() === "" ? undefined : value.trim());
const unless = (ok: boolean, value: unknown, rule: string): RuleProblems => (ok ? [] : [[value, rule]]);

/**
 * Every key of the project namespace the program understands, with its type, default, description and rule: the one
 * declaration of the stack's config. Pulumi.yaml, Pulumi.dev.yaml and the README's config table are checked against
 * it (test/unit/lab/config.spec.ts). Anything else is rejected.
 */
export const CONFIG_SCHEMA = {
    clusterName: key({
        type: "string",
        onChange: "new cluster",
        default: "myk8s",
        description: "kind cluster name (node containers are <name>-control-plane, <name>-worker).",
        check: (name) =>
            !isDnsLabel(name)
                ? [[name, "must be a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit"]]
                : unless(
                      name.length <= MAX_CLUSTER_NAME_LENGTH,
                      name,
                      `must be at most ${MAX_CLUSTER_NAME_LENGTH} characters so the node name "${name}-control-plane" stays a DNS label (max 63)`,
                  ),
    }),
    nodeRuntime: key({
        type: "string",
        onChange: "new cluster",
        default: "",
        description:
            "Container runtime for the kind nodes: docker, podman or nerdctl; empty = KIND_EXPERIMENTAL_PROVIDER (kind's own setting), else docker.",
        check: (runtime) =>
            unless(runtime === "" || isNodeRuntime(runtime), runtime, `must be one of ${NODE_RUNTIMES.join(", ")} (or empty)`),
        // the key, else KIND_EXPERIMENTAL_PROVIDER (checked across keys below), else docker
        to: (runtime, env) => chosenNodeRuntime(runtime, env.kindProvider),
    }),
    nodeImage: key({
        type: "string",
        onChange: "new cluster",
        default: "",
        description: "kind node image, e.g. kindest/node:v1.36.1@sha256:...; empty = kind's default.",
        check: (image) =>
            unless(
                image.trim() === "" || isImageReference(image.trim()),
                image.trim(),
                "must be an image reference like kindest/node:v1.36.1[@sha256:...] (no spaces or shell metacharacters)",
            ),
        // undefined: kind's own default for the installed kind version
        to: optionalText,
    }),
    clusterWaitTimeout: key({
        type: "string",
        onChange: "nothing",
        default: "0s",
        description:
            "How long `kind create cluster --wait` waits for the control plane to be Ready (Go duration); 0s = no wait: the Release and the pods wait for the nodes they need, so the image loads and the provider overlap node start-up.",
        check: (wait) => unless(isGoDuration(wait), wait, "must be a Go duration like 0s (no wait), 90s, 5m or 1m30s"),
    }),
    workerPortMappings: key({
        type: "array",
        onChange: "new cluster",
        default: ["30000:30000", "30001:30001"],
        description: "Worker extraPortMappings as [LISTEN_ADDRESS:]HOST_PORT:CONTAINER_PORT[/tcp|udp|sctp], as in docker run -p.",
        check: (specs) => {
            const problems: RuleProblems = [];
            const seen = new Map<string, string>();
            for (const spec of specs) {
                const mapping = parsePortMapping(spec);
                if (typeof mapping === "string") {
                    problems.push([spec, mapping]);
                    continue;
                }
                const id = `${mapping.hostPort}/${mapping.protocol}`;
                const formatted = formatPortMapping(mapping);
                const earlier = seen.get(id);
                if (earlier !== undefined)
                    problems.push([
                        formatted,
                        `duplicate host port ${id} (already used by "${earlier}"): each host port can be published once`,
                    ]);
                else seen.set(id, formatted);
            }
            return problems;
        },
        to: (specs) => specs.map((spec) => parsePortMapping(spec) as PortMapping),
    }),
    kubeOpsViewChartRepo: key({
        type: "string",
        onChange: "kube-ops-view",
        default: "https://geek-cookbook.github.io/charts/",
        description: "Helm repository of the kube-ops-view chart.",
        check: (repo) => unless(HTTP_URL.test(repo), repo, "must be an http(s):// or oci:// URL"),
    }),
    kubeOpsViewChart: key({
        type: "string",
        onChange: "kube-ops-view",
        default: "kube-ops-view",
        description: "Chart name in that repository.",
        check: (chart) => unless(isDnsLabel(chart), chart, "must be a chart name (lowercase letters, digits, '-')"),
    }),
    kubeOpsViewChartVersion: key({
        type: "string",
        onChange: "kube-ops-view",
        default: "1.2.2",
        description: "Chart version (semver).",
        check: (version) => unless(isSemver(version), version, "must be a semantic version like 1.2.2"),
    }),
    kubeOpsViewChartPath: key({
        type: "string",
        onChange: "kube-ops-view",
        default: "",
        description: "Local chart directory or .tgz; when set, used instead of repo + chart (offline use).",
        check: (chartPath, env) =>
            unless(
                chartPath.trim() === "" || env.pathExists(chartPath.trim()),
                chartPath.trim(),
                "must be an existing chart directory or .tgz archive (or empty to use the repository)",
            ),
        // when set it replaces chart + repository (offline engine tests)
        to: optionalText,
    }),
    kubeOpsViewNamespace: key({
        type: "string",
        onChange: "kube-ops-view",
        default: "kube-system",
        description: "Namespace of the release.",
        check: (namespace) => unless(isDnsLabel(namespace), namespace, "must be a Kubernetes namespace name (DNS label)"),
    }),
    kubeOpsViewNodePort: key({
        type: "integer",
        onChange: "kube-ops-view",
        default: 30000,
        description: "NodePort of the kube-ops-view Service.",
        check: (port) => unless(isNodePort(port), port, `must be a NodePort in ${NODE_PORT_MIN}-${NODE_PORT_MAX}`),
    }),
    kubeOpsViewTimeZone: key({
        type: "string",
        onChange: "kube-ops-view",
        default: "Asia/Seoul",
        description: "TZ of the kube-ops-view container (IANA).",
        check: (zone) => unless(isIanaTimeZone(zone), zone, "must be an IANA time zone name like Asia/Seoul or UTC"),
    }),
    kubeOpsViewImage: key({
        type: "string",
        onChange: "kube-ops-view",
        default: "",
        description:
            "kube-ops-view image as REPOSITORY:TAG instead of the chart's own (hjacobs/kube-ops-view:20.4.0, amd64 only): e.g. a multi-arch build on an arm64 Mac; empty = the chart's.",
        check: (image) =>
            unless(
                image.trim() === "" || splitImageTag(image.trim()) !== undefined,
                image.trim(),
                "must be an image reference with a tag and no digest, like ghcr.io/OWNER/kube-ops-view:TAG (the chart takes repository and tag)",
            ),
        // replaces the chart's image (hjacobs/kube-ops-view, amd64 only); undefined: the chart's own
        to: (image): { repository: string; tag: string } | undefined => splitImageTag(image.trim()),
    }),
    preloadImages: key({
        type: "boolean",
        onChange: "lab pods",
        default: true,
        description: "Pull pod images once on the host and load them into the kind nodes before the pods start.",
    }),
    experiments: key({
        type: "array",
        onChange: "lab pods",
        default: [],
        description: "Variant pods next to myweb2: sharedPid, hostNetwork, hostIPC.",
        check: (names) =>
            names.flatMap((name, i): RuleProblems => {
                if (!(EXPERIMENTS as readonly string[]).includes(name))
                    return [[name, `unknown experiment; allowed: ${EXPERIMENTS.join(", ")}`]];
                return unless(names.indexOf(name) === i, name, "listed twice");
            }),
        to: (names) => names as Experiment[],
    }),
};
type Schema = typeof CONFIG_SCHEMA;
export type ConfigKey = keyof Schema;

// The parsed config's type, derived from the declaration above: each key's value (its `to`, else its type), those
// that may be undefined optional, and the kube-ops-view keys grouped as LabConfig.kubeOpsView without their prefix.
const GROUP = "kubeOpsView";
type ValueOf<K extends ConfigKey> = Schema[K] extends ConfigKeySpec<ConfigType, infer R> ? R : never;
type GroupKey = Extract<ConfigKey, `${typeof GROUP}${string}`>;
type Unprefixed<K> = K extends `${typeof GROUP}${infer F}` ? Uncapitalize<F> : never;
type Flatten<T> = { [K in keyof T]: T[K] };
type Fields<Keys extends ConfigKey, Renamed extends boolean> = Flatten<
    { [K in Keys as undefined extends ValueOf<K> ? never : Renamed extends true ? Unprefixed<K> : K]: ValueOf<K> } & {
        [K in Keys as undefined extends ValueOf<K> ? (Renamed extends true ? Unprefixed<K> : K) : never]?: Exclude<ValueOf<K>, undefined>;
    }
>;
export type KubeOpsViewConfig = Fields<GroupKey, true>;
export type LabConfig = Flatten<Fields<Exclude<ConfigKey, GroupKey>, false> & { kubeOpsView: KubeOpsViewConfig }>;

export const CONFIG_KEYS = Object.keys(CONFIG_SCHEMA) as ConfigKey[];

/** Thrown with every problem found, one line each (`key = value: rule`). */
export class ConfigError extends Error {
    constructor(readonly problems: string[]) {
        super(`invalid stack configuration:\n${problems.map((p) => `  ${p}`).join("\n")}`);
        this.name = "ConfigError";
    }
}

/** Environment the validation needs from outside (injected so this module stays pure). */
export interface ValidationEnv {
    /** Whether a local path exists (kubeOpsViewChartPath). */
    pathExists(path: string): boolean;
    /** The KIND_EXPERIMENTAL_PROVIDER the program runs with (the node runtime when the nodeRuntime key is empty). */
    kindProvider?: string;
}

export function isNodeRuntime(value: string): value is NodeRuntime {
    return (NODE_RUNTIMES as readonly string[]).includes(value);
}

/** The node runtime: the nodeRuntime key, else KIND_EXPERIMENTAL_PROVIDER, else docker (also for a name that is none). */
export function chosenNodeRuntime(key: string, kindProvider: string | undefined): NodeRuntime {
    const chosen = key || kindProvider || "docker";
    return isNodeRuntime(chosen) ? chosen : "docker";
}

// kind names node containers `<cluster>-control-plane`; that name is also the node's hostname and Kubernetes node
// name, so it must stay a DNS label (max 63): 63 - "-control-plane".length = 49.
export const MAX_CLUSTER_NAME_LENGTH = 63 - "-control-plane".length;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// semver.org's regular expression (no leading "v": Helm accepts it, but the chart index spells 1.2.2).
const SEMVER =
    /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
// Docker image reference: [host[:port]/]path[:tag][@sha256:hex] built from these characters only; anything else
// (spaces, quotes, ;|&$`<>()*?\ ...) is not part of an image name and must never reach a shell.
const IMAGE_REFERENCE =
    /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
const GO_DURATION = /^(?=\d)(?:\d+h)?(?:\d+m)?(?:\d+s)?$/;
const HTTP_URL = /^(https?|oci):\/\/[A-Za-z0-9.-]+(?::\d+)?(?:\/[A-Za-z0-9._~%/-]*)?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const PORT_MAPPING = /^(?:(.+):)?([^:/]+):([^:/]+)(?:\/([A-Za-z]+))?$/;

export function isDnsLabel(value: string): boolean {
    return value.length <= 63 && DNS_LABEL.test(value);
}

/** A Go duration in h/m/s units, as `kind create cluster --wait` takes it (0s, 90s, 5m, 1m30s). */
export function isGoDuration(value: string): boolean {
    return GO_DURATION.test(value);
}

export function isSemver(value: string): boolean {
    return SEMVER.test(value);
}

/** True for a well-formed image reference (no whitespace, quotes or other shell metacharacters possible). */
export function isImageReference(value: string): boolean {
    return value.length <= 255 && IMAGE_REFERENCE.test(value);
}

/** REPOSITORY:TAG → its two parts, as a chart's image.repository and image.tag; undefined without a tag or with a digest. */
export function splitImageTag(image: string): { repository: string; tag: string } | undefined {
    if (!isImageReference(image) || image.includes("@")) return undefined;
    const slash = image.lastIndexOf("/");
    const colon = image.lastIndexOf(":");
    if (colon <= slash) return undefined;
    return { repository: image.slice(0, colon), tag: image.slice(colon + 1) };
}

/** An IANA zone name the runtime's tz database knows (UTC included); UTC offsets like "+09:00" are not zones. */
export function isIanaTimeZone(value: string): boolean {
    if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value)) return false;
    try {
        new Intl.DateTimeFormat("en-US", { timeZone: value });
        return true;
    } catch {
        return false;
    }
}

export function isPort(value: number): boolean {
    return Number.isInteger(value) && value >= 1 && value <= 65535;
}

export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

export function isNodePort(value: number): boolean {
    return Number.isInteger(value) && value >= NODE_PORT_MIN && value <= NODE_PORT_MAX;
}

/** Raw config values as Pulumi passes them: key (without namespace) → string (arrays/objects as JSON). */
export type RawConfig = Record<string, string>;

/**
 * Validates raw config and applies defaults. Returns the typed config or throws ConfigError listing every
 * problem (one line each, naming key, value and rule), so a user fixes them all in one round.
 */
export function parseLabConfig(raw: RawConfig, env: ValidationEnv, project = "kind-pause-lab"): LabConfig {
    const problems: string[] = [];
    const problem = (key: string, value: unknown, rule: string) => problems.push(`${project}:${key} = ${JSON.stringify(value)}: ${rule}`);

    for (const name of Object.keys(raw).sort()) {
        if (!(name in CONFIG_SCHEMA)) {
            const near = CONFIG_KEYS.find((k) => k.toLowerCase() === name.toLowerCase());
            problem(name, raw[name], `unknown key${near ? ` (did you mean ${near}?)` : ""}; known keys: ${CONFIG_KEYS.join(", ")}`);
        }
    }

    // Each key: read as its type (a wrong type is its one problem), then its own rule. `clean` keys broke nothing.
    const values: Record<string, unknown> = {};
    const clean = new Set<ConfigKey>();
    for (const name of CONFIG_KEYS) {
        const spec = CONFIG_SCHEMA[name] as ConfigKeySpec;
        const read = readTyped(spec, raw[name]);
        if ("problem" in read) {
            problem(name, read.shown, read.problem);
            continue;
        }
        values[name] = read.value;
        const found = spec.check?.(read.value as never, env) ?? [];
        for (const [shown, rule] of found) problem(name, shown, rule);
        if (found.length === 0) clean.add(name);
    }

    // Across keys: kube-ops-view's NodePort must be published by a worker mapping (checked only when both are valid,
    // so a broken mapping list is not reported twice).
    const mappings = clean.has("workerPortMappings")
        ? (values.workerPortMappings as string[]).map((m) => parsePortMapping(m) as PortMapping)
        : [];
    const nodePort = values.kubeOpsViewNodePort as number;
    if (clean.has("workerPortMappings") && clean.has("kubeOpsViewNodePort") && nodePortMapping(mappings, nodePort) === undefined) {
        problem(
            "kubeOpsViewNodePort",
            nodePort,
            `is not mapped to the host: add "${nodePort}:${nodePort}" to kind-pause-lab:workerPortMappings (containerPort must equal the nodePort)`,
        );
    }

    // nodeRuntime's default comes from kind's environment variable, checked like the key itself.
    const fromEnv = env.kindProvider ?? "";
    if (clean.has("nodeRuntime") && values.nodeRuntime === "" && fromEnv !== "" && !isNodeRuntime(fromEnv)) {
        problems.push(
            `${NODE_RUNTIME_ENV}=${JSON.stringify(fromEnv)} (the default of ${project}:nodeRuntime): must be one of ${NODE_RUNTIMES.join(", ")}`,
        );
    }

    if (problems.length > 0) throw new ConfigError(problems);
    const config: Record<string, unknown> = {};
    const group: Record<string, unknown> = {};
    for (const name of CONFIG_KEYS) {
        const spec = CONFIG_SCHEMA[name] as ConfigKeySpec<ConfigType, unknown>;
        const value = spec.to ? spec.to(values[name] as never, env) : values[name];
        if (name.startsWith(GROUP)) group[name.charAt(GROUP.length).toLowerCase() + name.slice(GROUP.length + 1)] = value;
        else config[name] = value;
    }
    return { ...config, kubeOpsView: group } as LabConfig;
}

/** A raw value read as its key's type, or the default when absent. */
function readTyped(spec: ConfigKeySpec, value: string | undefined): { value: unknown } | { shown: unknown; problem: string } {
    if (value === undefined) return { value: Array.isArray(spec.default) ? [...spec.default] : spec.default };
    switch (spec.type) {
        case "string":
            return { value };
        case "integer":
            return /^-?\d+$/.test(value.trim()) ? { value: Number(value.trim()) } : { shown: value, problem: "must be an integer" };
        case "boolean":
            return value === "true" || value === "false" ? { value: value === "true" } : { shown: value, problem: "must be true or false" };
        case "array": {
            let parsed: unknown;
            try {
                parsed = JSON.parse(value);
            } catch {
                return { shown: value, problem: "must be a list (YAML sequence) of strings" };
            }
            if (!Array.isArray(parsed) || parsed.some((item) => typeof item !== "string" && typeof item !== "number")) {
                return { shown: parsed, problem: "must be a list (YAML sequence) of strings" };
            }
            return { value: parsed.map(String) };
        }
    }
}

/** Parses `[LISTEN_ADDRESS:]HOST_PORT:CONTAINER_PORT[/PROTOCOL]`; returns the rule broken as a string. */
export function parsePortMapping(spec: string): PortMapping | string {
    const match = PORT_MAPPING.exec(spec.trim());
    if (!match) return "must look like HOST_PORT:CONTAINER_PORT, optionally LISTEN_ADDRESS: before and /tcp|udp|sctp after";
    const [, listenAddress, hostText, containerText, protocolText] = match;
    if (!/^\d+$/.test(hostText) || !isPort(Number(hostText))) return `host port ${JSON.stringify(hostText)} must be a port in 1-65535`;
    if (!/^\d+$/.test(containerText) || !isPort(Number(containerText))) {
        return `container port ${JSON.stringify(containerText)} must be a port in 1-65535`;
    }
    const protocol = (protocolText ?? "tcp").toUpperCase();
    if (protocol !== "TCP" && protocol !== "UDP" && protocol !== "SCTP") return `protocol "${protocolText}" must be tcp, udp or sctp`;
    if (listenAddress !== undefined && !IPV4.test(listenAddress))
        return `listen address "${listenAddress}" must be an IPv4 address like 127.0.0.1`;
    return {
        containerPort: Number(containerText),
        hostPort: Number(hostText),
        ...(listenAddress !== undefined ? { listenAddress } : {}),
        protocol,
    };
}

export function formatPortMapping(mapping: PortMapping): string {
    const prefix = mapping.listenAddress !== undefined ? `${mapping.listenAddress}:` : "";
    const suffix = mapping.protocol === "TCP" ? "" : `/${mapping.protocol.toLowerCase()}`;
    return `${prefix}${mapping.hostPort}:${mapping.containerPort}${suffix}`;
}

/**
 * The worker mapping that publishes a (TCP) NodePort on the host: kind forwards the host port to the node's
 * containerPort, where kube-proxy serves the NodePort, so containerPort must equal the nodePort.
 */
export function nodePortMapping(mappings: readonly PortMapping[], nodePort: number): PortMapping | undefined {
    return mappings.find((m) => m.containerPort === nodePort && m.protocol === "TCP");
}

/**
 * The host URL of a NodePort: the mapping that publishes it gives the host port; a mapping bound to one address is
 * reached there, otherwise localhost (the seed's macOS URL).
 */
export function nodePortUrl(mappings: PortMapping[], nodePort: number, suffix = "/"): string {
    const mapping = nodePortMapping(mappings, nodePort);
    if (!mapping) throw new Error(`NodePort ${nodePort} is not mapped by the worker's extraPortMappings`);
    const host =
        mapping.listenAddress === undefined || mapping.listenAddress === "0.0.0.0" || mapping.listenAddress === "127.0.0.1"
            ? "localhost"
            : mapping.listenAddress;
    return `http://${host}:${mapping.hostPort}${suffix}`;
}
