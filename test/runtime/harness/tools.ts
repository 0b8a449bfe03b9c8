// The runtime harness's pins and tools: versions.env, the Trixie userland, the binaries setup.sh installs.
import * as fs from "fs";
import * as path from "path";
import { which } from "../../support/which";
import { REPO_ROOT } from "../../support/paths";

export const SETUP_COMMAND = "sudo bash scripts/runtime/setup.sh   (or: npm run setup:test)";

/** A tool or cached artefact the runtime tests need is missing: the message names it and the setup command. */
export class RuntimeSetupError extends Error {
    constructor(what: string) {
        super(`runtime tests: ${what}; set it up with: ${SETUP_COMMAND}`);
        this.name = "RuntimeSetupError";
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Pins and tools

/** scripts/runtime/versions.env: KEY=VALUE lines shared with setup.sh. */
export function readVersions(): Record<string, string> {
    const file = path.join(REPO_ROOT, "scripts", "runtime", "versions.env");
    const values: Record<string, string> = {};
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
        const match = /^([A-Z_]+)=(\S+)$/.exec(line.trim());
        if (match) values[match[1]] = match[2];
    }
    // As in setup.sh: KPL_CACHE_DIR from the environment wins (CI may keep its cache elsewhere).
    if (process.env.KPL_CACHE_DIR) values.KPL_CACHE_DIR = process.env.KPL_CACHE_DIR;
    for (const key of ["CRICTL_VERSION", "KPL_CACHE_DIR", "IMAGE_TAG", "PAUSE_IMAGE", "NGINX_IMAGE", "NETSHOOT_IMAGE"]) {
        if (!values[key]) throw new Error(`${file} lacks ${key}`);
    }
    return values;
}

/** The trixie userland built by scripts/runtime/trixie-userland.sh; throws RuntimeSetupError when absent. */
export function locateTrixieUserland(): string {
    const root = path.join(readVersions().KPL_CACHE_DIR, "userland", "trixie");
    if (!fs.existsSync(path.join(root, ".kpl-complete")) || !fs.existsSync(path.join(root, "usr", "local", "bin", "crictl"))) {
        throw new RuntimeSetupError(
            `the Debian trixie node userland is not built at ${root} (debootstrap, scripts/runtime/trixie-userland.sh)`,
        );
    }
    return root;
}

export interface RuntimeTools {
    crictl: string;
    crictlDir: string;
    imageArchive: string;
    images: { pause: string; nginx: string; netshoot: string };
}

function findOnPath(tool: string): string | null {
    return which(tool, [...(process.env.PATH ?? "").split(":"), "/usr/sbin", "/sbin", "/usr/bin", "/bin"]);
}

/** Checks every tool and cached artefact; throws RuntimeSetupError naming the first thing missing. */
export function locateTools(): RuntimeTools {
    if (process.getuid?.() !== 0) {
        throw new RuntimeSetupError("they must run as root (real namespaces, mounts and network interfaces)");
    }
    const packages: Record<string, string> = {
        containerd: "containerd",
        "containerd-shim-runc-v2": "containerd",
        ctr: "containerd",
        runc: "runc",
        lsns: "util-linux",
        nsenter: "util-linux",
        ip: "iproute2",
        busybox: "busybox-static",
        sh: "dash",
    };
    for (const [tool, pkg] of Object.entries(packages)) {
        if (!findOnPath(tool)) throw new RuntimeSetupError(`'${tool}' is not installed (Debian package ${pkg})`);
    }
    for (const plugin of ["bridge", "host-local", "loopback"]) {
        if (!fs.existsSync(path.join("/usr/lib/cni", plugin))) {
            throw new RuntimeSetupError(`CNI plugin /usr/lib/cni/${plugin} is missing (Debian package containernetworking-plugins)`);
        }
    }
    const v = readVersions();
    const crictlDir = path.join(v.KPL_CACHE_DIR, "bin", `crictl-${v.CRICTL_VERSION}`);
    const crictl = path.join(crictlDir, "crictl");
    if (!fs.existsSync(crictl)) {
        throw new RuntimeSetupError(`'crictl' ${v.CRICTL_VERSION} is not built at ${crictl} (go install sigs.k8s.io/cri-tools/cmd/crictl)`);
    }
    const imageArchive = path.join(v.KPL_CACHE_DIR, "images", "current", "images.oci.tar");
    if (!fs.existsSync(imageArchive)) {
        throw new RuntimeSetupError(`the local image archive ${imageArchive} (pause, nginx and netshoot stand-ins) is not built`);
    }
    const tag = v.IMAGE_TAG;
    return {
        crictl,
        crictlDir,
        imageArchive,
        images: { pause: `${v.PAUSE_IMAGE}:${tag}`, nginx: `${v.NGINX_IMAGE}:${tag}`, netshoot: `${v.NETSHOOT_IMAGE}:${tag}` },
    };
}
