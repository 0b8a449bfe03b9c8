#!/usr/bin/env bash
# runtime-info.sh FORMAT: the node runtime's `info --format FORMAT` (its version, the memory its containers get, ...),
# for `lab up`'s preflight. One `info` when the runtime answers with its server's version; otherwise lib.sh's
# require_runtime, the scripts' one check of the runtime, says why in its line (exit 3: not installed, 4: not
# answering), so the preflight and every host script say the same.
here=$(dirname "$0")
# shellcheck source=lib.sh
. "$here/lib.sh"
[ $# -eq 1 ] || fail 'usage: runtime-info.sh FORMAT'
# (Docker 20.10's client prints the template with empty fields, "|0", and may exit 0, when no daemon answers)
if info=$("$RUNTIME" info --format "$1" 2>/dev/null </dev/null) && [ -n "${info%%|*}" ]; then
    printf '%s\n' "$info"
    exit 0
fi
require_runtime
"$RUNTIME" info --format "$1" </dev/null
