// Node facts from `docker inspect` of kind's node containers (pure parsing) and kind's node naming.
import * as assert from "assert";
import { kindNodeNames, labClusterConfig } from "../../../lab/kindConfig";
import { NodeFactsError, parseNodeFacts } from "../../../host/nodeFacts";
import { DOCKER_INSPECT_NODES } from "../support/mocks";

describe("nodeFacts", () => {
    it("names, roles, internal IPs and published ports, control plane first", () => {
        assert.deepStrictEqual(parseNodeFacts(DOCKER_INSPECT_NODES), [
            {
                name: "myk8s-control-plane",
                role: "control-plane",
                internalIp: "172.18.0.2",
                publishedPorts: [{ containerPort: 6443, protocol: "tcp", hostIp: "127.0.0.1", hostPort: 42159 }],
            },
            {
                name: "myk8s-worker",
                role: "worker",
                internalIp: "172.18.0.3",
                publishedPorts: [
                    { containerPort: 30000, protocol: "tcp", hostIp: "0.0.0.0", hostPort: 30000 },
                    { containerPort: 30001, protocol: "tcp", hostIp: "0.0.0.0", hostPort: 30001 },
                ],
            },
        ]);
    });

    it("keeps IPv4 and IPv6 bindings, skips exposed-only ports, sorts deterministically", () => {
        const facts = parseNodeFacts(
            JSON.stringify([
                {
                    Name: "/lab-worker",
                    Config: { Labels: { "io.x-k8s.kind.role": "worker" } },
                    NetworkSettings: {
                        Ports: {
                            "30001/udp": [{ HostIp: "0.0.0.0", HostPort: "30001" }],
                            "30000/tcp": [
                                { HostIp: "::", HostPort: "30000" },
                                { HostIp: "0.0.0.0", HostPort: "30000" },
                            ],
                            "80/tcp": null,
                        },
                        Networks: { bridge: { IPAddress: "172.17.0.2" }, kind: { IPAddress: "" } },
                    },
                },
            ]),
        );
        assert.strictEqual(facts[0].internalIp, "172.17.0.2", "falls back to another network when kind has no IPv4");
        assert.deepStrictEqual(
            facts[0].publishedPorts.map((p) => `${p.containerPort}/${p.protocol} ${p.hostIp}:${p.hostPort}`),
            ["30000/tcp 0.0.0.0:30000", "30000/tcp :::30000", "30001/udp 0.0.0.0:30001"],
        );
    });

    const broken: [string, string, RegExp][] = [
        ["not JSON", "Error: no such container", /not JSON/],
        ["empty array", "[]", /non-empty JSON array/],
        [
            "no role label",
            JSON.stringify([{ Name: "/x", Config: { Labels: {} }, NetworkSettings: { Networks: {} } }]),
            /io.x-k8s.kind.role is undefined/,
        ],
        [
            "no address",
            JSON.stringify([{ Name: "/x", Config: { Labels: { "io.x-k8s.kind.role": "worker" } }, NetworkSettings: { Networks: {} } }]),
            /no IPv4 address/,
        ],
        [
            "bad port key",
            JSON.stringify([
                {
                    Name: "/x",
                    Config: { Labels: { "io.x-k8s.kind.role": "worker" } },
                    NetworkSettings: { Ports: { http: [] }, Networks: { kind: { IPAddress: "1.2.3.4" } } },
                },
            ]),
            /port key "http"/,
        ],
    ];
    for (const [what, text, message] of broken) {
        it(`rejects ${what} with a NodeFactsError`, () => {
            assert.throws(
                () => parseNodeFacts(text),
                (e: unknown) => e instanceof NodeFactsError && message.test(e.message),
            );
        });
    }

    it("kind's node names: <cluster>-control-plane, <cluster>-worker, <cluster>-worker2", () => {
        const config = labClusterConfig([]);
        config.nodes.push({ role: "worker" });
        assert.deepStrictEqual(kindNodeNames("myk8s", config), [
            { name: "myk8s-control-plane", role: "control-plane" },
            { name: "myk8s-worker", role: "worker" },
            { name: "myk8s-worker2", role: "worker" },
        ]);
    });
});
