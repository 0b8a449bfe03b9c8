// `crictl inspect CONTAINER` (JSON: {status, info}). containerd and CRI-O put the process and the OCI
// spec in `info`; very old cri-containerd called the spec "container runtime spec".
import { parseJsonText } from "./json";
import { ProbeParseError } from "./errors";
import { readSpecNamespaces, SpecNamespaces } from "./runtimeSpec";

export interface CrictlContainerInspect {
    id: string;
    /** status.metadata.name (the Kubernetes container name). */
    name: string;
    podSandboxId: string;
    /** The container's init process on the node; 0 when the container is not running. */
    pid: number;
    /** OCI namespaces by lsns type name; a type missing here is inherited from the node. */
    namespaces: SpecNamespaces;
}

export function parseCrictlInspect(text: string): CrictlContainerInspect {
    const root = parseJsonText(text, "crictl-inspect");
    if (!root.isObject()) root.fail("the object crictl inspect prints ({status, info})");
    const status = root.get("status");
    if (!status.isObject()) status.fail("the container status object");
    const info = root.get("info");
    if (!info.isObject()) {
        // Without info (a runtime that does not answer verbose status) there is no spec to read.
        info.fail("the verbose info object with sandboxID, pid and runtimeSpec");
    }
    const labels = status.get("labels").stringMap();
    const metadataName = status.get("metadata").isMissing ? null : status.get("metadata").get("name").optionalString();
    const name = metadataName ?? labels["io.kubernetes.container.name"];
    if (name === undefined || name === "") {
        throw new ProbeParseError("crictl-inspect", "a container name", "$.status.metadata.name", "nothing");
    }
    const spec = info.getAny("runtimeSpec", "container runtime spec");
    return {
        id: status.get("id").nonEmptyString(),
        name,
        podSandboxId: info.getAny("sandboxID", "sandboxId").nonEmptyString(),
        pid: info.get("pid").integer(),
        namespaces: readSpecNamespaces(spec),
    };
}
