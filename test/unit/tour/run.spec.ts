// Long outputs are trimmed to a screen, but never lose a marked line: the lines that matter stay, gaps say so.
import { strict as assert } from "assert";
import { trimOutput } from "../../../tour/run";
import { translator } from "../../../tour/texts";

describe("tour: trimming long output", () => {
    const tr = translator("en");
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i}`);

    it("keeps the header, every marked line and fills up to the limit; the rest is counted", () => {
        const marks = [
            { line: 70, text: "◀ here", kind: "pod" as const },
            { line: 99, text: "◀ last", kind: "info" as const },
        ];
        const t = trimOutput({ lines, marks }, 10, tr);
        assert.deepEqual(t.lines.slice(0, 8), ["line 0", "line 1", "line 2", "line 3", "line 4", "line 5", "line 6", "line 7"]);
        assert.deepEqual(
            t.marks.map((m) => t.lines[m.line]),
            ["line 70", "line 99"],
        );
        assert.equal(t.lines.filter((l) => l === "…").length, 2);
        assert.match(t.lines[t.lines.length - 1], /^… 90 more lines/);
    });

    it("leaves a short output as it is", () => {
        const short = { lines: lines.slice(0, 5), marks: [{ line: 2, text: "x", kind: "info" as const }] };
        assert.deepEqual(trimOutput(short, 10, tr), short);
    });
});
