// `lab tour --check STEP --answer VALUE`: what the learner found by hand, checked against the cluster now. A right
// answer gets a sentence; a wrong one a hint that points where to look and never gives the value. Pure: no Pulumi import.
import { classifyInode, processRole, ProcessRole, SEED, TourFacts, tourPod } from "./facts";
import type { QuestionStep } from "./steps";
import type { TextKey, Tr } from "./texts";
import { NAMESPACE_TYPES } from "../probe/types";

export const QUESTION_TEXT: Record<QuestionStep, TextKey> = {
    "2.5": "question25",
    "3.2": "question32",
    "3.3": "question33",
    "3.4": "question34",
};

export interface CheckResult {
    ok: boolean;
    message: string;
}

const PID = /^\s*(\d+)\s*$/;

function describe(tr: Tr, role: ProcessRole): string {
    switch (role.kind) {
        case "pause":
            return tr("whatPause", { pod: role.pod });
        case "container":
            return role.container === SEED.nginx || role.container === SEED.mywebApp
                ? tr("whatNginx", { pod: role.pod })
                : tr("whatContainer", { container: role.container, pod: role.pod });
        case "child":
            return tr("whatProcess", { comm: role.comm });
        case "other":
            return tr("whatProcess", { comm: role.comm });
        case "absent":
            return "?";
    }
}

/** Checks ANSWER to STEP's question; undefined when the pod the question is about does not run (the caller says so). */
export function checkAnswer(step: QuestionStep, answer: string, f: TourFacts, tr: Tr): CheckResult | undefined {
    const myweb = tourPod(f, SEED.myweb)?.live;
    const myweb2 = tourPod(f, SEED.myweb2)?.live;
    switch (step) {
        case "2.5": {
            if (!myweb) return undefined;
            const m = PID.exec(answer);
            if (!m) return { ok: false, message: tr("hintNotANumber") };
            const pid = Number(m[1]);
            if (pid === myweb.report.pause.pid) {
                return { ok: true, message: tr("right25", { answer: pid, app: myweb.report.containers[SEED.mywebApp]?.pid ?? "?" }) };
            }
            const role = processRole(f, pid);
            if (role.kind === "absent") return { ok: false, message: tr("hintNoSuchPid", { answer: pid, node: f.worker }) };
            if (role.kind === "container" && role.pod === SEED.myweb)
                return { ok: false, message: tr("hintIsApp", { answer: pid, what: describe(tr, role) }) };
            if (role.kind === "pause") {
                return {
                    ok: false,
                    message: tr("hintOtherPodPause", { answer: pid, pod: role.pod, sandbox: myweb.report.sandboxId.slice(0, 13) }),
                };
            }
            return { ok: false, message: tr("hintNotPause", { answer: pid, what: describe(tr, role) }) };
        }
        case "3.2": {
            if (!myweb2) return undefined;
            const parts = answer.split(/[,\s]+/).filter((s) => s !== "");
            if (parts.length !== 2 || !parts.every((p) => PID.test(p))) return { ok: false, message: tr("hintNotPids") };
            const [nginxPid, netshootPid] = parts.map(Number);
            const want = [myweb2.report.containers[SEED.nginx]?.pid, myweb2.report.containers[SEED.netshoot]?.pid];
            if (nginxPid === want[0] && netshootPid === want[1]) {
                return { ok: true, message: tr("right32", { nginx: nginxPid, netshoot: netshootPid }) };
            }
            if (nginxPid === want[1] && netshootPid === want[0]) return { ok: false, message: tr("hintNotPids") };
            for (const pid of [nginxPid, netshootPid]) {
                if (want.includes(pid)) continue;
                const role = processRole(f, pid);
                if (role.kind === "absent") return { ok: false, message: tr("hintNoSuchPid", { answer: pid, node: f.worker }) };
                if (role.kind === "child" && role.pod === SEED.myweb2 && role.container === SEED.nginx) {
                    return { ok: false, message: tr("hintNginxWorker", { answer: pid }) };
                }
                if (role.kind === "child" && role.pod === SEED.myweb2) return { ok: false, message: tr("hintLoopChild", { answer: pid }) };
                if (role.kind === "child" && role.comm.startsWith("nginx"))
                    return { ok: false, message: tr("hintNginxWorker", { answer: pid }) };
                if (role.kind === "container" && role.pod !== SEED.myweb2) {
                    return { ok: false, message: tr("hintOtherPodNginx", { answer: pid, pod: role.pod }) };
                }
                return { ok: false, message: tr("hintWrongPid", { answer: pid, what: describe(tr, role) }) };
            }
            return { ok: false, message: tr("hintNotPids") };
        }
        case "3.3": {
            if (!myweb2) return undefined;
            const m = /^\s*(?:net:\[)?(\d+)\]?\s*$/.exec(answer);
            if (!m) return { ok: false, message: tr("hintNotInode") };
            const inode = Number(m[1]);
            const report = myweb2.report;
            if (inode === report.pause.namespaces.net && classifyInode(report, "net", inode) === "pod") {
                return { ok: true, message: tr("right33", { answer: inode, pause: report.pause.pid }) };
            }
            for (const type of NAMESPACE_TYPES) {
                const cls = classifyInode(report, type, inode);
                if (cls === undefined) continue;
                if (cls === "host") return { ok: false, message: tr("hintHostNs", { answer: inode, type }) };
                if (cls === "pod") return { ok: false, message: tr("hintOtherType", { answer: inode, type }) };
                const owner = Object.entries(report.containers).find(([, c]) => c.namespaces[type] === inode)?.[0] ?? "pause";
                return { ok: false, message: tr("hintOwnNs", { answer: inode, type, container: owner }) };
            }
            return { ok: false, message: tr("hintUnknownInode") };
        }
        case "3.4": {
            if (!myweb2) return undefined;
            const m = /^\s*(\d{1,3}(?:\.\d{1,3}){3})(?:\/\d+)?\s*$/.exec(answer);
            if (!m) return { ok: false, message: tr("hintNotIp") };
            const ip = m[1];
            const onEth0 = myweb2.report.pause.addresses.some((a) => a.startsWith("eth0 ") && a.includes(` ${ip}/`)) || ip === myweb2.podIP;
            if (onEth0) return { ok: true, message: tr("right34", { answer: ip }) };
            if (ip.startsWith("127.")) return { ok: false, message: tr("hintLoopback") };
            const node = f.stackNodes.find((n) => n.internalIp === ip);
            if (node) return { ok: false, message: tr("hintNodeIp", { answer: ip, node: node.name }) };
            const other = f.pods.find((p) => p.live?.podIP === ip);
            if (other) return { ok: false, message: tr("hintOtherPodIp", { answer: ip, pod: other.name }) };
            return { ok: false, message: tr("hintWrongIp") };
        }
    }
}
