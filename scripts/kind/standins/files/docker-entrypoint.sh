#!/bin/sh
# /docker-entrypoint.sh of the kind-pause-lab stand-in for the nginx image (Debian bookworm's nginx package; see
# scripts/kind/standins/README.md). The official image's entrypoint runs its /docker-entrypoint.d scripts before
# `exec "$@"` of CMD ["nginx", "-g", "daemon off;"]; this one has none to run: it says what it is, then execs the
# command, so nginx is the container's process 1 as in the real image.
set -e
if [ "$1" = nginx ] || [ "$1" = nginx-debug ]; then
    echo "$0: kind-pause-lab stand-in for the nginx image: Debian bookworm's $(nginx -v 2>&1 | sed 's/^nginx version: //'), not the official nginx image"
    echo "$0: Configuration complete; ready for start up"
fi
exec "$@"
