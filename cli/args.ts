// The verbs' command lines, read by node:util's parseArgs (its tokens: every option and positional as given) and
// judged here, so each problem is one line in the verbs' own words rather than parseArgs' paragraphs.
import { parseArgs } from "util";

export type OptionSpec = { type: "string" | "boolean"; short?: string };
type Values<O extends Record<string, OptionSpec>> = {
    [K in keyof O]?: O[K]["type"] extends "string" ? string : boolean;
};
export interface ParsedCommandLine<O extends Record<string, OptionSpec>> {
    values: Values<O>;
    positionals: string[];
}

/**
 * `--name VALUE`, `--name=VALUE`, boolean `--name`, short forms, `--` before positionals. One line for the first
 * problem: an unknown option, a string option without a value (an option after it is not one), a value given to a
 * boolean, a positional where the verb takes none.
 */
export function parseCommandLine<O extends Record<string, OptionSpec>>(
    args: string[],
    options: O,
    allowPositionals: boolean,
): ParsedCommandLine<O> | { error: string } {
    const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
    const values: Record<string, string | boolean> = {};
    const positionals: string[] = [];
    for (const token of tokens) {
        if (token.kind === "option-terminator") continue;
        if (token.kind === "positional") {
            if (!allowPositionals) return { error: `unexpected argument ${JSON.stringify(token.value)}` };
            positionals.push(token.value);
            continue;
        }
        const spec = Object.prototype.hasOwnProperty.call(options, token.name) ? options[token.name] : undefined;
        if (spec === undefined) return { error: `unknown option ${token.rawName}` };
        if (spec.type === "boolean") {
            if (token.value !== undefined) return { error: `${token.rawName} takes no value` };
            values[token.name] = true;
        } else {
            const value = token.value;
            if (value === undefined || value === "" || (!token.inlineValue && value.startsWith("-") && value !== "-")) {
                return { error: `${token.rawName} needs a value` };
            }
            values[token.name] = value;
        }
    }
    return { values: values as Values<O>, positionals };
}

/** Pulumi stack names: letters, digits, -, _, . (an org/project/ prefix is not meaningful on a file backend). */
export function stackNameProblem(name: string): string | undefined {
    return /^[A-Za-z0-9_.-]+$/.test(name) ? undefined : `--stack ${JSON.stringify(name)} is not a stack name (letters, digits, - _ .)`;
}
