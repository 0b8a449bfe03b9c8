#!/usr/bin/env bash
# `npm test`: type check, lint, then every suite in turn (unit, runtime, render, engine, kind, e2e), each to the end even when an
# earlier one failed, then one closing line with the totals. Exit non-zero if the type check or any test failed,
# or if a suite crashed before reporting.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0

echo "== type check (tsc --noEmit)"
if ! npm run --silent build; then echo "type check failed"; status=1; fi

echo "== lint (prettier, typescript-eslint, actionlint on the workflows, shellcheck on every script)"
if ! npm run --silent lint; then echo "lint failed"; status=1; fi

for suite in unit runtime render engine kind e2e; do
    echo "== $suite tests"
    start=$(date +%s%N)
    if ! KPL_TEST_SUITE=$suite KPL_TEST_RESULTS_DIR=$results npm run --silent "test:$suite"; then status=1; fi
    echo "== $suite tests took $(( ($(date +%s%N) - start) / 1000000 )) ms"
    if [ ! -f "$results/$suite.json" ]; then echo "$suite: the suite crashed before reporting"; status=1; fi
done

node -e '
const fs = require("fs"), path = require("path");
const t = { passed: 0, failed: 0, skipped: 0 };
for (const f of fs.readdirSync(process.argv[1])) {
    const c = JSON.parse(fs.readFileSync(path.join(process.argv[1], f), "utf8"));
    for (const k of Object.keys(t)) t[k] += c[k];
}
console.log(`total: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
' "$results"
exit $status
