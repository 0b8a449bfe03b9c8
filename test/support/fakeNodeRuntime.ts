// A stand-in node runtime CLI for the cluster watch (components/clusterWatch.ts): a `docker` on PATH answering `ps -a
// -q`, `inspect` and `start` from a state file of NODE_STATE_FORMAT lines, and recording each call. It lets the unit
// suite drive the providers and the engine suite run them through the real engine, without a kind cluster.
import * as fs from "fs";
import * as path from "path";

export const CP_ID = "a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0a1b2";
export const WORKER_ID = "f6e5d4c3b2a1f6e5d4c3b2a1f6e5d4c3b2a1f6e5d4c3b2a1f6e5d4c3b2a1f6e5";

export const nodeLine = (name: string, id: string, status: string, startedAt: string, ip: string) =>
    `${name}|${id}|${status}|${startedAt}|${ip}`;

/** Both nodes of cluster myk8s running, as docker prints them ("/name"). */
export const RUNNING = [
    nodeLine("/myk8s-control-plane", CP_ID, "running", "2026-12-07T01:00:00.1Z", "172.18.0.2"),
    nodeLine("/myk8s-worker", WORKER_ID, "running", "2026-12-07T01:00:00.2Z", "172.18.0.3"),
].join("\n");
/** The same nodes stopped (a Docker restart that did not bring them back). */
export const STOPPED = RUNNING.replace(/running\|[^|]*\|[^|]*$/gm, "exited|2026-12-07T01:00:00Z|");

export interface FakeNodeRuntime {
    /** The directory holding `docker`: put it first on PATH. */
    bin: string;
    setState(text: string): void;
    state(): string;
    /** The argument lists it was called with, one string each, since the last reset. */
    calls(): string[];
    resetCalls(): void;
    /** Replace it by one that fails as Docker's CLI does without a daemon; returns the undo. */
    breakDaemon(): () => void;
}

/**
 * In `dir`: `start` marks the named exited nodes running with a new start time and address, as a real start does.
 */
export function fakeNodeRuntime(dir: string): FakeNodeRuntime {
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin, { recursive: true });
    const statePath = path.join(dir, "state");
    const callsPath = path.join(dir, "calls");
    const docker = path.join(bin, "docker");
    const script = `#!/bin/sh
state='${statePath}'
echo "$*" >>'${callsPath}'
case $1 in
ps) cut -d'|' -f2 "$state" ;;
inspect) cat "$state" ;;
start) shift; sed -i "s/|exited|[^|]*|[^|]*$/|running|restarted-$$|172.18.0.7/" "$state"; printf '%s\\n' "$@" ;;
*) echo "unexpected: $*" >&2; exit 2 ;;
esac
`;
    fs.writeFileSync(docker, script, { mode: 0o755 });
    fs.writeFileSync(statePath, "");
    return {
        bin,
        setState: (text) => fs.writeFileSync(statePath, text),
        state: () => fs.readFileSync(statePath, "utf8"),
        calls: () => (fs.existsSync(callsPath) ? fs.readFileSync(callsPath, "utf8").split("\n").filter(Boolean) : []),
        resetCalls: () => fs.rmSync(callsPath, { force: true }),
        breakDaemon: () => {
            fs.writeFileSync(
                docker,
                "#!/bin/sh\necho 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock.' >&2\nexit 1\n",
                {
                    mode: 0o755,
                },
            );
            return () => fs.writeFileSync(docker, script, { mode: 0o755 });
        },
    };
}
