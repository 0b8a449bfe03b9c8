// `lab parse KIND FILE|-`: one tool output in, its parsed JSON out. Exit 0 ok, 2 bad input or usage,
// with exactly one line on stderr saying what was expected.
import type { CliIo } from "../io";
import { ProbeAnalysisError, ProbeParseError } from "../../probe/errors";
import { parseCrictlInspect } from "../../probe/crictlInspect";
import { parseCrictlInspectp } from "../../probe/crictlInspectp";
import { parseCrictlPods, parseCrictlPs } from "./crictlList";
import { parseLsns } from "./lsns";
import { parseNsLinks } from "../../probe/nsLinks";
import { parseIpAddrJson, parseIpAddrText } from "../../probe/ipAddr";
import { analyseProbeOutput } from "../../probe/analyse";
import { parseCommandLine } from "../args";

const PARSERS: Record<string, { summary: string; parse: (text: string) => unknown }> = {
    "crictl-inspect": { summary: "crictl inspect JSON → { id, name, podSandboxId, pid, namespaces }", parse: parseCrictlInspect },
    "crictl-inspectp": { summary: "crictl inspectp JSON → sandbox facts", parse: parseCrictlInspectp },
    "crictl-ps": { summary: "crictl ps -o json → containers", parse: parseCrictlPs },
    "crictl-pods": { summary: "crictl pods -o json → pods", parse: parseCrictlPods },
    lsns: { summary: "lsns table or lsns -J → [{ ns, type, nprocs, pid, user, command }]", parse: parseLsns },
    nslinks: { summary: "`NAME TYPE:[INODE]` lines of /proc/PID/ns → inodes", parse: parseNsLinks },
    ip: {
        summary: 'ip -j addr or ip addr → ["IFNAME ADDRESS/PREFIX"]',
        parse: (text) => (text.trimStart().startsWith("[") ? parseIpAddrJson(text) : parseIpAddrText(text)),
    },
    probe: { summary: "a node-probe.sh document → { lsns, crictlInspect, report }", parse: analyseProbeOutput },
};

function usage(): string {
    return [
        "usage: npm run --silent lab -- parse KIND FILE|-",
        ...Object.entries(PARSERS).map(([k, p]) => `  ${k.padEnd(16)} ${p.summary}`),
    ].join("\n");
}

export async function run(args: string[], io: CliIo): Promise<number> {
    const parsed = parseCommandLine(args, { help: { type: "boolean", short: "h" } }, true);
    if ("error" in parsed) {
        io.stderr(`lab parse: ${parsed.error}; see \`lab parse --help\`\n`);
        return 2;
    }
    if (parsed.values.help) {
        io.stdout(usage() + "\n");
        return 0;
    }
    const [kind, file, ...extra] = parsed.positionals;
    const parser = kind === undefined ? undefined : PARSERS[kind];
    if (!parser || file === undefined || extra.length > 0) {
        const what = !kind
            ? "a KIND"
            : !parser
              ? `KIND one of ${Object.keys(PARSERS).join(", ")} (got "${kind}")`
              : file === undefined
                ? "a FILE or -"
                : "only KIND and FILE";
        io.stderr(`lab parse: expected ${what}; see \`lab parse --help\`\n`);
        return 2;
    }
    const label = file === "-" ? "<stdin>" : file;
    let text: string;
    try {
        text = await io.readInput(file);
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        io.stderr(`lab parse: ${label}: expected a readable file${code ? ` (${code})` : ""}\n`);
        return 2;
    }
    try {
        io.stdout(JSON.stringify(parser.parse(text), null, 2) + "\n");
        return 0;
    } catch (err) {
        if (err instanceof ProbeParseError || err instanceof ProbeAnalysisError) {
            io.stderr(`lab parse: ${label}: ${err.message.replace(/\s*\n\s*/g, " ")}\n`);
            return 2;
        }
        throw err;
    }
}
