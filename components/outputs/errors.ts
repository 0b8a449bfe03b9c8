// Bad input for `lab report` / `lab diff`: one line naming where in the document the problem is.

export class OutputsInputError extends Error {
    /** JSON-ish path of the offending value, e.g. `namespaceReport.myweb2.pause.pid`; "" for the whole document. */
    readonly path: string;
    constructor(path: string, problem: string) {
        super(path === "" ? problem : `${path}: ${problem}`);
        this.name = "OutputsInputError";
        this.path = path;
    }
}

/** A short, single-line rendering of a bad value for error messages. */
export function describeValue(value: unknown): string {
    if (value === undefined) return "nothing";
    if (value === null) return "null";
    if (Array.isArray(value)) return `an array of ${value.length}`;
    if (typeof value === "object") return "an object";
    const text = JSON.stringify(value);
    return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
