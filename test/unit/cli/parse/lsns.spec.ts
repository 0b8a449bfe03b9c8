import * as assert from "assert";
import { parseLsns, parseLsnsJson, parseLsnsTable, LsnsRow } from "../../../../cli/parse/lsns";
import { parseNsLinks } from "../../../../probe/nsLinks";
import { byInode, capturedPids, fixture, parseErrorOf } from "../../probe/fixtureFiles";

const withoutCounts = (rows: LsnsRow[]) => byInode(rows).map(({ nprocs: _n, ...rest }) => rest);

describe("lsns table and lsns -J (real outputs from this machine)", () => {
    const pids = capturedPids();

    for (const who of ["pause", "nginx", "host"] as const) {
        it(`the table and the JSON of lsns -p <${who}> give the same rows`, () => {
            const table = parseLsnsTable(fixture(`real/lsns-p-${who}.txt`));
            const json = parseLsnsJson(fixture(`real/lsns-J-p-${who}.json`));
            assert.strictEqual(table.length, 8, "one row per namespace type");
            assert.deepStrictEqual(withoutCounts(table), withoutCounts(json));
        });
    }

    it("agrees with /proc/PID/ns for every type of the pid it was asked about", () => {
        for (const [who, file] of [
            ["pause", "lsns-p-pause.txt"],
            ["nginx", "lsns-p-nginx.txt"],
            ["netshoot", "lsns-p-netshoot-numeric-user.txt"],
        ]) {
            const rows = parseLsnsTable(fixture(`real/${file}`));
            const links = parseNsLinks(fixture(`real/nslinks-${who}.txt`)).namespaces;
            assert.deepStrictEqual(Object.fromEntries(rows.map((r) => [r.type, r.ns])), links, who);
        }
    });

    it("keeps numeric users as text and removes the tree glyph from COMMAND", () => {
        const rows = parseLsnsTable(fixture("real/lsns-p-netshoot-numeric-user.txt"));
        const pid = rows.find((r) => r.type === "pid");
        assert.deepStrictEqual(pid, {
            ns: pid!.ns,
            type: "pid",
            nprocs: 1,
            pid: capturedPids().NETSHOOT,
            user: "65532",
            command: "sleep 2147483645",
        });
        const mnt = rows.find((r) => r.type === "mnt");
        assert.match(mnt!.command!, /^unshare --mount --pid --cgroup --fork --mount-proc -- setpriv /, "COMMAND keeps its spaces");
    });

    it("reads --tree=parent: glyphs in the NS column, a row with NPROCS 0 and no PID/COMMAND", () => {
        const rows = parseLsnsTable(fixture("real/lsns-T-parent-pid.txt"));
        assert.deepStrictEqual(rows[0], { ns: rows[0].ns, type: "user", nprocs: 0, pid: null, user: "root", command: null });
        assert.deepStrictEqual(
            rows
                .slice(2)
                .map((r) => r.pid)
                .sort(),
            [pids.PAUSE, pids.NGINX, pids.NETSHOOT].sort(),
        );
        assert.ok(rows.every((r) => Number.isSafeInteger(r.ns) && !/[─│├└]/.test(r.command ?? "")));
    });

    it("reads the ASCII tree of a C locale the same as the UTF-8 tree", () => {
        assert.deepStrictEqual(
            withoutCounts(parseLsnsTable(fixture("real/lsns-T-parent-pid-ascii-tree.txt"))),
            withoutCounts(parseLsnsTable(fixture("real/lsns-T-parent-pid.txt"))),
        );
        const ascii = parseLsnsTable(fixture("real/lsns-p-nginx-ascii-tree.txt"));
        assert.deepStrictEqual(withoutCounts(ascii), withoutCounts(parseLsnsTable(fixture("real/lsns-p-nginx.txt"))));
        assert.strictEqual(ascii.find((r) => r.type === "pid")!.command, "sleep 2147483646");
    });

    it("reads -t net with NETNSID and NSFS (a pinned netns) the same as its JSON", () => {
        const table = parseLsnsTable(fixture("real/lsns-t-net.txt"));
        const json = parseLsnsJson(fixture("real/lsns-J-t-net.json"));
        assert.deepStrictEqual(withoutCounts(table), withoutCounts(json));
        assert.deepStrictEqual(
            table.map((r) => r.nsfs),
            [null, null, "/run/netns/kpl-fixture-pinned"],
        );
        assert.ok(table.every((r) => r.netnsid === "unassigned" || /^\d+$/.test(r.netnsid ?? "")));
        assert.ok(table.some((r) => r.netnsid === "unassigned"));
    });

    it("flattens the nested children of lsns -J into the rows of lsns -J --list, and matches the full table", () => {
        const tree = parseLsnsJson(fixture("real/lsns-J-tree.json"));
        const list = parseLsnsJson(fixture("real/lsns-J-list.json"));
        const keys = (rows: LsnsRow[]) => byInode(rows).map((r) => `${r.type}:${r.ns}`);
        assert.ok(fixture("real/lsns-J-tree.json").includes('"children"'), "the fixture nests children");
        assert.deepStrictEqual(keys(tree), keys(list));
        assert.deepStrictEqual(keys(parseLsnsTable(fixture("real/lsns-all-tree.txt"))), keys(list));
    });

    it("falls back to whitespace splitting for a table whose spacing was changed by hand", () => {
        const original = fixture("real/lsns-p-pause.txt");
        const squeezed = original
            .split("\n")
            .map((l) => l.trim().replace(/ +/g, " "))
            .join("\n");
        assert.deepStrictEqual(parseLsnsTable(squeezed), parseLsnsTable(original));
    });
});

