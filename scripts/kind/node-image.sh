#!/usr/bin/env bash
# Builds the offline kind node image and the images the lab's pods and chart use, in the lab's private Docker daemon
# (dockerd.sh), with nothing pulled from any registry:
#   1. two Debian bookworm rootfs tarballs by mmdebstrap (the node; a small one with iptables/ipset for kube-proxy and
#      kube-router), from the Debian mirror apt is configured with;
#   2. the node's base image from node/Dockerfile (kind's own node files, read from the sigs.k8s.io/kind module);
#   3. one image per component under the exact reference kubeadm asks for (`kubeadm config images list`), plus the
#      pod network (kube-router) and the stand-ins of the lab's pod and chart images (standins/);
#   4. the node image, assembled as kind's own builder does (pkg/build/nodeimage/buildcontext.go): run the base image,
#      copy kubeadm/kubelet/kubectl in, write /kind/version and the CNI manifest, start containerd, `docker save | ctr
#      images import` every image, stop containerd, commit. Unlike kind's builder (`--no-unpack`), the images are
#      unpacked here and their layer blobs dropped: kind's own images are small, ours (kube-proxy and kube-router on
#      a Debian rootfs, about 200 MB each) took a fresh node 20 s of unpacking before it turned Ready.
# Every image carries a label with the hash of what it is made of; an image whose label matches is kept (cached).
#
#   bash scripts/kind/node-image.sh          prints one line per image: built or cached, seconds
#   bash scripts/kind/node-image.sh --bare   the same, and the node image holds only Kubernetes' own images, under
#                                            $NODE_IMAGE:$K8S_VERSION-bare: like kindest/node, no chart image baked in,
#                                            so a node pulls it (npm run bench:up, through its Docker Hub stand-in);
#                                            its containerd reads /etc/containerd/certs.d (config_path), so the
#                                            stand-in's hosts.toml needs no containerdConfigPatches (whose containerd
#                                            restart would slow the benchmark's kind create, a cost no user pays)
# Needs: build-binaries.sh done, the private dockerd running (DOCKER_HOST from `dockerd.sh env`), mmdebstrap, jq.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bare=false
case ${1:-} in
    --bare) bare=true ;;
    "") ;;
    *) echo "usage: node-image.sh [--bare]" >&2; exit 2 ;;
esac
# shellcheck source=pins.sh
. "$here/pins.sh"
# shellcheck source=../apt-install.sh
. "$here/../apt-install.sh"
# shellcheck source=../go-modules.sh
. "$here/../go-modules.sh"
eval "$(bash "$here/dockerd.sh" env)"
export DOCKER_HOST DOCKER_BUILDKIT=0

fail() { echo "node image: FAILED: $*" >&2; exit 1; }
docker info >/dev/null 2>&1 </dev/null || fail "the lab's Docker daemon does not answer at $DOCKER_HOST: bash scripts/kind/dockerd.sh start"
work="$KPL_KIND_CACHE/work/images"
mkdir -p "$work"
LABEL=io.kind-pause-lab.inputs

