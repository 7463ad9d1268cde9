/**
 * Grader of the lab "rollback-bad-release": Deployment web (4 × shop/web:v2, 8 s to open port 8080)
 * behind Service web. One scenario, shared by the checks (seconds since the submission was applied):
 *
 *   t=40   200 requests a second to the Service, until the end
 *   t=50   image → shop/web:v3 (as `kubectl set image`), which crashes 4 s after start, port never open
 *   t=160  `kubectl rollout undo` (polymorphichelpers/rollback.go, through the simulator's kubectl)
 *   t=190  image → shop/web:v3.1, a healthy release that rolls out completely
 *   t=260  `kubectl rollout undo` again: needs v2's ReplicaSet, scaled to 0, still kept (revisionHistoryLimit)
 *   t=320  end
 *
 * Every second the grader records the Service's ready endpoints, the requests of the last second, the
 * Deployment's Progressing condition and revision, and its ReplicaSets. The checks judge that timeline:
 * no failed request, never fewer than 4 ready endpoints, Progressing=False/ProgressDeadlineExceeded for
 * v3 (pkg/controller/deployment/progress.go) and no such report for a healthy rollout, and both undos
 * bringing back v2's own ReplicaSet under a new revision (deployment_util.go SetNewReplicaSetAnnotations).
 */
import type { Deployment, DeploymentCondition, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Container, Service } from 'kubernetes-types/core/v1';
import { acceptedObject, defineGrader, fail, formatPosition, isOutcome, manifestsValidCheck, missingObject, noContainerRunning, partial, pass, simulatorOnly, text } from '../src/grading/index.ts';
import type { CheckContext, Outcome, Sample, ScenarioRun, SourcePosition, SubmittedObject, Text } from '../src/grading/index.ts';
import { perSubmission } from '../src/grading/per-submission.ts';
import { namespaceOf as nsOf, readyEndpoints } from '../src/grading/queries.ts';
import { capacityLoss, imageNotSet, strategyAt } from '../src/grading/rollout.ts';
import { containerRunning, deploymentRunning, serviceSelecting } from '../src/grading/submitted.ts';
import { failedRequests, lastSecond, sumTraffic, zeroDowntimeShare } from '../src/grading/traffic.ts';
import type { ClusterBackend } from '../src/backends/backend.ts';
import { POD_TEMPLATE_HASH, REVISION, REVISION_HISTORY } from '../src/sim/controllers/deployment-util.ts';
import { parseImage } from '../src/sim/kubelet/images.ts';
import { KubectlError } from '../src/sim/kubectl/kubectl-error.ts';

const IMAGE = 'shop/web';
const GOOD = 'shop/web:v2';
const BAD = 'shop/web:v3';
const FIX = 'shop/web:v3.1';
const REPLICAS = 4;
const RPS = 200;
const TRAFFIC_AT = 40;
const BAD_AT = 50;
const UNDO_AT = 160;
const FIX_AT = 190;
const UNDO2_AT = 260;
const END = 320;
/** How long the first rollback may take to have all pods Ready again. */
const RECOVER_WITHIN = 30;
/** Seconds from creation to Ready of a healthy pod (pull 3 s, start 8 s, one probe period): for messages. */
const HEALTHY_POD_SECONDS = 12;

interface ReplicaSetView {
  name: string;
  hash: string;
  revision: number;
  /** deployment.kubernetes.io/revision-history: the revisions this ReplicaSet had before. */
  history: string;
  replicas: number;
  available: number;
  image: string;
}

interface State {
  endpoints: number;
  ok: number;
  failed: number;
  progressing?: Pick<DeploymentCondition, 'status' | 'reason' | 'message'>;
  /** The Deployment's deployment.kubernetes.io/revision. */
  revision: number;
  /** What `kubectl rollout status` would call "successfully rolled out" (rollout_status.go). */
  done: boolean;
  replicaSets: ReplicaSetView[];
}

/** The outcome of one `kubectl rollout undo`: its output, or the error kubectl printed. */
type Undo = { ok: true; out: Text } | { ok: false; error: Text };

interface Observed {
  run: ScenarioRun;
  deployment?: SubmittedObject<Deployment>;
  service?: SubmittedObject<Service>;
  container?: { c: Container; i: number };
  /** The Deployment as the API server stored it (defaults filled in), before v3. */
  stored?: Deployment;
  /** The ReplicaSet that ran v2 before the bad release. */
  v2?: ReplicaSetView;
  states: Sample<State>[];
  setImageError?: Text;
  undo?: Undo;
  undo2?: Undo;
}

