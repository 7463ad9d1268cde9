/**
 * Grader of the lab "node-agents": the agent obs/node-agent must run once on every node, the
 * control-plane node (label and NoSchedule taint node-role.kubernetes.io/control-plane, as kubeadm and
 * kind set them) included, and start by itself on a node that joins later. That is what a DaemonSet
 * does (pkg/controller/daemon): it makes one pod per node whose taints the pod template tolerates and
 * whose labels its nodeSelector and node affinity accept, and follows nodes as they come and go. A
 * Deployment of N replicas leaves where its pods go to the scheduler and never follows a new node.
 *
 * One scenario, shared by the checks: the submission runs for 45 s, the grader looks at every node,
 * then node worker-4 joins (the scenario step addNode; a real cluster skips it) and the grader records
 * every second for 30 s whether an agent on it is Ready. Nodes are told apart by the control-plane
 * label, not by name, so the node checks read a kind cluster the same way.
 */
import type { Node, Pod, PodSpec, Taint } from 'kubernetes-types/core/v1';
import { acceptedObject, defineGrader, fail, formatPosition, isOutcome, manifestsValidCheck, missingObject, partial, pass, simulatorOnly, text } from '../src/grading/index.ts';
import type { CheckContext, Outcome, ScenarioRun, SourcePosition, StepOutcome, SubmittedObject, Text } from '../src/grading/index.ts';
import { perSubmission } from '../src/grading/per-submission.ts';
import { failedScheduling, isRunningAndReady, namespaceOf } from '../src/grading/queries.ts';
import { containerRunningOrFirst, workloadRunning, type Workload } from '../src/grading/submitted.ts';
import { tolerates } from '../src/sim/controllers/taint-eviction.ts';
import { parseImage } from '../src/sim/kubelet/images.ts';
import { RequiredNodeAffinity } from '../src/sim/scheduler/helpers/node-affinity.ts';

const AGENT = 'node-agent';
const IMAGE = 'obs/node-agent';
const CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';
const LOOK_AT = 45;
/** The node that joins at t=LOOK_AT, built like the m6i generation the cloud now hands out. */
const NEW_NODE = { name: 'worker-4', cpu: '2', memory: '4Gi', labels: { 'node.kubernetes.io/instance-type': 'm6i.large' } };
/** Seconds the new node may wait for a Ready agent. */
const JOIN_DEADLINE = 30;
const WORKLOADS = ['DaemonSet', 'Deployment', 'StatefulSet', 'ReplicaSet'] as const;
const KIND_KO: Record<string, string> = { Deployment: '디플로이먼트(Deployment)', StatefulSet: '스테이트풀셋(StatefulSet)', ReplicaSet: '레플리카셋(ReplicaSet)' };

type Agent = SubmittedObject<Workload & { kind: string; spec?: { template?: { spec?: PodSpec } } }>;

interface Observed {
  run: ScenarioRun;
  agent?: Agent;
  /** Nodes and agent pods at t=LOOK_AT. */
  nodes: Node[];
  pods: Pod[];
  joined?: StepOutcome;
  /** Seconds after joining when an agent on the new node was first Ready. */
  readyAfter?: number;
  newNodePods: Pod[];
}

const agentOf = (ctx: CheckContext): Agent | undefined => workloadRunning(ctx, WORKLOADS, IMAGE, AGENT) as Agent | undefined;
const isControlPlane = (n: Node): boolean => n.metadata?.labels?.[CONTROL_PLANE] !== undefined;
const runsAgent = (p: Pod): boolean => !p.metadata?.deletionTimestamp && (p.spec?.containers ?? []).some((c) => parseImage(c.image ?? '').repository === IMAGE);

async function agentPods(run: ScenarioRun, agent: Agent | undefined): Promise<Pod[]> {
  return (await run.backend.list<Pod>('Pod', { namespace: agent ? namespaceOf(agent.object) : 'default' })).filter(runsAgent);
}

async function watchNodes(ctx: CheckContext): Promise<Observed> {
  const run = await ctx.scenario();
  const agent = agentOf(ctx);
  await run.advance(`${LOOK_AT}s`);
  const observed: Observed = { run, ...(agent ? { agent } : {}), nodes: await run.backend.list<Node>('Node'), pods: await agentPods(run, agent), newNodePods: [] };
  const joinedAt = run.now();
  observed.joined = await run.step({ name: 'addNode', args: NEW_NODE });
  if (observed.joined.status !== 'done') return observed;
  await run.probe('new-node', async () => (await agentPods(run, agent)).filter((p) => p.spec?.nodeName === NEW_NODE.name));
  await run.advance(`${JOIN_DEADLINE}s`);
  const ready = run.timeline<Pod[]>('new-node').find((s) => s.value.some(isRunningAndReady));
  if (ready) observed.readyAfter = ready.t - joinedAt;
  observed.newNodePods = run.timeline<Pod[]>('new-node').at(-1)!.value;
  return observed;
}

