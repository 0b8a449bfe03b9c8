#!/usr/bin/env bash
# The stand-in for Docker Hub on this machine (README.md): kpl-registry (main.go, go-containerregistry's registry) in
# a container of the lab's Docker daemon, holding the lab's images at the real images' compressed sizes and serving
# blobs at a capped bandwidth. kind nodes reach it on the `kind` network as http://NAME:5000 (a hosts.toml for
# docker.io, as kind's "local registry" guide does); the host's Docker daemon reaches it as a registry mirror at
# http://127.0.0.1:PORT.
#
#   registry.sh start [--bandwidth RATE] [--images REF,...]   start it and push the images of images.txt (or those
#                                          named); prints the "simulated Docker Hub: ..." line
#   registry.sh stop                       remove what start and configure-* made: container, image, network, the
#                                          nodes' hosts.toml, the host daemon's mirror, the state files
#   registry.sh status                     exit 0 when it answers; prints the "simulated Docker Hub: ..." line
#   registry.sh configure-node [--patch-config] NODE...
#                                          write /etc/containerd/certs.d/docker.io/hosts.toml in each node and attach
#                                          the registry to the node's networks; exit 3 when the node's containerd has no
#                                          registry config_path (it would ignore hosts.toml), unless --patch-config adds
#                                          it to config.toml and restarts containerd
#   registry.sh configure-host             make the lab's Docker daemon pull docker.io through it: its daemon.json gets
#                                          registry-mirrors, applied by SIGHUP (a live reload: no restart, no container
#                                          stops); stop takes it out again
#   registry.sh env                        KPL_REGISTRY_* lines (eval-able) and the mirror setting for a daemon
#   registry.sh kind-patch                 the kind config lines (containerdConfigPatches) that give new nodes config_path
#   registry.sh push IMAGE REF BYTES       push one more local IMAGE as the Docker Hub REF, padded to BYTES
#   registry.sh logs                       the request log (one line per request: method, path, status, bytes, ms)
#
# Environment: KPL_REGISTRY_NAME (container and DNS name, default kpl-registry), KPL_REGISTRY_PORT (host port on
# 127.0.0.1, default 5001), KPL_REGISTRY_BANDWIDTH (default 100mbit), DOCKER_HOST (default: the lab's daemon,
# scripts/kind/dockerd.sh), KPL_DOCKER_RUN_DIR (as dockerd.sh). The binary is built by scripts/kind/build-binaries.sh
# (npm run setup:test) into the kind cache.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kind_dir="$here/../../kind"
# shellcheck source=../../find-go.sh
. "$here/../../find-go.sh"
# shellcheck source=../../kind/pins.sh
. "$kind_dir/pins.sh"
# shellcheck source=binary.sh
. "$here/binary.sh"

NAME=${KPL_REGISTRY_NAME:-kpl-registry}
PORT=${KPL_REGISTRY_PORT:-5001}
BANDWIDTH=${KPL_REGISTRY_BANDWIDTH:-100mbit}
run_dir=${KPL_DOCKER_RUN_DIR:-/run/kind-pause-lab}
state="$run_dir/registry-$NAME"
network="$NAME-net"
label="kind-pause-lab.registry=$NAME"
bin="$KPL_KIND_BIN/$(kpl_registry_binary)"
image="kpl-registry/$NAME:${bin##*/kpl-registry-}" # the binary alone, tagged by its source hash
work="" # start's and push's temporary directory (the EXIT trap removes it)
host_url="http://127.0.0.1:$PORT"
node_url="http://$NAME:5000"
if [ -z "${DOCKER_HOST:-}" ]; then
    eval "export $(bash "$kind_dir/dockerd.sh" env)"
fi
case "$NAME" in *[!a-z0-9-]* | "") echo "registry: KPL_REGISTRY_NAME must be lowercase letters, digits and -" >&2; exit 2 ;; esac

