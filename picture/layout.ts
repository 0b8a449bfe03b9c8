// Where everything in a pod's picture goes, computed by the Eclipse Layout Kernel (elkjs): its layered algorithm
// places nested boxes (node ⊃ pod ⊃ one box per process holding the namespaces it made: pause's box holds the shared
// ones) and routes the process→namespace edges orthogonally across the nesting, which is the whole picture's problem;
// only box sizes (from text length) are decided here.
// The result is plain geometry in absolute coordinates, so the SVG writer only draws and tests can check it.
import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";
import {
    holderTitle,
    NamespaceClass,
    namespaceLines,
    nodeTitle,
    PictureNamespace,
    PictureProcess,
    podTitle,
    PodPicture,
    processLines,
} from "./model";

/** Monospace text metrics the sizes are computed with (DejaVu Sans Mono and its kin advance 0.6 em). */
export const FONT_SIZE = 12;
export const CHAR_WIDTH = 7.4; // ≥ 0.6 em at 12 px, with room for fallback fonts
export const LINE_HEIGHT = 16;
export const BOX_PADDING_X = 10;
export const BOX_PADDING_Y = 8;
/** Space above a group's content for its title line. */
export const GROUP_TITLE_SPACE = 30;

export interface Rect {
    x: number;
    y: number;
    width: number;
    height: number;
}

export interface LaidBox extends Rect {
    /** Text lines, top to bottom (the first is the title). */
    lines: string[];
}

export interface LaidProcess extends LaidBox {
    process: PictureProcess;
    /** The box around the process and the namespaces it holds, titled with its name. */
    holder: LaidBox;
}

export interface LaidNamespace extends LaidBox {
    namespace: PictureNamespace;
}

export interface LaidEdge {
    from: string; // process name
    to: string; // namespace key
    class: NamespaceClass;
    points: Array<{ x: number; y: number }>;
}

export interface PodLayout {
    picture: PodPicture;
    width: number;
    height: number;
    node: LaidBox;
    pod: LaidBox;
    processes: LaidProcess[];
    namespaces: LaidNamespace[];
    edges: LaidEdge[];
}

export function textWidth(line: string): number {
    return Math.ceil(line.length * CHAR_WIDTH);
}

function boxSize(lines: string[]): { width: number; height: number } {
    return {
        width: Math.max(...lines.map(textWidth)) + 2 * BOX_PADDING_X,
        height: lines.length * LINE_HEIGHT + 2 * BOX_PADDING_Y,
    };
}

// ELK ids: processes "p:NAME", their boxes "h:NAME", namespaces "n:TYPE:INODE" (names are DNS labels).
const processId = (name: string) => `p:${name}`;
const holderId = (name: string) => `h:${name}`;
const namespaceId = (key: string) => `n:${key}`;

const elk = new ELK();

const GROUP_OPTIONS = {
    "elk.padding": `[top=${GROUP_TITLE_SPACE},left=14,bottom=14,right=14]`,
};

export async function layoutPod(picture: PodPicture): Promise<PodLayout> {
    const leaf = (id: string, lines: string[]): ElkNode => ({ id, ...boxSize(lines) });
    const onNode = picture.namespaces.filter((n) => n.holder === null);
    const titled = (title: string) => ({
        ...GROUP_OPTIONS,
        "elk.nodeSize.constraints": "MINIMUM_SIZE",
        "elk.nodeSize.minimum": `(${textWidth(title) + 28},0)`,
    });
    const holders: ElkNode[] = picture.processes.map((p) => ({
        id: holderId(p.name),
        layoutOptions: titled(holderTitle(p)),
        children: [
            leaf(processId(p.name), processLines(p)),
            ...picture.namespaces.filter((n) => n.holder === p.name).map((n) => leaf(namespaceId(n.key), namespaceLines(n))),
        ],
    }));
    const edges: ElkExtendedEdge[] = picture.namespaces.flatMap((n) =>
        n.members.map((m) => ({ id: `e:${m}>${n.key}`, sources: [processId(m)], targets: [namespaceId(n.key)] })),
    );
    const podTitleText = podTitle(picture);
    const nodeTitleText = nodeTitle(picture);
    const graph: ElkNode = {
        id: "root",
        layoutOptions: {
            "elk.algorithm": "layered",
            "elk.direction": "RIGHT",
            "elk.hierarchyHandling": "INCLUDE_CHILDREN",
            "elk.edgeRouting": "ORTHOGONAL",
            "elk.layered.spacing.nodeNodeBetweenLayers": "60",
            "elk.spacing.nodeNode": "14",
            "elk.spacing.edgeEdge": "6",
            "elk.layered.nodePlacement.strategy": "NETWORK_SIMPLEX",
            // keep the model's reading order (pause's own, shared, each container's own) instead of reshuffling
            "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
            "elk.layered.crossingMinimization.forceNodeModelOrder": "true",
            "elk.padding": "[top=0,left=0,bottom=0,right=0]",
            "elk.json.shapeCoords": "ROOT",
            "elk.json.edgeCoords": "ROOT",
        },
        children: [
            {
                id: "node",
                // each group wide enough for its title even when its content is narrow
                layoutOptions: titled(nodeTitleText),
                children: [
                    { id: "pod", layoutOptions: titled(podTitleText), children: holders },
                    ...onNode.map((n) => leaf(namespaceId(n.key), namespaceLines(n))),
                ],
            },
        ],
        edges,
    };
    const laid = await elk.layout(graph);
    const byId = new Map<string, ElkNode>();
    const visit = (n: ElkNode) => {
        byId.set(n.id, n);
        for (const c of n.children ?? []) visit(c);
    };
    visit(laid);
    const rect = (id: string): Rect => {
        const n = byId.get(id);
        if (!n || n.x === undefined || n.y === undefined || n.width === undefined || n.height === undefined) {
            throw new Error(`layout: ELK placed no ${id}`);
        }
        return { x: n.x, y: n.y, width: n.width, height: n.height };
    };
    const laidEdges: LaidEdge[] = [];
    for (const e of (laid.edges ?? []) as ElkExtendedEdge[]) {
        const [from, to] = [e.sources[0].slice(2), e.targets[0].slice(2)];
        const ns = picture.namespaces.find((n) => n.key === to)!;
        for (const s of e.sections ?? []) {
            laidEdges.push({ from, to, class: ns.class, points: [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] });
        }
    }
    const node = rect("node");
    return {
        picture,
        width: Math.ceil(node.x + node.width),
        height: Math.ceil(node.y + node.height),
        node: { ...node, lines: [nodeTitleText] },
        pod: { ...rect("pod"), lines: [podTitleText] },
        processes: picture.processes.map((p) => ({
            ...rect(processId(p.name)),
            lines: processLines(p),
            process: p,
            holder: { ...rect(holderId(p.name)), lines: [holderTitle(p)] },
        })),
        namespaces: picture.namespaces.map((n) => ({ ...rect(namespaceId(n.key)), lines: namespaceLines(n), namespace: n })),
        edges: laidEdges,
    };
}
