/**
 * Grader of the lab "dedicated-nodes": two batch nodes (label dedicated=batch, taint
 * dedicated=batch:NoSchedule) and three regular ones. Deployment report-worker (4 pods requesting 1
 * CPU each) must run on the batch nodes only; Deployment web (3 pods behind Service web) must stay
 * off them. A toleration only lets a pod past a taint: it takes a nodeSelector or node affinity as
 * well to draw the workers there, and the regular nodes, emptier, otherwise win the scores.
 *
 * One scenario, shared by the checks: at t=30 s web is scaled from 3 to 6 replicas (as an HPA
 * would), and the default topology spread (per node, ScheduleAnyway) pulls new web pods towards nodes
 * without one: onto the batch nodes, if web tolerates their taint. At t=60 s the batch node with the
 * most workers is cut off (as `failNode` does). The node lifecycle controller taints it
 * node.kubernetes.io/unreachable (NoExecute) after its 50 s grace period, and the taint eviction
 * controller deletes the workers once their toleration of that taint runs out (300 s by default,
 * DefaultTolerationSeconds). The grader watches until t=480 s, recording every second where the
 * workers run.
 */
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import { acceptedObject, defineGrader, fail, formatPosition, isOutcome, manifestsValidCheck, partial, pass, simulatorOnly, text } from '../src/grading/index.ts';
import type { CheckContext, Outcome, Sample, ScenarioRun, SourcePosition, SubmittedObject, Text } from '../src/grading/index.ts';
import { perSubmission } from '../src/grading/per-submission.ts';
import { failedScheduling, isRunningAndReady, namespaceOf, podProblem, podsOfDeployment } from '../src/grading/queries.ts';
import { deploymentRunning } from '../src/grading/submitted.ts';
import { tolerates } from '../src/sim/controllers/taint-eviction.ts';
import { UNREACHABLE } from '../src/sim/controllers/node-lifecycle.ts';

const WORKER = 'report-worker';
const WORKER_IMAGE = 'shop/report-worker';
const WORKERS = 4;
const WEB = 'web';
const WEB_IMAGE = 'shop/web';
/** The evening rush: at t=SCALE_AT the grader scales web to this many replicas, as an HPA would. */
const WEB_SCALED = 6;
const SCALE_AT = 30;
/** The batch nodes' taint (lab.yaml). */
const BATCH_TAINT: Taint = { key: 'dedicated', value: 'batch', effect: 'NoSchedule' };
const BATCH_LABEL = 'dedicated=batch';
const FAIL_AT = 60;
const END = 480;
/** The lost node's workers must run again on the other batch node this many seconds after it is cut off. */
const DEADLINE = 120;

interface WorkerSecond {
  /** Workers running and ready on batch nodes other than the lost one. */
  onOtherBatch: number;
  /** Workers (not terminating) bound to regular nodes, as `pod@node`. */
  onRegular: string[];
}

interface Observed {
  run: ScenarioRun;
  worker?: SubmittedObject<Deployment>;
  web?: SubmittedObject<Deployment>;
  batchNodes: string[];
  /** Pods of each Deployment at t=FAIL_AT, just before a batch node is lost. */
  workersBefore: Pod[];
  webBefore: Pod[];
  lostNode?: string;
  /** Workers running on the lost node when it was cut off. */
  lostWorkers: number;
  workersAfter: Pod[];
  workers: Sample<WorkerSecond>[];
}

const workerOf = (ctx: CheckContext): SubmittedObject<Deployment> | undefined => deploymentRunning(ctx, WORKER_IMAGE, WORKER);
const webOf = (ctx: CheckContext): SubmittedObject<Deployment> | undefined => deploymentRunning(ctx, WEB_IMAGE, WEB);

function tolerationsOf(d: SubmittedObject<Deployment>): Toleration[] {
  return d.object.spec?.template?.spec?.tolerations ?? [];
}

/** Where a Deployment's tolerations are, or the pod template's spec when it has none. */
function tolerationsAt(d: SubmittedObject<Deployment>, i?: number): SourcePosition {
  if (tolerationsOf(d).length === 0) return d.at(['spec', 'template', 'spec']);
  return d.at(['spec', 'template', 'spec', 'tolerations', ...(i === undefined ? [] : [i])]);
}