say() { echo "registry: $*"; }
die() { echo "registry: $*" >&2; exit 1; }
running() { [ "$(docker inspect -f '{{.State.Running}}' "$NAME" 2>/dev/null </dev/null)" = true ]; }
answers() { "$bin" summary --registry "127.0.0.1:$PORT" 2>/dev/null; }
need_binary() {
    [ -x "$bin" ] || die "the registry binary is not built ($bin); set it up with: npm run setup:test (or: bash scripts/kind/build-binaries.sh registry)"
}
need_docker() {
    timeout 10 docker info >/dev/null 2>&1 </dev/null ||
        die "the lab's Docker daemon does not answer ($DOCKER_HOST): bash scripts/kind/dockerd.sh start (npm run setup:test sets it up)"
}

# push_one LOCAL_IMAGE REF BYTES WORKDIR
push_one() {
    local archive="$4/image.tar"
    docker image inspect "$1" >/dev/null 2>&1 </dev/null ||
        die "no local image $1 to stand in for $2 (the offline stand-ins: npm run setup:test)"
    docker save "$1" -o "$archive" </dev/null
    "$bin" push --registry "127.0.0.1:$PORT" --from "$archive" --as "$2" --pad-to "$3" | sed 's/^/registry: /'
    rm -f "$archive"
}

start() {
    local images="" ref src bytes
    while [ $# -gt 0 ]; do
        case $1 in
            --bandwidth) BANDWIDTH=${2:?--bandwidth needs a value}; shift ;;
            --images) images=${2:?--images needs REF,...}; shift ;;
            *) die "start: unknown argument $1 (start [--bandwidth RATE] [--images REF,...])" ;;
        esac
        shift
    done
    for ref in ${images//,/ }; do
        awk -v r="$ref" '$1 == r { found = 1 } END { exit !found }' "$here/images.txt" || die "start: $ref is not in images.txt (push other images with: registry.sh push)"
    done
    need_binary
    need_docker
    if running && answers >/dev/null; then
        say "$NAME already runs"
        answers
        return
    fi
    stop >/dev/null
    mkdir -p "$state"
    work=$(mktemp -d "${TMPDIR:-/tmp}/kpl-registry.XXXXXX")
    # a failure half-way leaves nothing behind either
    trap 'rm -rf "$work"; stop >/dev/null 2>&1 || true' EXIT
    # the image: the static binary alone, imported (nothing is pulled)
    mkdir -p "$work/rootfs"
    cp "$bin" "$work/rootfs/kpl-registry"
    tar -C "$work/rootfs" -cf - . | docker import --change 'ENTRYPOINT ["/kpl-registry"]' --change "LABEL $label" - "$image" >/dev/null
    rm -rf "$work/rootfs"
    # its own network for the host's published port (so it runs before any kind network exists), plus `kind` if there
    docker network inspect "$network" >/dev/null 2>&1 </dev/null || docker network create --label "$label" "$network" >/dev/null
    docker run -d --name "$NAME" --label "$label" --network "$network" -p "127.0.0.1:$PORT:5000" "$image" \
        serve --addr :5000 --bandwidth "$BANDWIDTH" >/dev/null </dev/null
    if docker network inspect kind >/dev/null 2>&1 </dev/null; then docker network connect kind "$NAME" </dev/null; fi
    for _ in $(seq 1 50); do
        answers >/dev/null && break
        running || die "the registry container exited: $(docker logs "$NAME" 2>&1 | tail -n 3 | tr '\n' ' ')"
        sleep 0.2
    done
    answers >/dev/null || die "the registry did not answer on $host_url within 10 s: $(docker logs "$NAME" 2>&1 | tail -n 3 | tr '\n' ' ')"
    while read -r ref src bytes; do
        case $ref in '#'* | '') continue ;; esac
        if [ -n "$images" ]; then
            case ",$images," in *",$ref,"*) ;; *) continue ;; esac
        fi
        push_one "$src" "$ref" "$bytes" "$work"
    done <"$here/images.txt"
    rm -rf "$work"
    trap - EXIT
    say "$NAME serves $host_url (host) and $node_url (kind network)"
    answers
}

