// Typed errors of the probe core. Parsers throw ProbeParseError (the input is not what the tool prints);
// the analysis throws ProbeAnalysisError (each piece parses, but they cannot be put together).

/** Which tool output a parser was reading. */
export type ProbeInputKind =
    | "crictl-inspect"
    | "crictl-inspectp"
    | "crictl-ps"
    | "crictl-pods"
    | "lsns"
    | "lsns-json"
    | "nslinks"
    | "ip-json"
    | "ip-text"
    | "probe-document";

export class ProbeParseError extends Error {
    override readonly name = "ProbeParseError";
    constructor(
        readonly kind: ProbeInputKind,
        /** What the parser expected, in words: "an integer", "the header `NS TYPE ...`". */
        readonly expected: string,
        /** Where: "line 4", "$.info.runtimeSpec.linux.namespaces[2].type", or null for the whole input. */
        readonly location: string | null = null,
        /** A short excerpt of what was there instead, when it helps. */
        readonly found: string | null = null,
        /** The probe-document section the input came from, e.g. "inspect name=myweb2-nginx (line 40)". */
        readonly section: string | null = null,
    ) {
        super(describe(kind, expected, location, found, section));
    }

    /** The same error, placed inside a probe-document section (and its lines shifted to document lines). */
    inSection(section: string, firstBodyLine: number): ProbeParseError {
        const shifted = this.location?.replace(/^line (\d+)/, (_m, n: string) => `line ${Number(n) + firstBodyLine - 1}`) ?? null;
        return new ProbeParseError(this.kind, this.expected, shifted, this.found, section);
    }
}

export class ProbeAnalysisError extends Error {
    override readonly name = "ProbeAnalysisError";
}

function describe(kind: ProbeInputKind, expected: string, location: string | null, found: string | null, section: string | null): string {
    const where = [section ? `section ${section}` : null, location].filter((p) => p !== null).join(", ");
    return `${kind}${where ? ` (${where})` : ""}: expected ${expected}${found !== null ? `, found ${found}` : ""}`;
}

/** A quoted excerpt of input for error messages, cut so one bad line cannot flood the message. */
export function excerpt(text: string, max = 40): string {
    const oneLine = text.replace(/\r?\n/g, "\\n");
    return JSON.stringify(oneLine.length > max ? oneLine.slice(0, max) + "…" : oneLine);
}
