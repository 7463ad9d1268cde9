/**
 * Grader of the lab "zero-downtime-rollout": Deployment web (4 × shop/web:v1, 8 s to open port 8080)
 * behind Service web is rolled to v2 under steady traffic. One scenario, shared by the checks: the
 * submission runs 60 s, 200 requests a second go to the Service from t=60 s, the image is set to v2 at
 * t=70 s (as `kubectl set image` does), and 120 s are watched. Every second the grader records the
 * Service's ready endpoints, the Deployment's status and the requests that failed.
 *
 * A readiness probe is read from the manifest (with its location); capacity, completion and failed
 * requests are judged on the timeline. Partial credit for failures: none fail → full; an outage (a
 * second in which every request failed) → nothing; otherwise by the share that failed.
 *
 * kube-proxy programs an EndpointSlice change `cluster.networkProgrammingSeconds` late (lab.yaml, 1 s:
 * kube-proxy's --iptables-min-sync-period default), so an old pod that stops at once on SIGTERM still
 * gets requests for that long. Failures in the seconds when old pods leave are put down to a missing
 * or too short preStop wait, read from the submission.
 */
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Container, Pod, Service } from 'kubernetes-types/core/v1';
import { acceptedObject, defineGrader, fail, formatPosition, isOutcome, manifestsValidCheck, missingObject, noContainerRunning, partial, pass, simulatorOnly, text } from '../src/grading/index.ts';
import type { CheckContext, Outcome, Sample, ScenarioRun, SubmittedObject, Text } from '../src/grading/index.ts';
import { perSubmission } from '../src/grading/per-submission.ts';
import { failuresAsPodsLeave, judgePreStop } from '../src/grading/pre-stop.ts';
import { namespaceOf as nsOf, podsOfDeployment, readyEndpoints } from '../src/grading/queries.ts';
import { judgeReadinessProbe } from '../src/grading/readiness.ts';
import { capacityLoss, imageNotSet, setImage, strategyAt } from '../src/grading/rollout.ts';
import { describeOutage, failedRequests, lastSecond, sumTraffic, zeroDowntimeShare, type TrafficSecond } from '../src/grading/traffic.ts';
import { containerRunning, deploymentRunning, serviceSelecting } from '../src/grading/submitted.ts';

const IMAGE = 'shop/web';
const NEW_IMAGE = 'shop/web:v2';
const APP_PORT = 8080;
const REPLICAS = 4;
const TRAFFIC_AT = 60;
const ROLLOUT_AT = 70;
const WATCH = 120;
const END = ROLLOUT_AT + WATCH;
const RPS = 200;

interface RolloutState {
  replicas: number;
  updated: number;
  available: number;
  /** Pods of the Deployment on another image than the new one, not being deleted: the old ones still serving. */
  old: number;
  /** Every pod of the Deployment runs the new image and the controller has seen the latest spec. */
  done: boolean;
}

interface Observed {
  run: ScenarioRun;
  deployment?: SubmittedObject<Deployment>;
  service?: SubmittedObject<Service>;
  container?: { c: Container; i: number };
  /** The Deployment as the API server stored it (defaults filled in), before the rollout. */
  stored?: Deployment;
  endpoints: Sample<number>[];
  rollout: Sample<RolloutState>[];
  traffic: Sample<TrafficSecond>[];
  /** Why the new image could not be set, if it could not. */
  setImageError?: Text;
}

const deploymentOf = (ctx: CheckContext): SubmittedObject<Deployment> | undefined => deploymentRunning(ctx, IMAGE, 'web');
const serviceFor = (ctx: CheckContext, d: SubmittedObject<Deployment> | undefined): SubmittedObject<Service> | undefined => serviceSelecting(ctx, d, 'web');
const containerOf = (d: SubmittedObject<Deployment>): { c: Container; i: number } | undefined => containerRunning(d, IMAGE);

