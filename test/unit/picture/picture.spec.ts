// The namespace pictures' model, layout, Mermaid text and picture diff, on every file in examples/ (real captures):
// each process and namespace once, one edge per membership, classes as the report's verdicts say, boxes nested and
// apart, edges ending on their boxes. The browser checks (the SVG/HTML as drawn, Mermaid parsed by Mermaid) are in
// test/render (npm run test:render).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { memoryIo } from "../../support/memoryIo";
import { main } from "../../../cli/lab";
import { normaliseOutputsText } from "../../../outputs/normalise";
import type { NamespaceReport } from "../../../probe/types";
import { diffPodPictures } from "../../../picture/diff";
import { CHAR_WIDTH, layoutPod, PodLayout, Rect } from "../../../picture/layout";
import { mermaidFlowchart } from "../../../picture/mermaid";
import { podPicture, PodPicture, reportPictures } from "../../../picture/model";
import { REPO_ROOT } from "../../support/paths";

const ROOT = REPO_ROOT;
const EXAMPLES = path.join(ROOT, "examples");
const FILES = fs
    .readdirSync(EXAMPLES)
    .filter((f) => f.endsWith(".json"))
    .sort();

function report(file: string): NamespaceReport {
    return normaliseOutputsText(fs.readFileSync(path.join(EXAMPLES, file), "utf8")).namespaceReport!;
}

const inside = (inner: Rect, outer: Rect) =>
    inner.x >= outer.x - 0.5 &&
    inner.y >= outer.y - 0.5 &&
    inner.x + inner.width <= outer.x + outer.width + 0.5 &&
    inner.y + inner.height <= outer.y + outer.height + 0.5;
const overlap = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const onBorder = (p: { x: number; y: number }, r: Rect) =>
    p.x >= r.x - 1 &&
    p.x <= r.x + r.width + 1 &&
    p.y >= r.y - 1 &&
    p.y <= r.y + r.height + 1 &&
    (Math.abs(p.x - r.x) <= 1 || Math.abs(p.x - r.x - r.width) <= 1 || Math.abs(p.y - r.y) <= 1 || Math.abs(p.y - r.y - r.height) <= 1);

