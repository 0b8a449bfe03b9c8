// A `kpl-probe v1` document (docs/probe-format.md) for the mocked probe commands, assembled from real captures:
// lsns / nslinks / ip from test/fixtures/real (a runtime-less pod on this machine, capture.sh) and `crictl inspect`
// from the seed (test/fixtures/crictl-inspect-*.json, kind + containerd). The inspect JSON is re-pointed at the
// captured PIDs and renamed to the pod's containers; the two sources still disagree on cgroup (the capture kept the
// host's cgroup namespace), so the parsed report is realistic but not `consistent`.
import * as fs from "fs";
import * as path from "path";
import { FIXTURES } from "../../support/paths";

const read = (...parts: string[]) => fs.readFileSync(path.join(FIXTURES, ...parts), "utf8").replace(/\n+$/, "");

const CAPTURED_PIDS = Object.fromEntries(
    read("real", "pids.txt")
        .trim()
        .split(/\s+/)
        .map((pair) => pair.split("=") as [string, string]),
);
const SEED_PAUSE_PID = 1695;

interface CapturedTarget {
    capture: string; // file infix in test/fixtures/real
    pid: string;
    inspect?: { file: string; seedName: string; seedPid: number };
}

// The pod's containers take the captured app processes in order (nginx, then netshoot).
const APP_CAPTURES: Required<CapturedTarget>[] = [
    {
        capture: "nginx",
        pid: CAPTURED_PIDS.NGINX,
        inspect: { file: "crictl-inspect-myweb2-nginx.json", seedName: "myweb2-nginx", seedPid: 1757 },
    },
    {
        capture: "netshoot",
        pid: CAPTURED_PIDS.NETSHOOT,
        inspect: { file: "crictl-inspect-myweb2-netshoot.json", seedName: "myweb2-netshoot", seedPid: 1890 },
    },
];

export const FIXTURE_SANDBOX_ID = "9ccff0d4c0a38e769d7f48a552deca4f87df41c31e6cfa641c58688108a2a8bc";

function optional(...parts: string[]): string | undefined {
    return fs.existsSync(path.join(FIXTURES, ...parts)) ? read(...parts) : undefined;
}

function targetSections(name: string, capture: string, pid: string): string[] {
    const lsnsTable = optional("real", `lsns-p-${capture}.txt`) ?? read("real", `lsns-p-${capture}-numeric-user.txt`);
    const sections = [
        `#kpl-begin lsns target=${name} pid=${pid}\n${lsnsTable}\n#kpl-end lsns`,
        `#kpl-begin lsns-json target=${name} pid=${pid}\n${read("real", `lsns-J-p-${capture}.json`)}\n#kpl-end lsns-json`,
        `#kpl-begin nslinks target=${name} pid=${pid}\n${read("real", `nslinks-${capture}.txt`)}\n#kpl-end nslinks`,
    ];
    const ip = optional("real", `ip-j-addr-${capture}.json`);
    if (ip !== undefined) sections.push(`#kpl-begin ip target=${name} pid=${pid} format=json\n${ip}\n#kpl-end ip`);
    return sections;
}

export interface ProbedPod {
    uid: string;
    nodeName: string;
    containers: string[];
}

export function probeDocument(pod: ProbedPod): string {
    if (pod.containers.length > APP_CAPTURES.length) throw new Error(`probe fixture: at most ${APP_CAPTURES.length} containers`);
    const hostPid = CAPTURED_PIDS.HOST;
    const pausePid = CAPTURED_PIDS.PAUSE;
    const parts = [
        "#kpl-probe v1",
        `#kpl-begin meta\npodUid=${pod.uid}\nnode=${pod.nodeName}\ncrictl=crictl version v1.34.0\nlsns=lsns from util-linux 2.38.1\n#kpl-end meta`,
        `#kpl-begin host pid=${hostPid} source=probe-shell\n#kpl-end host`,
        `#kpl-begin nslinks target=host pid=${hostPid}\n${read("real", "nslinks-host.txt")}\n#kpl-end nslinks`,
        `#kpl-begin target name=pause pid=${pausePid} id=${FIXTURE_SANDBOX_ID}\n#kpl-end target`,
        ...targetSections("pause", "pause", pausePid).slice(0),
    ];
    pod.containers.forEach((name, index) => {
        const app = APP_CAPTURES[index];
        const inspectJson = read(app.inspect.file)
            .split(`/proc/${SEED_PAUSE_PID}/`)
            .join(`/proc/${pausePid}/`)
            .split(`"pid": ${app.inspect.seedPid},`)
            .join(`"pid": ${app.pid},`)
            .split(`"${app.inspect.seedName}"`)
            .join(`"${name}"`);
        const id = (JSON.parse(inspectJson) as { status: { id: string } }).status.id;
        parts.push(`#kpl-begin inspect container=${id} name=${name}\n${inspectJson}\n#kpl-end inspect`);
        parts.push(`#kpl-begin target name=${name} pid=${app.pid} id=${id}\n#kpl-end target`);
        parts.push(...targetSections(name, app.capture, app.pid));
    });
    parts.push("#kpl-end-of-probe status=ok");
    return `${parts.join("\n")}\n`;
}