async function rollout(ctx: CheckContext): Promise<Observed> {
  const run = await ctx.scenario();
  const d = deploymentOf(ctx);
  const s = serviceFor(ctx, d);
  const container = d ? containerOf(d) : undefined;
  const name = d?.object.metadata.name ?? 'web';
  const ns = d ? nsOf(d.object) : 'default';
  const svc = s?.object.metadata.name ?? 'web';
  await run.probe('endpoints', async (b) => (await readyEndpoints(b, svc, nsOf(s?.object ?? {}))).length);
  await run.probe('rollout', async (b): Promise<RolloutState> => {
    const live = await b.get<Deployment>('Deployment', name, ns);
    const pods = live ? await podsOfDeployment(b, name, ns) : [];
    const st = live?.status ?? {};
    const want = live?.spec?.replicas ?? 1;
    const onNew = (p: Pod): boolean => (p.spec?.containers ?? []).some((c) => c.image === NEW_IMAGE);
    const done =
      !!live &&
      (st.observedGeneration ?? 0) >= (live.metadata?.generation ?? 0) &&
      (st.updatedReplicas ?? 0) === want &&
      (st.replicas ?? 0) === want &&
      (st.availableReplicas ?? 0) === want &&
      pods.filter((p) => !p.metadata?.deletionTimestamp).every(onNew) &&
      (live.spec?.template?.spec?.containers ?? []).some((c) => c.image === NEW_IMAGE);
    const old = pods.filter((p) => !p.metadata?.deletionTimestamp && !onNew(p)).length;
    return { replicas: st.replicas ?? 0, updated: st.updatedReplicas ?? 0, available: st.availableReplicas ?? 0, old, done };
  });
  const sim = run.sim;
  await run.probe('traffic', () => lastSecond(sim, nsOf(s?.object ?? {}), svc));
  const observed: Observed = {
    run,
    ...(d ? { deployment: d } : {}),
    ...(s ? { service: s } : {}),
    ...(container ? { container } : {}),
    endpoints: run.timeline<number>('endpoints'),
    rollout: run.timeline<RolloutState>('rollout'),
    traffic: run.timeline<TrafficSecond>('traffic'),
  };
  if (!sim) return observed;
  await run.advance(`${TRAFFIC_AT}s`);
  if (s) sim.setTraffic({ service: svc, namespace: nsOf(s.object), rps: RPS });
  await run.advance(`${ROLLOUT_AT - TRAFFIC_AT}s`);
  const { stored, error } = await setImage(run, name, ns, container?.c.name, NEW_IMAGE);
  if (stored) observed.stored = stored;
  if (error) observed.setImageError = error;
  await run.advance(`${WATCH}s`);
  return observed;
}

/** Runs the rollout scenario once per submission; every check reads the same timeline. */
const observe = perSubmission(rollout);

/** The checks that need the scenario: the Deployment, the Service and a scenario on the simulator. */
async function scenarioFor(ctx: CheckContext): Promise<{ o: Observed; d: SubmittedObject<Deployment> } | Outcome> {
  const o = await observe(ctx);
  if (!o.run.sim) return simulatorOnly(text('롤아웃 시나리오', 'the rollout scenario'));
  const d = acceptedObject(ctx, o.run.applied, o.deployment, text('디플로이먼트(Deployment)', 'Deployment'), 'Deployment', 'apps/v1');
  if (isOutcome(d)) return d;
  if (!o.service) return missingObject(ctx, text('서비스', 'Service'), 'Service', 'v1');
  return { o, d };
}

/** The seconds in which an old pod left the Service (its deletion), after the image was set. */
function oldPodsLeaving(o: Observed): number[] {
  return o.rollout.filter((s, i) => i > 0 && s.value.old < o.rollout[i - 1]!.value.old).map((s) => s.t);
}

