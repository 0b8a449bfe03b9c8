import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { memoryIo } from "../../support/memoryIo";
import { main } from "../../../cli/lab";
import { buildStackOutputs, SEED_PODS } from "../outputs/support/labDocuments";
import { GOLDEN } from "../../support/paths";

const seedInput = fs.readFileSync(path.join(GOLDEN, "seed.input.json"), "utf8");

function oneErrorLine(err: string): string {
    assert.equal(err.split("\n").filter((l) => l !== "").length, 1, `exactly one line on stderr, got: ${JSON.stringify(err)}`);
    return err;
}

describe("cli: lab report", () => {
    it("prints the golden table from a file, without colour when not a TTY", async () => {
        const io = memoryIo({ "out.json": seedInput });
        assert.equal(await main(["report", "out.json"], io), 0);
        assert.equal(io.out, fs.readFileSync(path.join(GOLDEN, "seed.table.txt"), "utf8"));
        assert.ok(!io.out.includes("\u001b["));
        assert.equal(io.err, "");
    });

    it("colours the table on a TTY only", async () => {
        const io = memoryIo({ "out.json": seedInput });
        io.isTTY = true;
        assert.equal(await main(["report", "out.json"], io), 0);
        assert.equal(io.out, fs.readFileSync(path.join(GOLDEN, "seed.tty.txt"), "utf8"));
        const md = memoryIo({ "out.json": seedInput });
        md.isTTY = true;
        assert.equal(await main(["report", "out.json", "--format", "md"], md), 0);
        assert.ok(!md.out.includes("\u001b["), "Markdown never carries colour");
    });

    it("reads standard input by default and with -; --format md and --format=json", async () => {
        const a = memoryIo({}, seedInput);
        assert.equal(await main(["report", "--format", "md"], a), 0);
        assert.equal(a.out, fs.readFileSync(path.join(GOLDEN, "seed.md"), "utf8"));
        const b = memoryIo({}, seedInput);
        assert.equal(await main(["report", "-", "--format=json"], b), 0);
        assert.equal(b.out, fs.readFileSync(path.join(GOLDEN, "seed.json"), "utf8"));
    });

    it("reads a bare namespaceReport", async () => {
        const io = memoryIo({ "r.json": JSON.stringify(buildStackOutputs(SEED_PODS, 5).namespaceReport) });
        assert.equal(await main(["report", "r.json"], io), 0);
        assert.match(io.out, /^Namespaces per pod\n/);
        assert.match(io.out, /In pod myweb2, pause holds the net, ipc and uts namespaces/);
    });

    const bad: Array<[string, string, RegExp]> = [
        ["malformed JSON", '{"clusterName": ', /^lab report: bad\.json: not valid JSON \(/],
        ["wrong shape", "[1, 2]", /^lab report: bad\.json: expected a JSON object .*got an array of 2/],
        [
            "missing sections",
            JSON.stringify({ clusterName: "myk8s", kubeconfig: "[secret]" }),
            /^lab report: bad\.json: stack outputs lack "kindConfig", "nodes", .*"namespaceReport"/,
        ],
        [
            "a masked namespaceReport",
            JSON.stringify({ ...buildStackOutputs(SEED_PODS, 1), namespaceReport: "[secret]" }),
            /^lab report: bad\.json: namespaceReport: is a secret here; rerun `pulumi stack output --json --show-secrets`/,
        ],
    ];
    for (const [what, text, pattern] of bad) {
        it(`${what} → exit 2 with one line naming the file`, async () => {
            const io = memoryIo({ "bad.json": text });
            assert.equal(await main(["report", "bad.json"], io), 2);
            assert.match(oneErrorLine(io.err), pattern);
            assert.equal(io.out, "");
        });
    }

    it("a missing file, an unknown format or option, two files → exit 2 with one line", async () => {
        for (const args of [
            ["report", "/nonexistent/out.json"],
            ["report", "--format", "html"],
            ["report", "--colour"],
            ["report", "a", "b"],
            ["report", "--format"],
        ]) {
            const io = memoryIo();
            assert.equal(await main(args, io), 2, args.join(" "));
            oneErrorLine(io.err);
        }
        const io = memoryIo();
        await main(["report", "/nonexistent/out.json"], io);
        assert.match(io.err, /^lab report: \/nonexistent\/out\.json: cannot read \(ENOENT\)/);
    });
});
