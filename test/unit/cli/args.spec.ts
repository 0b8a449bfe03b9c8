// The verbs' command lines (cli/args.ts): parseArgs' tokens, judged into one line per problem.
import { strict as assert } from "assert";
import { parseCommandLine, stackNameProblem } from "../../../cli/args";

const OPTIONS = { stack: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } } as const;

describe("lab command lines", () => {
    it("reads --name VALUE, --name=VALUE, booleans, short forms and positionals after --", () => {
        assert.deepEqual(parseCommandLine(["--stack", "ci", "--json", "a.json", "-"], OPTIONS, true), {
            values: { stack: "ci", json: true },
            positionals: ["a.json", "-"],
        });
        assert.deepEqual(parseCommandLine(["--stack=ci", "-h", "--", "--json"], OPTIONS, true), {
            values: { stack: "ci", help: true },
            positionals: ["--json"],
        });
    });

    it("one line for the first problem, in the verbs' words", () => {
        const cases: Array<[string[], boolean, string]> = [
            [["--force"], true, "unknown option --force"],
            [["-x"], true, "unknown option -x"],
            [["--stack"], true, "--stack needs a value"],
            [["--stack="], true, "--stack needs a value"],
            [["--stack", "--json"], true, "--stack needs a value"],
            [["--json=yes"], true, "--json takes no value"],
            [["extra"], false, 'unexpected argument "extra"'],
            [["--constructor"], true, "unknown option --constructor"],
        ];
        for (const [args, positionals, error] of cases)
            assert.deepEqual(parseCommandLine(args, OPTIONS, positionals), { error }, args.join(" "));
        // a value that starts with a dash is the user's when given inline
        assert.deepEqual(parseCommandLine(["--stack=-odd"], OPTIONS, false), { values: { stack: "-odd" }, positionals: [] });
    });

    it("stack names: letters, digits, - _ .", () => {
        assert.equal(stackNameProblem("dev.e2e_1-x"), undefined);
        assert.equal(stackNameProblem("a b"), '--stack "a b" is not a stack name (letters, digits, - _ .)');
        assert.equal(stackNameProblem("org/proj/dev"), '--stack "org/proj/dev" is not a stack name (letters, digits, - _ .)');
    });
});
