import { strict as assert } from "assert";
import * as fs from "fs";
import fc from "fast-check";
import { diffOutputs, DiffResult } from "../../../outputs/diff";
import { renderDiffText } from "../../../outputs/text";
import { normaliseOutputs } from "../../../outputs/normalise";
import { PULUMI_SECRET_SIG, PULUMI_SIG_KEY } from "../../../outputs/secrets";
import { NamespaceType, Sharing } from "../../../probe/types";
import type { LabStackOutputs } from "../../../lab/stackOutputs";
import { buildStackOutputs, CORE_NAMESPACE_TYPES, kindConfigText, PodSpec, SEED_PODS, seedMyweb2 } from "./support/labDocuments";
import { renameSeedRun } from "./support/rename";
import { FIXTURES } from "../../support/paths";

const readText = (p: string) => fs.readFileSync(p, "utf8");
const norm = (doc: unknown) => normaliseOutputs(JSON.parse(JSON.stringify(doc)));
const diff = (a: unknown, b: unknown, raw = false) => diffOutputs(norm(a), norm(b), { raw });
const texts = (r: DiffResult) => r.changes.map((c) => c.text);

function withSharing(pods: PodSpec[], podName: string, sharing: Partial<Record<NamespaceType, Sharing>>): PodSpec[] {
    return pods.map((p) =>
        p.name !== podName ? p : { ...p, containers: p.containers.map((c) => ({ ...c, sharing: { ...c.sharing, ...sharing } })) },
    );
}
type Doc = LabStackOutputs & Record<string, any>;
const build = (pods: PodSpec[], seed: number) => buildStackOutputs(pods, seed) as Doc;