# quiet CMD...: run with its output kept back, shown only when it fails (the legacy builder's deprecation banner is noise)
quiet() {
    local out rc=0
    out=$("$@" 2>&1) || rc=$?
    [ "$rc" = 0 ] || { printf '%s\n' "$out" | tail -n 30 >&2; echo "node image: command failed: $*" >&2; }
    return "$rc"
}
# hash_of FILE...: one short hash of files' contents (inputs of an image)
hash_of() { cat "$@" | sha256sum | cut -c1-16; }
# cached IMAGE HASH: the image exists and was made of these inputs
cached() { [ "$(docker image inspect -f "{{index .Config.Labels \"$LABEL\"}}" "$1" 2>/dev/null)" = "$2" ]; }
# image NAME HASH FN ARGS...: build with FN unless cached; one line either way
image() {
    local name=$1 hash=$2 fn=$3 start=$SECONDS rc; shift 3
    if cached "$name" "$hash"; then printf 'node image: %-58s cached\n' "$name"; return; fi
    # Not `"$fn" ... || fail`: bash ignores set -e inside a command whose status || tests, so a failing step of the
    # builder went unnoticed. The builder runs in a subshell of its own, where set -e holds.
    set +e
    (
        set -e
        "$fn" "$name" "$hash" "$@"
    )
    rc=$?
    set -e
    [ "$rc" -eq 0 ] || fail "$name"
    cached "$name" "$hash" || fail "$name: built, but the image does not carry label $LABEL=$hash"
    printf 'node image: %-58s built  %4d s\n' "$name" $((SECONDS - start))
}

# --- 1. rootfs tarballs ------------------------------------------------------------------------------------------
# Packages of kind's images/base/Dockerfile that Debian has (kind builds containerd, runc, crictl and the CNI
# plugins itself: here they are Debian's, crictl from its Go module), minus the storage extras the lab does not use.
node_packages=systemd,conntrack,iptables,nftables,iproute2,ethtool,util-linux,mount,kmod,libseccomp2,bash,ca-certificates,curl,jq,procps,containerd,runc,containernetworking-plugins
net_packages=iptables,ipset,conntrack,iproute2,kmod,ca-certificates
# What kube-proxy and kube-router never run (perl, dpkg's and apt's state, time zones, charset modules): about 5,500
# of the net rootfs' 7,000 files. Every file of an image unpacked into the node image is copied once more into each
# node's /var volume when kind creates the node, and Docker copies many small files slowly.
net_prune='usr/share/perl usr/share/perl5 usr/lib/x86_64-linux-gnu/perl usr/lib/x86_64-linux-gnu/perl-base usr/share/zoneinfo
    usr/lib/x86_64-linux-gnu/gconv var/lib/dpkg/info var/lib/apt var/cache/apt usr/share/bash-completion usr/share/lintian'
rootfs() { # rootfs NAME PACKAGES [PRUNE [VARIANT]]: $work/NAME.tar, made once per package list, prune list and variant
    local out mirror log start=$SECONDS hook=() variant=${4:-minbase}
    out="$work/$1-$(echo "$2 ${3-}${4:+ $4}" | sha256sum | cut -c1-12).tar"
    # shellcheck disable=SC2016  # $1 is mmdebstrap's: the root directory the hook gets
    [ -z "${3-}" ] || hook=(--customize-hook="cd \"\$1\" && rm -rf $(echo "$3" | tr -s ' \n' ' ')")
    if [ ! -s "$out" ]; then
        command -v mmdebstrap >/dev/null || apt_install mmdebstrap
        mirror=$(debian_mirror)
        log="$out.log"
        nice mmdebstrap --variant="$variant" --include="$2" --aptopt='APT::Install-Recommends "false"' \
            --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
            --dpkgopt='path-exclude=/usr/share/locale/*' "${hook[@]}" \
            bookworm "${out%.tar}.partial.tar" "$mirror" >"$log" 2>&1 || fail "mmdebstrap $1 from $mirror: $(tail -n 3 "$log" | tr '\n' ' ')"
        mv "${out%.tar}.partial.tar" "$out"
        echo "node image: rootfs $1 (bookworm, mmdebstrap) built in $((SECONDS - start)) s" >&2
    fi
    echo "$out"
}
node_rootfs=$(rootfs node "$node_packages")
net_rootfs=$(rootfs net "$net_packages" "$net_prune")

bin=$KPL_KIND_BIN
for b in kubeadm kubelet kubectl kube-apiserver kube-controller-manager kube-scheduler kube-proxy etcd coredns kube-router pause; do
    [ -x "$bin/$b" ] || fail "$bin/$b is missing: bash scripts/kind/build-binaries.sh"
done
crictl="$KPL_CACHE_DIR/bin/crictl-$CRICTL_VERSION/crictl"
[ -x "$crictl" ] || fail "crictl $CRICTL_VERSION is missing: bash scripts/runtime/setup.sh"

# --- 2. the node's base image ------------------------------------------------------------------------------------
kind_dir=$(cd "$work" && modcache_dir sigs.k8s.io/kind "$KIND_VERSION")
[ -d "$kind_dir/images/base/files" ] || fail "kind $KIND_VERSION module has no images/base/files ($kind_dir)"
PAUSE_IMAGE=registry.k8s.io/pause:$PAUSE_TAG
BASE_IMAGE=kind-pause-lab/node-base:bookworm
build_base() {
    local ctx="$work/base-ctx"
    rm -rf "$ctx"; mkdir -p "$ctx"
    ln "$node_rootfs" "$ctx/rootfs.tar" 2>/dev/null || cp "$node_rootfs" "$ctx/rootfs.tar"
    cp -r "$kind_dir/images/base/files" "$ctx/kind-files"
    chmod -R u+w "$ctx/kind-files"
    cp "$crictl" "$ctx/crictl"
    cp "$here/node/Dockerfile" "$ctx/Dockerfile"
    quiet docker build --network none --build-arg "PAUSE_IMAGE=$PAUSE_IMAGE" --label "$LABEL=$2" -t "$1" "$ctx"
    rm -rf "$ctx"
}
base_hash=$(hash_of "$node_rootfs" "$here/node/Dockerfile" "$crictl" <(find "$kind_dir/images/base/files" -type f -exec cat {} +) <(echo "$PAUSE_IMAGE"))
image "$BASE_IMAGE" "$base_hash" build_base

# --- 3. component, network and stand-in images -------------------------------------------------------------------
# import_static NAME HASH ENTRYPOINT_JSON FILE:PATH...: an image holding only the named static binaries
import_static() {
    local name=$1 hash=$2 entrypoint=$3 dir; shift 3
    dir=$(mktemp -d "$work/rootfs.XXXXXX")
    local spec
    for spec in "$@"; do install -D -m 0755 "${spec%%:*}" "$dir/${spec#*:}"; done
    mkdir -p "$dir/tmp" "$dir/etc"; chmod 1777 "$dir/tmp"
    printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n' >"$dir/etc/passwd"
    printf 'root:x:0:\nnobody:x:65534:\n' >"$dir/etc/group"
    tar -C "$dir" -c . | docker import --change "ENTRYPOINT $entrypoint" \
        --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' --change "LABEL $LABEL=$hash" - "$name" >/dev/null
    rm -rf "$dir"
}
# on_net NAME HASH BINARY ENTRYPOINT_JSON: the bookworm iptables/ipset rootfs plus one binary
NET_IMAGE=kind-pause-lab/netbase:bookworm
import_net() { docker import --change "LABEL $LABEL=$2" "$net_rootfs" "$1" >/dev/null; }
image "$NET_IMAGE" "$(hash_of "$net_rootfs")" import_net
on_net() {
    local ctx
    ctx=$(mktemp -d "$work/ctx.XXXXXX")
    cp "$3" "$ctx/"
    printf 'FROM %s\nCOPY %s /usr/local/bin/\nENTRYPOINT %s\nLABEL %s=%s\n' "$NET_IMAGE" "$(basename "$3")" "$4" "$LABEL" "$2" >"$ctx/Dockerfile"
    quiet docker build --network none -t "$1" "$ctx"
    rm -rf "$ctx"
}

mapfile -t kubeadm_images < <("$bin/kubeadm" config images list --kubernetes-version "$K8S_VERSION" 2>/dev/null)
[ "${#kubeadm_images[@]}" -ge 7 ] || fail "kubeadm config images list gave ${#kubeadm_images[*]} images: ${kubeadm_images[*]}"
component_images=()
for ref in "${kubeadm_images[@]}"; do
    case $ref in
        registry.k8s.io/kube-proxy:*)
            image "$ref" "$(hash_of "$net_rootfs" "$bin/kube-proxy")" on_net "$bin/kube-proxy" '["/usr/local/bin/kube-proxy"]' ;;
        registry.k8s.io/kube-*:*)
            c=${ref#registry.k8s.io/}; c=${c%%:*}
            image "$ref" "$(hash_of "$bin/$c")" import_static "[\"/usr/local/bin/$c\"]" "$bin/$c:usr/local/bin/$c" ;;
        registry.k8s.io/etcd:*)
            [ "$ref" = "registry.k8s.io/etcd:$ETCD_TAG" ] || fail "kubeadm asks for $ref; versions.env builds etcd $ETCD_TAG"
            image "$ref" "$(hash_of "$bin/etcd")" import_static '["/usr/local/bin/etcd"]' "$bin/etcd:usr/local/bin/etcd" ;;
        registry.k8s.io/coredns/coredns:*)
            [ "$ref" = "registry.k8s.io/coredns/coredns:$COREDNS_VERSION" ] || fail "kubeadm asks for $ref; versions.env builds coredns $COREDNS_VERSION"
            image "$ref" "$(hash_of "$bin/coredns")" import_static '["/coredns"]' "$bin/coredns:coredns" ;;
        registry.k8s.io/pause:*)
            [ "$ref" = "$PAUSE_IMAGE" ] || fail "kubeadm asks for $ref; versions.env builds pause $PAUSE_TAG"
            image "$ref" "$(hash_of "$bin/pause")" import_static '["/pause"]' "$bin/pause:pause" ;;
        *) fail "kubeadm asks for an image this script does not build: $ref" ;;
    esac
    component_images+=("$ref")
