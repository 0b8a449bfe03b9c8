// The plan of each step on the facts of a recorded live lab: the commands run through the lab's node runtime (docker,
// podman, nerdctl: the runtime's own CLI, and kind told which one), and a pod that does not run leaves its steps
// without commands and with one note naming lab up.
import { strict as assert } from "assert";
import { gather } from "../../../cli/tour";
import type { TourFacts } from "../../../tour/facts";
import { planSteps, STEP_IDS } from "../../../tour/steps";
import { translator } from "../../../tour/texts";
import { loadRecording, replayDeps } from "./replay";

describe("tour: the steps' plans", () => {
    const tr = translator("en");
    let facts: TourFacts;
    before(async () => {
        const g = await gather("tour", undefined, replayDeps(loadRecording()), tr);
        assert.ok("facts" in g);
        facts = g.facts;
    });

    it("every step in docs/seed-lab.md's order, each with a title, a lesson and a verdict", () => {
        const plans = planSteps(facts, tr);
        assert.deepEqual(
            plans.map((p) => p.step),
            [...STEP_IDS],
        );
        for (const p of plans) assert.ok(p.title && p.lesson && p.commands.length > 0, p.step);
    });

    it("on podman every node command is podman's, and kind is told the provider", () => {
        const plans = planSteps({ ...facts, runtime: "podman" }, tr);
        const argvs = plans.flatMap((p) => p.commands.flatMap((c) => ("argv" in c.run ? [c.run.argv] : [])));
        assert.deepEqual(argvs[0], ["env", "KIND_EXPERIMENTAL_PROVIDER=podman", "kind", "get", "nodes", "--name", "tourlab"]);
        assert.equal(plans[0].commands[0].shown, "KIND_EXPERIMENTAL_PROVIDER=podman kind get nodes --name tourlab");
        for (const a of argvs.slice(1)) assert.equal(a[0], "podman", a.join(" "));
        assert.ok(!argvs.some((a) => a.includes("docker")));
    });

    it("a lab pod that does not run: its steps run no command and say so in one note naming lab up", () => {
        const down: TourFacts = {
            ...facts,
            pods: facts.pods.map((p) =>
                p.name === "myweb2" ? { ...p, live: undefined, liveError: "kubectl get pods does not list it" } : p,
            ),
        };
        const plans = planSteps(down, tr);
        for (const step of ["3.2", "3.3", "3.4", "3.5"]) {
            const p = plans.find((x) => x.step === step)!;
            assert.deepEqual(p.commands, [], step);
            assert.deepEqual(p.notes, ["Pod myweb2 is not running (kubectl get pods does not list it): npm run lab -- up makes it again."]);
            assert.equal(p.verdict([]).ok, false);
        }
    });
});
