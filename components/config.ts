// Reads every `kind-pause-lab:*` key Pulumi passes the program (stack values merged with Pulumi.yaml defaults by the
// CLI) and validates them once, before any resource exists. The rules live in configSchema.ts (pure).
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { LabConfig, NODE_RUNTIME_ENV, parseLabConfig, RawConfig } from "../lab/configSchema";

/** Raw values of the project's namespace, keyed without the `project:` prefix. */
export function projectConfigValues(project: string = pulumi.getProject()): RawConfig {
    const prefix = `${project}:`;
    const values: RawConfig = {};
    for (const [fullKey, value] of Object.entries(pulumi.runtime.allConfig())) {
        if (fullKey.startsWith(prefix)) values[fullKey.slice(prefix.length)] = value;
    }
    return values;
}

/** The validated stack configuration; throws ConfigError (one line per problem) when anything is wrong. */
export function loadLabConfig(): LabConfig {
    const project = pulumi.getProject();
    return parseLabConfig(
        projectConfigValues(project),
        { pathExists: (path) => fs.existsSync(path), kindProvider: process.env[NODE_RUNTIME_ENV] },
        project,
    );
}
