// `lsns -J` ({"namespaces":[...]}). Across util-linux versions numbers are numbers or strings, netnsid is a
// string, nsfs may be null, and without --list pid/user namespaces nest under "children".
import { JsonNode, parseJsonText } from "../../probe/json";
import { isNamespaceType } from "../../probe/namespaceNames";
import { LsnsRow } from "./lsnsRow";

export function parseLsnsJson(text: string): LsnsRow[] {
    const root = parseJsonText(text, "lsns-json");
    if (!root.isObject()) root.fail('the object lsns -J prints ({"namespaces": [...]})');
    const rows: LsnsRow[] = [];
    const visit = (node: JsonNode) => {
        if (!node.isObject()) node.fail("a namespace object");
        rows.push(rowOf(node));
        for (const child of node.get("children").optionalItems()) visit(child);
    };
    const list = root.get("namespaces");
    if (list.value === undefined) list.fail('the member "namespaces"');
    for (const item of list.optionalItems()) visit(item);
    return rows;
}

function rowOf(node: JsonNode): LsnsRow {
    const typeNode = node.get("type");
    const typeText = typeNode.string();
    const type = isNamespaceType(typeText) ? typeText : typeNode.fail("a namespace type (mnt, net, ipc, user, pid, uts, cgroup, time)");
    const row: LsnsRow = {
        ns: node.get("ns").integer(),
        type,
        nprocs: node.get("nprocs").optionalInteger(),
        pid: node.get("pid").optionalInteger(),
        user: textOf(node.get("user")),
        command: textOf(node.get("command")),
    };
    if (node.get("netnsid").value !== undefined) row.netnsid = textOf(node.get("netnsid"));
    if (node.get("nsfs").value !== undefined) row.nsfs = textOf(node.get("nsfs"));
    return row;
}

/** Text columns; a numeric user or netnsid may come as a number. Empty text is absent. */
function textOf(node: JsonNode): string | null {
    if (node.isMissing) return null;
    if (typeof node.value === "number" && Number.isSafeInteger(node.value)) return String(node.value);
    const s = node.string();
    return s === "" ? null : s;
}
