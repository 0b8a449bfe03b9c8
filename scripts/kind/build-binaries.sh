#!/usr/bin/env bash
# Builds, from Go modules and Debian's gcc only, every binary the offline kind cluster needs, into a cache outside the
# repo keyed by version and Go version (a second run only checks the cache):
#   kind                          sigs.k8s.io/kind (no replace directives: plain go build)
#   kubeadm kubelet kubectl kube-apiserver kube-controller-manager kube-scheduler kube-proxy
#                                 k8s.io/kubernetes through a throwaway wrapper module (its go.mod replaces the
#                                 k8s.io/* staging modules by ./staging paths the module zip lacks: the wrapper pins
#                                 each to the matching v0.x release instead), version stamped as hack/lib/version.sh does
#   etcd                          go.etcd.io/etcd/server/v3 through a wrapper (upstream replaces ../api etc. by path)
#   coredns                       github.com/coredns/coredns with only the plugins kubeadm's Corefile uses (coredns.go)
#   kube-router                   github.com/cloudnativelabs/kube-router/v2 (the pod network; README says why)
#   pause                         build/pause/linux/pause.c from the k8s.io/kubernetes module, gcc -static
#   registry                      scripts/bench/registry (the Docker Hub stand-in of bench:up and the kind suite's
#                                 smoke test) against github.com/google/go-containerregistry; cached under a hash of
#                                 its sources (scripts/bench/registry/binary.sh)
#
#   helm                          helm.sh/helm/v3 (no replace directives), only when asked: the bench:up baseline
#
#   bash scripts/kind/build-binaries.sh [COMPONENT...]   default: all but helm; one line per component: built or cached
# Environment: KPL_CACHE_DIR (cache root), KPL_GO_JOBS (go build -p, default 2).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=pins.sh
. "$here/pins.sh"
# shellcheck source=../find-go.sh
. "$here/../find-go.sh"
# shellcheck source=../go-modules.sh
. "$here/../go-modules.sh"
# shellcheck source=../bench/registry/binary.sh
. "$here/../bench/registry/binary.sh"

command -v go >/dev/null || { echo "kind build: 'go' is not on PATH (nor in /usr/local/go/bin)" >&2; exit 1; }
export CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS="-buildvcs=false"
jobs=${KPL_GO_JOBS:-2}
work="$KPL_KIND_CACHE/work"
mkdir -p "$work" "$KPL_KIND_BIN"

fail() { echo "kind build: FAILED: $*" >&2; exit 1; }
# run LOG CMD...: run at low priority with output to LOG; on failure name the command and print the log's tail.
run() {
    local log=$1; shift
    if ! nice -n 10 "$@" >>"$log" 2>&1; then
        echo "kind build: command failed (in $PWD): $(printf '%q ' "$@")" >&2
        tail -n 40 "$log" >&2
        return 1
    fi
}
# fresh NAME: an empty wrapper-module directory
fresh() { rm -rf "${work:?}/$1"; mkdir -p "$work/$1"; echo "$work/$1"; }
# have BIN...: every named binary is already in the cache
have() { local b; for b in "$@"; do [ -x "$KPL_KIND_BIN/$b" ] || return 1; done; }
# component NAME VERSION FN BIN...: build with FN unless cached; one line either way
component() {
    local name=$1 version=$2 fn=$3 start=$SECONDS; shift 3
    if have "$@"; then
        printf 'kind build: %-12s %-9s cached  %s\n' "$name" "$version" "$KPL_KIND_BIN"
        return
    fi
    local log="$work/$name.log"
    : >"$log"
    ( set -e; "$fn" "$log" ) || fail "$name $version (log: $log)"
    have "$@" || fail "$name $version: the build left no $*"
    printf 'kind build: %-12s %-9s built   %4d s  %s\n' "$name" "$version" $((SECONDS - start)) "$KPL_KIND_BIN"
}

build_kind() {
    cd "$(fresh kind)"
    run "$1" go mod init kind-pause-lab.local/kind
    run "$1" go get "sigs.k8s.io/kind@$KIND_VERSION"
    run "$1" go build -p "$jobs" -trimpath -ldflags "-s -w" -o "$KPL_KIND_BIN/kind" sigs.k8s.io/kind
}

