// `crictl ps -o json` ({containers:[...]}) and `crictl pods -o json` ({items:[...]}).
import { JsonNode, parseJsonText } from "../../probe/json";

export interface CrictlContainerSummary {
    id: string;
    podSandboxId: string;
    name: string;
    attempt: number;
    state: string;
    image: string | null;
    /** Nanoseconds since the epoch, kept as the decimal string crictl prints (too big for a double). */
    createdAt: string | null;
    labels: Record<string, string>;
}

export interface CrictlPodSummary {
    id: string;
    name: string;
    uid: string | null;
    namespace: string | null;
    attempt: number;
    state: string;
    createdAt: string | null;
    labels: Record<string, string>;
}

function nanoseconds(node: JsonNode): string | null {
    if (node.isMissing) return null;
    if (typeof node.value === "number" && Number.isFinite(node.value)) return BigInt(Math.trunc(node.value)).toString();
    const s = node.string();
    if (!/^\d+$/.test(s)) node.fail("a timestamp in nanoseconds");
    return s;
}

function metadataOf(item: JsonNode): JsonNode {
    const metadata = item.get("metadata");
    if (!metadata.isObject()) metadata.fail("the metadata object");
    return metadata;
}

export function parseCrictlPs(text: string): CrictlContainerSummary[] {
    const root = parseJsonText(text, "crictl-ps");
    if (!root.isObject()) root.fail("the object crictl ps -o json prints ({containers: [...]})");
    return root
        .get("containers")
        .optionalItems()
        .map((c) => {
            const metadata = metadataOf(c);
            const image = c.get("image");
            return {
                id: c.get("id").nonEmptyString(),
                podSandboxId: c.get("podSandboxId").nonEmptyString(),
                name: metadata.get("name").nonEmptyString(),
                attempt: metadata.get("attempt").optionalInteger() ?? 0,
                state: c.get("state").nonEmptyString(),
                image: image.isMissing ? null : image.get("image").optionalString(),
                createdAt: nanoseconds(c.get("createdAt")),
                labels: c.get("labels").stringMap(),
            };
        });
}

export function parseCrictlPods(text: string): CrictlPodSummary[] {
    const root = parseJsonText(text, "crictl-pods");
    if (!root.isObject()) root.fail("the object crictl pods -o json prints ({items: [...]})");
    return root
        .get("items")
        .optionalItems()
        .map((p) => {
            const metadata = metadataOf(p);
            return {
                id: p.get("id").nonEmptyString(),
                name: metadata.get("name").nonEmptyString(),
                uid: metadata.get("uid").optionalString(),
                namespace: metadata.get("namespace").optionalString(),
                attempt: metadata.get("attempt").optionalInteger() ?? 0,
                state: p.get("state").nonEmptyString(),
                createdAt: nanoseconds(p.get("createdAt")),
                labels: p.get("labels").stringMap(),
            };
        });
}
