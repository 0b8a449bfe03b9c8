import { strict as assert } from "assert";
import { OutputsInputError } from "../../../outputs/errors";
import { normaliseOutputs, normaliseOutputsText } from "../../../outputs/normalise";
import { PULUMI_SECRET_SIG, PULUMI_SIG_KEY } from "../../../outputs/secrets";
import { buildStackOutputs, SEED_PODS } from "./support/labDocuments";

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function rejects(input: unknown, path: string, pattern: RegExp): void {
    assert.throws(
        () => (typeof input === "string" ? normaliseOutputsText(input) : normaliseOutputs(input)),
        (err: unknown) => {
            assert.ok(err instanceof OutputsInputError, `expected OutputsInputError, got ${String(err)}`);
            assert.equal(err.path, path);
            assert.match(err.message, pattern);
            assert.ok(!err.message.includes("\n"), "one line");
            return true;
        },
    );
}

describe("outputs/normalise", () => {
    it("reads stack outputs, recording kubeconfig as a secret and parsing kindConfig", () => {
        const doc = normaliseOutputs(clone(buildStackOutputs(SEED_PODS, 1)));
        assert.equal(doc.source, "stack-outputs");
        assert.deepEqual(doc.secrets, ["kubeconfig"]);
        assert.equal(doc.clusterName, "myk8s");
        assert.equal((doc.kindConfigParsed as { nodes: unknown[] }).nodes.length, 2);
        assert.deepEqual(Object.keys(doc.namespaceReport ?? {}), ["myweb", "myweb2"]);
        assert.deepEqual(Object.keys(doc.namespaceReport?.myweb2.containers ?? {}), ["myweb2-netshoot", "myweb2-nginx"]);
    });

    it("treats --show-secrets plaintext and ciphertext objects as the same secret", () => {
        const shown = normaliseOutputs(clone(buildStackOutputs(SEED_PODS, 1, { showSecrets: true })));
        const cipher = clone(buildStackOutputs(SEED_PODS, 1)) as unknown as Record<string, unknown>;
        cipher.kubeconfig = { [PULUMI_SIG_KEY]: PULUMI_SECRET_SIG, ciphertext: "v1:abc" };
        assert.deepEqual(shown.secrets, ["kubeconfig"]);
        assert.deepEqual(normaliseOutputs(cipher).secrets, ["kubeconfig"]);
        assert.ok(!JSON.stringify(shown).includes("apiVersion: v1"), "the secret's value is not kept");
    });

    it("reads a bare namespaceReport", () => {
        const doc = normaliseOutputs(clone(buildStackOutputs(SEED_PODS, 1).namespaceReport));
        assert.equal(doc.source, "namespace-report");
        assert.deepEqual(Object.keys(doc.namespaceReport ?? {}), ["myweb", "myweb2"]);
    });

    it("refuses an output outside the contract, which the diff could compare as nothing in particular", () => {
        const raw = clone(buildStackOutputs(SEED_PODS, 1)) as unknown as Record<string, unknown>;
        raw.experiments = ["sharedPid"];
        assert.throws(
            () => normaliseOutputs(raw),
            (e: unknown) =>
                e instanceof OutputsInputError &&
                /^experiments: is not one of this stack's outputs \(.*\blsns, crictlInspect\b.*\)$/.test(e.message),
        );
    });

    describe("rejects with one line naming the place", () => {
        const good = () => clone(buildStackOutputs(SEED_PODS, 1)) as unknown as Record<string, any>;
        it("empty input", () => rejects("  \n", "", /empty input/));
        it("malformed JSON", () => rejects('{"clusterName": "myk8s",', "", /not valid JSON/));
        it("a JSON array", () => rejects([], "", /expected a JSON object/));
        it("an empty object", () => rejects({}, "", /empty object/));
        it("an unrelated object", () => rejects({ hello: "world" }, "", /neither stack outputs.*"hello"/));
        it("a missing section", () => {
            const doc = good();
            delete doc.namespaceReport;
            delete doc.lsns;
            rejects(doc, "", /stack outputs lack "lsns", "namespaceReport"/);
        });
        it("a PID that is not a number", () => {
            const doc = good();
            doc.namespaceReport.myweb2.pause.pid = "1695";
            rejects(doc, "namespaceReport.myweb2.pause.pid", /expected a PID/);
        });
        it("an unknown namespace type", () => {
            const doc = good();
            doc.namespaceReport.myweb.containers["myweb-container"].namespaces.network = 4026532181;
            rejects(doc, "namespaceReport.myweb.containers.myweb-container.namespaces.network", /unknown namespace type/);
        });
        it("a verdict outside pod/private/host", () => {
            const doc = good();
            doc.namespaceReport.myweb.containers["myweb-container"].sharing.net = "shared";
            rejects(doc, "namespaceReport.myweb.containers.myweb-container.sharing.net", /expected pod, private or host/);
        });
        it("a verdict the inodes contradict", () => {
            const doc = good();
            doc.namespaceReport.myweb.containers["myweb-container"].sharing.pid = "pod";
            rejects(doc, "namespaceReport.myweb.containers.myweb-container.sharing.pid", /"pod" but inode \d+ differs from pause's/);
        });
        it("a missing verdict", () => {
            const doc = good();
            delete doc.namespaceReport.myweb.containers["myweb-container"].sharing.mnt;
            rejects(doc, "namespaceReport.myweb.containers.myweb-container.sharing", /no verdict for "mnt"/);
        });
        it("pause claiming to share with itself", () => {
            const doc = good();
            doc.namespaceReport.myweb.pause.sharing.net = "pod";
            rejects(doc, "namespaceReport.myweb.pause.sharing.net", /pause cannot share with itself/);
        });
        it("consistent with inconsistencies listed", () => {
            const doc = good();
            doc.namespaceReport.myweb.inconsistencies = ["net differs"];
            rejects(doc, "namespaceReport.myweb.consistent", /true, yet 1 inconsistencies/);
        });
        it("kindConfig that is not YAML", () => {
            const doc = good();
            doc.kindConfig = "kind: Cluster\nnodes: [\n";
            rejects(doc, "kindConfig", /not valid YAML/);
        });
        it("a node with a bad port", () => {
            const doc = good();
            doc.nodes[1].publishedPorts[0].hostPort = 70000;
            rejects(doc, "nodes[1].publishedPorts[0].hostPort", /expected a port \(1-65535\), got 70000/);
        });
        it("pods that are an array", () => {
            const doc = good();
            doc.pods = [];
            rejects(doc, "pods", /expected pod name → facts, got an array of 0/);
        });
        it("a raw lsns text that is not a string", () => {
            const doc = good();
            doc.lsns.myweb2.pause = ["NS TYPE"];
            rejects(doc, "lsns.myweb2.pause", /expected a string/);
        });
    });
});
