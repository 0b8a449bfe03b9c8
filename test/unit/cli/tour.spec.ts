// `lab tour` end to end on a replayed live lab (test/unit/tour/replay.ts: the stack and every command's real output,
// recorded on a kind cluster): the steps, their commands with the cluster's values filled in, the marks and verdicts,
// both languages, --step, --json, --format html, --check, and the one line when there is nothing to tour.
import { strict as assert } from "assert";
import { runWith } from "../../../cli/tour";
import { STEP_IDS } from "../../../tour/steps";
import { memoryIo } from "../../support/memoryIo";
import { loadRecording, recordedOutputs, replayDeps } from "../tour/replay";

type JsonStep = {
    step: string;
    command: string;
    output: string;
    verdict: { ok: boolean; text: string };
    notes: string[];
    commands: Array<{ command: string; ran: string; output: string; marks: Array<{ line: number; text: string; kind: string }> }>;
};

async function tour(args: string[], rec = loadRecording(), env?: NodeJS.ProcessEnv) {
    const io = memoryIo();
    const code = await runWith(["--stack", "tour", ...args], io, replayDeps(rec, { env }));
    return { code, out: io.out, err: io.err };
}

describe("lab tour (replayed live lab)", () => {
    const rec = loadRecording();
    const outputs = recordedOutputs(rec);
    const myweb = outputs.namespaceReport.myweb;
    const myweb2 = outputs.namespaceReport.myweb2;
    const nginx = myweb2.containers["myweb2-nginx"];
    const netshoot = myweb2.containers["myweb2-netshoot"];

    it("--json: every step of docs/seed-lab.md, each {step, command, output} with this cluster's values, every verdict holding", async () => {
        const { code, out, err } = await tour(["--json"]);
        assert.equal(err, "");
        assert.equal(code, 0);
        const steps = JSON.parse(out) as JsonStep[];
        assert.deepEqual(
            steps.map((s) => s.step),
            [...STEP_IDS],
        );
        for (const s of steps) {
            assert.deepEqual(Object.keys(s).slice(0, 3), ["step", "command", "output"]);
            assert.ok(s.verdict.ok, `${s.step}: ${s.verdict.text}`);
        }
        const by = Object.fromEntries(steps.map((s) => [s.step, s]));
        assert.match(by["2.1"].command, /^kind get nodes --name tourlab$/);
        assert.match(by["2.2"].output, new RegExp(outputs.nodes.find((n) => n.role === "worker")!.internalIp.replace(/\./g, "\\.")));
        assert.match(by["2.5"].command, new RegExp(`^lsns -p ${myweb.pause.pid}$`, "m"));
        assert.match(by["2.5"].command, new RegExp(`^lsns -p ${myweb.containers["myweb-container"].pid}$`, "m"));
        assert.match(by["2.5"].output, new RegExp(`pause,${myweb.pause.pid},ipc,mnt,net,pid,uts`));
        assert.match(by["3.2"].command, new RegExp(`^lsns -p ${nginx.pid}$`, "m"));
        assert.match(by["3.2"].command, new RegExp(`^lsns -p ${netshoot.pid}$`, "m"));
        assert.match(by["3.3"].command, new RegExp(`^lsns -p ${myweb2.pause.pid}$`));
        // the shared inodes are pause's, in the output and in the marks
        for (const t of ["net", "ipc", "uts"] as const) {
            const inode = myweb2.pause.namespaces[t]!;
            assert.match(by["3.3"].output, new RegExp(`^${inode} ${t} `, "m"));
            const lsns = by["3.3"].commands[0];
            const line = lsns.output.split("\n").findIndex((l) => l.startsWith(`${inode} `));
            assert.deepEqual(
                lsns.marks.filter((m) => m.line === line).map((m) => m.kind),
                ["pod"],
                t,
            );
        }
        for (const t of ["mnt", "pid"] as const) {
            const lsns = by["3.2"].commands.find((c) => c.command === `lsns -p ${nginx.pid}`)!;
            const line = lsns.output.split("\n").findIndex((l) => l.startsWith(`${nginx.namespaces[t]} `));
            assert.deepEqual(
                lsns.marks.filter((m) => m.line === line).map((m) => m.kind),
                ["private"],
                t,
            );
        }
        assert.match(by["3.4"].command, new RegExp(`^nsenter -t ${myweb2.pause.pid} -n ip -c addr$`, "m"));
        assert.equal(by["3.4"].commands.length, 3);
        for (const c of by["3.4"].commands) assert.match(c.output, new RegExp(`inet ${outputs.pods.myweb2.podIP}/`));
        assert.match(by["3.5"].command, new RegExp(`^crictl inspect ${nginx.id.slice(0, 13)} \\| jq$`, "m"));
        assert.match(by["3.5"].output, new RegExp(`"path": "/proc/${myweb2.pause.pid}/ns/net"`));
        assert.match(by["6"].command, new RegExp(`-p ${myweb2.pause.pid},`));
        // no colour codes in machine output
        assert.doesNotMatch(out, new RegExp(String.fromCharCode(27)));
    });

    it("the plain tour in Korean (LANG=ko_KR.UTF-8) and English (--lang en): the same commands, translated lessons and verdicts", async () => {
        const ko = await tour([], loadRecording(), { LANG: "ko_KR.UTF-8" });
        const en = await tour(["--lang", "en"], loadRecording(), { LANG: "ko_KR.UTF-8" });
        assert.equal(ko.code, 0, ko.err);
        assert.equal(en.code, 0, en.err);
        assert.match(ko.out, /3\.3단계: pause의 네임스페이스/);
        assert.match(ko.out, /판정 ✓/);
        assert.match(en.out, /Step 3\.3: pause's namespaces/);
        const commands = (t: string) => t.split("\n").filter((l) => l.startsWith("$ "));
        assert.deepEqual(commands(ko.out), commands(en.out));
        assert.equal(commands(en.out).length, 28);
    });

    it("--step 3.4 prints that step only", async () => {
        const { code, out } = await tour(["--step", "3.4"]);
        assert.equal(code, 0);
        assert.deepEqual(
            [...out.matchAll(/^━━ Step (\S+):/gm)].map((m) => m[1]),
            ["3.4"],
        );
        assert.match(out, /◀ pod IP of myweb2/);
    });

    it("--check: a right answer exits 0 with a sentence; a wrong one exits 1 with a hint that does not give the answer", async () => {
        const right = await tour(["--check", "2.5", "--answer", String(myweb.pause.pid)]);
        assert.equal(right.code, 0);
        assert.match(right.out, /^Right: /);
        const wrong = await tour(["--check", "2.5", "--answer", String(myweb.containers["myweb-container"].pid)]);
        assert.equal(wrong.code, 1);
        assert.match(wrong.err, /nginx of pod myweb/);
        assert.doesNotMatch(wrong.err, new RegExp(`\\b${myweb.pause.pid}\\b`));
        const ko = await tour(["--check", "3.4", "--answer", "127.0.0.1", "--lang", "ko"]);
        assert.equal(ko.code, 1);
        assert.match(ko.err, /루프백/);
    });

    it("bad usage exits 2 with one line and the usage", async () => {
        for (const [args, re] of [
            [["--step", "4"], /--step must be one of 2\.1, .*, 6/],
            [["--check", "2.1", "--answer", "1"], /--check takes a step with a question: 2\.5, 3\.2, 3\.3, 3\.4/],
            [["--check", "2.5"], /--check STEP and --answer VALUE go together/],
            [["--lang", "fr"], /--lang must be one of en, ko/],
            [["--format", "pdf"], /--format must be one of text, json, html/],
            [["--json", "--format", "html"], /choose one/],
            [["--bogus"], /unknown option --bogus/],
        ] as const) {
            const r = await tour([...args]);
            assert.equal(r.code, 2, args.join(" "));
            assert.match(r.err.split("\n")[0], re);
            assert.match(r.err, /usage: lab tour/);
        }
    });

    it("no stack: one line naming lab up, exit 1", async () => {
        const io = memoryIo();
        const code = await runWith(["--stack", "nope"], io, { ...replayDeps(rec), readStack: async () => "missing" });
        assert.equal(code, 1);
        assert.equal(io.err.trim().split("\n").length, 1);
        assert.match(io.err, /there is no stack nope on .*: npm run lab -- up makes the lab/);
    });

    it("no cluster (its node containers gone): one line naming lab up, exit 1, no command run on a node", async () => {
        const gone = loadRecording();
        gone.commands[0].result = { ...gone.commands[0].result, stdout: "" }; // docker ps -a lists no node container
        const ran: string[][] = [];
        const io = memoryIo();
        const code = await runWith(["--stack", "tour"], io, replayDeps(gone, { ran }));
        assert.equal(code, 1);
        assert.equal(io.err.trim().split("\n").length, 1);
        assert.match(io.err, /kind cluster tourlab is gone: .*npm run lab -- up brings the lab back/);
        assert.ok(!ran.some((a) => a.includes("exec")), "nothing ran on a node");
    });

    it("evidence older than the pod: the tour says so and shows the live values", async () => {
        const stale = loadRecording();
        const report = stale.stack.outputs.namespaceReport.value as Record<string, { sandboxId: string; pause: { pid: number } }>;
        const liveSandbox = report.myweb2.sandboxId;
        report.myweb2.sandboxId = "0".repeat(64); // the sandbox of the pod the last up probed
        report.myweb2.pause.pid = 4242;
        const { out } = await tour(["--step", "3.3"], stale);
        assert.match(
            out,
            new RegExp(
                `! Pod myweb2 was replaced after the last lab up: .* sandbox 0000000000000, .* sandbox ${liveSandbox.slice(0, 13)}\\.`,
            ),
        );
        assert.match(out, new RegExp(`^\\$ lsns -p ${myweb2.pause.pid}$`, "m"), "the live pause, not the recorded one");
    });

    it("--format html: one page, every step's section with its commands, output and verdict, and the pods' pictures", async () => {
        const { code, out } = await tour(["--format", "html"]);
        assert.equal(code, 0);
        assert.match(out, /^<!DOCTYPE html>/);
        for (const s of STEP_IDS) assert.match(out, new RegExp(`<section class="step" id="step-${s.replace(".", "-")}" data-step="${s}">`));
        assert.equal((out.match(/<figure class="picture"/g) ?? []).length, 7, "a picture in 2.5, 3.1-3.5 and 6");
        assert.doesNotMatch(out, /<script|src="http|href="http/);
    });
});
