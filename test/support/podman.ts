// Rootful podman on this project's machines, for the tests that run real podman containers (test:runtime) and a kind
// cluster on podman (test:kind). Everything is a file in the test's own directory plus CONTAINERS_CONF; a laptop's
// podman needs none of it. Why each setting (each was a failure first):
// - default_ulimits = []: podman asks runc for nofile/nproc limits above the machine's hard limits, which runc cannot
//   raise without CAP_SYS_RESOURCE (missing from the bounding set here): "error setting rlimit type 7". With [] the
//   containers inherit the host's limits.
// - network_backend = "netavark" (with aardvark-dns): Debian's podman 4.3 defaults to CNI without the dnsname plugin,
//   so its networks have no DNS and a kind worker's `kubeadm join` cannot resolve the control plane by name.
//   network_config_dir keeps the tests' networks out of /etc/containers/networks.
// - runtime = "runc": podman 4.3 otherwise takes crun when it is installed (apt installs it for podman's `crun | runc`
//   on a machine without runc), and crun refuses this host's hybrid cgroups ("cgroups in hybrid mode not supported,
//   drop all controllers from cgroupv2"). CONTAINERS_CONF is the only file podman then reads, so this reaches every
//   podman these tests start, kind's own `podman run` of the nodes included (kind passes its environment on).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** Writes DIR/containers.conf (and DIR/networks) and returns the environment that points podman at it. */
export function podmanTestEnv(dir: string): Record<string, string> {
    const networks = path.join(dir, "networks");
    fs.mkdirSync(networks, { recursive: true });
    const conf = path.join(dir, "containers.conf");
    fs.writeFileSync(
        conf,
        `[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\n\n[network]\nnetwork_backend = "netavark"\nnetwork_config_dir = "${networks}"\n`,
    );
    return { CONTAINERS_CONF: conf };
}

/** What a podman test needs installed, as one line naming the setup command; null when all is there. */
export function podmanMissing(): string | null {
    const missing = ["podman", "runc", "netavark", "aardvark-dns"].filter(
        (p) => spawnSync("dpkg-query", ["-W", "-f", "${Status}", p], { encoding: "utf8" }).stdout !== "install ok installed",
    );
    return missing.length === 0 ? null : `${missing.join(", ")} missing — set it up with: npm run setup:test (Debian packages)`;
}

/**
 * netavark leaves its (then empty) base chains and the jumps to them in the host's iptables after its last container
 * goes; removed once no podman container runs, so a test leaves the host's firewall as it found it.
 */
export function removeIdleNetavarkChains(env: NodeJS.ProcessEnv): void {
    const running = spawnSync("podman", ["ps", "-q"], { env, encoding: "utf8" });
    if (running.status !== 0 || running.stdout.trim() !== "") return;
    for (const ipt of ["iptables", "ip6tables"]) {
        const run = (...args: string[]) => spawnSync(ipt, args, { stdio: "ignore" }).status === 0;
        run("-D", "FORWARD", "-m", "comment", "--comment", "netavark firewall plugin rules", "-j", "NETAVARK_FORWARD");
        if (run("-F", "NETAVARK_FORWARD")) run("-X", "NETAVARK_FORWARD");
        run("-t", "nat", "-D", "PREROUTING", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "NETAVARK-HOSTPORT-DNAT");
        run("-t", "nat", "-D", "OUTPUT", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "NETAVARK-HOSTPORT-DNAT");
        run("-t", "nat", "-D", "POSTROUTING", "-j", "NETAVARK-HOSTPORT-MASQ");
        for (const chain of ["NETAVARK-HOSTPORT-DNAT", "NETAVARK-HOSTPORT-MASQ", "NETAVARK-HOSTPORT-SETMARK"]) {
            if (run("-t", "nat", "-F", chain)) run("-t", "nat", "-X", chain);
        }
    }
}
