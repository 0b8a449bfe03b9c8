// A CliIo (cli/io.ts) over in-memory strings: the tests pass it to the CLI and read what was written.
import * as fs from "fs";
import type { CliIo } from "../../cli/io";

export function memoryIo(files: Record<string, string> = {}, stdin = ""): CliIo & { out: string; err: string } {
    const io = {
        out: "",
        err: "",
        isTTY: false,
        stdout(t: string) {
            io.out += t;
        },
        stderr(t: string) {
            io.err += t;
        },
        async readInput(p: string) {
            if (p === "-") return stdin;
            if (p in files) return files[p];
            return fs.promises.readFile(p, "utf8");
        },
    };
    return io;
}
