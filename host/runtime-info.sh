#!/usr/bin/env bash
# runtime-info.sh FORMAT: the node runtime's `info --format FORMAT` (its version, the memory its containers get, ...)
# once lib.sh's require_runtime found it installed and answering: `lab up`'s preflight runs this, so whether the runtime
# is there is decided, and said, in one place for the preflight and every host script (exit 3: not installed, 4: not
# answering).
here=$(dirname "$0")
# shellcheck source=lib.sh
. "$here/lib.sh"
[ $# -eq 1 ] || fail 'usage: runtime-info.sh FORMAT'
require_runtime
"$RUNTIME" info --format "$1" </dev/null
