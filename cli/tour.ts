// `lab tour`: docs/seed-lab.md step by step on the learner's own cluster. Gathers what the steps need side by side
// (the stack's outputs and config; the cluster through the node runtime: its nodes, the lab pods as the API server
// sees them, the worker's processes, a probe of each lab pod now), then runs each step's own commands and prints them
// with their output, the marks and the verdict (tour/). `--check STEP --answer VALUE` checks what the learner found
// instead. Exit codes: 0 every verdict holds (a right answer), 1 a verdict does not (a wrong answer; no stack or no
// cluster: one line naming lab up), 2 bad usage.
import * as fs from "fs";
import { observeCluster, describeCondition, controlPlaneKubectlArgv } from "../host/clusterState";
import { failureWhy } from "../host/commandRunner";
import { parseKubeList } from "../host/labStatus";
import { kindNodeNames, labClusterConfig } from "../lab/kindConfig";
import { LAB_NAMESPACE } from "../lab/pods";
import type { NodeFacts, PodFacts } from "../lab/stackOutputs";
import { analyseProbeOutput } from "../probe/analyse";
import { ProbeAnalysisError, ProbeParseError } from "../probe/errors";
import { NODE_PROBE_SCRIPT_PATH } from "../probe/script";
import type { PodNamespaceReport } from "../probe/types";
import { checkAnswer, QUESTION_TEXT } from "../tour/checks";
import { TourInputError } from "../tour/errors";
import type { LivePod, TourFacts, TourPod } from "../tour/facts";
import { renderTourHtml } from "../tour/html";
import { parsePs, PS_FORMAT } from "../tour/psTree";
import { renderCommand, renderHeading, renderStep, renderVerdict } from "../tour/render";
import { runStep, Runners, StepResult } from "../tour/run";
import { planSteps, QUESTION_STEPS, QuestionStep, RawResult, STEP_IDS, StepId } from "../tour/steps";
import { chooseLang, Lang, Tr, translator } from "../tour/texts";
import { parseCommandLine, stackNameProblem } from "./args";
import type { CliIo } from "./io";
import { DEFAULT_STACK, plainOutputs } from "./stack";
import { readLabStack, realStatusDeps, StatusDeps } from "./status";

const USAGE =
    "usage: lab tour [--stack NAME] [--backend URL] [--step N] [--lang en|ko] [--json | --format text|json|html] [--check STEP --answer VALUE]";
const FORMATS = ["text", "json", "html"] as const;

export interface TourDeps extends StatusDeps {
    /** Asks the learner one question on the terminal; undefined: not interactive. Resolves undefined on end of input. */
    ask?: (question: string) => Promise<string | undefined>;
}

export async function run(args: string[], io: CliIo): Promise<number> {
    return runWith(args, io, { ...realStatusDeps(), ask: io.ask });
}

export async function runWith(args: string[], io: CliIo, deps: TourDeps): Promise<number> {
    const usageError = (line: string) => {
        io.stderr(`lab tour: ${line}\n${USAGE}\n`);
        return 2;
    };
    const parsed = parseCommandLine(
        args,
        {
            stack: { type: "string" },
            backend: { type: "string" },
            step: { type: "string" },
            lang: { type: "string" },
            json: { type: "boolean" },
            format: { type: "string" },
            check: { type: "string" },
            answer: { type: "string" },
            help: { type: "boolean", short: "h" },
        },
        false,
    );
    if ("error" in parsed) return usageError(parsed.error);
    const { values } = parsed;
    if (values.help) {
        io.stdout(`${USAGE}\nsteps: ${STEP_IDS.join(", ")} (docs/seed-lab.md); questions to --check: ${QUESTION_STEPS.join(", ")}\n`);
        return 0;
    }
    const stack = values.stack ?? DEFAULT_STACK;
    const badName = stackNameProblem(stack);
    if (badName) return usageError(badName);
    const lang = chooseLang(values.lang, deps.env);
    if (typeof lang !== "string") return usageError(lang.error);
    if (values.json && values.format !== undefined && values.format !== "json")
        return usageError("--json and --format html|text: choose one");
    const format: string = values.json ? "json" : (values.format ?? "text");
    if (!(FORMATS as readonly string[]).includes(format))
        return usageError(`--format must be one of ${FORMATS.join(", ")}, got "${format}"`);
    if (values.step !== undefined && !(STEP_IDS as readonly string[]).includes(values.step)) {
        return usageError(`--step must be one of ${STEP_IDS.join(", ")} (docs/seed-lab.md's sections), got "${values.step}"`);
    }
    if ((values.check === undefined) !== (values.answer === undefined)) return usageError("--check STEP and --answer VALUE go together");
    if (values.check !== undefined && !(QUESTION_STEPS as readonly string[]).includes(values.check)) {
        return usageError(`--check takes a step with a question: ${QUESTION_STEPS.join(", ")}; got "${values.check}"`);
    }
    const tr = translator(lang);

    const gathered = await gather(stack, values.backend, deps, tr);
    if ("problem" in gathered) {
        io.stderr(`lab tour: ${gathered.problem}\n`);
        return gathered.code;
    }
    const facts = gathered.facts;

    if (values.check !== undefined) {
        const step = values.check as QuestionStep;
        const result = checkAnswer(step, values.answer!, facts, tr);
        if (!result) {
            const pod = facts.pods.find((p) => !p.live);
            io.stderr(`lab tour: ${tr("missingPod", { pod: pod?.name ?? "?", why: pod?.liveError ?? "?" })}\n`);
            return 1;
        }
        (result.ok ? io.stdout : io.stderr)(`${result.message}\n`);
        return result.ok ? 0 : 1;
    }

    const plans = planSteps(facts, tr).filter((p) => values.step === undefined || p.step === values.step);
    const runners = realRunners(deps);
    const interactive = format === "text" && io.isTTY && deps.ask !== undefined;
    const results: StepResult[] = [];
    if (format === "text") io.stdout(`${tr("tourTitle", { cluster: facts.clusterName })}\n\n`);
    for (const plan of plans) {
        const result = await runStep(plan, runners, tr, plan.question ? tr(QUESTION_TEXT[plan.question]) : undefined);
        results.push(result);
        if (format !== "text") continue;
        if (interactive && result.question) await interactiveStep(result, facts, tr, io, deps.ask!);
        else io.stdout(`${renderStep(result, tr, { colour: io.isTTY })}\n`);
    }
    if (format === "json") io.stdout(`${JSON.stringify(results.map(jsonStep), null, 2)}\n`);
    if (format === "html") io.stdout(await html(results, facts, lang, tr));
    return results.every((r) => r.verdict.ok) ? 0 : 1;
}

