// The pack itself, loaded by index.js (`pulumi preview --policy-pack policy`): constructing the PolicyPack starts
// the gRPC server the engine talks to. The policies themselves live in policies.ts (tested without a server).
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("kind-pause-lab", { policies });
