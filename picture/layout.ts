// Where everything in a pod's picture goes: a grid. Rows are the pod's processes (pause first, then each container),
// columns the namespace types in lsns order, each cell a namespace's inode. A namespace several processes are in is
// one cell across their rows, or, where its members are not adjacent rows, one cell per run of adjacent members joined
// by a vertical connector; a process's own namespace is its own cell; the node's namespaces have a cell in each member
// row, joined by a vertical connector down to their box in the node's band under the pod. Every namespace has its own
// lane in its column wherever its cells and connectors would meet another's, so every line is vertical, in a lane of
// its own, and no two lines cross (countCrossings, below, checks it).
// The result is plain geometry in absolute coordinates, so the SVG writer only draws and tests can check it.
import type { NamespaceType } from "../probe/types";
import {
    bandLines,
    cellLines,
    NamespaceClass,
    nodeNamespaceLines,
    nodeTitle,
    PictureNamespace,
    PictureProcess,
    podTitle,
    PodPicture,
    rowLines,
} from "./model";

/** Monospace text metrics the sizes are computed with (DejaVu Sans Mono and its kin advance 0.6 em). */
export const FONT_SIZE = 12;
export const CHAR_WIDTH = 7.4; // ≥ 0.6 em at 12 px, with room for fallback fonts
export const LINE_HEIGHT = 16;
export const BOX_PADDING_X = 10;
export const BOX_PADDING_Y = 8;
/** Space above a group's content for its title line. */
export const GROUP_TITLE_SPACE = 30;
/** Space between a group's border and its content (left, right, bottom). */
export const GROUP_PADDING = 14;
/** Padding of a cell's text (cells are narrow: eight columns fit a 1200 px page). */
const CELL_PADDING_X = 8;
/** Height of the column headers' row. */
const HEADER_HEIGHT = LINE_HEIGHT + 8;
/** Between rows: where a connector between two cells of one namespace shows. */
const ROW_GAP = 18;
const COLUMN_GAP = 12;
/** Between two lanes of one column. */
const LANE_GAP = 8;
/** Between the pod's box and the node's band: where the connectors down to the band leave the pod. */
const BAND_GAP = 28;

export interface Point {
    x: number;
    y: number;
}

export interface Rect {
    x: number;
    y: number;
    width: number;
    height: number;
}

export interface LaidBox extends Rect {
    /** Text lines, top to bottom. */
    lines: string[];
    /** Top left of the text block (lines × LINE_HEIGHT high, each line textWidth wide), inside the box. */
    text: Point;
}

/** A row's header: the process's name and PID. */
export interface LaidProcess extends LaidBox {
    process: PictureProcess;
}

/** A column: its header box and the x range of each of its lanes. */
export interface LaidColumn {
    type: NamespaceType;
    header: LaidBox;
    lanes: Array<{ x: number; width: number }>;
}

export interface LaidCell extends LaidBox {
    /** The processes (rows) the cell spans, top to bottom: adjacent rows, all of them members of the namespace. */
    rows: string[];
}

export interface LaidNamespace {
    namespace: PictureNamespace;
    /** Its column (index into columns) and its lane in that column. */
    column: number;
    lane: number;
    /** In the grid, top to bottom: one per run of adjacent member rows; for the node's namespaces one per member row. */
    cells: LaidCell[];
    /** The node's namespaces: its box in the node's band; null for the others. */
    nodeBox: LaidBox | null;
}

/** A line the picture draws: a connector joining two boxes of one namespace (cell to cell, cell to the band). */
export interface LaidLine {
    namespace: string; // namespace key
    class: NamespaceClass;
    points: Point[];
}

export interface PodLayout {
    picture: PodPicture;
    width: number;
    height: number;
    node: LaidBox;
    pod: LaidBox;
    /** The header of the rows' column ("process"). */
    corner: LaidBox;
    columns: LaidColumn[];
    /** One row per process, in the model's order (pause first). */
    processes: LaidProcess[];
    namespaces: LaidNamespace[];
    /** The node's own namespaces, under the pod (its lines are its title, at the left); null when the pod uses none. */
    band: LaidBox | null;
    /** Every line the picture draws. */
    lines: LaidLine[];
}

