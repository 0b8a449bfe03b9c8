// What a runtime leaves on this machine, for the harness to find a free subnet and, at teardown, to remove: network
// links, mount points, cgroup trees.
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { run, runChecked } from "./process";

/** A third octet for 10.250.X.0/24 that no route on this machine uses (another run may hold one). */
export async function freeSubnetOctet(): Promise<number> {
    const routes = await runChecked("ip", ["-4", "route", "show"]);
    for (let attempt = 0; attempt < 50; attempt++) {
        const octet = 1 + (randomBytes(1)[0] % 254);
        if (!routes.includes(`10.250.${octet}.`)) return octet;
    }
    throw new Error("no free 10.250.X.0/24 subnet for the test CNI network");
}

export async function linkExists(name: string): Promise<boolean> {
    return (await run("ip", ["link", "show", "dev", name])).exitCode === 0;
}

/** Mount points at or below `dir`, in mount order (from /proc/self/mountinfo; octal escapes decoded). */
export function mountsUnder(dir: string): string[] {
    const points: string[] = [];
    for (const line of fs.readFileSync("/proc/self/mountinfo", "utf8").split("\n")) {
        const field = line.split(" ")[4];
        if (!field) continue;
        const mountPoint = field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
        if (mountPoint === dir || mountPoint.startsWith(dir + "/")) points.push(mountPoint);
    }
    return points;
}

/** Existing cgroup directories named `root` under every v1 hierarchy (and the unified one), deepest first. */
export function cgroupDirs(root: string): string[] {
    const found: string[] = [];
    let hierarchies: string[];
    try {
        hierarchies = fs.readdirSync("/sys/fs/cgroup").map((h) => path.join("/sys/fs/cgroup", h));
    } catch {
        return found;
    }
    const walk = (dir: string): void => {
        let entries: fs.Dirent[];
        try {
            entries = fs.readdirSync(dir, { withFileTypes: true });
        } catch {
            return;
        }
        for (const entry of entries) if (entry.isDirectory()) walk(path.join(dir, entry.name));
        found.push(dir);
    };
    for (const hierarchy of hierarchies) {
        const top = path.join(hierarchy, root);
        if (fs.existsSync(top)) walk(top);
    }
    return found;
}

export function removeCgroupTree(root: string): void {
    for (const dir of cgroupDirs(root)) {
        try {
            fs.rmdirSync(dir); // cgroup dirs are removed with rmdir, never recursively
        } catch {
            /* still busy: reported as a leftover */
        }
    }
}
