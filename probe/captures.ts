// The raw captures the stack publishes beside the parsed report, one entry each: its stack output's name (the key),
// the probe section whose body it keeps (docs/probe-format.md), whose processes it is kept for, and how `lab diff`
// names it. Read by the probe analysis (which sections to keep), the output contract (lab/stackOutputs.ts: one output
// per capture), the normaliser (a capture is checked as pod → process → text) and the diff, which compares each one
// through its canonical form (outputs/volatile.ts: CANONICAL, one per capture, so the volatile parts are labelled).
// A capture added here and nowhere else fails `npm run build` until the program exports it and volatile.ts says how
// to read it.

export interface CaptureSpec {
    /** The probe section kind whose body is the capture; the process is its target= (or name=) attribute. */
    section: string;
    /** The pod's processes it is kept for: pause and each container, or the containers only. */
    of: "pause and containers" | "containers";
    /** Its name in `lab diff`'s lines. */
    label: string;
}

export const CAPTURES = {
    lsns: { section: "lsns", of: "pause and containers", label: "lsns" },
    crictlInspect: { section: "inspect", of: "containers", label: "crictl inspect" },
} as const satisfies Record<string, CaptureSpec>;

export type CaptureName = keyof typeof CAPTURES;
export const CAPTURE_NAMES = Object.keys(CAPTURES) as CaptureName[];

export function isCaptureName(name: string): name is CaptureName {
    return Object.prototype.hasOwnProperty.call(CAPTURES, name);
}

/** One capture of one pod: process ("pause" | container name) → raw text. */
export type PodCapture = Record<string, string>;
/** A capture's stack output: pod name → process → raw text. */
export type CaptureOutput = Record<string, PodCapture>;
/** Every capture of one pod, as the probe analysis returns them. */
export type PodCaptures = Record<CaptureName, PodCapture>;
