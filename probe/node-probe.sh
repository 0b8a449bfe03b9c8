# kind-pause-lab node probe — output format `kpl-probe v1` (docs/probe-format.md).
# Runs ON the node: `docker exec -i <node> sh -s -- <podUid> [<containers>]` (the stack) or `sh -s -- <podUid>`
# (runtime tests). With <containers>, it waits for the pod to run that many (a node that just restarted).
# POSIX sh and only tools a kind node image has: crictl, lsns, nsenter, readlink, ip (no jq, pstree, apt).
# Everything runs inside main() with stdin from /dev/null: the script itself arrives on stdin, and a tool that
# read stdin would swallow the rest of it.

fail() {
    # fail EXIT_CODE MESSAGE: one line on stderr, nothing half-framed on stdout is trusted without the end marker.
    printf 'probe: %s\n' "$2" >&2
    exit "$1"
}

is_pid() {
    # A real PID: digits only, no leading zero. Never probe 0 or "": `lsns -p 0` lists every namespace of the host.
    case $1 in '' | 0* | *[!0-9]*) return 1 ;; esac
    return 0
}

is_token() {
    # Values placed in section headers: ids and DNS-label names only (no spaces, no shell or framing characters).
    case $1 in '' | *[!A-Za-z0-9._-]*) return 1 ;; esac
    return 0
}

capture() {
    # capture WHAT CMD...: runs CMD, keeps its stdout in $OUT; on failure exits 5 naming WHAT and crictl's first line.
    what=$1
    shift
    if OUT=$("$@" 2>"$ERR_FILE"); then
        return 0
    fi
    fail 5 "$what failed on node $NODE: $(head -n 1 "$ERR_FILE" 2>/dev/null)"
}

capture_lsns() {
    # capture_lsns WHAT ARGS...: lsns, tried up to 3 times. lsns reads every /proc/PID while it scans, and a process
    # that exits meanwhile (the kubelet and containerd start and reap them all the time) can make it fail with no
    # message; seen on kind nodes (util-linux 2.38) when two probes ran at once.
    what=$1
    shift
    for _ in 1 2; do
        if OUT=$(lsns "$@" 2>"$ERR_FILE"); then
            return 0
        fi
        sleep 0.2 2>/dev/null || sleep 1
    done
    capture "$what" lsns "$@"
}

emit() {
    # emit KIND "HEADER-ARGS" TEXT: one framed section; TEXT gets exactly one trailing newline.
    printf '#kpl-begin %s%s\n%s\n#kpl-end %s\n' "$1" "${2:+ $2}" "$3" "$1"
}

probe_target() {
    # probe_target NAME PID: the kernel's view of one process (pause or a container's init).
    name=$1
    pid=$2
    is_pid "$pid" || fail 5 "refusing to probe $name: PID '$pid' is not a positive number"
    [ -d "/proc/$pid/ns" ] || fail 5 "$name (PID $pid) has no /proc/$pid/ns on node $NODE: did it just exit?"
    # The lsns table is what the seed shows (kept raw for the stack's output); the inodes come from /proc/PID/ns alone.
    capture_lsns "lsns -p $pid" -p "$pid"
    emit lsns "target=$name pid=$pid" "$OUT"
    links=$(ns_links "$pid") || fail 5 "cannot read /proc/$pid/ns/* of $name on node $NODE (run the probe as root)"
    emit nslinks "target=$name pid=$pid" "$links"
    if OUT=$(nsenter -t "$pid" -n ip -j addr 2>/dev/null); then
        emit ip "target=$name pid=$pid format=json" "$OUT"
    else
        # iproute2 without JSON output: keep the text form.
        capture "nsenter -t $pid -n ip addr" nsenter -t "$pid" -n ip addr
        emit ip "target=$name pid=$pid format=text" "$OUT"
    fi
}

ns_links() {
    # "TYPE LINK" per /proc/PID/ns entry, e.g. "net net:[4026532181]"; fails if any link is unreadable.
    for link in /proc/"$1"/ns/*; do
        target=$(readlink "$link") || return 1
        printf '%s %s\n' "${link##*/}" "$target"
    done
}

count_words() {
    echo $#
}

