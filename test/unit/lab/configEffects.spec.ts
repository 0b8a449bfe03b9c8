// Each config key's declared effect on a live lab (CONFIG_SCHEMA's onChange, the README's column) against what the
// program does: index.ts runs under mocks with the defaults and again with that key changed, and the resources whose
// inputs change say what an `up` would do. The cluster's triggers are what replace it (KindCluster), the Release's
// inputs what upgrade kube-ops-view, the Pods' (added, removed, changed) what makes lab pods anew.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { CONFIG_SCHEMA, ConfigEffect, ConfigKey } from "../../../lab/configSchema";
import { installMocks, LabMocks, loadProgram, valueOf } from "../support/mocks";
import { REPO_ROOT } from "../../support/paths";

const CHANGED: Record<ConfigKey, string> = {
    clusterName: "lab2",
    nodeRuntime: "podman",
    nodeImage: "kindest/node:v1.36.1",
    clusterWaitTimeout: "90s",
    workerPortMappings: '["30000:30000","30002:30002"]',
    kubeOpsViewChartRepo: "https://charts.example.org/",
    kubeOpsViewChart: "kube-ops-view-next",
    kubeOpsViewChartVersion: "1.2.1",
    kubeOpsViewChartPath: "test/kind/kube-ops-view-standin",
    kubeOpsViewNamespace: "monitoring",
    kubeOpsViewNodePort: "30001",
    kubeOpsViewTimeZone: "UTC",
    kubeOpsViewImage: "ghcr.io/example/kube-ops-view:23.5.0",
    preloadImages: "false",
    experiments: '["sharedPid"]',
};

type Snapshot = Map<string, string>;

async function snapshot(config: Record<string, string>): Promise<Snapshot> {
    const mocks: LabMocks = await installMocks(config);
    const stack = await loadProgram();
    await valueOf(stack.namespaceReport);
    // the cluster command's inputs other than its triggers never run again on a live cluster (update: ":")
    return new Map(
        mocks.registrations.map((r) => {
            const inputs = r.type === "command:local:Command" && r.name === "kind-cluster" ? { triggers: r.inputs.triggers } : r.inputs;
            return [`${r.type}::${r.name}`, JSON.stringify(inputs)];
        }),
    );
}

function effectOf(before: Snapshot, after: Snapshot): ConfigEffect {
    const changed = (pattern: RegExp) =>
        [...new Set([...before.keys(), ...after.keys()])].some((k) => pattern.test(k) && before.get(k) !== after.get(k));
    if (changed(/^command:local:Command::kind-cluster$/)) return "new cluster";
    if (changed(/^kubernetes:helm\.sh\/v3:Release::/)) return "kube-ops-view";
    if (changed(/^kubernetes:core\/v1:Pod::/)) return "lab pods";
    return "nothing";
}

describe("config: each key's declared effect on a live lab is what the program does", () => {
    let defaults: Snapshot;
    before(async () => {
        defaults = await snapshot({});
    });

    for (const [key, value] of Object.entries(CHANGED) as [ConfigKey, string][]) {
        it(`${key} → ${CONFIG_SCHEMA[key].onChange}`, async () => {
            assert.notStrictEqual(value, JSON.stringify(CONFIG_SCHEMA[key].default));
            assert.strictEqual(effectOf(defaults, await snapshot({ [key]: value })), CONFIG_SCHEMA[key].onChange);
        });
    }

    it("every key has a changed value here, and the README's column says what the schema declares", () => {
        assert.deepStrictEqual(Object.keys(CHANGED).sort(), Object.keys(CONFIG_SCHEMA).sort());
        const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
        const rows = [...readme.matchAll(/^\| `(\w+)` \| `[^`]*` \| ([a-z -]+) \|/gm)].map((m) => [m[1], m[2]]);
        assert.deepStrictEqual(
            rows,
            Object.entries(CONFIG_SCHEMA).map(([k, spec]) => [k, spec.onChange]),
        );
    });
});
