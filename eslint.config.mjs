// typescript-eslint's recommended rules on every TypeScript file (flat config). Formatting is prettier's job.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["node_modules/**", "bin/**", "policy/node_modules/**"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.js", "**/*.cjs"],
        languageOptions: {
            sourceType: "commonjs",
            globals: { require: "readonly", module: "writable", process: "readonly", __dirname: "readonly", console: "readonly" },
        },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
    {
        rules: {
            // `_`-prefixed parameters and bindings are deliberately unused (callbacks with fixed signatures)
            "@typescript-eslint/no-unused-vars": [
                "error",
                { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
            ],
        },
    },
    {
        // A dynamic provider's methods run in the engine's provider process: node's modules are required there, since
        // SWC's import() helper holds a WeakMap the closure serializer cannot carry (README, "SWC").
        files: ["components/clusterWatch.ts", "components/kubeOpsViewReady.ts", "host/commandRunner.ts"],
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
    {
        // Tests drive untyped surfaces: Pulumi's mock monitor hands `any` inputs, and some re-load the program with require.
        files: ["test/**/*.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-require-imports": "off" },
    },
);
