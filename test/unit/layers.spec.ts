// The folders are the program's layers (README, "Layout"): each may import only from the layers below it, so no import
// runs back up and no two folders need each other. Read from the sources themselves: a new import that breaks the
// order fails here with the file and the import.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../support/paths";

const ROOT = REPO_ROOT;

/** Lowest first. Each folder (or top-level file) may import from the ones before it, and from itself. */
export const LAYERS = ["lib", "probe", "lab", "host", "outputs", "picture", "tour", "components", "policy", "cli", "index.ts"] as const;
/** Pulumi stays out of the pure layers (the SDK's types only: `import type`, erased at run time). */
const PURE = new Set(["lib", "probe", "lab", "outputs", "picture", "tour"]);

function sources(dir: string): string[] {
    return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
        const rel = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" ? [] : sources(rel);
        return /\.(ts|js)$/.test(e.name) ? [rel] : [];
    });
}

/** Every import of a file: its specifier and whether only types are imported. */
function imports(file: string): Array<{ spec: string; typeOnly: boolean }> {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    const found: Array<{ spec: string; typeOnly: boolean }> = [];
    for (const m of text.matchAll(/^\s*import\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']/gm)) found.push({ spec: m[2], typeOnly: !!m[1] });
    for (const m of text.matchAll(/(?:require|import)\(\s*["']([^"']+)["']\s*\)/g)) found.push({ spec: m[1], typeOnly: false });
    return found;
}

const layerOf = (file: string): string => (file.includes(path.sep) ? file.split(path.sep)[0] : file);

describe("layers: folders import only from the layers below them", () => {
    const files = LAYERS.flatMap((l) => (l.endsWith(".ts") ? [l] : sources(l)));

    it("every source folder of the program is a layer", () => {
        const folders = fs
            .readdirSync(ROOT, { withFileTypes: true })
            .filter(
                (e) => e.isDirectory() && !e.name.startsWith(".") && fs.readdirSync(path.join(ROOT, e.name)).some((f) => f.endsWith(".ts")),
            )
            .map((e) => e.name)
            .filter((n) => !["test", "scripts", "node_modules", "bin"].includes(n));
        assert.deepEqual(folders.sort(), LAYERS.filter((l) => !l.endsWith(".ts")).sort());
    });

    it("no relative import reaches a layer above its own", () => {
        const wrong: string[] = [];
        for (const file of files) {
            const own = LAYERS.indexOf(layerOf(file) as (typeof LAYERS)[number]);
            for (const { spec } of imports(file)) {
                if (!spec.startsWith(".")) continue;
                const target = path.relative(ROOT, path.resolve(ROOT, path.dirname(file), spec));
                const layer = layerOf(target.endsWith(".ts") || target.includes(path.sep) ? target : `${target}.ts`);
                const at = LAYERS.indexOf(layer as (typeof LAYERS)[number]);
                if (at < 0) wrong.push(`${file}: imports ${spec}, outside every layer`);
                else if (at > own) wrong.push(`${file}: imports ${spec} (${layer} is above ${layerOf(file)})`);
            }
        }
        assert.deepEqual(wrong, []);
    });

    it("the pure layers import no Pulumi package at run time", () => {
        const wrong = files
            .filter((f) => PURE.has(layerOf(f)))
            .flatMap((f) =>
                imports(f).flatMap(({ spec, typeOnly }) => (spec.startsWith("@pulumi/") && !typeOnly ? [`${f}: ${spec}`] : [])),
            );
        assert.deepEqual(wrong, []);
    });
});
