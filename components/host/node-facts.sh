#!/usr/bin/env bash
# node-facts.sh NAME: `docker inspect` JSON of the cluster's node containers (parsed by components/nodeFacts.ts).
here=$(dirname "$0")
# shellcheck source=lib.sh
. "$here/lib.sh"
[ $# = 1 ] || fail 'usage: node-facts.sh NAME'
require_docker
ids=$(docker ps -q --filter "label=io.x-k8s.kind.cluster=$1" </dev/null) || fail 'docker ps failed while listing the nodes of kind cluster %s' "$1"
[ -n "$ids" ] || fail 'no running node containers found for kind cluster %s (docker ps --filter label=io.x-k8s.kind.cluster=%s)' "$1" "$1"
# ids are docker's hex container ids: word splitting them into arguments is intended
# shellcheck disable=SC2086
docker inspect $ids </dev/null
