// The namespace pictures' model, layout, Mermaid text and picture diff, on every file in examples/ (real captures)
// and on made-up pod shapes: each process and namespace once, classes as the report's verdicts say; the grid's boxes
// nested and apart, texts inside them, each membership a cell in its row and column, and no two lines crossing (with
// the crossing counter's own tests). The browser checks (the SVG/HTML as drawn, Mermaid parsed by Mermaid) are in
// test/render (npm run test:render).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { memoryIo } from "../../support/memoryIo";
import { main } from "../../../cli/lab";
import { normaliseOutputsText } from "../../../outputs/normalise";
import type { NamespaceReport, NamespaceType, PodNamespaceReport, Sharing } from "../../../probe/types";
import { diffPodPictures } from "../../../picture/diff";
import {
    countCrossings,
    LaidBox,
    layoutPod,
    LINE_HEIGHT,
    PodLayout,
    Rect,
    Segment,
    segmentsCross,
    textWidth,
} from "../../../picture/layout";
import { mermaidFlowchart } from "../../../picture/mermaid";
import { podPicture, PodPicture, reportPictures } from "../../../picture/model";
import { renderPodSvg } from "../../../picture/svg";
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
/** Where a box's text is drawn: its text block (each line textWidth wide, LINE_HEIGHT high). */
const textBlock = (b: LaidBox): Rect => ({ ...b.text, width: Math.max(...b.lines.map(textWidth)), height: b.lines.length * LINE_HEIGHT });
/** A vertical segment running through the inside of a rectangle (not just along or up to its border). */
const through = (s: Segment, r: Rect) =>
    s.a.x > r.x + 0.5 && s.a.x < r.x + r.width - 0.5 && Math.min(s.a.y, s.b.y) < r.y + r.height - 0.5 && Math.max(s.a.y, s.b.y) > r.y + 0.5;

/** A pod report from rows of "TYPE: [inode, sharing]", pause first; pids and ids made up. */
function madeUpPod(rows: Record<string, Partial<Record<NamespaceType, readonly [number, Sharing]>>>): PodNamespaceReport {
    const view = (i: number, ns: Partial<Record<NamespaceType, readonly [number, Sharing]>>) => ({
        pid: 100 + i,
        namespaces: Object.fromEntries(Object.entries(ns).map(([t, [inode]]) => [t, inode])),
        sharing: Object.fromEntries(Object.entries(ns).map(([t, [, sharing]]) => [t, sharing])),
        addresses: [],
    });
    const [pause, ...containers] = Object.entries(rows);
    return {
        node: "kind-worker",
        sandboxId: "0123456789abcdef",
        pause: view(0, pause[1]),
        containers: Object.fromEntries(containers.map(([name, ns], i) => [name, { id: `c${i}`, ...view(i + 1, ns) }])),
        consistent: true,
        inconsistencies: [],
    };
}

/** Shapes the lab's captures do not have. */
function madeUpPictures(): PodPicture[] {
    const shared = { net: [10, "pod"], ipc: [11, "pod"], uts: [12, "pod"] } as const;
    const pauseShared = { net: [10, "private"], ipc: [11, "private"], uts: [12, "private"] } as const;
    const node = { user: [1, "host"], time: [2, "host"] } as const;
    return [
        // cgroup v2: each process in its own cgroup namespace
        podPicture(
            "cgroupv2",
            madeUpPod({
                pause: { ...pauseShared, mnt: [20, "private"], pid: [21, "private"], cgroup: [22, "private"], ...node },
                nginx: { ...shared, mnt: [30, "private"], pid: [31, "private"], cgroup: [32, "private"], ...node },
                sidecar: { ...shared, mnt: [40, "private"], pid: [41, "private"], cgroup: [42, "private"], ...node },
            }),
        ),
        // namespaces whose members are not adjacent rows; a node's namespace only one container is in
        podPicture(
            "apart",
            madeUpPod({
                pause: { ...pauseShared, mnt: [50, "private"], cgroup: [60, "private"] },
                a: { ...shared, mnt: [51, "private"], cgroup: [3, "host"] },
                b: { ...shared, mnt: [50, "pod"], cgroup: [61, "private"] },
                c: { ...shared, mnt: [51, "private"], cgroup: [62, "private"] },
                d: { ...shared, mnt: [52, "private"], cgroup: [3, "host"] },
            }),
        ),
        // a type one process lacks (an older kernel's time namespace), and a pod of pause alone
        podPicture(
            "missing",
            madeUpPod({
                pause: { ...pauseShared, mnt: [70, "private"], ...node },
                app: { ...shared, mnt: [71, "private"], user: [1, "host"] },
            }),
        ),
        podPicture("alone", madeUpPod({ pause: { ...pauseShared, mnt: [80, "private"], ...node } })),
    ];
}

