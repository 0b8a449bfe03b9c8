# shellcheck shell=bash disable=SC2034  # (variables for the scripts that source this file)
# Sourced by the scripts in scripts/kind: the pins of versions.env, the project's cache root (KPL_CACHE_DIR from the
# environment wins, as for the runtime and engine caches) and where this part keeps its files.
# shellcheck source=../runtime/pins.sh
. "$(dirname "${BASH_SOURCE[0]}")/../runtime/pins.sh"
# shellcheck source=versions.env
. "$(dirname "${BASH_SOURCE[0]}")/versions.env"
KPL_KIND_CACHE="$KPL_CACHE_DIR/kind"
# Binaries are keyed by the Go toolchain too: a new Go builds anew beside the old ones.
KPL_KIND_BIN="$KPL_KIND_CACHE/bin-k8s-${K8S_VERSION}_$(go env GOVERSION 2>/dev/null || /usr/local/go/bin/go env GOVERSION 2>/dev/null || echo nogo)"
