// Reading untrusted JSON with a path for every error: each accessor says what it expected and where,
// so a truncated or reshaped tool output becomes a ProbeParseError instead of a TypeError.
import { describeValue } from "../lib/util";
import { ProbeInputKind, ProbeParseError } from "./errors";

export function parseJsonText(text: string, kind: ProbeInputKind): JsonNode {
    if (text.trim() === "") throw new ProbeParseError(kind, "a JSON document", null, "empty input");
    try {
        return new JsonNode(JSON.parse(text) as unknown, "$", kind);
    } catch (err) {
        if (!(err instanceof SyntaxError)) throw err;
        throw new ProbeParseError(kind, "well-formed JSON", jsonErrorLocation(text, err.message), err.message.replace(/ in JSON.*$/, ""));
    }
}

/** V8 reports "at position N"; people need a line and column. */
function jsonErrorLocation(text: string, message: string): string {
    const m = /at position (\d+)/.exec(message);
    const offset = m ? Number(m[1]) : text.length;
    const before = text.slice(0, offset);
    const line = before.split("\n").length;
    const column = offset - before.lastIndexOf("\n");
    return `line ${line} column ${column}`;
}

/** A JSON value with its path from the document root. */
export class JsonNode {
    constructor(
        readonly value: unknown,
        readonly path: string,
        readonly kind: ProbeInputKind,
    ) {}

    fail(expected: string): never {
        throw new ProbeParseError(this.kind, expected, this.path, describeValue(this.value));
    }

    get isMissing(): boolean {
        return this.value === undefined || this.value === null;
    }

    private childPath(key: string): string {
        return /^[A-Za-z_$][\w$]*$/.test(key) ? `${this.path}.${key}` : `${this.path}[${JSON.stringify(key)}]`;
    }

    isObject(): boolean {
        return typeof this.value === "object" && this.value !== null && !Array.isArray(this.value);
    }

    /** The member `key` (missing members are nodes whose value is undefined). */
    get(key: string): JsonNode {
        if (!this.isObject()) this.fail("an object");
        const obj = this.value as Record<string, unknown>;
        return new JsonNode(Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined, this.childPath(key), this.kind);
    }

    /** The first of several spellings of a member that is present (tool versions renamed keys). */
    getAny(...keys: string[]): JsonNode {
        for (const k of keys) {
            const n = this.get(k);
            if (n.value !== undefined) return n;
        }
        return this.get(keys[0]);
    }

    has(key: string): boolean {
        return this.isObject() && (this.value as Record<string, unknown>)[key] !== undefined;
    }

    items(): JsonNode[] {
        if (!Array.isArray(this.value)) this.fail("an array");
        return (this.value as unknown[]).map((v, i) => new JsonNode(v, `${this.path}[${i}]`, this.kind));
    }

    /** Array items, or [] when the member is missing or null (Go marshals empty slices as null). */
    optionalItems(): JsonNode[] {
        return this.isMissing ? [] : this.items();
    }

    string(): string {
        if (typeof this.value !== "string") this.fail("a string");
        return this.value as string;
    }

    nonEmptyString(): string {
        const s = this.string();
        if (s === "") this.fail("a non-empty string");
        return s;
    }

    optionalString(): string | null {
        return this.isMissing ? null : this.string();
    }

    /** A non-negative integer; tool versions print these as numbers or as decimal strings. */
    integer(): number {
        const v = this.value;
        if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return v;
        if (typeof v === "string" && /^\d{1,15}$/.test(v)) return Number(v);
        return this.fail("a non-negative integer");
    }

    optionalInteger(): number | null {
        return this.isMissing ? null : this.integer();
    }

    boolean(): boolean {
        if (typeof this.value !== "boolean") this.fail("true or false");
        return this.value as boolean;
    }

    /** A string→string map (labels, annotations); missing or null is an empty map. */
    stringMap(): Record<string, string> {
        if (this.isMissing) return {};
        if (!this.isObject()) this.fail("an object of strings");
        const out: Record<string, string> = {};
        for (const key of Object.keys(this.value as object)) out[key] = this.get(key).string();
        return out;
    }
}
