# shellcheck shell=bash
# Source this (bash): `. scripts/kind/env.sh` points docker and kind at the offline kind cluster's tools:
#   DOCKER_HOST   the lab's private Docker daemon (scripts/kind/dockerd.sh; start it with `dockerd.sh start`)
#   PATH          first a directory with Debian's docker CLI (the daemon's own version), and kind and kubectl built by
#                 build-binaries.sh; /usr/local/go/bin when `go` was not on PATH (the cache key names the Go version)
#   KPL_KIND_BIN, KPL_NODE_IMAGE  where the binaries are; the node image reference node-image.sh builds
# It starts and builds nothing; it returns non-zero (without exiting your shell) naming what is missing.
_kpl_kind_env() {
    local here
    here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
    # shellcheck source=../find-go.sh
    . "$here/../find-go.sh"
    # shellcheck source=pins.sh
    . "$here/pins.sh"
    local tool
    for tool in kind kubectl; do
        if [ ! -x "$KPL_KIND_BIN/$tool" ]; then
            echo "kind env: $tool is not built ($KPL_KIND_BIN/$tool); run: bash scripts/kind/setup.sh" >&2
            return 1
        fi
    done
    if [ ! -x /usr/bin/docker ]; then
        echo "kind env: Debian's docker CLI (/usr/bin/docker) is missing; run: bash scripts/kind/setup.sh" >&2
        return 1
    fi
    local path_dir="$KPL_KIND_CACHE/path"
    mkdir -p "$path_dir"
    ln -sfn /usr/bin/docker "$path_dir/docker"
    ln -sfn "$KPL_KIND_BIN/kind" "$path_dir/kind"
    ln -sfn "$KPL_KIND_BIN/kubectl" "$path_dir/kubectl"
    case ":$PATH:" in *":$path_dir:"*) ;; *) PATH="$path_dir:$PATH" ;; esac
    export PATH KPL_KIND_BIN
    eval "export $(bash "$here/dockerd.sh" env)"
    export KPL_NODE_IMAGE="$NODE_IMAGE:$K8S_VERSION"
}
_kpl_kind_env
_kpl_kind_rc=$?
unset -f _kpl_kind_env
# shellcheck disable=SC2317  # return when sourced, exit when run
return "$_kpl_kind_rc" 2>/dev/null || exit "$_kpl_kind_rc"
