// The write-up's pstree from ps on a real kind worker (the recording's `ps -e -o PS_FORMAT`), and ps output the tree
// cannot read: a typed error naming the line, never a crash.
import { strict as assert } from "assert";
import { TourInputError } from "../../../tour/errors";
import { parsePs, PS_FORMAT, renderPsTree } from "../../../tour/psTree";
import { loadRecording, recordedOutputs } from "./replay";

describe("tour: pstree from ps", () => {
    const rec = loadRecording();
    const psText = rec.commands.find((c) => c.argv.includes(PS_FORMAT))!.result.stdout;
    const procs = parsePs(psText);
    const byArgs = (re: RegExp) => procs.filter((p) => re.test(p.args));

    it("reads every process of the worker, with its namespaces and its command line", () => {
        assert.equal(procs.length, psText.trim().split("\n").length);
        const init = procs.find((p) => p.pid === 1)!;
        assert.equal(init.comm, "systemd");
        assert.equal(init.args, "/sbin/init");
        assert.deepEqual(Object.keys(init.ns).sort(), ["cgroup", "ipc", "mnt", "net", "pid", "user", "uts"]);
        const loop = byArgs(/while true; do sleep 5; curl localhost; done/)[0];
        assert.ok(loop, "the netshoot loop is read whole, spaces and all");
    });

    it("draws pstree -aclnpsS's shape: each pause under its containerd-shim, with the namespaces it changes", () => {
        // the lab pods' pauses (kube-router's and kube-proxy's pods run in the node's network namespace)
        const labPauses = Object.values(recordedOutputs(rec).namespaceReport).map((r) => r.pause.pid);
        const pauses = byArgs(/^\/pause$/).filter((p) => labPauses.includes(p.pid));
        assert.equal(pauses.length, 2);
        const shims = new Set(pauses.map((p) => p.ppid));
        const lines = renderPsTree(procs, { pids: true, namespaces: true, expand: shims });
        assert.equal(lines[0].text, "systemd,1");
        for (const pause of pauses) {
            const i = lines.findIndex((l) => l.pid === pause.pid);
            assert.ok(i > 0, `pause ${pause.pid} drawn`);
            assert.match(lines[i].text, new RegExp(`[├└]─pause,${pause.pid},ipc,mnt,net,pid,uts$`));
            const shim = lines.findIndex((l) => l.pid === pause.ppid);
            assert.match(lines[shim].text, /^[├└]─containerd-shim,\d+ -namespace k8s.io -id [0-9a-f]{64}/);
            assert.ok(shim < i, "the shim above its pause");
        }
        // children in PID order (-n), and a shim not asked for is one line
        const top = lines.filter((l) => /^[├└]─/.test(l.text)).map((l) => l.pid);
        assert.deepEqual(
            top,
            [...top].sort((a, b) => a - b),
        );
    });

    it("pstree -aln: no PIDs, no namespaces, long lines cut at the width", () => {
        const lines = renderPsTree(procs, { pids: false, namespaces: false, width: 60 });
        assert.equal(lines[0].text, "systemd");
        assert.ok(lines.every((l) => l.text.length <= 60));
        assert.ok(lines.some((l) => l.text.endsWith("…")));
        assert.ok(lines.some((l) => /─pause$/.test(l.text)));
    });

    it("ps output it cannot read: TourInputError naming the line", () => {
        assert.throws(
            () => parsePs("  12 1 garbage\n"),
            (e: unknown) => e instanceof TourInputError && /garbage/.test(e.message),
        );
        assert.throws(() => parsePs(""), TourInputError);
        assert.throws(() => parsePs("Error: No such container: myk8s-worker"), TourInputError);
    });
});
