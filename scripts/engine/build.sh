#!/usr/bin/env bash
# Build the Pulumi engine pieces this project runs under, from Go modules only (the ordinary `go` client and the
# Go module proxy; nothing is downloaded from get.pulumi.com or GitHub), and cache the binaries outside the repo,
# keyed by versions, so that a second run costs seconds.
#
#   bash scripts/engine/build.sh [component ...]
#
# Components: cli, kubernetes (the default: the two the Go module proxy here serves), command, language-nodejs
# (refused by the proxy: asking fails at once with its answer), all (the four).
#
# Prints each component's version, where its binary is, and how long it took ("built" or "cached"); exits non-zero
# naming the failing command and the tail of its output. What is built and why each version: scripts/engine/README.md.
#
# Environment:
#   KPL_ENGINE_CACHE   cache root (default $KPL_CACHE_DIR/engine, i.e. /var/cache/kind-pause-lab/engine)
#   KPL_ENGINE_FORCE=1 rebuild even when the cached binary exists
#   KPL_GO_JOBS        go build -p (default 2)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
. "$here/versions.sh"
# shellcheck source=../go-modules.sh
. "$here/../go-modules.sh"

jobs="${KPL_GO_JOBS:-2}"
force="${KPL_ENGINE_FORCE:-0}"
work="$KPL_ENGINE_CACHE/work"
logs="$KPL_ENGINE_CACHE/logs"
mkdir -p "$work" "$logs"

# comp_bin COMPONENT: the cache directory of that component's binary (created)
comp_bin() {
    local d
    case "$1" in
        cli) d="$KPL_ENGINE_CLI_BIN" ;;
        kubernetes) d="$KPL_ENGINE_KUBERNETES_BIN" ;;
        *) fail "no cache directory for component $1" ;;
    esac
    mkdir -p "$d"; echo "$d"
}

export GOFLAGS="${GOFLAGS:+$GOFLAGS }-buildvcs=false"
export CGO_ENABLED=0
# Never let a `go` command fetch a newer toolchain behind our back.
export GOTOOLCHAIN=local

now_ms() { date +%s%3N; }
fail() { echo "engine build: FAILED: $*" >&2; exit 1; }

# run LOG CMD...: run a command at low priority, output to LOG; on failure name the command and show the log's tail.
run() {
    local log="$1"; shift
    if ! nice -n 10 "$@" >>"$log" 2>&1; then
        echo "engine build: command failed (in $(pwd)): $(printf '%q ' "$@")" >&2
        echo "---- last 40 lines of $log" >&2
        tail -n 40 "$log" >&2
        return 1
    fi
}

# fresh_dir NAME: an empty throwaway directory for a wrapper module
fresh_dir() { local d="$work/$1"; rm -rf "$d"; mkdir -p "$d"; echo "$d"; }

# check_selected MODULE VERSION: after a build, the wrapper must have selected exactly the pinned version
check_selected() {
    local got
    got="$(go list -m -f '{{.Version}}' "$1")"
    [ "$got" = "$2" ] || fail "version drift: $1 resolved to $got, expected $2"
}

