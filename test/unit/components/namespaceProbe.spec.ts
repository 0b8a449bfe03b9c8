// NamespaceProbe: the node probe script as stdin of `docker exec -i <node> sh -s -- <uid>` (or a local sh), re-run on
// a new pod UID, after the pod; its output parsed into lsns / crictlInspect / the report, none of it secret.
import * as assert from "assert";
import * as fs from "fs";
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { NamespaceProbe } from "../../../components/namespaceProbe";
import { NODE_PROBE_SCRIPT_PATH } from "../../../probe/script";
import { installMocks, isSecret, LabMocks, registered, valueOf } from "../support/mocks";
import { FIXTURE_SANDBOX_ID } from "../support/probeFixture";

const UID = "150a18bc-138d-4a68-a9f0-09f9fbcbd6f3";

describe("NamespaceProbe", () => {
    let mocks: LabMocks;

    before(async () => {
        mocks = await installMocks();
    });

    it("runs the probe script in the pod's node, after the pod, keyed on the pod UID", async () => {
        const pod = new command.local.Command("pod-stand-in", { create: "true" });
        const probe = new NamespaceProbe("ns-myweb2", {
            podName: "myweb2",
            podUid: UID,
            nodeName: "myk8s-worker",
            transport: { kind: "nodeExec", runtime: "docker" },
            dependsOn: [pod],
        });
        await registered(probe.command);
        const registration = mocks.get("command:local:Command", "ns-myweb2-probe");
        assert.strictEqual(registration.inputs.create, `docker exec -i 'myk8s-worker' sh -s -- '${UID}'`);
        assert.strictEqual(registration.inputs.stdin, fs.readFileSync(NODE_PROBE_SCRIPT_PATH, "utf8"));
        assert.deepStrictEqual(registration.inputs.triggers, [UID]);
        assert.deepStrictEqual(mocks.dependencyNames(registration), ["pod-stand-in"]);
        assert.deepStrictEqual(registration.additionalSecretOutputs, []);
        assert.strictEqual(registration.inputs.logging, "stderr", "the document is an output, not console lines");

        const report = await valueOf(probe.report);
        assert.strictEqual(report.node, "myk8s-worker");
        assert.strictEqual(report.sandboxId, FIXTURE_SANDBOX_ID);
        // The seed's conclusion, from the captured kernel view: net/ipc/uts shared with pause, mnt/pid private.
        for (const container of ["myweb2-nginx", "myweb2-netshoot"]) {
            const sharing = report.containers[container].sharing;
            assert.deepStrictEqual(
                [sharing.net, sharing.ipc, sharing.uts, sharing.mnt, sharing.pid],
                ["pod", "pod", "pod", "private", "private"],
                container,
            );
        }
        assert.deepStrictEqual(Object.keys(await valueOf(probe.captures.lsns)), ["pause", "myweb2-nginx", "myweb2-netshoot"]);
        const inspect = await valueOf(probe.captures.crictlInspect);
        assert.deepStrictEqual(Object.keys(inspect), ["myweb2-nginx", "myweb2-netshoot"]);
        assert.strictEqual(JSON.parse(inspect["myweb2-nginx"]).status.metadata.name, "myweb2-nginx");
        for (const output of [probe.output, probe.captures.lsns, probe.captures.crictlInspect, probe.report] as pulumi.Output<unknown>[])
            assert.strictEqual(await isSecret(output), false);
    });

    it("the local transport runs sh -s with the given environment (runtime/engine tests)", async () => {
        const probe = new NamespaceProbe("ns-local", {
            podName: "local-pod",
            podUid: UID,
            nodeName: "unused",
            transport: { kind: "local", environment: { CONTAINER_RUNTIME_ENDPOINT: "unix:///tmp/kpl/containerd.sock" } },
            script: "echo probe",
        });
        await registered(probe.command);
        const registration = mocks.get("command:local:Command", "ns-local-probe");
        assert.strictEqual(registration.inputs.create, `sh -s -- '${UID}'`);
        assert.strictEqual(registration.inputs.stdin, "echo probe");
        assert.deepStrictEqual(registration.inputs.environment, { CONTAINER_RUNTIME_ENDPOINT: "unix:///tmp/kpl/containerd.sock" });
    });

    it("a truncated probe document fails naming the pod", async () => {
        mocks.probeStdout = () => "#kpl-probe v1\n#kpl-begin meta\nnode=myk8s-worker\n";
        try {
            const probe = new NamespaceProbe("ns-broken", {
                podName: "myweb",
                podUid: UID,
                nodeName: "myk8s-worker",
                transport: { kind: "nodeExec", runtime: "docker" },
            });
            await assert.rejects(valueOf(probe.report), /namespace probe of pod myweb: probe-document .*truncated/);
        } finally {
            mocks.probeStdout = undefined;
        }
    });

    it("a UID that is not one never reaches the shell", async () => {
        const probe = new NamespaceProbe("ns-evil", {
            podName: "x",
            podUid: "$(reboot)",
            nodeName: "myk8s-worker",
            transport: { kind: "nodeExec", runtime: "docker" },
        });
        await assert.rejects(valueOf(probe.command.create as any), /not a pod UID/);
    });
});
