#!/usr/bin/env bash
# check-ports.sh [HOST_PORT PROTO ADDRESS SPEC]...: one line per host port that is taken (lib.sh's ports_free, the
# same check kind-create.sh makes), exit 1 when any is. `lab up` runs it before `pulumi up`.
here=$(dirname "$0")
# shellcheck source=lib.sh
. "$here/lib.sh"
if [ $(($# % 4)) != 0 ]; then fail 'usage: check-ports.sh [HOST_PORT PROTO ADDRESS SPEC]...'; fi
ports_free "$@"