/** The scenario, run once per submission; every check reads the same observations. */
const observe = perSubmission(watchNodes);

const agentText = text(`에이전트 ${AGENT}`, `the agent ${AGENT}`);

async function acceptedAgent(ctx: CheckContext): Promise<{ o: Observed; a: Agent } | Outcome> {
  const o = await observe(ctx);
  const a = acceptedObject(ctx, o.run.applied, o.agent, agentText, 'DaemonSet', 'apps/v1');
  return isOutcome(a) ? a : { o, a };
}

const templateSpec = (a: Agent): PodSpec | undefined => a.object.spec?.template?.spec;

/** Whether the pod template's nodeSelector and required node affinity accept a node, as the scheduler reads them. */
function selects(a: Agent, node: { name: string; labels?: Record<string, string> }): boolean {
  return new RequiredNodeAffinity({ spec: { containers: [], ...templateSpec(a) } }).match({ metadata: { name: node.name, labels: node.labels ?? {} } });
}

/** Where the tolerations are, or the pod template's spec when it has none. */
function tolerationsAt(a: Agent): SourcePosition {
  return templateSpec(a)?.tolerations ? a.at(['spec', 'template', 'spec', 'tolerations']) : a.at(['spec', 'template', 'spec']);
}

const formatTaint = (t: Taint): string => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;

