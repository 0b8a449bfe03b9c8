import * as assert from "assert";
import { parseCrictlInspect } from "../../../probe/crictlInspect";
import { parseCrictlInspectp } from "../../../probe/crictlInspectp";
import { parseCrictlPods, parseCrictlPs } from "../../../cli/parse/crictlList";
import { fixture, parseErrorOf } from "./fixtureFiles";

const SANDBOX = "9ccff0d4c0a38e769d7f48a552deca4f87df41c31e6cfa641c58688108a2a8bc";
const joined = (pid: number, x: string) => ({ shared: true, holderPid: pid, path: `/proc/${pid}/ns/${x}` });
const own = { shared: false, holderPid: null, path: null };

describe("crictl inspect", () => {
    it("reads the seed's nginx container: net/ipc/uts joined through pause 1695, pid/mnt/cgroup its own", () => {
        const c = parseCrictlInspect(fixture("crictl-inspect-myweb2-nginx.json"));
        assert.strictEqual(c.id, "dff3fcb2dbc9f584e72710954aa96af1a2e4cf17ccda3df2b1d53f2765381f2e");
        assert.strictEqual(c.name, "myweb2-nginx");
        assert.strictEqual(c.podSandboxId, SANDBOX);
        assert.strictEqual(c.pid, 1757);
        assert.deepStrictEqual(c.namespaces, {
            pid: own,
            ipc: joined(1695, "ipc"),
            uts: joined(1695, "uts"),
            mnt: own,
            net: joined(1695, "net"),
            cgroup: own,
        });
    });

    it("reads the seed's netshoot container in the same sandbox", () => {
        const c = parseCrictlInspect(fixture("crictl-inspect-myweb2-netshoot.json"));
        assert.strictEqual(c.name, "myweb2-netshoot");
        assert.strictEqual(c.pid, 1890);
        assert.strictEqual(c.podSandboxId, SANDBOX);
        assert.deepStrictEqual(c.namespaces.net, joined(1695, "net"));
        assert.deepStrictEqual(c.namespaces.pid, own);
    });

    it("reads CRI-O's shape: pinned /var/run/*ns paths are shared with no holder pid", () => {
        const c = parseCrictlInspect(fixture("handwritten/crictl-inspect-crio.json"));
        assert.strictEqual(c.pid, 41237);
        assert.strictEqual(c.podSandboxId, "7e2d1c0b9a8f7e6d5c4b3a29181716151413121110f0e0d0c0b0a09080706050");
        assert.deepStrictEqual(c.namespaces.net, {
            shared: true,
            holderPid: null,
            path: "/var/run/netns/6a3c4f0e-2b1d-4c9e-8f7a-5d6e7f8a9b0c",
        });
        assert.deepStrictEqual(c.namespaces.ipc, {
            shared: true,
            holderPid: null,
            path: "/var/run/ipcns/6a3c4f0e-2b1d-4c9e-8f7a-5d6e7f8a9b0c",
        });
        assert.deepStrictEqual(c.namespaces.mnt, own);
    });

    it('reads old cri-containerd\'s "container runtime spec" key and sandboxId spelling', () => {
        const c = parseCrictlInspect(fixture("handwritten/crictl-inspect-legacy-cri-containerd.json"));
        assert.strictEqual(c.podSandboxId, "e0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f");
        assert.deepStrictEqual(c.namespaces.net, joined(2198, "net"));
        assert.strictEqual(c.namespaces.cgroup, undefined, "a type the spec does not list is absent (inherited)");
    });

    it("treats an empty path as a new namespace, as the OCI spec does", () => {
        const doc = JSON.parse(fixture("crictl-inspect-myweb2-nginx.json"));
        doc.info.runtimeSpec.linux.namespaces = [{ type: "network", path: "" }];
        assert.deepStrictEqual(parseCrictlInspect(JSON.stringify(doc)).namespaces, { net: own });
    });

    it("says where the input went wrong", () => {
        const doc = JSON.parse(fixture("crictl-inspect-myweb2-nginx.json"));
        doc.info.runtimeSpec.linux.namespaces[4].type = "netwrk";
        const e1 = parseErrorOf(() => parseCrictlInspect(JSON.stringify(doc)));
        assert.strictEqual(e1.kind, "crictl-inspect");
        assert.strictEqual(e1.location, "$.info.runtimeSpec.linux.namespaces[4].type");
        assert.match(e1.expected, /namespace type/);

        delete doc.info;
        assert.strictEqual(parseErrorOf(() => parseCrictlInspect(JSON.stringify(doc))).location, "$.info");

        const truncated = fixture("crictl-inspect-myweb2-nginx.json").slice(0, 2000);
        const e3 = parseErrorOf(() => parseCrictlInspect(truncated));
        assert.match(e3.location ?? "", /^line \d+ column \d+$/);
        assert.strictEqual(e3.expected, "well-formed JSON");

        assert.match(parseErrorOf(() => parseCrictlInspect("  \n")).message, /expected a JSON document, found empty input/);
        assert.match(parseErrorOf(() => parseCrictlInspect("[]")).message, /\{status, info\}/);
    });

    it("rejects a negative or fractional pid and a type listed twice", () => {
        const base = JSON.parse(fixture("crictl-inspect-myweb2-nginx.json"));
        for (const pid of [-1, 1.5, "12a", null]) {
            const doc = structuredClone(base);
            doc.info.pid = pid;
            assert.strictEqual(parseErrorOf(() => parseCrictlInspect(JSON.stringify(doc))).location, "$.info.pid", `pid ${String(pid)}`);
        }
        const twice = structuredClone(base);
        twice.info.runtimeSpec.linux.namespaces.push({ type: "network" });
        assert.match(parseErrorOf(() => parseCrictlInspect(JSON.stringify(twice))).expected, /network is listed twice/);
    });
});

