// Loads the policy pack the way `pulumi preview --policy-pack policy` does — the engine's pulumi-analyzer-policy
// shim resolves @pulumi/pulumi/cmd/run-policy-pack from the pack directory and runs it with the engine address and
// "." (pulumi/pulumi sdk/nodejs/dist/pulumi-analyzer-policy) — then talks to it over the analyzer gRPC protocol.
// This proves the pack loads from policy/ with the root's node_modules (policy/index.js switches the analyzer's
// type-checking ts-node off and transpiles with SWC; `npm run build` type-checks policy/), and that violations reach
// the engine with the right policy names, levels and URNs.
import { strict as assert } from "assert";
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { FakeResource, labResources, labWith, loadProgramResources, urn, urnIn } from "./harness";
import { REPO_ROOT } from "../../support/paths";

const PACK_DIR = path.join(REPO_ROOT, "policy");

type Callback<Res> = (err: grpc.ServiceError | null, res: Res) => void;
/** Promise over a grpc-js unary call (the generated client has only callback overloads). */
function unary<Res>(start: (cb: Callback<Res>) => unknown): Promise<Res> {
    return new Promise((resolve, reject) => start((err, res) => (err ? reject(err) : resolve(res))));
}

/** The resources as the engine sends them: properties as a Struct, parents and dependencies as URNs. */
function toProto(resources: FakeResource[]): analyzerPb.AnalyzerResource[] {
    return resources.map((r) => {
        const out = new analyzerPb.AnalyzerResource().setType(r.type).setName(r.name).setUrn(urn(r));
        out.setProperties(Struct.fromJavaScript(r.props as Record<string, any>));
        out.setOptions(new analyzerPb.AnalyzerResourceOptions().setAdditionalsecretoutputsList(r.additionalSecretOutputs ?? []));
        if (r.parent) out.setParent(urnIn(resources, r.parent, true));
        out.setDependenciesList((r.dependsOn ?? []).map((d) => urnIn(resources, d, false)));
        for (const [k, names] of Object.entries(r.propertyDependencies ?? {})) {
            out.getPropertydependenciesMap().set(
                k,
                new analyzerPb.AnalyzerPropertyDependencies().setUrnsList(names.map((d) => urnIn(resources, d, false))),
            );
        }
        return out;
    });
}

/** The pack as the engine starts it, begun when this file is loaded, so its start passes while other unit tests run. */
function startPack(): { child: ChildProcess; port: Promise<string> } {
    const runner = execFileSync(process.execPath, ["-e", "console.log(require.resolve('@pulumi/pulumi/cmd/run-policy-pack'))"], {
        cwd: PACK_DIR,
        encoding: "utf8",
    }).trim();
    // 127.0.0.1:1 stands for the engine: the pack only calls back for logging, which these requests do not cause.
    // The engine passes its own environment; drop ts-node settings a test runner may have set, so the pack is
    // compiled with policy/tsconfig.json only, as for users.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TS_NODE_")));
    const child = spawn(process.execPath, [runner, "127.0.0.1:1", "."], { cwd: PACK_DIR, env, stdio: ["ignore", "pipe", "pipe"] });
    process.once("exit", () => child.kill("SIGKILL")); // also when a --grep leaves the suite below out
    let stderr = "";
    child.stderr!.on("data", (d) => {
        stderr += d;
    });
    const port = new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout!.on("data", (d) => {
            out += d;
            const m = /^(\d+)\n/.exec(out);
            if (m) resolve(m[1]);
        });
        child.on("exit", (code) => reject(new Error(`policy pack exited with ${code} before serving: ${stderr.trim()}`)));
    });
    port.catch(() => undefined); // awaited (and reported) by the suite's before hook
    return { child, port };
}
const pack = startPack();

describe("policy pack loaded as the engine loads it", function () {
    this.timeout(90_000);
    let client: analyzerRpc.AnalyzerClient;

    before(async () => {
        await loadProgramResources();
        client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${await pack.port}`, grpc.credentials.createInsecure());
    });

    after(() => {
        client?.close();
        pack.child.kill("SIGKILL");
    });

    it("describes its six policies and their enforcement levels", async () => {
        const info = await unary<analyzerPb.AnalyzerInfo>((cb) => client.getAnalyzerInfo(new Empty(), cb));
        assert.equal(info.getName(), "kind-pause-lab");
        assert.equal(info.getVersion(), "0.1.0");
        const levels = Object.fromEntries(info.getPoliciesList().map((p) => [p.getName(), p.getEnforcementlevel()]));
        const { ADVISORY, MANDATORY } = analyzerPb.EnforcementLevel;
        assert.deepEqual(levels, {
            "nodeports-mapped-by-worker": MANDATORY,
            "helm-release-pins-chart": MANDATORY,
            "pod-termination-grace-period": MANDATORY,
            "pod-images-pinned": ADVISORY,
            "probe-depends-on-pod": MANDATORY,
            "kubeconfig-secret": MANDATORY,
        });
    });

    it("AnalyzeStack: the lab passes; an unmapped NodePort is one mandatory violation on the Release", async () => {
        const analyze = (resources: FakeResource[]) =>
            unary<analyzerPb.AnalyzeResponse>((cb) =>
                client.analyzeStack(new analyzerPb.AnalyzeStackRequest().setResourcesList(toProto(resources)), cb),
            );
        assert.deepEqual(
            (await analyze(labResources())).getDiagnosticsList().map((d) => d.getMessage()),
            [],
        );
        const broken = labWith("kube-ops-view", (r) => {
            (r.props.values as any).service.main.ports.http.nodePort = 30080;
        });
        const diags = (await analyze(broken)).getDiagnosticsList();
        assert.equal(diags.length, 1, diags.map((d) => d.getMessage()).join("\n"));
        assert.equal(diags[0].getPolicyname(), "nodeports-mapped-by-worker");
        assert.equal(diags[0].getEnforcementlevel(), analyzerPb.EnforcementLevel.MANDATORY);
        assert.equal(diags[0].getUrn(), urn({ type: "kubernetes:helm.sh/v3:Release", name: "kube-ops-view" }));
    });

    it("Analyze: a pod with the seed's untagged images gets advisory diagnostics only", async () => {
        const pod = labWith("lab-myweb2", (r) => {
            const containers = (r.props.spec as any).containers;
            containers[0].image = "nginx";
            containers[1].image = "nicolaka/netshoot";
        }).find((r) => r.name === "lab-myweb2")!;
        const req = new analyzerPb.AnalyzeRequest().setType(pod.type).setName(pod.name).setUrn(urn(pod));
        req.setProperties(Struct.fromJavaScript(pod.props as Record<string, any>)).setOptions(new analyzerPb.AnalyzerResourceOptions());
        const diags = (await unary<analyzerPb.AnalyzeResponse>((cb) => client.analyze(req, cb))).getDiagnosticsList();
        assert.deepEqual(
            diags.map((d) => [d.getPolicyname(), d.getEnforcementlevel()]),
            [
                ["pod-images-pinned", analyzerPb.EnforcementLevel.ADVISORY],
                ["pod-images-pinned", analyzerPb.EnforcementLevel.ADVISORY],
            ],
        );
    });
});