/** Why an agent is not on a node: the kind, the nodeSelector or an untolerated taint, with where to look. */
function whyNotOn(a: Agent, node: { name: string; labels?: Record<string, string>; taints?: Taint[] }): { why: Text; at: SourcePosition } {
  if (a.object.kind !== 'DaemonSet') {
    const at = a.at(['kind']);
    return {
      why: text(
        `${KIND_KO[a.object.kind] ?? a.object.kind}은(는) 레플리카 수만큼 파드를 두고 자리는 스케줄러에 맡긴다: 노드마다 하나를 보장하지 않고 새 노드를 따라가지도 않는다 (${formatPosition(at)}). 노드마다 하나씩은 데몬셋(DaemonSet)이 한다.`,
        `a ${a.object.kind} keeps a number of replicas wherever the scheduler puts them: it does not promise one per node, nor follow new nodes (${formatPosition(at)}). One pod per node is what a DaemonSet does.`,
      ),
      at,
    };
  }
  if (!selects(a, node)) {
    const field = templateSpec(a)?.nodeSelector ? 'nodeSelector' : 'affinity';
    const at = a.at(['spec', 'template', 'spec', field]);
    return {
      why: text(
        `${field}(${formatPosition(at)})가 노드 ${node.name}의 레이블과 맞지 않아 데몬셋 컨트롤러가 그 노드에 파드를 만들지 않는다.`,
        `the ${field} (${formatPosition(at)}) does not match node ${node.name}'s labels, so the DaemonSet controller makes no pod for it.`,
      ),
      at,
    };
  }
  const tolerations = templateSpec(a)?.tolerations ?? [];
  const untolerated = (node.taints ?? []).filter((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerations.some((x) => tolerates(x, t)));
  if (untolerated.length > 0) {
    const at = tolerationsAt(a);
    const taints = untolerated.map(formatTaint).join(', ');
    // kubeadm stopped tainting control-plane nodes node-role.kubernetes.io/master in v1.25 (KEP-2067, kubernetes/kubernetes#110095).
    const master = tolerations.some((t) => t.key === 'node-role.kubernetes.io/master');
    return {
      why: text(
        `노드 ${node.name}의 테인트 ${taints}을(를) 용인하는 톨러레이션이 없어 데몬셋 컨트롤러가 그 노드에 파드를 만들지 않는다 (${formatPosition(at)}).${master ? ' node-role.kubernetes.io/master는 옛 이름이다: kubeadm은 1.25부터 이 테인트를 붙이지 않는다.' : ''}`,
        `no toleration matches node ${node.name}'s taint ${taints}, so the DaemonSet controller makes no pod for it (${formatPosition(at)}).${master ? ' node-role.kubernetes.io/master is the old name: kubeadm no longer sets that taint since 1.25.' : ''}`,
      ),
      at,
    };
  }
  const at = a.at(['spec', 'template', 'spec']);
  return { why: text(`노드 ${node.name}에서 에이전트가 준비되지 않았다.`, `the agent is not ready on node ${node.name}.`), at };
}

/** Ready agents per node, as `node: n` for messages. */
function perNode(nodes: Node[], pods: Pod[]): { name: string; ready: number; all: number }[] {
  return nodes.map((n) => {
    const on = pods.filter((p) => p.spec?.nodeName === n.metadata!.name);
    return { name: n.metadata!.name!, ready: on.filter(isRunningAndReady).length, all: on.length };
  });
}

const schedulerSays = (pods: Pod[]): Text => {
  const msg = failedScheduling(pods.filter((p) => !p.spec?.nodeName));
  return msg ? text(` 스케줄러의 메시지: "${msg}".`, ` The scheduler says: "${msg}".`) : text('', '');
};

export default defineGrader({
  lab: 'node-agents',
  settle: `${LOOK_AT}s`,
  checks: [
    manifestsValidCheck(10, [
      text('`tolerations`, `volumes`는 파드 템플릿의 `spec` 아래, `containers`와 같은 열에 쓴다. `volumeMounts`는 컨테이너 안에 쓴다.', '`tolerations` and `volumes` go under the pod template\'s `spec`, in the same column as `containers`; `volumeMounts` go inside the container.'),
      text('데몬셋(DaemonSet)에는 `replicas`가 없다: 노드 수가 곧 파드 수다.', 'A DaemonSet has no `replicas`: the number of nodes is the number of pods.'),
    ]),
    {
      id: 'daemonset',
      title: text('에이전트가 데몬셋(DaemonSet)이다', 'The agent is a DaemonSet'),
      points: 15,
      hints: [text('`kind: DaemonSet`(apiVersion apps/v1)은 `replicas` 없이 `selector`와 `template`만 가진다. 노드마다 파드 하나를 둔다.', '`kind: DaemonSet` (apiVersion apps/v1) has a `selector` and a `template` but no `replicas`: it keeps one pod on each node.')],
      async run(ctx) {
        const r = await acceptedAgent(ctx);
        if (isOutcome(r)) return r;
        const { a } = r;
        if (a.object.kind === 'DaemonSet') return pass(text(`데몬셋 ${a.object.metadata.name}이(가) ${IMAGE}을(를) 돌린다.`, `DaemonSet ${a.object.metadata.name} runs ${IMAGE}.`));
        const { why, at } = whyNotOn(a, { name: '' });
        return fail(text(`에이전트가 ${KIND_KO[a.object.kind] ?? a.object.kind} ${a.object.metadata.name}이다. ${why.ko}`, `the agent is ${a.object.kind} ${a.object.metadata.name}. ${why.en}`), [at]);
      },
    },
    {
      id: 'agents-on-workers',
      title: text('워커 노드마다 에이전트가 하나씩 Ready다', 'Each worker node has one Ready agent'),
      points: 20,
      hints: [text('`kubectl get pods -o wide`로 에이전트가 어느 노드에 있는지 보자. 한 노드에 둘, 다른 노드에 없음은 스케줄러에 맡긴 결과다.', '`kubectl get pods -o wide` shows which node each agent is on; two on one node and none on another is what leaving it to the scheduler gives.')],
      async run(ctx) {
        const r = await acceptedAgent(ctx);
        if (isOutcome(r)) return r;
        const { o, a } = r;
        const workers = perNode(o.nodes.filter((n) => !isControlPlane(n)), o.pods);
        const good = workers.filter((w) => w.ready === 1 && w.all === 1).length;
        const list = workers.map((w) => `${w.name}: ${w.ready}/${w.all}`).join(', ');
        const head = text(`t=${LOOK_AT}초에 워커 노드 ${workers.length}개 중 ${good}개에 에이전트가 정확히 하나 Ready다 (노드: Ready/전체 = ${list}).`, `at t=${LOOK_AT} s, ${good} of ${workers.length} worker nodes have exactly one Ready agent (node: ready/all = ${list}).`);
        if (good === workers.length && workers.length > 0) return pass(head);
        const missing = workers.find((w) => w.all === 0);
        const reason = missing ? whyNotOn(a, { name: missing.name, ...labelsAndTaints(o.nodes, missing.name) }) : undefined;
        const tail = schedulerSays(o.pods);
        return partial(good, workers.length, text(`${head.ko}${reason ? ` ${reason.why.ko}` : ''}${tail.ko}`, `${head.en}${reason ? ` ${reason.why.en}` : ''}${tail.en}`), reason ? [reason.at] : []);
      },
    },
    {
      id: 'agent-on-control-plane',
      title: text('컨트롤 플레인 노드에도 에이전트가 Ready다', 'The control-plane node has a Ready agent too'),
      points: 20,
      hints: [
        text(`컨트롤 플레인 노드에는 테인트 ${CONTROL_PLANE}:NoSchedule이 있다. 파드 템플릿의 \`tolerations\`에 그 키를 용인하는 항목을 더하자.`, `The control-plane node carries the taint ${CONTROL_PLANE}:NoSchedule; add a toleration of that key to the pod template's \`tolerations\`.`),
        text('데몬셋 컨트롤러는 not-ready, unreachable, 디스크 압박 같은 노드 상태 테인트만 스스로 용인한다. 다른 테인트는 직접 용인해야 한다.', 'The DaemonSet controller adds tolerations of the node condition taints only (not-ready, unreachable, disk pressure …); any other taint must be tolerated by the template.'),
      ],
      async run(ctx) {
        const r = await acceptedAgent(ctx);
        if (isOutcome(r)) return r;
        const { o, a } = r;
        const planes = perNode(o.nodes.filter(isControlPlane), o.pods);
        if (planes.length === 0) return fail(text('클러스터에 컨트롤 플레인 레이블을 가진 노드가 없다.', `no node of the cluster carries the label ${CONTROL_PLANE}.`));
        const good = planes.filter((p) => p.ready === 1 && p.all === 1);
        if (good.length === planes.length) return pass(text(`컨트롤 플레인 노드 ${planes.map((p) => p.name).join(', ')}에 에이전트가 Ready다.`, `the control-plane node ${planes.map((p) => p.name).join(', ')} has a Ready agent.`));
        const bad = planes.find((p) => !(p.ready === 1 && p.all === 1))!;
        const { why, at } = bad.all === 0 ? whyNotOn(a, { name: bad.name, ...labelsAndTaints(o.nodes, bad.name) }) : { why: text(`에이전트 ${bad.all}개 중 ${bad.ready}개가 Ready다.`, `${bad.ready} of ${bad.all} agents are Ready.`), at: a.at(['spec', 'template', 'spec']) };
        return fail(text(`컨트롤 플레인 노드 ${bad.name}에 Ready인 에이전트가 없다: ${why.ko}`, `the control-plane node ${bad.name} has no Ready agent: ${why.en}`), [at]);
      },
    },
    {
      id: 'agent-on-new-node',
      title: text('새로 합류한 노드에 30초 안에 에이전트가 Ready가 된다', 'A node that joins has a Ready agent within 30 seconds'),
      points: 20,
      hints: [text('데몬셋(DaemonSet) 컨트롤러는 노드가 생기고 사라지는 것을 지켜보다가, 새 노드에 곧바로 파드를 만든다. 노드 레이블에 기대는 nodeSelector는 새 노드를 빠뜨릴 수 있다.', 'The DaemonSet controller watches nodes come and go and makes a pod for a new node at once; a nodeSelector on node labels may leave the new node out.')],
      async run(ctx) {
        const r = await acceptedAgent(ctx);
        if (isOutcome(r)) return r;
        const { o, a } = r;
        if (o.joined?.status !== 'done') return simulatorOnly(text('노드 합류 시나리오', 'the node joining scenario'));
        if (o.readyAfter !== undefined) {
          return pass(text(`노드 ${NEW_NODE.name}이(가) 합류하고 ${o.readyAfter}초 뒤 그 노드의 에이전트가 Ready가 되었다.`, `node ${NEW_NODE.name} joined and its agent was Ready ${o.readyAfter} s later.`));
        }
        const { why, at } = o.newNodePods.length === 0 ? whyNotOn(a, { name: NEW_NODE.name, labels: { 'kubernetes.io/hostname': NEW_NODE.name, ...NEW_NODE.labels } }) : { why: text('에이전트가 있지만 Ready가 되지 않았다.', 'an agent is there but never became Ready.'), at: a.at(['spec', 'template', 'spec']) };
        return fail(text(`노드 ${NEW_NODE.name}이(가) 합류하고 ${JOIN_DEADLINE}초가 지나도 그 노드에 Ready인 에이전트가 없다: ${why.ko}`, `${JOIN_DEADLINE} s after node ${NEW_NODE.name} joined, no agent on it is Ready: ${why.en}`), [at]);
      },
    },
    {
      id: 'requests-and-logs',
      title: text('에이전트가 요청량을 밝히고 /var/log를 hostPath로 읽기 전용 마운트한다', 'The agent declares requests and mounts /var/log from the host read-only'),
      points: 15,
      hints: [
        text('`resources.requests`에 `cpu`와 `memory`를 함께 쓴다. 요청량이 없으면 스케줄러는 에이전트를 0으로 셈한다.', 'Write both `cpu` and `memory` under `resources.requests`; without requests the scheduler counts the agent as zero.'),
        text('`volumes`에 `hostPath: {path: /var/log}`를 두고, 컨테이너의 `volumeMounts` 항목에 `readOnly: true`를 쓴다.', 'Put `hostPath: {path: /var/log}` in `volumes`, and `readOnly: true` on the container\'s `volumeMounts` entry.'),
      ],
      run(ctx) {
        const a = agentOf(ctx);
        if (!a) return missingObject(ctx, agentText, 'DaemonSet', 'apps/v1');
        const { c, i } = containerRunningOrFirst(a, IMAGE);
        const base = ['spec', 'template', 'spec', 'containers', i];
        const problems: { ko: string; en: string; at: SourcePosition }[] = [];
        const requests = c.resources?.requests ?? {};
        const lacking = ['cpu', 'memory'].filter((r) => requests[r] === undefined);
        if (lacking.length > 0) {
          const at = a.at(c.resources?.requests ? [...base, 'resources', 'requests'] : [...base]);
          problems.push({ ko: `컨테이너 ${c.name}의 요청량에 ${lacking.join(', ')}이(가) 없다 (${formatPosition(at)})`, en: `container ${c.name} requests no ${lacking.join(' or ')} (${formatPosition(at)})`, at });
        }
        const volumes = templateSpec(a)?.volumes ?? [];
        const v = volumes.findIndex((x) => x.hostPath?.path?.replace(/\/+$/, '') === '/var/log');
        const m = v < 0 ? -1 : (c.volumeMounts ?? []).findIndex((x) => x.name === volumes[v]!.name);
        if (v < 0) {
          const at = a.at(volumes.length > 0 ? ['spec', 'template', 'spec', 'volumes'] : ['spec', 'template', 'spec']);
          problems.push({ ko: `노드의 /var/log를 가리키는 hostPath 볼륨이 없다 (${formatPosition(at)})`, en: `no hostPath volume points at the node's /var/log (${formatPosition(at)})`, at });
        } else if (m < 0) {
          const at = a.at([...base]);
          problems.push({ ko: `컨테이너 ${c.name}이(가) 볼륨 ${volumes[v]!.name}을(를) 마운트하지 않는다 (${formatPosition(at)})`, en: `container ${c.name} does not mount volume ${volumes[v]!.name} (${formatPosition(at)})`, at });
        } else if (c.volumeMounts![m]!.readOnly !== true) {
          const at = a.at([...base, 'volumeMounts', m]);
          problems.push({ ko: `/var/log 마운트가 읽기 전용이 아니다: 에이전트가 노드의 로그 파일을 고칠 수 있다 (${formatPosition(at)})`, en: `the /var/log mount is not read-only: the agent could change the node's log files (${formatPosition(at)})`, at });
        }
        if (problems.length === 0) return pass(text(`컨테이너 ${c.name}이(가) CPU와 메모리 요청량을 밝히고 /var/log를 읽기 전용으로 마운트한다.`, `container ${c.name} requests CPU and memory and mounts /var/log read-only.`));
        return partial(2 - Math.min(2, problems.length), 2, text(problems.map((p) => p.ko).join('. ') + '.', problems.map((p) => p.en).join('. ') + '.'), problems.map((p) => p.at));
      },
    },
  ],
});

/** A node's labels and taints as observed, for the messages that say why an agent is missing there. */
function labelsAndTaints(nodes: Node[], name: string): { labels?: Record<string, string>; taints?: Taint[] } {
  const n = nodes.find((x) => x.metadata?.name === name);
  return { ...(n?.metadata?.labels ? { labels: n.metadata.labels } : {}), ...(n?.spec?.taints ? { taints: n.spec.taints } : {}) };
}
