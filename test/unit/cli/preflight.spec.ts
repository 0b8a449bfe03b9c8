// Preflight logic with injected probes (no Docker, kind or Pulumi needed), plus the real port probe on a socket this
// test holds open.
import { strict as assert } from "assert";
import * as net from "net";
import {
    CommandResult,
    compareVersions,
    MIN_MEMORY_BYTES,
    needsFor,
    onceProbes,
    parseKindVersion,
    parsePulumiVersion,
    preflight,
    PreflightProbes,
    PreflightRequest,
    realProbes,
} from "../../../cli/preflight";
import { RUNTIMES } from "../../../host/runtimes";
import { runtimeInfoKey } from "../support/runtimeInfo";

const GiB = 1024 ** 3;

/** A laptop where everything is in order; override one answer per test. */
function fakeMachine(
    over: {
        commands?: Record<string, CommandResult>;
        busyPorts?: number[];
        hostMemory?: number;
        files?: Record<string, string>;
    } = {},
): PreflightProbes & { calls: string[] } {
    const commands: Record<string, CommandResult> = {
        "docker info --format {{.ServerVersion}}|{{.MemTotal}}": { code: 0, stdout: `28.5.1|${8 * GiB}\n`, stderr: "" },
        "kind version": { code: 0, stdout: "kind v0.32.0 go1.25.4 linux/amd64\n", stderr: "" },
        "kind get clusters": { code: 0, stdout: "", stderr: "No kind clusters found.\n" },
        "pulumi version": { code: 0, stdout: "v3.276.0\n", stderr: "" },
        ...over.commands,
    };
    const calls: string[] = [];
    return {
        calls,
        run: async (program, args) => {
            const key = [program, ...args].join(" ");
            calls.push(key);
            const r = commands[key];
            if (!r) throw new Error(`unexpected command in test: ${key}`);
            return r;
        },
        // The host scripts' own lines are tested against the real scripts (test/unit/host/commands.spec.ts, and the
        // port check below); here they answer as they do: runtime-info.sh prints the runtime's `info --format` (or
        // exits 3/4 with its line), a busy port gives the port check's line.
        runHostCommand: async (line) => {
            const key = runtimeInfoKey(line);
            if (key !== undefined) {
                calls.push(key);
                const r = commands[key];
                if (!r) throw new Error(`unexpected runtime in test: ${line}`);
                return r;
            }
            calls.push(line);
            const busy = (over.busyPorts ?? []).filter((p) => line.includes(` '${p}' 'tcp'`));
            const stderr = busy
                .map(
                    (p) =>
                        `kind-pause-lab: host port ${p}/tcp on 127.0.0.1 (workerPortMappings "${p}:${p}") is already in use by another program\n`,
                )
                .join("");
            return { code: busy.length > 0 ? 1 : 0, stdout: "", stderr };
        },
        hostMemoryBytes: () => over.hostMemory ?? 16 * GiB,
        readFile: (file) => over.files?.[file],
    };
}

const PODMAN_INFO = `podman info --format ${RUNTIMES.podman.infoFormat}`;

const upRequest: PreflightRequest = {
    need: needsFor("up"),
    clusterName: "myk8s",
    hostPorts: [
        { hostPort: 30000, containerPort: 30000, protocol: "TCP" },
        { hostPort: 30001, containerPort: 30001, protocol: "TCP" },
    ],
};

