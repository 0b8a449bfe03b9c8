// `npm run --silent tour:record -- [--stack NAME] [--backend URL] > FILE`: runs `lab tour --json` on a live lab and
// writes what it read (the stack's config and outputs, every command's argv and result, the HTTP answers) as one JSON
// document, which the unit tests replay (test/unit/tour/replay.ts): the tour's parsing and judging on real output.
import { runWith } from "../../cli/tour";
import { realStatusDeps } from "../../cli/status";
import type { CommandResult } from "../../host/commandRunner";
import { isCaptureName } from "../../probe/captures";

export const PROBE_PLACEHOLDER = "<probe/node-probe.sh>";

async function main(): Promise<number> {
    const real = realStatusDeps();
    const recording: {
        stack?: unknown;
        commands: Array<{ argv: string[]; result: CommandResult }>;
        http: Record<string, unknown>;
    } = { commands: [], http: {} };
    const deps = {
        ...real,
        readStack: async (...a: Parameters<typeof real.readStack>) => {
            const read = await real.readStack(...a);
            // the tour reads neither the secrets (the kubeconfig) nor the raw captures: none of them goes into a fixture
            recording.stack =
                read === "missing"
                    ? read
                    : {
                          config: read.config,
                          outputs: Object.fromEntries(Object.entries(read.outputs).filter(([k, o]) => !o.secret && !isCaptureName(k))),
                      };
            return read;
        },
        runCommand: async (argv: string[], timeoutMs?: number) => {
            const result = await real.runCommand(argv, timeoutMs);
            // the probe's script is the repository's file: the replay matches it by name
            const probe = argv.indexOf("node-probe");
            recording.commands.push({ argv: probe > 0 ? argv.map((a, i) => (i === probe - 1 ? PROBE_PLACEHOLDER : a)) : argv, result });
            return result;
        },
        httpStatus: async (url: string) => (recording.http[url] = await real.httpStatus(url)),
    };
    const discard = { stdout: () => {}, stderr: (t: string) => void process.stderr.write(t), readInput: async () => "", isTTY: false };
    const code = await runWith(["--json", ...process.argv.slice(2)], discard, deps);
    process.stdout.write(`${JSON.stringify(recording)}\n`);
    return code;
}

if (require.main === module) main().then((code) => (process.exitCode = code));
