#!/usr/bin/env bash
# Lints .github/workflows/*.yml with actionlint (which also runs shellcheck on every `run:` block when shellcheck is on
# PATH). actionlint is built once from its Go module at a pinned version and cached outside the repo, so a second run
# costs only the lint. `--install` only makes sure actionlint is built (the test setup uses it; `npm test` lints).
# Exit: 0 clean, 1 lint findings, 2 the linter could not be built or found, or a bad argument.
set -euo pipefail
cd "$(dirname "$0")/.."

install_only=false
case "${1:-}" in
    "") ;;
    --install) install_only=true ;;
    *) echo "lint-workflows: unknown argument '$1' (usage: lint-workflows.sh [--install])" >&2; exit 2 ;;
esac

ACTIONLINT_VERSION=v1.7.12
CACHE_DIR=${KPL_CACHE_DIR:-/var/cache/kind-pause-lab}/bin/actionlint-$ACTIONLINT_VERSION
ACTIONLINT=$CACHE_DIR/actionlint

if [ ! -x "$ACTIONLINT" ]; then
    # shellcheck source=find-go.sh
    . scripts/find-go.sh
    if ! command -v go >/dev/null 2>&1; then
        echo "lint-workflows: go is not on PATH; it is needed once to build actionlint $ACTIONLINT_VERSION into $CACHE_DIR" >&2
        exit 2
    fi
    mkdir -p "$CACHE_DIR"
    start=$SECONDS
    # GOBIN puts the binary straight into the versioned cache directory; the module cache stays Go's own.
    if ! GOBIN=$CACHE_DIR GOFLAGS=-mod=mod nice go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"; then
        echo "lint-workflows: building actionlint $ACTIONLINT_VERSION failed (see go's error above)" >&2
        exit 2
    fi
    echo "lint-workflows: built actionlint $ACTIONLINT_VERSION in $((SECONDS - start)) s" >&2
fi
if $install_only; then
    echo "lint-workflows: actionlint $ACTIONLINT_VERSION at $ACTIONLINT"
    exit 0
fi

if ! command -v shellcheck >/dev/null 2>&1; then
    # Without shellcheck actionlint silently skips the `run:` blocks; say so rather than pass quietly.
    echo "lint-workflows: shellcheck is not on PATH, so run: blocks are NOT checked (apt-get install shellcheck)" >&2
    exit 2
fi

shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
if [ ${#workflows[@]} -eq 0 ]; then
    echo "lint-workflows: no workflow files under .github/workflows" >&2
    exit 2
fi
"$ACTIONLINT" -version | head -n 1 >&2
"$ACTIONLINT" -no-color -shellcheck "$(command -v shellcheck)" "${workflows[@]}"
echo "lint-workflows: ${#workflows[@]} workflow files clean"
