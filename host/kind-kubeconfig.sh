#!/usr/bin/env bash
# kind-kubeconfig.sh NAME: the cluster's kubeconfig (host endpoint) on stdout, a secret the stack never logs.
here=$(dirname "$0")
# shellcheck source=lib.sh
. "$here/lib.sh"
[ $# = 1 ] || fail 'usage: kind-kubeconfig.sh NAME'
require_kind
kind get kubeconfig --name "$1" </dev/null || fail 'cannot read the kubeconfig of kind cluster %s (was it deleted outside Pulumi? run "pulumi refresh")' "$1"
