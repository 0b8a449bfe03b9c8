import * as assert from "assert";
import { analyseProbeOutput, buildPodNamespaceReport, ContainerPieces, PodProbePieces } from "../../../probe/analyse";
import { parseCrictlInspect } from "../../../probe/crictlInspect";
import { parseCrictlInspectp } from "../../../probe/crictlInspectp";
import { parseNsLinks } from "../../../probe/nsLinks";
import { parseIpAddrJson } from "../../../probe/ipAddr";
import { ProbeAnalysisError, ProbeParseError } from "../../../probe/errors";
import { NamespaceInodes } from "../../../probe/types";
import { capturedPids, fixture, parseErrorOf } from "./fixtureFiles";

const SANDBOX = "9ccff0d4c0a38e769d7f48a552deca4f87df41c31e6cfa641c58688108a2a8bc";
const DOC = "real/myweb2-assembled.probe.txt";
const links = (who: string) => parseNsLinks(fixture(`real/nslinks-${who}.txt`)).namespaces;

/**
 * The seed's real crictl inspect outputs (pause 1695, nginx 1757, netshoot 1890) with real kernel inodes of
 * the same topology captured on this machine.
 */
function seedPieces(): PodProbePieces {
    const addresses = parseIpAddrJson(fixture("real/ip-j-addr-pause.json"));
    const container = (who: string, file: string): ContainerPieces => {
        const inspect = parseCrictlInspect(fixture(file));
        return { name: inspect.name, pid: inspect.pid, namespaces: links(who), addresses, inspect };
    };
    return {
        node: "myk8s-worker",
        sandboxId: SANDBOX,
        host: { pid: 1, namespaces: links("host") },
        pause: { pid: 1695, namespaces: links("pause"), addresses },
        sandbox: parseCrictlInspectp(fixture("handwritten/crictl-inspectp-containerd-myweb2.json")),
        containers: [container("nginx", "crictl-inspect-myweb2-nginx.json"), container("netshoot", "crictl-inspect-myweb2-netshoot.json")],
    };
}

