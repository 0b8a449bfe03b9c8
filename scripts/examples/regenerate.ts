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
import { parseLabConfig, RawConfig } from "../../lab/configSchema";
import { kindNodeNames, labClusterConfig, renderKindConfig } from "../../lab/kindConfig";
import { kubeOpsViewValues } from "../../components/kubeOpsView";
import { nodePortUrl } from "../../lab/configSchema";
import { analyseProbeOutput, PodProbeResult } from "../../probe/analyse";
import type { LabStackOutputs, NodeFacts } from "../../lab/stackOutputs";

const ROOT = path.join(__dirname, "..", "..");

type Variant = "default" | "sharedpid" | "hostnetwork" | "hostipc";

interface Capture {
    file: string;
    /** The lab pod it stands for: "myweb" or "myweb2". */
    pod: string;
    variant: Variant;
    /** A second capture of the same pod (deleted and created again). */
    rerun: boolean;
    /** The pod UID the probe was given (meta section of the probe document). */
    uid: string;
    result: PodProbeResult;
}

/**
 * What a capture shows, from its file name as scripts/runtime/capture.ts writes it:
 * POD[-shared-pid|-host-network|-host-ipc][-rerun].probe.txt.
 */
export function describeCaptureName(file: string): { pod: string; variant: Variant; rerun: boolean } {
    let stem = file.replace(/\.probe\.txt$/, "");
    const rerun = /-rerun\d*$/.test(stem);
    stem = stem.replace(/-rerun\d*$/, "");
    const variants: Array<[RegExp, Variant]> = [[/-shared-?pid$/i, "sharedpid"], [/-host-?net(work)?$/i, "hostnetwork"], [/-host-?ipc$/i, "hostipc"]];
    for (const [suffix, variant] of variants) {
        if (suffix.test(stem)) return { pod: stem.replace(suffix, ""), variant, rerun };
    }
    return { pod: stem, variant: "default", rerun };
}

export function readCaptures(dir: string): Capture[] {
    if (!fs.existsSync(dir)) throw new Error(`no capture directory ${dir}: run the runtime tests (npm run test:runtime) first`);
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".probe.txt")).sort();
    if (files.length === 0) throw new Error(`no *.probe.txt in ${dir}: run the runtime tests (npm run test:runtime) first`);
    return files.map((file) => {
        const text = fs.readFileSync(path.join(dir, file), "utf8");
        const uid = /^podUid=(\S+)$/m.exec(text)?.[1];
        if (!uid) throw new Error(`${file}: no podUid= line in the probe document's meta section`);
        try {
            return { file, ...describeCaptureName(file), uid, result: analyseProbeOutput(text) };
        } catch (err) {
            throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
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

/** Pod facts the stack publishes: the UID the probe was given, the IP from pause's eth0 (IPv4), the containers. */
function podFacts(capture: Capture): LabStackOutputs["pods"][string] {
    const { report } = capture.result;
    const ipv4 = report.pause.addresses.map((a) => /^(\S+) (\d+\.\d+\.\d+\.\d+)\//.exec(a)).find((m) => m !== null && m[1] !== "lo");
    return { uid: capture.uid, nodeName: report.node, podIP: ipv4 ? ipv4[2] : "", containers: Object.keys(report.containers) };
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
    const find = (pod: string, variant: Variant, rerun = false) => captures.find((c) => c.pod === pod && c.variant === variant && c.rerun === rerun);
    const myweb2 = find("myweb2", "default");
    if (!myweb2) throw new Error("no capture of the default myweb2 pod (myweb2.probe.txt)");
    const myweb = find("myweb", "default");
    const withMyweb = (pods: Array<[string, Capture]>): Array<[string, Capture]> => (myweb ? [["myweb", myweb], ...pods] : pods);
    const examples = new Map<string, { doc: LabStackOutputs; sources: string[] }>();
    const add = (file: string, pods: Array<[string, Capture]>) => examples.set(file, { doc: document(pods), sources: pods.map(([n, c]) => `${n} ← ${c.file}`) });
    // The seed's lab as the stack publishes it; a second capture of myweb2 is "the same stack, another run".
    add("outputs.json", withMyweb([["myweb2", myweb2]]));
    const rerun = find("myweb2", "default", true);
    if (rerun) add("outputs-rerun.json", withMyweb([["myweb2", rerun]]));
    // The same pod name with a variant's capture: what `lab diff` shows when myweb2's spec changes in place.
    const variants: Variant[] = ["sharedpid", "hostnetwork", "hostipc"];
    for (const variant of variants) {
        const capture = find("myweb2", variant);
        if (capture) add(`outputs-${variant}.json`, withMyweb([["myweb2", capture]]));
    }
    // `experiments` on: variant pods next to myweb2, named as the stack names them (labPodSpecs.ts).
    const experimentPods: Array<[string, Capture]> = [];
    for (const v of variants) {
        const capture = find("myweb2", v);
        if (capture) experimentPods.push([`myweb2-${v}`, capture]);
    }
    if (experimentPods.length > 0) add("outputs-experiments.json", withMyweb([["myweb2", myweb2], ...experimentPods]));
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
