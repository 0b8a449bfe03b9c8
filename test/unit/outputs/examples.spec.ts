// The committed examples/ (built by scripts/examples/regenerate.ts from real captured probe documents): they
// must still read, render, diff as the README says, and mean what the captures mean today (exact bytes are
// not compared: the runtime tests re-capture, and every re-capture has new PIDs and ids; --check does that).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { memoryIo } from "../../support/memoryIo";
import { main } from "../../../cli/lab";
import { diffOutputs } from "../../../outputs/diff";
import { normaliseOutputs, normaliseOutputsText } from "../../../outputs/normalise";
import { buildExamples, readCaptures } from "../../../scripts/examples/regenerate";
import { REPO_ROOT } from "../../support/paths";

const ROOT = REPO_ROOT;
const EXAMPLES = path.join(ROOT, "examples");
const CAPTURES = path.join(ROOT, "test", "fixtures", "captured");
const files = fs.existsSync(EXAMPLES)
    ? fs
          .readdirSync(EXAMPLES)
          .filter((f) => f.endsWith(".json"))
          .sort()
    : [];
const has = (f: string) => files.includes(f);

async function lab(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const io = memoryIo();
    const code = await main(
        args.map((a) => (a.endsWith(".json") ? path.join(EXAMPLES, a) : a)),
        io,
    );
    return { code, out: io.out, err: io.err };
}

describe("examples/ (real captures as stack outputs)", function () {
    this.timeout(20000);
    if (files.length === 0) {
        it.skip("no examples yet: run scripts/examples/regenerate.ts once captures exist");
        return;
    }

    for (const file of files) {
        it(`${file}: lab report renders it`, async () => {
            const r = await lab(["report", file]);
            assert.equal(r.code, 0, r.err);
            assert.match(r.out, /In pod myweb2, pause holds the /);
        });
    }

    it("two captures of the same pod (different PIDs, inodes, ids, UIDs) → exit 0", async function () {
        if (!has("outputs-rerun.json")) this.skip();
        const r = await lab(["diff", "outputs.json", "outputs-rerun.json"]);
        assert.equal(r.code, 0, r.out + r.err);
        assert.match(r.out, /^no change in meaning/m);
    });

    it("shared PID capture vs the default → exit 1 naming pid", async function () {
        if (!has("outputs-sharedpid.json")) this.skip();
        const r = await lab(["diff", "outputs.json", "outputs-sharedpid.json"]);
        assert.equal(r.code, 1, r.err);
        assert.match(r.out, /myweb2\/myweb2-nginx pid: private → pod/);
    });

    it("host network capture vs the default → exit 1 naming net as host", async function () {
        if (!has("outputs-hostnetwork.json")) this.skip();
        const r = await lab(["diff", "outputs.json", "outputs-hostnetwork.json"]);
        assert.equal(r.code, 1, r.err);
        assert.match(r.out, /myweb2\/myweb2-nginx net: pod → host/);
        assert.match(r.out, /myweb2\/pause net: private → host/);
    });

    it("experiments on → the variant pods are added", async function () {
        if (!has("outputs-experiments.json")) this.skip();
        const r = await lab(["diff", "outputs.json", "outputs-experiments.json"]);
        assert.equal(r.code, 1, r.err);
        assert.match(r.out, /^ {2}\+ pod myweb2-/m);
    });

    it("mean what today's captures mean (re-captured pods give new PIDs and ids, not new meaning)", function () {
        if (!fs.existsSync(CAPTURES) || !fs.readdirSync(CAPTURES).some((f) => f.endsWith(".probe.txt"))) this.skip();
        const built = buildExamples(readCaptures(CAPTURES));
        assert.deepEqual([...built.keys()].sort(), files);
        for (const [file, { doc }] of built) {
            const committed = normaliseOutputsText(fs.readFileSync(path.join(EXAMPLES, file), "utf8"));
            const result = diffOutputs(committed, normaliseOutputs(JSON.parse(JSON.stringify(doc))));
            assert.deepEqual(
                result.changes.map((c) => c.text),
                [],
                `${file} no longer matches the captures: rerun scripts/examples/regenerate.ts`,
            );
        }
    });
});
