# shellcheck shell=bash
# Sourced by every host script here (the commands components/hostCommands.ts builds run them from the project root,
# the directory the Pulumi engine starts providers in). `fail FORMAT ARGS...` prints one line and exits 1: values reach
# the message as printf arguments, never inside the format. Every check reads /dev/null, so none can swallow a script's
# stdin (the kind config arrives there).
set -u
fail() {
    local fmt=$1
    shift
    # shellcheck disable=SC2059  # the format is ours; values are arguments
    printf "kind-pause-lab: $fmt\n" "$@" >&2
    exit 1
}

# The node runtime's CLI: kind's own seam, KIND_EXPERIMENTAL_PROVIDER (docker, podman or nerdctl), docker when unset.
RUNTIME=${KIND_EXPERIMENTAL_PROVIDER:-docker}

require_runtime() {
    if [ "$RUNTIME" = docker ]; then
        command -v docker >/dev/null 2>&1 || fail 'the docker CLI is not on PATH: install Docker Desktop (macOS) or Docker Engine (Linux)'
        docker info >/dev/null 2>&1 </dev/null || fail 'the Docker daemon is not reachable (docker info failed): start Docker Desktop or the docker service, then retry'
        return
    fi
    command -v "$RUNTIME" >/dev/null 2>&1 || fail 'the %s CLI is not on PATH (the node runtime, kind-pause-lab:nodeRuntime or KIND_EXPERIMENTAL_PROVIDER): install it or choose docker' "$RUNTIME"
    "$RUNTIME" info >/dev/null 2>&1 </dev/null || fail '%s is not answering (%s info failed): start it, then retry' "$RUNTIME" "$RUNTIME"
}

# runtime_gone WHAT: after a failure, one line naming the node runtime when it stopped answering (else nothing).
runtime_gone() {
    "$RUNTIME" info >/dev/null 2>&1 </dev/null && return 0
    if [ "$RUNTIME" = docker ]; then
        fail 'the Docker daemon stopped while %s: start Docker again, then run "pulumi up" again (it deletes the half-made cluster and creates it anew)' "$1"
    fi
    fail '%s stopped answering while %s: start it again, then run "pulumi up" again (it deletes the half-made cluster and creates it anew)' "$RUNTIME" "$1"
}

require_kind() {
    command -v kind >/dev/null 2>&1 || fail 'kind is not installed or not on PATH: see https://kind.sigs.k8s.io/docs/user/quick-start/#installation'
}

# create_marker NAME: present while `kind create cluster` runs under kind-create.sh. When the create is interrupted
# (Ctrl-C on `pulumi up`, a killed process), the half-made cluster is not in the stack's state; the marker tells the
# next create that this cluster is the stack's own leftover, not a user's cluster.
create_marker() {
    printf '%s/kind-pause-lab/creating-%s' "${XDG_STATE_HOME:-${HOME:-/tmp}/.local/state}" "$1"
}
