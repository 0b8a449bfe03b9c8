# shellcheck shell=bash
# Sourced by the setup scripts. apt_install PKG...: installs Debian packages non-interactively, without recommends;
# apt_ensure PKG...: the same for those of PKG dpkg does not have installed. The lists: debian-packages.sh.
# shellcheck source=debian-packages.sh
. "$(dirname "${BASH_SOURCE[0]}")/debian-packages.sh"
# A fresh machine may have no package lists, so they are refreshed first, once per setup run: the scripts that
# setup-test-env.sh runs after the first install inherit KPL_APT_UPDATED and skip the second `apt-get update`.
apt_install() {
    if [ -z "${KPL_APT_UPDATED:-}" ]; then
        apt-get update -qq || return
        export KPL_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
apt_ensure() {
    local missing
    missing=$(pkgs_missing "$@")
    # shellcheck disable=SC2086  # package names: one word each
    [ -z "$missing" ] || apt_install $missing
}
# debian_mirror: the Debian mirror apt is configured with (the one this machine is known to reach), deb.debian.org
# when apt names none; KPL_DEBIAN_MIRROR wins. For debootstrap/mmdebstrap of other Debian userlands.
debian_mirror() {
    local mirror
    mirror=${KPL_DEBIAN_MIRROR:-$(apt-get indextargets --format '$(REPO_URI)' 'Label: Debian' 2>/dev/null | awk 'NR == 1' || true)}
    mirror=${mirror:-http://deb.debian.org/debian}
    echo "${mirror%/}"
}