export function textWidth(line: string): number {
    return Math.ceil(line.length * CHAR_WIDTH);
}

const textBlockWidth = (lines: string[]) => Math.max(0, ...lines.map(textWidth));

/** A box with its text block at the top left, padded. */
function topLeftBox(r: Rect, lines: string[], padX: number, padY: number): LaidBox {
    return { ...r, lines, text: { x: r.x + padX, y: r.y + padY } };
}

/** A box with its text block in its middle. */
function centredBox(r: Rect, lines: string[]): LaidBox {
    const w = textBlockWidth(lines);
    const h = lines.length * LINE_HEIGHT;
    return { ...r, lines, text: { x: r.x + (r.width - w) / 2, y: r.y + (r.height - h) / 2 } };
}

/** Runs of adjacent numbers in an ascending list: [0, 1, 3] → [[0, 1], [3]]. */
function runs(rows: number[]): number[][] {
    const out: number[][] = [];
    for (const r of rows) {
        const last = out[out.length - 1];
        if (last && last[last.length - 1] === r - 1) last.push(r);
        else out.push([r]);
    }
    return out;
}

/**
 * Lanes of one column: namespaces whose vertical extents (first to last member row; the node's down to the band)
 * overlap get different lanes, so no connector runs through another namespace's cell or beside another's connector.
 * Greedy by first row, in the model's order: the fewest lanes interval extents allow.
 */
function assignLanes(extents: Array<{ from: number; to: number }>): number[] {
    const laneEnds: number[] = [];
    const order = extents.map((e, i) => ({ ...e, i })).sort((a, b) => a.from - b.from || a.i - b.i);
    const lanes = new Array<number>(extents.length);
    for (const e of order) {
        let lane = laneEnds.findIndex((end) => end < e.from);
        if (lane < 0) lane = laneEnds.push(e.to) - 1;
        else laneEnds[lane] = e.to;
        lanes[e.i] = lane;
    }
    return lanes;
}

