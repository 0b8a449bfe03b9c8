#!/usr/bin/env bash
# image-load.sh [--pull] [--optional] [--save-platform] [--save-flag FLAG]... NODES IMAGE...: loads host images into
# kind nodes (NODES: node container names, comma-separated, as kind's --nodes) without `kind load docker-image`, though
# like it with all the images in one archive (saved anew for each node here). The options are the node runtime's row in
# host/runtimes.ts, passed by host/commands.ts: --pull, the images are pulled here (no Pulumi docker provider pulled
# them); --optional (with --pull), an image the host cannot pull is left to the node, with one line, not a failure;
# --save-platform, the archive holds only the daemon's platform when `image save` can, and an image of another platform
# is left to the node (one line says so); --save-flag, one more `image save` flag. `kind load docker-image` imports with
# `ctr images import --all-platforms`, which fails ("content digest ... not found") when Docker Desktop's containerd
# image store exports a multi-platform index whose other platforms were never pulled (kubernetes-sigs/kind#3795, #4224).
# Here `docker image save --platform <daemon platform>` (Docker >= 28; older engines save one platform anyway) writes
# only the node's platform, and `ctr images import` without --all-platforms unpacks only that platform, so missing
# foreign-platform blobs are never needed.
here=$(dirname "$0")
# shellcheck source=lib.sh
. "$here/lib.sh"
set -o pipefail
pull=false optional=false save_platform=false save_flags=()
while [ $# -gt 0 ]; do
    case $1 in
        --pull) pull=true ;;
        --optional) optional=true ;;
        --save-platform) save_platform=true ;;
        --save-flag)
            [ $# -ge 2 ] || fail 'image-load.sh: --save-flag needs a value'
            save_flags+=("$2")
            shift
            ;;
        -*) fail 'image-load.sh: unknown option %s' "$1" ;;
        *) break ;;
    esac
    shift
