/**
 * Grader of the lab "scale-with-hpa": Deployment web (nginx, CPU request 100m, limit 200m) behind
 * Service web, scaled by an autoscaling/v2 HorizontalPodAutoscaler on CPU utilisation. One scenario,
 * shared by the checks, sends 800 requests a second from t=30 s and four times as many from t=180 s,
 * and records every second until t=360 s the Deployment's replicas, the HPA's status and the requests
 * that failed. nginx costs 0.2 millicores per request per second (the default image catalog), so a
 * pod at its 200m limit serves about 1000 requests a second: without scaling out, the spike fails.
 */
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Pod, Service } from 'kubernetes-types/core/v1';
import { acceptedObject, defineGrader, fail, formatPosition, isOutcome, manifestsValidCheck, missingObject, partial, pass, rejectedObject, simulatorOnly, text } from '../src/grading/index.ts';
import type { CheckContext, Outcome, Sample, ScenarioRun, SourcePosition, SubmittedObject } from '../src/grading/index.ts';
import { describeBlocked, hpaState, type HpaState } from '../src/grading/hpa.ts';
import { perSubmission } from '../src/grading/per-submission.ts';
import { namespaceOf as nsOf, podsOfDeployment } from '../src/grading/queries.ts';
import { hpaScaling, namedOrFirst } from '../src/grading/submitted.ts';
import { clusterMilliCpu, cpuRequestAt as requestAt, podCpuRequest as podRequest } from '../src/grading/resources.ts';
import { lastSecond, percent, shareForFailureRate as shareFor, sumTraffic, type TrafficSecond } from '../src/grading/traffic.ts';
import { matchesLabelMap } from '../src/kube/selector.ts';
import { SYNC_PERIOD_MS } from '../src/sim/controllers/hpa/hpa.ts';

const NAME = 'web';
const NORMAL_AT = 30;
const SPIKE_AT = 180;
const END = 360;
const NORMAL_RPS = 800;
const SPIKE_RPS = 4 * NORMAL_RPS;
/**
 * From when the replicas must be within the HPA's bounds: a new HPA is first processed one sync period
 * (15 s) after it is created (horizontal.go enqueueHPA: AddRateLimited with the resync period), and
 * then reconcileAutoscaler brings a target outside minReplicas..maxReplicas to the nearest bound at once.
 */
const BOUNDS_FROM = SYNC_PERIOD_MS / 1000;

interface Observed {
  run: ScenarioRun;
  deployment?: SubmittedObject<Deployment>;
  hpa?: SubmittedObject<HorizontalPodAutoscaler>;
  service?: SubmittedObject<Service>;
  replicas: Sample<number>[];
  hpaState: Sample<HpaState | undefined>[];
  traffic: Sample<TrafficSecond>[];
  /** The pods of the Deployment as the API server stored them (defaults filled in), at the end. */
  pods: Pod[];
}

const deploymentOf = (ctx: CheckContext): SubmittedObject<Deployment> | undefined => namedOrFirst<Deployment>(ctx, 'Deployment', NAME);
const hpaOf = (ctx: CheckContext): SubmittedObject<HorizontalPodAutoscaler> | undefined => hpaScaling(ctx, NAME);

function serviceFor(ctx: CheckContext, d: SubmittedObject<Deployment> | undefined): SubmittedObject<Service> | undefined {
  const all = ctx.objects<Service>('Service');
  const labels = d?.object.spec?.template?.metadata?.labels;
  return all.find((s) => matchesLabelMap(s.object.spec?.selector, labels)) ?? all.find((s) => s.object.metadata.name === NAME);
}

