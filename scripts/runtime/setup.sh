#!/usr/bin/env bash
# Prepares the real container runtime the runtime tests drive (why each piece: docs/runtime-harness.md):
#   1. Debian packages: containerd, runc, CNI plugins, busybox-static, catatonit, iproute2, util-linux;
#   2. crictl built from Go modules at a pinned version into a cache outside the repo;
#   3. one local OCI image archive (pause, nginx and netshoot stand-ins), built from files with tar + sha256 + JSON:
#      no registry is reachable here, so every image is made locally;
#   4. Debian trixie's userland (kind v0.32 node images) by debootstrap, for running the probe with util-linux 2.41.
# Idempotent: a second run only checks what is cached. Run as root. Pins live in versions.env.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=pins.sh
. "$here/pins.sh"
# shellcheck source=../find-go.sh
. "$here/../find-go.sh"
# shellcheck source=../apt-install.sh
. "$here/../apt-install.sh"
total_start=$(date +%s%N)

log() { printf 'runtime-setup: %s\n' "$*"; }
die() { printf 'runtime-setup: %s\n' "$*" >&2; exit 1; }
elapsed_ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

[ "$(id -u)" = 0 ] || die "run as root: it installs Debian packages and the tests create real namespaces"

# --- 1. Debian packages -------------------------------------------------------------------------------------------
step_start=$(date +%s%N)
packages=("${KPL_PKGS_RUNTIME[@]}")
# What each package provides that the runtime tests use. A package counts as present when dpkg has it, or when all
# it provides is already on the machine from elsewhere: GitHub's Ubuntu runners carry Docker's containerd.io, which
# conflicts with the distribution's containerd package. busybox-static and coreutils: only the package will do (the
# image build copies the static busybox binary).
provided_by() {
    case $1 in
        containerd) echo "containerd containerd-shim-runc-v2 ctr" ;;
        runc) echo runc ;;
        containernetworking-plugins) echo "/usr/lib/cni/bridge /usr/lib/cni/host-local /usr/lib/cni/loopback" ;;
        catatonit) echo catatonit ;;
        iproute2) echo ip ;;
        util-linux) echo "lsns nsenter" ;;
        tar) echo tar ;;
    esac
}
already_provided() {
    local items item
    items=$(provided_by "$1")
    [ -n "$items" ] || return 1
    for item in $items; do
        case $item in
            /*) [ -x "$item" ] || return 1 ;;
            *) command -v "$item" >/dev/null || return 1 ;;
        esac
    done
}
missing=()
for pkg in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || already_provided "$pkg" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    apt_install "${missing[@]}"
    log "packages installed in $(elapsed_ms "$step_start") ms"
else
    log "runtime tools present ($(containerd --version 2>/dev/null | head -n 1); $(runc --version 2>/dev/null | head -n 1)) — $(elapsed_ms "$step_start") ms"
fi
for tool in containerd containerd-shim-runc-v2 ctr runc busybox catatonit ip lsns nsenter; do
    command -v "$tool" >/dev/null || die "'$tool' is still missing after installing ${packages[*]}"
done
for plugin in bridge host-local loopback; do
    [ -x "/usr/lib/cni/$plugin" ] || die "CNI plugin /usr/lib/cni/$plugin is missing (package containernetworking-plugins)"
done

# --- 2. crictl from Go modules ------------------------------------------------------------------------------------
step_start=$(date +%s%N)
crictl_dir="$KPL_CACHE_DIR/bin/crictl-$CRICTL_VERSION"
# The version is stamped in with -X as upstream's Makefile does: `crictl --version` reaches the probe's meta section.
if [ -x "$crictl_dir/crictl" ] && [ "$("$crictl_dir/crictl" --version 2>/dev/null)" = "crictl version $CRICTL_VERSION" ]; then
    log "crictl $CRICTL_VERSION cached at $crictl_dir/crictl — $(elapsed_ms "$step_start") ms"
else
    command -v go >/dev/null \
        || die "'go' is missing: crictl is built with 'go install sigs.k8s.io/cri-tools/cmd/crictl@$CRICTL_VERSION' (Go ≥ 1.24 and the Go module proxy)"
    log "building crictl $CRICTL_VERSION with $(go version) (first run only)"
    mkdir -p "$KPL_CACHE_DIR"
    build_bin=$(mktemp -d "$KPL_CACHE_DIR/.crictl-build.XXXXXX")
    trap 'rm -rf "$build_bin"' EXIT
    # A scratch working directory keeps `go install pkg@version` out of any go.mod; nice: the machine is shared.
    # CGO_ENABLED=0 as upstream's Makefile builds it: a static binary whether or not this machine has a C compiler
    # (with gcc present, go would link it against this machine's glibc; it also runs in the trixie chroot).
    (cd "$build_bin" && CGO_ENABLED=0 GOBIN="$build_bin" nice go install -trimpath \
        -ldflags "-X sigs.k8s.io/cri-tools/pkg/version.Version=$CRICTL_VERSION" "sigs.k8s.io/cri-tools/cmd/crictl@$CRICTL_VERSION")
    mkdir -p "$crictl_dir"
    mv "$build_bin/crictl" "$crictl_dir/crictl.new" && mv "$crictl_dir/crictl.new" "$crictl_dir/crictl"
    rm -rf "$build_bin"
    trap - EXIT
    log "crictl built in $(elapsed_ms "$step_start") ms: $("$crictl_dir/crictl" --version)"
fi

# --- 3. Local OCI images ------------------------------------------------------------------------------------------
# The archive depends on this script, the pins and the two binaries copied in; the key changes when any of them do.
step_start=$(date +%s%N)
arch=$(dpkg --print-architecture)
image_key=$( {
    cat "$0" "$here/versions.env"
    dpkg-query -W -f='${Package} ${Version}\n' busybox-static catatonit
    echo "$arch"
} | sha256sum | cut -c1-16)
images_dir="$KPL_CACHE_DIR/images/$image_key"
archive="$images_dir/images.oci.tar"
if [ -f "$archive" ]; then
    log "image archive cached at $archive — $(elapsed_ms "$step_start") ms"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    blobs="$work/layout/blobs/sha256"
    mkdir -p "$blobs"

    # add_blob FILE → prints "sha256:HEX SIZE" and stores FILE as a content-addressed blob.
    add_blob() {
        local hex size
        hex=$(sha256sum "$1" | cut -d' ' -f1)
        size=$(stat -c %s "$1")
        cp "$1" "$blobs/$hex"
        echo "sha256:$hex $size"
    }
    # make_layer ROOTFS_DIR OUT_TAR: a reproducible uncompressed layer (digest = diff_id).
    make_layer() {
        tar --create --file "$2" --directory "$1" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
            --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime .
    }
    json_array() {
        # json_array WORD...: ["WORD",...]; words here are fixed strings from this script (no quotes or backslashes).
        local out="" w
        for w in "$@"; do out="$out${out:+,}\"$w\""; done
        printf '[%s]' "$out"
    }
    manifests=""
    # add_image NAME ENTRYPOINT_JSON CMD_JSON LAYER_TAR...: writes config + manifest blobs, appends to index.json.
    add_image() {
        local name=$1 entrypoint=$2 cmd=$3
        shift 3
        local diff_ids="" layers="" layer digest size
        for layer in "$@"; do
            read -r digest size < <(add_blob "$layer")
            diff_ids="$diff_ids${diff_ids:+,}\"$digest\""
            layers="$layers${layers:+,}{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"$digest\",\"size\":$size}"
        done
        printf '{"created":"1970-01-01T00:00:00Z","architecture":"%s","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Entrypoint":%s,"Cmd":%s,"WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":[%s]}}' \
            "$arch" "$entrypoint" "$cmd" "$diff_ids" >"$work/config.json"
        read -r digest size < <(add_blob "$work/config.json")
        printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%s},"layers":[%s]}' \
            "$digest" "$size" "$layers" >"$work/manifest.json"
        read -r digest size < <(add_blob "$work/manifest.json")
        # io.containerd.image.name is the name `ctr images import` gives the image.
        manifests="$manifests${manifests:+,}{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"$digest\",\"size\":$size,\"platform\":{\"architecture\":\"$arch\",\"os\":\"linux\"},\"annotations\":{\"io.containerd.image.name\":\"$name:$IMAGE_TAG\",\"org.opencontainers.image.ref.name\":\"$IMAGE_TAG\"}}"
    }

    # Pause: catatonit in pause mode (-P) is a tiny static init that only waits, like registry.k8s.io/pause.
    # It is installed as /pause so lsns shows the same COMMAND as the seed's real pause containers.
    mkdir -p "$work/pause-root"
    install -m 0755 "$(command -v catatonit)" "$work/pause-root/pause"
    make_layer "$work/pause-root" "$work/pause-layer.tar"

    # Shared base for the app stand-ins: static busybox with every applet linked, minimal /etc, empty mount points.
    base="$work/base-root"
    mkdir -p "$base/bin" "$base/etc" "$base/proc" "$base/sys" "$base/dev" "$base/root" "$base/var/log" "$base/tmp"
    chmod 1777 "$base/tmp"
    install -m 0755 "$(command -v busybox)" "$base/bin/busybox"
    for applet in $(busybox --list); do
        [ "$applet" = busybox ] || ln -s busybox "$base/bin/$applet"
    done
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$base/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$base/etc/group"
    make_layer "$base" "$work/base-layer.tar"

    # nginx stand-in: busybox httpd serving one page on port 80 (what `curl localhost` reaches in the seed).
    mkdir -p "$work/www-root/www"
    printf '<!DOCTYPE html>\n<title>nginx stand-in</title>\n<p>kind-pause-lab: busybox httpd standing in for nginx</p>\n' \
        >"$work/www-root/www/index.html"
    make_layer "$work/www-root" "$work/www-layer.tar"

    add_image "$PAUSE_IMAGE" "$(json_array /pause -P)" "[]" "$work/pause-layer.tar"
    add_image "$NGINX_IMAGE" "$(json_array /bin/busybox httpd -f -p 80 -h /www)" "[]" \
        "$work/base-layer.tar" "$work/www-layer.tar"
    # netshoot's own default is an interactive shell; the pod gives the loop as command/args, as myweb2 does.
    add_image "$NETSHOOT_IMAGE" "[]" "$(json_array /bin/sh)" "$work/base-layer.tar"

    printf '{"imageLayoutVersion":"1.0.0"}' >"$work/layout/oci-layout"
    printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[%s]}' \
        "$manifests" >"$work/layout/index.json"
    mkdir -p "$images_dir"
    tar --create --file "$work/images.oci.tar" --directory "$work/layout" --sort=name --mtime=@0 \
        --owner=0 --group=0 --numeric-owner .
    mv "$work/images.oci.tar" "$archive"
    rm -rf "$work"
    trap - EXIT
    log "image archive built in $(elapsed_ms "$step_start") ms: $archive ($(stat -c %s "$archive") bytes)"
fi
# The harness reads this pointer to find the archive of the current key.
ln -sfn "$image_key" "$KPL_CACHE_DIR/images/current"
# Archives of older keys are never read again.
for old in "$KPL_CACHE_DIR"/images/*; do
    # Skip the `current` symlink: removing "current/" would empty the live archive directory.
    [ -L "$old" ] || [ "$(basename "$old")" = "$image_key" ] || rm -rf "$old"
done

# --- 4. The node userland of current kind nodes (trixie: util-linux 2.41), for the probe's version-drift tests -------
bash "$here/trixie-userland.sh"

log "ready in $(elapsed_ms "$total_start") ms: crictl=$crictl_dir/crictl images=$archive"
