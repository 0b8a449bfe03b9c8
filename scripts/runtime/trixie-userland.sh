#!/usr/bin/env bash
# The userland of current kind nodes (v0.32: Debian trixie, util-linux 2.41, newer iproute2), for running the node
# probe with the tool versions it meets there (docs/runtime-harness.md, "The node's userland").
# debootstrap --variant=minbase trixie into a cache dir, plus iproute2 and our crictl at /usr/local/bin as in kind
# node images. The probe then runs in `chroot` with the host's /proc bind-mounted, inside a private mount namespace
# (test/runtime/harness/localRuntime.ts: LocalRuntime.probeInUserland). Idempotent; first run ~1 min, then milliseconds. Run as root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=pins.sh
. "$here/pins.sh"
# shellcheck source=../apt-install.sh
. "$here/../apt-install.sh"
start=$(date +%s%N)
log() { printf 'trixie-userland: %s\n' "$*"; }
die() { printf 'trixie-userland: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root (debootstrap and chroot)"

root="$KPL_CACHE_DIR/userland/trixie"
# remove_tree DIR: a debootstrap that was killed leaves /proc and /sys (in a container also /dev) mounted in its
# tree; unmount what is mounted under DIR (deepest first) before removing it, and never let rm cross into a mount.
remove_tree() {
    local mount_point
    awk -v d="$1" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r |
        while read -r mount_point; do umount -l "$mount_point"; done
    rm -rf --one-file-system "$1"
}
if [ ! -f "$root/.kpl-complete" ]; then
    command -v debootstrap >/dev/null || apt_ensure "${KPL_PKGS_USERLAND[@]}" || die "'debootstrap' is missing and could not be installed (apt-get install debootstrap)"
    # The Debian mirror apt uses on this machine (reachable if apt is: it may be the only way to Debian), known once
    # its lists are downloaded; else deb.debian.org. KPL_DEBIAN_MIRROR overrides both.
    mirror=$(debian_mirror)
    partial="$root.partial"
    remove_tree "$partial"
    mkdir -p "$(dirname "$root")"
    log "debootstrap --variant=minbase --include=iproute2 trixie from $mirror (first run only)"
    nice debootstrap --variant=minbase --include=iproute2 trixie "$partial" "$mirror" >"$partial.log" 2>&1 \
        || die "debootstrap failed; last lines: $(tail -n 3 "$partial.log" | tr '\n' ' ')"
    rm -f "$partial.log"
    remove_tree "$root"
    mv "$partial" "$root"
    touch "$root/.kpl-complete"
fi
# crictl where kind node images have it; refreshed when the pinned build changes.
crictl="$KPL_CACHE_DIR/bin/crictl-$CRICTL_VERSION/crictl"
[ -x "$crictl" ] || die "crictl $CRICTL_VERSION is not built yet: run scripts/runtime/setup.sh first"
cmp -s "$crictl" "$root/usr/local/bin/crictl" || install -m 0755 "$crictl" "$root/usr/local/bin/crictl"
for tool in sh lsns nsenter readlink ip mktemp; do
    chroot "$root" sh -c 'command -v "$1"' kpl "$tool" >/dev/null || die "'$tool' is missing in $root"
done
log "ready in $(( ($(date +%s%N) - start) / 1000000 )) ms: $root ($(chroot "$root" lsns --version), $(chroot "$root" ip -V 2>/dev/null))"
