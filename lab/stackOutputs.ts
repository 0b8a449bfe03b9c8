// Shapes of the stack outputs: a contract with users (`pulumi stack output --json`), `lab report` and
// `lab diff`. Pure types, no Pulumi import. Names of the top-level outputs are the README's "Stack outputs" table.
import type { CaptureName, CaptureOutput } from "../probe/captures";
import type { NamespaceReport } from "../probe/types";

export interface PublishedPort {
    /** Port inside the node container (equals the Service nodePort for NodePorts). */
    containerPort: number;
    protocol: "tcp" | "udp" | "sctp";
    hostIp: string;
    hostPort: number;
}

export interface NodeFacts {
    /** Node container name = Kubernetes node name, e.g. "myk8s-worker". */
    name: string;
    role: "control-plane" | "worker";
    internalIp: string;
    publishedPorts: PublishedPort[];
}

/** Chart coordinates as deployed (stack output `kubeOpsView`, compared by `lab diff`). */
export interface ChartFacts {
    chart: string;
    version: string;
    repo: string;
    namespace: string;
    values: Record<string, unknown>;
}

export interface PodFacts {
    uid: string;
    nodeName: string;
    podIP: string;
    containers: string[];
}

interface ReportOutputs {
    clusterName: string;
    /** Secret: `[secret]` in `pulumi stack output --json` unless `--show-secrets`. */
    kubeconfig: string;
    kindConfig: string;
    nodes: NodeFacts[];
    kubeOpsViewUrl: string;
    /** pod name → facts. */
    pods: Record<string, PodFacts>;
    namespaceReport: NamespaceReport;
    kubeOpsView?: ChartFacts;
}

/** The outputs, with one per raw capture (probe/captures.ts: `lsns`, `crictlInspect`): pod → process → raw text. */
export type LabStackOutputs = ReportOutputs & { [K in CaptureName]: CaptureOutput };

/** The outputs every stack has; the optional ones (kubeOpsView) are left out. */
export type RequiredOutputName = {
    [K in keyof LabStackOutputs]-?: undefined extends LabStackOutputs[K] ? never : K;
}[keyof LabStackOutputs];
