import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { normaliseOutputs, normaliseOutputsText } from "../../../outputs/normalise";
import { renderReport, ReportFormat } from "../../../cli/report";
import { podVerdict } from "../../../outputs/verdict";
import type { NamespaceType } from "../../../probe/types";
import { buildStackOutputs, PodSpec, SEED_PODS, seedMyweb2 } from "./support/labDocuments";
import { FIXTURES, GOLDEN } from "../../support/paths";

// Golden files: inputs are built once from the seed (its real crictl texts) and variants, then kept as files so
// the renderings are checked against fixed documents. UPDATE_GOLDEN=1 rewrites inputs and renderings.

const update = process.env.UPDATE_GOLDEN === "1";

const seedPods = (): PodSpec[] => [SEED_PODS[0], seedMyweb2(FIXTURES, (p) => fs.readFileSync(p, "utf8"))];
const INPUTS: Record<string, () => unknown> = {
    seed: () => buildStackOutputs(seedPods(), 2024),
    "shared-pid": () =>
        buildStackOutputs(
            [
                {
                    ...SEED_PODS[1],
                    name: "myweb2-sharedpid",
                    containers: SEED_PODS[1].containers.map((c) => ({ ...c, sharing: { pid: "pod" } })),
                },
            ],
            7,
        ),
    "host-network": () =>
        buildStackOutputs([{ ...SEED_PODS[1], name: "myweb2-hostnetwork", pauseHost: ["net", "uts"] as NamespaceType[] }], 8),
    "bare-report": () => buildStackOutputs(SEED_PODS, 9).namespaceReport,
};
const RENDERINGS: Array<{ suffix: string; format: ReportFormat; colour: boolean }> = [
    { suffix: "table.txt", format: "table", colour: false },
    { suffix: "tty.txt", format: "table", colour: true },
    { suffix: "md", format: "md", colour: false },
    { suffix: "json", format: "json", colour: false },
];

function golden(file: string, actual: string): void {
    const full = path.join(GOLDEN, file);
    if (update) {
        fs.mkdirSync(GOLDEN, { recursive: true });
        fs.writeFileSync(full, actual);
        return;
    }
    assert.ok(fs.existsSync(full), `missing golden file ${file} (run with UPDATE_GOLDEN=1 once)`);
    assert.equal(actual, fs.readFileSync(full, "utf8"), `rendering differs from ${file}`);
}

describe("outputs/render (golden files)", () => {
    for (const [name, make] of Object.entries(INPUTS)) {
        const inputFile = `${name}.input.json`;
        if (update) golden(inputFile, `${JSON.stringify(make(), null, 2)}\n`);
        for (const r of RENDERINGS) {
            it(`${name} → ${r.suffix}`, () => {
                const doc = normaliseOutputsText(fs.readFileSync(path.join(GOLDEN, inputFile), "utf8"));
                golden(`${name}.${r.suffix}`, renderReport(doc, r.format, r.colour));
            });
        }
    }
});

describe("outputs/verdict", () => {
    const report = (pods: PodSpec[]) => normaliseOutputs(JSON.parse(JSON.stringify(buildStackOutputs(pods, 3)))).namespaceReport!;

    it("the seed's pod: pause holds net/ipc/uts, both share them, mnt/pid/cgroup private (docs/seed-lab.md §6)", () => {
        const text = podVerdict("myweb2", report(SEED_PODS).myweb2);
        assert.match(
            text,
            /pause holds the net, ipc and uts namespaces and both containers \(myweb2-netshoot and myweb2-nginx\) share them/,
        );
        assert.match(text, /mnt, pid and cgroup are private to each container/);
        assert.match(text, /Every container sees the same network addresses as pause/);
        assert.match(text, /agrees with the kernel/);
    });

    it("a shared PID namespace moves pid from private to held by pause", () => {
        const pods = [{ ...SEED_PODS[1], containers: SEED_PODS[1].containers.map((c) => ({ ...c, sharing: { pid: "pod" as const } })) }];
        const text = podVerdict("myweb2", report(pods).myweb2);
        assert.match(text, /pause holds the net, ipc, uts and pid namespaces/);
        assert.match(text, /mnt and cgroup are private to each container/);
    });

    it("host network: net and uts are the node's, only ipc is pause's", () => {
        const pods = [{ ...SEED_PODS[0], pauseHost: ["net", "uts"] as NamespaceType[] }];
        const text = podVerdict("myweb", report(pods).myweb);
        assert.match(text, /pause holds the ipc namespace and its container myweb-container shares it/);
        assert.match(text, /net, uts, user and time are the node's own \(host\) namespaces/);
    });

    it("containers that differ are named per type", () => {
        const pods = [
            {
                ...SEED_PODS[1],
                containers: [{ ...SEED_PODS[1].containers[0], sharing: { pid: "pod" as const } }, SEED_PODS[1].containers[1]],
            },
        ];
        const text = podVerdict("myweb2", report(pods).myweb2);
        assert.match(
            text,
            /pid is shared with pause by myweb2-nginx and private in myweb2-netshoot|pid is private in myweb2-netshoot and shared with pause by myweb2-nginx/,
        );
    });

    it("an inconsistent pod says so with the reasons", () => {
        const r = report(SEED_PODS).myweb;
        r.consistent = false;
        r.inconsistencies = ["net: runtime spec joins pause but the inodes differ"];
        assert.match(podVerdict("myweb", r), /disagrees with the kernel: net: runtime spec joins pause but the inodes differ\./);
    });
});