describe("namespace analysis from parsed pieces (seed's crictl inspect + real inodes)", () => {
    it("reaches the seed's conclusion: net/ipc/uts pod, mnt/pid/cgroup private, consistent", () => {
        const report = buildPodNamespaceReport(seedPieces());
        assert.deepStrictEqual(report.inconsistencies, []);
        assert.strictEqual(report.consistent, true);
        assert.strictEqual(report.node, "myk8s-worker");
        assert.strictEqual(report.sandboxId, SANDBOX);
        for (const name of ["myweb2-nginx", "myweb2-netshoot"]) {
            const c = report.containers[name];
            assert.deepStrictEqual(
                c.sharing,
                { net: "pod", ipc: "pod", uts: "pod", mnt: "private", pid: "private", cgroup: "private", user: "host", time: "host" },
                name,
            );
        }
        assert.strictEqual(report.containers["myweb2-nginx"].pid, 1757);
        assert.strictEqual(report.containers["myweb2-netshoot"].id, "51d94f347c1373736bf84dbe7cf05074cf2ae1f58431041a607621d04fe228a3");
        assert.deepStrictEqual(report.pause.sharing, {
            net: "private",
            ipc: "private",
            uts: "private",
            mnt: "private",
            pid: "private",
            cgroup: "private",
            user: "host",
            time: "host",
        });
        assert.deepStrictEqual(report.containers["myweb2-nginx"].namespaces.net, links("pause").net);
    });

    it('shared PID namespace: pid joined to pause and the same inode → pid "pod", consistent', () => {
        const pieces = seedPieces();
        for (const c of pieces.containers) {
            c.inspect.namespaces.pid = { shared: true, holderPid: 1695, path: "/proc/1695/ns/pid" };
            c.namespaces = { ...c.namespaces, pid: pieces.pause.namespaces.pid };
        }
        const report = buildPodNamespaceReport(pieces);
        assert.strictEqual(report.containers["myweb2-nginx"].sharing.pid, "pod");
        assert.deepStrictEqual(report.inconsistencies, []);
    });

    it("shared PID namespace in the spec but a private one in the kernel → inconsistent, naming pid", () => {
        const pieces = seedPieces();
        pieces.containers[0].inspect.namespaces.pid = { shared: true, holderPid: 1695, path: "/proc/1695/ns/pid" };
        const report = buildPodNamespaceReport(pieces);
        assert.strictEqual(report.consistent, false);
        assert.deepStrictEqual(report.inconsistencies, [
            `myweb2-nginx pid: the runtime spec joins /proc/1695/ns/pid (pause, pid 1695), but the kernel shows pid:[${links("nginx").pid}], not pid:[${links("pause").pid}].`,
        ]);
    });

    it('host network: no network entry in the specs, the node\'s net inode everywhere → net "host", consistent', () => {
        const pieces = seedPieces();
        const hostNet = pieces.host.namespaces.net;
        pieces.pause.namespaces = { ...pieces.pause.namespaces, net: hostNet };
        for (const c of pieces.containers) {
            delete c.inspect.namespaces.net;
            c.namespaces = { ...c.namespaces, net: hostNet };
        }
        const sandbox = pieces.sandbox!;
        delete sandbox.namespaces!.net;
        sandbox.namespaceOptions = { ...sandbox.namespaceOptions!, network: "NODE" };
        const report = buildPodNamespaceReport(pieces);
        assert.deepStrictEqual(report.inconsistencies, []);
        assert.strictEqual(report.pause.sharing.net, "host");
        assert.strictEqual(report.containers["myweb2-netshoot"].sharing.net, "host");
        assert.strictEqual(report.containers["myweb2-netshoot"].sharing.ipc, "pod");
    });

    it("a spec that omits network while the kernel shows a pod network is inconsistent", () => {
        const pieces = seedPieces();
        delete pieces.containers[1].inspect.namespaces.net;
        const report = buildPodNamespaceReport(pieces);
        assert.strictEqual(report.inconsistencies.length, 1);
        assert.match(
            report.inconsistencies[0],
            /^myweb2-netshoot net: the runtime spec lists no net namespace, so it should be the node's/,
        );
    });

    it("an own namespace in the spec that the kernel shows as pause's is inconsistent", () => {
        const pieces = seedPieces();
        pieces.containers[0].namespaces = { ...pieces.containers[0].namespaces, mnt: pieces.pause.namespaces.mnt };
        const report = buildPodNamespaceReport(pieces);
        assert.strictEqual(report.containers["myweb2-nginx"].sharing.mnt, "pod");
        assert.deepStrictEqual(report.inconsistencies, [
            `myweb2-nginx mnt: the runtime spec creates its own mnt namespace, but the kernel shows mnt:[${links("pause").mnt}], which is pause's.`,
        ]);
    });

    it("checks crictl's pid and sandbox against the probe, and inspectp's pid against pause", () => {
        const pieces = seedPieces();
        pieces.containers[0].pid = 4242;
        pieces.containers[1].inspect.podSandboxId = "0000";
        pieces.pause.pid = 1700;
        const issues = buildPodNamespaceReport(pieces).inconsistencies;
        assert.ok(issues.includes("myweb2-nginx: crictl inspect says pid 1757, but the probe examined pid 4242."), issues.join("\n"));
        assert.ok(issues.includes(`myweb2-netshoot: crictl inspect says sandbox 0000, but the pod's sandbox is ${SANDBOX}.`));
        assert.ok(issues.includes("pause: crictl inspectp says pid 1695, but the probe examined pid 1700."));
        assert.ok(
            issues.some((i) =>
                /^myweb2-nginx net: the runtime spec joins \/proc\/1695\/ns\/net, but pid 1695 is neither pause \(pid 1700\)/.test(i),
            ),
        );
    });

    it("CRI-O's pinned paths must show the pod's inode", () => {
        const pieces = seedPieces();
        const crio = parseCrictlInspect(fixture("handwritten/crictl-inspect-crio.json"));
        pieces.sandbox = null;
        pieces.sandboxId = crio.podSandboxId;
        pieces.containers = [{ name: crio.name, pid: crio.pid, namespaces: links("nginx"), addresses: [], inspect: crio }];
        assert.deepStrictEqual(buildPodNamespaceReport(pieces).inconsistencies, []);
        pieces.containers[0].namespaces = { ...links("nginx"), ipc: 4026599999 };
        assert.deepStrictEqual(buildPodNamespaceReport(pieces).inconsistencies, [
            `myweb2-nginx ipc: the runtime spec joins the pinned namespace /var/run/ipcns/6a3c4f0e-2b1d-4c9e-8f7a-5d6e7f8a9b0c, but the kernel shows ipc:[4026599999], not the pod's ipc:[${links("pause").ipc}].`,
        ]);
    });
});

