#!/usr/bin/env bash
# kind-create.sh [--load NODES --load-image IMAGE... [--load-flag FLAG]...] NAME WAIT IMAGE [HOST_PORT PROTO ADDRESS SPEC]...
# Preflight, then `kind create cluster` with the rendered kind config on stdin (`--config -`). WAIT is a Go duration
# (0s: no --wait), IMAGE a node image or "" (kind's default); each port quadruple is a host port the cluster will
# publish, which must be free. The cluster-exists check runs only here, at create time: a cluster of that name at this
# point was not made by this stack (kind deletes a cluster whose create failed), unless an interrupted create of this
# script left its marker; that leftover is deleted and created anew.
# --load NODES (node container names, comma-separated) with --load-image IMAGE...: while kind creates the cluster, as
# soon as those nodes' containerd answers, the images this host already has are loaded into them (host/image-load.sh,
# given each --load-flag). kind spends most of a create in kubeadm, after the node containers run: a re-up with warm
# images then has them in the nodes when the cluster is ready, instead of loading for 8-9 s after it. It is a head
# start, not a step: an image not here yet (still being pulled) or a load that fails is left to the stack's preload,
# which loads only what a node lacks; the create itself succeeds or fails as kind's does.
here=$(dirname "$0")
# shellcheck source=lib.sh
. "$here/lib.sh"
load_nodes='' load_images=() load_flags=()
while [ $# -gt 0 ]; do
    case $1 in
        --load | --load-image | --load-flag) [ $# -ge 2 ] || fail 'kind-create.sh: %s needs a value' "$1" ;;
        *) break ;;
    esac
    case $1 in
        --load) load_nodes=$2 ;;
        --load-image) load_images+=("$2") ;;
        --load-flag) load_flags+=("$2") ;;
    esac
    shift 2
done
if [ -n "$load_nodes" ] && [ ${#load_images[@]} -eq 0 ]; then fail 'kind-create.sh: --load needs --load-image'; fi
if [ $# -lt 3 ] || [ $((($# - 3) % 4)) != 0 ]; then fail 'usage: kind-create.sh [--load NODES --load-image IMAGE... [--load-flag FLAG]...] NAME WAIT IMAGE [HOST_PORT PROTO ADDRESS SPEC]...'; fi
name=$1 wait=$2 image=$3
shift 3
# adopt_check NAME [HOST_PORT PROTO ADDRESS SPEC]...: what keeps an existing cluster from being the declared one (its
# worker must publish each declared host port), as one phrase; nothing when it can be adopted.
adopt_check() {
    local cluster=$1 published missing=()
    shift
    published=$("$RUNTIME" port "$cluster-worker" </dev/null 2>/dev/null) || { printf 'it has no node %s-worker' "$cluster"; return; }
    while [ $# -gt 0 ]; do
        grep -qE -- "^[0-9]+/$2 -> .*:$1\$" <<<"$published" || missing+=("$4")
        shift 4
    done
    [ ${#missing[@]} -eq 0 ] || printf 'its worker does not publish %s (workerPortMappings)' "${missing[*]}"
}
require_runtime
require_kind
marker=$(create_marker "$name")
if kind get clusters 2>/dev/null </dev/null | grep -qxF -- "$name"; then
    if [ "${KPL_ADOPT_CLUSTER:-}" = "$name" ]; then
        # the user's word (lab up --adopt): the cluster becomes the stack's, if it publishes the ports the stack declares
        adopt_problems=$(adopt_check "$name" "$@")
        [ -z "$adopt_problems" ] || fail 'kind cluster %s cannot be adopted: %s; delete it with "kind delete cluster --name %s" and run lab up again' "$name" "$adopt_problems" "$name"
        # Its kube-ops-view release (the stack's name for it) goes, so the stack installs it anew: helm refuses to install
        # over a deployed release of the same name, and Pulumi cannot take one over. The lab pods the stack applies over.
        kubectl_cp=("$RUNTIME" exec "$name-control-plane" kubectl --kubeconfig=/etc/kubernetes/admin.conf)
        if ! "${kubectl_cp[@]}" delete all,serviceaccounts,configmaps,roles,rolebindings,clusterroles,clusterrolebindings,secrets \
            --all-namespaces --selector app.kubernetes.io/instance=kube-ops-view --ignore-not-found --wait=false </dev/null >&2 ||
            ! "${kubectl_cp[@]}" delete secrets --all-namespaces --selector owner=helm,name=kube-ops-view --ignore-not-found </dev/null >&2; then
            fail 'kind cluster %s cannot be adopted: removing its kube-ops-view release failed (output above)' "$name"
        fi
        say 'adopted kind cluster %s, which existed already (KPL_ADOPT_CLUSTER): the stack owns it now, and installs kube-ops-view in it anew' "$name"
        exit 0
    fi
    if [ ! -f "$marker" ]; then
        fail 'a kind cluster named %s already exists outside this stack (made by hand, or the stack lost its state): adopt it with "npm run lab -- up --adopt" (plain Pulumi: KPL_ADOPT_CLUSTER=%s pulumi up), delete it with "kind delete cluster --name %s", or choose another name with "pulumi config set kind-pause-lab:clusterName NAME"' "$name" "$name" "$name"
    fi
    say 'deleting cluster %s left by an interrupted create' "$name"
    kind delete cluster --name "$name" </dev/null >&2 || fail 'cannot delete cluster %s left by an interrupted create: run "kind delete cluster --name %s"' "$name" "$name"
fi
ports_free "$@" || exit 1
flags=(--name "$name" --config -)
case $wait in *[1-9]*) flags+=(--wait "$wait") ;; esac # kind's own default is no wait
[ -z "$image" ] || flags+=(--image "$image")
{ mkdir -p "$(dirname "$marker")" && : >"$marker"; } 2>/dev/null || fail 'cannot write %s' "$marker"
# load_while_creating FLAG_FILE: waits for the --load nodes' containerd while FLAG_FILE exists (kind runs), then loads
# the --load-image images this host has. Never fails the create: what it could not load, the stack's preload loads.
load_while_creating() {
    local node have=() image
    IFS=, read -r -a load_node_list <<<"$load_nodes"
    for node in "${load_node_list[@]}"; do
        until "$RUNTIME" exec "$node" ctr version >/dev/null 2>&1 </dev/null; do
            [ -e "$1" ] || return 0
            sleep 0.5
        done
    done
    for image in "${load_images[@]}"; do
        if "$RUNTIME" image inspect "$image" >/dev/null 2>&1 </dev/null; then have+=("$image"); fi
    done
    [ ${#have[@]} -gt 0 ] || return 0
    # its report (stdout) joins kind's progress on stderr: the create's stdout stays kind's own
    if ! bash "$here/image-load.sh" ${load_flags[@]+"${load_flags[@]}"} "$load_nodes" "${have[@]}" >&2; then
        say 'loading images into %s while the cluster was created did not work (above); the preload loads them after it' "$load_nodes"
    fi
}
loader=''
if [ -n "$load_nodes" ]; then
    creating=$(mktemp "${TMPDIR:-/tmp}/kind-pause-lab-creating.XXXXXX") || fail 'cannot make a temporary file'
    trap 'rm -f "$creating"' EXIT
    load_while_creating "$creating" &
    loader=$!
fi
kind create cluster "${flags[@]}"
status=$?
if [ -n "$loader" ]; then
    rm -f "$creating"
    wait "$loader"
fi
if [ "$status" != 0 ]; then
    runtime_gone "kind was creating cluster $name"
    exit "$status"
fi
rm -f "$marker"