# unconfigure_nodes: remove the hosts.toml configure-node wrote, from the nodes still there
unconfigure_nodes() {
    local node dir
    [ -f "$state/nodes" ] || return 0
    while read -r node dir; do
        docker inspect "$node" >/dev/null 2>&1 </dev/null || continue
        docker exec "$node" sh -c "grep -q 'kind-pause-lab registry $NAME' '$dir/docker.io/hosts.toml' 2>/dev/null && rm -f '$dir/docker.io/hosts.toml'; rmdir '$dir/docker.io' 2>/dev/null || true" </dev/null || true
    done <"$state/nodes"
}

# daemon_config: the lab daemon's --config-file, when DOCKER_HOST is that daemon (dockerd.sh's files)
daemon_config() {
    if [ "$DOCKER_HOST" != "unix://$run_dir/docker.sock" ] || [ ! -f "$run_dir/daemon.json" ] || [ ! -f "$run_dir/dockerd.pid" ]; then
        die "configure-host works on the lab's Docker daemon (scripts/kind/dockerd.sh, unix://$run_dir/docker.sock); DOCKER_HOST is $DOCKER_HOST: give that daemon registry-mirrors [\"$host_url\"] yourself"
    fi
    echo "$run_dir/daemon.json"
}

# reload_daemon: SIGHUP to the lab daemon (it rereads daemon.json; registry-mirrors is one of the live-reloadable keys)
reload_daemon() {
    kill -HUP "$(cat "$run_dir/dockerd.pid")"
}

mirrors() { docker info --format '{{json .RegistryConfig.Mirrors}}' </dev/null 2>/dev/null; }

unconfigure_host() {
    local cfg="$run_dir/daemon.json" host_url
    [ -f "$state/host-mirror" ] || return 0
    host_url=$(cat "$state/host-mirror") # the URL configure-host set (the port may differ now)
    if [ -f "$cfg" ] && jq -e --arg u "$host_url/" '(."registry-mirrors" // []) | index($u)' "$cfg" >/dev/null 2>&1; then
        # a reload applies only the keys the file names: an absent registry-mirrors would keep the mirror, so reload
        # with the list minus ours, then leave the file as dockerd.sh wrote it when that list is empty
        jq --arg u "$host_url/" '."registry-mirrors" -= [$u]' "$cfg" >"$cfg.kpl-tmp" && mv "$cfg.kpl-tmp" "$cfg"
        if [ -f "$run_dir/dockerd.pid" ] && kill -HUP "$(cat "$run_dir/dockerd.pid")" 2>/dev/null; then
            for _ in $(seq 1 25); do
                mirrors | grep -qF "$host_url" || break
                sleep 0.2
            done
            if mirrors | grep -qF "$host_url"; then
                echo "registry: the lab's Docker daemon still lists the mirror $host_url after a reload (docker info); restart it: bash scripts/kind/dockerd.sh stop && bash scripts/kind/dockerd.sh start" >&2
            fi
        fi
        # byte for byte as it was when it had no mirrors and nothing else changed it meanwhile
        local orig="$state/daemon.json.orig"
        if [ -f "$orig" ] && ! jq -e 'has("registry-mirrors")' "$orig" >/dev/null &&
            [ "$(jq -S 'del(."registry-mirrors")' "$cfg")" = "$(jq -S . "$orig")" ]; then
            cp "$orig" "$cfg"
        else
            jq 'if ."registry-mirrors" == [] then del(."registry-mirrors") else . end' "$cfg" >"$cfg.kpl-tmp" && mv "$cfg.kpl-tmp" "$cfg"
        fi
    fi
    rm -f "$state/host-mirror" "$state/daemon.json.orig"
}

