// The `lsns` table. libsmartcols pads every column to its widest cell, so cells line up with their
// header: left-aligned columns start where their header starts, right-aligned ones end where it ends.
// That is what makes empty cells readable (util-linux ≥ 2.40 prints rows with NPROCS 0 and no PID or
// COMMAND). Tables whose spacing was changed by hand fall back to splitting on whitespace, checked
// column by column so a shifted row is an error rather than a wrong row.
import { ProbeParseError, excerpt } from "../../probe/errors";
import { isNamespaceType } from "../../probe/namespaceNames";
import { LsnsRow } from "./lsnsRow";

const KNOWN_COLUMNS = ["NS", "TYPE", "PATH", "NPROCS", "PID", "PPID", "COMMAND", "UID", "USER", "NETNSID", "NSFS", "PNS", "ONS"] as const;
type ColumnName = (typeof KNOWN_COLUMNS)[number];

interface Column {
    name: ColumnName;
    start: number;
    end: number;
}
interface Token {
    text: string;
    start: number;
    end: number;
}

/** Tree glyphs libsmartcols draws before a cell in tree mode: UTF-8 (├─ └─ │) or ASCII (|- `- |). */
const TREE_PREFIX = /^(?:[│|] | {2}|[├└]─|[|`]-)+/;

export function parseLsnsTable(text: string): LsnsRow[] {
    const lines = text.replace(/\r\n/g, "\n").split("\n");
    let columns: Column[] | null = null;
    const rows: LsnsRow[] = [];
    lines.forEach((rawLine, index) => {
        const line = rawLine.replace(/\s+$/, "");
        const lineNo = index + 1;
        if (line === "" || line.trimStart().startsWith("#")) return;
        const header = headerColumns(line);
        if (header) {
            columns = header; // a second header: tables pasted one after another
            return;
        }
        if (columns === null) {
            throw new ProbeParseError(
                "lsns",
                "the header line `NS TYPE NPROCS PID USER COMMAND` (lsns prints nothing at all when it cannot read the process)",
                `line ${lineNo}`,
                excerpt(line),
            );
        }
        rows.push(parseRow(line, columns, lineNo));
    });
    if (columns === null) {
        throw new ProbeParseError(
            "lsns",
            "the header line `NS TYPE NPROCS PID USER COMMAND` (lsns prints nothing at all when it cannot read the process)",
            null,
            "no header",
        );
    }
    return rows;
}

function tokens(line: string): Token[] {
    const out: Token[] = [];
    for (const m of line.matchAll(/\S+/g)) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
    return out;
}

function headerColumns(line: string): Column[] | null {
    const toks = tokens(line);
    const names = toks.map((t) => t.text);
    if (!names.includes("NS") || !names.includes("TYPE")) return null;
    if (!names.every((n) => (KNOWN_COLUMNS as readonly string[]).includes(n))) return null;
    if (new Set(names).size !== names.length) return null;
    return toks.map((t) => ({ name: t.text as ColumnName, start: t.start, end: t.end }));
}

function parseRow(line: string, columns: Column[], lineNo: number): LsnsRow {
    const cells = alignedCells(line, columns) ?? splitCells(line, columns, lineNo);
    return rowFromCells(cells, columns, lineNo);
}

/** Cells by header position; null when some text lines up with no column. */
function alignedCells(line: string, columns: Column[]): Map<ColumnName, string> | null {
    const cells = new Map<ColumnName, string>();
    const last = columns[columns.length - 1];
    for (const tok of tokens(line)) {
        if (last.name === "COMMAND" && tok.start >= last.start) {
            // COMMAND is free text with spaces: the rest of the line.
            cells.set("COMMAND", line.slice(tok.start));
            break;
        }
        const col = columns.find((c) => c.start === tok.start || c.end === tok.end);
        if (!col || cells.has(col.name)) return null;
        cells.set(col.name, tok.text);
    }
    return cells;
}

/** Cells by order, for hand-spaced tables: every column but a trailing COMMAND must be present. */
function splitCells(line: string, columns: Column[], lineNo: number): Map<ColumnName, string> {
    const toks = tokens(line);
    const commandLast = columns[columns.length - 1].name === "COMMAND";
    const fixed = commandLast ? columns.length - 1 : columns.length;
    if (toks.length < fixed || (!commandLast && toks.length > fixed)) {
        throw new ProbeParseError(
            "lsns",
            `cells under the header's ${columns.map((c) => c.name).join(" ")} columns`,
            `line ${lineNo}`,
            excerpt(line),
        );
    }
    const cells = new Map<ColumnName, string>();
    columns.slice(0, fixed).forEach((c, i) => cells.set(c.name, toks[i].text));
    if (commandLast && toks.length > fixed) cells.set("COMMAND", line.slice(toks[fixed].start));
    return cells;
}

function rowFromCells(cells: Map<ColumnName, string>, columns: Column[], lineNo: number): LsnsRow {
    const fail = (what: string, value: string): never => {
        throw new ProbeParseError("lsns", what, `line ${lineNo}`, excerpt(value));
    };
    const integer = (name: ColumnName): number | null => {
        const v = cells.get(name);
        if (v === undefined) return null;
        if (!/^\d{1,15}$/.test(v)) fail(`a number in column ${name}`, v);
        return Number(v);
    };
    const nsCell = cells.get("NS");
    if (nsCell === undefined) return fail("a namespace inode in column NS", "");
    const nsDigits = nsCell.replace(TREE_PREFIX, "");
    if (!/^\d{1,15}$/.test(nsDigits)) fail("a namespace inode in column NS", nsCell);
    const type = cells.get("TYPE") ?? "";
    if (!isNamespaceType(type)) fail("a namespace type (mnt, net, ipc, user, pid, uts, cgroup, time) in column TYPE", type);

    const command = cells.get("COMMAND");
    const row: LsnsRow = {
        ns: Number(nsDigits),
        type: type as LsnsRow["type"],
        nprocs: integer("NPROCS"),
        pid: integer("PID"),
        user: cells.get("USER") ?? null,
        command: command === undefined ? null : command.replace(TREE_PREFIX, "") || null,
    };
    integer("PPID");
    integer("UID");
    integer("PNS");
    integer("ONS"); // validated, not reported
    const has = (name: ColumnName) => columns.some((c) => c.name === name);
    if (has("NETNSID")) {
        const id = cells.get("NETNSID") ?? null;
        if (id !== null && id !== "unassigned" && !/^\d+$/.test(id)) fail("a netnsid (a number or `unassigned`) in column NETNSID", id);
        row.netnsid = id;
    }
    if (has("NSFS")) {
        const path = cells.get("NSFS") ?? null;
        if (path !== null && !path.startsWith("/")) fail("an absolute path in column NSFS", path);
        row.nsfs = path;
    }
    const path = cells.get("PATH");
    if (path !== undefined && !path.startsWith("/")) fail("an absolute path in column PATH", path);
    return row;
}
