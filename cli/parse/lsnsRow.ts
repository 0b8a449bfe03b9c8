// One namespace as lsns reports it, from the table or from `lsns -J`.
import { NamespaceType } from "../../probe/types";

export interface LsnsRow {
    /** The namespace inode number. */
    ns: number;
    type: NamespaceType;
    /** Processes in the namespace; 0 for namespaces held only by a bind mount or an open fd (util-linux ≥ 2.40). */
    nprocs: number | null;
    /** The LOWEST pid in the namespace (not necessarily the pid asked about); null when no process is in it. */
    pid: number | null;
    /** User name, or the numeric uid when it has no passwd entry. */
    user: string | null;
    /** Command line, tree glyphs removed. */
    command: string | null;
    /** `-t net` only: the network subsystem's id of the namespace ("unassigned" or a number as text). */
    netnsid?: string | null;
    /** `-t net` only: where the namespace is bind-mounted (e.g. /run/netns/NAME), null when it is not. */
    nsfs?: string | null;
}
