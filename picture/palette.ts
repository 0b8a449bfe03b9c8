// The pictures' colours, one place for the SVG (light and dark, as CSS variables) and Mermaid (light only: its
// classDef takes no media queries). Each namespace class also has its own dash pattern, so it reads without colour.
import type { NamespaceClass } from "./model";

export interface Palette {
    bg: string;
    fg: string;
    muted: string;
    nodeFill: string;
    nodeStroke: string;
    podFill: string;
    podStroke: string;
    procFill: string;
    procStroke: string;
    /** Stroke (and line) colour of each class, and its box fill. */
    stroke: Record<NamespaceClass, string>;
    fill: Record<NamespaceClass, string>;
}

export const LIGHT: Palette = {
    bg: "#ffffff",
    fg: "#1f2328",
    muted: "#57606a",
    nodeFill: "#f6f8fa",
    nodeStroke: "#8c959f",
    podFill: "#ffffff",
    podStroke: "#57606a",
    procFill: "#f3f4f6",
    procStroke: "#24292f",
    stroke: { pod: "#1a7f37", private: "#0969da", host: "#9a6700" },
    fill: { pod: "#dafbe1", private: "#ddf4ff", host: "#fff8c5" },
};

export const DARK: Palette = {
    bg: "#0d1117",
    fg: "#e6edf3",
    muted: "#9198a1",
    nodeFill: "#161b22",
    nodeStroke: "#6e7681",
    podFill: "#0d1117",
    podStroke: "#9198a1",
    procFill: "#21262d",
    procStroke: "#e6edf3",
    stroke: { pod: "#3fb950", private: "#58a6ff", host: "#d29922" },
    fill: { pod: "#04260f", private: "#0c2d6b", host: "#3b2300" },
};

/** Dash pattern of each class (SVG stroke-dasharray): solid, dashed, dotted. */
export const CLASS_DASH: Record<NamespaceClass, string | null> = { pod: null, private: "6 3", host: "2 3" };

/** Mermaid's outline for what changed between two runs. */
export const CHANGED_STROKE = "#cf222e";
