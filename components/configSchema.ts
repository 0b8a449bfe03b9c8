// The stack's configuration: schema, defaults and validation. Pure (no Pulumi import) so every rule is unit-tested
// directly; components/config.ts feeds it the raw `kind-pause-lab:*` strings Pulumi hands the program.
// Pulumi.yaml declares the same keys, types and defaults (test/unit/config.spec.ts checks they agree).

/** Experiments add a variant pod next to myweb2 (see components/labPodSpecs.ts). */
export const EXPERIMENTS = ["sharedPid", "hostNetwork", "hostIPC"] as const;
export type Experiment = (typeof EXPERIMENTS)[number];

export type PortProtocol = "TCP" | "UDP" | "SCTP";

/** One kind `extraPortMappings` entry on the worker (kind's own field names). */
export interface PortMapping {
    containerPort: number;
    hostPort: number;
    listenAddress?: string;
    protocol: PortProtocol;
}

export interface KubeOpsViewConfig {
    chart: string;
    chartRepo: string;
    chartVersion: string;
    /** Local chart directory or .tgz archive; when set it replaces chart + repo (offline engine tests). */
    chartPath?: string;
    namespace: string;
    nodePort: number;
    timeZone: string;
}

export interface LabConfig {
    clusterName: string;
    /** kind node image; undefined = kind's own default for the installed kind version. */
    nodeImage?: string;
    /** `kind create cluster --wait` value (Go duration). */
    clusterWaitTimeout: string;
    workerPortMappings: PortMapping[];
    kubeOpsView: KubeOpsViewConfig;
    preloadImages: boolean;
    experiments: Experiment[];
}

type ConfigType = "string" | "integer" | "boolean" | "array";

export interface ConfigKeySpec {
    type: ConfigType;
    /** Default as Pulumi.yaml declares it (arrays as arrays). */
    default: string | number | boolean | string[];
    description: string;
}

/** Every key of the project namespace the program understands. Anything else is rejected. */
export const CONFIG_SCHEMA: Readonly<Record<string, ConfigKeySpec>> = {
    clusterName: {
        type: "string",
        default: "myk8s",
        description: "kind cluster name (node containers are <name>-control-plane, <name>-worker).",
    },
    nodeImage: {
        type: "string",
        default: "",
        description: "kind node image, e.g. kindest/node:v1.36.1@sha256:...; empty = kind's default.",
    },
    clusterWaitTimeout: {
        type: "string",
        default: "0s",
        description:
            "How long `kind create cluster --wait` waits for the control plane to be Ready (Go duration); 0s = no wait: the Release and the pods wait for the nodes they need, so the image loads and the provider overlap node start-up.",
    },
    workerPortMappings: {
        type: "array",
        default: ["30000:30000", "30001:30001"],
        description: "Worker extraPortMappings as [LISTEN_ADDRESS:]HOST_PORT:CONTAINER_PORT[/tcp|udp|sctp], as in docker run -p.",
    },
    kubeOpsViewChartRepo: {
        type: "string",
        default: "https://geek-cookbook.github.io/charts/",
        description: "Helm repository of the kube-ops-view chart.",
    },
    kubeOpsViewChart: { type: "string", default: "kube-ops-view", description: "Chart name in that repository." },
    kubeOpsViewChartVersion: { type: "string", default: "1.2.2", description: "Chart version (semver)." },
    kubeOpsViewChartPath: {
        type: "string",
        default: "",
        description: "Local chart directory or .tgz; when set, used instead of repo + chart (offline use).",
    },
    kubeOpsViewNamespace: { type: "string", default: "kube-system", description: "Namespace of the release." },
    kubeOpsViewNodePort: { type: "integer", default: 30000, description: "NodePort of the kube-ops-view Service." },
    kubeOpsViewTimeZone: { type: "string", default: "Asia/Seoul", description: "TZ of the kube-ops-view container (IANA)." },
    preloadImages: {
        type: "boolean",
        default: true,
        description: "Pull pod images once on the host and load them into the kind nodes before the pods start.",
    },
    experiments: {
        type: "array",
        default: [],
        description: "Variant pods next to myweb2: sharedPid, hostNetwork, hostIPC.",
    },
};

