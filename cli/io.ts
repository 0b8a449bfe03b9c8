// The CLI's only contact with the process: tests pass their own CliIo and read what was written.
import * as fs from "fs";

export interface CliIo {
    stdout(text: string): void;
    stderr(text: string): void;
    /** Reads a file, or standard input for "-". */
    readInput(pathOrDash: string): Promise<string>;
    isTTY: boolean;
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
    };
}

async function readStdin(): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
}
