#!/bin/sh
# The OCI runtime of the lab's private Docker daemon (scripts/kind/dockerd.sh): runc, after removing from the
# container's capability sets every capability this machine's bounding set lacks. kind runs its nodes
# `--privileged`, and Docker 20.10 then asks runc for every capability; where the host's bounding set lacks one
# (CAP_SYS_RESOURCE in some VMs), runc fails with "unable to apply caps: operation not permitted". A process can
# never hold a capability outside its bounding set, so dropping those changes nothing the container could have had.
# Edits <bundle>/config.json for create/run and the --process file for exec; every argument passes through unchanged.
set -eu
real_runc=${KPL_REAL_RUNC:-runc}

# capability names by bit number (linux/capability.h)
names="CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP LINUX_IMMUTABLE NET_BIND_SERVICE
NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER SYS_MODULE SYS_RAWIO SYS_CHROOT SYS_PTRACE SYS_PACCT SYS_ADMIN
SYS_BOOT SYS_NICE SYS_RESOURCE SYS_TIME SYS_TTY_CONFIG MKNOD LEASE AUDIT_WRITE AUDIT_CONTROL SETFCAP MAC_OVERRIDE
MAC_ADMIN SYSLOG WAKE_ALARM BLOCK_SUSPEND AUDIT_READ PERFMON BPF CHECKPOINT_RESTORE"
bounding=$(awk '/^CapBnd:/ { print $2 }' /proc/self/status)
missing=""
bit=0
for name in $names; do
    if [ $(( (0x$bounding >> bit) & 1 )) -eq 0 ]; then missing="$missing\"CAP_$name\","; fi
    bit=$((bit + 1))
done

# strip FILE CAPS_PATH: delete the missing capabilities from every set under CAPS_PATH of a JSON file
strip() {
    [ -n "$missing" ] && [ -f "$1" ] || return 0
    jq --argjson drop "[${missing%,}]" "$2 |= (if . == null then . else with_entries(.value -= \$drop) end)" "$1" >"$1.kpl-tmp"
    mv "$1.kpl-tmp" "$1"
}

command="" bundle="" process="" prev=""
for arg in "$@"; do
    case $prev in
        --bundle | -b) bundle=$arg ;;
        --process | -p) process=$arg ;;
    esac
    case $arg in
        --bundle=*) bundle=${arg#--bundle=} ;;
        --process=*) process=${arg#--process=} ;;
        create | run | exec) [ -n "$command" ] || command=$arg ;;
    esac
    prev=$arg
done
case $command in
    create | run) strip "${bundle:-.}/config.json" .process.capabilities ;;
    exec) [ -z "$process" ] || strip "$process" .capabilities ;;
esac
exec "$real_runc" "$@"
