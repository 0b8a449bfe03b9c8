import * as assert from "assert";
import { run } from "../../../cli/parse/index";
import { main } from "../../../cli/lab";
import { memoryIo } from "../../support/memoryIo";
import { parseLsnsTable } from "../../../cli/parse/lsns";
import { fixture, FIXTURES } from "../probe/fixtureFiles";
import * as path from "path";

const file = (relative: string) => path.join(FIXTURES, relative);

/** The one line a failed run prints, checked to be exactly one line. */
function oneLine(err: string): string {
    assert.ok(err.endsWith("\n") && err.indexOf("\n") === err.length - 1, `one line on stderr, got ${JSON.stringify(err)}`);
    return err.trimEnd();
}

describe("lab parse", () => {
    it("crictl-inspect prints { id, name, podSandboxId, pid, namespaces } with lsns type names", async () => {
        const io = memoryIo();
        assert.strictEqual(await main(["parse", "crictl-inspect", file("crictl-inspect-myweb2-nginx.json")], io), 0);
        assert.strictEqual(io.err, "");
        const out = JSON.parse(io.out);
        assert.deepStrictEqual(Object.keys(out), ["id", "name", "podSandboxId", "pid", "namespaces"]);
        assert.strictEqual(out.pid, 1757);
        assert.deepStrictEqual(out.namespaces.net, { shared: true, holderPid: 1695, path: "/proc/1695/ns/net" });
        assert.deepStrictEqual(out.namespaces.mnt, { shared: false, holderPid: null, path: null });
        assert.strictEqual(out.namespaces.network, undefined);
    });

    it("lsns reads a table from stdin and prints the rows", async () => {
        const table = fixture("real/lsns-p-pause.txt");
        const io = memoryIo({}, table);
        assert.strictEqual(await run(["lsns", "-"], io), 0);
        assert.deepStrictEqual(JSON.parse(io.out), parseLsnsTable(table));
        assert.deepStrictEqual(Object.keys(JSON.parse(io.out)[0]), ["ns", "type", "nprocs", "pid", "user", "command"]);
    });

    it("lsns reads lsns -J too", async () => {
        const io = memoryIo();
        assert.strictEqual(await run(["lsns", file("real/lsns-J-p-nginx.json")], io), 0);
        assert.strictEqual(JSON.parse(io.out).length, 8);
    });

    it("probe prints { lsns, crictlInspect, report }", async () => {
        const io = memoryIo();
        assert.strictEqual(await run(["probe", file("real/myweb2-assembled.probe.txt")], io), 0);
        const out = JSON.parse(io.out);
        assert.deepStrictEqual(Object.keys(out), ["lsns", "crictlInspect", "report"]);
        assert.strictEqual(out.report.consistent, true);
    });

    it("exits 2 with one line naming the file and what was expected", async () => {
        const io = memoryIo({ "bad.json": '{"status": {"id": "x", "metadata": {"name": "c"}}, "info": {"pid": 12}}' });
        assert.strictEqual(await run(["crictl-inspect", "bad.json"], io), 2);
        assert.strictEqual(io.out, "");
        assert.match(oneLine(io.err), /^lab parse: bad\.json: crictl-inspect \(\$\.info\.sandboxID\): expected a string, found nothing$/);

        const truncated = memoryIo({}, fixture("real/myweb2-assembled.probe.txt").split("#kpl-end-of-probe")[0]);
        assert.strictEqual(await run(["probe", "-"], truncated), 2);
        assert.match(
            oneLine(truncated.err),
            /^lab parse: <stdin>: probe-document \(line \d+\): expected the final line `#kpl-end-of-probe status=ok`: the probe output is truncated$/,
        );

        const empty = memoryIo({ "empty.txt": "" });
        assert.strictEqual(await run(["lsns", "empty.txt"], empty), 2);
        assert.match(oneLine(empty.err), /^lab parse: empty\.txt: lsns: expected the header line/);
    });

    it("exits 2 on usage errors and unreadable files, 0 for --help", async () => {
        for (const args of [[], ["nope", "x"], ["lsns"], ["lsns", "a", "b"]]) {
            const io = memoryIo();
            assert.strictEqual(await run(args, io), 2, args.join(" "));
            assert.match(oneLine(io.err), /^lab parse: expected /);
        }
        const missing = memoryIo();
        assert.strictEqual(await run(["lsns", "/nonexistent/lsns.txt"], missing), 2);
        assert.strictEqual(oneLine(missing.err), "lab parse: /nonexistent/lsns.txt: expected a readable file (ENOENT)");
        const option = memoryIo();
        assert.strictEqual(await run(["lsns", "--raw", "a.txt"], option), 2);
        assert.strictEqual(oneLine(option.err), "lab parse: unknown option --raw; see `lab parse --help`");
        for (const flag of ["--help", "-h"]) {
            const help = memoryIo();
            assert.strictEqual(await run([flag], help), 0);
            assert.match(help.out, /crictl-inspect/);
        }
    });
});
