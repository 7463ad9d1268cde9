/**
 * Grader of the lab "self-healing-probes": a catalog app that needs 40 s to open its port, and a cart
 * app that hangs about 60 s after it starts (the process runs, the port accepts TCP connections, HTTP
 * requests are never answered). One scenario, shared by the checks, runs the submission for 240 s:
 * from t=120 s, 100 requests a second go to the catalog Service; at t=130 s the catalog is scaled out
 * by 2 pods; every second the catalog and cart pods (ready, restarts, last termination) and the
 * catalog traffic are recorded. The checks then judge the timeline:
 *
 *   - slow-start-not-killed: no catalog pod ever restarts, and the first ones are Ready by t=120 s;
 *   - no-traffic-before-ready: no request to the catalog fails (new pods join only once listening);
 *   - hang-restarted: every cart pod is restarted after it hung, not before (a tcpSocket probe never
 *     sees the hang; a probe on a wrong path kills a healthy app).
 *
 * The cart's hang comes from lab.yaml's image catalog (`hangAfterSeconds`). On a real cluster the
 * scenario is skipped: images there do not hang on cue.
 */
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Pod, Probe } from 'kubernetes-types/core/v1';
import { acceptedObject, defineGrader, fail, formatPosition, isOutcome, manifestsValidCheck, partial, pass, simulatorOnly, text } from '../src/grading/index.ts';
import type { CheckContext, Outcome, Sample, SourcePosition, SubmittedObject, Text } from '../src/grading/index.ts';
import { perSubmission } from '../src/grading/per-submission.ts';
import { isRunningAndReady, namespaceOf as nsOf, podProblem, podsOfDeployment } from '../src/grading/queries.ts';
import type { ScenarioRun } from '../src/grading/scenario.ts';
import { lastSecond, type TrafficSecond } from '../src/grading/traffic.ts';
import { containerRunningOrFirst, deploymentRunning, serviceSelecting } from '../src/grading/submitted.ts';

const CATALOG_IMAGE = 'shop/catalog';
const CART_IMAGE = 'shop/cart';
/** The cart image of lab.yaml, whose catalog entry says when it hangs. */
const CART_REF = 'shop/cart:3.1';
/** The timeline of the scenario, in seconds since the submission was applied. */
const TRAFFIC_AT = 120;
const SCALE_AT = 130;
const END = 240;
const RPS = 100;
const SCALE_BY = 2;

interface PodState {
  name: string;
  ready: boolean;
  restarts: number;
  /** How long the previous run of the first container lasted, and how it ended. */
  last?: { ranSeconds: number; exitCode: number };
}

interface Observed {
  run: ScenarioRun;
  /** Seconds after its start at which the cart app hangs (lab.yaml). */
  hangAfter: number;
  catalog?: SubmittedObject<Deployment>;
  cart?: SubmittedObject<Deployment>;
  /** The Service the catalog traffic was sent to, if any selects the catalog pods. */
  catalogService?: string;
  catalogPods: Sample<PodState[]>[];
  cartPods: Sample<PodState[]>[];
  traffic: Sample<TrafficSecond>[];
}

function podStates(pods: Pod[], clockParse: (t: string | undefined) => number): PodState[] {
  return pods.map((p) => {
    const cs = p.status?.containerStatuses?.[0];
    const t = cs?.lastState?.terminated;
    return {
      name: p.metadata?.name ?? '',
      ready: isRunningAndReady(p),
      restarts: cs?.restartCount ?? 0,
      ...(t ? { last: { ranSeconds: Math.round((clockParse(t.finishedAt) - clockParse(t.startedAt)) / 1000), exitCode: t.exitCode } } : {}),
    };
  });
}

