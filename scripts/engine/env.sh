# shellcheck shell=bash
# Source this (bash): `. scripts/engine/env.sh` puts the engine built by scripts/engine/build.sh where Pulumi looks
# for it, and keeps the engine from reaching for the internet. It builds nothing; it returns non-zero (without
# exiting your shell) when the CLI has not been built yet.
#
# What it sets:
#   PATH: the project's Node 22 (node_modules/.bin) first, then the `pulumi` CLI's cache directory, then each built
#         resource provider's cache directory (`pulumi-resource-*` on PATH = "ambient" plugins, which the engine uses
#         before anything installed under ~/.pulumi/plugins), then @pulumi/pulumi's own directory, which holds the
#         `pulumi-resource-pulumi-nodejs` dynamic-provider plugin script that the CLI release would ship beside `pulumi`;
#         and /usr/local/go/bin when `go` was not on PATH (the cache key names the Go version: ../find-go.sh).
#   PULUMI_SKIP_UPDATE_CHECK=true                    no "new version available" request
#   PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true a missing plugin is an error, never a silent download
#   PULUMI_DISABLE_REGISTRY_RESOLVE=true             package names are not looked up in the Pulumi Registry
#   PULUMI_IGNORE_AMBIENT_PLUGINS                    unset (ambient plugins are how the built providers are found)
#   KPL_ENGINE_AVAILABLE                             space-separated: what is usable here (cli, kubernetes)
#   KPL_ENGINE_MISSING                               what is not (language-nodejs, command, docker); see README.md
#   KPL_PULUMI_GO_VERSION, KPL_KUBERNETES_VERSION    the versions built (versions.sh)
#
# Note: the Node.js language host (pulumi-language-nodejs) cannot be built here, so `pulumi up` in a project
# directory with `runtime: nodejs` fails with "could not find plugin language nodejs". TypeScript programs run
# through the Automation API's inline programs instead (the Node SDK serves the language runtime itself and passes
# `--client` to the CLI): see scripts/engine/README.md and test/engine/engine.ts.

_kpl_engine_env() {
    local here root
    here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
    root="$(cd "$here/../.." && pwd)"
    # shellcheck source=versions.sh
    . "$here/versions.sh"

    if [ ! -x "$KPL_ENGINE_CLI_BIN/pulumi" ]; then
        echo "engine env: no pulumi CLI at $KPL_ENGINE_CLI_BIN; run: bash scripts/engine/build.sh" >&2
        return 1
    fi
    local p="$KPL_ENGINE_CLI_BIN"
    KPL_ENGINE_AVAILABLE="cli"
    KPL_ENGINE_MISSING="language-nodejs command docker"
    if [ -x "$KPL_ENGINE_KUBERNETES_BIN/pulumi-resource-kubernetes" ]; then
        p="$p:$KPL_ENGINE_KUBERNETES_BIN"
        KPL_ENGINE_AVAILABLE="$KPL_ENGINE_AVAILABLE kubernetes"
    else
        KPL_ENGINE_MISSING="$KPL_ENGINE_MISSING kubernetes"
    fi
    [ -d "$root/node_modules/.bin" ] && p="$root/node_modules/.bin:$p"
    [ -x "$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs" ] && p="$p:$root/node_modules/@pulumi/pulumi"

    # Drop earlier copies of these directories from PATH, so sourcing twice does not grow it.
    local rest="" d IFS=:
    for d in $PATH; do
        case ":$p:" in *":$d:"*) ;; *) rest="${rest:+$rest:}$d" ;; esac
    done
    export PATH="$p${rest:+:$rest}"
    export PULUMI_SKIP_UPDATE_CHECK=true
    export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
    export PULUMI_DISABLE_REGISTRY_RESOLVE=true
    unset PULUMI_IGNORE_AMBIENT_PLUGINS
    export KPL_ENGINE_AVAILABLE KPL_ENGINE_MISSING KPL_ENGINE_CLI_BIN KPL_ENGINE_KUBERNETES_BIN KPL_ENGINE_CACHE \
        KPL_PULUMI_GO_VERSION KPL_KUBERNETES_VERSION
}
_kpl_engine_env
_kpl_engine_rc=$?
unset -f _kpl_engine_env
# `return` works when sourced; the fallback covers `bash env.sh` (which would have no lasting effect anyway)
return "$_kpl_engine_rc" 2>/dev/null || exit "$_kpl_engine_rc"
