// How Pulumi shows a secret in `pulumi stack output --json`: "[secret]" without --show-secrets, or (in exported
// state and some tools) an object carrying Pulumi's secret signature key next to a ciphertext or plaintext.
// `lab diff` compares secrets only as present/absent, so all it needs is to recognise them.

/** Pulumi's special-value signature key and the value that marks a secret (sdk/go/common/resource/sig). */
export const PULUMI_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const PULUMI_SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const MASKED_SECRET = "[secret]";

/** Outputs the stack always marks secret: shown in plaintext only with --show-secrets, still a secret. */
export const KNOWN_SECRET_OUTPUTS: readonly string[] = ["kubeconfig"];

export function isSecretValue(value: unknown): boolean {
    if (value === MASKED_SECRET) return true;
    return (
        typeof value === "object" &&
        value !== null &&
        !Array.isArray(value) &&
        (value as Record<string, unknown>)[PULUMI_SIG_KEY] === PULUMI_SECRET_SIG
    );
}