async function runScenario(ctx: CheckContext): Promise<Observed | undefined> {
  const hangAfter = ctx.lab.images[CART_REF]?.hangAfterSeconds;
  if (hangAfter === undefined) throw new Error(`lab.yaml: image ${CART_REF} needs hangAfterSeconds`);
  const run = await ctx.scenario();
  const { backend, sim } = run;
  if (!sim) return undefined;
  const parse = (t: string | undefined): number => (t ? Date.parse(t) : 0);
  const catalog = deploymentRunning(ctx, CATALOG_IMAGE, 'catalog');
  const cart = deploymentRunning(ctx, CART_IMAGE, 'cart');
  const svc = catalog ? serviceSelecting(ctx, catalog, 'catalog') : undefined;
  const watch = async (name: string, d: SubmittedObject<Deployment> | undefined): Promise<void> =>
    run.probe(name, async (b) => (d ? podStates(await podsOfDeployment(b, d.object.metadata.name!, nsOf(d.object)), parse) : []));
  await watch('catalog', catalog);
  await watch('cart', cart);
  await run.probe('traffic', () => lastSecond(svc ? sim : undefined, nsOf(svc?.object ?? {}), svc?.object.metadata.name ?? ''));
  await run.advance(`${TRAFFIC_AT}s`);
  if (svc) sim.setTraffic({ service: svc.object.metadata.name!, namespace: nsOf(svc.object), rps: RPS });
  await run.advance(`${SCALE_AT - TRAFFIC_AT}s`);
  if (catalog) {
    const live = await backend.get<Deployment>('Deployment', catalog.object.metadata.name!, nsOf(catalog.object));
    if (live) sim.scale('Deployment', catalog.object.metadata.name!, (live.spec?.replicas ?? 1) + SCALE_BY, nsOf(catalog.object));
  }
  await run.advance(`${END - SCALE_AT}s`);
  return {
    run,
    hangAfter,
    ...(catalog ? { catalog } : {}),
    ...(cart ? { cart } : {}),
    ...(svc ? { catalogService: svc.object.metadata.name! } : {}),
    catalogPods: run.timeline<PodState[]>('catalog'),
    cartPods: run.timeline<PodState[]>('cart'),
    traffic: run.timeline<TrafficSecond>('traffic'),
  };
}

/** Runs the scenario once per submission; every check reads the same timeline. */
const observe = perSubmission(runScenario);

const catalogText = text('catalog 디플로이먼트(Deployment)', 'catalog Deployment');
const cartText = text('cart 디플로이먼트(Deployment)', 'cart Deployment');

/** The checks that need the scenario and one of its Deployments, accepted by the API server. */
async function scenarioFor(ctx: CheckContext, pick: (o: Observed) => SubmittedObject<Deployment> | undefined, what: Text): Promise<{ o: Observed; d: SubmittedObject<Deployment> } | Outcome> {
  const o = await observe(ctx);
  if (!o) return simulatorOnly();
  const d = acceptedObject(ctx, o.run.applied, pick(o), what, 'Deployment', 'apps/v1');
  return isOutcome(d) ? d : { o, d };
}

/** How long a probe tolerates failures from the container's start before it acts (initial delay + period × threshold). */
function budgetOf(p: Probe): number {
  return (p.initialDelaySeconds ?? 0) + (p.periodSeconds ?? 10) * (p.failureThreshold ?? 3);
}

function probeKind(p: Probe): string {
  return p.httpGet ? 'httpGet' : p.tcpSocket ? 'tcpSocket' : p.grpc ? 'grpc' : 'exec';
}

/** The first sample at which `pick` finds something, with what it found. */
function firstWhere<T, U>(timeline: Sample<T>[], pick: (v: T) => U | undefined): { t: number; found: U } | undefined {
  for (const s of timeline) {
    const found = pick(s.value);
    if (found !== undefined) return { t: s.t, found };
  }
  return undefined;
}