export function layoutPod(picture: PodPicture): PodLayout {
    const types = picture.types;
    const rowOf = new Map(picture.processes.map((p, i) => [p.name, i]));
    const host = picture.namespaces.filter((n) => n.class === "host");
    const bandTitle = bandLines(picture);

    // sizes: one cell width for every lane, one height for every row
    const cellWidth =
        Math.max(...picture.namespaces.flatMap((n) => [cellLines(n), nodeNamespaceLines(n), [n.type]]).map(textBlockWidth)) +
        2 * CELL_PADDING_X;
    const rowHeight = 2 * LINE_HEIGHT + 2 * BOX_PADDING_Y;
    const rowHeaderWidth =
        Math.max(
            ...picture.processes.map((p) => textBlockWidth(rowLines(p))),
            textWidth("process"),
            host.length > 0 ? textBlockWidth(bandTitle) : 0,
        ) +
        2 * BOX_PADDING_X;

    // lanes per column
    const laneOf = new Map<string, number>();
    const laneCount = types.map((type) => {
        const inType = picture.namespaces.filter((n) => n.type === type);
        const extents = inType.map((n) => {
            const rows = n.members.map((m) => rowOf.get(m)!);
            return { from: Math.min(...rows), to: n.class === "host" ? Infinity : Math.max(...rows) };
        });
        const lanes = assignLanes(extents);
        inType.forEach((n, i) => laneOf.set(n.key, lanes[i]));
        return Math.max(...lanes) + 1;
    });

    // x: node ⊃ pod ⊃ the rows' column, then one column per type
    const podX = GROUP_PADDING;
    const gridX = podX + GROUP_PADDING;
    let x = gridX + rowHeaderWidth + COLUMN_GAP;
    const columnX = types.map((_, i) => {
        const at = x;
        x += laneCount[i] * cellWidth + (laneCount[i] - 1) * LANE_GAP + COLUMN_GAP;
        return at;
    });
    const gridRight = x - COLUMN_GAP;
    const podTitleText = podTitle(picture);
    const nodeTitleText = nodeTitle(picture);
    const podWidth = Math.max(gridRight + GROUP_PADDING, podX + textWidth(podTitleText) + 2 * GROUP_PADDING) - podX;
    const nodeWidth = Math.max(podX + podWidth + GROUP_PADDING, textWidth(nodeTitleText) + 2 * GROUP_PADDING);

    // y: the node's title, the pod's title, the column headers, the rows
    const podY = GROUP_TITLE_SPACE;
    const headerY = podY + GROUP_TITLE_SPACE;
    const rowY = (i: number) => headerY + HEADER_HEIGHT + ROW_GAP + i * (rowHeight + ROW_GAP);
    const gridBottom = rowY(picture.processes.length) - ROW_GAP;
    const podHeight = gridBottom + GROUP_PADDING - podY;
    const bandY = podY + podHeight + BAND_GAP;
    const bandHeight = rowHeight + 2 * GROUP_PADDING;
    const nodeHeight = (host.length > 0 ? bandY + bandHeight : podY + podHeight) + GROUP_PADDING;

    const laneX = (column: number, lane: number) => columnX[column] + lane * (cellWidth + LANE_GAP);
    const columns: LaidColumn[] = types.map((type, i) => {
        const width = laneCount[i] * cellWidth + (laneCount[i] - 1) * LANE_GAP;
        return {
            type,
            header: centredBox({ x: columnX[i], y: headerY, width, height: HEADER_HEIGHT }, [type]),
            lanes: Array.from({ length: laneCount[i] }, (_, lane) => ({ x: laneX(i, lane), width: cellWidth })),
        };
    });
    const processes: LaidProcess[] = picture.processes.map((p, i) => ({
        ...topLeftBox({ x: gridX, y: rowY(i), width: rowHeaderWidth, height: rowHeight }, rowLines(p), BOX_PADDING_X, BOX_PADDING_Y),
        process: p,
    }));
    const band: LaidBox | null =
        host.length > 0
            ? topLeftBox(
                  { x: podX, y: bandY, width: podWidth, height: bandHeight },
                  bandTitle,
                  GROUP_PADDING + BOX_PADDING_X,
                  GROUP_PADDING + BOX_PADDING_Y,
              )
            : null;

    const lines: LaidLine[] = [];
    const namespaces: LaidNamespace[] = picture.namespaces.map((n) => {
        const column = types.indexOf(n.type);
        const lane = laneOf.get(n.key)!;
        const cx = laneX(column, lane);
        const memberRows = n.members.map((m) => rowOf.get(m)!).sort((a, b) => a - b);
        // the node's namespaces: a cell per member row; the others: a cell per run of adjacent member rows
        const groups = n.class === "host" ? memberRows.map((r) => [r]) : runs(memberRows);
        const cells: LaidCell[] = groups.map((g) => {
            const top = rowY(g[0]);
            const rect = { x: cx, y: top, width: cellWidth, height: rowY(g[g.length - 1]) + rowHeight - top };
            return { ...centredBox(rect, cellLines(n)), rows: g.map((r) => picture.processes[r].name) };
        });
        const nodeBox =
            n.class === "host"
                ? centredBox({ x: cx, y: bandY + GROUP_PADDING, width: cellWidth, height: rowHeight }, nodeNamespaceLines(n))
                : null;
        // connectors down the lane's middle: cell to cell, and the last cell to the namespace's box in the band
        const stops: Rect[] = nodeBox ? [...cells, nodeBox] : cells;
        const mid = cx + cellWidth / 2;
        for (let i = 1; i < stops.length; i++) {
            const [a, b] = [stops[i - 1], stops[i]];
            lines.push({
                namespace: n.key,
                class: n.class,
                points: [
                    { x: mid, y: a.y + a.height },
                    { x: mid, y: b.y },
                ],
            });
        }
        return { namespace: n, column, lane, cells, nodeBox };
    });

    return {
        picture,
        width: Math.ceil(nodeWidth),
        height: Math.ceil(nodeHeight),
        node: topLeftBox({ x: 0, y: 0, width: nodeWidth, height: nodeHeight }, [nodeTitleText], 12, 4),
        pod: topLeftBox({ x: podX, y: podY, width: podWidth, height: podHeight }, [podTitleText], 12, 4),
        corner: topLeftBox({ x: gridX, y: headerY, width: rowHeaderWidth, height: HEADER_HEIGHT }, ["process"], BOX_PADDING_X, 4),
        columns,
        processes,
        namespaces,
        band,
        lines,
    };
}

