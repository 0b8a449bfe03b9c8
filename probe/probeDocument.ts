// The framed document node-probe.sh prints (docs/probe-format.md, `kpl-probe v1`): sections of raw tool
// output between `#kpl-begin KIND key=value...` and `#kpl-end KIND`, ended by `#kpl-end-of-probe status=ok`.
// This module only frames; the sections' contents are parsed by the tool parsers.
import { ProbeParseError, excerpt } from "./errors";

export interface ProbeSection {
    kind: string;
    attributes: Record<string, string>;
    /** The raw text between the begin and end lines, newline-terminated unless empty. */
    body: string;
    /** 1-based document line of the `#kpl-begin` line. */
    beginLine: number;
}

export interface ProbeDocument {
    version: "v1";
    /** The meta section's key=value lines (podUid, node, tool versions). */
    meta: Record<string, string>;
    sections: ProbeSection[];
}

const HEADER = "#kpl-probe v1";
const END_OK = "#kpl-end-of-probe status=ok";
const FRAME = "#kpl-";
const ATTRIBUTE = /^([A-Za-z][A-Za-z0-9_-]*)=(\S*)$/;

/** "inspect name=myweb2-nginx (line 40)": how errors name a section. */
export function describeSection(s: ProbeSection): string {
    const attrs = Object.entries(s.attributes)
        .filter(([k]) => k !== "pid" || s.kind === "target")
        .map(([k, v]) => `${k}=${v}`);
    return `${[s.kind, ...attrs].join(" ")} (line ${s.beginLine})`;
}

export function parseProbeDocument(text: string): ProbeDocument {
    const lines = text.replace(/\r\n/g, "\n").split("\n");
    function fail(expected: string, lineNo: number | null, found?: string): never {
        throw new ProbeParseError(
            "probe-document",
            expected,
            lineNo === null ? null : `line ${lineNo}`,
            found === undefined ? null : excerpt(found, 60),
        );
    }
    let i = 0;
    while (i < lines.length && lines[i].trim() === "") i++;
    if (i >= lines.length) fail(`the first line \`${HEADER}\``, null, "empty input");
    if (lines[i].trimEnd() !== HEADER) {
        fail(`the first line \`${HEADER}\``, i + 1, lines[i]);
    }
    const sections: ProbeSection[] = [];
    let open: { kind: string; attributes: Record<string, string>; beginLine: number; body: string[] } | null = null;
    let ended = false;
    for (i = i + 1; i < lines.length; i++) {
        const line = lines[i];
        const lineNo = i + 1;
        if (ended) {
            if (line.trim() !== "") fail(`nothing after \`${END_OK}\``, lineNo, line);
            continue;
        }
        if (!line.startsWith(FRAME)) {
            if (open) open.body.push(line);
            else if (line.trim() !== "") fail("`#kpl-begin KIND ...` (text outside a section)", lineNo, line);
            continue;
        }
        const words = line.trimEnd().split(/ +/);
        switch (words[0]) {
            case "#kpl-begin": {
                if (open)
                    fail(
                        `\`#kpl-end ${open.kind}\` before the next section (section ${open.kind} opened on line ${open.beginLine})`,
                        lineNo,
                        line,
                    );
                const kind = words[1];
                if (kind === undefined || !/^[a-z][a-z0-9-]*$/.test(kind))
                    fail("`#kpl-begin KIND key=value ...` with a lower-case KIND", lineNo, line);
                const attributes: Record<string, string> = {};
                for (const word of words.slice(2)) {
                    const m = ATTRIBUTE.exec(word);
                    if (!m) fail("attributes written key=value", lineNo, word);
                    if (m[1] in attributes) fail(`each attribute once (${m[1]} repeats)`, lineNo, line);
                    attributes[m[1]] = m[2];
                }
                open = { kind, attributes, beginLine: lineNo, body: [] };
                break;
            }
            case "#kpl-end": {
                if (!open) fail("`#kpl-begin` before `#kpl-end`", lineNo, line);
                if (words[1] !== open.kind || words.length !== 2)
                    fail(`\`#kpl-end ${open.kind}\` (section opened on line ${open.beginLine})`, lineNo, line);
                sections.push({
                    kind: open.kind,
                    attributes: open.attributes,
                    body: open.body.length === 0 ? "" : open.body.join("\n") + "\n",
                    beginLine: open.beginLine,
                });
                open = null;
                break;
            }
            case "#kpl-end-of-probe": {
                if (open)
                    fail(`\`#kpl-end ${open.kind}\` before the end of the probe (section opened on line ${open.beginLine})`, lineNo, line);
                if (line.trimEnd() !== END_OK) fail(`\`${END_OK}\``, lineNo, line);
                ended = true;
                break;
            }
            default:
                fail("a frame line `#kpl-begin`, `#kpl-end` or `#kpl-end-of-probe`", lineNo, line);
        }
    }
    if (!ended) {
        const where = open ? ` (section ${open.kind} from line ${open.beginLine} is not closed)` : "";
        fail(`the final line \`${END_OK}\`: the probe output is truncated${where}`, lines.length);
    }
    const metaSections = sections.filter((s) => s.kind === "meta");
    if (metaSections.length !== 1) fail("exactly one meta section", null, `${metaSections.length}`);
    const meta: Record<string, string> = {};
    const metaSection = metaSections[0];
    metaSection.body.split("\n").forEach((line, k) => {
        if (line.trim() === "") return;
        const eq = line.indexOf("=");
        if (eq <= 0) fail("`key=value` lines in the meta section", metaSection.beginLine + 1 + k, line);
        meta[line.slice(0, eq)] = line.slice(eq + 1);
    });
    return { version: "v1", meta, sections };
}
