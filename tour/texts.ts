// Every sentence `lab tour` prints, in English and Korean (many of the lab's readers read Korean first; the write-up,
// docs/seed-lab.md's source, is Korean). One table per language with the same keys: the type makes a key missing in
// one language a build error, and test/unit/tour/texts.spec.ts checks that every text is there, translated and takes
// the same values. Pure: no Pulumi import.

export const LANGS = ["en", "ko"] as const;
export type Lang = (typeof LANGS)[number];

type V = Record<string, string | number>;
type Text = string | ((v: V) => string);

const EN = {
    // the tour's frame
    tourTitle: (v: V) => `The pause container lab on your cluster ${v.cluster} (docs/seed-lab.md), step by step`,
    stepHeading: (v: V) => `Step ${v.step}: ${v.title}`,
    ranAs: "ran as",
    psmiscNote: "kind nodes have no pstree (psmisc; the write-up apt-installs it): the same tree from ps, in pstree's shape",
    jqNote: "the runtime spec's namespaces, as `jq .info.runtimeSpec.linux.namespaces` would print them",
    httpNote: "an HTTP GET from this machine, as your browser makes it",
    trimmed: (v: V) => `… ${v.count} more lines (the whole output: the command above)`,
    exitStatus: (v: V) => `exit status ${v.code}`,
    verdict: "Verdict",
    lesson: "Lesson",
    question: "Your turn",
    answerPrompt: "Your answer (Enter to skip): ",
    skipped: "Skipped: the next step shows it.",
    staleEvidence: (v: V) =>
        `Pod ${v.pod} was replaced after the last lab up: the stack's evidence is from sandbox ${v.stackSandbox}, the pod now runs in sandbox ${v.liveSandbox}. The values below are live; npm run lab -- up records them again.`,
    missingPod: (v: V) => `Pod ${v.pod} is not running (${v.why}): npm run lab -- up makes it again.`,
    noStack: (v: V) => `there is no stack ${v.stack} on ${v.backend}: npm run lab -- up makes the lab, then run the tour`,
    noEvidence: (v: V) =>
        `stack ${v.stack} has no evidence yet (never up, or destroyed): npm run lab -- up makes the lab, then run the tour`,
    noCluster: (v: V) => `${v.what}: npm run lab -- up brings the lab back, then run the tour`,
    // marks beside the output lines
    markShared: (v: V) => `◀ ${v.type}: pause's, shared in the pod`,
    markOwn: (v: V) => `◀ ${v.type}: this process's own`,
    markHost: (v: V) => `◀ ${v.type}: the node's (PID 1's)`,
    markPause: (v: V) => `◀ pause of ${v.pod}`,
    markContainer: (v: V) => `◀ ${v.container} (pod ${v.pod})`,
    markPodIp: (v: V) => `◀ pod IP of ${v.pod}`,
    markNodeIp: (v: V) => `◀ ${v.node}'s address (INTERNAL-IP)`,
    markPort: "◀ published to this machine",
    markNodePort: "◀ NodePort: the worker publishes it to this machine",
    markJoins: (v: V) => `◀ joins pause's (PID ${v.pid}) ${v.type}`,
    markCreates: (v: V) => `◀ its own new ${v.type}`,
    markReady: (v: V) => `◀ ${v.ready} containers ready`,
    // step titles (docs/seed-lab.md's numbering)
    title21: "a two-node kind cluster",
    title22: "the nodes, their addresses and published ports",
    title23: "kube-ops-view on a NodePort",
    title24: "on the worker: systemd, kubelet, containerd and the pods' processes",
    title25: "pod myweb: pause and nginx, and their namespaces",
    title31: "pod myweb2: nginx and a netshoot sidecar",
    title32: "the namespaces of myweb2's two containers",
    title33: "pause's namespaces: the shared ones are its own",
    title34: "one network namespace, one pod IP",
    title35: "what the runtime was told: crictl inspect",
    title6: "summary",
    // lessons
    lesson21: (v: V) =>
        `kind runs each Kubernetes node as a container. The worker publishes host ports ${v.ports} (extraPortMappings), so a NodePort service on the worker reaches this machine.`,
    lesson22:
        "Each node container has an address on the runtime's `kind` network: that is the node's INTERNAL-IP, and `docker port` shows the worker's ports published to this machine.",
    lesson23: (v: V) =>
        `kube-ops-view draws the cluster's nodes and pods; its Service is a NodePort, which the worker publishes, so it opens at ${v.url}.`,
    lesson24:
        "On the node, systemd starts containerd and the kubelet. For each pod the kubelet asks containerd (CRI) for a sandbox: a containerd-shim whose first child is pause; the pod's containers start under the same shim.",
    lesson25:
        "pause is the pod's first process. nginx runs in pause's net, ipc and uts namespaces, while its mnt and pid namespaces are its own; the node's PID 1 is in neither pod namespace.",
    lesson31:
        "myweb2 runs two containers: nginx, and netshoot curling localhost every 5 seconds. localhost reaches nginx because both containers are in one network namespace.",
    lesson32:
        "Compare the NS column of the two tables: net, ipc and uts carry the same inode in both containers; mnt and pid differ, each container has its own.",
    lesson33:
        "pause holds the very inodes both containers share: pause made net, ipc and uts when the pod started, and the containers joined them.",
    lesson34:
        "nsenter -n enters a process's network namespace: pause, nginx and netshoot see the same interfaces and the same pod IP, because it is one namespace.",
    lesson35:
        "The runtime spec says it outright: the containers join /proc/<pause PID>/ns/net, ipc and uts (a path), and get new mnt and pid namespaces (no path).",
    lesson6:
        "net, ipc and uts are created and kept by pause and shared by every container of the pod; mnt and pid (and, on cgroup v2, cgroup) are each container's own. Without pause there would be no namespace for the containers to share.",
    cgroupV1Note:
        "cgroup is the node's here: on a cgroup v1 host containerd leaves containers in the node's cgroup namespace (the write-up, on cgroup v2, saw one per container).",
    // questions
    question25: "Which PID is myweb's pause? (find it in the tree above)",
    question32: "What are the PIDs of myweb2's nginx and netshoot? Answer NGINXPID,NETSHPID.",
    question33: "Which net namespace inode do myweb2's nginx and netshoot share (step 3.2)?",
    question34: "What is myweb2's pod IP, as nsenter shows it?",
    right25: (v: V) =>
        `Right: PID ${v.answer} is /pause, the first process under myweb's containerd-shim; nginx (PID ${v.app}) joined its net, ipc and uts.`,
    right32: (v: V) =>
        `Right: nginx is PID ${v.nginx} and netshoot's loop is PID ${v.netshoot}, both children of myweb2's containerd-shim.`,
    right33: (v: V) => `Right: net:[${v.answer}] is pause's (PID ${v.pause}); both containers joined it.`,
    right34: (v: V) => `Right: ${v.answer} is on eth0 in the pod's one network namespace, for pause, nginx and netshoot alike.`,
    // hints: never the answer
    hintNotANumber: "A PID is a number, like the second column of ps -ef.",
    hintNotPids: "Give two PIDs, nginx's first: NGINXPID,NETSHPID.",
    hintNotInode: "A namespace inode is the number in the NS column of lsns (or in net:[…] of /proc/PID/ns/net).",
    hintNotIp: "An IPv4 address, like 10.244.1.5.",
    hintNoSuchPid: (v: V) => `No process ${v.answer} runs on ${v.node} now. Look at the tree again: pause runs /pause.`,
    hintIsApp: (v: V) =>
        `PID ${v.answer} is ${v.what}, a container of the pod. pause is its sibling under the same containerd-shim: the one whose command is /pause.`,
    hintOtherPodPause: (v: V) =>
        `PID ${v.answer} is the pause of another pod (${v.pod}). Look under myweb's own containerd-shim: its -id is myweb's sandbox, ${v.sandbox}.`,
    hintNotPause: (v: V) =>
        `PID ${v.answer} is ${v.what}, not a pause. Each pod's pause is the first child of its containerd-shim and runs /pause.`,
    hintNginxWorker: (v: V) =>
        `PID ${v.answer} is an nginx worker. The container's process is the master: "nginx: master process nginx -g daemon off;", the one ps -ef | grep 'nginx -g' finds.`,
    hintOtherPodNginx: (v: V) =>
        `PID ${v.answer} is the nginx of another pod (${v.pod}). myweb2's runs under myweb2's containerd-shim: compare the parent PIDs (PPID).`,
    hintLoopChild: (v: V) =>
        `PID ${v.answer} is a short-lived child of the netshoot loop (a sleep or a curl). The container's process is the bash running the loop: ps -ef | grep curl finds it.`,
    hintWrongPid: (v: V) =>
        `PID ${v.answer} is ${v.what}, not one of myweb2's two containers. Use the two ps -ef | grep lines of this step.`,
    hintOtherType: (v: V) => `${v.answer} is the ${v.type} namespace both containers share, not net. Take the net row of the lsns tables.`,
    hintOwnNs: (v: V) =>
        `${v.answer} is ${v.container}'s own ${v.type} namespace: the other container's differs. Shared ones carry the same number in both tables.`,
    hintHostNs: (v: V) =>
        `${v.answer} is the node's ${v.type} namespace (PID 1's). Look for the net row whose number the two containers have and PID 1 has not.`,
    hintUnknownInode:
        "No namespace of myweb2's containers has that inode. Read the net row of lsns -p $NGINXPID and lsns -p $NETSHPID in step 3.2.",
    hintLoopback: "127.0.0.1 is the loopback every network namespace has. The pod IP is the inet address on eth0.",
    hintNodeIp: (v: V) =>
        `${v.answer} is the node's address (${v.node}), outside the pod. The pod IP is on eth0 inside the pod: nsenter -t $PAUSEPID -n ip -c addr.`,
    hintOtherPodIp: (v: V) => `${v.answer} is the IP of another pod (${v.pod}).`,
    hintWrongIp: "That address is not on eth0 in myweb2's network namespace. Read the inet line of eth0 in this step's output.",
    // what a process is, in hints
    whatNginx: (v: V) => `nginx of pod ${v.pod}`,
    whatContainer: (v: V) => `container ${v.container} of pod ${v.pod}`,
    whatPause: (v: V) => `the pause of pod ${v.pod}`,
    whatProcess: (v: V) => `${v.comm} (not a lab pod's container)`,
    // verdicts
    verdictNodes: (v: V) => `kind lists ${v.nodes}: the nodes the stack's \`nodes\` output names.`,
    verdictNodesDiffer: (v: V) => `kind lists ${v.live}, the stack recorded ${v.stack}: npm run lab -- up makes the cluster as declared.`,
    verdictAddresses: (v: V) => `Every node's INTERNAL-IP and the worker's published ports (${v.ports}) are what the stack recorded.`,
    verdictAddressesDiffer: (v: V) =>
        `The stack recorded ${v.stack}, the cluster shows ${v.live}: the nodes restarted since the last lab up, which records them again.`,
    verdictKov: (v: V) => `kube-ops-view answers at ${v.url} (HTTP ${v.status}).`,
    verdictKovDown: (v: V) => `kube-ops-view does not answer at ${v.url} (${v.why}): npm run lab -- status says why.`,
    verdictTree: (v: V) => `containerd and the kubelet run on ${v.node}; ${v.pods} each have a containerd-shim whose first child is pause.`,
    verdictTreeMissing: (v: V) => `Not found on ${v.node}: ${v.missing}.`,
    verdictPod: (v: V) =>
        `Live on ${v.node}: ${v.shared} are pause's and shared${v.own ? `; ${v.own} are each container's own` : ""}${v.host ? `; ${v.host} are the node's` : ""}.`,
    verdictMatchesStack: (v: V) => `The stack's evidence (sandbox ${v.sandbox}) says the same.`,
    verdictDiffersStack: (v: V) => `The stack's evidence (sandbox ${v.sandbox}) differs: ${v.diff}.`,
    verdictRunning: (v: V) =>
        `Pod ${v.pod} runs ${v.ready} on ${v.node} with IP ${v.ip}${v.stackIp && v.stackIp !== v.ip ? ` (the stack recorded ${v.stackIp})` : ", as the stack recorded"}.`,
    verdictSameAddresses: (v: V) => `pause, ${v.containers} see the same addresses; the pod IP ${v.ip} is among them.`,
    verdictDifferentAddresses: (v: V) => `The processes see different addresses: ${v.diff}.`,
    verdictSpec: (v: V) =>
        `The runtime spec joins /proc/${v.pid}/ns/{${v.joined}} for ${v.containers}, and creates ${v.created}; crictl agrees with the kernel's inodes.`,
    verdictSpecInconsistent: (v: V) => `crictl's runtime spec and the kernel disagree: ${v.why}.`,
    verdictNotRunning: (v: V) => `Pod ${v.pod} is not running now: nothing to show live.`,
} satisfies Record<string, Text>;