describe("namespace pictures", function () {
    this.timeout(20000);

    for (const file of FILES) {
        describe(file, () => {
            const rep = report(file);

            it("model: every process and every namespace once; each process in exactly the namespaces the report gives it; classes from the verdicts", () => {
                for (const [name, pod] of Object.entries(rep)) {
                    const picture = podPicture(name, pod);
                    assert.deepEqual(
                        picture.processes.map((p) => p.name),
                        ["pause", ...Object.keys(pod.containers)],
                    );
                    const keys = picture.namespaces.map((n) => n.key);
                    assert.equal(new Set(keys).size, keys.length, `${name}: a namespace drawn twice`);
                    const views: Array<[string, (typeof pod)["pause"]]> = [["pause", pod.pause], ...Object.entries(pod.containers)];
                    for (const [proc, v] of views) {
                        const mine = picture.namespaces
                            .filter((n) => n.members.includes(proc))
                            .map((n) => n.key)
                            .sort();
                        const expected = Object.entries(v.namespaces)
                            .map(([t, inode]) => `${t}:${inode}`)
                            .sort();
                        assert.deepEqual(mine, expected, `${name}/${proc}`);
                    }
                    for (const n of picture.namespaces) {
                        const host = n.members.some((m) => (m === "pause" ? pod.pause : pod.containers[m]).sharing[n.type] === "host");
                        assert.equal(n.class, host ? "host" : n.members.length > 1 ? "pod" : "private", `${name} ${n.key}`);
                        // a container whose verdict is "pod" is in pause's namespace of that type
                        for (const m of n.members.filter((x) => x !== "pause")) {
                            if (pod.containers[m].sharing[n.type] === "pod")
                                assert.ok(n.members.includes("pause"), `${name}/${m} ${n.type}`);
                        }
                    }
                }
            });

            it("Mermaid: one node per process and namespace, one link per membership, every namespace in its class", () => {
                for (const picture of reportPictures(rep)) {
                    const text = mermaidFlowchart(picture);
                    const nodes = [...text.matchAll(/^\s+([pn]\d+)[[(]/gm)].map((m) => m[1]);
                    assert.equal(nodes.length, picture.processes.length + picture.namespaces.length);
                    assert.equal(new Set(nodes).size, nodes.length);
                    const links = [...text.matchAll(/^\s+(p\d+) --- (n\d+)$/gm)].map((m) => `${m[1]}>${m[2]}`);
                    const expected = picture.namespaces.flatMap((n, i) =>
                        n.members.map((m) => `p${picture.processes.findIndex((p) => p.name === m)}>n${i}`),
                    );
                    assert.deepEqual(links, expected);
                    for (const [i, n] of picture.namespaces.entries()) {
                        const line = text.split("\n").find((l) => new RegExp(`^  class (?:n\\d+,)*n${i}(?:,n\\d+)* ${n.class}$`).test(l));
                        assert.ok(line, `n${i} (${n.key}) in class ${n.class}`);
                    }
                    const linkStyled = [...text.matchAll(/^\s+linkStyle ([\d,]+) /gm)]
                        .flatMap((m) => m[1].split(",").map(Number))
                        .sort((a, b) => a - b);
                    assert.deepEqual(
                        linkStyled,
                        links.map((_, i) => i),
                        "every link styled once",
                    );
                }
            });
        });
    }

    it("layout (ELK), every distinct pod shape in examples/: boxes nested and apart, sized for their text; one edge per membership, from its process to its namespace", async () => {
        // pods that differ only in inodes and PIDs (a re-run, the same pod in several files) lay out alike
        const shapes = new Map<string, PodPicture>();
        for (const file of FILES) {
            for (const picture of reportPictures(report(file))) {
                const shape = JSON.stringify([
                    picture.processes.map((p) => p.name),
                    picture.namespaces.map((n) => [n.type, n.class, n.members]),
                ]);
                if (!shapes.has(shape)) shapes.set(shape, picture);
            }
        }
        assert.ok(shapes.size >= 5, `${shapes.size} shapes`);
        for (const picture of shapes.values()) {
            const l: PodLayout = await layoutPod(picture);
            assert.ok(inside(l.pod, l.node), "pod inside node");
            const leaves = [...l.processes, ...l.namespaces];
            for (const b of l.processes) {
                assert.ok(inside(b, b.holder) && inside(b.holder, l.pod), `${b.process.name} inside its box inside the pod box`);
                for (const other of l.processes.filter((o) => o !== b))
                    assert.ok(!overlap(b.holder, other.holder), `${b.process.name}'s box overlaps ${other.process.name}'s`);
            }
            for (const b of l.namespaces) {
                const holder = l.processes.find((p) => p.process.name === b.namespace.holder)?.holder;
                // pause's box holds every namespace pause is in (the shared ones), a container's box its own
                assert.equal(b.namespace.holder, b.namespace.class === "host" ? null : b.namespace.members[0]);
                if (b.namespace.members.includes("pause") && b.namespace.class !== "host") assert.equal(b.namespace.holder, "pause");
                assert.ok(inside(b, holder ?? l.node), `${b.namespace.key} placed in its box`);
                if (!holder) assert.ok(!overlap(b, l.pod), `${b.namespace.key}: the node's namespaces sit outside the pod`);
            }
            for (let i = 0; i < leaves.length; i++) {
                for (let j = i + 1; j < leaves.length; j++)
                    assert.ok(!overlap(leaves[i], leaves[j]), `${leaves[i].lines[0]} overlaps ${leaves[j].lines[0]}`);
            }
            for (const b of [...leaves, l.node, l.pod, ...l.processes.map((p) => p.holder)]) {
                for (const line of b.lines) assert.ok(line.length * CHAR_WIDTH <= b.width, `"${line}" wider than its box`);
            }
            const memberships = picture.namespaces.flatMap((n) => n.members.map((m) => `${m}>${n.key}`)).sort();
            assert.deepEqual(l.edges.map((e) => `${e.from}>${e.to}`).sort(), memberships);
            for (const e of l.edges) {
                const from = l.processes.find((p) => p.process.name === e.from)!;
                const to = l.namespaces.find((n) => n.namespace.key === e.to)!;
                assert.ok(onBorder(e.points[0], from), `${e.from}>${e.to} starts on ${e.from}`);
                assert.ok(onBorder(e.points[e.points.length - 1], to), `${e.from}>${e.to} ends on ${e.to}`);
            }
            assert.ok(l.width >= l.node.x + l.node.width && l.height >= l.node.y + l.node.height);
        }
    });

    describe("picture diff", () => {
        it("a re-run of the same pods (new inodes and PIDs): no picture change", () => {
            assert.deepEqual(diffPodPictures(reportPictures(report("outputs.json")), reportPictures(report("outputs-rerun.json"))), []);
        });

        it("shared PID: one line for pid, the pid namespace outlined", () => {
            const changes = diffPodPictures(reportPictures(report("outputs.json")), reportPictures(report("outputs-sharedpid.json")));
            assert.equal(changes.length, 1);
            assert.equal(changes[0].pod, "myweb2");
            assert.deepEqual(changes[0].lines, [
                "pid: pause has its own; myweb2-netshoot has its own; myweb2-nginx has its own → now pause, myweb2-netshoot and myweb2-nginx share one",
            ]);
            const pid = changes[0].picture.namespaces.find((n) => n.type === "pid")!;
            assert.deepEqual([...changes[0].changed], [pid.key]);
        });

        it("host network: net and uts move to the node's", () => {
            const [change] = diffPodPictures(reportPictures(report("outputs.json")), reportPictures(report("outputs-hostnetwork.json")));
            assert.deepEqual(
                change.lines.map((l) => l.split(":")[0]),
                ["net", "uts"],
            );
            assert.match(change.lines[0], /→ now pause, myweb2-netshoot and myweb2-nginx are in the node's$/);
        });

        it("pods that come and go", () => {
            const changes = diffPodPictures(reportPictures(report("outputs-experiments.json")), reportPictures(report("outputs.json")));
            assert.deepEqual(
                changes.map((c) => `${c.pod} ${c.status}`),
                ["myweb2-hostipc removed", "myweb2-hostnetwork removed", "myweb2-sharedpid removed"],
            );
        });
    });

    describe("cli", () => {
        const run = async (args: string[]) => {
            const io = memoryIo();
            const code = await main(
                args.map((a) => (a.endsWith(".json") ? path.join(EXAMPLES, a) : a)),
                io,
            );
            return { code, out: io.out, err: io.err };
        };

        it("lab report --format svg: one SVG with every pod, titled and described", async () => {
            const r = await run(["report", "outputs.json", "--format", "svg"]);
            assert.equal(r.code, 0, r.err);
            assert.match(
                r.out,
                /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="kpl" width="\d+" height="\d+" viewBox="0 0 \d+ \d+" role="img"/,
            );
            assert.match(r.out, /<title id="kpl-title">Namespaces per pod, cluster myk8s<\/title>/);
            assert.deepEqual(
                [...r.out.matchAll(/<g class="pod-picture" data-pod="([^"]+)"/g)].map((m) => m[1]),
                ["myweb", "myweb2"],
            );
            assert.ok(!/(href|src)=/.test(r.out), "nothing fetched");
        });

        it("lab report --format html: one page, a section per pod with picture, verdict and table; no script", async () => {
            const r = await run(["report", "outputs.json", "--format=html"]);
            assert.equal(r.code, 0, r.err);
            assert.match(r.out, /^<!doctype html>/);
            assert.equal([...r.out.matchAll(/<section id="pod-/g)].length, Object.keys(report("outputs.json")).length);
            assert.ok(!/<script|(href|src)=/.test(r.out));
        });

        it("lab report: an unknown format names every format", async () => {
            const r = await run(["report", "outputs.json", "--format", "png"]);
            assert.equal(r.code, 2);
            assert.equal(r.err, 'lab report: --format must be one of table, md, json, svg, html, got "png"\n');
        });

        it("lab diff --format md: the picture's terms, the AFTER picture as Mermaid, exit 1 when something changed", async () => {
            const r = await run(["diff", "outputs.json", "outputs-sharedpid.json", "--format", "md"]);
            assert.equal(r.code, 1, r.err);
            assert.match(r.out, /^## What changed in the namespace pictures\n\n### Pod `myweb2` \(changed\)\n\n- pid: pause has its own;/);
            assert.equal([...r.out.matchAll(/```mermaid\n/g)].length, 1);
            assert.match(r.out, /\n {2}class n\d+ changed\n/);
            assert.match(r.out, /\n2 changes in meaning \(/);
            const same = await run(["diff", "outputs.json", "outputs-rerun.json", "--format", "md"]);
            assert.equal(same.code, 0);
            assert.match(same.out, /No pod's picture changed/);
            const bad = await run(["diff", "outputs.json", "outputs-rerun.json", "--format", "svg"]);
            assert.equal(bad.code, 2);
            assert.equal(bad.err, 'lab diff: --format must be one of text, md, json, got "svg"\n');
        });
    });
});
