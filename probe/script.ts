// Where the node probe's script is: the one file the stack (components/namespaceProbe.ts), `lab tour` and the runtime
// tests send to a node.
import * as path from "path";

export const NODE_PROBE_SCRIPT_PATH = path.join(__dirname, "node-probe.sh");
