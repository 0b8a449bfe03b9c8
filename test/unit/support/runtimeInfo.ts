// Stand-in machines answer `lab up`'s runtime check (host/runtime-info.sh) as the runtime's own `info --format` would:
// the command line names the runtime and the format, so their answers stay keyed `RUNTIME info --format FORMAT`.
import { RUNTIMES } from "../../../host/runtimes";
import { isNodeRuntime } from "../../../lab/configSchema";

/** `RUNTIME info --format FORMAT` for a runtime-info.sh command line, else undefined. */
export function runtimeInfoKey(line: string): string | undefined {
    if (!line.includes("runtime-info.sh")) return undefined;
    const named = /KIND_EXPERIMENTAL_PROVIDER=(\w+)/.exec(line)?.[1] ?? "docker";
    if (!isNodeRuntime(named)) throw new Error(`not a node runtime in ${line}`);
    return `${named} info --format ${RUNTIMES[named].infoFormat}`;
}