export default defineGrader({
  lab: 'self-healing-probes',
  settle: '60s',
  checks: [
    manifestsValidCheck(10, [
      text('YAML은 들여쓰기에 공백만 쓴다. 프로브는 컨테이너 아래, `image`와 같은 열에 쓴다.', 'YAML indents with spaces only; probes go under the container, in the same column as `image`.'),
      text('`kubectl explain pod.spec.containers.startupProbe`로 프로브의 필드를 볼 수 있다.', '`kubectl explain pod.spec.containers.startupProbe` lists the fields of a probe.'),
    ]),
    {
      id: 'slow-start-not-killed',
      title: text('느리게 뜨는 catalog 파드가 한 번도 재시작되지 않고 Ready가 된다', 'The slow catalog pods become Ready without a single restart'),
      points: 30,
      hints: [
        text('startupProbe가 성공할 때까지 liveness와 readiness 프로브는 돌지 않는다. `failureThreshold × periodSeconds`가 앱의 시작 시간(40초)보다 넉넉해야 한다.', 'Until the startupProbe succeeds, the liveness and readiness probes do not run; `failureThreshold × periodSeconds` must comfortably exceed the app\'s start-up time (40 s).'),
        text('`kubectl describe pod`의 이벤트에서 `Liveness probe failed`와 `Killing`을 찾아보자.', 'Look for `Liveness probe failed` and `Killing` in the events of `kubectl describe pod`.'),
      ],
      async run(ctx) {
        const got = await scenarioFor(ctx, (o) => o.catalog, catalogText);
        if (isOutcome(got)) return got;
        const { o, d } = got;
        const { c, i } = containerRunningOrFirst(d, CATALOG_IMAGE);
        const containerPath = ['spec', 'template', 'spec', 'containers', i] as const;
        const start = ctx.lab.images['shop/catalog:2.0']?.startSeconds ?? 40;
        const restarted = firstWhere(o.catalogPods, (pods) => pods.find((p) => p.restarts > 0));
        if (restarted) {
          const p = restarted.found;
          const guard = c.startupProbe ? { probe: c.startupProbe, field: 'startupProbe' } : c.livenessProbe ? { probe: c.livenessProbe, field: 'livenessProbe' } : undefined;
          const at = guard ? d.at([...containerPath, guard.field]) : d.at([...containerPath]);
          const ran = p.last ? text(`; 직전 실행은 ${p.last.ranSeconds}초 만에 종료 코드 ${p.last.exitCode}(으)로 끝났다`, `; its previous run lasted ${p.last.ranSeconds} s and ended with exit code ${p.last.exitCode}`) : text('', '');
          const why = guard
            ? text(
                `${guard.field}(${probeKind(guard.probe)}, ${formatPosition(at)})는 컨테이너 시작 뒤 약 ${budgetOf(guard.probe)}초 안에 성공하지 못하면 컨테이너를 죽이는데, 앱은 포트를 여는 데 ${start}초가 걸린다`,
                `the ${guard.field} (${probeKind(guard.probe)}, ${formatPosition(at)}) kills the container if it has not succeeded about ${budgetOf(guard.probe)} s after the container started, and the app needs ${start} s to open its port`,
              )
            : text('프로브 말고 다른 이유로 컨테이너가 끝났다', 'the container ended for a reason other than a probe');
          return fail(
            text(`catalog 파드 ${p.name}이(가) t=${restarted.t}초에 재시작되었다 (restartCount ${p.restarts}${ran.ko}): ${why.ko}.`, `catalog pod ${p.name} was restarted at t=${restarted.t} s (restartCount ${p.restarts}${ran.en}): ${why.en}.`),
            [at],
          );
        }
        const want = d.object.spec?.replicas ?? 1;
        const readyAt = firstWhere(o.catalogPods, (pods) => (pods.filter((p) => p.ready).length >= want ? pods : undefined));
        if (!readyAt || readyAt.t > TRAFFIC_AT) {
          const { backend } = o.run;
          const why = (await podsOfDeployment(backend, d.object.metadata.name!, nsOf(d.object))).map(podProblem).find((x) => x !== undefined);
          const at = c.readinessProbe ? d.at([...containerPath, 'readinessProbe']) : d.at([...containerPath]);
          return fail(
            text(
              `catalog 파드는 재시작되지 않았지만 t=${TRAFFIC_AT}초까지 ${want}개가 Ready가 되지 않았다 (${formatPosition(at)}).${why ? ` ${why.ko}.` : ''}`,
              `the catalog pods were not restarted, but ${want} of them were not Ready by t=${TRAFFIC_AT} s (${formatPosition(at)}).${why ? ` ${why.en}.` : ''}`,
            ),
            [at],
          );
        }
        const all = new Set(o.catalogPods.flatMap((s) => s.value.map((p) => p.name))).size;
        return pass(
          text(
            `catalog 파드 ${want}개가 t=${readyAt.t}초에 Ready가 되었고(앱 시작에 ${start}초), t=${SCALE_AT}초에 늘어난 파드까지 ${all}개 모두 t=${END}초까지 한 번도 재시작되지 않았다.`,
            `${want} catalog pod(s) were Ready at t=${readyAt.t} s (the app needs ${start} s to start), and all ${all}, with those added at t=${SCALE_AT} s, ran to t=${END} s without a restart.`,
          ),
        );
      },
    },
    {
      id: 'no-traffic-before-ready',
      title: text('catalog 파드는 포트를 연 뒤에야 트래픽을 받는다 (실패한 요청 0개)', 'Catalog pods take traffic only once their port is open (no failed request)'),
      points: 25,
      hints: [
        text('readinessProbe가 없으면 컨테이너가 시작되자마자 파드가 Ready가 되어, 아직 포트를 열지 않은 앱에도 요청이 간다.', 'Without a readinessProbe a pod is Ready as soon as its container starts, so requests reach an app that has not opened its port yet.'),
        text('startupProbe가 성공하기 전까지 파드는 Ready가 아니다.', 'A pod is not Ready before its startupProbe succeeds.'),
      ],
      async run(ctx) {
        const got = await scenarioFor(ctx, (o) => o.catalog, catalogText);
        if (isOutcome(got)) return got;
        const { o, d } = got;
        if (!o.catalogService) {
          return fail(text('catalog 파드를 고르는 서비스가 없어 트래픽을 보낼 수 없다: 시작 파일의 서비스 catalog를 그대로 두자.', 'no Service selects the catalog pods, so no traffic could be sent: keep the starter\'s Service catalog.'));
        }
        const window = o.traffic.filter((s) => s.t > TRAFFIC_AT);
        const ok = window.reduce((n, s) => n + s.value.ok, 0);
        const failed = window.reduce((n, s) => n + s.value.failed, 0);
        const head = text(
          `t=${TRAFFIC_AT}초부터 t=${END}초까지 서비스 ${o.catalogService}(으)로 보낸 요청 ${ok + failed}개 중 ${failed}개가 실패했다`,
          `of the ${ok + failed} requests sent to Service ${o.catalogService} between t=${TRAFFIC_AT} s and t=${END} s, ${failed} failed`,
        );
        if (failed === 0 && ok > 0) return pass(text(`${head.ko}: t=${SCALE_AT}초에 늘어난 파드도 앱이 포트를 연 뒤에야 Ready가 되었다.`, `${head.en}: the pods added at t=${SCALE_AT} s too became Ready only once the app had opened its port.`));
        const { c, i } = containerRunningOrFirst(d, CATALOG_IMAGE);
        const containerPath = ['spec', 'template', 'spec', 'containers', i] as const;
        const firstFailure = window.find((s) => s.value.failed > 0);
        const at: SourcePosition = c.readinessProbe ? d.at([...containerPath, 'readinessProbe']) : d.at([...containerPath]);
        if (ok === 0) {
          return fail(text(`${head.ko}: catalog가 요청을 하나도 처리하지 못했다 (${formatPosition(at)}).`, `${head.en}: the catalog served no request at all (${formatPosition(at)}).`), [at]);
        }
        const probes = c.readinessProbe || c.startupProbe;
        const why = probes
          ? text(`준비되지 않은 파드가 Ready로 보고되었다 (${formatPosition(at)})`, `pods were reported Ready before they could serve (${formatPosition(at)})`)
          : text(`readinessProbe도 startupProbe도 없어, 새 파드가 앱이 포트를 열기 전에 Ready가 되었다 (${formatPosition(at)})`, `with neither a readinessProbe nor a startupProbe, the new pods were Ready before the app had opened its port (${formatPosition(at)})`);
        return fail(text(`${head.ko}. 첫 실패는 t=${firstFailure!.t}초: ${why.ko}.`, `${head.en}. The first failed at t=${firstFailure!.t} s: ${why.en}.`), [at]);
      },
    },
    {
      id: 'hang-restarted',
      title: text('멈춘 cart 파드를 liveness 프로브가 재시작한다', 'The liveness probe restarts the hung cart pods'),
      points: 35,
      hints: [
        text('tcpSocket 프로브는 포트가 연결을 받는지만 본다. 멈춘 앱도 연결은 받으므로, 앱이 실제로 답하는지 보는 httpGet 프로브를 쓰자.', 'A tcpSocket probe only checks that the port accepts a connection, which a hung app still does; use an httpGet probe, which needs the app to answer.'),
        text('liveness 프로브의 경로는 앱이 200으로 답하는 `/healthz`여야 한다. 다른 경로는 404라 건강한 앱까지 죽인다.', 'The liveness probe must ask `/healthz`, which answers 200; other paths give 404 and kill a healthy app.'),
      ],
      async run(ctx) {
        const got = await scenarioFor(ctx, (o) => o.cart, cartText);
        if (isOutcome(got)) return got;
        const { o, d } = got;
        const { c, i } = containerRunningOrFirst(d, CART_IMAGE);
        const containerPath = ['spec', 'template', 'spec', 'containers', i] as const;
        const first = o.cartPods.find((s) => s.value.length > 0)?.value ?? [];
        if (first.length === 0) return fail(text('cart 파드가 하나도 만들어지지 않았다.', 'no cart pod was ever created.'), [d.at(['spec'])]);
        const healed: { name: string; t: number }[] = [];
        const early: { name: string; t: number; ran: number }[] = [];
        const never: string[] = [];
        for (const { name } of first) {
          const hit = firstWhere(o.cartPods, (pods) => pods.find((p) => p.name === name && p.restarts > 0));
          if (!hit) never.push(name);
          else if ((hit.found.last?.ranSeconds ?? 0) < o.hangAfter) early.push({ name, t: hit.t, ran: hit.found.last?.ranSeconds ?? 0 });
          else healed.push({ name, t: hit.t });
        }
        if (healed.length === first.length) {
          return pass(
            text(
              `cart 파드 ${first.length}개가 모두 시작 약 ${o.hangAfter}초 뒤 멈췄고, liveness 프로브가 알아채 재시작했다 (t=${healed.map((h) => `${h.t}초`).join(', ')}).`,
              `all ${first.length} cart pods hung about ${o.hangAfter} s after they started, and the liveness probe restarted them (at t=${healed.map((h) => `${h.t} s`).join(', ')}).`,
            ),
          );
        }
        const live = c.livenessProbe;
        const probeAt = live ? d.at([...containerPath, 'livenessProbe', ...(live.tcpSocket ? ['tcpSocket'] : live.httpGet ? ['httpGet', 'path'] : [])]) : d.at([...containerPath]);
        const parts: Text[] = [];
        if (early.length > 0) {
          const e = early[0]!;
          parts.push(
            text(
              `파드 ${e.name}은(는) 멈추기도 전에(${e.ran}초 실행 뒤) t=${e.t}초에 재시작되었다: liveness 프로브(${formatPosition(probeAt)})가 건강한 앱에서도 실패한다`,
              `pod ${e.name} was restarted at t=${e.t} s after running only ${e.ran} s, before it ever hung: the liveness probe (${formatPosition(probeAt)}) fails on a healthy app`,
            ),
          );
        }
        if (never.length > 0) {
          const why = !live
            ? text('livenessProbe가 없어 kubelet은 앱이 멈춘 것을 알 수 없다', 'there is no livenessProbe, so the kubelet cannot know the app hung')
            : live.tcpSocket
              ? text(`tcpSocket 프로브(${formatPosition(probeAt)})는 연결만 확인하는데, 멈춘 앱의 포트도 연결은 받는다`, `the tcpSocket probe (${formatPosition(probeAt)}) only opens a connection, which the hung app's port still accepts`)
              : text(`liveness 프로브(${formatPosition(probeAt)})가 t=${END}초까지 실패를 알아채지 못했다 (약 ${budgetOf(live)}초의 실패를 기다린다)`, `the liveness probe (${formatPosition(probeAt)}) did not act by t=${END} s (it waits for about ${budgetOf(live)} s of failures)`);
          parts.push(
            text(
              `파드 ${never.join(', ')}은(는) 시작 약 ${o.hangAfter}초 뒤 멈췄지만 t=${END}초까지 재시작되지 않았다: ${why.ko}`,
              `pod(s) ${never.join(', ')} hung about ${o.hangAfter} s after starting and were not restarted by t=${END} s: ${why.en}`,
            ),
          );
        }
        return partial(healed.length, first.length, text(parts.map((p) => p.ko).join('. ') + '.', parts.map((p) => p.en).join('. ') + '.'), [probeAt]);
      },
    },
  ],
});