/**
 * The grid's geometry: boxes nested and apart, each text inside its box, each process's namespaces in its row and the
 * type's column, a namespace's cells joined by its lines only, every line vertical in its own lane, through no box,
 * and no two lines crossing.
 */
function checkLayout(l: PodLayout): void {
    const p = l.picture;
    const at = `${p.pod}`;
    assert.equal(countCrossings(l.lines), 0, `${at}: lines cross`);
    assert.ok(inside(l.pod, l.node), `${at}: pod inside node`);
    assert.equal(
        l.band === null,
        !p.namespaces.some((n) => n.class === "host"),
        `${at}: a band exactly when the node's namespaces are used`,
    );
    if (l.band) assert.ok(inside(l.band, l.node) && !overlap(l.band, l.pod), `${at}: the band in the node, under the pod`);
    assert.deepEqual(
        l.columns.map((c) => c.type),
        p.types,
    );
    assert.deepEqual(
        l.processes.map((r) => r.process.name),
        p.processes.map((x) => x.name),
    );
    const cells = l.namespaces.flatMap((n) => n.cells);
    const nodeBoxes = l.namespaces.flatMap((n) => (n.nodeBox ? [n.nodeBox] : []));
    const inPod = [l.corner, ...l.columns.map((c) => c.header), ...l.processes, ...cells];
    const leaves = [...inPod, ...nodeBoxes];
    for (const b of inPod) assert.ok(inside(b, l.pod), `${at}: "${b.lines[0]}" inside the pod box`);
    for (const b of nodeBoxes) assert.ok(inside(b, l.band!), `${at}: "${b.lines.join(" ")}" inside the band`);
    for (let i = 0; i < leaves.length; i++) {
        for (let j = i + 1; j < leaves.length; j++)
            assert.ok(!overlap(leaves[i], leaves[j]), `${at}: "${leaves[i].lines.join(" ")}" overlaps "${leaves[j].lines.join(" ")}"`);
    }
    const groups = [l.node, l.pod, ...(l.band ? [l.band] : [])];
    for (const b of [...leaves, ...groups]) assert.ok(inside(textBlock(b), b), `${at}: text "${b.lines.join(" / ")}" leaves its box`);
    for (const g of groups) {
        for (const b of [...leaves, l.pod, ...(l.band ? [l.band] : [])].filter((x) => x !== g))
            assert.ok(!overlap(textBlock(g), b), `${at}: the title "${g.lines.join(" ")}" under "${b.lines.join(" ")}"`);
    }
    // every process has one cell per namespace it is in, in its row, in that type's column
    const rowOf = new Map(l.processes.map((r) => [r.process.name, r]));
    for (const n of l.namespaces) {
        const ns = n.namespace;
        const column = l.columns[n.column];
        assert.equal(column.type, ns.type, `${at} ${ns.key}: in its type's column`);
        const lane = column.lanes[n.lane];
        assert.deepEqual(n.cells.flatMap((c) => c.rows).sort(), [...ns.members].sort(), `${at} ${ns.key}: a cell in each member's row`);
        for (const c of n.cells) {
            const [first, last] = [rowOf.get(c.rows[0])!, rowOf.get(c.rows[c.rows.length - 1])!];
            const indexes = c.rows.map((r) => l.processes.indexOf(rowOf.get(r)!));
            assert.ok(
                indexes.every((r, i) => i === 0 || r === indexes[i - 1] + 1),
                `${at} ${ns.key}: a cell spans adjacent rows only`,
            );
            assert.ok(
                Math.abs(c.y - first.y) < 0.5 && Math.abs(c.y + c.height - last.y - last.height) < 0.5,
                `${at} ${ns.key}: the cell spans its rows`,
            );
            assert.ok(Math.abs(c.x - lane.x) < 0.5 && Math.abs(c.width - lane.width) < 0.5, `${at} ${ns.key}: the cell fills its lane`);
            assert.ok(
                c.x >= column.header.x - 0.5 && c.x + c.width <= column.header.x + column.header.width + 0.5,
                `${at} ${ns.key}: under its header`,
            );
        }
        if (ns.class === "host") {
            assert.equal(n.cells.length, ns.members.length, `${at} ${ns.key}: the node's, a cell per member`);
            assert.ok(n.nodeBox && Math.abs(n.nodeBox.x - lane.x) < 0.5, `${at} ${ns.key}: its box in the band under its lane`);
        } else {
            assert.equal(n.nodeBox, null);
            // one cell per run of adjacent member rows
            const idx = ns.members.map((m) => l.processes.indexOf(rowOf.get(m)!)).sort((a, b) => a - b);
            const runs = idx.filter((r, i) => i === 0 || r !== idx[i - 1] + 1).length;
            assert.equal(n.cells.length, runs, `${at} ${ns.key}: a cell per run of adjacent members`);
        }
        // its lines join its boxes top to bottom, down the middle of its lane
        const stops: Rect[] = [...n.cells, ...(n.nodeBox ? [n.nodeBox] : [])];
        const mine = l.lines.filter((x) => x.namespace === ns.key);
        assert.equal(mine.length, stops.length - 1, `${at} ${ns.key}: a line between each two of its boxes`);
        mine.forEach((line, i) => {
            assert.equal(line.class, ns.class);
            const [a, b] = [line.points[0], line.points[line.points.length - 1]];
            assert.ok(
                Math.abs(a.x - (lane.x + lane.width / 2)) < 0.5 && line.points.every((pt) => Math.abs(pt.x - a.x) < 1e-9),
                `${at}: vertical, mid-lane`,
            );
            assert.ok(
                Math.abs(a.y - stops[i].y - stops[i].height) < 0.5 && Math.abs(b.y - stops[i + 1].y) < 0.5,
                `${at} ${ns.key}: joins its boxes`,
            );
        });
    }
    for (const r of l.processes) {
        const mine = cells.filter((c) => c.rows.includes(r.process.name)).length;
        assert.equal(
            mine,
            p.namespaces.filter((n) => n.members.includes(r.process.name)).length,
            `${at} ${r.process.name}: a cell per namespace`,
        );
    }
    // no line runs through a box or a text
    const texts = [...leaves, ...groups].map(textBlock);
    for (const line of l.lines) {
        for (const [i, b] of line.points.slice(1).entries()) {
            const s = { a: line.points[i], b };
            for (const r of [...leaves, ...texts])
                assert.ok(
                    !through(s, r),
                    `${at} ${line.namespace}: a line through "${"lines" in r ? (r as LaidBox).lines.join(" ") : "a text"}"`,
                );
        }
    }
    assert.ok(l.width >= l.node.x + l.node.width && l.height >= l.node.y + l.node.height);
}

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

    describe("crossing counter", () => {
        const seg = (x1: number, y1: number, x2: number, y2: number): Segment => ({ a: { x: x1, y: y1 }, b: { x: x2, y: y2 } });
        const line = (...xy: number[]) => ({ points: xy.flatMap((v, i) => (i % 2 === 0 ? [{ x: v, y: xy[i + 1] }] : [])) });

        it("two segments that cross count 1, whatever their slope", () => {
            assert.equal(segmentsCross(seg(0, 0, 10, 10), seg(0, 10, 10, 0)), true);
            assert.equal(countCrossings([line(0, 0, 10, 10), line(0, 10, 10, 0)]), 1);
            assert.equal(countCrossings([line(5, 0, 5, 10), line(0, 5, 10, 5)]), 1, "a vertical and a horizontal line");
            assert.equal(countCrossings([line(0, 0, 3, 1), line(1, 3, 2, -2)]), 1);
        });

        it("a line ending on another (a T) and lines overlapping along one line count; collinear lines that only meet end to end do not", () => {
            assert.equal(countCrossings([line(0, 0, 10, 0), line(5, 0, 5, 10)]), 1, "T");
            assert.equal(countCrossings([line(0, 0, 6, 0), line(4, 0, 10, 0)]), 1, "overlap");
            assert.equal(countCrossings([line(0, 0, 10, 0), line(0, 0, 5, 0)]), 1, "overlap from a shared endpoint");
            assert.equal(countCrossings([line(3, 0, 3, 10), line(3, 2, 3, 4)]), 1, "vertical, one inside the other");
            assert.equal(countCrossings([line(0, 0, 5, 0), line(5, 0, 10, 0)]), 0, "end to end");
            assert.equal(countCrossings([line(0, 0, 4, 0), line(6, 0, 10, 0)]), 0, "collinear, apart");
            assert.equal(countCrossings([line(3, 0, 3, 10), line(3, 12, 3, 20)]), 0, "one lane, one above the other");
        });

        it("shared endpoints, parallels and lines apart do not count", () => {
            assert.equal(countCrossings([line(0, 0, 5, 5), line(5, 5, 10, 0)]), 0, "V");
            assert.equal(countCrossings([line(0, 0, 10, 0), line(0, 1, 10, 1)]), 0, "parallel");
            assert.equal(countCrossings([line(0, 0, 1, 1), line(5, 0, 3, 2)]), 0, "would cross if longer");
            assert.equal(countCrossings([line(0, 0, 10, 0, 10, 10, 20, 10)]), 0, "one polyline's bends");
            assert.equal(countCrossings([]), 0);
        });

        it("polylines: every pair of segments, a line's own too; counts add up", () => {
            assert.equal(countCrossings([line(0, 0, 10, 10, 10, 0, 0, 10)]), 1, "a Z folded over itself");
            assert.equal(countCrossings([line(0, 0, 10, 0, 5, 0)]), 1, "a line folding back on itself");
            assert.equal(countCrossings([line(0, 5, 20, 5, 20, 15, 0, 15), line(5, 0, 5, 20), line(10, 0, 10, 20)]), 4);
            const grid = [line(1, 0, 1, 10), line(2, 0, 2, 10), line(3, 0, 3, 10), line(0, 3, 4, 3), line(0, 6, 4, 6)];
            assert.equal(countCrossings(grid), 6, "three verticals over two horizontals");
        });
    });

    describe("layout (grid): rows the processes, columns the namespace types", () => {
        it("the lab's own pods (myweb, myweb2, the experiment pods) are drawn with no two lines crossing", () => {
            const counted: string[] = [];
            for (const file of ["outputs.json", "outputs-experiments.json"]) {
                for (const picture of reportPictures(report(file))) {
                    const l = layoutPod(picture);
                    assert.equal(countCrossings(l.lines), 0, `${file} ${picture.pod}: lines cross`);
                    assert.ok(l.lines.length > 0, `${file} ${picture.pod}: draws its connectors`);
                    counted.push(picture.pod);
                }
            }
            for (const pod of ["myweb", "myweb2", "myweb2-hostipc", "myweb2-hostnetwork", "myweb2-sharedpid"])
                assert.ok(counted.includes(pod), `${pod} checked`);
        });

        it("myweb2: net, ipc and uts are one cell across all three rows; mnt and pid a cell per row; the node's cgroup, user and time a cell per row joined down to the band", () => {
            const picture = reportPictures(report("outputs.json")).find((p) => p.pod === "myweb2")!;
            const l = layoutPod(picture);
            assert.deepEqual(
                l.columns.map((c) => c.type),
                ["net", "ipc", "uts", "mnt", "pid", "cgroup", "user", "time"],
            );
            assert.deepEqual(
                l.processes.map((p) => p.lines),
                [
                    ["pause", "PID 2424"],
                    ["myweb2-netshoot", "PID 2525"],
                    ["myweb2-nginx", "PID 2475"],
                ],
            );
            const rows = (type: string) =>
                l.namespaces
                    .filter((n) => n.namespace.type === type)
                    .map((n) => [n.namespace.class, n.cells.map((c) => c.rows.join("+")), !!n.nodeBox]);
            const all = "pause+myweb2-netshoot+myweb2-nginx";
            for (const t of ["net", "ipc", "uts"]) assert.deepEqual(rows(t), [["pod", [all], false]], t);
            for (const t of ["mnt", "pid"])
                assert.deepEqual(rows(t), [
                    ["private", ["pause"], false],
                    ["private", ["myweb2-netshoot"], false],
                    ["private", ["myweb2-nginx"], false],
                ]);
            for (const t of ["cgroup", "user", "time"])
                assert.deepEqual(rows(t), [["host", ["pause", "myweb2-netshoot", "myweb2-nginx"], true]], t);
            assert.deepEqual(l.band?.lines, ["node vm's", "own namespaces"]);
            assert.equal(l.lines.length, 3 * 3, "per node namespace: two between its cells, one down to the band");
            assert.ok(l.lines.every((x) => x.class === "host"));
        });

        it("every distinct pod shape in examples/, and made-up shapes (cgroup v2, members not adjacent, a type missing, pause alone): geometry", () => {
            // pods that differ only in inodes and PIDs (a re-run, the same pod in several files) lay out alike
            const shapes = new Map<string, PodPicture>();
            for (const picture of [...FILES.flatMap((file) => reportPictures(report(file))), ...madeUpPictures()]) {
                const shape = JSON.stringify([
                    picture.processes.map((p) => p.name),
                    picture.namespaces.map((n) => [n.type, n.class, n.members]),
                ]);
                if (!shapes.has(shape)) shapes.set(shape, picture);
            }
            assert.ok(shapes.size >= 9, `${shapes.size} shapes`);
            for (const picture of shapes.values()) checkLayout(layoutPod(picture));
        });

        it("members that are not adjacent rows: a cell per run joined by a connector, in a lane of its own", () => {
            const l = layoutPod(madeUpPictures().find((p) => p.pod === "apart")!);
            const mnt = l.namespaces.filter((n) => n.namespace.type === "mnt");
            assert.deepEqual(
                mnt.map((n) => [n.namespace.members.join("+"), n.cells.map((c) => c.rows.join("+")), n.lane]),
                [
                    ["pause+b", ["pause", "b"], 0],
                    ["a+c", ["a", "c"], 1],
                    ["d", ["d"], 0],
                ],
            );
            assert.equal(l.columns.find((c) => c.type === "mnt")!.lanes.length, 2);
            assert.equal(l.lines.filter((x) => x.namespace.startsWith("mnt:")).length, 2);
            assert.equal(countCrossings(l.lines), 0);
        });
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

        it("renderPodSvg: one pod's picture as a standalone <svg> element with its own style, ids made from the pod's name", async () => {
            const pictures = reportPictures(report("outputs.json"));
            const svgs = await Promise.all(pictures.map(renderPodSvg));
            for (const [i, svg] of svgs.entries()) {
                const pod = pictures[i].pod;
                assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="kpl" /);
                assert.match(svg.trimEnd(), /<\/svg>$/);
                assert.match(svg, /<style>[^<]*\.kpl \.ns-pod > rect/);
                assert.deepEqual(
                    [...svg.matchAll(/<g class="pod-picture" data-pod="([^"]+)"/g)].map((m) => m[1]),
                    [pod],
                );
                assert.deepEqual(
                    [...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]),
                    [`kpl-pod-${pod}-title`, `kpl-pod-${pod}-desc`],
                );
                assert.match(svg, new RegExp(`aria-labelledby="kpl-pod-${pod}-title kpl-pod-${pod}-desc"`));
            }
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