describe("crictl inspectp", () => {
    it("reads containerd's JSON: pause pid, sandbox id, namespace options and the pinned netns", () => {
        const s = parseCrictlInspectp(fixture("handwritten/crictl-inspectp-containerd-myweb2.json"));
        assert.strictEqual(s.id, SANDBOX);
        assert.strictEqual(s.pid, 1695);
        assert.strictEqual(s.name, "myweb2");
        assert.strictEqual(s.uid, "150a18bc-138d-4a68-a9f0-09f9fbcbd6f3");
        assert.deepStrictEqual(s.ips, ["10.244.1.3"]);
        assert.deepStrictEqual(s.namespaceOptions, { network: "POD", pid: "CONTAINER", ipc: "POD" });
        assert.strictEqual(s.netnsPath, "/var/run/netns/cni-5e3c8a2a-6b1c-7f0e-4b7d-2f1f4d7a9c11");
        assert.deepStrictEqual(s.namespaces?.pid, own);
    });

    it("reads a hostNetwork sandbox: network NODE and no network entry in its spec", () => {
        const doc = JSON.parse(fixture("handwritten/crictl-inspectp-containerd-myweb2.json"));
        doc.status.linux.namespaces.options.network = "NODE";
        doc.info.runtimeSpec.linux.namespaces = doc.info.runtimeSpec.linux.namespaces.filter((n: { type: string }) => n.type !== "network");
        const s = parseCrictlInspectp(JSON.stringify(doc));
        assert.strictEqual(s.namespaceOptions?.network, "NODE");
        assert.strictEqual(s.namespaces?.net, undefined);
        assert.strictEqual(s.netnsPath, null);
    });

    it("a non-JSON form (e.g. -o table) is a typed error asking for the JSON crictl prints by default", () => {
        const e = parseErrorOf(() => parseCrictlInspectp("ID: abc\nName: myweb2\n"));
        assert.strictEqual(e.kind, "crictl-inspectp");
        assert.match(e.expected, /JSON/);
    });
});

describe("crictl ps / pods -o json", () => {
    it("lists containers with their sandbox, name and nanosecond timestamps", () => {
        const cs = parseCrictlPs(fixture("handwritten/crictl-ps.json"));
        assert.deepStrictEqual(
            cs.map((c) => c.name),
            ["myweb2-nginx", "myweb2-netshoot"],
        );
        assert.ok(cs.every((c) => c.podSandboxId === SANDBOX && c.state === "CONTAINER_RUNNING"));
        assert.strictEqual(cs[0].createdAt, "1725543322135238209");
        assert.strictEqual(cs[1].labels["io.kubernetes.pod.uid"], "150a18bc-138d-4a68-a9f0-09f9fbcbd6f3");
    });

    it("lists pods with uid and namespace", () => {
        const ps = parseCrictlPods(fixture("handwritten/crictl-pods.json"));
        assert.deepStrictEqual(
            ps.map((p) => [p.id, p.name, p.uid, p.namespace, p.state]),
            [[SANDBOX, "myweb2", "150a18bc-138d-4a68-a9f0-09f9fbcbd6f3", "default", "SANDBOX_READY"]],
        );
    });

    it("treats null lists as empty (Go's empty slices) and rejects items without metadata", () => {
        assert.deepStrictEqual(parseCrictlPs('{"containers": null}'), []);
        assert.deepStrictEqual(parseCrictlPods('{"items": []}'), []);
        assert.strictEqual(
            parseErrorOf(() => parseCrictlPods('{"items": [{"id": "x", "state": "SANDBOX_READY"}]}')).location,
            "$.items[0].metadata",
        );
    });
});