stop() {
    local ids
    if [ -d "$state" ]; then
        unconfigure_nodes
        unconfigure_host
    fi
    docker rm -f "$NAME" >/dev/null 2>&1 </dev/null || true
    if docker network inspect "$network" >/dev/null 2>&1 </dev/null; then docker network rm "$network" >/dev/null </dev/null; fi
    ids=$(docker image ls -q --filter "label=$label" </dev/null | sort -u)
    # shellcheck disable=SC2086  # a list of image IDs
    [ -z "$ids" ] || docker image rm -f $ids >/dev/null </dev/null
    rm -rf "$state"
    say "$NAME stopped: no container, image, network or state left"
}

status() {
    if running && answers; then return 0; fi
    say "$NAME is not running (start it: bash scripts/bench/registry/registry.sh start)"
    return 1
}

configure_node() {
    local patch=false node dir missing=() net ignored
    while [ $# -gt 0 ]; do
        case $1 in
            --patch-config) patch=true ;;
            -*) die "configure-node: unknown option $1" ;;
            *) break ;;
        esac
        shift
    done
    [ $# -gt 0 ] || die "usage: registry.sh configure-node [--patch-config] NODE..."
    running || die "$NAME is not running: bash scripts/bench/registry/registry.sh start"
    mkdir -p "$state"
    for node in "$@"; do
        docker inspect "$node" >/dev/null 2>&1 </dev/null || die "no node container $node"
        # the registry on every network of the node, so the node resolves NAME through Docker's DNS
        for net in $(docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}' "$node" </dev/null); do
            docker inspect -f "{{if index .NetworkSettings.Networks \"$net\"}}yes{{end}}" "$NAME" </dev/null | grep -q yes ||
                docker network connect "$net" "$NAME" </dev/null
        done
        dir=$(docker exec "$node" containerd config dump </dev/null 2>/dev/null |
            awk '/^[[:space:]]*\[plugins\."io\.containerd\.grpc\.v1\.cri"\.registry\][[:space:]]*$/ { in_reg = 1; next } /^[[:space:]]*\[/ { in_reg = 0 } in_reg && $1 == "config_path" { gsub(/"/, "", $3); print $3 }')
        if [ -z "$dir" ] && [ "$patch" = true ]; then
            docker exec "$node" grep -q '^\[plugins\."io\.containerd\.grpc\.v1\.cri"\.registry\]' /etc/containerd/config.toml </dev/null &&
                die "$node: /etc/containerd/config.toml has a [plugins.\"io.containerd.grpc.v1.cri\".registry] table without config_path; add config_path = \"/etc/containerd/certs.d\" there by hand"
            # containerd 1.6 reads config_path only at start. Restarting it under a busy kubelet can kill a runc
            # mid-update and leave a container's cgroup frozen (cgroup v1): the kubelet is stopped (SIGSTOP) first,
            # in-flight runc calls are let finish, and it continues once containerd answers again.
            docker exec "$node" sh -c '
                systemctl kill -s SIGSTOP kubelet 2>/dev/null
                for _ in $(seq 1 100); do pgrep -x runc >/dev/null || break; sleep 0.1; done
                printf "\n# kind-pause-lab registry: containerd reads /etc/containerd/certs.d/HOST/hosts.toml\n[plugins.\"io.containerd.grpc.v1.cri\".registry]\n  config_path = \"/etc/containerd/certs.d\"\n" >>/etc/containerd/config.toml
                systemctl restart containerd
                for _ in $(seq 1 60); do crictl info >/dev/null 2>&1 && break; sleep 0.5; done
                systemctl kill -s SIGCONT kubelet 2>/dev/null
                crictl info >/dev/null 2>&1' </dev/null || die "$node: containerd did not come back within 30 s after the restart"
            say "$node: added config_path = \"/etc/containerd/certs.d\" to containerd's registry config and restarted containerd"
            dir=/etc/containerd/certs.d
        fi
        ignored=false
        [ -n "$dir" ] || { missing+=("$node"); ignored=true; dir=/etc/containerd/certs.d; }
        docker exec -i "$node" sh -c "mkdir -p '$dir/docker.io' && cat > '$dir/docker.io/hosts.toml'" <<TOML
# kind-pause-lab registry $NAME: the Docker Hub stand-in (scripts/bench/registry); registry.sh stop removes this file
server = "https://registry-1.docker.io"

[host."$node_url"]
  capabilities = ["pull", "resolve"]
TOML
        grep -qx "$node $dir" "$state/nodes" 2>/dev/null || echo "$node $dir" >>"$state/nodes"
        docker exec "$node" curl -fsS -o /dev/null --max-time 5 "$node_url/v2/" </dev/null ||
            die "$node: cannot reach $node_url/v2/ from the node"
        if [ "$ignored" = false ]; then
            say "$node: pulls of docker.io go to $node_url ($dir/docker.io/hosts.toml)"
        else
            say "$node: wrote $dir/docker.io/hosts.toml, which containerd ignores without config_path (below)"
        fi
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "registry: containerd on ${missing[*]} has no registry config_path, so it ignores hosts.toml and would pull from the real Docker Hub: create the cluster with the kind config lines of \`registry.sh kind-patch\` (kind's containerdConfigPatches), or run configure-node --patch-config (adds it and restarts containerd)" >&2
        exit 3
    fi
}