/** The --json contract: {step, command, output} first, then the rest (commands with what ran, marks, timings). */
function jsonStep(r: StepResult) {
    const { step, command, output, ...rest } = r;
    return { step, command, output, ...rest, commands: r.commands.map(({ lines: _lines, ...c }) => c) };
}

async function html(results: StepResult[], facts: TourFacts, lang: Lang, tr: Tr): Promise<string> {
    // the layout and SVG writer only for the page, not for every terminal tour
    const [{ renderPodSvg }, { podPicture }] = await Promise.all([import("../picture/svg"), import("../picture/model")]);
    const pictures: Record<string, string> = {};
    for (const p of facts.pods) if (p.live) pictures[p.name] = await renderPodSvg(podPicture(p.name, p.live.report));
    return renderTourHtml(results, tr, { lang, title: tr("tourTitle", { cluster: facts.clusterName }), pictures });
}

/** A step with a question: the commands that find the answer (unmarked), the question, then the rest, marked. */
async function interactiveStep(
    s: StepResult,
    facts: TourFacts,
    tr: Tr,
    io: CliIo,
    ask: (q: string) => Promise<string | undefined>,
): Promise<void> {
    const colour = io.isTTY;
    io.stdout(`${renderHeading(s, tr, colour)}\n\n`);
    for (const c of s.commands.filter((x) => x.beforeQuestion)) io.stdout(`${renderCommand(c, tr, { colour, hideMarks: true })}\n\n`);
    io.stdout(`${tr("question")} (${s.question!.step}): ${s.question!.text}\n`);
    for (;;) {
        const answer = await ask(tr("answerPrompt"));
        if (answer === undefined || answer.trim() === "") {
            io.stdout(`${tr("skipped")}\n\n`);
            break;
        }
        const result = checkAnswer(s.question!.step as QuestionStep, answer, facts, tr);
        if (!result) break;
        io.stdout(`${result.ok ? "✓" : "✗"} ${result.message}\n\n`);
        if (result.ok) break;
    }
    for (const c of s.commands) io.stdout(`${renderCommand(c, tr, { colour })}\n\n`);
    io.stdout(`${renderVerdict(s, tr, colour)}\n\n`);
}