async function stateOf(b: ClusterBackend, name: string, ns: string, svc: string, svcNs: string, traffic: () => { ok: number; failed: number }): Promise<State> {
  const endpoints = (await readyEndpoints(b, svc, svcNs)).length;
  const live = await b.get<Deployment>('Deployment', name, ns);
  const st = live?.status ?? {};
  const cond = st.conditions?.find((c) => c.type === 'Progressing');
  const want = live?.spec?.replicas ?? 1;
  const replicaSets = live
    ? (await b.list<ReplicaSet>('ReplicaSet', { namespace: ns }))
        .filter((rs) => rs.metadata?.ownerReferences?.some((r) => r.controller && r.uid === live.metadata?.uid))
        .map((rs) => ({
          name: rs.metadata?.name ?? '',
          hash: rs.metadata?.labels?.[POD_TEMPLATE_HASH] ?? '',
          revision: Number(rs.metadata?.annotations?.[REVISION] ?? 0),
          history: rs.metadata?.annotations?.[REVISION_HISTORY] ?? '',
          replicas: rs.spec?.replicas ?? 0,
          available: rs.status?.availableReplicas ?? 0,
          image: (rs.spec?.template?.spec?.containers ?? []).find((c) => parseImage(c.image ?? '').repository === IMAGE)?.image ?? '',
        }))
    : [];
  const done =
    !!live &&
    (live.metadata?.generation ?? 0) <= (st.observedGeneration ?? 0) &&
    cond?.reason !== 'ProgressDeadlineExceeded' &&
    (st.updatedReplicas ?? 0) >= want &&
    (st.replicas ?? 0) <= (st.updatedReplicas ?? 0) &&
    (st.availableReplicas ?? 0) >= (st.updatedReplicas ?? 0);
  return {
    endpoints,
    ...traffic(),
    ...(cond ? { progressing: { status: cond.status, reason: cond.reason, message: cond.message } } : {}),
    revision: Number(live?.metadata?.annotations?.[REVISION] ?? 0),
    done,
    replicaSets,
  };
}

/** The ReplicaSet that carries the Deployment's current revision. */
const currentRs = (s: State): ReplicaSetView | undefined => s.replicaSets.find((rs) => rs.revision === s.revision);

/** What kubectl printed for an error: its own words for a KubectlError, else the API error's message. */
function errorText(e: unknown): Text {
  if (e instanceof KubectlError) return e.text;
  const msg = e instanceof Error ? e.message : String(e);
  return text(msg, msg);
}

function undo(run: ScenarioRun, name: string, ns: string): Undo {
  try {
    return { ok: true, out: run.sim!.rollback(name, { namespace: ns }) };
  } catch (e) {
    return { ok: false, error: errorText(e) };
  }
}

async function scenario(ctx: CheckContext): Promise<Observed> {
  const run = await ctx.scenario();
  const d = deploymentRunning(ctx, IMAGE, 'web');
  const s = serviceSelecting(ctx, d, 'web');
  const container = d ? containerRunning(d, IMAGE) : undefined;
  const name = d?.object.metadata.name ?? 'web';
  const ns = d ? nsOf(d.object) : 'default';
  const svc = s?.object.metadata.name ?? 'web';
  const svcNs = nsOf(s?.object ?? {});
  const sim = run.sim;
  await run.probe('state', (b) =>
    stateOf(b, name, ns, svc, svcNs, () => {
      const { ok, failed } = lastSecond(sim, svcNs, svc);
      return { ok, failed };
    }),
  );
  const observed: Observed = {
    run,
    ...(d ? { deployment: d } : {}),
    ...(s ? { service: s } : {}),
    ...(container ? { container } : {}),
    states: run.timeline<State>('state'),
  };
  if (!sim) return observed;
  const setImage = (image: string): void => {
    try {
      sim.setImage(name, container!.c.name, image, ns);
    } catch (e) {
      observed.setImageError ??= errorText(e);
    }
  };
  await run.advance(`${TRAFFIC_AT}s`);
  if (s) sim.setTraffic({ service: svc, namespace: svcNs, rps: RPS });
  await run.advance(`${BAD_AT - TRAFFIC_AT}s`);
  const stored = await run.backend.get<Deployment>('Deployment', name, ns);
  if (stored) observed.stored = stored;
  const atRelease = observed.states.at(-1);
  const v2 = atRelease && currentRs(atRelease.value);
  if (v2) observed.v2 = v2;
  if (!stored || !container) {
    observed.setImageError = text(`${IMAGE} 이미지를 쓰는 디플로이먼트가 없다`, `no Deployment runs ${IMAGE}`);
    await run.advance(`${END - BAD_AT}s`);
    return observed;
  }
  setImage(BAD);
  await run.advance(`${UNDO_AT - BAD_AT}s`);
  observed.undo = undo(run, name, ns);
  await run.advance(`${FIX_AT - UNDO_AT}s`);
  setImage(FIX);
  await run.advance(`${UNDO2_AT - FIX_AT}s`);
  observed.undo2 = undo(run, name, ns);
  await run.advance(`${END - UNDO2_AT}s`);
  return observed;
}