configure_host() {
    local cfg
    running || die "$NAME is not running: bash scripts/bench/registry/registry.sh start"
    cfg=$(daemon_config)
    mkdir -p "$state"
    [ -f "$state/daemon.json.orig" ] || cp "$cfg" "$state/daemon.json.orig"
    jq --arg u "$host_url/" '."registry-mirrors" = (((."registry-mirrors" // []) - [$u]) + [$u])' "$cfg" >"$cfg.kpl-tmp"
    mv "$cfg.kpl-tmp" "$cfg"
    echo "$host_url" >"$state/host-mirror"
    reload_daemon
    for _ in $(seq 1 25); do
        mirrors | grep -qF "$host_url" && { say "the lab's Docker daemon pulls docker.io through $host_url (registry-mirrors, reloaded live; stop takes it out)"; return; }
        sleep 0.2
    done
    die "the daemon did not take registry-mirrors $host_url (docker info shows $(mirrors)); see $KPL_KIND_CACHE/dockerd.log"
}

env_lines() {
    printf 'KPL_REGISTRY_NAME=%q\n' "$NAME"
    printf 'KPL_REGISTRY_HOST_URL=%q\n' "$host_url"
    printf 'KPL_REGISTRY_NODE_URL=%q\n' "$node_url"
    printf 'KPL_REGISTRY_BANDWIDTH=%q\n' "$BANDWIDTH"
    printf 'KPL_REGISTRY_BINARY=%q\n' "$bin"
    # the host daemon's setting: dockerd --registry-mirror=URL, or daemon.json {"registry-mirrors": [URL]}
    printf 'KPL_REGISTRY_MIRROR=%q\n' "$host_url"
    printf 'KPL_REGISTRY_DAEMON_JSON=%q\n' "{\"registry-mirrors\": [\"$host_url\"]}"
}

kind_patch() {
    cat <<'YAML'
containerdConfigPatches:
- |-
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "/etc/containerd/certs.d"
YAML
}

push_more() {
    [ $# = 3 ] || die "usage: registry.sh push LOCAL_IMAGE REF BYTES"
    need_binary
    running || die "$NAME is not running: bash scripts/bench/registry/registry.sh start"
    work=$(mktemp -d "${TMPDIR:-/tmp}/kpl-registry.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    push_one "$1" "$2" "$3" "$work"
}

verb=${1:-}
[ $# -eq 0 ] || shift
case $verb in
    start) start "$@" ;;
    stop) need_docker; stop ;;
    status) status ;;
    configure-node) configure_node "$@" ;;
    configure-host) configure_host ;;
    env) env_lines ;;
    kind-patch) kind_patch ;;
    push) push_more "$@" ;;
    logs) docker logs "$NAME" 2>&1 </dev/null ;;
    *) die "usage: registry.sh start [--bandwidth RATE] [--images REF,...] | stop | status | configure-node [--patch-config] NODE... | configure-host | env | kind-patch | push IMAGE REF BYTES | logs" ;;
esac