function realRunners(deps: StatusDeps): Runners {
    return {
        exec: (argv) => deps.runCommand(argv, 10_000),
        get: async (url): Promise<RawResult> => {
            const r = await deps.httpStatus(url.replace(/#.*$/, ""));
            return "status" in r
                ? { code: 0, stdout: `HTTP ${r.status}\n`, stderr: "" }
                : { code: null, stdout: "", stderr: "", error: r.error };
        },
    };
}

type Gathered = { facts: TourFacts } | { problem: string; code: number };

/** The stack's record and the cluster now; or the one line that says why there is nothing to tour. */
export async function gather(stack: string, backendFlag: string | undefined, deps: StatusDeps, tr: Tr): Promise<Gathered> {
    const read = await readLabStack(stack, backendFlag, deps);
    switch (read.kind) {
        case "unreadable":
            return { problem: `cannot read stack ${stack} on ${read.backend.url}: ${read.why}`, code: 1 };
        case "missing":
            return { problem: tr("noStack", { stack, backend: read.backend.url }), code: 1 };
        case "config":
            return { problem: read.problems.join("; "), code: 2 };
    }
    const { config } = read;
    const outputs = plainOutputs(read.outputs, false) as {
        nodes?: NodeFacts[];
        pods?: Record<string, PodFacts>;
        namespaceReport?: Record<string, PodNamespaceReport>;
        kubeOpsViewUrl?: string;
        kubeOpsView?: { namespace?: string };
    };
    if (!outputs.pods || !outputs.nodes || Object.keys(outputs.pods).length === 0) return { problem: tr("noEvidence", { stack }), code: 1 };

    const runtime = config.nodeRuntime;
    const nodeNames = kindNodeNames(config.clusterName, labClusterConfig(config.workerPortMappings)).map((n) => n.name);
    const seen = await observeCluster(deps.runCommand, runtime, config.clusterName, nodeNames);
    if ("failed" in seen) {
        return { problem: tr("noCluster", { what: `${seen.failed.slice(0, 2).join(" ")} failed (${failureWhy(seen.result)})` }), code: 1 };
    }
    if (seen.assessment.condition !== "running") {
        return { problem: tr("noCluster", { what: describeCondition(config.clusterName, runtime, seen.assessment) }), code: 1 };
    }
    const controlPlane = nodeNames.find((n) => n.endsWith("-control-plane")) ?? nodeNames[0];
    const stackPods = outputs.pods;
    const worker =
        Object.values(stackPods)[0]?.nodeName ?? outputs.nodes.find((n) => n.role === "worker")?.name ?? nodeNames[nodeNames.length - 1];

    const [kube, ps] = await Promise.all([
        deps.runCommand(controlPlaneKubectlArgv(runtime, controlPlane, "get", "pods", "--all-namespaces", "-o", "json")),
        deps.runCommand([runtime, "exec", worker, "ps", "-e", "-o", PS_FORMAT]),
    ]);
    if (kube.code !== 0) return { problem: tr("noCluster", { what: `kubectl get pods failed (${failureWhy(kube)})` }), code: 1 };
    if (ps.code !== 0) return { problem: tr("noCluster", { what: `ps on ${worker} failed (${failureWhy(ps)})` }), code: 1 };
    let processes;
    try {
        processes = parsePs(ps.stdout);
    } catch (e) {
        if (e instanceof TourInputError) return { problem: e.message, code: 1 };
        throw e;
    }
    const list = parseKubeList(kube.stdout);
    if ("error" in list) return { problem: `kubectl get pods: ${list.error}`, code: 1 };
    // the lab's pods as they run now (one being deleted is the old one of a pod being replaced)
    const livePods = new Map(
        list.pods
            .filter((p) => p.namespace === LAB_NAMESPACE && p.phase === "Running" && !p.terminating)
            .map((p): [string, Omit<LivePod, "report" | "inspect">] => [
                p.name,
                { uid: p.uid, node: p.node, podIP: p.podIP ?? "", ready: p.readyContainers },
            ]),
    );
    const script = await fs.promises.readFile(NODE_PROBE_SCRIPT_PATH, "utf8");
    const pods: TourPod[] = await Promise.all(
        Object.entries(stackPods).map(async ([name, facts]): Promise<TourPod> => {
            const base: TourPod = { name, stack: facts, stackReport: outputs.namespaceReport?.[name] };
            const live = livePods.get(name);
            if (!live) return { ...base, liveError: "kubectl get pods does not list it" };
            // the stack's own probe, run as the stack runs it (the script as sh -c's program rather than on stdin)
            const probe = await deps.runCommand([runtime, "exec", live.node, "sh", "-c", script, "node-probe", live.uid], 20_000);
            if (probe.code !== 0) return { ...base, liveError: failureWhy(probe) };
            try {
                const result = analyseProbeOutput(probe.stdout);
                return { ...base, live: { ...live, report: result.report, inspect: result.crictlInspect } };
            } catch (e) {
                if (e instanceof ProbeParseError || e instanceof ProbeAnalysisError) return { ...base, liveError: e.message };
                throw e;
            }
        }),
    );
    return {
        facts: {
            clusterName: config.clusterName,
            runtime,
            controlPlane,
            worker,
            stackNodes: outputs.nodes,
            kubeOpsView: {
                url: outputs.kubeOpsViewUrl ?? "",
                namespace: outputs.kubeOpsView?.namespace ?? config.kubeOpsView.namespace,
            },
            pods,
            ps: processes,
        },
    };
}

export type { StepId };