/** Normal traffic, then four times as much, recorded every second. */
async function spike(ctx: CheckContext): Promise<Observed> {
  const run = await ctx.scenario();
  const d = deploymentOf(ctx);
  const h = hpaOf(ctx);
  const s = serviceFor(ctx, d);
  const name = d?.object.metadata.name ?? NAME;
  const ns = d ? nsOf(d.object) : 'default';
  await run.probe('replicas', async (b) => (await b.get<Deployment>('Deployment', name, ns))?.spec?.replicas ?? 0);
  await run.probe('hpa', (b) => (h ? hpaState(b, h.object.metadata.name!, nsOf(h.object)) : undefined));
  const sim = run.sim;
  await run.probe('traffic', () => lastSecond(s ? sim : undefined, nsOf(s?.object ?? {}), s?.object.metadata.name ?? ''));
  const observed: Observed = {
    run,
    ...(d ? { deployment: d } : {}),
    ...(h ? { hpa: h } : {}),
    ...(s ? { service: s } : {}),
    replicas: run.timeline<number>('replicas'),
    hpaState: run.timeline<HpaState | undefined>('hpa'),
    traffic: run.timeline<TrafficSecond>('traffic'),
    pods: [],
  };
  if (!sim) return observed;
  await run.advance(`${NORMAL_AT}s`);
  if (s) sim.setTraffic({ service: s.object.metadata.name!, namespace: nsOf(s.object), rps: NORMAL_RPS });
  await run.advance(`${SPIKE_AT - NORMAL_AT}s`);
  if (s) sim.setTraffic({ service: s.object.metadata.name!, namespace: nsOf(s.object), rps: SPIKE_RPS });
  await run.advance(`${END - SPIKE_AT}s`);
  observed.pods = d ? await podsOfDeployment(run.backend, name, ns) : [];
  return observed;
}

/** The spike, run once per submission; every check reads the same timeline. */
const observe = perSubmission(spike);

const simOnly = (): Outcome => simulatorOnly(text('트래픽 시나리오', 'the traffic scenario'));
const deploymentText = text('디플로이먼트(Deployment)', 'Deployment');
const hpaMissing = (ctx: CheckContext): Outcome => missingObject(ctx, text('HorizontalPodAutoscaler', 'HorizontalPodAutoscaler'), 'HorizontalPodAutoscaler', 'autoscaling/v2');

/** The checks that need the spike and the Deployment, accepted by the API server. */
async function scenarioFor(ctx: CheckContext): Promise<{ o: Observed; d: SubmittedObject<Deployment> } | Outcome> {
  const o = await observe(ctx);
  if (!o.run.sim) return simOnly();
  const d = acceptedObject(ctx, o.run.applied, o.deployment, deploymentText, 'Deployment', 'apps/v1');
  return isOutcome(d) ? d : { o, d };
}

