#!/usr/bin/env bash
# node-facts.sh NAME: `inspect` JSON of the cluster's node containers from the node runtime (parsed by
# host/nodeFacts.ts).
here=$(dirname "$0")
# shellcheck source=lib.sh
. "$here/lib.sh"
[ $# = 1 ] || fail 'usage: node-facts.sh NAME'
require_runtime
ids=$("$RUNTIME" ps -q --filter "label=io.x-k8s.kind.cluster=$1" </dev/null) || fail '%s ps failed while listing the nodes of kind cluster %s' "$RUNTIME" "$1"
[ -n "$ids" ] || fail 'no running node containers found for kind cluster %s (%s ps --filter label=io.x-k8s.kind.cluster=%s)' "$1" "$RUNTIME" "$1"
# ids are hex container ids: word splitting them into arguments is intended
# shellcheck disable=SC2086
"$RUNTIME" inspect $ids </dev/null
