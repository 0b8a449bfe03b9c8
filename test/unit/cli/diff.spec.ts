import { strict as assert } from "assert";
import { memoryIo } from "../../support/memoryIo";
import { main } from "../../../cli/lab";
import type { DiffResult } from "../../../outputs/diff";
import { buildStackOutputs, SEED_PODS } from "../outputs/support/labDocuments";

const json = (v: unknown) => JSON.stringify(v, null, 2);
const run1 = json(buildStackOutputs(SEED_PODS, 1));
const run2 = json(buildStackOutputs(SEED_PODS, 2));
const sharedPid = json(
    buildStackOutputs(
        SEED_PODS.map((p) =>
            p.name !== "myweb2" ? p : { ...p, containers: p.containers.map((c) => ({ ...c, sharing: { pid: "pod" as const } })) },
        ),
        3,
    ),
);

describe("cli: lab diff", () => {
    it("two runs of the same stack → exit 0, nothing on stderr", async () => {
        const io = memoryIo({ "before.json": run1, "after.json": run2 });
        assert.equal(await main(["diff", "before.json", "after.json"], io), 0);
        assert.match(io.out, /^no change in meaning \(\d+ volatile values differ/);
        assert.equal(io.err, "");
    });

    it("shared PID vs default → exit 1 naming pid", async () => {
        const io = memoryIo({ "before.json": run1, "after.json": sharedPid });
        assert.equal(await main(["diff", "before.json", "after.json"], io), 1);
        assert.match(io.out, /^namespaces\n {2}myweb2\/myweb2-netshoot pid: private → pod\n {2}myweb2\/myweb2-nginx pid: private → pod\n/);
        assert.match(
            io.out,
            /^note: raw texts of myweb2\/myweb2-netshoot, myweb2\/myweb2-nginx differ as the namespace changes imply\n2 changes in meaning/m,
        );
    });

    it("--json gives the machine form; AFTER may come from standard input", async () => {
        const io = memoryIo({ "before.json": run1 }, sharedPid);
        assert.equal(await main(["diff", "before.json", "-", "--json"], io), 1);
        const result = JSON.parse(io.out) as DiffResult;
        assert.equal(result.changed, true);
        assert.deepEqual(
            result.changes.map((c) => [c.section, c.kind, c.subject, c.attribute, c.before, c.after]),
            [
                ["namespaces", "changed", "myweb2/myweb2-netshoot", "pid", "private", "pod"],
                ["namespaces", "changed", "myweb2/myweb2-nginx", "pid", "private", "pod"],
            ],
        );
    });

    it("--raw compares volatile values: two runs then differ → exit 1", async () => {
        const io = memoryIo({ "before.json": run1, "after.json": run2 });
        assert.equal(await main(["diff", "before.json", "after.json", "--raw"], io), 1);
        assert.match(io.out, /myweb2\/pause PID: \d+ → \d+ \(volatile\)/);
    });

    it("colours only on a TTY", async () => {
        const plain = memoryIo({ "b.json": run1, "a.json": sharedPid });
        await main(["diff", "b.json", "a.json"], plain);
        assert.ok(!plain.out.includes("\u001b["));
        const tty = memoryIo({ "b.json": run1, "a.json": sharedPid });
        tty.isTTY = true;
        await main(["diff", "b.json", "a.json"], tty);
        assert.ok(tty.out.includes("\u001b[33mmyweb2/myweb2-nginx pid: private → pod\u001b[0m"));
    });

    const broken = (mutate: (d: Record<string, any>) => unknown) => {
        const d = JSON.parse(run2) as Record<string, any>;
        return json(mutate(d) ?? d);
    };
    const bad: Array<[string, string, RegExp]> = [
        ["malformed JSON", run2.slice(0, 200), /^lab diff: after\.json: not valid JSON \(/],
        [
            "a wrong shape",
            broken((d) => {
                d.namespaceReport.myweb2.containers = ["myweb2-nginx"];
            }),
            /^lab diff: after\.json: namespaceReport\.myweb2\.containers: expected container name → report, got an array of 1/,
        ],
        [
            "a missing section",
            broken((d) => {
                delete d.pods;
            }),
            /^lab diff: after\.json: stack outputs lack "pods"/,
        ],
        [
            "a number where a verdict belongs",
            broken((d) => {
                d.namespaceReport.myweb.containers["myweb-container"].sharing.pid = 1;
            }),
            /^lab diff: after\.json: namespaceReport\.myweb\.containers\.myweb-container\.sharing\.pid: expected pod, private or host, got 1/,
        ],
    ];
    for (const [what, text, pattern] of bad) {
        it(`${what} → exit 2 with one line naming the file`, async () => {
            const io = memoryIo({ "before.json": run1, "after.json": text });
            assert.equal(await main(["diff", "before.json", "after.json"], io), 2);
            assert.equal(io.err.split("\n").filter(Boolean).length, 1, io.err);
            assert.match(io.err, pattern);
            assert.equal(io.out, "");
        });
    }

    it("usage errors → exit 2 with one line", async () => {
        for (const args of [["diff"], ["diff", "a.json"], ["diff", "a", "b", "c"], ["diff", "-", "-"], ["diff", "a", "b", "--colour"]]) {
            const io = memoryIo({ a: run1, b: run2 });
            assert.equal(await main(args, io), 2, args.join(" "));
            assert.equal(io.err.split("\n").filter(Boolean).length, 1, io.err);
        }
    });
});