done
[ $# -ge 2 ] || fail 'usage: image-load.sh [--pull] [--optional] [--save-platform] [--save-flag FLAG]... NODE[,NODE...] IMAGE...'
node_list=$1
IFS=, read -r -a nodes <<<"$node_list"
shift
how_to_skip='to skip preloading: pulumi config set kind-pause-lab:preloadImages false'
require_runtime
images=()
platform=$RUNTIME
if [ "$save_platform" = true ]; then
    platform=$("$RUNTIME" version --format '{{.Server.Os}}/{{.Server.Arch}}' </dev/null) || fail 'image preload: cannot read the %s daemon platform (%s version); %s' "$RUNTIME" "$RUNTIME" "$how_to_skip"
    if "$RUNTIME" image save --help </dev/null 2>/dev/null | grep -q -- '--platform'; then save_flags+=(--platform="$platform"); fi
fi
if [ "$pull" = true ]; then
    # pulled here unless the runtime has the image (its store holds one platform). By the name the kubelet asks
    # containerd for: podman resolves a short name through its own search list (a local localhost/ image first, or a
    # prompt it cannot show here), and saves the archive under the name it resolved.
    for image in "$@"; do
        image=$(qualified_image "$image")
        if ! "$RUNTIME" image inspect "$image" >/dev/null 2>&1 </dev/null && ! "$RUNTIME" pull "$image" </dev/null >&2; then
            # --optional: what the host cannot get is left to the node, whose own pull error the lab then names
            # (kube-ops-view's image: KubeOpsViewReady says the node cannot get it, and which config key to set)
            [ "$optional" = true ] || fail 'image preload: %s pull %s failed; %s' "$RUNTIME" "$image" "$how_to_skip"
            say 'image preload: not loading %s into %s: %s pull failed (above); the node pulls it itself' "$image" "$node_list" "$RUNTIME"
            continue
        fi
        images+=("$image")
    done
    [ ${#images[@]} -gt 0 ] || exit 0
else
    # the stack's docker RemoteImage resources pulled them
    images=("$@")
fi
if [ "$save_platform" = true ]; then
    # An image of another platform than the daemon's (hjacobs/kube-ops-view:20.4.0 is linux/amd64 only; on an arm64 Mac
    # Docker still pulls it) cannot be saved for the daemon's platform: it is left to the node, which pulls it itself,
    # so the lab's exec-format hint (kubeOpsViewImage) still applies. An image whose platform is not told is loaded.
    kept=()
    for image in "${images[@]}"; do
        own=$("$RUNTIME" image inspect --format '{{.Os}}/{{.Architecture}}' "$image" </dev/null 2>/dev/null) || own=
        if [ -n "$own" ] && [ "$own" != "$platform" ]; then
            say 'image preload: not loading %s into %s: it is %s, the %s daemon %s; the node pulls it itself' "$image" "$node_list" "$own" "$RUNTIME" "$platform"
        else
            kept+=("$image")
        fi
    done
    [ ${#kept[@]} -gt 0 ] || exit 0
    images=("${kept[@]}")
fi

# The images each node already has, under the same name and with the same ID as here (the create script's load,
# host/kind-create.sh --load, or an earlier run into the same node), are not loaded again. An ID this runtime does not
# report as the node's containerd does (Docker's containerd image store gives the index digest) never matches: the image
# is loaded, as before.
host_ids=()
host_image_ids() {
    [ ${#host_ids[@]} -eq 0 ] || return 0
    local id
    while IFS= read -r id; do
        case $id in sha256:*) ;; ?*) id=sha256:$id ;; esac
        host_ids+=("$id")
    done < <("$RUNTIME" image inspect --format '{{.Id}}' "${images[@]}" </dev/null 2>/dev/null)
    [ ${#host_ids[@]} -eq ${#images[@]} ] || host_ids=(unknown)
}
joined() { local list; list=$(printf '%s, ' "$@"); printf '%s' "${list%, }"; }
list=$(joined "${images[@]}")
loaded_everywhere=true lines=()
for node in "${nodes[@]}"; do
    # one line per image, its ID or nothing (crictl ends its output with a newline: $(...) drops it)
    node_ids=()
    while IFS= read -r id; do node_ids+=("$id"); done < <(
        # shellcheck disable=SC2016  # expanded by the node's sh
        "$RUNTIME" exec "$node" sh -c 'for i; do id=$(crictl inspecti -o go-template --template "{{.status.id}}" "$i" 2>/dev/null); echo "$id"; done' sh "${images[@]}" </dev/null 2>/dev/null
    )
    missing=() present=()
    for i in "${!images[@]}"; do
        if [ -n "${node_ids[$i]:-}" ] && host_image_ids && [ "${host_ids[$i]:-}" = "${node_ids[$i]}" ]; then
            present+=("${images[$i]}")
        else
            missing+=("${images[$i]}")
        fi
    done
    if [ ${#present[@]} -gt 0 ]; then
        loaded_everywhere=false
        lines+=("$node already has $(joined "${present[@]}") (the same image IDs)")
        [ ${#missing[@]} -gt 0 ] || continue
    fi
    snapshotter=$(node_snapshotter "$node")
    [ -n "$snapshotter" ] || fail 'image preload: cannot tell which snapshotter containerd uses on node %s (%s exec %s containerd config dump); %s' "$node" "$RUNTIME" "$node" "$how_to_skip"
    # (the ${a[@]+...} form: bash 3.2, macOS's, calls an empty array unbound under set -u)
    if ! "$RUNTIME" image save ${save_flags[@]+"${save_flags[@]}"} "${missing[@]}" </dev/null | "$RUNTIME" exec -i "$node" ctr --namespace=k8s.io images import --digests --snapshotter="$snapshotter" -; then
        fail 'image preload: loading %s (%s) into node %s failed (%s image save | ctr images import, output above); %s' "$(joined "${missing[@]}")" "$platform" "$node" "$RUNTIME" "$how_to_skip"
    fi
    lines+=("loaded $(joined "${missing[@]}") ($platform) into $node")
done
if [ "$loaded_everywhere" = true ]; then
    printf 'loaded %s (%s) into %s\n' "$list" "$platform" "$node_list"
else
    printf '%s\n' "${lines[@]}"
fi
