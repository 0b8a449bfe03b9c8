// The answers a learner types, against the replayed live lab: every question's right answer, and wrong answers as
// learners make them (the app's PID for pause's, an nginx worker, the ipc inode for net's, the node's address), each
// with a hint that never contains the answer.
import { strict as assert } from "assert";
import { gather } from "../../../cli/tour";
import { checkAnswer } from "../../../tour/checks";
import type { TourFacts } from "../../../tour/facts";
import { translator } from "../../../tour/texts";
import { loadRecording, recordedOutputs, replayDeps } from "./replay";

describe("tour: --check answers", () => {
    let facts: TourFacts;
    const rec = loadRecording();
    const o = recordedOutputs(rec);
    const tr = translator("en");
    const m1 = o.namespaceReport.myweb;
    const m2 = o.namespaceReport.myweb2;
    const nginx = m2.containers["myweb2-nginx"];
    const netshoot = m2.containers["myweb2-netshoot"];
    before(async () => {
        const g = await gather("tour", undefined, replayDeps(rec), tr);
        assert.ok("facts" in g, JSON.stringify(g));
        facts = g.facts;
    });
    const check = (step: "2.5" | "3.2" | "3.3" | "3.4", answer: string) => checkAnswer(step, answer, facts, tr)!;
    const wrong = (step: "2.5" | "3.2" | "3.3" | "3.4", answer: string, hint: RegExp, secret: string) => {
        const r = check(step, answer);
        assert.equal(r.ok, false, `${step} ${answer}`);
        assert.match(r.message, hint);
        assert.doesNotMatch(r.message, new RegExp(`\\b${secret.replace(/\./g, "\\.")}\\b`), "the hint gives the answer away");
    };

    it("right answers, in the forms learners type them", () => {
        assert.ok(check("2.5", ` ${m1.pause.pid} `).ok);
        assert.ok(check("3.2", `${nginx.pid},${netshoot.pid}`).ok);
        assert.ok(check("3.2", `${nginx.pid} ${netshoot.pid}`).ok);
        assert.ok(check("3.3", String(m2.pause.namespaces.net)).ok);
        assert.ok(check("3.3", `net:[${m2.pause.namespaces.net}]`).ok);
        assert.ok(check("3.4", o.pods.myweb2.podIP).ok);
        assert.ok(check("3.4", `${o.pods.myweb2.podIP}/24`).ok);
    });

    it("2.5: the app's PID, another pod's pause, no such process, not a number", () => {
        const secret = String(m1.pause.pid);
        wrong("2.5", String(m1.containers["myweb-container"].pid), /is nginx of pod myweb, a container of the pod/, secret);
        wrong("2.5", String(m2.pause.pid), /is the pause of another pod \(myweb2\)/, secret);
        wrong("2.5", "999999", /No process 999999 runs on tourlab-worker/, secret);
        wrong("2.5", "1", /is systemd/, secret);
        wrong("2.5", "pause", /A PID is a number/, secret);
    });

    it("3.2: swapped, another pod's nginx, a short-lived child of the loop, not two PIDs", () => {
        const secret = `${nginx.pid},${netshoot.pid}`;
        wrong("3.2", `${netshoot.pid},${nginx.pid}`, /nginx's first/, secret);
        wrong("3.2", `${m1.containers["myweb-container"].pid},${netshoot.pid}`, /the nginx of another pod \(myweb\)/, secret);
        const child = facts.ps.find((p) => p.ppid === netshoot.pid);
        if (child) wrong("3.2", `${nginx.pid},${child.pid}`, /short-lived child of the netshoot loop/, secret);
        wrong("3.2", String(nginx.pid), /Give two PIDs/, secret);
        const worker = facts.ps.find((p) => p.ppid === nginx.pid && p.comm === "nginx");
        assert.ok(worker, "nginx has workers (the stand-in runs the real nginx)");
        wrong("3.2", `${worker.pid},${netshoot.pid}`, /is an nginx worker\. The container's process is the master/, secret);
    });

    it("3.3: another shared type, a container's own, the node's", () => {
        const secret = String(m2.pause.namespaces.net);
        wrong("3.3", String(m2.pause.namespaces.ipc), /is the ipc namespace both containers share, not net/, secret);
        wrong("3.3", String(nginx.namespaces.mnt), /is myweb2-nginx's own mnt namespace/, secret);
        wrong("3.3", String(m2.pause.namespaces.cgroup), /is the node's cgroup namespace/, secret);
        wrong("3.3", "12345", /No namespace of myweb2's containers has that inode/, secret);
        wrong("3.3", "net", /A namespace inode is the number/, secret);
    });

    it("3.4: the loopback, the node's address, another pod's IP, not an address", () => {
        const secret = o.pods.myweb2.podIP;
        wrong("3.4", "127.0.0.1", /loopback/, secret);
        const worker = o.nodes.find((n) => n.role === "worker")!;
        wrong("3.4", worker.internalIp, /is the node's address \(tourlab-worker\)/, secret);
        wrong("3.4", o.pods.myweb.podIP, /is the IP of another pod \(myweb\)/, secret);
        wrong("3.4", "eth0", /An IPv4 address/, secret);
    });
});