/** Where the workers are drawn to the batch nodes (nodeSelector, node affinity), or the pod template's spec. */
function attractionAt(d: SubmittedObject<Deployment>): SourcePosition {
  const spec = d.object.spec?.template?.spec;
  if (spec?.nodeSelector) return d.at(['spec', 'template', 'spec', 'nodeSelector']);
  if (spec?.affinity?.nodeAffinity) return d.at(['spec', 'template', 'spec', 'affinity', 'nodeAffinity']);
  return d.at(['spec', 'template', 'spec']);
}

const formatTaint = (t: Taint): string => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;

async function podsOf(run: ScenarioRun, d: SubmittedObject<Deployment> | undefined): Promise<Pod[]> {
  if (!d) return [];
  return (await podsOfDeployment(run.backend, d.object.metadata.name!, namespaceOf(d.object))).filter((p) => !p.metadata?.deletionTimestamp);
}

async function loseBatchNode(ctx: CheckContext): Promise<Observed> {
  const run = await ctx.scenario();
  const worker = workerOf(ctx);
  const web = webOf(ctx);
  const batchNodes = (await run.backend.list<Node>('Node'))
    .filter((n) => (n.spec?.taints ?? []).some((t) => t.key === BATCH_TAINT.key && t.value === BATCH_TAINT.value && t.effect === BATCH_TAINT.effect))
    .map((n) => n.metadata!.name!)
    .sort();
  const batch = new Set(batchNodes);
  const observed: Observed = { run, ...(worker ? { worker } : {}), ...(web ? { web } : {}), batchNodes, workersBefore: [], webBefore: [], lostWorkers: 0, workersAfter: [], workers: [] };
  await run.probe('workers', async (): Promise<WorkerSecond> => {
    const pods = await podsOf(run, worker);
    return {
      onOtherBatch: pods.filter((p) => batch.has(p.spec?.nodeName ?? '') && p.spec?.nodeName !== observed.lostNode && isRunningAndReady(p)).length,
      onRegular: pods.filter((p) => p.spec?.nodeName && !batch.has(p.spec.nodeName)).map((p) => `${p.metadata!.name}@${p.spec!.nodeName}`),
    };
  });
  observed.workers = run.timeline<WorkerSecond>('workers');
  const sim = run.sim;
  if (!sim) return observed;
  await run.advance(`${SCALE_AT}s`);
  if (web) {
    try {
      sim.scale('Deployment', web.object.metadata.name!, WEB_SCALED, namespaceOf(web.object));
    } catch {
      // A web Deployment the API server refused cannot be scaled; its check says so.
    }
  }
  await run.advance(`${FAIL_AT - SCALE_AT}s`);
  observed.workersBefore = await podsOf(run, worker);
  observed.webBefore = await podsOf(run, web);
  // The batch node with the most running workers; on a tie the first by name.
  const running = (node: string): number => observed.workersBefore.filter((p) => p.spec?.nodeName === node && isRunningAndReady(p)).length;
  const lost = batchNodes.reduce<string | undefined>((best, n) => (best === undefined || running(n) > running(best) ? n : best), undefined);
  if (lost !== undefined) {
    observed.lostNode = lost;
    observed.lostWorkers = running(lost);
    sim.failNode(lost);
  }
  await run.advance(`${END - FAIL_AT}s`);
  observed.workersAfter = await podsOf(run, worker);
  return observed;
}

/** The lost-batch-node scenario, run once per submission; every check reads the same observations. */
const observe = perSubmission(loseBatchNode);

/** The checks that need the scenario: the Deployment, accepted, and a scenario on the simulator. */
async function scenarioFor(ctx: CheckContext, pick: (o: Observed) => SubmittedObject<Deployment> | undefined, what: Text): Promise<{ o: Observed; d: SubmittedObject<Deployment> } | Outcome> {
  const o = await observe(ctx);
  if (!o.run.sim) return simulatorOnly(text('배치 노드 장애 시나리오', 'the batch node failure scenario'));
  const d = acceptedObject(ctx, o.run.applied, pick(o), what, 'Deployment', 'apps/v1');
  return isOutcome(d) ? d : { o, d };
}

