import * as assert from "assert";
import { parseProbeDocument } from "../../../probe/probeDocument";
import { capturedPids, fixture, parseErrorOf } from "./fixtureFiles";

const DOC = "real/myweb2-assembled.probe.txt";

describe("probe document framing (kpl-probe v1)", () => {
    it("splits the assembled real document into its sections", () => {
        const doc = parseProbeDocument(fixture(DOC));
        const pids = capturedPids();
        assert.strictEqual(doc.meta.podUid, "150a18bc-138d-4a68-a9f0-09f9fbcbd6f3");
        assert.match(doc.meta.lsns, /^lsns from util-linux /);
        const kinds = doc.sections.map((s) => s.kind);
        assert.deepStrictEqual(kinds.filter((k) => k === "target").length, 3);
        assert.deepStrictEqual(kinds.filter((k) => k === "inspect").length, 2);
        const pause = doc.sections.find((s) => s.kind === "target" && s.attributes.name === "pause");
        assert.strictEqual(pause?.attributes.pid, String(pids.PAUSE));
        const lsns = doc.sections.find((s) => s.kind === "lsns" && s.attributes.target === "pause");
        assert.match(lsns!.body, /^ +NS TYPE +NPROCS +PID USER +COMMAND\n/, "bodies are raw tool output");
    });

    it("is truncated without the final #kpl-end-of-probe line, wherever it was cut", () => {
        const text = fixture(DOC);
        const lines = text.trimEnd().split("\n");
        for (const keep of [1, 5, lines.length - 1]) {
            const e = parseErrorOf(() => parseProbeDocument(lines.slice(0, keep).join("\n") + "\n"));
            assert.match(e.message, /#kpl-end-of-probe status=ok`: the probe output is truncated/, `cut after ${keep} lines`);
        }
        const midSection = lines.findIndex((l) => l.startsWith("#kpl-begin lsns-json"));
        assert.match(
            parseErrorOf(() => parseProbeDocument(lines.slice(0, midSection + 3).join("\n"))).message,
            /section lsns-json from line \d+ is not closed/,
        );
    });

    it("rejects a wrong first line, a failed probe, nested or mismatched sections and stray text", () => {
        const ok = fixture(DOC);
        assert.strictEqual(parseErrorOf(() => parseProbeDocument(ok.replace("#kpl-probe v1", "#kpl-probe v2"))).location, "line 1");
        assert.match(parseErrorOf(() => parseProbeDocument(ok.replace("status=ok", "status=failed"))).expected, /status=ok/);
        assert.match(
            parseErrorOf(() => parseProbeDocument(ok.replace("#kpl-end meta\n", ""))).expected,
            /#kpl-end meta` before the next section/,
        );
        assert.match(parseErrorOf(() => parseProbeDocument(ok.replace("#kpl-end meta", "#kpl-end host"))).expected, /#kpl-end meta/);
        assert.match(
            parseErrorOf(() => parseProbeDocument(ok.replace("#kpl-end meta\n", "#kpl-end meta\nprobe: oops\n"))).expected,
            /text outside a section/,
        );
        assert.match(
            parseErrorOf(() => parseProbeDocument(ok.replace("#kpl-begin host", "#kpl-begin host bad attr"))).expected,
            /key=value/,
        );
        assert.match(parseErrorOf(() => parseProbeDocument(ok + "more\n")).expected, /nothing after/);
        assert.match(parseErrorOf(() => parseProbeDocument("")).message, /empty input/);
    });

    it("accepts CRLF line ends", () => {
        const doc = parseProbeDocument(fixture(DOC).replace(/\n/g, "\r\n"));
        assert.strictEqual(doc.sections.length, parseProbeDocument(fixture(DOC)).sections.length);
    });
});
