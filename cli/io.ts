// The CLI's only contact with the process: tests pass their own CliIo and read what was written.
import * as fs from "fs";

export interface CliIo {
    stdout(text: string): void;
    stderr(text: string): void;
    /** Reads a file, or standard input for "-". */
    readInput(pathOrDash: string): Promise<string>;
    isTTY: boolean;
    /** Asks one question on the terminal and resolves with the line typed (undefined at end of input); only when stdin and stdout are terminals. */
    ask?: (question: string) => Promise<string | undefined>;
}

export function processIo(): CliIo {
    return {
        stdout: (t) => {
            process.stdout.write(t);
        },
        stderr: (t) => {
            process.stderr.write(t);
        },
        readInput: async (p) => (p === "-" ? readStdin() : fs.promises.readFile(p, "utf8")),
        isTTY: Boolean(process.stdout.isTTY),
        ...(process.stdin.isTTY && process.stdout.isTTY ? { ask } : {}),
    };
}

async function readStdin(): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
}

async function ask(question: string): Promise<string | undefined> {
    const readline = await import("readline");
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
    try {
        return await new Promise<string | undefined>((resolve) => {
            rl.once("close", () => resolve(undefined));
            rl.question(question, resolve);
        });
    } finally {
        rl.close();
    }
}
