// The entry the policy analyzer loads (package.json "main"), plain JavaScript so that it runs before any TypeScript.
// The analyzer registers ts-node with type checking forced on (node_modules/@pulumi/pulumi/cmd/run-policy-pack/run.js:
// `typeCheck: true`, whatever tsconfig says), and that type check of the pack and of what it imports took about 1.2 s
// of every `lab up` and preview on two cores. Type checking is `npm run build`'s job (tsconfig.json includes policy/);
// here the analyzer's ts-node instance is switched off and the pack loaded through lib/ts-register.js (SWC, transpiled
// once and cached), as the program and the CLI are.
const analyzers = process[Symbol.for("ts-node.register.instance")];
if (analyzers !== undefined) analyzers.enabled(false);
require("../lib/ts-register.js");
require("./pack.ts");
