// Runs the planned steps: every command of a step at once (each is one short process: a runtime exec or the control
// plane's kubectl), its output trimmed to what a screen holds with every marked line kept, and the step's verdict.
// The processes are started by the caller's runner, so this stays pure (no Pulumi import, no child_process).
import { shellQuote } from "../host/commands";
import type { Mark, Presented, RawResult, StepId, StepPlan, Verdict } from "./steps";
import type { Tr } from "./texts";

export interface RanCommand {
    /** As the write-up writes it. */
    command: string;
    /** What ran, as one line (argv quoted where needed, or "GET URL"). */
    ran: string;
    note?: string;
    /** The output as shown (trimmed), and its marks by line. */
    output: string;
    lines: string[];
    marks: Mark[];
    exitCode: number | null;
    /** How long the command took, milliseconds. */
    ms: number;
    beforeQuestion: boolean;
}

export interface StepResult {
    step: StepId;
    title: string;
    lesson: string;
    notes: string[];
    /** Every command of the step, one per line, and their outputs one after another (the --json contract's fields). */
    command: string;
    output: string;
    commands: RanCommand[];
    verdict: Verdict;
    question?: { step: string; text: string };
    pod?: string;
}

export interface Runners {
    exec(argv: string[]): Promise<RawResult>;
    get(url: string): Promise<RawResult>;
}

/** Lines a command's output keeps; the rest are folded into one line saying how many. */
export const OUTPUT_LINES = 40;

/** An argument as a shell reads it back: as it is where no character is special, else quoted (host/commands.ts). */
function quoteArg(a: string): string {
    return /^[\w@%+=:,./-]+$/.test(a) ? a : shellQuote(a);
}

/** Keeps the first line (a header), every marked line and as many others as fit, in order; gaps become "…". */
export function trimOutput(presented: Presented, limit: number, tr: Tr): Presented {
    const { lines, marks } = presented;
    if (lines.length <= limit) return presented;
    const keep = new Set<number>([0, ...marks.map((m) => m.line)]);
    for (let i = 0; i < lines.length && keep.size < limit; i++) keep.add(i);
    const out: string[] = [];
    const newIndex = new Map<number, number>();
    let dropped = 0;
    let gap = false;
    for (let i = 0; i < lines.length; i++) {
        if (keep.has(i)) {
            if (gap) out.push("…");
            gap = false;
            newIndex.set(i, out.length);
            out.push(lines[i]);
        } else {
            dropped++;
            gap = true;
        }
    }
    out.push(tr("trimmed", { count: dropped }));
    return { lines: out, marks: marks.map((m) => ({ ...m, line: newIndex.get(m.line)! })) };
}

export async function runStep(plan: StepPlan, runners: Runners, tr: Tr, questionText?: string): Promise<StepResult> {
    const raws = await Promise.all(
        plan.commands.map(async (c) => {
            const start = performance.now();
            const raw = "argv" in c.run ? await runners.exec(c.run.argv) : await runners.get(c.run.get);
            return { raw, ms: Math.round(performance.now() - start) };
        }),
    );
    const commands: RanCommand[] = plan.commands.map((c, i) => {
        const { raw, ms } = raws[i];
        const shown = trimOutput(c.present(raw), OUTPUT_LINES, tr);
        return {
            command: c.shown,
            ran: "argv" in c.run ? c.run.argv.map(quoteArg).join(" ") : `GET ${c.run.get}`,
            ...(c.note ? { note: c.note } : {}),
            output: shown.lines.join("\n"),
            lines: shown.lines,
            marks: shown.marks,
            exitCode: raw.code,
            ms,
            beforeQuestion: c.beforeQuestion ?? false,
        };
    });
    return {
        step: plan.step,
        title: plan.title,
        lesson: plan.lesson,
        notes: plan.notes,
        command: commands.map((c) => c.command).join("\n"),
        output: commands.map((c) => c.output).join("\n"),
        commands,
        verdict: plan.verdict(raws.map((r) => r.raw)),
        ...(plan.question && questionText ? { question: { step: plan.question, text: questionText } } : {}),
        ...(plan.pod ? { pod: plan.pod } : {}),
    };
}
