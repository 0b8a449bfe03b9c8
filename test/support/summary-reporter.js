// Mocha reporter: the usual spec output, then one closing line "SUITE: N passed, N failed, N skipped".
// With KPL_TEST_RESULTS_DIR set it also writes the counts as JSON there, so scripts/test-all.sh can print
// one total for every suite `npm test` runs. Skipped tests (this.skip(), e.g. e2e without Docker) stay skipped.
"use strict";
const fs = require("fs");
const path = require("path");
const Mocha = require("mocha");

class SummaryReporter extends Mocha.reporters.Spec {
    constructor(runner, options) {
        super(runner, options);
        const suiteName = process.env.KPL_TEST_SUITE || "tests";
        const counts = { passed: 0, failed: 0, skipped: 0 };
        runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, () => {
            counts.passed++;
        });
        runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, () => {
            counts.failed++;
        });
        runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, () => {
            counts.skipped++;
        });
        runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
            process.stdout.write(`${suiteName}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
            const dir = process.env.KPL_TEST_RESULTS_DIR;
            if (dir) {
                fs.mkdirSync(dir, { recursive: true });
                fs.writeFileSync(path.join(dir, `${suiteName}.json`), JSON.stringify(counts));
            }
        });
    }
}

module.exports = SummaryReporter;
