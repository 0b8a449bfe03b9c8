#!/usr/bin/env bash
# The baseline of `npm run bench:up`: the seed's lab as a careful user would script it, one step after another.
#   up:       kind create cluster (the lab's kind config) → [offline: kind load the pod images] → helm install
#             kube-ops-view --wait (the seed's --set values) → kubectl apply the pods → kubectl wait Ready → per pod, on
#             the worker: crictl inspectp/inspect and lsns -p for pause and every container (the seed's commands)
#   down:     kind delete cluster
#   change:   what a careful user types to add one pod to a running lab: kubectl apply its manifest, wait, probe it
#   unchange: kubectl delete those pods again
# Prints "step NAME MS" lines (bench/up.ts reads them) and keeps every tool's output in $BENCH_LOG. A step named
# sim-* is the simulation's own work (the Docker Hub stand-in's node setup), not the user's: bench/up.ts leaves it out.
#
#   bash scripts/bench/lab-script.sh up|down|change|unchange
# Environment (bench/up.ts sets it from the lab's own config): CLUSTER, NODE_IMAGE, KIND_CONFIG (file), CHART (path or
# repo/chart), NAMESPACE, NODE_PORT, TZ_VALUE, PODS_YAML (file), PODS (the pods to wait for and probe), WORKER,
# BENCH_LOG; IMAGES (space-separated): loaded with `kind load` when set (offline, where no node can pull), else the
# nodes pull them as the seed's do; NODE_SETUP: a command run after kind create (sim-registry); change/unchange:
# CHANGE_YAML (file) and CHANGE_PODS.
set -euo pipefail
: "${CLUSTER:?}" "${KIND_CONFIG:?}" "${CHART:?}" "${NAMESPACE:?}" "${NODE_PORT:?}" "${TZ_VALUE:?}" "${PODS_YAML:?}"
: "${PODS:?}" "${WORKER:?}" "${BENCH_LOG:?}"

now() { date +%s%N; }
step() { # step NAME CMD...: run, print its duration
    local name=$1 start rc=0
    shift
    start=$(now)
    "$@" >>"$BENCH_LOG" 2>&1 || rc=$?
    if [ "$rc" != 0 ]; then
        echo "lab-script: step $name failed (exit $rc); last lines of $BENCH_LOG:" >&2
        tail -n 20 "$BENCH_LOG" >&2
        exit "$rc"
    fi
    echo "step $name $(( ($(now) - start) / 1000000 ))"
}

probe_pods() { # probe_pods POD...
    local pod sandbox pid container
    for pod in "$@"; do
        sandbox=$(docker exec "$WORKER" crictl pods --name "^$pod\$" --namespace default -q)
        pid=$(docker exec "$WORKER" crictl inspectp "$sandbox" | jq -r .info.pid)
        docker exec "$WORKER" lsns -p "$pid"
        for container in $(docker exec "$WORKER" crictl ps --pod "$sandbox" -q); do
            docker exec "$WORKER" crictl inspect "$container"
            pid=$(docker exec "$WORKER" crictl inspect "$container" | jq -r .info.pid)
            docker exec "$WORKER" lsns -p "$pid"
        done
    done
}

case ${1:-} in
    up)
        image_args=()
        [ -z "${NODE_IMAGE:-}" ] || image_args=(--image "$NODE_IMAGE")
        # shellcheck disable=SC2046,SC2086  # IMAGES and PODS are lists of names
        {
            step kind-create kind create cluster --name "$CLUSTER" --config "$KIND_CONFIG" "${image_args[@]}"
            [ -z "${NODE_SETUP:-}" ] || step sim-registry bash -c "$NODE_SETUP"
            [ -z "${IMAGES:-}" ] || step load-images kind load docker-image $IMAGES --name "$CLUSTER" --nodes "$WORKER"
            step helm-install helm install kube-ops-view "$CHART" --kube-context "kind-$CLUSTER" --namespace "$NAMESPACE" \
                --set service.main.type=NodePort,service.main.ports.http.nodePort="$NODE_PORT" --set env.TZ="$TZ_VALUE" --wait
            step apply-pods kubectl --context "kind-$CLUSTER" apply -f "$PODS_YAML"
            step wait-pods kubectl --context "kind-$CLUSTER" wait --for=condition=Ready $(printf 'pod/%s ' $PODS) --timeout=5m
            step probes probe_pods $PODS
        }
        ;;
    down) step kind-delete kind delete cluster --name "$CLUSTER" ;;
    change)
        : "${CHANGE_YAML:?}" "${CHANGE_PODS:?}"
        # shellcheck disable=SC2046,SC2086  # CHANGE_PODS is a list of names
        {
            step apply-change kubectl --context "kind-$CLUSTER" apply -f "$CHANGE_YAML"
            step wait-change kubectl --context "kind-$CLUSTER" wait --for=condition=Ready $(printf 'pod/%s ' $CHANGE_PODS) --timeout=5m
            step probe-change probe_pods $CHANGE_PODS
        }
        ;;
    unchange)
        : "${CHANGE_PODS:?}"
        # shellcheck disable=SC2086  # CHANGE_PODS is a list of names
        step delete-change kubectl --context "kind-$CLUSTER" delete pod --wait $CHANGE_PODS
        ;;
    *) echo "usage: lab-script.sh up|down|change|unchange" >&2; exit 2 ;;
esac