/** Runs the scenario once per submission; every check reads the same timeline. */
const observe = perSubmission(scenario);

/** The checks that need the scenario: the Deployment, the Service and a scenario on the simulator. */
async function scenarioFor(ctx: CheckContext): Promise<{ o: Observed; d: SubmittedObject<Deployment> } | Outcome> {
  const o = await observe(ctx);
  if (!o.run.sim) return simulatorOnly();
  const d = acceptedObject(ctx, o.run.applied, o.deployment, text('디플로이먼트(Deployment)', 'Deployment'), 'Deployment', 'apps/v1');
  if (isOutcome(d)) return d;
  if (!o.service) return missingObject(ctx, text('서비스', 'Service'), 'Service', 'v1');
  if (!o.container) return noContainerRunning(d, IMAGE);
  if (o.setImageError) return imageNotSet(d, o.setImageError);
  return { o, d };
}

/** Which part of the story a second belongs to. */
function phaseOf(t: number): Text {
  if (t <= BAD_AT) return text('릴리스 전', 'before any release');
  if (t <= UNDO_AT) return text('v3 롤아웃 중', 'during the v3 rollout');
  if (t <= FIX_AT) return text('첫 롤백 뒤', 'after the first rollback');
  if (t <= UNDO2_AT) return text('v3.1 롤아웃 중', 'during the v3.1 rollout');
  return text('두 번째 롤백 뒤', 'after the second rollback');
}

const probeAt = (o: Observed, d: SubmittedObject<Deployment>): SourcePosition =>
  o.container ? d.at(['spec', 'template', 'spec', 'containers', o.container.i, ...(o.container.c.readinessProbe ? ['readinessProbe'] : [])]) : d.at(['spec', 'template']);

const fieldAt = (d: SubmittedObject<Deployment>, field: 'progressDeadlineSeconds' | 'revisionHistoryLimit'): SourcePosition =>
  d.at(['spec', ...(d.object.spec?.[field] !== undefined ? [field] : [])]);

const noProbe = (o: Observed): boolean => !!o.container && !o.container.c.readinessProbe;

/** The samples after `from` up to `to`. */
const samplesIn = (o: Observed, from: number, to: number): Sample<State>[] => o.states.filter((s) => s.t > from && s.t <= to);

/** The first second after `from` (up to `to`) at which the Deployment ran v2's ReplicaSet again and had rolled out. */
const backOnV2 = (o: Observed, from: number, to: number): Sample<State> | undefined =>
  samplesIn(o, from, to).find((s) => s.value.done && currentRs(s.value)?.name === o.v2?.name && (currentRs(s.value)?.available ?? 0) >= REPLICAS);

function undoFailed(d: SubmittedObject<Deployment>, at: number, u: Extract<Undo, { ok: false }>): Outcome {
  const where = fieldAt(d, 'revisionHistoryLimit');
  const limit = d.object.spec?.revisionHistoryLimit;
  const why =
    limit === 0
      ? text(` revisionHistoryLimit 0은 복제본이 0개가 된 옛 레플리카셋을 모두 지운다 (${formatPosition(where)}).`, ` revisionHistoryLimit 0 deletes every old ReplicaSet once it is scaled to 0 (${formatPosition(where)}).`)
      : text('', '');
  return fail(text(`t=${at}초의 \`kubectl rollout undo\`가 실패했다: ${u.error.ko}.${why.ko}`, `\`kubectl rollout undo\` at t=${at} s failed: ${u.error.en}.${why.en}`), [where]);
}