# report_drift UPSTREAM_GOMOD LOG: list every module whose selected version differs from upstream's require line
# (printed, never silent; the wrapper pins what upstream pins, so normally there is none)
report_drift() {
    local drift
    drift="$(awk '
        FNR == NR { if ($1 ~ /\// && $2 ~ /^v/) want[$1] = $2; next }
        ($1 in want) && want[$1] != $2 { print "    " $1 " " want[$1] " -> " $2 }
    ' <(sed -e 's/^require //' -e 's/^\t//' "$1") <(go list -m -f '{{.Path}} {{.Version}}' all 2>/dev/null))"
    if [ -n "$drift" ]; then
        echo "  note: selected versions that differ from upstream's go.mod (raised by the replacing module):"
        echo "$drift"
        { echo "drift:"; echo "$drift"; } >>"$2"
    fi
}

# steps WHAT FN ARGS...: run FN in a subshell with errexit in force, so its first failing command ends it; then fail
# naming WHAT. Call it as a plain statement: left of || or in an `if`, bash would ignore -e inside FN as well.
steps() {
    local what="$1" rc
    shift
    set +e
    ( set -e; "$@" )
    rc=$?
    set -e
    [ "$rc" = 0 ] || fail "$what"
}

report() { printf '  %-28s %-44s %-7s %6.1f s  %s\n' "$1" "$2" "$3" "$(echo "$4" | awk '{print $1/1000}')" "$5"; }

# ---------------------------------------------------------------------------------------------------------------
# pulumi (CLI): github.com/pulumi/pulumi/pkg/v3/cmd/pulumi. pkg/go.mod replaces sdk/v3 with ../sdk (a path), so it
# cannot be `go install`ed; a throwaway wrapper module takes pkg's go.mod and go.sum verbatim, minus that path replace,
# and requires pkg/v3 itself. sdk/v3 then resolves to the version pkg's go.mod pins (the same release).
cli_steps() {
    local dir="$1" pkgdir="$2" sdkdir="$3" log="$4" out="$5"
    cd "$dir"
    wrapper_gomod "$pkgdir/go.mod" kind-pause-lab.local/engine/pulumi-cli >go.mod
    cat "$pkgdir/go.sum" "$sdkdir/go.sum" | sort -u >go.sum
    run "$log" go mod edit \
        -require="github.com/pulumi/pulumi/pkg/v3@$KPL_PULUMI_GO_VERSION" \
        -require="github.com/pulumi/pulumi/sdk/v3@$KPL_PULUMI_GO_VERSION"
    # go.sum lines for pkg/v3 and sdk/v3 themselves (checked against the checksum database)
    run "$log" go mod download github.com/pulumi/pulumi/pkg/v3 github.com/pulumi/pulumi/sdk/v3
    run "$log" go build -mod=mod -p "$jobs" -trimpath \
        -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$KPL_PULUMI_GO_VERSION" \
        -o "$out.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
    check_selected github.com/pulumi/pulumi/pkg/v3 "$KPL_PULUMI_GO_VERSION"
    check_selected github.com/pulumi/pulumi/sdk/v3 "$KPL_PULUMI_GO_VERSION"
    report_drift "$pkgdir/go.mod" "$log"
}

build_cli() {
    local out start log dir pkgdir sdkdir
    out="$(comp_bin cli)/pulumi"
    start=$(now_ms)
    if [ "$force" != 1 ] && [ -x "$out" ]; then
        report pulumi "$KPL_PULUMI_GO_VERSION" cached "$(( $(now_ms) - start ))" "$out"; return 0
    fi
    log="$logs/pulumi.log"; : >"$log"
    pkgdir="$(modcache_dir github.com/pulumi/pulumi/pkg/v3 "$KPL_PULUMI_GO_VERSION")" \
        || fail "pulumi CLI: the Go module proxy did not serve github.com/pulumi/pulumi/pkg/v3@$KPL_PULUMI_GO_VERSION"
    sdkdir="$(modcache_dir github.com/pulumi/pulumi/sdk/v3 "$KPL_PULUMI_GO_VERSION")" \
        || fail "pulumi CLI: the Go module proxy did not serve github.com/pulumi/pulumi/sdk/v3@$KPL_PULUMI_GO_VERSION"
    dir="$(fresh_dir pulumi-cli)"
    steps "pulumi CLI $KPL_PULUMI_GO_VERSION (log: $log)" cli_steps "$dir" "$pkgdir" "$sdkdir" "$log" "$out"
    mv "$out.tmp" "$out"
    report pulumi "$KPL_PULUMI_GO_VERSION" built "$(( $(now_ms) - start ))" "$out"
}

# ---------------------------------------------------------------------------------------------------------------
# pulumi-resource-kubernetes: the module zip of github.com/pulumi/pulumi-kubernetes/provider/v4 lacks the two files
# that cmd/pulumi-resource-kubernetes/main.go embeds (schema-embed.json, terraform-mapping-embed.json): upstream makes
# them with `VERSION=<v> go generate cmd/pulumi-resource-kubernetes/main.go`, i.e. `go run ./generate.go`, which sets
# the schema's version and re-serialises schema.json and terraform-mapping.json (both are in the zip). So the module
# is copied to a throwaway directory and becomes the main module there; its one path replace (sdk/v4 => ../sdk) is
# replaced by the sdk/v4 release of the same version (the tag right after the provider's tag commit).
kubernetes_steps() {
    local dir="$1" src="$2" log="$3" out="$4"
    cp -R "$src/." "$dir/"
    chmod -R u+w "$dir"
    cd "$dir"
    wrapper_gomod "$src/go.mod" github.com/pulumi/pulumi-kubernetes/provider/v4 >go.mod
    run "$log" go mod edit -require="github.com/pulumi/pulumi-kubernetes/sdk/v4@$KPL_KUBERNETES_SDK_GO_VERSION"
    run "$log" go mod download github.com/pulumi/pulumi-kubernetes/sdk/v4
    cd cmd/pulumi-resource-kubernetes
    # the generate step, as upstream's `//go:generate go run ./generate.go` line runs it
    VERSION="$KPL_KUBERNETES_VERSION" run "$log" go run -mod=mod ./generate.go
    [ -s schema-embed.json ] && [ -s terraform-mapping-embed.json ] \
        || fail "generate.go ran but did not write schema-embed.json and terraform-mapping-embed.json"
    run "$log" go build -mod=mod -p "$jobs" -trimpath \
        -ldflags "-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$KPL_KUBERNETES_VERSION" \
        -o "$out.tmp" .
    check_selected github.com/pulumi/pulumi-kubernetes/sdk/v4 "$KPL_KUBERNETES_SDK_GO_VERSION"
    report_drift "$src/go.mod" "$log"
}

build_kubernetes() {
    local name=pulumi-resource-kubernetes out start log dir src
    out="$(comp_bin kubernetes)/$name"
    start=$(now_ms)
    if [ "$force" != 1 ] && [ -x "$out" ]; then
        report "$name" "$KPL_KUBERNETES_VERSION ($KPL_KUBERNETES_GO_VERSION)" cached "$(( $(now_ms) - start ))" "$out"; return 0
    fi
    log="$logs/$name.log"; : >"$log"
    src="$(modcache_dir github.com/pulumi/pulumi-kubernetes/provider/v4 "$KPL_KUBERNETES_GO_VERSION")" \
        || fail "$name: the Go module proxy did not serve github.com/pulumi/pulumi-kubernetes/provider/v4@$KPL_KUBERNETES_GO_VERSION"
    dir="$(fresh_dir kubernetes-provider)"
    steps "$name $KPL_KUBERNETES_VERSION (log: $log)" kubernetes_steps "$dir" "$src" "$log" "$out"
    mv "$out.tmp" "$out"
    report "$name" "$KPL_KUBERNETES_VERSION ($KPL_KUBERNETES_GO_VERSION)" built "$(( $(now_ms) - start ))" "$out"
}

# ---------------------------------------------------------------------------------------------------------------
# Components whose module the Go module proxy here does not serve: asking costs one request and fails at once with
# the proxy's own answer, which is printed. They are not in the default set; `build.sh command` (or `all`) asks again,
# so that the day the proxy serves them this script says so.
build_unserved() {
    local name="$1" module="$2" version="$3" why="$4" start log
    start=$(now_ms)
    log="$logs/$name.log"; : >"$log"
    if nice -n 10 env GOPROXY="$(go env GOPROXY | sed 's/,direct$//;s/|direct$//')" GOFLAGS=-mod=mod \
        go mod download -json "$module@$version" >"$log" 2>&1; then
        echo "engine build: $name: $module@$version IS served now; its build is not written yet ($why)" >&2
        return 1
    fi
    echo "engine build: FAILED: $name: command: go mod download -json $module@$version" >&2
    sed -n 's/^\t"Error": "\(.*\)",\{0,1\}$/  error: \1/p' "$log" | sed 's/\\n\\t/ | /g' >&2
    echo "  ($why)" >&2
    return 1
}

build_command() {
    build_unserved pulumi-resource-command github.com/pulumi/pulumi-command/provider "$KPL_COMMAND_GO_VERSION" \
        "pulumi-command v$KPL_COMMAND_VERSION = commit $KPL_COMMAND_COMMIT; the proxy refuses this module path, even its version list"
}

build_language_nodejs() {
    build_unserved pulumi-language-nodejs github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 \
        "$KPL_PULUMI_GO_VERSION" "the Node.js language host module; the proxy refuses this module path, even its version list"
}

main() {
    local comps=("$@")
    [ ${#comps[@]} -gt 0 ] || comps=(cli kubernetes)
    [ "${comps[*]}" != all ] || comps=(cli kubernetes command language-nodejs)
    command -v go >/dev/null || fail "go is not on PATH nor in /usr/local/go/bin: the engine is built with the go client"
    echo "engine build: $(go version | cut -d' ' -f3-4), cache $KPL_ENGINE_CACHE"
    local total_start; total_start=$(now_ms)
    for c in "${comps[@]}"; do
        case "$c" in
            cli) build_cli ;;
            kubernetes) build_kubernetes ;;
            command) build_command || exit 1 ;;
            language-nodejs) build_language_nodejs || exit 1 ;;
            *) fail "unknown component '$c' (cli, kubernetes, command, language-nodejs, all)" ;;
        esac
    done
    echo "engine build: done in $(( ($(now_ms) - total_start) / 1000 )) s; use: . scripts/engine/env.sh"
}

main "$@"