const workerText = text(`디플로이먼트(Deployment) ${WORKER}`, `Deployment ${WORKER}`);
const webText = text(`디플로이먼트(Deployment) ${WEB}`, `Deployment ${WEB}`);

/** Why pods wait: the scheduler's FailedScheduling message of the first unscheduled one, and what it means here. */
function whyPending(pods: Pod[]): Text {
  const pending = pods.filter((p) => !p.spec?.nodeName);
  const msg = failedScheduling(pending);
  if (!msg) return text('', '');
  const head = text(` 파드 ${pending.length}개가 Pending이다. 스케줄러의 메시지: "${msg}".`, ` ${pending.length} pod(s) are Pending. The scheduler says: "${msg}".`);
  const notes: Text[] = [];
  if (msg.includes(`untolerated taint {${BATCH_TAINT.key}: ${BATCH_TAINT.value}}`)) {
    notes.push(text(` 배치 노드의 테인트 ${formatTaint(BATCH_TAINT)}을(를) 용인하는 톨러레이션이 없어 배치 노드가 파드를 거절한다.`, ` No toleration matches the batch nodes' taint ${formatTaint(BATCH_TAINT)}, so the batch nodes refuse the pods.`));
  }
  if (msg.includes('Insufficient cpu') || msg.includes('Insufficient memory')) {
    notes.push(text(' 남은 배치 노드에 자리가 없다: 배치 노드에 다른 파드가 자리를 차지하고 있지 않은지 보자.', ' The batch node left has no room: check whether other pods have taken it.'));
  }
  return text(`${head.ko}${notes.map((n) => n.ko).join('')}`, `${head.en}${notes.map((n) => n.en).join('')}`);
}

/** Where each pod runs, as `name@node`, for messages. */
const placed = (pods: Pod[]): string => pods.map((p) => `${p.metadata?.name}@${p.spec?.nodeName ?? 'Pending'}`).join(', ');