done
CNI_IMAGE=kind-pause-lab/kube-router:$KUBE_ROUTER_VERSION
image "$CNI_IMAGE" "$(hash_of "$net_rootfs" "$bin/kube-router")" on_net "$bin/kube-router" '["/usr/local/bin/kube-router"]'

# Stand-ins for the images the lab's pods and the kube-ops-view chart name, under their exact references (standins/
# README.md): the real programs where Debian has them, labelled io.kind-pause-lab.stand-in.
#   nginx          Debian bookworm's nginx package on a bookworm rootfs, run as the official image runs it
#   netshoot       a bookworm rootfs with bash, curl, iproute2 and procps
#   kube-ops-view  standins/kube-ops-view/main.go, a static Go program that lists the nodes and pods its ServiceAccount
#                  may read (the chart's RBAC), plus busybox for a shell; nothing in it writes to the root filesystem
# The Debian rootfs of a stand-in is bookworm's Essential set plus its packages (no apt), less what the programs never
# run: perl (usrmerge's), time zones, charset modules, dpkg's and apt's state.
standins=$here/standins
standin_prune="$net_prune usr/lib/x86_64-linux-gnu/libperl.so* usr/bin/perl usr/bin/perl5* var/cache/debconf usr/share/info"
nginx_rootfs=$(rootfs standin-nginx nginx "$standin_prune" essential)
netshoot_rootfs=$(rootfs standin-netshoot bash,curl,iproute2,procps "$standin_prune" essential)
# shellcheck source=../find-go.sh
. "$here/../find-go.sh"
command -v go >/dev/null || fail "'go' is not on PATH (nor in /usr/local/go/bin): it builds the kube-ops-view stand-in"
busybox=$(command -v busybox) || fail "busybox is missing (Debian's busybox-static): bash scripts/kind/setup.sh"
kov_src=("$standins/kube-ops-view/go.mod" "$standins/kube-ops-view/main.go")
standin_hash() { # standin_hash ROLE: what the role's image is made of
    case $1 in
        nginx) hash_of "$nginx_rootfs" "$standins/files/docker-entrypoint.sh" "$standins/nginx/"* <(echo "$1") ;;
        netshoot) hash_of "$netshoot_rootfs" <(echo "$1") ;;
        kube-ops-view) hash_of "${kov_src[@]}" "$busybox" <(go version) <(echo "$1") ;;
        *) fail "standins/images.txt names an unknown role: $1" ;;
    esac
}
# standin_ROLE DIR: DIR/rootfs.tar and the role's lines of DIR/Dockerfile
standin_nginx() { # the rootfs plus the official image's logging, site and entrypoint
    local r=$1/rootfs
    mkdir "$r" && tar -C "$r" -xf "$nginx_rootfs"
    # as the official image: logs to the container's stdout and stderr, one site on port 80 from /usr/share/nginx/html
    ln -sf /dev/stdout "$r/var/log/nginx/access.log"
    ln -sf /dev/stderr "$r/var/log/nginx/error.log"
    rm -f "$r/etc/nginx/sites-enabled/default"
    install -m 0644 "$standins/nginx/default.conf" "$r/etc/nginx/conf.d/default.conf"
    install -m 0644 "$standins/nginx/index.html" "$r/usr/share/nginx/html/index.html"
    install -m 0755 "$standins/files/docker-entrypoint.sh" "$r/docker-entrypoint.sh"
    tar -C "$r" -cf "$1/rootfs.tar" . && rm -rf "$r"
    # the official image's EXPOSE, STOPSIGNAL, ENTRYPOINT and CMD; Debian's nginx.conf runs the workers as www-data
    printf '%s\n' 'EXPOSE 80' 'STOPSIGNAL SIGQUIT' 'ENTRYPOINT ["/docker-entrypoint.sh"]' 'CMD ["nginx", "-g", "daemon off;"]' \
        'LABEL io.kind-pause-lab.stand-in="nginx: Debian bookworm nginx package (kind-pause-lab offline stand-in, not the official image)"' >>"$1/Dockerfile"
}
standin_netshoot() {
    ln "$netshoot_rootfs" "$1/rootfs.tar" 2>/dev/null || cp "$netshoot_rootfs" "$1/rootfs.tar"
    # netshoot's CMD is zsh; bash is this stand-in's shell
    printf '%s\n' 'CMD ["bash"]' \
        'LABEL io.kind-pause-lab.stand-in="nicolaka/netshoot: Debian bookworm bash, curl, iproute2, procps (kind-pause-lab offline stand-in)"' >>"$1/Dockerfile"
}
standin_kube_ops_view() {
    local r=$1/rootfs applet
    mkdir -p "$r/bin" "$r/etc" "$r/tmp"
    chmod 1777 "$r/tmp"
    (cd "$standins/kube-ops-view" && CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-buildvcs=false \
        go build -trimpath -ldflags '-s -w' -o "$r/kube-ops-view" .)
    install -m 0755 "$busybox" "$r/bin/busybox"
    for applet in $("$busybox" --list); do [ -e "$r/bin/$applet" ] || ln -s busybox "$r/bin/$applet"; done
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$r/etc/passwd"
    printf 'root:x:0:\nnobody:x:65534:\n' >"$r/etc/group"
    tar -C "$r" -cf "$1/rootfs.tar" . && rm -rf "$r"
    # the real image: EXPOSE 8080, its program as ENTRYPOINT (python3 -m kube_ops_view there)
    printf '%s\n' 'EXPOSE 8080' 'ENTRYPOINT ["/kube-ops-view"]' \
        'LABEL io.kind-pause-lab.stand-in="hjacobs/kube-ops-view: a Go program listing nodes and pods (kind-pause-lab offline stand-in)"' >>"$1/Dockerfile"
}
build_standin() { # build_standin NAME HASH ROLE
    local ctx same
    # a second reference of a role (nginx:alpine, nginx:latest) is the same image
    same=$(docker images -q --filter "label=$LABEL=$2" | head -n 1)
    if [ -n "$same" ]; then docker tag "$same" "$1"; return; fi
    ctx=$(mktemp -d "$work/standin.XXXXXX")
    printf '%s\n' 'FROM scratch' 'ADD rootfs.tar /' 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' >"$ctx/Dockerfile"
    "standin_${3//-/_}" "$ctx"
    printf 'LABEL %s=%s\n' "$LABEL" "$2" >>"$ctx/Dockerfile"
    quiet docker build --network none -t "$1" "$ctx"
    rm -rf "$ctx"
}
# images.txt: REFERENCE ROLE WHERE; WHERE = preload (the lab's preload command loads it, as on a laptop) or node (in
# the node image: the kube-ops-view chart's image, which the stack does not preload)
node_standins=()
while read -r ref role where; do
    image "$ref" "$(standin_hash "$role")" build_standin "$role"
    [ "$where" != node ] || [ "$bare" = true ] || node_standins+=("$ref")
