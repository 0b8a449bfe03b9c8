// The offline kind suite's side of `lab tour`: the stack outputs the suite recorded (as the real stack publishes
// them), the verb run in this process on the live cluster, its HTML page measured in headless Chromium, and the
// interactive tour driven in a real terminal (tmux: send-keys, capture-pane).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { OutputMap } from "@pulumi/pulumi/automation";
import type { LabConfig } from "../../lab/configSchema";
import type { NodeFacts, PodFacts } from "../../lab/stackOutputs";
import type { PodProbeResult } from "../../probe/analyse";
import { realStatusDeps } from "../../cli/status";
import { runWith as labTour } from "../../cli/tour";
import { shellQuote } from "../../host/commands";
import { memoryIo } from "../support/memoryIo";
import { launchBrowser, openMarkup } from "../render/browser";
import { REPO_ROOT } from "./cluster";

/** The outputs `lab tour` reads, as the stack publishes them, from what the suite recorded. */
export function tourOutputs(
    config: LabConfig,
    nodes: NodeFacts[],
    pods: Record<string, PodFacts>,
    probes: Record<string, PodProbeResult>,
): OutputMap {
    const plain = (value: unknown) => ({ value, secret: false });
    return {
        clusterName: plain(config.clusterName),
        nodes: plain(nodes),
        pods: plain(pods),
        namespaceReport: plain(Object.fromEntries(Object.entries(probes).map(([n, p]) => [n, p.report]))),
        kubeOpsViewUrl: plain("http://localhost:30000/#scale=1.5"),
        kubeOpsView: plain({ namespace: config.kubeOpsView.namespace }),
    };
}

/** `lab tour ARGS` in this process on the live cluster, its stack read replaced by `outputs`. */
export async function runTour(args: string[], env: NodeJS.ProcessEnv, config: LabConfig, outputs: OutputMap) {
    const io = memoryIo();
    const raw = { "kind-pause-lab:clusterName": { value: config.clusterName, secret: false } };
    const start = Date.now();
    const code = await labTour(args, io, { ...realStatusDeps(env), readStack: async () => ({ config: raw, outputs }) });
    return { code, out: io.out, err: io.err, seconds: (Date.now() - start) / 1000 };
}

/**
 * The page in headless Chromium at WIDTH px: the steps it shows, and every element whose box runs out of its step's
 * box (text wider than its block, a picture wider than the page) as "STEP: TAG.CLASS (left..right, box left..right)".
 */
export async function measureTourPage(html: string, width: number): Promise<{ steps: string[]; outside: string[] }> {
    const browser = await launchBrowser();
    try {
        const page = await openMarkup(browser, html, "light", width, 900);
        return await page.evaluate(() => {
            const steps: string[] = [];
            const outside: string[] = [];
            for (const section of Array.from(document.querySelectorAll<HTMLElement>("section.step"))) {
                const step = section.dataset.step ?? "?";
                steps.push(step);
                const box = section.getBoundingClientRect();
                for (const el of Array.from(section.querySelectorAll<HTMLElement>("*"))) {
                    const r = el.getBoundingClientRect();
                    if (r.width === 0 && r.height === 0) continue;
                    const name = `${el.tagName.toLowerCase()}.${(el.getAttribute("class") ?? "").replace(/ /g, ".")}`;
                    if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) {
                        outside.push(
                            `${step}: ${name} (${r.left.toFixed(0)}..${r.right.toFixed(0)}, box ${box.left.toFixed(0)}..${box.right.toFixed(0)})`,
                        );
                    }
                    // text that overflows a block it cannot leave (pre, code) without moving the block itself
                    if ((el.tagName === "PRE" || el.tagName === "CODE" || el.tagName === "P") && el.scrollWidth > el.clientWidth + 1) {
                        outside.push(`${step}: ${name} scrolls (${el.scrollWidth} > ${el.clientWidth})`);
                    }
                }
            }
            return { steps, outside };
        });
    } finally {
        await browser.close();
    }
}

export interface TmuxTour {
    /** The terminal's whole scrollback, as the learner saw it (capture-pane, colours dropped). */
    screen: string;
    exitCode: number | null;
}

/**
 * The interactive tour in a real terminal: `npm run lab -- tour ARGS` in a tmux session on its own server (so its
 * environment is ours), answering each prompt with the next of `answers` ("" = Enter) when the prompt appears.
 */
export async function tmuxTour(args: string[], env: NodeJS.ProcessEnv, answers: string[], timeoutMs = 60_000): Promise<TmuxTour> {
    const dir = fs.mkdtempSync(path.join(REPO_ROOT, "node_modules", ".cache", "kpl-tmux-"));
    const socket = `kpl-tour-${process.pid}`;
    const conf = path.join(dir, "tmux.conf");
    fs.writeFileSync(conf, "set -g history-limit 100000\n");
    const tmux = (...a: string[]) => spawnSync("tmux", ["-u", "-L", socket, "-f", conf, ...a], { env, encoding: "utf8" });
    const quoted = args.map(shellQuote).join(" ");
    const started = tmux(
        "new-session",
        "-d",
        "-s",
        "tour",
        "-x",
        "200",
        "-y",
        "50",
        `cd ${REPO_ROOT} && npm run --silent lab -- tour ${quoted}; echo "TOUR-EXIT=$?"; sleep 3600`,
    );
    if (started.status !== 0) throw new Error(`tmux new-session failed: ${started.stderr.trim()}`);
    const capture = () => tmux("capture-pane", "-p", "-J", "-t", "tour", "-S", "-100000").stdout;
    const prompt = /Your answer \(Enter to skip\): /g;
    try {
        const deadline = Date.now() + timeoutMs;
        let answered = 0;
        for (;;) {
            const screen = capture();
            const exit = /TOUR-EXIT=(\d+)/.exec(screen);
            if (exit) return { screen, exitCode: Number(exit[1]) };
            if (Date.now() > deadline) throw new Error(`the tour did not end within ${timeoutMs / 1000} s; screen:\n${screen}`);
            const prompts = screen.match(prompt)?.length ?? 0;
            if (prompts > answered) {
                const answer = answers[answered] ?? "";
                if (answer !== "") tmux("send-keys", "-t", "tour", "-l", answer);
                tmux("send-keys", "-t", "tour", "Enter");
                answered++;
            }
            await new Promise((r) => setTimeout(r, 150));
        }
    } finally {
        tmux("kill-server");
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