describe("lsns variants this machine cannot produce (hand-written)", () => {
    it("util-linux 2.41 rows with NPROCS 0 and empty PID/USER/COMMAND", () => {
        const rows = parseLsnsTable(fixture("handwritten/lsns-2.41-nprocs-zero.txt"));
        assert.strictEqual(rows.length, 9);
        assert.deepStrictEqual(rows[3], { ns: 4026532181, type: "net", nprocs: 0, pid: null, user: null, command: null });
        assert.deepStrictEqual(rows[4], { ns: 4026532243, type: "uts", nprocs: 3, pid: 1695, user: "65535", command: "/pause" });
    });

    it("old -t net without NETNSID/NSFS, with pasted # comment lines", () => {
        const rows = parseLsnsTable(fixture("handwritten/lsns-old-t-net-no-netnsid.txt"));
        assert.deepStrictEqual(
            rows.map((r) => [r.ns, r.pid, r.user, r.command]),
            [
                [4026531957, 1, "root", "/sbin/init"],
                [4026532181, 1695, "65535", "/pause"],
            ],
        );
        assert.ok(rows.every((r) => !("netnsid" in r) && !("nsfs" in r)));
    });

    it("old lsns -J with numbers as strings, null cells and nested children", () => {
        const rows = parseLsns(fixture("handwritten/lsns-J-numbers-as-strings.json"));
        assert.deepStrictEqual(rows, [
            { ns: 4026531836, type: "pid", nprocs: 142, pid: 1, user: "root", command: "/sbin/init" },
            { ns: 4026532247, type: "pid", nprocs: 1, pid: 1695, user: "65535", command: "/pause" },
            {
                ns: 4026532181,
                type: "net",
                nprocs: 0,
                pid: null,
                user: null,
                command: null,
                netnsid: "2",
                nsfs: "/run/netns/cni-5e3c8a2a-6b1c-7f0e-4b7d-2f1f4d7a9c11",
            },
        ]);
    });
});

describe("lsns errors", () => {
    it("rejects input without a header (lsns prints nothing when it cannot read a pid)", () => {
        assert.match(parseErrorOf(() => parseLsnsTable("")).expected, /header line/);
        const e = parseErrorOf(() => parseLsnsTable("4026531834 time 83 2 root kthreadd\n"));
        assert.strictEqual(e.location, "line 1");
    });

    it("names the line and column of a bad cell", () => {
        const lines = fixture("real/lsns-p-pause.txt").split("\n");
        assert.match(lines[2], /^\d+ user /);
        lines[2] = lines[2].replace(" user ", " usr! ");
        const e = parseErrorOf(() => parseLsnsTable(lines.join("\n")));
        assert.strictEqual(e.location, "line 3");
        assert.strictEqual(e.found, '"usr!"');
        assert.match(e.expected, /column TYPE/);
    });

    it("rejects a row cut short rather than inventing cells", () => {
        const header = "        NS TYPE   NPROCS   PID USER COMMAND";
        const e = parseErrorOf(() => parseLsnsTable(`${header}\n4026532181 net         6  56\n`));
        assert.strictEqual(e.location, "line 2");
    });

    it("rejects lsns -J without the namespaces member and with an unknown type", () => {
        assert.match(parseErrorOf(() => parseLsnsJson("{}")).expected, /namespaces/);
        assert.strictEqual(parseErrorOf(() => parseLsnsJson('{"namespaces":[{"ns":1,"type":"netw"}]}')).location, "$.namespaces[0].type");
    });
});
