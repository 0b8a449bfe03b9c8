#!/usr/bin/env bash
# The baseline of `npm run bench:up`: the seed's lab as a careful user would script it, one step after another.
#   up:   kind create cluster (the lab's kind config) → kind load the pod images → helm install kube-ops-view --wait
#         (the seed's --set values) → kubectl apply the two pods → kubectl wait Ready → per pod, on the worker:
#         crictl inspectp/inspect and lsns -p for pause and every container (the seed's commands)
#   down: kind delete cluster
# Prints "step NAME SECONDS" lines (bench/up.ts reads them) and keeps every tool's output in $BENCH_LOG.
#
#   bash scripts/bench/lab-script.sh up|down
# Environment (bench/up.ts sets it from the lab's own config): CLUSTER, NODE_IMAGE, KIND_CONFIG (file), CHART (path or
# repo/chart), NAMESPACE, NODE_PORT, TZ_VALUE, PODS_YAML (file), IMAGES (space-separated), WORKER, BENCH_LOG.
set -euo pipefail
: "${CLUSTER:?}" "${KIND_CONFIG:?}" "${CHART:?}" "${NAMESPACE:?}" "${NODE_PORT:?}" "${TZ_VALUE:?}" "${PODS_YAML:?}"
: "${IMAGES:?}" "${WORKER:?}" "${BENCH_LOG:?}"

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

probe_pods() {
    local pod sandbox pid container
    for pod in myweb myweb2; do
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
        # shellcheck disable=SC2086  # IMAGES is a list of image references
        {
            step kind-create kind create cluster --name "$CLUSTER" --config "$KIND_CONFIG" "${image_args[@]}"
            step load-images kind load docker-image $IMAGES --name "$CLUSTER" --nodes "$WORKER"
            step helm-install helm install kube-ops-view "$CHART" --kube-context "kind-$CLUSTER" --namespace "$NAMESPACE" \
                --set service.main.type=NodePort,service.main.ports.http.nodePort="$NODE_PORT" --set env.TZ="$TZ_VALUE" --wait
            step apply-pods kubectl --context "kind-$CLUSTER" apply -f "$PODS_YAML"
            step wait-pods kubectl --context "kind-$CLUSTER" wait --for=condition=Ready pod/myweb pod/myweb2 --timeout=5m
            step probes probe_pods
        }
        ;;
    down) step kind-delete kind delete cluster --name "$CLUSTER" ;;
    *) echo "usage: lab-script.sh up|down" >&2; exit 2 ;;
esac
