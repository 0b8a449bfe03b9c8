#!/usr/bin/env bash
# Sets up everything `npm test` needs on a fresh Debian 12 machine, as root: the real container runtime for the
# runtime tests (containerd, runc, CNI plugins, crictl, local OCI images), the Pulumi engine built from Go modules
# for the engine tests, actionlint for the workflow lint, and the offline kind cluster's node image (scripts/kind).
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
step "container runtime (containerd, runc, CNI, crictl, images)" bash scripts/runtime/setup.sh
step "Pulumi engine from Go modules" bash scripts/engine/build.sh
step "actionlint (built once from its Go module)" bash scripts/lint-workflows.sh --install
step "offline kind cluster (Docker daemon, binaries from Go modules, node image)" bash scripts/kind/setup.sh
