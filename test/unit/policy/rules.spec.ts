// The pure rule functions of the policy pack, on constructed inputs: one passing and one violating case per rule,
// plus the edge cases each rule's comment promises.
import { strict as assert } from "assert";
import {
    gracePeriodProblems,
    imagePinning,
    isExactSemver,
    kubeconfigSecretProblems,
    nodePortsInServiceSpec,
    nodePortsInValues,
    parseKindConfig,
    probeDependencyProblems,
    readsKubeconfig,
    releasePinningProblems,
    unmappedNodePorts,
    unpinnedImageProblems,
} from "../../../policy/rules";

// A kind config as users write it (with a name), the rules' input document.
const KIND_CONFIG = `kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
name: myk8s
nodes:
  - role: control-plane
  - role: worker
    extraPortMappings:
      - containerPort: 30000
        hostPort: 30000
      - containerPort: 30001
        hostPort: 30001
`;

describe("policy rules (pure)", () => {
    describe("kind config and NodePorts", () => {
        it("reads the worker's extraPortMappings from the lab's kind config", () => {
            const parsed = parseKindConfig(KIND_CONFIG);
            assert.ok(parsed.ok);
            assert.equal(parsed.name, "myk8s");
            assert.deepEqual(parsed.nodes, [
                { role: "control-plane", extraPortMappings: [] },
                {
                    role: "worker",
                    extraPortMappings: [
                        { containerPort: 30000, hostPort: 30000, protocol: "TCP" },
                        { containerPort: 30001, hostPort: 30001, protocol: "TCP" },
                    ],
                },
            ]);
        });

        it("rejects configs it cannot read, with one sentence", () => {
            const cases: [string, RegExp][] = [
                ["kind: [", /not valid YAML/],
                ["- a\n- b\n", /not a YAML mapping/],
                ["kind: Pod\n", /expected "Cluster"/],
                ["kind: Cluster\nnodes:\n  - image: x\n", /nodes\[0\] of the kind config has no role/],
                ["kind: Cluster\nnodes:\n  - role: worker\n    extraPortMappings: {containerPort: 1}\n", /not a list/],
                [
                    "kind: Cluster\nnodes:\n  - role: worker\n    extraPortMappings:\n      - hostPort: 80\n",
                    /extraPortMappings\[0\] has no valid containerPort/,
                ],
            ];
            for (const [text, expected] of cases) {
                const parsed = parseKindConfig(text);
                assert.equal(parsed.ok, false, text);
                if (!parsed.ok) {
                    assert.match(parsed.error, expected);
                    assert.ok(!parsed.error.includes("\n"), "one line");
                }
            }
        });

        it("finds nodePort values anywhere in Helm values, and Service nodePorts", () => {
            const values = {
                service: { main: { type: "NodePort", ports: { http: { nodePort: 30000 }, extra: [{ nodePort: "30002" }] } } },
            };
            assert.deepEqual(nodePortsInValues(values, "kube-ops-view"), [
                { resource: "kube-ops-view", path: "values.service.main.ports.http.nodePort", port: 30000 },
                { resource: "kube-ops-view", path: "values.service.main.ports.extra[0].nodePort", port: 30002 },
            ]);
            assert.deepEqual(nodePortsInServiceSpec({ type: "NodePort", ports: [{ port: 80 }, { port: 81, nodePort: 30001 }] }, "svc"), [
                { resource: "svc", path: "spec.ports[1].nodePort", port: 30001 },
            ]);
        });

        it("passes a NodePort the worker maps", () => {
            const parsed = parseKindConfig(KIND_CONFIG);
            assert.ok(parsed.ok);
            assert.deepEqual(
                unmappedNodePorts("myk8s", parsed.nodes, [{ resource: "kube-ops-view", path: "values.x.nodePort", port: 30001 }]),
                [],
            );
        });

        it("flags a NodePort no worker maps, naming the port, the resource and the fix", () => {
            const parsed = parseKindConfig(KIND_CONFIG);
            assert.ok(parsed.ok);
            const messages = unmappedNodePorts("myk8s", parsed.nodes, [
                { resource: "kube-ops-view", path: "values.service.main.ports.http.nodePort", port: 30080 },
            ]);
            assert.deepEqual(messages, [
                "NodePort 30080 (kube-ops-view values.service.main.ports.http.nodePort) is not mapped by a worker's extraPortMappings in kind cluster myk8s (mapped: 30000, 30001); add {containerPort: 30080, hostPort: 30080} to the worker",
            ]);
        });

        it("does not count a mapping on the control-plane or a UDP mapping as the worker publishing a TCP NodePort", () => {
            const parsed = parseKindConfig(
                "kind: Cluster\nnodes:\n  - role: control-plane\n    extraPortMappings: [{containerPort: 30000, hostPort: 30000}]\n  - role: worker\n    extraPortMappings: [{containerPort: 30001, hostPort: 30001, protocol: udp}]\n",
            );
            assert.ok(parsed.ok);
            const uses = [30000, 30001].map((port) => ({ resource: "r", path: "p", port }));
            assert.equal(unmappedNodePorts("c", parsed.nodes, uses).length, 2);
        });

        it("says there is no worker at all when the config has none", () => {
            const parsed = parseKindConfig("kind: Cluster\n");
            assert.ok(parsed.ok);
            assert.match(unmappedNodePorts("kind", parsed.nodes, [{ resource: "r", path: "p", port: 30000 }])[0], /has no worker node/);
        });
    });

    describe("Helm release pinning", () => {
        const pinned = {
            resource: "kube-ops-view",
            chart: "kube-ops-view",
            version: "1.2.2",
            repo: "https://geek-cookbook.github.io/charts/",
        };

        it("passes an exact version from an https repository", () => {
            assert.deepEqual(releasePinningProblems(pinned), []);
        });

        it("flags a missing version, a version range and a missing repository", () => {
            assert.match(releasePinningProblems({ ...pinned, version: undefined })[0], /does not pin a chart version/);
            for (const v of ["^1.2.2", "~1.2", "1.x", ">=1.0.0", "1.2", "latest"]) {
                assert.match(releasePinningProblems({ ...pinned, version: v })[0], /not one exact SemVer version/, v);
            }
            assert.match(releasePinningProblems({ ...pinned, repo: undefined })[0], /does not pin its chart repository/);
            assert.match(releasePinningProblems({ ...pinned, repo: "http://example.com/charts" })[0], /use an https:\/\/ or oci:\/\//);
        });

        it("accepts an oci:// chart reference without a repository, and a local chart archive as pinned by content", () => {
            assert.deepEqual(releasePinningProblems({ ...pinned, chart: "oci://ghcr.io/x/kube-ops-view", repo: undefined }), []);
            assert.deepEqual(
                releasePinningProblems({ resource: "r", chart: "/tmp/kube-ops-view-1.2.2.tgz", version: undefined, repo: undefined }),
                [],
            );
        });

        it("knows exact SemVer from ranges", () => {
            for (const v of ["1.2.2", "v1.2.2", "0.0.1-rc.1", "1.0.0+build.5"]) assert.ok(isExactSemver(v), v);
            for (const v of ["1.2", "01.2.3", "1.2.3 ", "*", ""]) assert.ok(!isExactSemver(v), v);
        });
    });

    describe("Pod termination grace period", () => {
        it("passes 0 and flags absent or invalid values", () => {
            assert.deepEqual(gracePeriodProblems("myweb", { terminationGracePeriodSeconds: 0 }), []);
            assert.match(gracePeriodProblems("myweb", { containers: [] })[0], /does not set spec.terminationGracePeriodSeconds/);
            assert.match(gracePeriodProblems("myweb", { terminationGracePeriodSeconds: -1 })[0], /whole number of seconds/);
            assert.match(gracePeriodProblems("myweb", { terminationGracePeriodSeconds: "0" })[0], /whole number of seconds/);
        });
    });

    describe("image pinning", () => {
        it("tells digest, tag, latest and none apart, including registry ports", () => {
            assert.equal(imagePinning("nginx"), "none");
            assert.equal(imagePinning("nicolaka/netshoot"), "none");
            assert.equal(imagePinning("localhost:5000/nginx"), "none");
            assert.equal(imagePinning("localhost:5000/nginx:1.29"), "tag");
            assert.equal(imagePinning("nginx:alpine"), "tag");
            assert.equal(imagePinning("nginx:latest"), "latest");
            assert.equal(imagePinning("nginx@sha256:" + "0".repeat(64)), "digest");
        });

        it("flags the seed's untagged images and passes tagged ones", () => {
            const seedMyweb2 = {
                containers: [
                    { name: "myweb2-nginx", image: "nginx" },
                    { name: "myweb2-netshoot", image: "nicolaka/netshoot" },
                ],
            };
            const problems = unpinnedImageProblems("myweb2", seedMyweb2);
            assert.equal(problems.length, 2);
            assert.match(problems[0], /^Pod myweb2 container myweb2-nginx uses image "nginx" without a tag or digest/);
            assert.match(problems[1], /container myweb2-netshoot uses image "nicolaka\/netshoot"/);
            assert.deepEqual(unpinnedImageProblems("myweb", { containers: [{ name: "myweb-container", image: "nginx:alpine" }] }), []);
        });
    });

    describe("probe dependencies", () => {
        const probe = { resource: "myweb2-probe", urn: "u", targetPod: "myweb2", dependsOnPods: ["myweb2"] };

        it("passes a probe that depends on its pod", () => {
            assert.deepEqual(probeDependencyProblems(probe, ["myweb", "myweb2"]), []);
        });

        it("flags a probe depending on another pod, on no pod, or targeting an undeclared pod", () => {
            assert.match(
                probeDependencyProblems({ ...probe, dependsOnPods: ["myweb"] }, ["myweb", "myweb2"])[0],
                /does not depend on pod myweb2/,
            );
            assert.match(probeDependencyProblems({ ...probe, targetPod: undefined, dependsOnPods: [] }, ["myweb"])[0], /depends on no Pod/);
            assert.match(
                probeDependencyProblems({ ...probe, targetPod: "ghost" }, ["myweb"])[0],
                /targets pod ghost, which this stack does not declare/,
            );
        });
    });

    describe("kubeconfig secrecy", () => {
        it("recognises commands that read a kubeconfig", () => {
            assert.ok(readsKubeconfig("kind get kubeconfig --name 'myk8s'"));
            assert.ok(readsKubeconfig("kubectl config view --minify --raw"));
            assert.ok(!readsKubeconfig("kind get clusters"));
            assert.ok(!readsKubeconfig("kubectl config view"));
        });

        it("passes a secret, unlogged stdout and flags the provider defaults", () => {
            assert.deepEqual(kubeconfigSecretProblems({ resource: "kc", additionalSecretOutputs: ["stdout"], logging: "none" }), []);
            assert.deepEqual(kubeconfigSecretProblems({ resource: "kc", additionalSecretOutputs: ["stdout"], logging: "stderr" }), []);
            const problems = kubeconfigSecretProblems({ resource: "kc", additionalSecretOutputs: [], logging: undefined });
            assert.equal(problems.length, 2);
            assert.match(problems[0], /stdout is not secret/);
            assert.match(problems[1], /logging "stdoutAndStderr"/);
        });
    });
});
