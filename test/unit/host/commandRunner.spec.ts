// The one argv runner of lab status, the preflight and the dynamic providers (host/commandRunner.ts).
import { strict as assert } from "assert";
import * as os from "os";
import { commandRunner, failureWhy } from "../../../host/commandRunner";

describe("commandRunner", () => {
    it("resolves with the exit status and both outputs, in the directory asked for; a failure is a result, not a rejection", async () => {
        const run = commandRunner(process.env, os.tmpdir());
        const ok = await run([process.execPath, "-e", "process.stdout.write(process.cwd()); process.stderr.write('e')"]);
        assert.deepEqual(ok, { code: 0, stdout: os.tmpdir(), stderr: "e", error: undefined });
        const failed = await run([process.execPath, "-e", "console.error('no such thing'); process.exit(3)"]);
        assert.equal(failed.code, 3);
        assert.equal(failureWhy(failed), "no such thing");
    });

    it("a program that is not installed is missing (code null, the start error said), one that runs too long is stopped", async () => {
        const missing = await commandRunner()(["kpl-no-such-program-xyz"]);
        assert.equal(missing.code, null);
        assert.equal(missing.missing, true);
        assert.match(failureWhy(missing), /ENOENT/);
        const slow = await commandRunner()([process.execPath, "-e", "setTimeout(() => {}, 5000)"], 200);
        assert.equal(slow.code, null);
        assert.equal(slow.missing, undefined);
    });
});
