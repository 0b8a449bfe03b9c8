// One vocabulary for namespace types: the OCI runtime spec says "network"/"mount", the kernel and lsns
// say "net"/"mnt". Everything past the parsers uses the lsns names.
import { NAMESPACE_TYPES, NamespaceType } from "./types";

const OCI_TO_LSNS: Record<string, NamespaceType> = { network: "net", mount: "mnt" };

/** The lsns name of a namespace type written either way, or null when it is not a namespace type. */
export function normaliseNamespaceType(raw: string): NamespaceType | null {
    const mapped = OCI_TO_LSNS[raw] ?? raw;
    return isNamespaceType(mapped) ? mapped : null;
}

export function isNamespaceType(raw: string): raw is NamespaceType {
    return (NAMESPACE_TYPES as readonly string[]).includes(raw);
}
