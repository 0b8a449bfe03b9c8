// `lsns` output in either form: `lsns -J` JSON or the table.
import { LsnsRow } from "./lsnsRow";
import { parseLsnsJson } from "./lsnsJson";
import { parseLsnsTable } from "./lsnsTable";

export type { LsnsRow } from "./lsnsRow";
export { parseLsnsJson } from "./lsnsJson";
export { parseLsnsTable } from "./lsnsTable";

/** JSON when the first non-blank, non-comment character opens an object; the table otherwise. */
export function parseLsns(text: string): LsnsRow[] {
    const firstContent = text.split("\n").find((l) => l.trim() !== "" && !l.trimStart().startsWith("#"));
    if (firstContent !== undefined && firstContent.trimStart().startsWith("{")) {
        const jsonStart = text.indexOf(firstContent);
        return parseLsnsJson(text.slice(jsonStart));
    }
    return parseLsnsTable(text);
}
