#!/usr/bin/env bash
# Sets up everything `npm test` needs on a fresh Debian 12 machine, as root: the real container runtime for the
# runtime tests (containerd, runc, CNI plugins, crictl, local OCI images), the Pulumi engine built from Go modules
# for the engine tests, actionlint for the workflow lint, headless Chromium for the render tests, podman for the
# node-runtime seam, and the offline kind cluster's node image (scripts/kind).
# Idempotent: a second run only checks caches.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
    echo "setup-test-env: run as root (it installs Debian packages and the runtime tests create real namespaces)" >&2
    exit 2
fi
step() {
    local start=$SECONDS
    echo "== setup: $1"
    shift
    "$@"
    echo "== setup: done in $((SECONDS - start)) s"
}
# shellcheck source=apt-install.sh
. scripts/apt-install.sh
install_shellcheck() {
    command -v shellcheck >/dev/null 2>&1 || apt_install shellcheck
}
step "shellcheck (Debian)" install_shellcheck
# headless Chromium and the font the pictures name first, for test:render (the pictures as a browser draws them)
install_chromium() {
    if command -v chromium >/dev/null 2>&1 && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf ]; then return; fi
    apt_install chromium fonts-dejavu-core
}
step "Chromium (Debian)" install_chromium
# podman with netavark and aardvark-dns (DNS between kind's nodes), for the node-runtime seam's tests on real podman
# containers (test:runtime) and a kind cluster on podman (test:kind)
install_podman() {
    [ "$(dpkg-query -W -f '${Status}\n' podman netavark aardvark-dns 2>/dev/null | grep -cx 'install ok installed')" = 3 ] && return 0
    apt_install podman netavark aardvark-dns
}
step "podman (Debian)" install_podman
total_start=$SECONDS
step "container runtime (containerd, runc, CNI, crictl, images)" bash scripts/runtime/setup.sh
# The offline kind cluster's setup (needs the runtime step's crictl) runs beside the engine build: on a fresh machine
# both are long Go builds, and together they finish sooner on 2 cores than one after the other (downloads, the
# Debian rootfs and links overlap with compiles). Its output is printed when it ends.
kind_log=$(mktemp)
bash scripts/kind/setup.sh >"$kind_log" 2>&1 &
kind_pid=$!
echo "== setup: offline kind cluster (Docker daemon, binaries from Go modules, node image): started beside the engine build"
step "Pulumi engine from Go modules" bash scripts/engine/build.sh
step "actionlint (built once from its Go module)" bash scripts/lint-workflows.sh --install
wait_kind() {
    local rc=0
    wait "$kind_pid" || rc=$?
    cat "$kind_log"
    rm -f "$kind_log"
    return "$rc"
}
step "offline kind cluster (waiting for it to finish)" wait_kind
echo "== setup: everything ready in $((SECONDS - total_start)) s"