export default defineGrader({
  lab: 'zero-downtime-rollout',
  settle: '60s',
  checks: [
    manifestsValidCheck(10, [
      text('YAML은 들여쓰기에 공백만 쓴다. `strategy`는 `spec` 바로 아래, `readinessProbe`는 컨테이너 아래에 쓴다.', 'YAML indents with spaces only; `strategy` goes right under `spec`, `readinessProbe` under the container.'),
      text('`maxSurge`와 `maxUnavailable`을 둘 다 0으로 둘 수는 없다.', '`maxSurge` and `maxUnavailable` cannot both be 0.'),
    ]),
    {
      id: 'readiness-probe',
      title: text('컨테이너에 앱의 포트를 확인하는 readinessProbe가 있다', "The container has a readinessProbe that checks the app's port"),
      points: 15,
      hints: [
        text('readinessProbe가 없으면 컨테이너가 시작되자마자 파드가 Ready가 되어, 아직 포트를 열지 않은 새 파드로 요청이 간다.', 'Without a readinessProbe a pod is Ready as soon as its container starts, so requests reach new pods that have not opened their port yet.'),
        text('앱은 8080에서 듣고 `GET /healthz`에 200으로 답한다.', 'The app listens on 8080 and answers `GET /healthz` with 200.'),
      ],
      run(ctx) {
        const d = deploymentOf(ctx);
        if (!d) return missingObject(ctx, text('디플로이먼트(Deployment)', 'Deployment'), 'Deployment', 'apps/v1');
        const container = containerOf(d);
        if (!container) return noContainerRunning(d, IMAGE);
        return judgeReadinessProbe(d, container.i, container.c, { port: APP_PORT, healthPaths: ['/healthz'] });
      },
    },
    {
      id: 'keeps-capacity',
      title: text('롤아웃 내내 Ready 엔드포인트가 4개 밑으로 내려가지 않는다', 'There are never fewer than 4 ready endpoints during the rollout'),
      points: 15,
      hints: [
        text('`maxUnavailable: 0`이면 새 파드가 Ready가 된 뒤에야 옛 파드를 줄인다. 그러려면 `maxSurge`가 1 이상이어야 한다.', 'With `maxUnavailable: 0` old pods go only once new ones are Ready, which needs `maxSurge` of at least 1.'),
        text('전략을 쓰지 않으면 기본값은 maxSurge 25%(올림), maxUnavailable 25%(내림)이다. 파드 4개면 1개가 빠질 수 있다.', 'Without a strategy the defaults are maxSurge 25% (rounded up) and maxUnavailable 25% (rounded down): with 4 pods, 1 may be missing.'),
      ],
      async run(ctx) {
        const got = await scenarioFor(ctx);
        if (isOutcome(got)) return got;
        const { o, d } = got;
        const window = o.endpoints.filter((s) => s.t >= ROLLOUT_AT);
        const low = window.find((s) => s.value < REPLICAS);
        const min = Math.min(...window.map((s) => s.value));
        if (window.length > 0 && !low) {
          return pass(text(`t=${ROLLOUT_AT}초부터 t=${END}초까지 서비스의 Ready 엔드포인트가 늘 ${REPLICAS}개 이상이었다 (가장 적을 때 ${min}개).`, `from t=${ROLLOUT_AT} s to t=${END} s the Service always had at least ${REPLICAS} ready endpoints (fewest: ${min}).`));
        }
        const beforeRollout = o.endpoints.filter((s) => s.t < ROLLOUT_AT).at(-1)?.value ?? 0;
        if (beforeRollout < REPLICAS) {
          const c = o.container;
          const at = c ? d.at(['spec', 'template', 'spec', 'containers', c.i, ...(c.c.readinessProbe ? ['readinessProbe'] : [])]) : d.at(['spec', 'template']);
          return fail(
            text(
              `롤아웃 전(t=${ROLLOUT_AT}초)에 이미 서비스의 Ready 엔드포인트가 ${beforeRollout}개뿐이었다: 파드 ${REPLICAS}개가 Ready가 되지 못한다 (${formatPosition(at)}).`,
              `before the rollout (t=${ROLLOUT_AT} s) the Service had only ${beforeRollout} ready endpoint(s): ${REPLICAS} pods do not become Ready (${formatPosition(at)}).`,
            ),
            [at],
          );
        }
        const at = strategyAt(d);
        const stored = o.stored;
        const why: Text = !stored
          ? text('', '')
          : (capacityLoss(stored, at) ??
            ((stored.spec?.replicas ?? 1) < REPLICAS
              ? text(` 디플로이먼트의 파드가 ${stored.spec?.replicas ?? 1}개뿐이다 (${formatPosition(d.at(['spec', 'replicas']))}).`, ` the Deployment has only ${stored.spec?.replicas ?? 1} replicas (${formatPosition(d.at(['spec', 'replicas']))}).`)
              : text(' 새 파드가 Ready가 되지 못했다.', ' new pods did not become Ready.')));
        const witness = low ?? window[0];
        return fail(
          text(
            `롤아웃 중 Ready 엔드포인트가 ${REPLICAS}개 밑으로 내려갔다: t=${witness?.t ?? ROLLOUT_AT}초에 ${witness?.value ?? 0}개 (가장 적을 때 ${Number.isFinite(min) ? min : 0}개).${why.ko}`,
            `during the rollout the ready endpoints fell below ${REPLICAS}: ${witness?.value ?? 0} at t=${witness?.t ?? ROLLOUT_AT} s (fewest: ${Number.isFinite(min) ? min : 0}).${why.en}`,
          ),
          [at],
        );
      },
    },
    {
      id: 'rollout-completes',
      title: text('롤아웃이 120초 안에 끝나고 모든 파드가 v2다', 'The rollout completes within 120 seconds and every pod runs v2'),
      points: 20,
      hints: [
        text('`kubectl rollout status deployment/web`은 새 파드가 모두 Available이 될 때까지 기다린다. 새 파드가 Ready가 되지 못하면 롤아웃은 멈춘다.', '`kubectl rollout status deployment/web` waits until every new pod is Available; if new pods never become Ready, the rollout stalls.'),
      ],
      async run(ctx) {
        const got = await scenarioFor(ctx);
        if (isOutcome(got)) return got;
        const { o, d } = got;
        if (o.setImageError) return imageNotSet(d, o.setImageError);
        const done = o.rollout.find((s) => s.t > ROLLOUT_AT && s.value.done);
        if (done) {
          return pass(text(`t=${ROLLOUT_AT}초에 이미지를 ${NEW_IMAGE}(으)로 바꾸고 ${done.t - ROLLOUT_AT}초 뒤 롤아웃이 끝났다: 파드 ${done.value.replicas}개가 모두 v2이고 Available이다.`, `the image was set to ${NEW_IMAGE} at t=${ROLLOUT_AT} s and the rollout completed ${done.t - ROLLOUT_AT} s later: all ${done.value.replicas} pods run v2 and are Available.`));
        }
        const last = o.rollout.at(-1)?.value ?? { replicas: 0, updated: 0, available: 0, old: 0, done: false };
        const probe = o.container?.c.readinessProbe;
        const at = probe ? d.at(['spec', 'template', 'spec', 'containers', o.container!.i, 'readinessProbe']) : d.at(['spec', 'template']);
        return fail(
          text(
            `t=${END}초까지 롤아웃이 끝나지 않았다: 파드 ${last.replicas}개 중 새 버전 ${last.updated}개, Available ${last.available}개 (${formatPosition(at)}).`,
            `the rollout had not completed by t=${END} s: of ${last.replicas} pods, ${last.updated} updated and ${last.available} available (${formatPosition(at)}).`,
          ),
          [at],
        );
      },
    },
    {
      id: 'zero-failed-requests',
      title: text('롤아웃하는 동안 실패한 요청이 없다 (실패율에 따라 부분 점수)', 'No request fails during the rollout (partial credit by failure rate)'),
      points: 40,
      hints: [
        text('실패한 요청은 아직 포트를 열지 않은 파드(readinessProbe 없음), kube-proxy가 아직 요청을 보내는데 먼저 종료한 옛 파드(preStop 대기 없음), Ready 파드가 하나도 없는 순간(Recreate)에서 나온다.', 'Failed requests come from pods that have not opened their port yet (no readinessProbe), from old pods that stop while kube-proxy still sends them requests (no preStop wait), or from moments with no Ready pod at all (Recreate).'),
        text('파드가 삭제되면 엔드포인트에서 빠지지만, kube-proxy가 규칙을 고치기까지(이 실습에서는 1초) 옛 파드로 요청이 계속 간다. 컨테이너에 `lifecycle.preStop`(`sleep: { seconds: 5 }`)을 두어 그보다 오래 기다린 뒤 SIGTERM을 받게 하고, `terminationGracePeriodSeconds`는 그 대기보다 길게 둔다.', 'A deleted pod leaves the endpoints, but until kube-proxy has updated its rules (1 s in this lab) requests keep reaching it. Give the container a `lifecycle.preStop` (`sleep: { seconds: 5 }`) that waits longer than that before SIGTERM, and keep `terminationGracePeriodSeconds` longer than the wait.'),
        text('점수: 실패 0개는 만점, 모든 요청이 실패한 초가 있으면(중단) 0점, 그 밖에는 실패율 1% 미만 3/4, 5% 미만 1/2, 10% 미만 1/4.', 'Scoring: no failure, full marks; a second in which every request failed (an outage), none; otherwise under 1% failed, 3/4; under 5%, 1/2; under 10%, 1/4.'),
      ],
      async run(ctx) {
        const got = await scenarioFor(ctx);
        if (isOutcome(got)) return got;
        const { o, d } = got;
        const before = o.traffic.filter((s) => s.t > TRAFFIC_AT && s.t <= ROLLOUT_AT);
        const during = o.traffic.filter((s) => s.t > ROLLOUT_AT);
        const head = failedRequests(o.service!.object.metadata.name!, ROLLOUT_AT, END, sumTraffic(during));
        const verdict = zeroDowntimeShare(during);
        if (verdict.share === 1) return pass(text(`${head.ko}.`, `${head.en}.`));
        const c = o.container;
        const probeAt = c ? d.at(['spec', 'template', 'spec', 'containers', c.i, ...(c.c.readinessProbe ? ['readinessProbe'] : [])]) : d.at(['spec']);
        if (sumTraffic(before).ok === 0) {
          return fail(text(`${head.ko}. 롤아웃 전(t=${TRAFFIC_AT}~${ROLLOUT_AT}초)에도 성공한 요청이 없었다: 파드가 요청을 받지 못한다 (${formatPosition(probeAt)}).`, `${head.en}. No request succeeded before the rollout either (t=${TRAFFIC_AT}–${ROLLOUT_AT} s): the pods cannot take requests (${formatPosition(probeAt)}).`), [probeAt]);
        }
        const outage = verdict.outage;
        if (outage) {
          const recreate = o.stored?.spec?.strategy?.type === 'Recreate';
          const noProbe = !!c && !c.c.readinessProbe && !recreate;
          const at = noProbe ? probeAt : strategyAt(d);
          const cause = recreate
            ? text('Recreate 전략은 옛 파드를 모두 없앤 뒤에 새 파드를 만든다', 'the Recreate strategy removes every old pod before it creates new ones')
            : noProbe
              ? text('readinessProbe가 없어, 아직 포트를 열지 않은 새 파드가 Ready로 보고되고 옛 파드는 그만큼 빨리 사라졌다', 'with no readinessProbe, new pods that had not opened their port were reported Ready, and the old pods went just as fast')
              : text('그동안 요청을 받을 수 있는 파드가 없었다', 'no pod could take requests meanwhile');
          return fail(
            text(
              `${head.ko}. ${describeOutage(outage.t, verdict.outageSeconds).ko}: ${cause.ko} (${formatPosition(at)}).`,
              `${head.en}. ${describeOutage(outage.t, verdict.outageSeconds).en}: ${cause.en} (${formatPosition(at)}).`,
            ),
            [at],
          );
        }
        const first = during.find((s) => s.value.failed > 0);
        if (c && !c.c.readinessProbe) {
          const why = text(` 첫 실패는 t=${first?.t}초: readinessProbe가 없어 새 파드가 포트를 열기 전에 Ready가 되었다 (${formatPosition(probeAt)}).`, ` The first failed at t=${first?.t} s: with no readinessProbe, new pods were Ready before they opened their port (${formatPosition(probeAt)}).`);
          return partial(verdict.share, 1, text(`${head.ko}.${why.ko}`, `${head.en}.${why.en}`), [probeAt]);
        }
        const lag = ctx.lab.cluster.networkProgrammingSeconds ?? 0;
        const preStop = c ? judgePreStop(ctx.lab.images, c.c, d.object.spec?.template?.spec?.terminationGracePeriodSeconds, lag) : undefined;
        const draining = failuresAsPodsLeave(during, oldPodsLeaving(o), lag);
        if (c && preStop?.cause && draining.length > 0) {
          const lost = draining.reduce((n, s) => n + s.value.failed, 0);
          const at = d.at(['spec', 'template', 'spec', 'containers', c.i, ...(preStop.hook ? ['lifecycle', 'preStop'] : [])]);
          const when = text(`t=${draining.map((s) => s.t).join(', ')}초`, `t=${draining.map((s) => s.t).join(', ')} s`);
          const cause = preStop.cause;
          return partial(
            verdict.share,
            1,
            text(
              `${head.ko}. 그중 ${lost}개는 옛 파드가 빠질 때(${when.ko}) 실패했다: ${cause.ko} (${formatPosition(at)}).`,
              `${head.en}. ${lost} of them failed as old pods left (${when.en}): ${cause.en} (${formatPosition(at)}).`,
            ),
            [at],
          );
        }
        return partial(verdict.share, 1, text(`${head.ko}. 첫 실패는 t=${first?.t}초.`, `${head.en}. The first failed at t=${first?.t} s.`), [probeAt]);
      },
    },
  ],
});