export type TextKey = keyof typeof EN;

const KO: Record<TextKey, Text> = {
    tourTitle: (v: V) => `내 클러스터 ${v.cluster}에서 따라 하는 pause 컨테이너 실습 (docs/seed-lab.md)`,
    stepHeading: (v: V) => `${v.step}단계: ${v.title}`,
    ranAs: "실제 실행",
    psmiscNote: "kind 노드에는 pstree(psmisc)가 없습니다(원문은 apt로 설치): 같은 트리를 ps로 만들어 pstree 모양으로 보여 줍니다",
    jqNote: "런타임 스펙의 namespaces 부분 (`jq .info.runtimeSpec.linux.namespaces` 결과와 같음)",
    httpNote: "이 컴퓨터에서 보내는 HTTP GET (브라우저와 같음)",
    trimmed: (v: V) => `… ${v.count}줄 더 있음 (전체 출력: 위 명령)`,
    exitStatus: (v: V) => `종료 코드 ${v.code}`,
    verdict: "판정",
    lesson: "배울 점",
    question: "직접 찾아보기",
    answerPrompt: "답 (건너뛰려면 Enter): ",
    skipped: "건너뜀: 다음 단계에서 보여 줍니다.",
    staleEvidence: (v: V) =>
        `파드 ${v.pod}는 마지막 lab up 이후에 다시 만들어졌습니다: 스택의 증거는 샌드박스 ${v.stackSandbox}의 것이고, 지금 파드는 샌드박스 ${v.liveSandbox}에서 돕니다. 아래 값은 지금의 값이며, npm run lab -- up 을 실행하면 다시 기록합니다.`,
    missingPod: (v: V) => `파드 ${v.pod}가 실행 중이 아닙니다 (${v.why}): npm run lab -- up 으로 다시 만드세요.`,
    noStack: (v: V) => `${v.backend}에 스택 ${v.stack}이 없습니다: npm run lab -- up 으로 실습 환경을 만든 뒤 투어를 실행하세요`,
    noEvidence: (v: V) =>
        `스택 ${v.stack}에 아직 증거가 없습니다(up 전이거나 destroy 후): npm run lab -- up 으로 실습 환경을 만든 뒤 투어를 실행하세요`,
    noCluster: (v: V) => `${v.what}: npm run lab -- up 으로 실습 환경을 되살린 뒤 투어를 실행하세요`,
    markShared: (v: V) => `◀ ${v.type}: pause의 것, 파드 안에서 공유`,
    markOwn: (v: V) => `◀ ${v.type}: 이 프로세스만의 것`,
    markHost: (v: V) => `◀ ${v.type}: 노드의 것 (PID 1과 같음)`,
    markPause: (v: V) => `◀ ${v.pod}의 pause`,
    markContainer: (v: V) => `◀ ${v.container} (파드 ${v.pod})`,
    markPodIp: (v: V) => `◀ ${v.pod}의 파드 IP`,
    markNodeIp: (v: V) => `◀ ${v.node}의 주소 (INTERNAL-IP)`,
    markPort: "◀ 이 컴퓨터로 공개된 포트",
    markNodePort: "◀ NodePort: 워커가 이 컴퓨터로 공개",
    markJoins: (v: V) => `◀ pause(PID ${v.pid})의 ${v.type}에 합류`,
    markCreates: (v: V) => `◀ 새 ${v.type}를 따로 만듦`,
    markReady: (v: V) => `◀ 컨테이너 ${v.ready} 준비됨`,
    title21: "노드 두 대짜리 kind 클러스터",
    title22: "노드와 주소, 공개된 포트",
    title23: "NodePort로 여는 kube-ops-view",
    title24: "워커 노드 안: systemd, kubelet, containerd와 파드의 프로세스",
    title25: "파드 myweb: pause와 nginx, 그리고 네임스페이스",
    title31: "파드 myweb2: nginx와 netshoot 사이드카",
    title32: "myweb2의 두 컨테이너의 네임스페이스",
    title33: "pause의 네임스페이스: 공유되는 것은 pause의 것",
    title34: "하나의 네트워크 네임스페이스, 하나의 파드 IP",
    title35: "런타임이 받은 설정: crictl inspect",
    title6: "정리",
    lesson21: (v: V) =>
        `kind는 쿠버네티스 노드 하나하나를 컨테이너로 실행합니다. 워커는 호스트 포트 ${v.ports}을 공개하므로(extraPortMappings) 워커의 NodePort 서비스에 이 컴퓨터에서 접속할 수 있습니다.`,
    lesson22:
        "노드 컨테이너마다 런타임의 `kind` 네트워크 주소가 있고, 그것이 노드의 INTERNAL-IP입니다. `docker port`는 워커가 이 컴퓨터로 공개한 포트를 보여 줍니다.",
    lesson23: (v: V) =>
        `kube-ops-view는 클러스터의 노드와 파드를 그림으로 보여 줍니다. 서비스가 NodePort이고 워커가 이 포트를 공개하므로 ${v.url} 로 열립니다.`,
    lesson24:
        "노드에서는 systemd가 containerd와 kubelet을 실행합니다. kubelet은 파드마다 containerd(CRI)에 샌드박스를 요청하고, 그 결과 containerd-shim이 생기며 그 첫 자식이 pause입니다. 파드의 컨테이너들은 같은 shim 아래에서 시작됩니다.",
    lesson25:
        "pause는 파드의 첫 프로세스입니다. nginx는 pause의 net, ipc, uts 네임스페이스 안에서 돌고, mnt와 pid 네임스페이스는 자기 것을 따로 가집니다. 노드의 PID 1은 파드의 어느 네임스페이스에도 없습니다.",
    lesson31:
        "myweb2는 컨테이너 두 개를 실행합니다: nginx, 그리고 5초마다 localhost로 curl을 보내는 netshoot. 두 컨테이너가 하나의 네트워크 네임스페이스에 있기 때문에 localhost로 nginx에 닿습니다.",
    lesson32:
        "두 표의 NS 열을 비교해 보세요: net, ipc, uts는 두 컨테이너에서 같은 inode이고, mnt와 pid는 서로 다릅니다. 컨테이너마다 따로 가집니다.",
    lesson33:
        "두 컨테이너가 공유하는 바로 그 inode를 pause가 가지고 있습니다: 파드가 시작될 때 pause가 net, ipc, uts를 만들었고 컨테이너들이 거기에 합류했습니다.",
    lesson34:
        "nsenter -n은 프로세스의 네트워크 네임스페이스에 들어갑니다. pause, nginx, netshoot 모두 같은 인터페이스와 같은 파드 IP를 봅니다. 네임스페이스가 하나이기 때문입니다.",
    lesson35:
        "런타임 스펙에 그대로 적혀 있습니다: 컨테이너는 /proc/<pause PID>/ns/의 net, ipc, uts에 합류하고(path가 있음), mnt와 pid는 새로 만듭니다(path가 없음).",
    lesson6:
        "net, ipc, uts 네임스페이스는 pause가 만들고 유지하며 파드의 모든 컨테이너가 공유합니다. mnt와 pid(cgroup v2에서는 cgroup도)는 컨테이너마다 따로 가집니다. pause가 없다면 컨테이너들이 공유할 네임스페이스도 없습니다.",
    cgroupV1Note:
        "여기서는 cgroup이 노드의 것입니다: cgroup v1 호스트에서 containerd는 컨테이너를 노드의 cgroup 네임스페이스에 둡니다(cgroup v2를 쓴 원문에서는 컨테이너마다 따로였습니다).",
    question25: "myweb의 pause는 몇 번 PID일까요? (위 트리에서 찾아보세요)",
    question32: "myweb2의 nginx와 netshoot의 PID는? NGINXPID,NETSHPID 형식으로 답하세요.",
    question33: "myweb2의 nginx와 netshoot가 공유하는 net 네임스페이스의 inode는? (3.2단계)",
    question34: "nsenter로 본 myweb2의 파드 IP는?",
    right25: (v: V) =>
        `정답: PID ${v.answer}는 myweb의 containerd-shim 아래 첫 프로세스인 /pause입니다. nginx(PID ${v.app})가 그 net, ipc, uts에 합류했습니다.`,
    right32: (v: V) =>
        `정답: nginx는 PID ${v.nginx}, netshoot의 반복문은 PID ${v.netshoot}이며 둘 다 myweb2의 containerd-shim의 자식입니다.`,
    right33: (v: V) => `정답: net:[${v.answer}]는 pause(PID ${v.pause})의 것이고, 두 컨테이너가 여기에 합류했습니다.`,
    right34: (v: V) => `정답: ${v.answer}는 파드의 하나뿐인 네트워크 네임스페이스의 eth0 주소로, pause, nginx, netshoot 모두 같습니다.`,
    hintNotANumber: "PID는 숫자입니다. ps -ef의 두 번째 열처럼요.",
    hintNotPids: "PID 두 개를 nginx 먼저 적어 주세요: NGINXPID,NETSHPID.",
    hintNotInode: "네임스페이스 inode는 lsns의 NS 열에 있는 숫자입니다(/proc/PID/ns/net의 net:[…] 안의 숫자와 같음).",
    hintNotIp: "10.244.1.5 같은 IPv4 주소로 답하세요.",
    hintNoSuchPid: (v: V) => `지금 ${v.node}에는 PID ${v.answer} 프로세스가 없습니다. 트리를 다시 보세요: pause는 /pause를 실행합니다.`,
    hintIsApp: (v: V) =>
        `PID ${v.answer}는 ${v.what}, 즉 파드의 컨테이너입니다. pause는 같은 containerd-shim 아래의 형제 프로세스로, 명령이 /pause인 것입니다.`,
    hintOtherPodPause: (v: V) =>
        `PID ${v.answer}는 다른 파드(${v.pod})의 pause입니다. myweb의 containerd-shim 아래를 보세요: 그 -id가 myweb의 샌드박스 ${v.sandbox}입니다.`,
    hintNotPause: (v: V) =>
        `PID ${v.answer}는 ${v.what}이며 pause가 아닙니다. 파드마다 pause는 containerd-shim의 첫 자식이고 /pause를 실행합니다.`,
    hintNginxWorker: (v: V) =>
        `PID ${v.answer}는 nginx 워커입니다. 컨테이너의 프로세스는 마스터 "nginx: master process nginx -g daemon off;", 즉 ps -ef | grep 'nginx -g'가 찾는 것입니다.`,
    hintOtherPodNginx: (v: V) =>
        `PID ${v.answer}는 다른 파드(${v.pod})의 nginx입니다. myweb2의 nginx는 myweb2의 containerd-shim 아래에 있습니다: 부모 PID(PPID)를 비교해 보세요.`,
    hintLoopChild: (v: V) =>
        `PID ${v.answer}는 netshoot 반복문이 잠깐 띄운 자식(sleep 또는 curl)입니다. 컨테이너의 프로세스는 반복문을 도는 bash로, ps -ef | grep curl이 찾습니다.`,
    hintWrongPid: (v: V) => `PID ${v.answer}는 ${v.what}이며 myweb2의 두 컨테이너가 아닙니다. 이 단계의 ps -ef | grep 두 줄을 보세요.`,
    hintOtherType: (v: V) => `${v.answer}는 두 컨테이너가 공유하는 ${v.type} 네임스페이스이지 net이 아닙니다. lsns 표의 net 줄을 보세요.`,
    hintOwnNs: (v: V) =>
        `${v.answer}는 ${v.container}만의 ${v.type} 네임스페이스입니다: 다른 컨테이너의 값은 다릅니다. 공유되는 것은 두 표에서 숫자가 같습니다.`,
    hintHostNs: (v: V) =>
        `${v.answer}는 노드(PID 1)의 ${v.type} 네임스페이스입니다. 두 컨테이너에는 있고 PID 1에는 없는 net 줄의 숫자를 찾아보세요.`,
    hintUnknownInode:
        "myweb2 컨테이너의 네임스페이스 중 그 inode는 없습니다. 3.2단계의 lsns -p $NGINXPID, lsns -p $NETSHPID에서 net 줄을 읽어 보세요.",
    hintLoopback: "127.0.0.1은 모든 네트워크 네임스페이스에 있는 루프백입니다. 파드 IP는 eth0의 inet 주소입니다.",
    hintNodeIp: (v: V) =>
        `${v.answer}는 파드 밖, 노드(${v.node})의 주소입니다. 파드 IP는 파드 안의 eth0에 있습니다: nsenter -t $PAUSEPID -n ip -c addr.`,
    hintOtherPodIp: (v: V) => `${v.answer}는 다른 파드(${v.pod})의 IP입니다.`,
    hintWrongIp: "그 주소는 myweb2 네트워크 네임스페이스의 eth0에 없습니다. 이 단계 출력에서 eth0의 inet 줄을 읽어 보세요.",
    whatNginx: (v: V) => `파드 ${v.pod}의 nginx`,
    whatContainer: (v: V) => `파드 ${v.pod}의 컨테이너 ${v.container}`,
    whatPause: (v: V) => `파드 ${v.pod}의 pause`,
    whatProcess: (v: V) => `${v.comm}(실습 파드의 컨테이너가 아님)`,
    verdictNodes: (v: V) => `kind가 보여 주는 노드 ${v.nodes}는 스택의 \`nodes\` 출력과 같습니다.`,
    verdictNodesDiffer: (v: V) =>
        `kind는 ${v.live}를 보여 주지만 스택에는 ${v.stack}가 기록되어 있습니다: npm run lab -- up 이 선언대로 클러스터를 만듭니다.`,
    verdictAddresses: (v: V) => `노드마다의 INTERNAL-IP와 워커가 공개한 포트(${v.ports})가 스택에 기록된 것과 같습니다.`,
    verdictAddressesDiffer: (v: V) =>
        `스택에는 ${v.stack}, 클러스터에는 ${v.live}: 마지막 lab up 이후 노드가 다시 시작되었습니다. lab up 이 다시 기록합니다.`,
    verdictKov: (v: V) => `kube-ops-view가 ${v.url}에서 응답합니다 (HTTP ${v.status}).`,
    verdictKovDown: (v: V) => `kube-ops-view가 ${v.url}에서 응답하지 않습니다 (${v.why}): npm run lab -- status 가 이유를 보여 줍니다.`,
    verdictTree: (v: V) =>
        `${v.node}에서 containerd와 kubelet이 돌고 있고, ${v.pods}마다 containerd-shim이 있으며 그 첫 자식이 pause입니다.`,
    verdictTreeMissing: (v: V) => `${v.node}에서 찾지 못함: ${v.missing}.`,
    verdictPod: (v: V) =>
        `지금 ${v.node}에서: ${v.shared}는 pause의 것이며 공유됩니다${v.own ? `. ${v.own}는 컨테이너마다 따로입니다` : ""}${v.host ? `. ${v.host}는 노드의 것입니다` : ""}.`,
    verdictMatchesStack: (v: V) => `스택의 증거(샌드박스 ${v.sandbox})도 같습니다.`,
    verdictDiffersStack: (v: V) => `스택의 증거(샌드박스 ${v.sandbox})와 다릅니다: ${v.diff}.`,
    verdictRunning: (v: V) =>
        `파드 ${v.pod}는 ${v.node}에서 ${v.ready}로 돌고 있고 IP는 ${v.ip}입니다${v.stackIp && v.stackIp !== v.ip ? ` (스택에는 ${v.stackIp}로 기록됨)` : ". 스택에 기록된 것과 같습니다"}.`,
    verdictSameAddresses: (v: V) => `pause, ${v.containers}가 같은 주소를 봅니다. 파드 IP ${v.ip}도 그중에 있습니다.`,
    verdictDifferentAddresses: (v: V) => `프로세스마다 보는 주소가 다릅니다: ${v.diff}.`,
    verdictSpec: (v: V) =>
        `런타임 스펙은 ${v.containers}에 대해 /proc/${v.pid}/ns/{${v.joined}}에 합류하고 ${v.created}는 새로 만듭니다. crictl의 설정과 커널의 inode가 일치합니다.`,
    verdictSpecInconsistent: (v: V) => `crictl의 런타임 스펙과 커널이 일치하지 않습니다: ${v.why}.`,
    verdictNotRunning: (v: V) => `파드 ${v.pod}가 지금 실행 중이 아니어서 보여 줄 것이 없습니다.`,
};

export const TEXTS: Record<Lang, Record<TextKey, Text>> = { en: EN, ko: KO };

/** The text of KEY in LANG with VALUES filled in. */
export function text(lang: Lang, key: TextKey, values: V = {}): string {
    const t = TEXTS[lang][key];
    return typeof t === "function" ? t(values) : t;
}

/** A translator bound to one language. */
export type Tr = (key: TextKey, values?: V) => string;
export function translator(lang: Lang): Tr {
    return (key, values) => text(lang, key, values);
}

/**
 * The language: --lang when given, else the locale the environment names (LC_ALL, then LC_MESSAGES, then LANG, as
 * POSIX orders them): Korean for ko_KR.UTF-8 and the like, English otherwise.
 */
export function chooseLang(flag: string | undefined, env: NodeJS.ProcessEnv): Lang | { error: string } {
    if (flag !== undefined) {
        return (LANGS as readonly string[]).includes(flag)
            ? (flag as Lang)
            : { error: `--lang must be one of ${LANGS.join(", ")}, got "${flag}"` };
    }
    const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
    return /^ko([_.@-]|$)/i.test(locale) ? "ko" : "en";
}
