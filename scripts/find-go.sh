# shellcheck shell=bash
# Sourced by every script that runs `go` (runtime/setup.sh, engine/versions.sh and through it engine/build.sh and
# engine/env.sh, lint-workflows.sh). Go is installed at /usr/local/go on these machines, which only a login shell
# puts on PATH: CI (`.ci/run`), sudo and `bash -c` do not. When `go` is not on PATH but is there, prepend its bin
# directory; otherwise leave PATH alone (the caller says what it needs `go` for when it is still missing).
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
    export PATH="/usr/local/go/bin:$PATH"
fi
