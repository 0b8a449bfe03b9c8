// cli/policyVerdict.ts: what the policy pack's verdict is keyed on, and where it is kept. The flow through `lab up`
// and `lab preview` is in stack.spec.ts; that every module the program loads is hashed, in index.spec.ts.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    keptVerdictLine,
    passedBefore,
    policyInputFiles,
    recordPassed,
    VerdictInputs,
    verdictFile,
    verdictKey,
} from "../../../cli/policyVerdict";

describe("policy verdict: its key", () => {
    describe("changes with each input", () => {
        let repo: string;
        let inputs: VerdictInputs;
        beforeEach(() => {
            repo = fs.mkdtempSync(path.join(os.tmpdir(), "kpl-verdict-"));
            fs.writeFileSync(path.join(repo, "index.ts"), "export const a = 1;\n");
            fs.mkdirSync(path.join(repo, "policy", "node_modules", "x"), { recursive: true });
            fs.writeFileSync(path.join(repo, "policy", "rules.ts"), "export const r = 1;\n");
            fs.writeFileSync(path.join(repo, "policy", "node_modules", "x", "i.js"), "1");
            inputs = { repoRoot: repo, backend: "file:///s", stack: "dev", config: { clusterName: "myk8s" }, nodeRuntimeEnv: undefined };
        });
        afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

        it("the same inputs give the same key; the order of the config's keys does not matter", () => {
            const key = verdictKey(inputs);
            assert.match(key, /^[0-9a-f]{64}$/);
            assert.equal(verdictKey({ ...inputs, config: { ...inputs.config } }), key);
            const two = { ...inputs, config: { a: "1", b: "2" } };
            assert.equal(verdictKey(two), verdictKey({ ...inputs, config: { b: "2", a: "1" } }));
        });

        it("a program or pack file edited, added or removed; the config; the node runtime variable; the stack; the backend", () => {
            const key = verdictKey(inputs);
            const others: string[] = [];
            fs.writeFileSync(path.join(repo, "policy", "rules.ts"), "export const r = 2;\n");
            others.push(verdictKey(inputs));
            fs.mkdirSync(path.join(repo, "components"));
            fs.writeFileSync(path.join(repo, "components", "new.ts"), "");
            others.push(verdictKey(inputs));
            fs.rmSync(path.join(repo, "components", "new.ts"));
            fs.writeFileSync(path.join(repo, "policy", "rules.ts"), "export const r = 1;\n");
            assert.equal(verdictKey(inputs), key, "back as it was");
            others.push(verdictKey({ ...inputs, config: { clusterName: "lab2" } }));
            others.push(verdictKey({ ...inputs, nodeRuntimeEnv: "podman" }));
            others.push(verdictKey({ ...inputs, stack: "other" }));
            others.push(verdictKey({ ...inputs, backend: "file:///t" }));
            assert.equal(new Set([key, ...others]).size, others.length + 1);
        });

        it("not what node_modules or the rest of the repository hold", () => {
            assert.deepEqual(policyInputFiles(repo), ["index.ts", path.join("policy", "rules.ts")]);
            const key = verdictKey(inputs);
            fs.writeFileSync(path.join(repo, "policy", "node_modules", "x", "i.js"), "2");
            fs.writeFileSync(path.join(repo, "README.md"), "edited");
            assert.equal(verdictKey(inputs), key);
        });

        it("a recorded pass holds for its key only; a missing or damaged record is none", () => {
            const key = verdictKey(inputs);
            assert.equal(passedBefore(inputs, key), undefined);
            recordPassed(inputs, key, new Date("2026-12-07T11:50:00Z"));
            assert.deepEqual(passedBefore(inputs, key), { key, passedAt: "2026-12-07T11:50:00.000Z" });
            assert.equal(passedBefore({ ...inputs, config: { clusterName: "lab2" } }), undefined);
            assert.equal(passedBefore({ ...inputs, stack: "other" }, key), undefined, "another stack has its own record");
            assert.ok(verdictFile(inputs).startsWith(path.join(repo, "node_modules", ".cache", "kind-pause-lab", "policy")));
            fs.writeFileSync(verdictFile(inputs), "{");
            assert.equal(passedBefore(inputs, key), undefined);
            assert.match(
                keptVerdictLine({ key, passedAt: "2026-12-07T11:50:00.000Z" }),
                /^policy pack: it passed on this stack at 2026-12-07T11:50:00.000Z with the same program, pack and config; not run again/,
            );
        });

        it("a record that cannot be written fails nothing", () => {
            fs.writeFileSync(path.join(repo, "node_modules"), "a file where the cache directory would be");
            assert.doesNotThrow(() => recordPassed(inputs, verdictKey(inputs)));
            assert.equal(passedBefore(inputs), undefined);
        });
    });
});
