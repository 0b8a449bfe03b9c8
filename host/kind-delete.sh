#!/usr/bin/env bash
# kind-delete.sh NAME: `kind delete cluster` succeeds when the cluster is already gone, so destroy completes after a
# manual delete; an interrupted create's marker goes too.
here=$(dirname "$0")
# shellcheck source=lib.sh
. "$here/lib.sh"
[ $# = 1 ] || fail 'usage: kind-delete.sh NAME'
require_kind
kind delete cluster --name "$1" || exit
rm -f "$(create_marker "$1")"
