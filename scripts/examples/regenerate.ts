// Builds examples/*.json — stack-output documents as `pulumi stack output --json` prints them — whose namespace
// sections (lsns, crictlInspect, namespaceReport) come from REAL probe documents captured by the runtime tests on
// containerd + crictl pods (test/fixtures/captured/*.probe.txt), run through the probe core's analyseProbeOutput.
// Nothing namespace-related is typed by hand. The rest comes from the stack's own code on Pulumi.dev.yaml: the
// kind config rendering, node names and ports, the kube-ops-view coordinates and URL. What no capture can give
// (node internal IPs: no kind cluster runs here) is left empty, and the README says so.
//
// Run: npx ts-node --transpile-only scripts/examples/regenerate.ts [--captures DIR] [--out DIR] [--check]
//   --check  rebuild in memory and exit 1 if examples/ differs (stale examples), without writing.
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { parseLabConfig, RawConfig } from "../../components/configSchema";
import { kindNodeNames, labClusterConfig, renderKindConfig } from "../../components/kindConfig";
import { kubeOpsViewValues } from "../../components/kubeOpsView";
import { nodePortUrl } from "../../components/configSchema";
import { analyseProbeOutput, PodProbeResult } from "../../components/probe/analyse";
import type { LabStackOutputs, NodeFacts } from "../../components/stackOutputs";

const ROOT = path.join(__dirname, "..", "..");

type Variant = "default" | "sharedpid" | "hostnetwork" | "hostipc";

/** The variant a capture shows, from its file name (the runtime tests name them so; see test/probe/captured.spec.ts). */
export function variantOf(file: string): Variant {
    if (/shared-?pid/i.test(file)) return "sharedpid";
    if (/host-?net/i.test(file)) return "hostnetwork";
    if (/host-?ipc/i.test(file)) return "hostipc";
    return "default";
}

interface Capture {
    file: string;
    variant: Variant;
    result: PodProbeResult;
}

function readCaptures(dir: string): Capture[] {
    if (!fs.existsSync(dir)) throw new Error(`no capture directory ${dir}: run the runtime tests (npm run test:runtime) first`);
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".probe.txt")).sort();
    if (files.length === 0) throw new Error(`no *.probe.txt in ${dir}: run the runtime tests (npm run test:runtime) first`);
    return files.map((file) => {
        try {
            return { file, variant: variantOf(file), result: analyseProbeOutput(fs.readFileSync(path.join(dir, file), "utf8")) };
        } catch (err) {
            throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
        }
    });
}

