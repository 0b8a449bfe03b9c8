// Each policy of the pack through its validate function, with arguments shaped as @pulumi/policy's server builds
// them (test/unit/policy/harness.ts): the lab as declared passes everything; one edit makes one policy fire.
import { strict as assert } from "assert";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { UnknownValueError } from "@pulumi/policy";
import {
    helmReleasePinned,
    imagesPinned,
    kubeconfigSecret,
    nodePortsMapped,
    podGracePeriod,
    policies,
    probeDependsOnPod,
    probeTargetPod,
} from "../../../policy/policies";
import {
    FakeResource,
    labResources,
    labWith,
    loadProgramResources,
    NotApplicable,
    recorder,
    resourceArgs,
    stackArgs,
    UNKNOWN_STRING,
    urn,
    Violation,
} from "./harness";

async function runStack(policy: StackValidationPolicy, resources: FakeResource[]): Promise<Violation[]> {
    const { violations, report } = recorder();
    await policy.validateStack(stackArgs(resources), report);
    return violations;
}

async function runResources(policy: ResourceValidationPolicy, resources: FakeResource[]): Promise<Violation[]> {
    const { violations, report } = recorder();
    const validate = policy.validateResource;
    if (!validate) throw new Error(`${policy.name} has no validateResource`);
    for (const r of resources) {
        for (const v of Array.isArray(validate) ? validate : [validate]) await v(resourceArgs(r), report);
    }
    return violations;
}

function run(policy: ResourceValidationPolicy | StackValidationPolicy, resources: FakeResource[]): Promise<Violation[]> {
    return "validateStack" in policy ? runStack(policy, resources) : runResources(policy as ResourceValidationPolicy, resources);
}

