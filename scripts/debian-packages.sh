# shellcheck shell=bash disable=SC2034  # (arrays for the scripts that source this file)
# The Debian packages the test setup installs, one list per setup step: the setup scripts install from these lists,
# and scripts/fresh-machine.sh purges what they name (less KPL_PKGS_IMAGE) to make a machine fresh again.
#
# Where a dependency has alternatives, the package we mean is named, never left to apt: apt satisfies `A | B` with
# whatever is installed already, else A. podman depends on `crun | runc`; on a machine where runc is not there yet,
# apt picks crun, which cannot start containers on a cgroup v1 hybrid host whose cgroup2 hierarchy has controllers
# ("crun: cgroups in hybrid mode not supported, drop all controllers from cgroupv2"). So runc comes with podman in
# the same install, and the podman tests name runc in their containers.conf (test/support/podman.ts).

# on the Debian machine images already (fresh-machine.sh keeps them): the setup only checks they are there
KPL_PKGS_IMAGE=(gcc libc6-dev jq fonts-dejavu-core iproute2 util-linux tar coreutils)
# lint: shellcheck on every script
KPL_PKGS_LINT=(shellcheck)
# render tests: headless Chromium and the font the pictures name first
KPL_PKGS_RENDER=(chromium fonts-dejavu-core)
# podman for the node-runtime seam and kind on podman: netavark and aardvark-dns (DNS between kind's nodes), runc
KPL_PKGS_PODMAN=(podman runc netavark aardvark-dns)
# runtime tests (scripts/runtime/setup.sh): containerd, runc, CNI plugins, the images' static binaries
KPL_PKGS_RUNTIME=(containerd runc containernetworking-plugins busybox-static catatonit iproute2 util-linux tar coreutils)
# the trixie userland of kind nodes (scripts/runtime/trixie-userland.sh)
KPL_PKGS_USERLAND=(debootstrap)
# the offline kind cluster (scripts/kind/setup.sh): Docker, rootfs builds, the static pause binary, dockerd's networking;
# tmux: the kind suite drives the interactive `lab tour` in a real terminal
KPL_PKGS_KIND=(docker.io mmdebstrap jq gcc libc6-dev iptables busybox-static tmux)
# installed by no step, but by apt as the first alternative of a dependency on a machine set up before these lists
# named the package we mean; fresh-machine.sh purges them too
KPL_PKGS_STRAY=(crun)

# pkgs_missing PKG...: prints those of PKG not installed (dpkg's word), one line
pkgs_missing() {
    local p missing=()
    for p in "$@"; do
        [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
    done
    echo "${missing[*]}"
}