main() {
    POD_UID=${1-}
    WANT=${2-}
    CRICTL=${CRICTL:-crictl}
    NODE=$(cat /proc/sys/kernel/hostname 2>/dev/null || echo unknown)
    case $POD_UID in
        '' | *[!A-Za-z0-9-]*) fail 2 "usage: sh -s -- POD_UID [CONTAINERS] (letters, digits and dashes); got '$POD_UID'" ;;
    esac
    case $WANT in
        *[!0-9]*) fail 2 "usage: sh -s -- POD_UID [CONTAINERS] (a number of containers); got '$WANT'" ;;
    esac
    for tool in "$CRICTL" lsns nsenter readlink ip; do
        command -v "$tool" >/dev/null 2>&1 || fail 4 "required tool '$tool' is not installed on node $NODE"
    done
    ERR_FILE=$(mktemp) || fail 5 "mktemp failed on node $NODE"
    trap 'rm -f "$ERR_FILE"' EXIT

    # After its node restarted, the kubelet gives a pod a new sandbox and starts its containers again one by one: with
    # CONTAINERS given, wait (up to KPL_PROBE_WAIT_S, 120 s) until a ready sandbox runs that many.
    limit=${KPL_PROBE_WAIT_S:-120}
    case $limit in '' | *[!0-9]*) limit=120 ;; esac
    waited=0
    while :; do
        capture "crictl pods --label io.kubernetes.pod.uid=$POD_UID" \
            "$CRICTL" pods --label "io.kubernetes.pod.uid=$POD_UID" --state ready -q
        # Newest first; a restarted pod leaves NotReady sandboxes behind, filtered out above.
        SANDBOX=$(printf '%s\n' "$OUT" | head -n 1)
        [ -z "$SANDBOX" ] || is_token "$SANDBOX" || fail 5 "crictl returned an unexpected sandbox id '$SANDBOX'"
        running=0
        if [ -n "$SANDBOX" ] && [ -n "$WANT" ]; then
            capture "crictl ps --pod $SANDBOX" "$CRICTL" ps --pod "$SANDBOX" --state running -q
            # container ids, one word each: split on purpose
            # shellcheck disable=SC2086
            running=$(count_words $OUT)
        fi
        if [ -z "$WANT" ] || [ "$running" -ge "$WANT" ] || [ "$waited" -ge "$limit" ]; then break; fi
        waited=$((waited + 1))
        sleep 1
    done
    [ -n "$SANDBOX" ] || fail 3 "no ready pod sandbox with uid $POD_UID on node $NODE (is the pod scheduled on this node?)"
    [ -z "$WANT" ] || [ "$running" -ge "$WANT" ] ||
        fail 3 "pod $POD_UID runs $running of its $WANT containers on node $NODE after ${waited} s (crictl ps --pod $SANDBOX -a says why)"

    printf '#kpl-probe v1\n'
    emit meta "" "podUid=$POD_UID
node=$NODE
crictl=$("$CRICTL" --version 2>/dev/null | head -n 1)
lsns=$(lsns --version 2>/dev/null | head -n 1)"
    # The "host" reference is the node's PID 1. Where PID 1 belongs to an outer sandbox whose namespaces we may not
    # read (seen on CI VMs), the probe's own shell stands in: `docker exec` and a local run both start it in the
    # node's namespaces. The header says which one was used.
    if HOST_LINKS=$(ns_links 1 2>/dev/null); then
        HOST_PID=1 HOST_SOURCE=pid1
    else
        HOST_PID=$$ HOST_SOURCE=probe-shell
        HOST_LINKS=$(ns_links "$HOST_PID") || fail 5 "cannot read /proc/1/ns/* nor /proc/$$/ns/* on node $NODE"
    fi
    printf '#kpl-begin host pid=%s source=%s\n#kpl-end host\n' "$HOST_PID" "$HOST_SOURCE"
    emit nslinks "target=host pid=$HOST_PID" "$HOST_LINKS"

    capture "crictl inspectp $SANDBOX" "$CRICTL" inspectp "$SANDBOX"
    emit inspectp "" "$OUT"
    capture "crictl inspectp (pid) $SANDBOX" "$CRICTL" inspectp -o go-template --template '{{.info.pid}}' "$SANDBOX"
    PAUSE_PID=$OUT
    is_pid "$PAUSE_PID" || fail 5 "sandbox $SANDBOX reports pause PID '$PAUSE_PID' (not running?)"
    printf '#kpl-begin target name=pause pid=%s id=%s\n#kpl-end target\n' "$PAUSE_PID" "$SANDBOX"
    probe_target pause "$PAUSE_PID"

    capture "crictl ps --pod $SANDBOX" "$CRICTL" ps --pod "$SANDBOX" --state running -q
    CONTAINERS=$OUT
    for container in $CONTAINERS; do
        is_token "$container" || fail 5 "crictl returned an unexpected container id '$container'"
        capture "crictl inspect (name, pid) $container" \
            "$CRICTL" inspect -o go-template --template '{{.status.metadata.name}} {{.info.pid}}' "$container"
        name=${OUT% *}
        pid=${OUT##* }
        is_token "$name" || fail 5 "container $container has an unexpected name '$name'"
        capture "crictl inspect $container" "$CRICTL" inspect "$container"
        emit inspect "name=$name" "$OUT"
        printf '#kpl-begin target name=%s pid=%s id=%s\n#kpl-end target\n' "$name" "$pid" "$container"
        probe_target "$name" "$pid"
    done
    printf '#kpl-end-of-probe status=ok\n'
}

main "$@" </dev/null