export default defineGrader({
  lab: 'rollback-bad-release',
  settle: '60s',
  checks: [
    manifestsValidCheck(10, [
      text('YAML은 들여쓰기에 공백만 쓴다. `progressDeadlineSeconds`와 `revisionHistoryLimit`은 `spec` 바로 아래, `readinessProbe`는 컨테이너 아래에 쓴다.', 'YAML indents with spaces only; `progressDeadlineSeconds` and `revisionHistoryLimit` go right under `spec`, `readinessProbe` under the container.'),
      text('`progressDeadlineSeconds`는 `minReadySeconds`보다 커야 하고, `maxSurge`와 `maxUnavailable`을 둘 다 0으로 둘 수는 없다.', '`progressDeadlineSeconds` must be greater than `minReadySeconds`, and `maxSurge` and `maxUnavailable` cannot both be 0.'),
    ]),
    {
      id: 'keeps-serving',
      title: text('t=40~320초에 실패한 요청이 없다 (실패율에 따라 부분 점수)', 'No request fails between t=40 s and t=320 s (partial credit by failure rate)'),
      points: 25,
      hints: [
        text('readinessProbe가 없으면 v3 컨테이너가 시작되자마자(포트를 열기 전에) 파드가 Ready가 되어 요청을 받고, 옛 v2 파드는 그만큼 빨리 사라진다.', 'Without a readinessProbe a v3 pod is Ready as soon as its container starts, before any port is open: it takes requests, and the old v2 pods go just as fast.'),
        text('점수: 실패 0개는 만점, 모든 요청이 실패한 초가 있으면(중단) 0점, 그 밖에는 실패율 1% 미만 3/4, 5% 미만 1/2, 10% 미만 1/4.', 'Scoring: no failure, full marks; a second in which every request failed (an outage), none; otherwise under 1% failed, 3/4; under 5%, 1/2; under 10%, 1/4.'),
      ],
      async run(ctx) {
        const got = await scenarioFor(ctx);
        if (isOutcome(got)) return got;
        const { o, d } = got;
        const during = samplesIn(o, TRAFFIC_AT, END);
        const head = failedRequests(o.service!.object.metadata.name!, TRAFFIC_AT, END, sumTraffic(during));
        const verdict = zeroDowntimeShare(during);
        if (verdict.share === 1) return pass(text(`${head.ko}: 고장 난 v3도, 두 번의 롤백도 손님에게 보이지 않았다.`, `${head.en}: neither the broken v3 nor the two rollbacks showed to a customer.`));
        const at = probeAt(o, d);
        if (sumTraffic(samplesIn(o, TRAFFIC_AT, BAD_AT)).ok === 0) {
          return fail(text(`${head.ko}. 릴리스 전(t=${TRAFFIC_AT}~${BAD_AT}초)에도 성공한 요청이 없었다: v2 파드가 요청을 받지 못한다 (${formatPosition(at)}).`, `${head.en}. No request succeeded before any release either (t=${TRAFFIC_AT}–${BAD_AT} s): the v2 pods cannot take requests (${formatPosition(at)}).`), [at]);
        }
        const first = during.find((s) => s.value.failed > 0)!;
        const phase = phaseOf(first.t);
        const cause = noProbe(o)
          ? text(`readinessProbe가 없어 포트를 열지 않은 파드가 Ready로 보고되었다 (${formatPosition(at)})`, `with no readinessProbe, pods that had not opened their port were reported Ready (${formatPosition(at)})`)
          : o.stored?.spec?.strategy?.type === 'Recreate'
            ? text(`Recreate 전략은 옛 파드를 모두 없앤 뒤에 새 파드를 만든다 (${formatPosition(strategyAt(d))})`, `the Recreate strategy removes every old pod before it creates new ones (${formatPosition(strategyAt(d))})`)
            : text('그동안 요청을 받을 수 있는 파드가 모자랐다', 'too few pods could take requests meanwhile');
        const locations = [noProbe(o) ? at : strategyAt(d)];
        if (verdict.outage) {
          const outage = phaseOf(verdict.outage.t);
          return fail(
            text(
              `${head.ko}. ${outage.ko} t=${verdict.outage.t}초부터 모든 요청이 실패한 초가 ${verdict.outageSeconds}번 있었다(서비스 중단): ${cause.ko}.`,
              `${head.en}. ${outage.en[0]!.toUpperCase()}${outage.en.slice(1)}, from t=${verdict.outage.t} s, there were ${verdict.outageSeconds} second(s) in which every request failed (an outage): ${cause.en}.`,
            ),
            locations,
          );
        }
        return partial(verdict.share * 4, 4, text(`${head.ko}. 첫 실패는 ${phase.ko} t=${first.t}초: ${cause.ko}.`, `${head.en}. The first failed ${phase.en} at t=${first.t} s: ${cause.en}.`), locations);
      },
    },
    {
      id: 'keeps-capacity',
      title: text('롤아웃과 롤백 내내 Ready 엔드포인트가 4개 밑으로 내려가지 않는다', 'There are never fewer than 4 ready endpoints during the rollouts and rollbacks'),
      points: 15,
      hints: [
        text('`maxUnavailable: 0`이면 새 파드가 Ready가 된 뒤에야 옛 파드를 줄인다. 그러려면 `maxSurge`가 1 이상이어야 한다.', 'With `maxUnavailable: 0` old pods go only once new ones are Ready, which needs `maxSurge` of at least 1.'),
        text('전략을 쓰지 않으면 maxUnavailable은 25%(내림)다. 파드 4개면 v3가 배포되자마자 v2 파드 하나가 사라지고, v3는 끝내 Ready가 되지 못하니 그 자리는 비어 있다.', 'Without a strategy maxUnavailable is 25% (rounded down): with 4 pods one v2 pod goes as soon as v3 ships, and since v3 never becomes Ready its place stays empty.'),
      ],
      async run(ctx) {
        const got = await scenarioFor(ctx);
        if (isOutcome(got)) return got;
        const { o, d } = got;
        const window = o.states.filter((s) => s.t >= BAD_AT);
        const low = window.find((s) => s.value.endpoints < REPLICAS);
        const min = Math.min(...window.map((s) => s.value.endpoints));
        if (window.length > 0 && !low) {
          return pass(text(`t=${BAD_AT}초부터 t=${END}초까지 서비스의 Ready 엔드포인트가 늘 ${REPLICAS}개 이상이었다 (가장 적을 때 ${min}개).`, `from t=${BAD_AT} s to t=${END} s the Service always had at least ${REPLICAS} ready endpoints (fewest: ${min}).`));
        }
        const before = o.states.filter((s) => s.t <= BAD_AT).at(-1)?.value.endpoints ?? 0;
        if (before < REPLICAS) {
          const at = probeAt(o, d);
          return fail(text(`릴리스 전(t=${BAD_AT}초)에 이미 서비스의 Ready 엔드포인트가 ${before}개뿐이었다: v2 파드 ${REPLICAS}개가 Ready가 되지 못한다 (${formatPosition(at)}).`, `before any release (t=${BAD_AT} s) the Service had only ${before} ready endpoint(s): ${REPLICAS} v2 pods do not become Ready (${formatPosition(at)}).`), [at]);
        }
        const witness = low!;
        // Why, as a sentence that starts with a space: the strategy (capacityLoss), else the missing probe.
        const loss = capacityLoss(o.stored!, strategyAt(d));
        const at = loss ? strategyAt(d) : noProbe(o) ? probeAt(o, d) : d.at(['spec']);
        const why =
          loss ??
          (noProbe(o)
            ? text(` readinessProbe가 없어 시작만 한 v3 파드가 Ready로 세어졌고, 그 자리의 v2 파드가 지워졌다 (${formatPosition(at)}).`, ` With no readinessProbe, v3 pods that had merely started counted as Ready, and v2 pods were removed in their place (${formatPosition(at)}).`)
            : text(' 새 파드가 Ready가 되지 못했다.', ' New pods did not become Ready.'));
        return fail(
          text(
            `${phaseOf(witness.t).ko} Ready 엔드포인트가 ${REPLICAS}개 밑으로 내려갔다: t=${witness.t}초에 ${witness.value.endpoints}개 (가장 적을 때 ${min}개).${why.ko}`,
            `${phaseOf(witness.t).en} the ready endpoints fell below ${REPLICAS}: ${witness.value.endpoints} at t=${witness.t} s (fewest: ${min}).${why.en}`,
          ),
          [at],
        );
      },
    },
    {
      id: 'reports-failure',
      title: text('디플로이먼트가 v3를 ProgressDeadlineExceeded로 보고하고, 정상 롤아웃은 실패로 보고하지 않는다', 'The Deployment reports v3 as ProgressDeadlineExceeded, and no healthy rollout as failed'),
      points: 15,
      hints: [
        text('`spec.progressDeadlineSeconds` 동안 롤아웃에 아무 진전이 없으면 `Progressing` 조건이 `False`, 이유 `ProgressDeadlineExceeded`가 된다. 기본값은 600초다.', 'When a rollout makes no progress for `spec.progressDeadlineSeconds`, the `Progressing` condition turns `False` with reason `ProgressDeadlineExceeded`. The default is 600 s.'),
        text(`정상 롤아웃에서도 새 파드 하나가 Ready가 되기까지 약 ${HEALTHY_POD_SECONDS}초 동안은 진전이 없다. 기한이 그보다 짧으면 멀쩡한 릴리스도 실패로 보고된다.`, `Even a healthy rollout makes no progress for about ${HEALTHY_POD_SECONDS} s while a new pod gets Ready; a shorter deadline reports healthy releases as failed.`),
      ],
      async run(ctx) {
        const got = await scenarioFor(ctx);
        if (isOutcome(got)) return got;
        const { o, d } = got;
        const exceeded = (s: Sample<State>): boolean => s.value.progressing?.reason === 'ProgressDeadlineExceeded';
        const reported = samplesIn(o, BAD_AT, UNDO_AT).find(exceeded);
        const deadline = o.stored?.spec?.progressDeadlineSeconds ?? 600;
        const where = fieldAt(d, 'progressDeadlineSeconds');
        if (!reported) {
          const completed = samplesIn(o, BAD_AT, UNDO_AT).find((s) => s.value.progressing?.reason === 'NewReplicaSetAvailable' && currentRs(s.value)?.image === BAD);
          if (completed) {
            const at = probeAt(o, d);
            return fail(
              text(
                `디플로이먼트가 고장 난 v3를 t=${completed.t}초에 배포 완료(Progressing=True, NewReplicaSetAvailable)로 보고했다: readinessProbe가 없어 시작 직후의 v3 파드가 가용으로 세어졌다 (${formatPosition(at)}).`,
                `the Deployment reported the broken v3 as rolled out at t=${completed.t} s (Progressing=True, NewReplicaSetAvailable): with no readinessProbe, v3 pods counted as available right after they started (${formatPosition(at)}).`,
              ),
              [at],
            );
          }
          const last = samplesIn(o, BAD_AT, UNDO_AT).at(-1)?.value.progressing;
          const unset = d.object.spec?.progressDeadlineSeconds === undefined;
          return fail(
            text(
              `t=${UNDO_AT}초(롤백)까지 디플로이먼트가 v3의 실패를 보고하지 않았다 (마지막 Progressing: ${last?.status ?? '없음'}/${last?.reason ?? '-'}). ${unset ? 'progressDeadlineSeconds를 쓰지 않아 기본값 600초' : `progressDeadlineSeconds ${deadline}초`}가 지나야 보고되므로, 파이프라인은 그동안 기다리기만 한다 (${formatPosition(where)}).`,
              `by the rollback at t=${UNDO_AT} s the Deployment had not reported v3 as failed (last Progressing: ${last?.status ?? 'none'}/${last?.reason ?? '-'}). ${unset ? 'With no progressDeadlineSeconds the default 600 s' : `progressDeadlineSeconds ${deadline} s`} must pass first, and the pipeline just waits meanwhile (${formatPosition(where)}).`,
            ),
            [where],
          );
        }
        const said = (reported.value.progressing?.message ?? '').replace(/\.$/, '');
        const head = text(
          `t=${reported.t}초(v3 배포 ${reported.t - BAD_AT}초 뒤)에 Progressing=False, ${reported.value.progressing?.reason} (${said})`,
          `at t=${reported.t} s (${reported.t - BAD_AT} s after v3 shipped) Progressing=False, ${reported.value.progressing?.reason} (${said})`,
        );
        // A new report after the first rollback: every rollout from then on is a healthy one.
        const falseAlarm = o.states.find((s, i) => s.t > UNDO_AT && exceeded(s) && i > 0 && !exceeded(o.states[i - 1]!));
        if (falseAlarm) {
          return partial(
            1,
            2,
            text(
              `${head.ko}. 하지만 ${phaseOf(falseAlarm.t).ko} t=${falseAlarm.t}초에 정상 롤아웃도 실패로 보고했다: progressDeadlineSeconds ${deadline}초는 새 파드가 Ready가 되는 약 ${HEALTHY_POD_SECONDS}초보다 짧다 (${formatPosition(where)}).`,
              `${head.en}. But ${phaseOf(falseAlarm.t).en}, at t=${falseAlarm.t} s, a healthy rollout was reported as failed too: progressDeadlineSeconds ${deadline} s is shorter than the ~${HEALTHY_POD_SECONDS} s a new pod needs to get Ready (${formatPosition(where)}).`,
            ),
            [where],
          );
        }
        return pass(text(`${head.ko}. 정상 롤아웃(v3.1과 두 번의 롤백)은 실패로 보고되지 않았다.`, `${head.en}. No healthy rollout (v3.1 and the two rollbacks) was reported as failed.`));
      },
    },
    {
      id: 'rollback-recovers',
      title: text('첫 rollout undo가 v2의 레플리카셋을 새 리비전으로 되살리고 30초 안에 파드 4개가 모두 Ready다', 'The first rollout undo revives v2\'s ReplicaSet under a new revision and all 4 pods are Ready within 30 s'),
      points: 20,
      hints: [
        text('`kubectl rollout undo`는 직전 리비전 레플리카셋의 파드 템플릿을 디플로이먼트에 복사한다. 컨트롤러는 같은 pod-template-hash의 레플리카셋을 다시 쓰고 새 리비전 번호를 붙인다.', '`kubectl rollout undo` copies the pod template of the previous revision\'s ReplicaSet into the Deployment; the controller reuses the ReplicaSet with that pod-template-hash and gives it a new revision number.'),
        text('v2 파드가 롤백 전에 이미 다 떠났다면(readinessProbe 없음, maxUnavailable) 롤백은 파드를 처음부터 다시 띄워야 한다.', 'If the v2 pods were already gone before the rollback (no readinessProbe, maxUnavailable), the rollback has to start pods from scratch.'),
      ],
      async run(ctx) {
        const got = await scenarioFor(ctx);
        if (isOutcome(got)) return got;
        const { o, d } = got;
        const u = o.undo;
        if (!u) return fail(text('롤백을 실행하지 못했다.', 'the rollback did not run.'));
        if (!u.ok) return undoFailed(d, UNDO_AT, u);
        const v2 = o.v2;
        if (!v2) return fail(text(`t=${BAD_AT}초에 v2를 실행하는 레플리카셋이 없었다.`, `no ReplicaSet ran v2 at t=${BAD_AT} s.`), [d.at(['spec'])]);
        const back = backOnV2(o, UNDO_AT, UNDO_AT + RECOVER_WITHIN);
        const badRevision = samplesIn(o, BAD_AT, UNDO_AT).at(-1)?.value.revision ?? 0;
        if (!back) {
          const last = o.states.find((s) => s.t === UNDO_AT + RECOVER_WITHIN)?.value;
          const rs = last && currentRs(last);
          const at = probeAt(o, d);
          return partial(
            1,
            2,
            text(
              `\`kubectl rollout undo\`: ${u.out.ko}. 하지만 ${RECOVER_WITHIN}초 뒤(t=${UNDO_AT + RECOVER_WITHIN}초)에도 v2 레플리카셋 ${v2.name}의 파드 ${REPLICAS}개가 가용하지 않았다 (현재 ${rs?.name ?? '없음'}, 가용 ${rs?.available ?? 0}개; ${formatPosition(at)}).`,
              `\`kubectl rollout undo\`: ${u.out.en}. But ${RECOVER_WITHIN} s later (t=${UNDO_AT + RECOVER_WITHIN} s) the ${REPLICAS} pods of v2's ReplicaSet ${v2.name} were still not available (current: ${rs?.name ?? 'none'}, ${rs?.available ?? 0} available; ${formatPosition(at)}).`,
            ),
            [at],
          );
        }
        const rs = currentRs(back.value)!;
        return pass(
          text(
            `\`kubectl rollout undo\`: ${u.out.ko}. v2를 실행하던 레플리카셋 ${rs.name}(pod-template-hash ${rs.hash})이 다시 쓰였다: 리비전이 ${v2.revision}에서 ${rs.revision}(으)로 바뀌었고(v3는 ${badRevision}, revision-history: ${rs.history || '-'}), t=${back.t}초(롤백 ${back.t - UNDO_AT}초 뒤)에 파드 ${REPLICAS}개가 모두 가용했다.`,
            `\`kubectl rollout undo\`: ${u.out.en}. ReplicaSet ${rs.name} (pod-template-hash ${rs.hash}), which ran v2 before, is used again: its revision went from ${v2.revision} to ${rs.revision} (v3 was ${badRevision}; revision-history: ${rs.history || '-'}), and all ${REPLICAS} pods were available at t=${back.t} s (${back.t - UNDO_AT} s after the rollback).`,
          ),
        );
      },
    },
    {
      id: 'history-kept',
      title: text('끝까지 배포된 v3.1도 rollout undo로 v2에 돌아올 수 있다', 'The fully rolled-out v3.1 can be undone back to v2 as well'),
      points: 15,
      hints: [
        text('`revisionHistoryLimit`은 복제본이 0개인 옛 레플리카셋을 몇 개 남길지 정한다(기본 10). 0이면 롤아웃이 끝나자마자 모두 지워져 `kubectl rollout undo`가 "no rollout history found"로 실패한다.', '`revisionHistoryLimit` says how many old ReplicaSets scaled to 0 are kept (default 10). With 0 they are all deleted as soon as a rollout completes, and `kubectl rollout undo` fails with "no rollout history found".'),
        text('멈춘 롤아웃에서는 옛 레플리카셋에 아직 파드가 있어 지워지지 않는다. 끝까지 배포된 릴리스를 되돌릴 때 차이가 드러난다.', 'In a stuck rollout the old ReplicaSet still has pods and is not deleted; the difference shows when undoing a release that rolled out completely.'),
      ],
      async run(ctx) {
        const got = await scenarioFor(ctx);
        if (isOutcome(got)) return got;
        const { o, d } = got;
        const fixed = samplesIn(o, FIX_AT, UNDO2_AT).find((s) => s.value.done && currentRs(s.value)?.image === FIX);
        const rolledOut = fixed
          ? text(`v3.1은 t=${fixed.t}초에 끝까지 배포되었다`, `v3.1 had rolled out completely at t=${fixed.t} s`)
          : text(`v3.1은 t=${UNDO2_AT}초까지 끝까지 배포되지 못했다`, `v3.1 had not rolled out completely by t=${UNDO2_AT} s`);
        const u = o.undo2;
        if (!u) return fail(text('두 번째 롤백을 실행하지 못했다.', 'the second rollback did not run.'));
        if (!u.ok) {
          const failed = undoFailed(d, UNDO2_AT, u);
          return { ...failed, message: text(`${rolledOut.ko}. ${failed.message.ko}`, `${rolledOut.en}. ${failed.message.en[0]!.toUpperCase()}${failed.message.en.slice(1)}`) };
        }
        const back = backOnV2(o, UNDO2_AT, END);
        if (!back) {
          const last = o.states.at(-1)?.value;
          const rs = last && currentRs(last);
          const at = probeAt(o, d);
          return fail(
            text(
              `${rolledOut.ko}. t=${UNDO2_AT}초의 \`kubectl rollout undo\`(${u.out.ko}) 뒤 t=${END}초까지 v2 레플리카셋 ${o.v2?.name ?? '-'}(으)로 돌아오지 못했다 (현재 ${rs?.name ?? '없음'}, ${rs?.image ?? '-'}, 가용 ${rs?.available ?? 0}개; ${formatPosition(at)}).`,
              `${rolledOut.en}. After \`kubectl rollout undo\` at t=${UNDO2_AT} s (${u.out.en}) the Deployment was not back on v2's ReplicaSet ${o.v2?.name ?? '-'} by t=${END} s (current: ${rs?.name ?? 'none'}, ${rs?.image ?? '-'}, ${rs?.available ?? 0} available; ${formatPosition(at)}).`,
            ),
            [at],
          );
        }
        const rs = currentRs(back.value)!;
        return pass(
          text(
            `${rolledOut.ko}. 그 뒤에도 v2의 레플리카셋 ${rs.name}이(가) 기록에 남아 있어, 두 번째 \`kubectl rollout undo\`가 그것을 리비전 ${rs.revision}(으)로 되살렸다(revision-history: ${rs.history || '-'}). t=${back.t}초에 파드 ${REPLICAS}개가 모두 v2로 가용했다.`,
            `${rolledOut.en}. v2's ReplicaSet ${rs.name} was still in the history, so the second \`kubectl rollout undo\` revived it as revision ${rs.revision} (revision-history: ${rs.history || '-'}); all ${REPLICAS} pods were available on v2 at t=${back.t} s.`,
          ),
        );
      },
    },
  ],
});
