#!/usr/bin/env bash
# Makes this machine as fresh as a new one, for the test setup's purposes: purges every Debian package the setup
# installs (the lists in debian-packages.sh, less those the machine images ship: KPL_PKGS_IMAGE) and what apt pulled
# in with them, removes the state those packages leave (podman's, containerd's and Docker's storage), and empties the
# caches the setup and `npm ci` fill (this project's, Go's module and build caches, npm's). A machine that was set up
# before hides missing setup steps; after this, `git clone` + `CI=true bash .ci/run` meets the machine CI's next one
# may be. Never run by CI or by any setup: it only takes away.
#
#   bash scripts/fresh-machine.sh          says what it would purge and remove; changes nothing
#   bash scripts/fresh-machine.sh --yes    does it (as root)
#
# Then, from the repository root: d=$(mktemp -d) && git clone -q . $d/main && cp -r ../shared $d/ && (cd $d/main && CI=true bash .ci/run)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=debian-packages.sh
. "$here/debian-packages.sh"
# shellcheck source=find-go.sh
. "$here/find-go.sh"

do_it=""
case ${1:-} in
    --yes) do_it=1 ;;
    "") ;;
    *) echo "usage: bash scripts/fresh-machine.sh [--yes]" >&2; exit 2 ;;
esac

# the setup's packages, each once, less what the machine images ship
declare -A keep=() seen=()
for p in "${KPL_PKGS_IMAGE[@]}"; do keep[$p]=1; done
purge=()
for p in "${KPL_PKGS_LINT[@]}" "${KPL_PKGS_RENDER[@]}" "${KPL_PKGS_PODMAN[@]}" "${KPL_PKGS_RUNTIME[@]}" \
    "${KPL_PKGS_USERLAND[@]}" "${KPL_PKGS_KIND[@]}" "${KPL_PKGS_STRAY[@]}"; do
    [ -z "${keep[$p]:-}" ] && [ -z "${seen[$p]:-}" ] || continue
    seen[$p]=1
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] && purge+=("$p")
done

cache_dir=${KPL_CACHE_DIR:-/var/cache/kind-pause-lab}
go_caches=()
if command -v go >/dev/null; then go_caches=("$(go env GOMODCACHE)" "$(go env GOCACHE)"); fi
npm_cache=""
if command -v npm >/dev/null; then npm_cache=$(npm config get cache); fi
# state the purged packages leave behind (purge removes their conffiles, not what their programs wrote), and the
# lab's own daemon directory
state=(/var/lib/containers /var/lib/containerd /var/lib/docker /var/lib/cni /run/containers /run/kind-pause-lab)
remove=()
for d in "$cache_dir" "${go_caches[@]}" "$npm_cache" "${state[@]}"; do
    [ -n "$d" ] && [ -e "$d" ] && remove+=("$d")
done

echo "fresh-machine: Debian packages to purge (then apt-get autoremove --purge): ${purge[*]:-none}"
echo "fresh-machine: to remove: ${remove[*]:-nothing}"
if [ -z "$do_it" ]; then
    echo "fresh-machine: nothing changed; run again with --yes to do it"
    exit 0
fi
[ "$(id -u)" = 0 ] || { echo "fresh-machine: run as root (apt-get purge)" >&2; exit 2; }

# what the setup and the suites start, stopped first: the lab's dockerd (its containers go with it), podman's
# containers, any containerd still running from a package's service
bash "$here/kind/dockerd.sh" stop || true
if command -v podman >/dev/null; then podman rm -af >/dev/null 2>&1 || true; fi
pkill -x containerd 2>/dev/null || true
pkill -x dockerd 2>/dev/null || true
# unmount what podman or containerd left mounted under their storage before removing it
for d in "${state[@]}" "$cache_dir"; do
    awk -v d="$d" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r |
        while read -r m; do umount -l "$m" || true; done
done

if [ ${#purge[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "${purge[@]}" >/dev/null
fi
DEBIAN_FRONTEND=noninteractive apt-get autoremove --purge -y -qq >/dev/null
for d in "${remove[@]}"; do rm -rf --one-file-system "$d"; done
gone=$(wc -w <<<"$(pkgs_missing "${purge[@]}")")
echo "fresh-machine: purged $gone package(s), removed ${#remove[@]} path(s); the machine is as the setup first finds it"
