#!/usr/bin/env bash
# Sets up the offline kind cluster's pieces on a Debian 12 machine, as root, with no registry: Debian's docker.io
# (its daemon started privately by dockerd.sh, only while this script builds), mmdebstrap and jq; every binary from Go
# modules (build-binaries.sh); the node image and the component, network and stand-in images (node-image.sh).
# Idempotent: a second run only checks the caches under $KPL_CACHE_DIR/kind. Prints each step's time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../apt-install.sh
. "$here/../apt-install.sh"
[ "$(id -u)" = 0 ] || { echo "kind setup: run as root (Debian packages, a Docker daemon)" >&2; exit 2; }
step() {
    local start=$SECONDS
    echo "kind setup: $1"
    shift
    "$@"
    echo "kind setup: done in $((SECONDS - start)) s"
}
step "Debian packages (docker.io, mmdebstrap, jq, gcc)" apt_ensure "${KPL_PKGS_KIND[@]}"
step "binaries from Go modules (kind, Kubernetes, etcd, CoreDNS, kube-router, pause)" bash "$here/build-binaries.sh"
# stop the daemon at the end only when this script started it
started=1
if bash "$here/dockerd.sh" status; then started=""; fi
step "the lab's Docker daemon" bash "$here/dockerd.sh" start
trap '[ -z "$started" ] || bash "$here/dockerd.sh" stop' EXIT
step "node image and component images" bash "$here/node-image.sh"
# shellcheck source=pins.sh
. "$here/pins.sh"
echo "kind setup: disk used: $(du -sh "$KPL_KIND_CACHE" | cut -f1) in $KPL_KIND_CACHE (binaries $(du -sh "$KPL_KIND_BIN" | cut -f1), Docker data root with the images $(du -sh "$KPL_KIND_CACHE/docker" | cut -f1), rootfs tarballs and build files $(du -sh "$KPL_KIND_CACHE/work" | cut -f1))"
