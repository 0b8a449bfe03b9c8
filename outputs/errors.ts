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
