// The tour in a terminal: each step's heading, lesson, the commands with their output and marks, the verdict. Colour
// only on a terminal; every mark also says in words what it marks, so the text reads without colour. Pure.
import type { RanCommand, StepResult } from "./run";
import type { MarkKind } from "./steps";
import type { Tr } from "./texts";

const COLOUR: Record<MarkKind | "command" | "dim" | "ok" | "bad" | "heading", [string, string]> = {
    pod: ["\x1b[32m", "\x1b[39m"],
    private: ["\x1b[34m", "\x1b[39m"],
    host: ["\x1b[33m", "\x1b[39m"],
    info: ["\x1b[36m", "\x1b[39m"],
    command: ["\x1b[1m", "\x1b[22m"],
    dim: ["\x1b[2m", "\x1b[22m"],
    ok: ["\x1b[32m", "\x1b[39m"],
    bad: ["\x1b[31m", "\x1b[39m"],
    heading: ["\x1b[1m", "\x1b[22m"],
};

export interface TextOptions {
    colour: boolean;
    /** Leave the marks out (an interactive tour, before the step's question). */
    hideMarks?: boolean;
}

/** Marks sit one column right of the longest marked line, but never further than this. */
const MARK_COLUMN_MAX = 100;

export function renderCommand(c: RanCommand, tr: Tr, o: TextOptions): string {
    const paint = (k: keyof typeof COLOUR, s: string) => (o.colour ? `${COLOUR[k][0]}${s}${COLOUR[k][1]}` : s);
    const out = [paint("command", `$ ${c.command}`)];
    if (c.ran !== c.command) out.push(paint("dim", `  (${tr("ranAs")}: ${c.ran})`));
    if (c.note) out.push(paint("dim", `  (${c.note})`));
    const marks = o.hideMarks ? [] : c.marks;
    const width = Math.min(MARK_COLUMN_MAX, Math.max(0, ...marks.map((m) => c.lines[m.line]?.length ?? 0)));
    c.lines.forEach((line, i) => {
        const here = marks.filter((m) => m.line === i);
        out.push(here.length === 0 ? line : `${line.padEnd(width)}  ${here.map((m) => paint(m.kind, m.text)).join("  ")}`);
    });
    if (c.exitCode !== 0 && c.exitCode !== null) out.push(paint("bad", `  (${tr("exitStatus", { code: c.exitCode })})`));
    return out.join("\n");
}

export function renderHeading(s: StepResult, tr: Tr, colour: boolean): string {
    const head = `━━ ${tr("stepHeading", { step: s.step, title: s.title })} ━━`;
    return [colour ? `${COLOUR.heading[0]}${head}${COLOUR.heading[1]}` : head, s.lesson, ...s.notes.map((n) => `! ${n}`)].join("\n");
}

export function renderVerdict(s: StepResult, tr: Tr, colour: boolean): string {
    const sign = s.verdict.ok ? "✓" : "✗";
    const label = `${tr("verdict")} ${sign}`;
    return `${colour ? `${COLOUR[s.verdict.ok ? "ok" : "bad"][0]}${label}${COLOUR.ok[1]}` : label}: ${s.verdict.text}`;
}

/** One whole step, as the non-interactive tour prints it. */
export function renderStep(s: StepResult, tr: Tr, o: TextOptions): string {
    const parts = [renderHeading(s, tr, o.colour), ...s.commands.map((c) => renderCommand(c, tr, o))];
    if (s.question)
        parts.push(
            `${tr("question")} (${s.question.step}): ${s.question.text}  →  npm run lab -- tour --check ${s.question.step} --answer …`,
        );
    parts.push(renderVerdict(s, tr, o.colour));
    return `${parts.join("\n\n")}\n`;
}