done < "$here/standins/images.txt"

# --- 4. the node image ---------------------------------------------------------------------------------------------
NODE_REF="$NODE_IMAGE:$K8S_VERSION"
[ "$bare" = false ] || NODE_REF="$NODE_REF-bare"
cni_manifest="$here/node/default-cni.yaml"
node_hash=$(hash_of <(echo "$base_hash" "$bare") "$bin/kubeadm" "$bin/kubelet" "$bin/kubectl" "$cni_manifest" "$0" \
    <(for ref in "${component_images[@]}" "$CNI_IMAGE" ${node_standins[@]+"${node_standins[@]}"}; do docker image inspect -f '{{.Id}}' "$ref"; done))
build_node() {
    local c
    # containerd unpacks into a volume (its overlayfs snapshots cannot sit on the container's own overlay) and the
    # result is copied into the image below
    c=$(docker run -d --privileged --entrypoint=sleep -v /var/lib/containerd-unpack "$BASE_IMAGE" infinity)
    # shellcheck disable=SC2064  # the id is known now
    trap "docker rm -f -v $c >/dev/null 2>&1 || true" RETURN
    for b in kubeadm kubelet kubectl; do docker cp "$bin/$b" "$c:/usr/bin/$b"; done
    echo "$K8S_VERSION" | docker exec -i "$c" sh -c 'cat > /kind/version'
    sed "s#@CNI_IMAGE@#$CNI_IMAGE#g" "$cni_manifest" | docker exec -i "$c" sh -c 'mkdir -p /kind/manifests && cat > /kind/manifests/default-cni.yaml'
    if [ "$bare" = true ]; then
        docker exec "$c" sh -c 'grep -q "config_path" /etc/containerd/config.toml ||
            printf "\n# node-image.sh --bare: containerd reads /etc/containerd/certs.d/HOST/hosts.toml\n[plugins.\"io.containerd.grpc.v1.cri\".registry]\n  config_path = \"/etc/containerd/certs.d\"\n" >>/etc/containerd/config.toml'
    fi
    docker exec "$c" sh -c 'nohup containerd --root /var/lib/containerd-unpack >/tmp/containerd.log 2>&1 &'
    for _ in $(seq 1 50); do docker exec "$c" ctr version >/dev/null 2>&1 && break; sleep 0.2; done
    docker save "${component_images[@]}" "$CNI_IMAGE" ${node_standins[@]+"${node_standins[@]}"} |
        docker exec -i "$c" ctr --namespace=k8s.io images import --digests - >/dev/null
    local listed missing=()
    listed=$(docker exec "$c" ctr --namespace=k8s.io images ls -q)
    for ref in "${component_images[@]}" "docker.io/$CNI_IMAGE" ${node_standins[@]+"${node_standins[@]}"}; do grep -qxF "$ref" <<<"$listed" || missing+=("$ref"); done
    [ ${#missing[@]} -eq 0 ] || { echo "not in the node's containerd after import: ${missing[*]}" >&2; return 1; }
    # The layers are unpacked into snapshots, so their blobs are only copies: dropped as containerd's own
    # discard_unpacked_layers drops them after a pull (kind's node config sets it), halving what each node copies.
    docker exec "$c" sh -c 'for m in $(ctr -n k8s.io images ls | awk "NR > 1 { print \$3 }" | sort -u); do
        ctr -n k8s.io content get "$m" | jq -r ".layers[]?.digest"; done | sort -u | xargs -r ctr -n k8s.io content rm >/dev/null'
    # `content rm` drops a blob from containerd's metadata at once, its file only at the next garbage collection, which
    # may not come before containerd stops (a 102 MB layer stayed in one build): files the metadata no longer names go.
    local kept
    kept=$(docker exec "$c" ctr -n k8s.io content ls -q)
    grep -q '^sha256:' <<<"$kept" || { echo "ctr content ls named no blob" >&2; return 1; }
    docker exec "$c" pkill containerd
    # (the container's PID 1, sleep, reaps no child: a stopped containerd stays as a zombie, which pgrep would count)
    local stopped='! ps -C containerd -o stat= | grep -qv "^Z"'
    for _ in $(seq 1 50); do docker exec "$c" sh -c "$stopped" && break; sleep 0.2; done
    docker exec "$c" sh -c "$stopped" || { echo "containerd in the build container did not stop" >&2; return 1; }
    docker exec -i "$c" sh -c 'cat >/tmp/kept && cd /var/lib/containerd-unpack/io.containerd.content.v1.content/blobs/sha256 &&
        for f in *; do grep -qxF "sha256:$f" /tmp/kept || rm -f "$f"; done' <<<"$kept"
    # overlayfs whiteouts (character devices 0/0) would turn into Docker's own whiteouts on commit: none may be there
    docker exec "$c" sh -c '! find /var/lib/containerd-unpack -type c -exec stat -c "%t:%T" {} + | grep -qx 0:0 && cp -a /var/lib/containerd-unpack/. /var/lib/containerd/' ||
        { echo "unpacked images hold whiteouts, or copying them failed" >&2; return 1; }
    docker commit --change 'ENTRYPOINT [ "/usr/local/bin/entrypoint", "/sbin/init" ]' --change 'CMD []' \
        --change "LABEL $LABEL=$2" "$c" "$1" >/dev/null
}
image "$NODE_REF" "$node_hash" build_node
# an image rebuilt under the same reference leaves its old version dangling; the daemon is the lab's own
docker image prune -f >/dev/null
echo "node image: $NODE_REF ready ($(docker image inspect -f '{{.Size}}' "$NODE_REF" | awk '{printf "%.0f MB", $1/1e6}'))"
