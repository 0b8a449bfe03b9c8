// lib/atomicWrite.ts: the caches' one way to write a file.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writeFileAtomically } from "../../../lib/atomicWrite";

describe("writeFileAtomically", () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "kpl-atomic-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("makes the directory, writes the file, replaces it whole, and leaves no temporary file", () => {
        const file = path.join(dir, "a", "b", "c.json");
        assert.equal(writeFileAtomically(file, "one"), true);
        assert.equal(writeFileAtomically(file, "two"), true);
        assert.equal(fs.readFileSync(file, "utf8"), "two");
        assert.deepEqual(fs.readdirSync(path.dirname(file)), ["c.json"]);
    });

    it("answers false and leaves nothing where it cannot write (a file where its directory would be)", () => {
        fs.writeFileSync(path.join(dir, "a"), "");
        assert.equal(writeFileAtomically(path.join(dir, "a", "c.json"), "x"), false);
        const taken = path.join(dir, "taken");
        fs.mkdirSync(taken);
        // a directory that is the target itself: the rename fails after the temporary file was written
        fs.mkdirSync(path.join(taken, "c.json"));
        fs.writeFileSync(path.join(taken, "c.json", "keep"), "");
        assert.equal(writeFileAtomically(path.join(taken, "c.json"), "x"), false);
        assert.deepEqual(fs.readdirSync(taken), ["c.json"]);
    });
});