describe("outputs/diff", () => {
    it("two runs of the same stack (every PID, inode, id, UID and IP new) → no change in meaning", () => {
        const result = diff(build(SEED_PODS, 1), build(SEED_PODS, 2));
        assert.deepEqual(texts(result), []);
        assert.equal(result.changed, false);
        assert.ok(result.ignoredVolatile > 40, `volatile differences were seen and set aside (${result.ignoredVolatile})`);
        assert.match(renderDiffText(result), /^no change in meaning \(\d+ volatile values differ/m);
    });

    it("the seed's real crictl inspect texts, renamed as another run would → no change in meaning", () => {
        const seed = [SEED_PODS[0], seedMyweb2(FIXTURES, readText)];
        const before = build(seed, 11);
        const after = renameSeedRun(build(seed, 12), 12);
        assert.notEqual(JSON.stringify(before.crictlInspect.myweb2), JSON.stringify(after.crictlInspect.myweb2));
        assert.deepEqual(texts(diff(before, after)), []);
    });

    it("shared PID namespace vs the default → changed, naming pid per container", () => {
        const result = diff(build(SEED_PODS, 1), build(withSharing(SEED_PODS, "myweb2", { pid: "pod" }), 2));
        assert.equal(result.changed, true);
        assert.deepEqual(texts(result), ["myweb2/myweb2-netshoot pid: private → pod", "myweb2/myweb2-nginx pid: private → pod"]);
        assert.match(
            result.notes.join("\n"),
            /raw texts of myweb2\/myweb2-netshoot, myweb2\/myweb2-nginx differ as the namespace changes imply/,
        );
    });

    it("host network → net and uts become the node's, pause included", () => {
        const hostNet = SEED_PODS.map((p) => (p.name === "myweb" ? { ...p, pauseHost: ["net", "uts"] as NamespaceType[] } : p));
        const result = diff(build(SEED_PODS, 1), build(hostNet, 2));
        assert.deepEqual(texts(result), [
            "myweb/myweb-container net: pod → host",
            "myweb/myweb-container uts: pod → host",
            "myweb/pause net: private → host",
            "myweb/pause uts: private → host",
        ]);
    });

    it("an added container is one line with its verdicts; a removed one is one line", () => {
        const more = SEED_PODS.map((p) =>
            p.name === "myweb2" ? { ...p, containers: [...p.containers, { name: "debug", command: "sleep infinity" }] } : p,
        );
        const added = diff(build(SEED_PODS, 1), build(more, 2));
        assert.deepEqual(texts(added), [
            "+ container myweb2/debug (net pod, ipc pod, uts pod, mnt private, pid private, cgroup private, user host, time host)",
        ]);
        const removed = diff(build(more, 3), build(SEED_PODS, 4));
        assert.deepEqual(texts(removed), [
            "- container myweb2/debug (net pod, ipc pod, uts pod, mnt private, pid private, cgroup private, user host, time host)",
        ]);
    });

    it("a removed pod is one line", () => {
        assert.deepEqual(texts(diff(build(SEED_PODS, 1), build([SEED_PODS[1]], 2))), ["- pod myweb (1 containers)"]);
    });

    it("a consistent flip is reported with its reasons", () => {
        const after = build(SEED_PODS, 2);
        const nginx = after.namespaceReport.myweb2.containers["myweb2-nginx"];
        after.namespaceReport.myweb2.consistent = false;
        after.namespaceReport.myweb2.inconsistencies = [
            `myweb2-nginx: runtime spec joins /proc/${after.namespaceReport.myweb2.pause.pid}/ns/pid but its pid inode is ${nginx.namespaces.pid}`,
        ];
        assert.deepEqual(texts(diff(build(SEED_PODS, 1), after)), [
            "myweb2 consistent: true → false",
            "myweb2 inconsistencies:  → myweb2-nginx: runtime spec joins /proc/<pid:pause>/ns/pid but its pid inode is <ns:myweb2-nginx.pid>",
        ]);
    });

    it("two private namespaces merging into one shared by two containers is a change", () => {
        const after = build(SEED_PODS, 2);
        const cs = after.namespaceReport.myweb2.containers;
        cs["myweb2-netshoot"].namespaces.mnt = cs["myweb2-nginx"].namespaces.mnt;
        assert.deepEqual(texts(diff(build(SEED_PODS, 1), after)), [
            "myweb2/myweb2-netshoot mnt shared privately with: (none) → myweb2-nginx",
            "myweb2/myweb2-nginx mnt shared privately with: (none) → myweb2-netshoot",
        ]);
    });

    describe("kindConfig is compared as YAML data", () => {
        it("reformatting, key order and comments → no change", () => {
            const after = build(SEED_PODS, 2);
            after.kindConfig =
                "# same cluster\napiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\nnodes:\n  - {role: control-plane}\n  - role: worker\n    extraPortMappings:\n" +
                "      - {hostPort: 30001, containerPort: 30001}\n      - {hostPort: 30000, containerPort: 30000}\n";
            assert.deepEqual(texts(diff(build(SEED_PODS, 1), after)), []);
        });
        it("a new port mapping is one change keyed by its container port", () => {
            const after = build(SEED_PODS, 2);
            after.kindConfig = kindConfigText([
                { containerPort: 30000, hostPort: 30000 },
                { containerPort: 30001, hostPort: 30001 },
                { containerPort: 30002, hostPort: 30002 },
            ]);
            assert.deepEqual(texts(diff(build(SEED_PODS, 1), after)), [
                "kindConfig nodes[1].extraPortMappings[containerPort=30002].containerPort: (none) → 30002",
                "kindConfig nodes[1].extraPortMappings[containerPort=30002].hostPort: (none) → 30002",
            ]);
        });
        it("a second host port for the same container port is a change too (the config allows it)", () => {
            const after = build(SEED_PODS, 2);
            after.kindConfig = kindConfigText([
                { containerPort: 30000, hostPort: 30000 },
                { containerPort: 30001, hostPort: 30001 },
                { containerPort: 30000, hostPort: 8080 },
            ]);
            assert.deepEqual(texts(diff(build(SEED_PODS, 1), after)), [
                "kindConfig nodes[1].extraPortMappings[containerPort=30000#2].containerPort: (none) → 30000",
                "kindConfig nodes[1].extraPortMappings[containerPort=30000#2].hostPort: (none) → 8080",
            ]);
        });
    });

    it("chart version and values, URL, node list changes are named", () => {
        const after = build(SEED_PODS, 2);
        after.kubeOpsView!.version = "1.2.4";
        (after.kubeOpsView!.values.env as Record<string, string>).TZ = "UTC";
        after.kubeOpsViewUrl = "http://localhost:30001/#scale=2";
        after.nodes.push({ name: "myk8s-worker2", role: "worker", internalIp: "172.18.0.9", publishedPorts: [] });
        after.nodes[1].publishedPorts.pop();
        assert.deepEqual(texts(diff(build(SEED_PODS, 1), after)), [
            "kube-ops-view chart version: 1.2.2 → 1.2.4",
            'kube-ops-view values env.TZ: "Asia/Seoul" → "UTC"',
            "node myk8s-worker published ports: 0.0.0.0:30000→30000/tcp, 0.0.0.0:30001→30001/tcp → 0.0.0.0:30000→30000/tcp",
            "+ node myk8s-worker2 (worker)",
            "kubeOpsViewUrl: http://localhost:30000/#scale=1.5 → http://localhost:30001/#scale=2",
        ]);
    });

    it("secrets compare only as present: masked, plaintext and ciphertext are equal", () => {
        const masked = build(SEED_PODS, 1);
        const shown = buildStackOutputs(SEED_PODS, 2, { showSecrets: true }) as Doc;
        const cipher = build(SEED_PODS, 3) as Record<string, unknown>;
        cipher.kubeconfig = { [PULUMI_SIG_KEY]: PULUMI_SECRET_SIG, ciphertext: "v1:AAAA" };
        assert.deepEqual(texts(diff(masked, shown)), []);
        assert.deepEqual(texts(diff(shown, cipher)), []);
    });

    it("an output secret on one side only is compared as present, with a note", () => {
        const after = build(SEED_PODS, 2) as Record<string, unknown>;
        after.namespaceReport = "[secret]";
        const result = diff(build(SEED_PODS, 1), after);
        assert.deepEqual(texts(result), []);
        assert.match(result.notes.join("\n"), /namespaceReport is a secret on one side only/);
    });

    it("a bare namespaceReport against stack outputs compares namespaces only", () => {
        const result = diff(build(SEED_PODS, 1).namespaceReport, build(withSharing(SEED_PODS, "myweb", { ipc: "private" }), 2));
        assert.deepEqual(texts(result), ["myweb/myweb-container ipc: pod → private"]);
        assert.match(result.notes[0], /BEFORE is a bare namespaceReport/);
    });

    it("--raw compares volatile values too, and marks them", () => {
        const result = diff(build(SEED_PODS, 1), build(SEED_PODS, 2), true);
        assert.equal(result.changed, true);
        assert.equal(result.ignoredVolatile, 0);
        assert.ok(result.changes.every((c) => c.volatile));
        assert.ok(
            texts(result).includes(
                `myweb2/pause PID: ${build(SEED_PODS, 1).namespaceReport.myweb2.pause.pid} → ${build(SEED_PODS, 2).namespaceReport.myweb2.pause.pid}`,
            ),
        );
    });

    it("raw text that differs beyond volatile values is a change", () => {
        const after = build(SEED_PODS, 2);
        after.lsns.myweb2["myweb2-nginx"] += "\n4026599999 net         1  4242 root  /other";
        assert.deepEqual(texts(diff(build(SEED_PODS, 1), after)), [
            "myweb2/myweb2-nginx lsns: differs beyond volatile values (+ <ns:other> net)",
        ]);
        const inspect = build(SEED_PODS, 3);
        inspect.crictlInspect.myweb["myweb-container"] = inspect.crictlInspect.myweb["myweb-container"].replace(
            'restartCount": "0"',
            'restartCount": "3"',
        );
        assert.deepEqual(
            texts(diff(build(SEED_PODS, 1), inspect)).map((t) => t.replace(/\s+/g, " ")),
            [
                'myweb/myweb-container crictl inspect: differs beyond volatile values (- "io.kubernetes.container.restartCount": "0"; + "io.kubernetes.container.restartCount": "3")',
            ],
        );
    });

    describe("properties", function () {
        this.timeout(30000); // a few hundred documents built and diffed; ~2 s here
        const names = ["alpha", "beta", "gamma"];
        const sharingArb = fc.record(
            Object.fromEntries(CORE_NAMESPACE_TYPES.map((t) => [t, fc.constantFrom<Sharing>("pod", "private", "host")])) as Record<
                NamespaceType,
                fc.Arbitrary<Sharing>
            >,
            { requiredKeys: [] },
        );
        const podArb = (name: string) =>
            fc.record({
                name: fc.constant(name),
                pauseHost: fc.subarray(["net", "ipc", "uts", "pid"] as NamespaceType[]),
                containers: fc.uniqueArray(
                    fc.record({
                        name: fc.constantFrom("web", "sidecar", "debug", "init"),
                        command: fc.constantFrom("nginx", "sleep 5"),
                        sharing: sharingArb,
                    }),
                    { selector: (c) => c.name, minLength: 1, maxLength: 3 },
                ),
            });
        const podsArb: fc.Arbitrary<PodSpec[]> = fc.subarray(names, { minLength: 1 }).chain((ns) => fc.tuple(...ns.map(podArb)));
        const seedArb = fc.integer({ min: 1, max: 2 ** 31 - 1 });
        const meaning = (r: DiffResult) => ({ changed: r.changed, texts: texts(r) });

        it("renaming every volatile value (another run) never changes the diff of the same stack: exit 0", () => {
            fc.assert(
                fc.property(podsArb, seedArb, seedArb, (pods, s1, s2) => {
                    const result = diff(build(pods, s1), build(pods, s2));
                    assert.deepEqual(texts(result), []);
                }),
                { numRuns: 60 },
            );
        });

        it("renaming every volatile value never changes what diff reports between two different stacks", () => {
            fc.assert(
                fc.property(podsArb, podsArb, seedArb, seedArb, seedArb, seedArb, (a, b, s1, s2, s3, s4) => {
                    assert.deepEqual(meaning(diff(build(a, s1), build(b, s2))), meaning(diff(build(a, s3), build(b, s4))));
                }),
                { numRuns: 60 },
            );
        });

        it("the real seed texts keep diffing to 0 under any renaming", () => {
            const seed = [seedMyweb2(FIXTURES, readText)];
            fc.assert(
                fc.property(seedArb, seedArb, (s1, s2) => {
                    assert.deepEqual(texts(diff(renameSeedRun(build(seed, s1), s1), renameSeedRun(build(seed, s2), s2))), []);
                }),
                { numRuns: 40 },
            );
        });
    });
});
