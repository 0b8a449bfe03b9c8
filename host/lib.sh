# shellcheck shell=bash
# Sourced by every host script here (the commands host/commands.ts builds run them from the project root,
# the directory the Pulumi engine starts providers in). `fail FORMAT ARGS...` prints one line and exits 1: values reach
# the message as printf arguments, never inside the format. Every check reads /dev/null, so none can swallow a script's
# stdin (the kind config arrives there).
set -u
# say FORMAT ARGS...: one prefixed line on stderr; fail: the same, then exit 1.
say() {
    local fmt=$1
    shift
    # shellcheck disable=SC2059  # the format is ours; values are arguments
    printf "kind-pause-lab: $fmt\n" "$@" >&2
}
fail() {
    say "$@"
    exit 1
}

# The node runtime's CLI: kind's own seam, KIND_EXPERIMENTAL_PROVIDER (docker, podman or nerdctl), docker when unset.
RUNTIME=${KIND_EXPERIMENTAL_PROVIDER:-docker}

# require_runtime: the one check that the node runtime is installed and answering, for every host script and for
# `lab up`'s preflight (runtime-info.sh): exit 3 when its CLI is not on PATH, 4 when it does not answer, with one line
# naming why (the last line `info` printed on stderr) and the fix.
# shellcheck disable=SC2016  # the backquotes in the messages are literal: they quote commands
require_runtime() {
    local why
    if ! command -v "$RUNTIME" >/dev/null 2>&1; then
        if [ "$RUNTIME" = docker ]; then
            say 'docker is not installed (no `docker` on PATH): install Docker Desktop (macOS) or Docker Engine (Linux)'
        else
            say '%s is not installed (no `%s` on PATH; kind-pause-lab:nodeRuntime or KIND_EXPERIMENTAL_PROVIDER chose it): install it or choose docker' "$RUNTIME" "$RUNTIME"
        fi
        exit 3
    fi
    why=$("$RUNTIME" info 2>&1 >/dev/null </dev/null) && return 0
    why=$(printf '%s\n' "$why" | awk 'NF { last = $0 } END { print last }')
    [ -n "$why" ] || why="\`$RUNTIME info\` failed"
    if [ "$RUNTIME" = docker ]; then
        say 'the Docker daemon is not reachable (%s): start Docker (Docker Desktop, or `sudo systemctl start docker`) and check `docker info`' "$why"
    else
        say '%s is not answering (%s): start it and check `%s info`' "$RUNTIME" "$why" "$RUNTIME"
    fi
    exit 4
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

# port_problem PORT PROTO ADDRESS SPEC: one line, and status 1, when the host port is taken: published by a container
# of the node runtime (its ps ports column, "NAME|ADDR:PORT->CPORT/PROTO, ..." in docker, podman and nerdctl alike;
# podman's ports have no listener a connect could find), or, for tcp, answering a connect on ADDRESS. The one check
# behind both `lab up`'s preflight (check-ports.sh) and the stack's create (kind-create.sh).
port_problem() {
    local holder
    holder=$("$RUNTIME" ps --format '{{.Names}}|{{.Ports}}' </dev/null 2>/dev/null | grep -E ":$1->[0-9]+/$2" | head -n 1 | cut -d'|' -f1)
    if [ -n "$holder" ]; then
        say 'host port %s/%s (workerPortMappings "%s") is already published by container %s: stop it with "%s stop %s" or change kind-pause-lab:workerPortMappings' "$1" "$2" "$4" "$holder" "$RUNTIME" "$holder"
        return 1
    fi
    if [ "$2" = tcp ] && (exec 3<>"/dev/tcp/$3/$1") 2>/dev/null </dev/null; then
        say 'host port %s/tcp on %s (workerPortMappings "%s") is already in use by another program ("lsof -nP -iTCP:%s -sTCP:LISTEN" shows which): free it or change kind-pause-lab:workerPortMappings' "$1" "$3" "$4" "$1"
        return 1
    fi
}

# ports_free [PORT PROTO ADDRESS SPEC]...: port_problem for each quadruple (every taken port gets its line); status 1
# when any is taken.
ports_free() {
    local status=0
    while [ $# -gt 0 ]; do
        port_problem "$1" "$2" "$3" "$4" || status=1
        shift 4
    done
    return "$status"
}

# create_marker NAME: present while `kind create cluster` runs under kind-create.sh. When the create is interrupted
# (Ctrl-C on `pulumi up`, a killed process), the half-made cluster is not in the stack's state; the marker tells the
# next create that this cluster is the stack's own leftover, not a user's cluster.
create_marker() {
    printf '%s/kind-pause-lab/creating-%s' "${XDG_STATE_HOME:-${HOME:-/tmp}/.local/state}" "$1"
}

# node_snapshotter NODE: the snapshotter the node's containerd gives CRI images, asked as kind's own image loading asks
# (sigs.k8s.io/kind pkg/cluster/nodeutils: `containerd config dump`; config version 2 and 3 keep it in different
# tables). kind's node entrypoint rewrites it where overlayfs cannot work (e.g. to fuse-overlayfs), so it is not assumed.
node_snapshotter() {
    "$RUNTIME" exec "$1" containerd config dump </dev/null 2>/dev/null | awk '
        /^version *=/ { version = $3 }
        /^[ \t]*\[/ { table = $0; gsub(/[][ \t"\047]/, "", table) }
        /^[ \t]*snapshotter *=/ {
            if ((version == 2 && table == "plugins.io.containerd.grpc.v1.cri.containerd") ||
                (version == 3 && table == "plugins.io.containerd.cri.v1.images")) {
                value = $0; sub(/^[^=]*=/, "", value); gsub(/[ \t"\047]/, "", value)
                if (value != "") { print value; exit }
            }
        }'
}

# qualified_image REF: REF as the kubelet asks containerd for it (docker's normalisation): docker.io/ before a name
# without a registry host, docker.io/library/ before a single-component name. nginx:alpine -> docker.io/library/nginx:alpine.
qualified_image() {
    local first=${1%%/*}
    if [ "$first" = "$1" ]; then
        printf 'docker.io/library/%s\n' "$1"
    else
        case $first in
            *.* | *:* | localhost) printf '%s\n' "$1" ;;
            *) printf 'docker.io/%s\n' "$1" ;;
        esac
    fi
}
