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
step "shellcheck (Debian)" apt_ensure "${KPL_PKGS_LINT[@]}"
# headless Chromium and the font the pictures name first, for test:render (the pictures as a browser draws them)
step "Chromium (Debian)" apt_ensure "${KPL_PKGS_RENDER[@]}"
# podman with netavark and aardvark-dns (DNS between kind's nodes) and runc (named: see debian-packages.sh), for the
# node-runtime seam's tests on real podman containers (test:runtime) and a kind cluster on podman (test:kind)
step "podman (Debian)" apt_ensure "${KPL_PKGS_PODMAN[@]}"
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