/** Pulumi.dev.yaml → the validated config, exactly as the program would see it (arrays arrive as JSON text). */
function devConfig() {
    const file = parseYaml(fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> };
    const raw: RawConfig = {};
    for (const [key, value] of Object.entries(file.config)) {
        raw[key.replace(/^kind-pause-lab:/, "")] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return parseLabConfig(raw, { pathExists: (p) => fs.existsSync(p) });
}

/** Everything but the pods: from the stack's own rendering of its config. */
function stackBase(): Omit<LabStackOutputs, "pods" | "lsns" | "crictlInspect" | "namespaceReport"> {
    const config = devConfig();
    const cluster = labClusterConfig(config.workerPortMappings);
    const nodes: NodeFacts[] = kindNodeNames(config.clusterName, cluster).map(({ name, role }) => ({
        name,
        role,
        internalIp: "", // unknown: no kind cluster ran for these captures
        publishedPorts: role === "worker"
            ? config.workerPortMappings.map((m) => ({
                containerPort: m.containerPort,
                protocol: m.protocol.toLowerCase() as "tcp" | "udp" | "sctp",
                hostIp: m.listenAddress ?? "0.0.0.0",
                hostPort: m.hostPort,
            }))
            : [],
    }));
    return {
        clusterName: config.clusterName,
        kubeconfig: "[secret]",
        kindConfig: renderKindConfig(cluster),
        nodes,
        kubeOpsViewUrl: nodePortUrl(config.workerPortMappings, config.kubeOpsView.nodePort, "/#scale=1.5"),
        kubeOpsView: {
            chart: config.kubeOpsView.chart,
            version: config.kubeOpsView.chartVersion,
            repo: config.kubeOpsView.chartRepo,
            namespace: config.kubeOpsView.namespace,
            values: kubeOpsViewValues(config.kubeOpsView) as unknown as Record<string, unknown>,
        },
    };
}

/** Pod facts the stack publishes, read from the capture: the UID from crictl's labels, the IP from pause's eth0. */
function podFacts(capture: Capture): LabStackOutputs["pods"][string] {
    const { report, crictlInspect } = capture.result;
    const firstInspect = Object.values(crictlInspect)[0];
    const labels = firstInspect ? (JSON.parse(firstInspect) as { status?: { labels?: Record<string, string> } }).status?.labels ?? {} : {};
    const uid = labels["io.kubernetes.pod.uid"];
    if (!uid) throw new Error(`${capture.file}: no io.kubernetes.pod.uid label in its crictl inspect`);
    const ipv4 = report.pause.addresses.map((a) => /^(\S+) (\d+\.\d+\.\d+\.\d+)\//.exec(a)).find((m) => m !== null && m[1] !== "lo");
    return { uid, nodeName: report.node, podIP: ipv4 ? ipv4[2] : "", containers: Object.keys(report.containers) };
}

function document(pods: Array<[string, Capture]>): LabStackOutputs {
    const doc: LabStackOutputs = { ...stackBase(), pods: {}, lsns: {}, crictlInspect: {}, namespaceReport: {} };
    for (const [name, capture] of pods) {
        doc.pods[name] = podFacts(capture);
        doc.lsns[name] = capture.result.lsns;
        doc.crictlInspect[name] = capture.result.crictlInspect;
        doc.namespaceReport[name] = capture.result.report;
    }
    return doc;
}

/** The examples: file name → document, and which capture fed each pod (for the README and the log). */
export function buildExamples(captures: Capture[]): Map<string, { doc: LabStackOutputs; sources: string[] }> {
    const of = (v: Variant) => captures.filter((c) => c.variant === v);
    const defaults = of("default");
    if (defaults.length === 0) throw new Error("no capture of the default myweb2-like pod (a file name without sharedpid/hostnet/hostipc)");
    const examples = new Map<string, { doc: LabStackOutputs; sources: string[] }>();
    const add = (file: string, pods: Array<[string, Capture]>) => examples.set(file, { doc: document(pods), sources: pods.map(([n, c]) => `${n} ← ${c.file}`) });
    // The seed's pod as the stack publishes it; a second capture of it is "the same stack, another run".
    add("outputs.json", [["myweb2", defaults[0]]]);
    if (defaults.length > 1) add("outputs-rerun.json", [["myweb2", defaults[1]]]);
    // The same pod name with a variant's capture: what `lab diff` shows when a pod's spec changes in place.
    const variants: Array<[Variant, string]> = [["sharedpid", "outputs-sharedpid.json"], ["hostnetwork", "outputs-hostnetwork.json"], ["hostipc", "outputs-hostipc.json"]];
    for (const [variant, file] of variants) if (of(variant).length > 0) add(file, [["myweb2", of(variant)[0]]]);
    // `experiments` turned on: variant pods next to myweb2, named as the stack names them (labPodSpecs.ts).
    const experimentPods: Array<[string, Capture]> = variants.filter(([v]) => of(v).length > 0).map(([v]) => [`myweb2-${v}`, of(v)[0]]);
    if (experimentPods.length > 0) add("outputs-experiments.json", [["myweb2", defaults[0]], ...experimentPods]);
    return examples;
}

function main(argv: string[]): number {
    const option = (name: string, fallback: string) => {
        const i = argv.indexOf(name);
        return i >= 0 && argv[i + 1] ? path.resolve(argv[i + 1]) : fallback;
    };
    const capturesDir = option("--captures", path.join(ROOT, "test", "fixtures", "captured"));
    const outDir = option("--out", path.join(ROOT, "examples"));
    const check = argv.includes("--check");
    let examples;
    try {
        examples = buildExamples(readCaptures(capturesDir));
    } catch (err) {
        process.stderr.write(`regenerate: ${err instanceof Error ? err.message : String(err)}\n`);
        return 2;
    }
    let stale = 0;
    for (const [file, { doc, sources }] of examples) {
        const text = `${JSON.stringify(doc, null, 2)}\n`;
        const target = path.join(outDir, file);
        if (check) {
            const same = fs.existsSync(target) && fs.readFileSync(target, "utf8") === text;
            if (!same) stale++;
            process.stdout.write(`${same ? "up to date" : "STALE"}: ${path.relative(ROOT, target)}\n`);
        } else {
            fs.mkdirSync(outDir, { recursive: true });
            fs.writeFileSync(target, text);
            process.stdout.write(`wrote ${path.relative(ROOT, target)} (${sources.join(", ")})\n`);
        }
    }
    return stale > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
