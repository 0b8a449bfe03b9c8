// The namespaces of an OCI runtime spec (`linux.namespaces`), as crictl inspect/inspectp print it.
// OCI semantics: an entry with a path joins that namespace; an entry without one creates a new
// namespace; a type with NO entry is inherited from the runtime, i.e. the node's namespace.
import { JsonNode } from "./json";
import { normaliseNamespaceType } from "./namespaceNames";
import { NamespaceType } from "./types";

export interface SpecNamespace {
    /** The spec joins an existing namespace (it has a path). */
    shared: boolean;
    /** The process whose namespace is joined, for `/proc/<pid>/ns/<x>` paths; null for pinned paths and own namespaces. */
    holderPid: number | null;
    path: string | null;
}

export type SpecNamespaces = Partial<Record<NamespaceType, SpecNamespace>>;

const PROC_NS_PATH = /^\/proc\/(\d+)\/ns\/[a-z_]+$/;

export function specNamespaceFromPath(path: string | null): SpecNamespace {
    // An empty path means "create a new namespace" in the OCI spec, like no path at all.
    if (path === null || path === "") return { shared: false, holderPid: null, path: null };
    const m = PROC_NS_PATH.exec(path);
    return { shared: true, holderPid: m ? Number(m[1]) : null, path };
}

/** Reads `runtimeSpec.linux.namespaces`; a spec without `linux` or `namespaces` has none listed. */
export function readSpecNamespaces(runtimeSpec: JsonNode): SpecNamespaces {
    if (!runtimeSpec.isObject()) runtimeSpec.fail("an OCI runtime spec object");
    const linux = runtimeSpec.get("linux");
    if (linux.isMissing) return {};
    const out: SpecNamespaces = {};
    for (const entry of linux.get("namespaces").optionalItems()) {
        const typeNode = entry.get("type");
        const type =
            normaliseNamespaceType(typeNode.string()) ??
            typeNode.fail("a namespace type (pid, network, mount, ipc, uts, user, cgroup, time)");
        if (out[type] !== undefined) typeNode.fail(`each namespace type once (${typeNode.string()} is listed twice)`);
        out[type] = specNamespaceFromPath(entry.get("path").optionalString());
    }
    return out;
}
