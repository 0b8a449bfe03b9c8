// The namespace probe of one pod (docs/seed-lab.md §2.5, §3.2–3.5): runs probe/node-probe.sh on the pod's node and
// publishes its raw sections and the parsed report. The script's bytes travel as stdin (`sh -s`), so nothing is
// copied into the node and a changed script re-runs the probe (stdin is an input).
import * as fs from "fs";
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { probeCommand, ProbeTransport } from "../host/commands";
import { analyseProbeOutput } from "../probe/analyse";
import type { PodNamespaceReport } from "../probe/types";
import { CAPTURE_NAMES, CaptureName, PodCapture } from "../probe/captures";
import { NODE_PROBE_SCRIPT_PATH } from "../probe/script";

export interface NamespaceProbeArgs {
    /** Kubernetes pod name, for messages. */
    podName: string;
    podUid: pulumi.Input<string>;
    /** The pod's spec.nodeName = the kind node container (`docker exec` target; unused by the local transport). */
    nodeName: pulumi.Input<string>;
    /** `nodeExec` (the node runtime's exec) for kind; tests pass `local` to run the script on this machine against a test containerd. */
    transport: ProbeTransport;
    /**
     * The node's boot (KindCluster.boot): a node that restarted gave its pods new sandboxes, so the evidence is taken
     * again. Unset where no kind node is involved (the runtime tests).
     */
    nodeBoot?: pulumi.Input<string>;
    /** How many containers the pod runs: the probe waits for them all (after a node restart). Unset: no wait. */
    containers?: pulumi.Input<number>;
    /** What must exist before probing: the Pod resource (the runtime tests' pods are not Pulumi resources). */
    dependsOn?: pulumi.Resource[];
    /** The probe script's text; defaults to probe/node-probe.sh read now. */
    script?: string;
}

export class NamespaceProbe extends pulumi.ComponentResource {
    readonly command: command.local.Command;
    /** The raw `kpl-probe v1` document (no secrets in it: ids, PIDs, inodes, addresses). */
    readonly output: pulumi.Output<string>;
    /** Each raw capture (probe/captures.ts: lsns, crictlInspect): process → raw text. */
    readonly captures: { [K in CaptureName]: pulumi.Output<PodCapture> };
    readonly report: pulumi.Output<PodNamespaceReport>;

    constructor(name: string, args: NamespaceProbeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kind-pause-lab:probe:NamespaceProbe", name, {}, opts);
        const script = args.script ?? fs.readFileSync(NODE_PROBE_SCRIPT_PATH, "utf8");
        const transport = args.transport;
        this.command = new command.local.Command(
            `${name}-probe`,
            {
                create: pulumi
                    .all([args.nodeName, args.podUid, args.containers])
                    .apply(([node, uid, containers]) => probeCommand(transport, node, uid, containers)),
                stdin: script,
                environment: transport.kind === "local" ? transport.environment : undefined,
                // A replaced pod has a new UID: probe it again.
                triggers: args.nodeBoot === undefined ? [args.podUid] : [args.podUid, args.nodeBoot],
                // The document (2,000-3,000 lines per pod, mostly crictl JSON) is the stack's output; streamed line by line
                // into the engine's log it scrolled past in the console and tripled the probe's time on two cores.
                logging: "stderr",
            },
            { parent: this, dependsOn: args.dependsOn },
        );
        this.output = this.command.stdout;
        const analysis = this.command.stdout.apply((text) => {
            try {
                return analyseProbeOutput(text);
            } catch (error) {
                throw new Error(`namespace probe of pod ${args.podName}: ${(error as Error).message}`, { cause: error });
            }
        });
        this.captures = Object.fromEntries(CAPTURE_NAMES.map((c) => [c, analysis.apply((a) => a[c])])) as NamespaceProbe["captures"];
        this.report = analysis.apply((a) => a.report);
        this.registerOutputs({ ...this.captures, report: this.report });
    }
}
