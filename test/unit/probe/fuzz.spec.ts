// Property tests: real inputs cut short, corrupted or padded with unknown fields either parse to something
// valid or fail with a typed error, never a TypeError; unknown JSON members never change a result.
import * as assert from "assert";
import fc from "fast-check";
import { ProbeAnalysisError, ProbeParseError } from "../../../probe/errors";
import { parseCrictlInspect } from "../../../probe/crictlInspect";
import { parseCrictlInspectp } from "../../../probe/crictlInspectp";
import { parseCrictlPods, parseCrictlPs } from "../../../cli/parse/crictlList";
import { parseLsnsJson, parseLsnsTable, LsnsRow } from "../../../cli/parse/lsns";
import { parseNsLinks } from "../../../probe/nsLinks";
import { parseIpAddrJson, parseIpAddrText } from "../../../probe/ipAddr";
import { parseProbeDocument } from "../../../probe/probeDocument";
import { analyseProbeOutput } from "../../../probe/analyse";
import { NAMESPACE_TYPES } from "../../../probe/types";
import { fixture } from "./fixtureFiles";

const RUNS = 150;

function validRows(rows: LsnsRow[]): void {
    for (const r of rows) {
        assert.ok(Number.isSafeInteger(r.ns) && r.ns >= 0);
        assert.ok((NAMESPACE_TYPES as readonly string[]).includes(r.type));
        assert.ok(r.pid === null || Number.isSafeInteger(r.pid));
        assert.ok(r.nprocs === null || Number.isSafeInteger(r.nprocs));
        assert.ok(r.command === null || !/^(?:[├└]─|[|`]-)/.test(r.command), "tree glyphs are removed");
    }
}

const CASES: Array<{ name: string; input: string; parse: (t: string) => unknown; check?: (v: unknown) => void }> = [
    { name: "crictl inspect (seed)", input: fixture("crictl-inspect-myweb2-nginx.json"), parse: parseCrictlInspect },
    { name: "crictl inspect (CRI-O)", input: fixture("handwritten/crictl-inspect-crio.json"), parse: parseCrictlInspect },
    { name: "crictl inspectp", input: fixture("handwritten/crictl-inspectp-containerd-myweb2.json"), parse: parseCrictlInspectp },
    { name: "crictl ps", input: fixture("handwritten/crictl-ps.json"), parse: parseCrictlPs },
    { name: "crictl pods", input: fixture("handwritten/crictl-pods.json"), parse: parseCrictlPods },
    {
        name: "lsns -p table",
        input: fixture("real/lsns-p-netshoot-numeric-user.txt"),
        parse: parseLsnsTable,
        check: (v) => validRows(v as LsnsRow[]),
    },
    {
        name: "lsns --tree table",
        input: fixture("real/lsns-T-parent-pid.txt"),
        parse: parseLsnsTable,
        check: (v) => validRows(v as LsnsRow[]),
    },
    { name: "lsns -t net table", input: fixture("real/lsns-t-net.txt"), parse: parseLsnsTable, check: (v) => validRows(v as LsnsRow[]) },
    { name: "lsns -J tree", input: fixture("real/lsns-J-p-pause.json"), parse: parseLsnsJson, check: (v) => validRows(v as LsnsRow[]) },
    { name: "lsns -J -t net", input: fixture("real/lsns-J-t-net.json"), parse: parseLsnsJson, check: (v) => validRows(v as LsnsRow[]) },
    { name: "nslinks", input: fixture("real/nslinks-nginx.txt"), parse: parseNsLinks },
    { name: "ip -j addr", input: fixture("real/ip-j-addr-pause.json"), parse: parseIpAddrJson },
    { name: "ip addr", input: fixture("real/ip-addr-pause.txt"), parse: parseIpAddrText },
    { name: "probe document", input: fixture("real/myweb2-assembled.probe.txt"), parse: analyseProbeOutput },
];

function onlyTypedErrors(parse: (t: string) => unknown, text: string, check?: (v: unknown) => void): void {
    let value: unknown;
    try {
        value = parse(text);
    } catch (err) {
        if (err instanceof ProbeParseError || err instanceof ProbeAnalysisError) {
            assert.ok(err.message.length > 0 && !err.message.includes("undefined"), err.message);
            return;
        }
        throw err;
    }
    JSON.stringify(value); // plain data
    check?.(value);
}

const oddChar = fc.oneof(
    fc.constantFrom("{", "}", "[", "]", '"', ",", ":", " ", "\n", "─", "└", "#", "-", "0", "9", "x", "=", "\u0000"),
    fc.string({ minLength: 1, maxLength: 1, unit: "binary" }),
);

describe("property: cut short or corrupted real inputs give a result or a typed error", () => {
    for (const c of CASES) {
        it(`${c.name}: any truncation`, () => {
            fc.assert(
                fc.property(fc.nat({ max: c.input.length }), (k) => onlyTypedErrors(c.parse, c.input.slice(0, k), c.check)),
                { numRuns: RUNS },
            );
        });
        it(`${c.name}: random byte corruption`, () => {
            const edit = fc.tuple(fc.nat({ max: c.input.length - 1 }), oddChar);
            fc.assert(
                fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
                    let text = c.input;
                    for (const [i, ch] of edits) text = text.slice(0, i) + ch + text.slice(i + 1);
                    onlyTypedErrors(c.parse, text, c.check);
                }),
                { numRuns: RUNS },
            );
        });
    }
});

describe("property: a probe document cut anywhere before its end line is truncated", () => {
    it("every prefix short of `#kpl-end-of-probe status=ok` is a ProbeParseError", () => {
        const text = fixture("real/myweb2-assembled.probe.txt");
        const end = text.indexOf("#kpl-end-of-probe status=ok") + "#kpl-end-of-probe status=ok".length;
        fc.assert(
            fc.property(fc.nat({ max: end - 1 }), (k) => {
                assert.throws(() => parseProbeDocument(text.slice(0, k)), ProbeParseError);
            }),
            { numRuns: 300 },
        );
        assert.strictEqual(parseProbeDocument(text.slice(0, end)).version, "v1");
    });
});

/** Adds members to objects found depth-first in a JSON value (pick i lands on object i mod count). */
function withExtraMembers(value: unknown, extras: Array<[number, string, unknown]>): unknown {
    const copy = structuredClone(value);
    const objects: Array<Record<string, unknown>> = [];
    // labels and annotations are data (any key is meaningful), not schema: members added there are not unknown fields.
    const walk = (v: unknown, key: string | null) => {
        if (Array.isArray(v)) v.forEach((item) => walk(item, null));
        else if (v !== null && typeof v === "object" && key !== "labels" && key !== "annotations") {
            objects.push(v as Record<string, unknown>);
            for (const [k, child] of Object.entries(v)) walk(child, k);
        }
    };
    walk(copy, null);
    for (const [i, key, extra] of extras) objects[i % objects.length][`zz_unknown_${key}`] = extra;
    return copy;
}

describe("property: unknown JSON members do not change results", () => {
    const jsonCases: Array<[string, string, (t: string) => unknown]> = [
        ["crictl inspect", fixture("crictl-inspect-myweb2-netshoot.json"), parseCrictlInspect],
        ["crictl inspect (legacy)", fixture("handwritten/crictl-inspect-legacy-cri-containerd.json"), parseCrictlInspect],
        ["crictl inspectp", fixture("handwritten/crictl-inspectp-containerd-myweb2.json"), parseCrictlInspectp],
        ["crictl ps", fixture("handwritten/crictl-ps.json"), parseCrictlPs],
        ["lsns -J", fixture("real/lsns-J-tree.json"), parseLsnsJson],
        ["ip -j addr", fixture("real/ip-j-addr-host.json"), parseIpAddrJson],
    ];
    for (const [name, input, parse] of jsonCases) {
        it(name, () => {
            const original = JSON.parse(input) as unknown;
            const expected = parse(input);
            const extra = fc.tuple(fc.nat(), fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }));
            fc.assert(
                fc.property(fc.array(extra, { minLength: 1, maxLength: 6 }), (extras) => {
                    assert.deepStrictEqual(parse(JSON.stringify(withExtraMembers(original, extras))), expected);
                }),
                { numRuns: 60 },
            );
        });
    }
});
