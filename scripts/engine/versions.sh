# shellcheck shell=bash disable=SC2034  # (variables for the scripts that source this file)
# Sourced by build.sh and env.sh: the engine versions this project builds and where their binaries are cached.
# Why these versions, and not exactly the npm packages' (the Go module proxy here does not serve those):
# scripts/engine/README.md.

# pulumi CLI: github.com/pulumi/pulumi/pkg/v3 (+ sdk/v3) at exactly the npm @pulumi/pulumi version (3.260.0, tag
# v3.260.0). package.json pins that version because it is the newest one both registries here serve: npm has 3.270.0
# and 3.276.0 but the Go proxy refuses pkg/v3 at those (403 "This module version is not available").
KPL_PULUMI_GO_VERSION="v3.260.0"

# pulumi-resource-kubernetes: github.com/pulumi/pulumi-kubernetes/provider/v4 at the npm @pulumi/kubernetes version
# (4.25.0, pinned in package.json for this reason): the proxy serves this module at one version only, the
# pseudo-version of commit f47bc2d6f199, which is the v4.25.0 tag.
# The provider's go.mod replaces sdk/v4 with ../sdk; sdk/v4 v4.25.0 is that directory's release (tag sdk/v4.25.0 is
# the next commit: it changes only version strings in the Go SDK).
KPL_KUBERNETES_VERSION="4.25.0"
KPL_KUBERNETES_GO_VERSION="v4.0.0-20260115033456-f47bc2d6f199"
KPL_KUBERNETES_SDK_GO_VERSION="v4.25.0"

# pulumi-resource-command: github.com/pulumi/pulumi-command/provider (npm @pulumi/command 1.2.1 = tag v1.2.1 =
# commit 7f3eb6f3b77c, 2026-03-03). No provider/ tags exist, so Go names it by pseudo-version. Refused by the proxy.
KPL_COMMAND_VERSION="1.2.1"
KPL_COMMAND_COMMIT="7f3eb6f3b77cd0fa3895ba437a695dd393f7dd25"
KPL_COMMAND_GO_VERSION="v0.0.0-20260303235922-7f3eb6f3b77c"

# Under the project's cache root like the runtime's tools (KPL_CACHE_DIR, scripts/runtime/versions.env), unless moved.
KPL_ENGINE_CACHE="${KPL_ENGINE_CACHE:-${KPL_CACHE_DIR:-/var/cache/kind-pause-lab}/engine}"
# The cache key needs `go`, also where only a login shell has it on PATH.
# shellcheck source=../find-go.sh
. "$(dirname "${BASH_SOURCE[0]}")/../find-go.sh"
# Cache key of each binary: component, version, Go version, platform. Changing any of them builds anew beside the
# old one; nothing in the repository is written.
_kpl_goplat="$(go env GOVERSION 2>/dev/null || echo nogo)_$(go env GOOS 2>/dev/null)-$(go env GOARCH 2>/dev/null)"
KPL_ENGINE_CLI_BIN="$KPL_ENGINE_CACHE/pulumi-${KPL_PULUMI_GO_VERSION}_${_kpl_goplat}/bin"
KPL_ENGINE_KUBERNETES_BIN="$KPL_ENGINE_CACHE/pulumi-resource-kubernetes-v${KPL_KUBERNETES_VERSION}_${_kpl_goplat}/bin"
unset _kpl_goplat
