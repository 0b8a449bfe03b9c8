// The entry the policy analyzer loads (package.json "main"), plain JavaScript so that it runs before any TypeScript.
// The analyzer registers ts-node with type checking forced on (node_modules/@pulumi/pulumi/cmd/run-policy-pack/run.js:
// `typeCheck: true`, whatever tsconfig says), and that type check of the pack and of what it imports took about 1.2 s
// of every `lab up` and preview on two cores. Type checking is `npm run build`'s job (tsconfig.json includes policy/);
// here the analyzer's instance is switched off and the pack transpiled with SWC, as the program and the CLI are
// (tsconfig.json's "ts-node" options).
const path = require("path");
const tsnode = require("ts-node");

const analyzers = process[tsnode.REGISTER_INSTANCE];
if (analyzers !== undefined) analyzers.enabled(false);
tsnode.register({ swc: true, project: path.join(__dirname, "tsconfig.json") });
require("./pack.ts");
