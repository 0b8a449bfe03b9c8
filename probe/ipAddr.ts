// Addresses of a network namespace from `ip -j addr` (JSON) or `ip addr` (text), as sorted
// "IFNAME ADDRESS/PREFIX" strings, so two namespaces can be compared as plain lists.
import { parseJsonText } from "./json";
import { ProbeParseError, excerpt } from "./errors";

export type IpOutputFormat = "json" | "text";

export function parseIpAddr(text: string, format: IpOutputFormat): string[] {
    return format === "json" ? parseIpAddrJson(text) : parseIpAddrText(text);
}

export function parseIpAddrJson(text: string): string[] {
    const root = parseJsonText(text, "ip-json");
    const out: string[] = [];
    for (const link of root.items()) {
        // iproute2 prints {} for links it could not describe fully; those have no addresses.
        if (!link.isObject()) link.fail("an interface object");
        if (!link.has("ifname") && !link.has("addr_info")) continue;
        const ifname = link.get("ifname").nonEmptyString();
        for (const addr of link.get("addr_info").optionalItems()) {
            if (!addr.has("local")) continue; // e.g. entries that only carry lifetimes
            out.push(`${ifname} ${addr.get("local").nonEmptyString()}/${addr.get("prefixlen").integer()}`);
        }
    }
    return out.sort();
}

const LINK_LINE = /^\d+:\s+([^:@\s]+)(?:@[^:\s]+)?:\s/;
const ADDR_LINE = /^\s+inet6?\s+(\S+)(?:\s+peer\s+(\S+))?/;
// eslint-disable-next-line no-control-regex -- `ip -c` colours its output with ESC [ ... m sequences
const ANSI = /\x1b\[[0-9;]*m/g;

export function parseIpAddrText(text: string): string[] {
    const out: string[] = [];
    let ifname: string | null = null;
    let sawLink = false;
    text.replace(ANSI, "")
        .replace(/\r\n/g, "\n")
        .split("\n")
        .forEach((line, i) => {
            if (line.trim() === "" || line.trimStart().startsWith("#")) return;
            const link = LINK_LINE.exec(line);
            if (link) {
                ifname = link[1];
                sawLink = true;
                return;
            }
            if (!/^\s/.test(line)) {
                throw new ProbeParseError(
                    "ip-text",
                    "`N: IFNAME: <FLAGS> ...` or an indented detail line of `ip addr`",
                    `line ${i + 1}`,
                    excerpt(line),
                );
            }
            const addr = ADDR_LINE.exec(line);
            if (!addr) return; // link/ether, valid_lft and other detail lines
            if (ifname === null)
                throw new ProbeParseError("ip-text", "an interface line before its addresses", `line ${i + 1}`, excerpt(line));
            // Point-to-point: "inet 10.0.0.1 peer 10.0.0.2/32" — the prefix is printed on the peer.
            const local = addr[1].includes("/") ? addr[1] : addr[2]?.includes("/") ? `${addr[1]}/${addr[2].split("/")[1]}` : null;
            if (local === null || !/^[0-9A-Fa-f.:]+\/\d{1,3}$/.test(local)) {
                throw new ProbeParseError("ip-text", "an address ADDRESS/PREFIX after inet/inet6", `line ${i + 1}`, excerpt(line));
            }
            out.push(`${ifname} ${local}`);
        });
    if (!sawLink) throw new ProbeParseError("ip-text", "at least one interface line `N: IFNAME: <FLAGS> ...`", null, excerpt(text));
    return out.sort();
}
