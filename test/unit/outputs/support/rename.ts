// Renames every volatile value of a built document the way another run of the stack would: UIDs, sandbox and
// container ids, PIDs, kubelet's random names and timestamps — everywhere they occur, raw texts included, and
// consistently (one old value → one new value). Used on documents carrying real, pinned crictl texts.
import type { LabStackOutputs } from "../../../../lab/stackOutputs";
import { RunValues } from "./labDocuments";

export function renameSeedRun<T extends LabStackOutputs>(doc: T, seed: number): T {
    const run = new RunValues(seed ^ 0x5bd1e995);
    const out = JSON.parse(JSON.stringify(doc)) as T;
    for (const [podName, report] of Object.entries(out.namespaceReport)) {
        const exact = new Map<string, string>();
        const pids = new Map<string, string>();
        const facts = out.pods[podName];
        const uid = run.uuid();
        exact.set(facts.uid, uid);
        exact.set(facts.uid.replace(/-/g, "_"), uid.replace(/-/g, "_"));
        exact.set(report.sandboxId, run.hex(64));
        pids.set(String(report.pause.pid), String(run.pid()));
        for (const c of Object.values(report.containers)) {
            exact.set(c.id, run.hex(64));
            pids.set(String(c.pid), String(run.pid()));
        }
        const once = new Map<string, string>();
        const consistently = (old: string, make: () => string) => {
            if (!once.has(old)) once.set(old, make());
            return once.get(old) as string;
        };
        const renameText = (text: string) =>
            text
                .replace(new RegExp([...exact.keys()].join("|"), "g"), (m) => exact.get(m) as string)
                .replace(/("pid":\s*)(\d+)|(\/proc\/)(\d+)(?=\/)/g, (m, a?: string, p1?: string, b?: string, p2?: string) =>
                    a !== undefined ? a + (pids.get(p1 as string) ?? p1) : (b as string) + (pids.get(p2 as string) ?? p2),
                )
                .replace(
                    /(kube-api-access-)([a-z0-9]{5})\b/g,
                    (_m, prefix: string, old: string) => prefix + consistently(old, () => run.generatedSuffix()),
                )
                .replace(
                    /(\/containers\/[\w.-]+\/)([0-9a-f]{8})\b/g,
                    (_m, prefix: string, old: string) => prefix + consistently(old, () => run.hex(8)),
                )
                .replace(/\b20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g, (old) => consistently(old, () => run.timestamp()));
        const renameLsns = (text: string) =>
            text.replace(/^(\s*\d+\s+[a-z]+\s+\d+\s+)(\d+)/gm, (_m, head: string, pid: string) => head + (pids.get(pid) ?? pid));
        facts.uid = uid;
        report.sandboxId = exact.get(report.sandboxId) as string;
        report.pause.pid = Number(pids.get(String(report.pause.pid)));
        for (const c of Object.values(report.containers)) {
            c.id = exact.get(c.id) as string;
            c.pid = Number(pids.get(String(c.pid)));
        }
        for (const name of Object.keys(out.crictlInspect[podName] ?? {}))
            out.crictlInspect[podName][name] = renameText(out.crictlInspect[podName][name]);
        for (const name of Object.keys(out.lsns[podName] ?? {})) out.lsns[podName][name] = renameLsns(out.lsns[podName][name]);
    }
    return out;
}
