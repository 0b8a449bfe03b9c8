// An image whose entrypoint is a real arm64 program (Go cross-compiles it offline), marked with the daemon's own
// platform as hjacobs/kube-ops-view:20.4.0 is amd64 only: on an amd64 node the kernel refuses to run it, as an arm64
// Mac's node refuses the amd64 image ("exec format error"). For the kind and e2e suites' kube-ops-view cases.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const ARM64_STANDIN_IMAGE = "kpl-standin/kube-ops-view-arm64:20.4.0";

/** Builds ARM64_STANDIN_IMAGE into the Docker daemon `env` names (DOCKER_HOST); throws with the failing step's output. */
export function buildArm64StandIn(env: NodeJS.ProcessEnv): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kpl-arm64-"));
    try {
        fs.writeFileSync(path.join(dir, "main.go"), "package main\n\nfunc main() {}\n");
        fs.writeFileSync(path.join(dir, "go.mod"), "module kplarm64\n\ngo 1.22\n");
        fs.mkdirSync(path.join(dir, "rootfs"));
        const step = (what: string, argv: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
            const r = spawnSync(argv[0], argv.slice(1), { cwd: dir, env: { ...env, ...extraEnv }, encoding: "utf8" });
            if (r.status !== 0) throw new Error(`${what} failed: ${r.error?.message ?? r.stderr.trim()}`);
        };
        step("go build (GOARCH=arm64)", ["go", "build", "-o", path.join(dir, "rootfs", "kube-ops-view"), "."], {
            GOARCH: "arm64",
            GOOS: "linux",
            CGO_ENABLED: "0",
            GOFLAGS: "",
            GOTOOLCHAIN: "local",
            PATH: `/usr/local/go/bin:${env.PATH}`,
        });
        step("docker import", [
            "bash",
            "-c",
            `tar -C "$1" -c . | docker import --change 'ENTRYPOINT ["/kube-ops-view"]' - "$2"`,
            "kpl",
            path.join(dir, "rootfs"),
            ARM64_STANDIN_IMAGE,
        ]);
        return ARM64_STANDIN_IMAGE;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
