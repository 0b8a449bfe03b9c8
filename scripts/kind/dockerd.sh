#!/usr/bin/env bash
# The lab's own Docker daemon for the offline kind cluster: Debian's dockerd on a private socket, data root, exec root
# and pid file, so a Docker the machine already runs is never touched (and none is needed). Its default OCI runtime is
# runc-wrapper.sh (kind's privileged node containers on machines whose capability bounding set is short).
#
#   bash scripts/kind/dockerd.sh start    start it unless it already answers; prints DOCKER_HOST=unix://...
#   bash scripts/kind/dockerd.sh stop     stop the daemon this script started (SIGTERM, then wait)
#   bash scripts/kind/dockerd.sh env      print DOCKER_HOST=... (nothing is started)
#   bash scripts/kind/dockerd.sh status   exit 0 when the daemon answers
#
# The data root lives in the cache ($KPL_CACHE_DIR/kind/docker): built images (the node image above all) survive
# between runs, so a second setup only checks them. The daemon itself never survives a session: start it again.
# The default bridge is off (--bridge=none): kind makes its own network, and docker0 may belong to another daemon.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=pins.sh
. "$here/pins.sh"

run_dir=${KPL_DOCKER_RUN_DIR:-/run/kind-pause-lab}
sock="$run_dir/docker.sock"
pidfile="$run_dir/dockerd.pid"
data_root="$KPL_KIND_CACHE/docker"
log="$KPL_KIND_CACHE/dockerd.log"
export DOCKER_HOST="unix://$sock"

die() { echo "dockerd: $*" >&2; exit 1; }
answers() { timeout 10 docker info >/dev/null 2>&1 </dev/null; }

start() {
    if answers; then echo "DOCKER_HOST=$DOCKER_HOST"; return; fi
    [ "$(id -u)" = 0 ] || die "start it as root (a Docker daemon)"
    command -v dockerd >/dev/null || die "dockerd is missing: apt-get install docker.io (scripts/kind/setup.sh does)"
    command -v jq >/dev/null || die "jq is missing (the runc wrapper needs it): apt-get install jq"
    mkdir -p "$run_dir" "$data_root" "$KPL_KIND_CACHE"
    # the wrapper is copied beside the data root: the daemon keeps its path while running, the checkout may move
    install -m 0755 "$here/runc-wrapper.sh" "$KPL_KIND_CACHE/kpl-runc"
    cat >"$run_dir/daemon.json" <<JSON
{
  "runtimes": { "kpl-runc": { "path": "$KPL_KIND_CACHE/kpl-runc" } },
  "default-runtime": "kpl-runc",
  "storage-driver": "overlay2",
  "exec-opts": ["native.cgroupdriver=cgroupfs"],
  "features": { "buildkit": false }
}
JSON
    rm -f "$sock"
    setsid dockerd --config-file "$run_dir/daemon.json" -H "$DOCKER_HOST" --data-root "$data_root" \
        --exec-root "$run_dir/exec" --pidfile "$pidfile" --bridge=none >"$log" 2>&1 </dev/null &
    for _ in $(seq 1 60); do
        answers && { echo "DOCKER_HOST=$DOCKER_HOST"; return; }
        kill -0 $! 2>/dev/null || die "dockerd exited at start; last lines of $log: $(tail -n 5 "$log" | tr '\n' ' ')"
        sleep 0.5
    done
    die "dockerd did not answer on $sock within 30 s; see $log"
}

stop() {
    [ -f "$pidfile" ] || return 0
    local pid
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || { rm -f "$pidfile"; return 0; }
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || { echo "dockerd: stopped"; return 0; }
        sleep 0.2
    done
    kill -9 "$pid" 2>/dev/null || true
    echo "dockerd: killed after 20 s"
}

case ${1:-} in
    start) start ;;
    stop) stop ;;
    env) echo "DOCKER_HOST=$DOCKER_HOST" ;;
    status) answers ;;
    *) die "usage: dockerd.sh start|stop|env|status" ;;
esac