export default defineGrader({
  lab: 'scale-with-hpa',
  settle: '60s',
  checks: [
    manifestsValidCheck(10, [
      text('YAML은 들여쓰기에 공백만 쓴다. `resources`는 컨테이너 아래, `image`와 같은 열에 쓴다.', 'YAML indents with spaces only; `resources` goes under the container, in the same column as `image`.'),
      text('HPA는 `apiVersion: autoscaling/v2`로 쓴다. `maxReplicas`는 `minReplicas`보다 작을 수 없다.', 'Write the HPA as `apiVersion: autoscaling/v2`; `maxReplicas` cannot be less than `minReplicas`.'),
    ]),
    {
      id: 'cpu-requests',
      title: text('파드의 모든 컨테이너에 CPU 요청량이 있다', 'Every container of the pods requests CPU'),
      points: 15,
      hints: [
        text('`resources.requests.cpu`(예: 100m)가 없으면 HPA는 CPU 사용률을 계산하지 못한다: `missing request for cpu`.', 'Without `resources.requests.cpu` (e.g. 100m) the HPA cannot compute CPU utilisation: `missing request for cpu`.'),
        text('limits만 쓰면 requests는 limits와 같은 값이 된다.', 'With limits alone, requests default to the limits.'),
      ],
      async run(ctx) {
        const got = await scenarioFor(ctx);
        if (isOutcome(got)) return got;
        const { o, d } = got;
        const pod = o.pods[0];
        if (!pod) return fail(text(`디플로이먼트 ${d.object.metadata.name}의 파드가 없다.`, `Deployment ${d.object.metadata.name} has no pods.`), [d.at(['spec'])]);
        const containers = pod.spec?.containers ?? [];
        const without = containers.map((c, i) => ({ c, i })).filter(({ c }) => c.resources?.requests?.cpu === undefined);
        if (without.length === 0) {
          const list = containers.map((c) => `${c.name}: ${c.resources!.requests!.cpu}`).join(', ');
          return pass(text(`파드의 컨테이너가 모두 CPU를 요청한다 (${list}).`, `every container of the pods requests CPU (${list}).`));
        }
        const submitted = d.object.spec?.template?.spec?.containers ?? [];
        const at = without.map(({ i }) => requestAt(d, i, submitted[i]));
        return partial(
          containers.length - without.length,
          containers.length,
          text(
            `컨테이너 ${without.map(({ c }) => c.name).join(', ')}에 \`resources.requests.cpu\`가 없다 (${at.map(formatPosition).join(', ')}): HPA가 CPU 사용률을 계산할 수 없다.`,
            `container(s) ${without.map(({ c }) => c.name).join(', ')} have no \`resources.requests.cpu\` (${at.map(formatPosition).join(', ')}): the HPA cannot compute CPU utilisation.`,
          ),
          at,
        );
      },
    },
    {
      id: 'hpa-targets-deployment',
      title: text('HPA(autoscaling/v2)가 디플로이먼트 web을 CPU 사용률 목표로 조정한다', 'An autoscaling/v2 HPA scales Deployment web on a CPU utilisation target'),
      points: 15,
      hints: [
        text('`spec.scaleTargetRef`는 `apiVersion: apps/v1`, `kind: Deployment`, `name: web`이다.', '`spec.scaleTargetRef` is `apiVersion: apps/v1`, `kind: Deployment`, `name: web`.'),
        text('`metrics`에 `type: Resource`, `resource.name: cpu`, `target.type: Utilization`, `averageUtilization`을 쓴다.', 'In `metrics`, write `type: Resource`, `resource.name: cpu`, `target.type: Utilization` and `averageUtilization`.'),
      ],
      async run(ctx) {
        const h = hpaOf(ctx);
        if (!h) return hpaMissing(ctx);
        const o = await observe(ctx);
        if (!o.run.sim) return simOnly();
        const refused = rejectedObject(o.run.applied, h);
        if (refused) return refused;
        const d = o.deployment;
        const ref = h.object.spec?.scaleTargetRef;
        if (!d || ref?.kind !== 'Deployment' || ref.name !== d.object.metadata.name || nsOf(h.object) !== nsOf(d.object)) {
          const at = h.at(['spec', 'scaleTargetRef']);
          const cannot = o.hpaState.map((s) => s.value?.blocked).find((b) => b?.type === 'AbleToScale');
          return fail(
            text(
              `HPA ${h.object.metadata.name}의 대상(${ref?.kind ?? '?'}/${ref?.name ?? '?'}, ${formatPosition(at)})이 디플로이먼트 ${d?.object.metadata.name ?? NAME}이(가) 아니다.${describeBlocked(cannot).ko}`,
              `the target of HPA ${h.object.metadata.name} (${ref?.kind ?? '?'}/${ref?.name ?? '?'}, ${formatPosition(at)}) is not Deployment ${d?.object.metadata.name ?? NAME}.${describeBlocked(cannot).en}`,
            ),
            [at],
          );
        }
        const metrics = h.object.spec?.metrics ?? [];
        const i = metrics.findIndex((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
        const cpu = metrics[i];
        if (!cpu) {
          const at = h.at(['spec', 'metrics']);
          const have = metrics.map((m) => (m.type === 'Resource' ? `Resource/${m.resource?.name}` : m.type)).join(', ');
          const none = metrics.length === 0;
          return fail(
            text(
              `HPA ${h.object.metadata.name}에 CPU 지표가 없다 (${formatPosition(at)}; 지금 지표: ${have || '없음'}).${none ? ' `metrics`를 비우면 API 서버가 CPU 80%를 기본값으로 넣지만, 이 실습에서는 목표를 직접 정하자.' : ''}`,
              `HPA ${h.object.metadata.name} has no CPU metric (${formatPosition(at)}; its metrics: ${have || 'none'}).${none ? ' Without `metrics` the API server fills in CPU 80%, but this lab asks you to choose the target yourself.' : ''}`,
            ),
            [at],
          );
        }
        const target = cpu.resource!.target;
        if (target.type !== 'Utilization' || target.averageUtilization === undefined) {
          const at = h.at(['spec', 'metrics', i, 'resource', 'target']);
          return fail(text(`HPA의 CPU 목표가 사용률(\`type: Utilization\`, \`averageUtilization\`)이 아니다 (${formatPosition(at)}; 지금: ${target.type}).`, `the HPA's CPU target is not a utilisation (\`type: Utilization\` with \`averageUtilization\`) (${formatPosition(at)}; it is ${target.type}).`), [at]);
        }
        return pass(
          text(
            `HPA ${h.object.metadata.name}이(가) 디플로이먼트 ${d.object.metadata.name}을(를) CPU 평균 사용률 ${target.averageUtilization}%에 맞춰 조정한다.`,
            `HPA ${h.object.metadata.name} scales Deployment ${d.object.metadata.name} to an average CPU utilisation of ${target.averageUtilization}%.`,
          ),
        );
      },
    },
    {
      id: 'replica-bounds',
      title: text('minReplicas와 maxReplicas가 알맞다', 'minReplicas and maxReplicas are sensible'),
      points: 15,
      hints: [
        text('minReplicas가 1이면 파드 하나가 죽는 순간 서비스가 멈춘다. 2 이상으로 두자.', 'With minReplicas 1, losing one pod takes the service down; use at least 2.'),
        text('maxReplicas × CPU 요청량이 클러스터의 CPU(노드 2대 × 2000m)를 넘으면 늘린 파드가 Pending으로 남는다.', 'If maxReplicas × the CPU request exceeds the cluster\'s CPU (2 nodes × 2000m), the added pods stay Pending.'),
      ],
      run(ctx) {
        const h = hpaOf(ctx);
        if (!h) return hpaMissing(ctx);
        const min = h.object.spec?.minReplicas ?? 1;
        const max = h.object.spec?.maxReplicas ?? 0;
        const request = podRequest(deploymentOf(ctx));
        const capacity = clusterMilliCpu(ctx.lab);
        const fits = request === 0 ? Number.POSITIVE_INFINITY : Math.floor(capacity / request);
        const minAt = h.object.spec?.minReplicas === undefined ? h.at(['spec']) : h.at(['spec', 'minReplicas']);
        const maxAt = h.at(['spec', 'maxReplicas']);
        const problems: { ko: string; en: string; at: SourcePosition }[] = [];
        if (min < 2) {
          problems.push({
            ko: `minReplicas가 ${min}이다${h.object.spec?.minReplicas === undefined ? '(기본값)' : ''} (${formatPosition(minAt)}): 파드 하나가 죽으면 서비스가 멈춘다. 2 이상이어야 한다`,
            en: `minReplicas is ${min}${h.object.spec?.minReplicas === undefined ? ' (the default)' : ''} (${formatPosition(minAt)}): losing one pod takes the service down; it should be at least 2`,
            at: minAt,
          });
        }
        if (max < 2 * Math.max(min, 2)) {
          problems.push({
            ko: `maxReplicas가 ${max}이다 (${formatPosition(maxAt)}): 최소의 두 배(${2 * Math.max(min, 2)})에도 못 미쳐 급증을 받아 낼 여유가 없다`,
            en: `maxReplicas is ${max} (${formatPosition(maxAt)}): less than twice the minimum (${2 * Math.max(min, 2)}), which leaves no room for a spike`,
            at: maxAt,
          });
        }
        if (max > fits) {
          problems.push({
            ko: `maxReplicas ${max} × CPU 요청량 ${request}m = ${max * request}m로 클러스터의 CPU ${capacity}m를 넘는다 (${formatPosition(maxAt)}): 파드 ${fits}개를 넘으면 Pending으로 남는다`,
            en: `maxReplicas ${max} × a CPU request of ${request}m = ${max * request}m, more than the cluster's ${capacity}m of CPU (${formatPosition(maxAt)}): pods beyond ${fits} would stay Pending`,
            at: maxAt,
          });
        }
        if (problems.length === 0) {
          return pass(text(`minReplicas ${min}, maxReplicas ${max}: 최소 2개를 지키고, 급증에 늘릴 여유가 있으며, 모두 클러스터의 CPU ${capacity}m 안에 들어간다.`, `minReplicas ${min}, maxReplicas ${max}: at least 2, room to grow for a spike, and all of them fit in the cluster's ${capacity}m of CPU.`));
        }
        return partial(3 - problems.length, 3, text(problems.map((p) => p.ko).join('. ') + '.', problems.map((p) => p.en).join('. ') + '.'), problems.map((p) => p.at));
      },
    },
    {
      id: 'scales-out',
      title: text('트래픽이 4배가 되면 HPA가 범위 안에서 파드를 늘린다', 'When traffic quadruples the HPA scales out within its bounds'),
      points: 25,
      hints: [
        text('`kubectl describe hpa web`의 Conditions와 Events가 HPA가 왜 움직이지 않는지 알려 준다.', 'The Conditions and Events of `kubectl describe hpa web` tell why the HPA does not act.'),
        text('HPA 공식: 원하는 레플리카 = ceil(현재 레플리카 × 현재 사용률 / 목표 사용률).', 'The HPA formula: desired replicas = ceil(current replicas × current utilisation / target utilisation).'),
      ],
      async run(ctx) {
        const o = await observe(ctx);
        if (!o.run.sim) return simOnly();
        const d = o.deployment;
        if (!d) return missingObject(ctx, deploymentText, 'Deployment', 'apps/v1');
        const h = o.hpa;
        if (!h) return hpaMissing(ctx);
        for (const x of [d, h] as SubmittedObject[]) {
          const refused = rejectedObject(o.run.applied, x);
          if (refused) return refused;
        }
        const min = h.object.spec?.minReplicas ?? 1;
        const max = h.object.spec?.maxReplicas ?? 0;
        const atSpike = o.replicas.filter((s) => s.t <= SPIKE_AT).at(-1)?.value ?? 0;
        const spike = o.replicas.filter((s) => s.t > SPIKE_AT);
        const peak = spike.reduce((m, s) => Math.max(m, s.value), 0);
        const outside = o.replicas.find((s) => s.t >= BOUNDS_FROM && (s.value < min || s.value > max));
        const reached = spike.find((s) => s.value === peak);
        const lastHpa = o.hpaState.at(-1)?.value;
        if (outside) {
          const at = h.at(['spec', outside.value < min ? 'minReplicas' : 'maxReplicas']);
          return fail(text(`t=${outside.t}초에 레플리카가 ${outside.value}개로 HPA의 범위 ${min}–${max} 밖이었다 (${formatPosition(at)}).`, `at t=${outside.t} s there were ${outside.value} replicas, outside the HPA's range ${min}–${max} (${formatPosition(at)}).`), [at]);
        }
        if (peak > atSpike) {
          return pass(
            text(
              `트래픽이 t=${SPIKE_AT}초에 초당 ${SPIKE_RPS}개로 늘자 HPA가 레플리카를 ${atSpike}개에서 ${peak}개로 늘렸다 (t=${reached!.t}초, 범위 ${min}–${max}${lastHpa?.utilization !== undefined ? `, 마지막 CPU 사용률 ${lastHpa.utilization}%` : ''}).`,
              `when traffic rose to ${SPIKE_RPS} requests a second at t=${SPIKE_AT} s, the HPA took the replicas from ${atSpike} to ${peak} (at t=${reached!.t} s, range ${min}–${max}${lastHpa?.utilization !== undefined ? `, last CPU utilisation ${lastHpa.utilization}%` : ''}).`,
            ),
          );
        }
        const blocked = o.hpaState.filter((s) => s.t > SPIKE_AT).map((s) => s.value?.blocked).find((b) => b !== undefined);
        const noRequest = blocked?.type === 'ScalingActive' && /missing request/.test(blocked.message);
        const containers = d.object.spec?.template?.spec?.containers ?? [];
        const at = noRequest
          ? requestAt(d, 0, containers[0])
          : blocked?.type === 'ScalingLimited'
            ? h.at(['spec', 'maxReplicas'])
            : blocked?.type === 'AbleToScale'
              ? h.at(['spec', 'scaleTargetRef'])
              : h.at(['spec']);
        return fail(
          text(
            `트래픽이 t=${SPIKE_AT}초에 초당 ${SPIKE_RPS}개로 늘었지만 레플리카는 ${atSpike}개에서 늘지 않았다 (${formatPosition(at)}).${describeBlocked(blocked).ko}`,
            `traffic rose to ${SPIKE_RPS} requests a second at t=${SPIKE_AT} s, but the replicas stayed at ${atSpike} (${formatPosition(at)}).${describeBlocked(blocked).en}`,
          ),
          [at],
        );
      },
    },
    {
      id: 'spike-failure-rate',
      title: text('급증하는 동안 실패한 요청이 1% 이하다 (실패율에 따라 부분 점수)', 'At most 1% of requests fail during the spike (partial credit by failure rate)'),
      points: 20,
      hints: [
        text('파드 하나는 CPU 한도(200m)까지만 쓴다. 요청이 그보다 많으면 넘치는 요청은 실패한다. 파드를 제때 늘려야 한다.', 'A pod uses no more CPU than its limit (200m); requests beyond that fail. Scale out in time.'),
        text('점수: 실패율 1% 이하 만점, 2.5% 미만 3/4, 5% 미만 1/2, 10% 미만 1/4, 그 이상 0.', 'Scoring: at most 1% failed, full marks; under 2.5%, 3/4; under 5%, 1/2; under 10%, 1/4; more, none.'),
      ],
      async run(ctx) {
        const got = await scenarioFor(ctx);
        if (isOutcome(got)) return got;
        const { o, d } = got;
        if (!o.service) return missingObject(ctx, text('서비스', 'Service'), 'Service', 'v1');
        const during = o.traffic.filter((s) => s.t > SPIKE_AT);
        const { total, failed, rate } = sumTraffic(during);
        const pct = percent(rate);
        const msg = text(
          `t=${SPIKE_AT}초부터 t=${END}초까지 초당 ${SPIKE_RPS}개씩 보낸 요청 ${total}개 중 ${failed}개(${pct})가 실패했다.`,
          `of the ${total} requests sent at ${SPIKE_RPS} a second between t=${SPIKE_AT} s and t=${END} s, ${failed} (${pct}) failed.`,
        );
        const share = shareFor(rate);
        if (share === 1) return pass(msg);
        const lastFailing = [...during].reverse().find((s) => s.value.failed > 0);
        const at = o.hpa ? o.hpa.at(['spec']) : d.at(['spec', 'replicas']);
        const firstFailing = during.find((s) => s.value.failed > 0);
        const still =
          lastFailing && lastFailing.t === END
            ? text(' 마지막까지 요청이 실패했다: 파드가 모자란다.', ' Requests were still failing at the end: there are not enough pods.')
            : firstFailing && lastFailing
              ? text(` 실패는 t=${firstFailing.t}초부터 t=${lastFailing.t}초까지, HPA가 파드를 늘리는 동안 일어났다: 목표 사용률이 높을수록 CPU 한도까지 여유가 적다.`, ` Requests failed from t=${firstFailing.t} s to t=${lastFailing.t} s, while the HPA was catching up: the higher the target utilisation, the less headroom before the CPU limit.`)
              : text('', '');
        return partial(share, 1, text(msg.ko + still.ko, msg.en + still.en), [at]);
      },
    },
  ],
});