export const CONFIG_KEYS = Object.keys(CONFIG_SCHEMA);

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
    const fullKey = (key: string) => `${project}:${key}`;
    const problem = (key: string, value: unknown, rule: string) =>
        problems.push(`${fullKey(key)} = ${JSON.stringify(value)}: ${rule}`);

    for (const key of Object.keys(raw).sort()) {
        if (!(key in CONFIG_SCHEMA)) {
            const near = CONFIG_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
            problem(key, raw[key], `unknown key${near ? ` (did you mean ${near}?)` : ""}; known keys: ${CONFIG_KEYS.join(", ")}`);
        }
    }

    const str = (key: string): string => {
        const value = raw[key];
        if (value === undefined) return CONFIG_SCHEMA[key].default as string;
        return value;
    };
    const int = (key: string): number => {
        const value = raw[key];
        if (value === undefined) return CONFIG_SCHEMA[key].default as number;
        if (!/^-?\d+$/.test(value.trim())) {
            problem(key, value, "must be an integer");
            return NaN;
        }
        return Number(value.trim());
    };
    const bool = (key: string): boolean => {
        const value = raw[key];
        if (value === undefined) return CONFIG_SCHEMA[key].default as boolean;
        if (value === "true" || value === "false") return value === "true";
        problem(key, value, "must be true or false");
        return CONFIG_SCHEMA[key].default as boolean;
    };
    const stringArray = (key: string): string[] => {
        const value = raw[key];
        if (value === undefined) return [...(CONFIG_SCHEMA[key].default as string[])];
        let parsed: unknown;
        try {
            parsed = JSON.parse(value);
        } catch {
            problem(key, value, "must be a list (YAML sequence) of strings");
            return [];
        }
        if (!Array.isArray(parsed) || parsed.some((item) => typeof item !== "string" && typeof item !== "number")) {
            problem(key, parsed, "must be a list (YAML sequence) of strings");
            return [];
        }
        return parsed.map(String);
    };

    const clusterName = str("clusterName");
    if (!isDnsLabel(clusterName)) {
        problem("clusterName", clusterName, "must be a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit");
    } else if (clusterName.length > MAX_CLUSTER_NAME_LENGTH) {
        problem(
            "clusterName",
            clusterName,
            `must be at most ${MAX_CLUSTER_NAME_LENGTH} characters so the node name "${clusterName}-control-plane" stays a DNS label (max 63)`,
        );
    }

    const nodeImageRaw = str("nodeImage").trim();
    if (nodeImageRaw !== "" && !isImageReference(nodeImageRaw)) {
        problem("nodeImage", nodeImageRaw, "must be an image reference like kindest/node:v1.36.1[@sha256:...] (no spaces or shell metacharacters)");
    }

    const clusterWaitTimeout = str("clusterWaitTimeout");
    if (!isGoDuration(clusterWaitTimeout)) {
        problem("clusterWaitTimeout", clusterWaitTimeout, "must be a Go duration like 0s (no wait), 90s, 5m or 1m30s");
    }

    const problemsBeforeMappings = problems.length;
    const workerPortMappings: PortMapping[] = [];
    for (const spec of stringArray("workerPortMappings")) {
        const mapping = parsePortMapping(spec);
        if (typeof mapping === "string") problem("workerPortMappings", spec, mapping);
        else workerPortMappings.push(mapping);
    }
    const seenHostPorts = new Map<string, string>();
    for (const mapping of workerPortMappings) {
        const id = `${mapping.hostPort}/${mapping.protocol}`;
        const spec = formatPortMapping(mapping);
        const earlier = seenHostPorts.get(id);
        if (earlier !== undefined) {
            problem("workerPortMappings", spec, `duplicate host port ${id} (already used by "${earlier}"): each host port can be published once`);
        } else {
            seenHostPorts.set(id, spec);
        }
    }

    // A broken mapping list already has its own lines; "NodePort not mapped" on top would only be noise.
    const mappingsValid = problems.length === problemsBeforeMappings;

    const chartRepo = str("kubeOpsViewChartRepo");
    if (!HTTP_URL.test(chartRepo)) problem("kubeOpsViewChartRepo", chartRepo, "must be an http(s):// or oci:// URL");
    const chart = str("kubeOpsViewChart");
    if (!isDnsLabel(chart)) problem("kubeOpsViewChart", chart, "must be a chart name (lowercase letters, digits, '-')");
    const chartVersion = str("kubeOpsViewChartVersion");
    if (!isSemver(chartVersion)) problem("kubeOpsViewChartVersion", chartVersion, "must be a semantic version like 1.2.2");
    const chartPathRaw = str("kubeOpsViewChartPath").trim();
    if (chartPathRaw !== "" && !env.pathExists(chartPathRaw)) {
        problem("kubeOpsViewChartPath", chartPathRaw, "must be an existing chart directory or .tgz archive (or empty to use the repository)");
    }
    const namespace = str("kubeOpsViewNamespace");
    if (!isDnsLabel(namespace)) problem("kubeOpsViewNamespace", namespace, "must be a Kubernetes namespace name (DNS label)");

    const nodePort = int("kubeOpsViewNodePort");
    if (!Number.isNaN(nodePort)) {
        if (!isNodePort(nodePort)) {
            problem("kubeOpsViewNodePort", nodePort, `must be a NodePort in ${NODE_PORT_MIN}-${NODE_PORT_MAX}`);
        } else if (mappingsValid && nodePortMapping(workerPortMappings, nodePort) === undefined) {
            problem(
                "kubeOpsViewNodePort",
                nodePort,
                `is not mapped to the host: add "${nodePort}:${nodePort}" to kind-pause-lab:workerPortMappings (containerPort must equal the nodePort)`,
            );
        }
    }

    const timeZone = str("kubeOpsViewTimeZone");
    if (!isIanaTimeZone(timeZone)) problem("kubeOpsViewTimeZone", timeZone, "must be an IANA time zone name like Asia/Seoul or UTC");

    const preloadImages = bool("preloadImages");

    const experiments: Experiment[] = [];
    for (const name of stringArray("experiments")) {
        if (!(EXPERIMENTS as readonly string[]).includes(name)) {
            problem("experiments", name, `unknown experiment; allowed: ${EXPERIMENTS.join(", ")}`);
        } else if (experiments.includes(name as Experiment)) {
            problem("experiments", name, "listed twice");
        } else {
            experiments.push(name as Experiment);
        }
    }

    if (problems.length > 0) throw new ConfigError(problems);
    return {
        clusterName,
        nodeImage: nodeImageRaw === "" ? undefined : nodeImageRaw,
        clusterWaitTimeout,
        workerPortMappings,
        kubeOpsView: {
            chart,
            chartRepo,
            chartVersion,
            chartPath: chartPathRaw === "" ? undefined : chartPathRaw,
            namespace,
            nodePort,
            timeZone,
        },
        preloadImages,
        experiments,
    };
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
    if (listenAddress !== undefined && !IPV4.test(listenAddress)) return `listen address "${listenAddress}" must be an IPv4 address like 127.0.0.1`;
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