k8s_cmds=(kubeadm kubelet kubectl kube-apiserver kube-controller-manager kube-scheduler kube-proxy)
build_k8s() {
    local src minor ldflags=() key val
    src=$(modcache_dir k8s.io/kubernetes "$K8S_VERSION")
    minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
    cd "$(fresh kubernetes)"
    # upstream go.mod and go.sum, renamed, each `k8s.io/X => ./staging/src/k8s.io/X` now `k8s.io/X => k8s.io/X v0.N.P`
    sed -e 's#^module .*#module kind-pause-lab.local/kubernetes#' \
        -e "s#^\(\t*\)\(k8s.io/[a-z0-9-]*\) => ./staging/src/k8s.io/[a-z0-9-]*\$#\1\2 => \2 v0.${K8S_VERSION#v1.}#" \
        "$src/go.mod" >go.mod
    grep -q '=> ./' go.mod && fail "kubernetes $K8S_VERSION: a path replace is left in the wrapper's go.mod"
    cp "$src/go.sum" go.sum
    run "$1" go mod edit -require="k8s.io/kubernetes@$K8S_VERSION"
    run "$1" go mod download k8s.io/kubernetes
    for kv in "gitVersion=$K8S_VERSION" gitMajor=1 "gitMinor=$minor" gitTreeState=clean \
              "gitCommit=module-$K8S_VERSION" "buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"; do
        key=${kv%%=*}; val=${kv#*=}
        ldflags+=("-X k8s.io/client-go/pkg/version.$key=$val" "-X k8s.io/component-base/version.$key=$val")
    done
    local pkgs=()
    for c in "${k8s_cmds[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done
    run "$1" go build -mod=mod -p "$jobs" -trimpath -ldflags "-s -w ${ldflags[*]}" -o "$KPL_KIND_BIN/" "${pkgs[@]}"
}

build_etcd() {
    local src
    src=$(modcache_dir go.etcd.io/etcd/server/v3 "$ETCD_VERSION")
    cd "$(fresh etcd)"
    # upstream's go.mod minus its path replaces (../api, ../client/v3 ...): those modules resolve to the same release
    wrapper_gomod "$src/go.mod" kind-pause-lab.local/etcd >go.mod
    cp "$src/go.sum" go.sum
    run "$1" go mod edit -require="go.etcd.io/etcd/server/v3@$ETCD_VERSION" \
        -require="go.etcd.io/etcd/api/v3@$ETCD_VERSION" -require="go.etcd.io/etcd/client/pkg/v3@$ETCD_VERSION" \
        -require="go.etcd.io/etcd/client/v3@$ETCD_VERSION" -require="go.etcd.io/etcd/pkg/v3@$ETCD_VERSION"
    run "$1" go build -mod=mod -p "$jobs" -trimpath -ldflags "-s -w" -o "$KPL_KIND_BIN/etcd" go.etcd.io/etcd/server/v3
}

build_coredns() {
    cd "$(fresh coredns)"
    cp "$here/coredns/main.go" main.go
    run "$1" go mod init kind-pause-lab.local/coredns
    run "$1" go get "github.com/coredns/coredns@$COREDNS_VERSION"
    run "$1" go mod tidy
    [ "$(go list -m -f '{{.Version}}' github.com/coredns/coredns)" = "$COREDNS_VERSION" ] ||
        fail "coredns resolved to another version than $COREDNS_VERSION"
    run "$1" go build -mod=mod -p "$jobs" -trimpath -ldflags "-s -w" -o "$KPL_KIND_BIN/coredns" .
}

build_kube_router() {
    cd "$(fresh kube-router)"
    run "$1" go mod init kind-pause-lab.local/kube-router
    run "$1" go get "github.com/cloudnativelabs/kube-router/v2@$KUBE_ROUTER_VERSION"
    run "$1" go build -mod=mod -p "$jobs" -trimpath \
        -ldflags "-s -w -X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=$KUBE_ROUTER_VERSION" \
        -o "$KPL_KIND_BIN/kube-router" github.com/cloudnativelabs/kube-router/v2/cmd/kube-router
}

build_pause() {
    local src
    src=$(modcache_dir k8s.io/kubernetes "$K8S_VERSION")
    command -v gcc >/dev/null || fail "pause: gcc is missing (apt-get install gcc libc6-dev)"
    run "$1" gcc -Os -Wall -Werror -static -DVERSION="v$PAUSE_TAG-kind-pause-lab" \
        -o "$KPL_KIND_BIN/pause" "$src/build/pause/linux/pause.c"
    strip "$KPL_KIND_BIN/pause"
}

build_helm() {
    cd "$(fresh helm)"
    run "$1" go mod init kind-pause-lab.local/helm
    run "$1" go get "helm.sh/helm/v3@$HELM_VERSION"
    run "$1" go build -mod=mod -p "$jobs" -trimpath \
        -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" -o "$KPL_KIND_BIN/helm" helm.sh/helm/v3/cmd/helm
}

build_registry() {
    cd "$(fresh registry)"
    cp "$kpl_registry_src/main.go" "$kpl_registry_src/go.mod" "$kpl_registry_src/go.sum" .
    [ "$(go list -m -f '{{.Version}}' github.com/google/go-containerregistry)" = "$GGCR_VERSION" ] ||
        fail "registry: scripts/bench/registry/go.mod requires another go-containerregistry than GGCR_VERSION=$GGCR_VERSION"
    run "$1" go build -mod=readonly -p "$jobs" -trimpath -ldflags "-s -w" -o "$KPL_KIND_BIN/$(kpl_registry_binary)" .
    # binaries of earlier sources
    find "$KPL_KIND_BIN" -maxdepth 1 -name 'kpl-registry-*' ! -name "$(kpl_registry_binary)" -delete
}

total=$SECONDS
wanted=${*:-pause kind kubernetes etcd coredns kube-router registry}
for c in $wanted; do
    case $c in
        pause) component pause "$PAUSE_TAG" build_pause pause ;;
        kind) component kind "$KIND_VERSION" build_kind kind ;;
        kubernetes) component kubernetes "$K8S_VERSION" build_k8s "${k8s_cmds[@]}" ;;
        etcd) component etcd "$ETCD_VERSION" build_etcd etcd ;;
        coredns) component coredns "$COREDNS_VERSION" build_coredns coredns ;;
        kube-router) component kube-router "$KUBE_ROUTER_VERSION" build_kube_router kube-router ;;
        helm) component helm "$HELM_VERSION" build_helm helm ;;
        registry) component registry "$GGCR_VERSION" build_registry "$(kpl_registry_binary)" ;;
        *) fail "unknown component $c (pause kind kubernetes etcd coredns kube-router registry helm)" ;;
    esac
done
echo "kind build: $wanted ready in $((SECONDS - total)) s ($KPL_KIND_BIN)"
