import * as assert from "assert";
import { parseNsLinks } from "../../../probe/nsLinks";
import { parseIpAddrJson, parseIpAddrText } from "../../../probe/ipAddr";
import { fixture, parseErrorOf } from "./fixtureFiles";

describe("/proc/PID/ns links", () => {
    it("reads the real links of pause, keeping *_for_children apart", () => {
        const links = parseNsLinks(fixture("real/nslinks-pause.txt"));
        assert.deepStrictEqual(Object.keys(links.namespaces).sort(), ["cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"]);
        assert.strictEqual(links.forChildren.pid, links.namespaces.pid, "pause is PID 1 of its own pid namespace");
        assert.strictEqual(links.forChildren.time, links.namespaces.time);
        assert.deepStrictEqual(links.unreadable, []);
    });

    it("shows the seed's picture: nginx shares net/ipc/uts with pause and owns mnt/pid/cgroup", () => {
        const pause = parseNsLinks(fixture("real/nslinks-pause.txt")).namespaces;
        const nginx = parseNsLinks(fixture("real/nslinks-nginx.txt")).namespaces;
        for (const t of ["net", "ipc", "uts"] as const) assert.strictEqual(nginx[t], pause[t], t);
        for (const t of ["mnt", "pid", "cgroup"] as const) assert.notStrictEqual(nginx[t], pause[t], t);
    });

    it("does not let pid_for_children stand in for pid", () => {
        const links = parseNsLinks("pid_for_children pid:[4026532999]\nnet net:[4026532181]\n");
        assert.strictEqual(links.namespaces.pid, undefined);
        assert.strictEqual(links.forChildren.pid, 4026532999);
    });

    it("accepts `ls -l`-style arrows and records unreadable entries", () => {
        const links = parseNsLinks("net -> net:[4026532181]\nmnt\n");
        assert.deepStrictEqual(links, { namespaces: { net: 4026532181 }, forChildren: {}, unreadable: ["mnt"] });
    });

    it("rejects a link of the wrong type, an unknown entry, a repeated entry and empty input", () => {
        assert.match(parseErrorOf(() => parseNsLinks("net pid:[4026532181]")).expected, /net:\[\.\.\.\] link/);
        assert.strictEqual(parseErrorOf(() => parseNsLinks("net net:[1]\nfoo foo:[2]")).location, "line 2");
        assert.match(parseErrorOf(() => parseNsLinks("net net:[1]\nnet net:[1]")).expected, /once/);
        assert.match(parseErrorOf(() => parseNsLinks("net net:[12")).expected, /TYPE:\[INODE\]/);
        parseErrorOf(() => parseNsLinks("\n"));
    });
});

describe("ip addr", () => {
    it("gives the same sorted addresses from ip -j addr and ip addr (pause's namespace and the host)", () => {
        const pause = parseIpAddrJson(fixture("real/ip-j-addr-pause.json"));
        assert.deepStrictEqual(pause, parseIpAddrText(fixture("real/ip-addr-pause.txt")));
        assert.ok(pause.includes("eth0 10.244.1.5/24") && pause.includes("lo 127.0.0.1/8"));
        assert.ok(
            pause.some((a) => /^eth0 fe80::[0-9a-f:]+\/64$/.test(a)),
            "IPv6 link-local",
        );
        assert.deepStrictEqual([...pause].sort(), pause);
        assert.deepStrictEqual(parseIpAddrJson(fixture("real/ip-j-addr-host.json")), parseIpAddrText(fixture("real/ip-addr-host.txt")));
    });

    it("sees the same addresses from a container that shares pause's net namespace", () => {
        assert.deepStrictEqual(
            parseIpAddrJson(fixture("real/ip-j-addr-nginx.json")),
            parseIpAddrJson(fixture("real/ip-j-addr-pause.json")),
        );
    });

    it("strips colours (ip -c) and reads point-to-point peers", () => {
        const text = [
            "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536",
            "    inet \x1b[35m127.0.0.1\x1b[0m/8 scope host lo",
            "5: tun0: <POINTOPOINT,UP> mtu 1500",
            "    inet 10.8.0.1 peer 10.8.0.2/32 scope global tun0",
        ].join("\n");
        assert.deepStrictEqual(parseIpAddrText(text), ["lo 127.0.0.1/8", "tun0 10.8.0.1/32"]);
    });

    it("rejects truncated JSON, text without interfaces and an address without a prefix", () => {
        const json = fixture("real/ip-j-addr-pause.json");
        assert.strictEqual(parseErrorOf(() => parseIpAddrJson(json.slice(0, json.length / 2))).kind, "ip-json");
        assert.strictEqual(parseErrorOf(() => parseIpAddrText("hello\n")).location, "line 1");
        assert.match(parseErrorOf(() => parseIpAddrText("2: eth0: <UP>\n    inet 10.0.0.1 scope global\n")).expected, /ADDRESS\/PREFIX/);
    });
});