/** A straight piece of a line. */
export interface Segment {
    a: Point;
    b: Point;
}

const EPSILON = 1e-6;
const sameAt = (p: Point, q: Point) => Math.abs(p.x - q.x) < EPSILON && Math.abs(p.y - q.y) < EPSILON;
/** Which side of the line through p and q the point r lies on: 1, -1, or 0 on it. */
function side(p: Point, q: Point, r: Point): number {
    const v = (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
    return Math.abs(v) < EPSILON ? 0 : Math.sign(v);
}
function onSegment(p: Point, s: Segment): boolean {
    return (
        side(s.a, s.b, p) === 0 &&
        p.x >= Math.min(s.a.x, s.b.x) - EPSILON &&
        p.x <= Math.max(s.a.x, s.b.x) + EPSILON &&
        p.y >= Math.min(s.a.y, s.b.y) - EPSILON &&
        p.y <= Math.max(s.a.y, s.b.y) + EPSILON
    );
}

/**
 * Whether two segments meet anywhere but at an endpoint they share: a crossing, one ending on the other (a T), or
 * overlapping along one line. Segments that only share an endpoint (a bend, two lines leaving one point) do not.
 */
export function segmentsCross(s: Segment, t: Segment): boolean {
    const shared = [s.a, s.b].filter((p) => sameAt(p, t.a) || sameAt(p, t.b));
    const [s1, s2, t1, t2] = [side(s.a, s.b, t.a), side(s.a, s.b, t.b), side(t.a, t.b, s.a), side(t.a, t.b, s.b)];
    if (s1 * s2 < 0 && t1 * t2 < 0) return true;
    if (s1 === 0 && s2 === 0 && t1 === 0 && t2 === 0) {
        // on one line: what the two have in common, measured along it
        const alongX = Math.abs(s.b.x - s.a.x) + Math.abs(t.b.x - t.a.x) >= Math.abs(s.b.y - s.a.y) + Math.abs(t.b.y - t.a.y);
        const k = (p: Point) => (alongX ? p.x : p.y);
        const from = Math.max(Math.min(k(s.a), k(s.b)), Math.min(k(t.a), k(t.b)));
        const to = Math.min(Math.max(k(s.a), k(s.b)), Math.max(k(t.a), k(t.b)));
        if (to - from > EPSILON) return true;
        if (to - from < -EPSILON) return false;
        return shared.length === 0; // one point in common: a crossing unless it is an endpoint of both
    }
    const touching = [...[t.a, t.b].filter((p) => onSegment(p, s)), ...[s.a, s.b].filter((p) => onSegment(p, t))];
    return touching.some((p) => !shared.some((q) => sameAt(p, q)));
}

/**
 * How many pairs of segments of the given lines (polylines) cross (segmentsCross); a line's consecutive segments
 * share their bend, which is no crossing, unless they fold back over each other. Pure: the picture's tests count the
 * laid-out lines and the lines Chromium drew.
 */
export function countCrossings(lines: ReadonlyArray<{ points: readonly Point[] }>): number {
    const segments = lines.flatMap((l) => l.points.slice(1).map((b, i): Segment => ({ a: l.points[i], b })));
    let count = 0;
    for (let i = 0; i < segments.length; i++) {
        for (let j = i + 1; j < segments.length; j++) if (segmentsCross(segments[i], segments[j])) count++;
    }
    return count;
}