describe("lab preflight", () => {
    it("passes a machine with Docker, kind, Pulumi, free ports and memory, noting the versions", async () => {
        const result = await preflight(upRequest, fakeMachine());
        assert.deepEqual(result.problems, []);
        assert.deepEqual(result.notes, ["docker: daemon 28.5.1 reachable", "kind: v0.32.0", "pulumi: v3.276.0"]);
    });

    it("podman as the node runtime: its CLI and service are what is checked, and what it gives containers is the memory", async () => {
        const podman = { ...upRequest, runtime: "podman" as const };
        const ok = await preflight(
            podman,
            fakeMachine({
                commands: {
                    [PODMAN_INFO]: {
                        code: 0,
                        stdout: `4.3.1|${3 * GiB}|cni|runc|v1|false\n`,
                        stderr: "",
                    },
                },
            }),
        );
        assert.deepEqual(ok.problems, []);
        assert.equal(ok.notes[0], "podman: 4.3.1 reachable");
        // CNI networks without the dnsname plugin: kind's worker cannot resolve the control plane (a note: with the plugin it works)
        assert.match(ok.notes[1], /^podman uses its CNI network backend, .*install netavark and aardvark-dns/);
        assert.ok(
            ok.notes.some((n) => n.startsWith("memory available to podman is 3.0 GiB")),
            ok.notes.join("\n"),
        );
        const missing = await preflight(
            podman,
            fakeMachine({
                commands: {
                    [PODMAN_INFO]: {
                        code: 3,
                        stdout: "",
                        stderr: "kind-pause-lab: podman is not installed (no `podman` on PATH; kind-pause-lab:nodeRuntime or KIND_EXPERIMENTAL_PROVIDER chose it): install it or choose docker\n",
                    },
                },
            }),
        );
        assert.deepEqual(missing.missing, ["podman CLI"]);
        assert.match(
            missing.problems[0],
            /^podman is not installed \(no `podman` on PATH; kind-pause-lab:nodeRuntime or KIND_EXPERIMENTAL_PROVIDER chose it\)/,
        );
        const down = await preflight(
            podman,
            fakeMachine({
                commands: {
                    [PODMAN_INFO]: {
                        code: 4,
                        stdout: "",
                        stderr: "kind-pause-lab: podman is not answering (Error: cannot connect): start it and check `podman info`\n",
                    },
                },
            }),
        );
        assert.deepEqual(down.missing, ["podman service"]);
        assert.equal(down.problems[0], "podman is not answering (Error: cannot connect): start it and check `podman info`");
    });

    it("podman with crun on a hybrid cgroup host: one problem naming runc or cgroup v2, where crun would fail kind's node start", async () => {
        const podman = { ...upRequest, runtime: "podman" as const };
        const machine = (info: string, controllers?: string) =>
            fakeMachine({
                commands: { [PODMAN_INFO]: { code: 0, stdout: `${info}\n`, stderr: "" } },
                files: controllers === undefined ? {} : { "/sys/fs/cgroup/unified/cgroup.controllers": controllers },
            });
        // this machine: cgroup v1 with cgroup2 beside it, hugetlb on the cgroup2 side
        const hybrid = await preflight(podman, machine(`4.3.1|${8 * GiB}|netavark|crun|v1|false`, "hugetlb\n"));
        assert.equal(hybrid.problems.length, 1, hybrid.problems.join("\n"));
        assert.equal(
            hybrid.problems[0],
            'podman runs containers with crun, which refuses this host\'s hybrid cgroups (cgroup v1, and the cgroup2 hierarchy has controllers: hugetlb), so kind cannot start its nodes: install runc and set runtime = "runc" under [engine] in /etc/containers/containers.conf (or the file CONTAINERS_CONF names), or boot with cgroup v2 (systemd.unified_cgroup_hierarchy=1)',
        );
        // what crun accepts: runc chosen, cgroup v2, a hybrid host without controllers on cgroup2, pure v1, a remote podman
        for (const [info, controllers] of [
            [`4.3.1|${8 * GiB}|netavark|runc|v1|false`, "hugetlb\n"],
            [`4.9.3|${8 * GiB}|netavark|crun|v2|false`, undefined],
            [`4.3.1|${8 * GiB}|netavark|crun|v1|false`, "\n"],
            [`4.3.1|${8 * GiB}|netavark|crun|v1|false`, undefined],
            [`5.2.0|${8 * GiB}|netavark|crun|v1|true`, "hugetlb\n"],
        ] as const) {
            assert.deepEqual((await preflight(podman, machine(info, controllers))).problems, [], info);
        }
    });

    it("tells a missing docker CLI from an unreachable daemon by the stack's own check, whose line it reports", async () => {
        const DOCKER_INFO = `docker info --format ${RUNTIMES.docker.infoFormat}`;
        const missingLine = "docker is not installed (no `docker` on PATH): install Docker Desktop (macOS) or Docker Engine (Linux)";
        const missing = await preflight(
            upRequest,
            fakeMachine({ commands: { [DOCKER_INFO]: { code: 3, stdout: "", stderr: `kind-pause-lab: ${missingLine}\n` } } }),
        );
        assert.deepEqual(missing.problems, [missingLine]);
        assert.deepEqual(missing.missing, ["docker CLI"]);
        const downLine =
            "the Docker daemon is not reachable (Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?): start Docker (Docker Desktop, or `sudo systemctl start docker`) and check `docker info`";
        const noDaemon = await preflight(
            upRequest,
            fakeMachine({ commands: { [DOCKER_INFO]: { code: 4, stdout: "", stderr: `kind-pause-lab: ${downLine}\n` } } }),
        );
        assert.deepEqual(noDaemon.problems, [downLine]);
        assert.deepEqual(noDaemon.missing, ["Docker daemon"]);
        // answered the check, then `info --format` without a server version ("|0": a client whose daemon just went)
        const zeroExit = await preflight(
            upRequest,
            fakeMachine({ commands: { [DOCKER_INFO]: { code: 0, stdout: "|0\n", stderr: "Cannot connect to the Docker daemon\n" } } }),
        );
        assert.deepEqual(zeroExit.problems, [
            "`docker info` gave no server version (Cannot connect to the Docker daemon): check that Docker runs with `docker info`",
        ]);
        assert.deepEqual(zeroExit.missing, ["Docker daemon"]);
    });

    it("reports missing kind and Pulumi CLI with how to install them, one line each", async () => {
        const result = await preflight(
            upRequest,
            fakeMachine({
                commands: {
                    "kind version": { code: null, stdout: "", stderr: "", missing: true },
                    "pulumi version": { code: null, stdout: "", stderr: "", missing: true },
                },
            }),
        );
        assert.equal(result.problems.length, 2);
        assert.deepEqual(result.missing, ["kind", "Pulumi CLI"]);
        assert.match(result.problems[0], /^kind is not installed .*go install sigs\.k8s\.io\/kind@v0\.32\.0/);
        assert.match(result.problems[1], /^the Pulumi CLI is not installed/);
        for (const p of result.problems) assert.ok(!p.includes("\n"));
    });

    it("notes old versions without failing", async () => {
        const result = await preflight(
            upRequest,
            fakeMachine({
                commands: {
                    "kind version": { code: 0, stdout: "kind v0.20.0 go1.20.4 darwin/arm64\n", stderr: "" },
                    "pulumi version": { code: 0, stdout: "v3.150.0\n", stderr: "" },
                },
            }),
        );
        assert.deepEqual(result.problems, []);
        assert.ok(result.notes.some((n) => /kind v0\.20\.0 is older than v0\.32\.0/.test(n)));
        assert.ok(result.notes.some((n) => /Pulumi CLI v3\.150\.0 is older/.test(n)));
    });

    it("runs the stack's own port check (the create script's) and reports its lines without their prefix", async () => {
        const machine = fakeMachine({ busyPorts: [30001] });
        const result = await preflight(upRequest, machine);
        assert.ok(
            machine.calls.includes(
                "bash host/check-ports.sh '30000' 'tcp' '127.0.0.1' '30000:30000' '30001' 'tcp' '127.0.0.1' '30001:30001'",
            ),
            machine.calls.join("\n"),
        );
        assert.deepEqual(result.problems, [
            'host port 30001/tcp on 127.0.0.1 (workerPortMappings "30001:30001") is already in use by another program',
        ]);
    });

    it("skips the port check when the stack's kind cluster already holds the ports", async () => {
        const machine = fakeMachine({
            busyPorts: [30000, 30001],
            commands: { "kind get clusters": { code: 0, stdout: "other\nmyk8s\n", stderr: "" } },
        });
        const result = await preflight(upRequest, machine);
        assert.deepEqual(result.problems, []);
        assert.ok(result.notes.includes("kind cluster myk8s exists: host ports not checked (its nodes hold them)"));
    });

    it("uses the memory Docker reports, and the host's only when Docker is unreachable", async () => {
        const small = await preflight(
            upRequest,
            fakeMachine({
                commands: { "docker info --format {{.ServerVersion}}|{{.MemTotal}}": { code: 0, stdout: `28.5.1|${GiB}\n`, stderr: "" } },
            }),
        );
        assert.deepEqual(small.problems, [
            "memory available to Docker is 1.0 GiB; a two-node kind cluster needs at least 2.0 GiB (raise Docker Desktop's memory limit or close other containers)",
        ]);
        const medium = await preflight(
            upRequest,
            fakeMachine({
                commands: {
                    "docker info --format {{.ServerVersion}}|{{.MemTotal}}": { code: 0, stdout: `28.5.1|${3 * GiB}\n`, stderr: "" },
                },
            }),
        );
        assert.deepEqual(medium.problems, []);
        assert.ok(medium.notes.some((n) => n.startsWith("memory available to Docker is 3.0 GiB; 4.0 GiB or more is recommended")));
        const previewOnly = await preflight(
            { ...upRequest, need: { ...needsFor("preview"), memory: true } },
            fakeMachine({
                hostMemory: MIN_MEMORY_BYTES - 1,
                commands: {
                    "docker info --format {{.ServerVersion}}|{{.MemTotal}}": {
                        code: 1,
                        stdout: "",
                        stderr: "Cannot connect to the Docker daemon",
                    },
                },
            }),
        );
        assert.deepEqual(previewOnly.problems, [
            "host memory is 1.9 GiB; a two-node kind cluster needs at least 2.0 GiB (raise Docker Desktop's memory limit or close other containers)",
        ]);
    });

    it("asks only what a verb needs: preview and outputs need the Pulumi CLI alone", async () => {
        const machine = fakeMachine();
        const result = await preflight({ ...upRequest, need: needsFor("preview") }, machine);
        assert.deepEqual(result.problems, []);
        assert.deepEqual(machine.calls, ["pulumi version"]);
        const destroy = fakeMachine({ busyPorts: [30000] });
        assert.deepEqual((await preflight({ ...upRequest, need: needsFor("destroy") }, destroy)).problems, []);
        assert.ok(!destroy.calls.includes("kind get clusters"));
    });

    it("asks the tools at once, and reports their lines in a fixed order whichever answers first", async () => {
        const machine = fakeMachine();
        const slow = new Map<string, number>([
            ["docker", 30],
            ["kind", 20],
            ["pulumi", 0],
        ]);
        const running: string[] = [];
        let mostAtOnce = 0;
        const asked = async <T>(program: string, answer: () => Promise<T>): Promise<T> => {
            running.push(program);
            mostAtOnce = Math.max(mostAtOnce, running.length);
            await new Promise((resolve) => setTimeout(resolve, slow.get(program)));
            running.splice(running.indexOf(program), 1);
            return answer();
        };
        const probes: PreflightProbes = {
            ...machine,
            run: (program, args) => asked(program, () => machine.run(program, args)),
            // the runtime check; the port check comes after the cluster list
            runHostCommand: (line) =>
                line.includes("runtime-info.sh") ? asked("docker", () => machine.runHostCommand(line)) : machine.runHostCommand(line),
        };
        const result = await preflight(upRequest, probes);
        assert.equal(mostAtOnce, 4, "docker info, kind version, pulumi version and kind get clusters at once");
        assert.deepEqual(result.notes, ["docker: daemon 28.5.1 reachable", "kind: v0.32.0", "pulumi: v3.276.0"]);
    });

    it("onceProbes: a command line asked again gets the first answer; another one runs", async () => {
        const machine = fakeMachine({ commands: { "kind version -q": { code: 0, stdout: "0.32.0\n", stderr: "" } } });
        const probes = onceProbes(machine);
        // what `lab` does: the default runtime's preflight before the stack's config is read, then the real one
        const early = preflight({ ...upRequest, hostPorts: [] }, probes);
        const result = await preflight(upRequest, probes);
        await early;
        assert.deepEqual(result.notes, ["docker: daemon 28.5.1 reachable", "kind: v0.32.0", "pulumi: v3.276.0"]);
        const tools = machine.calls.filter((c) => !c.startsWith("bash") && !c.includes("check-ports"));
        assert.equal(new Set(tools).size, tools.length, `asked twice: ${tools.join(", ")}`);
        // the port check is the machine's state now, never an earlier answer
        assert.equal(machine.calls.length - tools.length, 1);
        await probes.run("kind", ["version", "-q"]);
        assert.ok(machine.calls.includes("kind version -q"));
    });

    it("parses tool versions and compares them numerically", () => {
        assert.equal(parseKindVersion("kind v0.32.0 go1.25.4 linux/amd64"), "0.32.0");
        assert.equal(parseKindVersion("kind version unknown"), undefined);
        assert.equal(parsePulumiVersion("v3.276.0\n"), "3.276.0");
        assert.equal(parsePulumiVersion("v3.276.1-dev.0+g1234abc"), "3.276.1");
        assert.equal(compareVersions("0.9.0", "0.32.0"), -1);
        assert.equal(compareVersions("3.276.0", "3.276.0"), 0);
        assert.equal(compareVersions("10.0.0", "9.99.99"), 1);
    });

    it("real port check: the stack's script finds a port this test listens on, and passes it once closed", async () => {
        const server = net.createServer();
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const port = (server.address() as net.AddressInfo).port;
        const request: PreflightRequest = {
            ...upRequest,
            need: { runtime: false, kind: false, pulumi: false, ports: true, memory: false },
            hostPorts: [{ hostPort: port, containerPort: 30000, protocol: "TCP", listenAddress: "127.0.0.1" }],
        };
        const busy = await preflight(request, realProbes());
        assert.deepEqual(busy.problems, [
            `host port ${port}/tcp on 127.0.0.1 (workerPortMappings "127.0.0.1:${port}:30000") is already in use by another program ("lsof -nP -iTCP:${port} -sTCP:LISTEN" shows which): free it or change kind-pause-lab:workerPortMappings`,
        ]);
        await new Promise<void>((resolve) => server.close(() => resolve()));
        assert.deepEqual((await preflight(request, realProbes())).problems, []);
    });

    it("real command probe: a program that does not exist is reported missing, not failed", async () => {
        const r = await realProbes().run("kpl-no-such-program-xyz", ["--version"]);
        assert.equal(r.missing, true);
    });
});
