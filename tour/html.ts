// `lab tour --format html`: the whole tour as one self-contained page for a class or a printout: every step with its
// commands, their output (marked lines highlighted, the mark in words beside them), the verdict and the pod's
// namespace picture (picture/svg.ts, from the live probe). No scripts, fonts or images from elsewhere; long lines wrap
// inside their box rather than run out of it. Pure.
import { escapeXml } from "../picture/svg";
import type { StepResult } from "./run";
import type { Lang, Tr } from "./texts";

const STYLE = `
:root { color-scheme: light dark; --fg: #1b1f24; --bg: #ffffff; --muted: #57606a; --box: #f6f8fa; --line: #d0d7de;
  --pod: #1a7f37; --private: #0969da; --host: #9a6700; --info: #6e7781; --bad: #cf222e; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #8d96a0; --box: #161b22;
  --line: #30363d; --pod: #3fb950; --private: #58a6ff; --host: #d29922; --info: #8d96a0; --bad: #f85149; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 16px; color: var(--fg); background: var(--bg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans KR", "Apple SD Gothic Neo", sans-serif; }
h1 { font-size: 1.4em; }
section.step { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 16px 0; overflow: hidden;
  break-inside: avoid-page; }
section.step h2 { font-size: 1.15em; margin: 0 0 8px; }
.lesson { margin: 0 0 8px; }
.note { color: var(--bad); margin: 4px 0; }
.cmd { margin: 12px 0 0; }
.cmd code.shown { display: block; font-weight: bold; white-space: pre-wrap; overflow-wrap: anywhere; }
.cmd .ran { display: block; color: var(--muted); font-size: 0.85em; white-space: pre-wrap; overflow-wrap: anywhere; }
pre.output { background: var(--box); border: 1px solid var(--line); border-radius: 6px; padding: 8px; margin: 4px 0 0;
  font: 12px/1.45 "DejaVu Sans Mono", Menlo, Consolas, monospace; white-space: break-spaces; overflow-wrap: anywhere; }
pre.output .marked { font-weight: bold; }
pre.output .mark { font-weight: normal; }
.mark.pod { color: var(--pod); } .mark.private { color: var(--private); } .mark.host { color: var(--host); } .mark.info { color: var(--info); }
.verdict { margin: 12px 0 0; padding: 6px 10px; border-left: 4px solid var(--pod); }
.verdict.bad { border-left-color: var(--bad); }
.question { margin: 8px 0 0; font-style: italic; }
figure.picture { margin: 12px 0 0; max-width: 100%; overflow: hidden; }
figure.picture svg { max-width: 100%; height: auto; }
`;

export interface HtmlOptions {
    lang: Lang;
    title: string;
    /** pod name → its picture (an <svg> element), drawn from the live report. */
    pictures: Record<string, string>;
}

function commandHtml(c: StepResult["commands"][number], tr: Tr): string {
    const lines = c.lines.map((line, i) => {
        const marks = c.marks.filter((m) => m.line === i);
        if (marks.length === 0) return escapeXml(line);
        const notes = marks.map((m) => `<span class="mark ${m.kind}">${escapeXml(m.text)}</span>`).join(" ");
        return `<span class="marked">${escapeXml(line)}</span>  ${notes}`;
    });
    const ran = c.ran !== c.command ? `<span class="ran">${escapeXml(`${tr("ranAs")}: ${c.ran}`)}</span>` : "";
    const note = c.note ? `<span class="ran">${escapeXml(c.note)}</span>` : "";
    return `<div class="cmd"><code class="shown">$ ${escapeXml(c.command)}</code>${ran}${note}<pre class="output">${lines.join("\n")}</pre></div>`;
}

export function renderTourHtml(steps: StepResult[], tr: Tr, o: HtmlOptions): string {
    const sections = steps.map((s) => {
        const parts = [
            `<section class="step" id="step-${s.step.replace(".", "-")}" data-step="${s.step}">`,
            `<h2>${escapeXml(tr("stepHeading", { step: s.step, title: s.title }))}</h2>`,
            `<p class="lesson">${escapeXml(s.lesson)}</p>`,
            ...s.notes.map((n) => `<p class="note">${escapeXml(n)}</p>`),
            ...s.commands.map((c) => commandHtml(c, tr)),
            ...(s.question ? [`<p class="question">${escapeXml(`${tr("question")}: ${s.question.text}`)}</p>`] : []),
            `<p class="verdict${s.verdict.ok ? "" : " bad"}">${escapeXml(`${tr("verdict")} ${s.verdict.ok ? "✓" : "✗"}: ${s.verdict.text}`)}</p>`,
            ...(s.pod && o.pictures[s.pod] ? [`<figure class="picture" data-pod="${escapeXml(s.pod)}">${o.pictures[s.pod]}</figure>`] : []),
            `</section>`,
        ];
        return parts.join("\n");
    });
    return [
        "<!DOCTYPE html>",
        `<html lang="${o.lang}">`,
        `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeXml(o.title)}</title><style>${STYLE}</style></head>`,
        `<body><h1>${escapeXml(o.title)}</h1>`,
        ...sections,
        "</body></html>",
        "",
    ].join("\n");
}
