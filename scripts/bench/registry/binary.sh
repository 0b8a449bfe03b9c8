# shellcheck shell=bash
# Sourced by registry.sh and scripts/kind/build-binaries.sh: the file name of the built kpl-registry binary in the
# kind cache ($KPL_KIND_BIN), keyed by a hash of its sources (main.go, go.mod, go.sum), so a change to them builds
# anew instead of running a stale cached binary.
kpl_registry_src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kpl_registry_binary() {
    local h
    h=$(cat "$kpl_registry_src/main.go" "$kpl_registry_src/go.mod" "$kpl_registry_src/go.sum" | sha256sum)
    echo "kpl-registry-${h:0:12}"
}