describe("analyseProbeOutput on the assembled real document", () => {
    it("reports the seed's picture with the pids of the capture and keeps the raw sections", () => {
        const pids = capturedPids();
        const result = analyseProbeOutput(fixture(DOC));
        const { report } = result;
        assert.deepStrictEqual(report.inconsistencies, []);
        assert.strictEqual(report.consistent, true);
        assert.strictEqual(report.pause.pid, pids.PAUSE);
        assert.deepStrictEqual(report.pause.namespaces, links("pause"));
        assert.strictEqual(report.containers["myweb2-nginx"].pid, pids.NGINX);
        assert.deepStrictEqual(report.containers["myweb2-netshoot"].namespaces, links("netshoot"));
        for (const c of Object.values(report.containers)) {
            assert.deepStrictEqual(
                [c.sharing.net, c.sharing.ipc, c.sharing.uts, c.sharing.mnt, c.sharing.pid],
                ["pod", "pod", "pod", "private", "private"],
            );
            assert.deepStrictEqual(c.addresses, report.pause.addresses);
        }
        assert.ok(report.pause.addresses.includes("eth0 10.244.1.5/24"));
        assert.deepStrictEqual(Object.keys(result.lsns), ["pause", "myweb2-nginx", "myweb2-netshoot"]);
        assert.match(result.lsns.pause, /^ +NS TYPE/);
        assert.deepStrictEqual(Object.keys(result.crictlInspect), ["myweb2-nginx", "myweb2-netshoot"]);
        assert.strictEqual(parseCrictlInspect(result.crictlInspect["myweb2-nginx"]).pid, pids.NGINX);
        assert.strictEqual(JSON.parse(JSON.stringify(result)).report.consistent, true, "the result is plain JSON");
    });

    it("takes each fact from the one section the probe prints it in: inodes from /proc/PID/ns, the sandbox from pause's id", () => {
        const text = fixture(DOC);
        const pauseNet = links("pause").net!;
        // The lsns table is shown raw, never read for the report: a changed inode there changes nothing.
        const lsnsStart = text.indexOf("#kpl-begin lsns target=pause");
        const lsnsEnd = text.indexOf("#kpl-end lsns", lsnsStart);
        const lsnsTampered =
            text.slice(0, lsnsStart) +
            text.slice(lsnsStart, lsnsEnd).replace(String(pauseNet), String(pauseNet + 1000)) +
            text.slice(lsnsEnd);
        assert.notStrictEqual(lsnsTampered, text);
        const fromTampered = analyseProbeOutput(lsnsTampered).report;
        assert.strictEqual(fromTampered.pause.namespaces.net, pauseNet);
        assert.strictEqual(fromTampered.consistent, true);
        // A type missing from /proc/PID/ns is not made up from another source.
        const withoutNet = text.replace(`net net:[${pauseNet}]\n`, "");
        assert.strictEqual(analyseProbeOutput(withoutNet).report.pause.namespaces.net, undefined);
        // The sandbox id is the pause target's; without it there is no report.
        assert.match(
            parseErrorOf(() => analyseProbeOutput(text.replace(/(#kpl-begin target name=pause pid=\d+) id=\S+/, "$1"))).message,
            /id=SANDBOX on the pause target/,
        );
    });

    it("places a bad section's error at its document line", () => {
        const lines = fixture(DOC).split("\n");
        const begin = lines.findIndex((l) => l.startsWith("#kpl-begin nslinks target=myweb2-nginx"));
        lines[begin + 2] = "ipc banana";
        const e = parseErrorOf(() => analyseProbeOutput(lines.join("\n")));
        assert.strictEqual(e.kind, "nslinks");
        assert.strictEqual(e.location, `line ${begin + 3}`);
        assert.match(e.section ?? "", /^nslinks target=myweb2-nginx \(line \d+\)$/);
    });

    it("rejects documents the report cannot be built from", () => {
        const text = fixture(DOC);
        const pids = capturedPids();
        assert.match(
            parseErrorOf(() => analyseProbeOutput(text.replace(/target name=pause /, "target name=sandbox "))).message,
            /target=pause|name=pause/,
        );
        assert.match(
            parseErrorOf(() =>
                analyseProbeOutput(text.replace(/inspect container=(\S+) name=myweb2-nginx/, "inspect container=$1 name=other")),
            ).message,
            /inspect section name=myweb2-nginx/,
        );
        assert.match(
            parseErrorOf(() => analyseProbeOutput(text.replace(`name=myweb2-nginx pid=${pids.NGINX}`, "name=myweb2-nginx pid=0"))).message,
            /pid=N attribute with N ≥ 1/,
        );
        assert.match(parseErrorOf(() => analyseProbeOutput(text.replace(/^node=.*$/m, ""))).message, /node=NAME/);
        const noInodes = text.replace(/#kpl-begin (nslinks|lsns|lsns-json) target=myweb2-netshoot[\s\S]*?#kpl-end \1\n/g, "");
        assert.throws(
            () => analyseProbeOutput(noInodes),
            (e: unknown) => e instanceof ProbeAnalysisError && /myweb2-netshoot/.test(e.message),
        );
        assert.ok(!(new ProbeAnalysisError("x") instanceof ProbeParseError));
    });
});

describe("the report's namespace maps", () => {
    it("list types in the report's order whatever order the pieces had", () => {
        const pieces = seedPieces();
        const reversed: NamespaceInodes = Object.fromEntries(Object.entries(pieces.pause.namespaces).reverse());
        pieces.pause.namespaces = reversed;
        assert.deepStrictEqual(Object.keys(buildPodNamespaceReport(pieces).pause.namespaces), [
            "net",
            "ipc",
            "uts",
            "mnt",
            "pid",
            "cgroup",
            "user",
            "time",
        ]);
    });
});