export default defineGrader({
  lab: 'dedicated-nodes',
  settle: '60s',
  checks: [
    manifestsValidCheck(10, [
      text('`tolerations`와 `nodeSelector`는 파드 템플릿의 `spec` 아래, `containers`와 같은 열에 쓴다.', '`tolerations` and `nodeSelector` go under the pod template\'s `spec`, in the same column as `containers`.'),
      text('톨러레이션의 `operator`는 Equal 또는 Exists다. Exists이면 `value`를 쓰지 않는다. `tolerationSeconds`는 effect가 NoExecute일 때만 쓴다.', "A toleration's `operator` is Equal or Exists; with Exists, leave out `value`. `tolerationSeconds` goes only with effect NoExecute."),
    ]),
    {
      id: 'worker-tolerates-taint',
      title: text('report-worker가 dedicated=batch:NoSchedule 테인트를 용인한다', 'report-worker tolerates the taint dedicated=batch:NoSchedule'),
      points: 10,
      hints: [
        text('톨러레이션은 테인트의 키(dedicated), 값(batch), 효과(NoSchedule)와 맞아야 한다. operator Equal(기본값)은 값까지 비교한다.', "A toleration must match the taint's key (dedicated), value (batch) and effect (NoSchedule); operator Equal, the default, compares the value too."),
        text('`operator: Exists`는 값과 상관없이 그 키의 테인트를 모두 용인한다. effect를 비우면 모든 효과를 용인한다.', '`operator: Exists` tolerates every taint with that key, whatever its value; an empty effect tolerates every effect.'),
      ],
      async run(ctx) {
        const d = acceptedObject(ctx, (await observe(ctx)).run.applied, workerOf(ctx), workerText, 'Deployment', 'apps/v1');
        if (isOutcome(d)) return d;
        const tolerations = tolerationsOf(d);
        const i = tolerations.findIndex((t) => tolerates(t, BATCH_TAINT));
        if (i >= 0) {
          const at = tolerationsAt(d, i);
          return pass(text(`톨러레이션 ${i + 1}번이 테인트 ${formatTaint(BATCH_TAINT)}을(를) 용인한다 (${formatPosition(at)}).`, `toleration #${i + 1} tolerates the taint ${formatTaint(BATCH_TAINT)} (${formatPosition(at)}).`));
        }
        const near = tolerations.findIndex((t) => t.key === BATCH_TAINT.key);
        if (near < 0) {
          const at = tolerationsAt(d);
          return fail(
            text(`${WORKER}의 파드 템플릿에 테인트 ${formatTaint(BATCH_TAINT)}을(를) 용인하는 톨러레이션이 없다 (${formatPosition(at)}). 배치 노드는 이 파드를 받지 않는다.`, `the pod template of ${WORKER} has no toleration of the taint ${formatTaint(BATCH_TAINT)} (${formatPosition(at)}); the batch nodes will not take its pods.`),
            [at],
          );
        }
        const t = tolerations[near]!;
        const base = ['spec', 'template', 'spec', 'tolerations', near] as const;
        if (t.effect && t.effect !== BATCH_TAINT.effect) {
          const at = d.at([...base, 'effect']);
          return fail(
            text(
              `톨러레이션 ${near + 1}번의 effect ${t.effect}은(는) 테인트의 효과 ${BATCH_TAINT.effect}와(과) 다르다 (${formatPosition(at)}). 톨러레이션은 같은 효과의 테인트만 용인한다(비우면 모든 효과).`,
              `toleration #${near + 1} has effect ${t.effect}, but the taint's effect is ${BATCH_TAINT.effect} (${formatPosition(at)}). A toleration tolerates taints of its own effect only (or every effect when empty).`,
            ),
            [at],
          );
        }
        const op = t.operator ?? 'Equal';
        const at = d.at([...base, t.operator === undefined ? 'key' : 'operator']);
        return fail(
          text(
            `톨러레이션 ${near + 1}번(operator ${op}, value "${t.value ?? ''}")이 테인트의 값 "${BATCH_TAINT.value}"과(와) 맞지 않는다 (${formatPosition(at)}). operator Equal은 값을 비교하고, Exists는 값을 보지 않는다.`,
            `toleration #${near + 1} (operator ${op}, value "${t.value ?? ''}") does not match the taint's value "${BATCH_TAINT.value}" (${formatPosition(at)}). Operator Equal compares the value; Exists ignores it.`,
          ),
          [at],
        );
      },
    },
    {
      id: 'workers-on-batch-nodes',
      title: text('report-worker 파드 4개가 모두 배치 노드에서 돈다', 'All 4 report-worker pods run on the batch nodes'),
      points: 24,
      hints: [
        text('톨러레이션은 테인트가 걸린 노드에 "갈 수 있게" 할 뿐 끌어당기지 않는다. 배치 노드의 레이블 dedicated=batch를 nodeSelector나 필수 노드 어피니티로 고르자.', 'A toleration lets a pod onto a tainted node; it does not draw it there. Select the batch nodes by their label dedicated=batch with a nodeSelector or required node affinity.'),
        text('nodeSelector만 있고 톨러레이션이 없으면, 셀렉터가 고른 노드가 모두 테인트로 파드를 막아 Pending이 된다.', 'A nodeSelector without a toleration selects only nodes whose taint refuses the pod: it stays Pending.'),
      ],
      async run(ctx) {
        const got = await scenarioFor(ctx, (o) => o.worker, workerText);
        if (isOutcome(got)) return got;
        const { o, d } = got;
        const batch = new Set(o.batchNodes);
        const pods = o.workersBefore;
        const good = pods.filter((p) => batch.has(p.spec?.nodeName ?? '') && isRunningAndReady(p));
        const regular = pods.filter((p) => p.spec?.nodeName && !batch.has(p.spec.nodeName));
        const head = text(`t=${FAIL_AT}초에 ${WORKER} 파드 ${WORKERS}개 중 ${good.length}개가 배치 노드(${o.batchNodes.join(', ')})에서 돈다`, `at t=${FAIL_AT} s, ${good.length} of ${WORKERS} ${WORKER} pods run on the batch nodes (${o.batchNodes.join(', ')})`);
        if (good.length >= WORKERS && regular.length === 0) return pass(text(`${head.ko}: ${placed(good)}.`, `${head.en}: ${placed(good)}.`));
        const notes: Text[] = [];
        const locations: SourcePosition[] = [];
        if (regular.length > 0) {
          const tolerated = tolerationsOf(d).some((t) => tolerates(t, BATCH_TAINT));
          const at = attractionAt(d);
          locations.push(at);
          notes.push(
            tolerated
              ? text(
                  ` 파드 ${regular.length}개가 일반 노드에 있다(${placed(regular)}): 톨러레이션은 배치 노드에 갈 수 있게 할 뿐 끌어당기지 않아, 스케줄러는 점수가 높은 일반 노드를 골랐다. 배치 노드의 레이블 ${BATCH_LABEL}을(를) nodeSelector나 노드 어피니티로 고르자 (${formatPosition(at)}).`,
                  ` ${regular.length} pod(s) run on regular nodes (${placed(regular)}): a toleration lets them onto the batch nodes but does not draw them there, and the scheduler chose the better-scoring regular nodes. Select the batch nodes' label ${BATCH_LABEL} with a nodeSelector or node affinity (${formatPosition(at)}).`,
                )
              : text(
                  ` 파드 ${regular.length}개가 일반 노드에 있다(${placed(regular)}): 톨러레이션이 없어 배치 노드의 테인트가 파드를 막고, 배치 노드로 이끄는 규칙도 없다 (${formatPosition(at)}).`,
                  ` ${regular.length} pod(s) run on regular nodes (${placed(regular)}): with no toleration the batch nodes' taint keeps them out, and nothing draws them there either (${formatPosition(at)}).`,
                ),
          );
        }
        const pending = whyPending(pods);
        if (pending.en) {
          const at = tolerationsAt(d);
          locations.push(at);
          notes.push(text(`${pending.ko} (${formatPosition(at)})`, `${pending.en} (${formatPosition(at)})`));
        }
        const counted = Math.min(good.length, WORKERS);
        return partial(counted, WORKERS, text(`${head.ko}.${notes.map((n) => n.ko).join('')}`, `${head.en}.${notes.map((n) => n.en).join('')}`), locations);
      },
    },
    {
      id: 'web-off-batch-nodes',
      title: text('6개로 늘어난 web 파드가 모두 일반 노드에서 Ready다', 'All 6 web pods, once scaled out, are Ready on regular nodes'),
      points: 12,
      hints: [
        text('web에는 배치 노드의 톨러레이션을 주지 않는다. 테인트는 용인하지 않는 파드만 막는다.', "Do not give web the batch nodes' toleration: a taint keeps out only the pods that do not tolerate it."),
        text('web이 늘어날 때 스케줄러의 기본 분배는 web 파드가 없는 노드를 선호한다. 톨러레이션이 있으면 그 노드가 배치 노드일 수 있다.', 'When web scales out, the default spreading prefers nodes without a web pod; with the toleration those can be the batch nodes.'),
      ],
      async run(ctx) {
        const got = await scenarioFor(ctx, (o) => o.web, webText);
        if (isOutcome(got)) return got;
        const { o, d } = got;
        const batch = new Set(o.batchNodes);
        const pods = o.webBefore;
        const good = pods.filter((p) => p.spec?.nodeName && !batch.has(p.spec.nodeName) && isRunningAndReady(p));
        const onBatch = pods.filter((p) => batch.has(p.spec?.nodeName ?? ''));
        const head = text(
          `t=${SCALE_AT}초에 ${WEB}을(를) ${WEB_SCALED}개로 늘렸고, t=${FAIL_AT}초에 ${good.length}개가 일반 노드에서 Ready다`,
          `${WEB} was scaled to ${WEB_SCALED} at t=${SCALE_AT} s; at t=${FAIL_AT} s, ${good.length} of them are Ready on regular nodes`,
        );
        if (good.length >= WEB_SCALED && onBatch.length === 0) return pass(text(`${head.ko}: ${placed(good)}.`, `${head.en}: ${placed(good)}.`));
        if (onBatch.length > 0) {
          const i = tolerationsOf(d).findIndex((t) => tolerates(t, BATCH_TAINT));
          const at = tolerationsAt(d, i >= 0 ? i : undefined);
          return partial(
            Math.min(good.length, WEB_SCALED),
            WEB_SCALED,
            text(
              `${head.ko}. 파드 ${onBatch.length}개가 배치 노드에 있다(${placed(onBatch)}): ${WEB}이(가) 테인트 ${formatTaint(BATCH_TAINT)}을(를) 용인해 배치 노드의 자리를 차지한다 (${formatPosition(at)}).`,
              `${head.en}. ${onBatch.length} pod(s) run on batch nodes (${placed(onBatch)}): ${WEB} tolerates the taint ${formatTaint(BATCH_TAINT)} and takes the batch nodes' room (${formatPosition(at)}).`,
            ),
            [at],
          );
        }
        const problem = pods.map(podProblem).find((p) => p !== undefined);
        const at = d.at(['spec', 'template', 'spec']);
        return partial(Math.min(good.length, WEB_SCALED), WEB_SCALED, text(`${head.ko}.${problem ? ` ${problem.ko}.` : ''}${whyPending(pods).ko}`, `${head.en}.${problem ? ` ${problem.en}.` : ''}${whyPending(pods).en}`), [at]);
      },
    },
    {
      id: 'failover-stays-dedicated',
      title: text('배치 노드를 잃은 뒤에도 작업 파드가 배치 노드에만 놓이고 4개가 다시 돈다', 'After a batch node is lost the workers still go to batch nodes only and all 4 run again'),
      points: 24,
      hints: [
        text('잃은 노드의 작업 파드를 대신할 파드도 같은 규칙으로 배치된다. 톨러레이션만 있으면 대체 파드는 자리가 많은 일반 노드로 간다.', "The replacements for the lost node's workers are placed by the same rules: with only a toleration they go to the roomier regular nodes."),
      ],
      async run(ctx) {
        const got = await scenarioFor(ctx, (o) => o.worker, workerText);
        if (isOutcome(got)) return got;
        const { o, d } = got;
        const at = attractionAt(d);
        if (!o.lostNode || o.lostWorkers === 0) {
          return fail(text(`t=${FAIL_AT}초에 배치 노드에서 도는 작업 파드가 없어, 배치 노드를 잃었을 때를 볼 수 없다.`, `no worker ran on a batch node at t=${FAIL_AT} s, so there was no batch node failure to watch.`), [at]);
        }
        const strayed = o.workers.find((s) => s.t > FAIL_AT && s.value.onRegular.length > 0);
        const lostText = text(`t=${FAIL_AT}초에 ${o.lostNode}(작업 파드 ${o.lostWorkers}개)을(를) 끊었다`, `at t=${FAIL_AT} s ${o.lostNode} (${o.lostWorkers} worker(s)) was cut off`);
        if (strayed) {
          return fail(
            text(`${lostText.ko}. t=${strayed.t}초에 작업 파드가 일반 노드에 있었다(${strayed.value.onRegular.join(', ')}): 배치 노드로 이끄는 규칙이 없다 (${formatPosition(at)}).`, `${lostText.en}. At t=${strayed.t} s workers ran on regular nodes (${strayed.value.onRegular.join(', ')}): nothing draws them to the batch nodes (${formatPosition(at)}).`),
            [at],
          );
        }
        const last = o.workers.at(-1)?.value.onOtherBatch ?? 0;
        if (last >= WORKERS) return pass(text(`${lostText.ko}. t=${END}초에 작업 파드 ${WORKERS}개가 모두 남은 배치 노드에서 돌고, 일반 노드에는 한 번도 가지 않았다.`, `${lostText.en}. At t=${END} s all ${WORKERS} workers ran on the batch node left, and none ever went to a regular node.`));
        const pending = whyPending(o.workersAfter);
        return partial(
          last,
          WORKERS,
          text(`${lostText.ko}. 작업 파드는 일반 노드에 가지 않았지만 t=${END}초에 남은 배치 노드에서 ${last}개만 돈다.${pending.ko}`, `${lostText.en}. The workers stayed off the regular nodes, but at t=${END} s only ${last} ran on the batch node left.${pending.en}`),
          [at],
        );
      },
    },
    {
      id: 'failover-within-2-minutes',
      title: text('잃은 노드의 작업 파드가 2분 안에 다른 배치 노드에서 다시 돈다', "The lost node's workers run again on the other batch node within 2 minutes"),
      points: 20,
      hints: [
        text('노드를 잃으면 약 50초 뒤 node.kubernetes.io/unreachable:NoExecute 테인트가 붙고, 파드는 그 테인트를 용인하는 시간(기본 300초)이 지나야 축출된다.', 'About 50 s after a node is lost it gets the taint node.kubernetes.io/unreachable:NoExecute, and its pods are evicted only when their toleration of that taint (300 s by default) runs out.'),
        text('작업 파드에 `key: node.kubernetes.io/unreachable`, `operator: Exists`, `effect: NoExecute` 톨러레이션을 직접 적고 `tolerationSeconds`를 60 이하로 주자.', 'Give the workers their own toleration with `key: node.kubernetes.io/unreachable`, `operator: Exists`, `effect: NoExecute` and a `tolerationSeconds` of 60 or less.'),
      ],
      async run(ctx) {
        const got = await scenarioFor(ctx, (o) => o.worker, workerText);
        if (isOutcome(got)) return got;
        const { o, d } = got;
        const tolerations = tolerationsOf(d);
        const i = tolerations.findIndex((t) => tolerates(t, { key: UNREACHABLE, effect: 'NoExecute' }));
        const at = i >= 0 && tolerations[i]!.tolerationSeconds !== undefined ? d.at(['spec', 'template', 'spec', 'tolerations', i, 'tolerationSeconds']) : tolerationsAt(d, i >= 0 ? i : undefined);
        if (!o.lostNode || o.lostWorkers === 0) {
          return fail(text(`t=${FAIL_AT}초에 배치 노드에서 도는 작업 파드가 없어, 옮겨 갈 파드가 없었다.`, `no worker ran on a batch node at t=${FAIL_AT} s, so there was nothing to move.`), [at]);
        }
        const back = o.workers.find((s) => s.t > FAIL_AT && s.value.onOtherBatch >= WORKERS);
        const toleration = i >= 0 ? tolerations[i]! : undefined;
        const seconds = toleration ? (toleration.tolerationSeconds ?? undefined) : 300;
        const why =
          seconds === undefined
            ? text(` 톨러레이션 ${i + 1}번이 unreachable 테인트를 tolerationSeconds 없이 용인해, 파드가 영원히 축출되지 않는다.`, ` Toleration #${i + 1} tolerates the unreachable taint with no tolerationSeconds, so the pods are never evicted.`)
            : text(` 축출은 노드를 알아챈 뒤(약 50초) tolerationSeconds ${seconds}초가 지나야 일어난다${toleration ? '' : '(API 서버가 붙인 기본값)'}.`, ` Eviction comes once the node is noticed (about 50 s) and tolerationSeconds ${seconds} s have passed${toleration ? '' : ' (the default the API server adds)'}.`);
        if (back && back.t - FAIL_AT <= DEADLINE) {
          return pass(text(`${o.lostNode}을(를) 끊은 지 ${back.t - FAIL_AT}초 뒤 작업 파드 ${WORKERS}개가 모두 다른 배치 노드에서 돌았다.${why.ko}`, `${back.t - FAIL_AT} s after ${o.lostNode} was cut off, all ${WORKERS} workers ran on the other batch node.${why.en}`));
        }
        const strayed = !back && o.workers.some((s) => s.t > FAIL_AT && s.value.onRegular.length > 0);
        const extra = strayed ? text(' 대체 파드가 일반 노드로 갔다.', ' The replacements went to regular nodes.') : !back ? whyPending(o.workersAfter) : text('', '');
        const late = back
          ? text(`${o.lostNode}을(를) 끊고 ${back.t - FAIL_AT}초 뒤에야 작업 파드 ${WORKERS}개가 모두 다른 배치 노드에서 돌았다 (기한 ${DEADLINE}초).`, `all ${WORKERS} workers ran on the other batch node only ${back.t - FAIL_AT} s after ${o.lostNode} was cut off (deadline ${DEADLINE} s).`)
          : text(`${o.lostNode}을(를) 끊은 뒤 t=${END}초까지 다른 배치 노드에서 도는 작업 파드가 ${WORKERS}개가 되지 않았다 (기한 ${DEADLINE}초).`, `after ${o.lostNode} was cut off, fewer than ${WORKERS} workers ran on the other batch node until t=${END} s (deadline ${DEADLINE} s).`);
        return fail(
          text(`${late.ko}${why.ko}${extra.ko} (${formatPosition(at)})`, `${late.en}${why.en}${extra.en} (${formatPosition(at)})`),
          [at],
        );
      },
    },
  ],
});