describe("policy pack (validate functions)", () => {
    before(async function () {
        this.timeout(20_000);
        await loadProgramResources();
    });

    it("has six uniquely named policies with the enforcement levels chosen for them", () => {
        assert.deepEqual(
            policies.map((p) => [p.name, p.enforcementLevel]),
            [
                ["nodeports-mapped-by-worker", "mandatory"],
                ["helm-release-pins-chart", "mandatory"],
                ["pod-termination-grace-period", "mandatory"],
                ["pod-images-pinned", "advisory"],
                ["probe-depends-on-pod", "mandatory"],
                ["kubeconfig-secret", "mandatory"],
            ],
        );
    });

    it("the program as declared: every mandatory policy passes; the advisory one names the seed's untagged images", async () => {
        for (const p of policies) {
            const messages = (await run(p, labResources())).map((v) => v.message.split(":")[0]);
            assert.deepEqual(
                messages,
                p.name === "pod-images-pinned"
                    ? [
                          'Pod myweb2 container myweb2-nginx uses image "nginx" without a tag or digest',
                          'Pod myweb2 container myweb2-netshoot uses image "nicolaka/netshoot" without a tag or digest',
                      ]
                    : [],
                p.name,
            );
        }
    });

    describe("nodeports-mapped-by-worker", () => {
        it("flags the Release NodePort when the worker does not map it, on the Release's URN", async () => {
            const resources = labWith("kube-ops-view", (r) => {
                (r.props.values as any).service.main.ports.http.nodePort = 30080;
            });
            const violations = await runStack(nodePortsMapped, resources);
            assert.equal(violations.length, 1);
            assert.equal(violations[0].urn, urn({ type: "kubernetes:helm.sh/v3:Release", name: "kube-ops-view" }));
            assert.match(
                violations[0].message,
                /^NodePort 30080 \(kube-ops-view values\.service\.main\.ports\.http\.nodePort\) is not mapped .* kind cluster myk8s \(mapped: 30000, 30001\)/,
            );
        });

        it("flags a NodePort Service too, and reads the mappings from the cluster command's stdin", async () => {
            const resources = labWith("kind-cluster", (r) => {
                r.props.stdin = String(r.props.stdin).replace(/ {6}- containerPort: 30001\n {8}hostPort: 30001\n/, "");
            });
            resources.push({
                type: "kubernetes:core/v1:Service",
                name: "extra",
                props: { spec: { type: "NodePort", ports: [{ port: 80, nodePort: 30001 }] } },
            });
            const violations = await runStack(nodePortsMapped, resources);
            assert.deepEqual(
                violations.map((v) => v.message.split(" is not")[0]),
                ["NodePort 30001 (extra spec.ports[0].nodePort)"],
            );
        });

        it("reports a cluster command whose stdin is not a kind config", async () => {
            const violations = await runStack(
                nodePortsMapped,
                labWith("kind-cluster", (r) => {
                    r.props.stdin = "kind: [";
                }),
            );
            assert.equal(violations.length, 1);
            assert.match(violations[0].message, /^command kind-cluster: the kind config is not valid YAML/);
        });

        it("is not applicable without a kind create command, and leaves an unknown config to the framework", async () => {
            const withoutCluster = labResources()
                .filter((r) => r.name !== "kind-cluster")
                .map((r) => ({
                    ...r,
                    dependsOn: (r.dependsOn ?? []).filter((d) => d !== "kind-cluster"),
                    propertyDependencies: Object.fromEntries(
                        Object.entries(r.propertyDependencies ?? {}).map(([k, v]) => [k, v.filter((d) => d !== "kind-cluster")]),
                    ),
                }));
            await assert.rejects(runStack(nodePortsMapped, withoutCluster), NotApplicable);
            const unknownConfig = labWith("kind-cluster", (r) => {
                r.props.stdin = UNKNOWN_STRING;
            });
            await assert.rejects(runStack(nodePortsMapped, unknownConfig), (e: Error) => e instanceof UnknownValueError);
        });

        it("still checks when an unrelated command's input is unknown during preview", async () => {
            const resources = labWith("kube-ops-view", (r) => {
                (r.props.values as any).service.main.ports.http.nodePort = 30080;
            });
            resources.push({ type: "command:local:Command", name: "node-facts", props: { create: UNKNOWN_STRING } });
            assert.equal((await runStack(nodePortsMapped, resources)).length, 1);
        });
    });

    describe("helm-release-pins-chart", () => {
        it("flags a release without version and repository", async () => {
            const violations = await runResources(
                helmReleasePinned,
                labWith("kube-ops-view", (r) => {
                    delete r.props.version;
                    delete r.props.repositoryOpts;
                }),
            );
            assert.deepEqual(
                violations.map((v) => v.message.replace(/:.*/, "")),
                [
                    "Helm release kube-ops-view (chart kube-ops-view) does not pin a chart version",
                    "Helm release kube-ops-view (chart kube-ops-view) does not pin its chart repository",
                ],
            );
        });
    });

    describe("pod-termination-grace-period", () => {
        it("flags a pod without terminationGracePeriodSeconds by its Kubernetes name", async () => {
            const violations = await runResources(
                podGracePeriod,
                labWith("lab-myweb2", (r) => {
                    delete (r.props.spec as any).terminationGracePeriodSeconds;
                }),
            );
            assert.equal(violations.length, 1);
            assert.match(violations[0].message, /^Pod myweb2 does not set spec\.terminationGracePeriodSeconds/);
        });
    });

    describe("pod-images-pinned (advisory)", () => {
        it("flags the seed's untagged myweb2 images", async () => {
            const violations = await runResources(
                imagesPinned,
                labWith("lab-myweb2", (r) => {
                    const containers = (r.props.spec as any).containers;
                    containers[0].image = "nginx";
                    containers[1].image = "nicolaka/netshoot";
                }),
            );
            assert.equal(violations.length, 2);
        });
    });

    describe("probe-depends-on-pod", () => {
        it("flags a probe that depends on the wrong pod, on its own URN", async () => {
            const resources = labResources().map((r) =>
                r.type === "command:local:Command" && r.name === "ns-myweb2-probe"
                    ? { ...r, dependsOn: ["lab-myweb"], propertyDependencies: {} }
                    : r,
            );
            const violations = await runStack(probeDependsOnPod, resources);
            assert.equal(violations.length, 1);
            assert.equal(violations[0].urn, urn({ type: "command:local:Command", name: "ns-myweb2-probe" }));
            assert.match(violations[0].message, /^probe ns-myweb2-probe does not depend on pod myweb2/);
        });

        it("accepts the dependency through property dependencies alone (triggers: [pod uid])", async () => {
            const resources = labResources().map((r) =>
                r.type === "command:local:Command" && r.name.endsWith("-probe")
                    ? { ...r, dependsOn: [], propertyDependencies: { triggers: [`lab-${r.name.slice(3, -6)}`] } }
                    : r,
            );
            assert.deepEqual(await runStack(probeDependsOnPod, resources), []);
        });

        it("tells the target pod from the probe's or its parent's name, longest match first", () => {
            assert.equal(probeTargetPod(["myweb2-probe"], ["myweb", "myweb2"]), "myweb2");
            assert.equal(probeTargetPod(["probe", "myweb-ns"], ["myweb", "myweb2"]), "myweb");
            assert.equal(probeTargetPod(["probe"], ["myweb"]), undefined);
        });
    });

    describe("kubeconfig-secret", () => {
        it("flags a kubeconfig reader whose stdout is not secret and is logged", async () => {
            const violations = await runResources(
                kubeconfigSecret,
                labWith("kind-kubeconfig", (r) => {
                    r.additionalSecretOutputs = [];
                    delete r.props.logging;
                }),
            );
            assert.equal(violations.length, 2);
        });
    });
});
