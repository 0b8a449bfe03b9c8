// Real probe documents from containerd + crictl pods, dropped into test/fixtures/captured/ by the runtime
// tests. The file name says which pod variant it is; the verdicts the lab expects follow from that name.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { analyseProbeOutput } from "../../../probe/analyse";
import { parseCrictlInspect } from "../../../probe/crictlInspect";
import { parseLsnsTable } from "../../../cli/parse/lsns";
import { NamespaceType, PodNamespaceReport } from "../../../probe/types";
import { FIXTURES } from "./fixtureFiles";

const DIR = path.join(FIXTURES, "captured");
const documents = fs.existsSync(DIR)
    ? fs
          .readdirSync(DIR)
          .filter((f) => f.endsWith(".probe.txt"))
          .sort()
    : [];

type Expectation = Partial<Record<NamespaceType, "pod" | "private" | "host">>;

/** The lab's expected verdicts for every container of a variant, from the file name. */
function expectationFor(file: string): Expectation {
    const expected: Expectation = { net: "pod", ipc: "pod", uts: "pod", mnt: "private", pid: "private" };
    if (/shared-?pid/i.test(file)) expected.pid = "pod";
    // CRI (containerd, CRI-O) gives a host-network pod the node's UTS namespace too: it joins neither from pause.
    if (/host-?net/i.test(file)) Object.assign(expected, { net: "host", uts: "host" });
    if (/host-?ipc/i.test(file)) expected.ipc = "host";
    return expected;
}

function pauseExpectation(file: string): Expectation {
    const hostNetwork = /host-?net/i.test(file);
    return {
        net: hostNetwork ? "host" : "private",
        ipc: /host-?ipc/i.test(file) ? "host" : "private",
        uts: hostNetwork ? "host" : "private",
        mnt: "private",
        pid: "private",
    };
}

function pick(sharing: PodNamespaceReport["pause"]["sharing"], keys: string[]): Expectation {
    return Object.fromEntries(keys.map((k) => [k, sharing[k as NamespaceType]]));
}

describe("captured real probe documents (test/fixtures/captured)", () => {
    if (documents.length === 0) {
        it.skip("no captured documents yet: the runtime tests write *.probe.txt here");
        return;
    }
    for (const file of documents) {
        describe(file, () => {
            const text = fs.readFileSync(path.join(DIR, file), "utf8");
            const result = analyseProbeOutput(text);
            const { report } = result;

            it("is consistent: crictl's runtime specs agree with the kernel", () => {
                assert.deepStrictEqual(report.inconsistencies, []);
                assert.strictEqual(report.consistent, true);
            });

            it("gives each container the variant's verdicts", () => {
                const expected = expectationFor(file);
                assert.ok(Object.keys(report.containers).length > 0, "at least one container");
                for (const [name, c] of Object.entries(report.containers)) {
                    assert.deepStrictEqual(pick(c.sharing, Object.keys(expected)), expected, name);
                    for (const [t, verdict] of Object.entries(expected)) {
                        const inode = c.namespaces[t as NamespaceType];
                        // "host" pods' pause is in the host's namespace too, so only "private" must differ from pause.
                        if (verdict === "pod") assert.strictEqual(inode, report.pause.namespaces[t as NamespaceType], `${name} ${t}`);
                        if (verdict === "private")
                            assert.notStrictEqual(inode, report.pause.namespaces[t as NamespaceType], `${name} ${t}`);
                    }
                }
                const pauseExpected = pauseExpectation(file);
                assert.deepStrictEqual(pick(report.pause.sharing, Object.keys(pauseExpected)), pauseExpected, "pause");
            });

            it("keeps raw lsns tables and crictl inspect JSON that re-parse to the report's pids", () => {
                assert.deepStrictEqual(Object.keys(result.lsns).sort(), ["pause", ...Object.keys(report.containers)].sort());
                for (const table of Object.values(result.lsns)) assert.ok(parseLsnsTable(table).length > 0);
                for (const [name, raw] of Object.entries(result.crictlInspect)) {
                    const inspect = parseCrictlInspect(raw);
                    assert.strictEqual(inspect.pid, report.containers[name].pid, name);
                    assert.strictEqual(inspect.podSandboxId, report.sandboxId, name);
                }
                for (const c of Object.values(report.containers)) {
                    if (c.sharing.net === "pod") assert.deepStrictEqual(c.addresses, report.pause.addresses);
                }
            });
        });
    }
});
