/**
 * Grader of the lab "batch-jobs": a Job that runs the nightly sales report once (12 stores, one pod per
 * store, at most 4 warehouse connections at a time, a 10-minute deadline, cleaned up an hour after it
 * finishes) and a CronJob that runs it every night at 02:00 in Seoul. The report image fails its very
 * first run in the cluster with exit code 1 (lab.yaml `failFirstRuns`), as a flaky warehouse connection
 * would, and the cluster starts at 01:50 in Seoul (lab.yaml `cluster.startTime`). Two scenarios:
 *
 *   - the Job alone (CronJobs deleted at t=0): every 5 s until it finishes, how many of its pods run;
 *     then whether it is still there 10 minutes after finishing and gone, with its pods, after an hour.
 *     Checks job-completes, warehouse-connections, job-deadline, job-ttl.
 *   - the CronJob alone (Jobs deleted at t=0, so its first run meets the flaky failure): up to a day for
 *     its first Job; 90 s into that run an operator suspends it (`spec.suspend: true`, maintenance on
 *     the warehouse) and resumes it a day and a minute later, past the next scheduled time; then 10
 *     minutes more. Every Job the CronJob creates is followed with a watch. Checks cron-schedule,
 *     cron-concurrency, cron-history.
 *
 * On a real cluster the scenarios are skipped: images there do not fail on cue and nights are long.
 */
import type { CronJob, Job, JobStatus } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { acceptedObject, defineGrader, fail, formatPosition, isOutcome, manifestsValidCheck, partial, pass, simulatorOnly, text } from '../src/grading/index.ts';
import type { CheckContext, Outcome, ScenarioRun, SubmittedObject, Text } from '../src/grading/index.ts';
import { perSubmission } from '../src/grading/per-submission.ts';
import { namespaceOf as nsOf } from '../src/grading/queries.ts';
import type { KubeObject } from '../src/kube/object.ts';
import type { Cluster } from '../src/sim/cluster.ts';

const STORES = 12;
const WAREHOUSE_CONNECTIONS = 4;
const MAX_DEADLINE = 600;
/** The finished Job must still be there this long after finishing, and gone (with its pods) after TTL_MAX. */
const TTL_MIN = 600;
const TTL_MAX = 3600;
/** How long the Job scenario waits for the Job to finish, counting its running pods every few seconds (a store takes a minute). */
const RUN_LIMIT = 1200;
const SAMPLE_EVERY = 5;
/** The night run: 02:00 in Seoul (UTC+9 all year: Korea has had no daylight saving time since 1988). */
const ZONE = 'Asia/Seoul';
const SEOUL_OFFSET_MS = 9 * 3600_000;
const NIGHT = '02:00';
/** How long the CronJob scenario waits for a first run, and when the operator suspends and resumes it. */
const FIRST_RUN_WITHIN = 24 * 3600 + 1200;
const SUSPEND_AFTER = 90;
const DAY = 24 * 3600;
const RESUME_AFTER_NEXT = 60;
const AFTER_RESUME = 600;
const SUCCESSFUL_HISTORY = 1;
const FAILED_HISTORY = 3;

// ——— helpers ———

/** The wall time in Seoul of an RFC 3339 instant, "02:00" (and the date, "2026-11-27"). */
function seoul(at: string | number): { date: string; time: string } {
  const iso = new Date((typeof at === 'number' ? at : Date.parse(at)) + SEOUL_OFFSET_MS).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

function utcTime(at: string): string {
  return new Date(Date.parse(at)).toISOString().slice(11, 16);
}

function finishedCondition(status: JobStatus | undefined): { type: 'Complete' | 'Failed'; reason: string; at: string } | undefined {
  const c = status?.conditions?.find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c ? { type: c.type as 'Complete' | 'Failed', reason: c.reason ?? '', at: c.lastTransitionTime ?? '' } : undefined;
}

const isOwnedBy = (o: KubeObject | { metadata?: { ownerReferences?: { uid: string; controller?: boolean }[] } }, uid: string | undefined): boolean =>
  uid !== undefined && (o.metadata?.ownerReferences ?? []).some((r) => r.controller === true && r.uid === uid);

/** A scenario on the simulator with the submitted objects of `kind` deleted at t=0, so that the other one is watched alone; undefined elsewhere. */
async function scenarioWithout(ctx: CheckContext, kind: 'Job' | 'CronJob'): Promise<{ run: ScenarioRun; sim: Cluster } | undefined> {
  const run = await ctx.scenario();
  const sim = run.sim;
  if (!sim) return undefined;
  for (const o of ctx.objects(kind)) if (sim.get(kind, o.object.metadata.name!, nsOf(o.object))) sim.delete(kind, o.object.metadata.name!, nsOf(o.object));
  return { run, sim };
}

// ——— scenario 1: the Job ———

interface JobRun {
  run: ScenarioRun;
  job?: SubmittedObject<Job>;
  /** Seconds since apply at which the Job finished, with how. */
  finished?: { t: number; type: 'Complete' | 'Failed'; reason: string };
  /** The Job's status when it finished (or when the wait ended). */
  status?: JobStatus;
  /** Container restarts of its pods (restartPolicy OnFailure retries in place). */
  restarts: number;
  /** The most pods of the Job running at once, and when first. */
  maxRunning: number;
  maxRunningAt: number;
  /** Whether the Job was still there TTL_MIN after finishing, and when it was deleted (seconds since apply). */
  presentAfterMin?: boolean;
  deletedAt?: number;
  /** Pods of the Job left TTL_MAX after it finished. */
  podsLeft?: number;
}

function jobOf(ctx: CheckContext): SubmittedObject<Job> | undefined {
  return ctx.objects<Job>('Job')[0];
}

async function runJob(ctx: CheckContext): Promise<JobRun | undefined> {
  const scenario = await scenarioWithout(ctx, 'CronJob');
  if (!scenario) return undefined;
  const { run, sim } = scenario;
  const job = jobOf(ctx);
  const observed: JobRun = { run, ...(job ? { job } : {}), restarts: 0, maxRunning: 0, maxRunningAt: 0 };
  if (!job) return observed;
  const name = job.object.metadata.name!;
  const ns = nsOf(job.object);
  const live = sim.get<Job>('Job', name, ns);
  if (!live) return observed;
  const uid = live.metadata?.uid;
  const stopWatch = sim.watch('Job', (e) => {
    if (e.type === 'DELETED' && e.object.metadata.uid === uid && observed.deletedAt === undefined) observed.deletedAt = sim.now;
  });
  // Container restarts, seen as they happen: the Job may delete the pod in the same instant.
  const restarts = new Map<string, number>();
  const stopPodWatch = sim.watch('Pod', (e) => {
    if (!isOwnedBy(e.object, uid)) return;
    const n = ((e.object as unknown as Pod).status?.containerStatuses ?? []).reduce((m, c) => m + c.restartCount, 0);
    restarts.set(e.object.metadata.uid!, Math.max(n, restarts.get(e.object.metadata.uid!) ?? 0));
    observed.restarts = [...restarts.values()].reduce((a, b) => a + b, 0);
  });
  // Read from the store, not copied: sampled every 5 s, and stored objects are replaced, never changed.
  const podsOfJob = (): Pod[] => (sim.ctx.store.list('Pod', ns) as unknown as Pod[]).filter((p) => isOwnedBy(p, uid));
  while (run.now() < RUN_LIMIT) {
    const pods = podsOfJob();
    const running = pods.filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp).length;
    if (running > observed.maxRunning) {
      observed.maxRunning = running;
      observed.maxRunningAt = run.now();
    }
    const current = sim.ctx.store.get('Job', name, ns) as unknown as Job | undefined;
    const done = finishedCondition(current?.status);
    if (done) {
      observed.finished = { t: (Date.parse(done.at) - sim.ctx.clock.epochMs) / 1000, type: done.type, reason: done.reason };
      observed.status = current!.status!;
      break;
    }
    observed.status = current?.status ?? {};
    await run.backend.advance(`${SAMPLE_EVERY}s`);
  }
  if (observed.finished) {
    const t = observed.finished.t;
    await run.backend.advance(`${Math.max(0, t + TTL_MIN - run.now())}s`);
    observed.presentAfterMin = sim.get('Job', name, ns)?.metadata?.uid === uid;
    await run.backend.advance(`${Math.max(0, t + TTL_MAX + 15 - run.now())}s`);
    observed.podsLeft = podsOfJob().length;
  }
  stopWatch();
  stopPodWatch();
  return observed;
}

/** The Job scenario, run once per submission for all the checks that read it. */
const jobRun = perSubmission(runJob);

/** The Job scenario and the Job, for the checks that need it to have run: or why they cannot be judged (off the simulator, absent, refused). */
async function jobScenario(ctx: CheckContext): Promise<{ o: JobRun; job: SubmittedObject<Job> } | Outcome> {
  const o = await jobRun(ctx);
  if (!o) return simulatorOnly();
  const job = acceptedObject(ctx, o.run.applied, o.job, text('잡(Job)', 'Job'), 'Job', 'batch/v1');
  return isOutcome(job) ? job : { o, job };
}

// ——— scenario 2: the CronJob ———

interface CronJobRun {
  /** A Job the CronJob created, as the watch saw it. */
  name: string;
  uid: string;
  /** creationTimestamp, seconds since apply, and the batch.kubernetes.io/cronjob-scheduled-timestamp annotation. */
  created: string;
  t: number;
  scheduled?: string;
  finished?: { type: 'Complete' | 'Failed'; reason: string; t: number };
  deleted?: number;
}

interface CronRun {
  run: ScenarioRun;
  cronJob?: SubmittedObject<CronJob>;
  /** The CronJob as the API server stored it (defaults filled in). */
  live?: CronJob;
  jobs: CronJobRun[];
  /** The first Job, and what the operator did to it (seconds since apply). */
  first?: CronJobRun;
  suspendedAt?: number;
  /** Seconds since apply when the next scheduled time after the first run had passed, plus a minute. */
  nextCheckedAt?: number;
  /** Events of the CronJob, by reason. */
  events: Record<string, number>;
}

function cronJobOf(ctx: CheckContext): SubmittedObject<CronJob> | undefined {
  return ctx.objects<CronJob>('CronJob')[0];
}

/** Patches a Job's spec.suspend, as `kubectl patch job <name> -p '{"spec":{"suspend":true}}'` does. */
function setSuspend(sim: Cluster, name: string, namespace: string, suspend: boolean): boolean {
  const live = sim.ctx.store.get('Job', name, namespace);
  if (!live) return false;
  sim.ctx.api.update({ ...live, spec: { ...(live.spec as object), suspend } } as KubeObject);
  sim.advance(0);
  return true;
}

async function runCronJob(ctx: CheckContext): Promise<CronRun | undefined> {
  const scenario = await scenarioWithout(ctx, 'Job');
  if (!scenario) return undefined;
  const { run, sim } = scenario;
  const cronJob = cronJobOf(ctx);
  const observed: CronRun = { run, ...(cronJob ? { cronJob } : {}), jobs: [], events: {} };
  if (!cronJob) return observed;
  const ns = nsOf(cronJob.object);
  const live = sim.get<CronJob>('CronJob', cronJob.object.metadata.name!, ns);
  if (!live) return observed;
  observed.live = live;
  const uid = live.metadata?.uid;
  const stopWatch = sim.watch('Job', (e) => {
    if (!isOwnedBy(e.object, uid)) return;
    let j = observed.jobs.find((x) => x.uid === e.object.metadata.uid);
    if (!j) {
      j = { name: e.object.metadata.name!, uid: e.object.metadata.uid!, created: e.object.metadata.creationTimestamp!, t: sim.now, ...(e.object.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'] ? { scheduled: e.object.metadata.annotations['batch.kubernetes.io/cronjob-scheduled-timestamp'] } : {}) };
      observed.jobs.push(j);
    }
    const done = finishedCondition((e.object as unknown as Job).status);
    if (done && !j.finished) j.finished = { ...done, t: sim.now };
    if (e.type === 'DELETED' && j.deleted === undefined) j.deleted = sim.now;
  });
  // The first run: within a day (and a bit).
  while (observed.jobs.length === 0 && run.now() < FIRST_RUN_WITHIN) await run.backend.advance('60s');
  const first = observed.jobs[0];
  if (first) {
    observed.first = first;
    const createdAt = first.t;
    // 90 s in, the flaky first attempt has failed and been retried; the operator pauses the run.
    await run.backend.advance(`${Math.max(0, createdAt + SUSPEND_AFTER - run.now())}s`);
    if (!first.finished && setSuspend(sim, first.name, ns, true)) observed.suspendedAt = run.now();
    // A day later the next night's run is due while this one is still paused.
    await run.backend.advance(`${Math.max(0, createdAt + DAY + RESUME_AFTER_NEXT - run.now())}s`);
    observed.nextCheckedAt = run.now();
    if (observed.suspendedAt !== undefined && first.deleted === undefined) setSuspend(sim, first.name, ns, false);
    await run.backend.advance(`${AFTER_RESUME}s`);
  }
  stopWatch();
  for (const e of sim.events({ kind: 'CronJob', name: live.metadata!.name!, namespace: ns })) observed.events[e.reason ?? ''] = (observed.events[e.reason ?? ''] ?? 0) + 1;
  return observed;
}

/** The CronJob scenario, run once per submission for all the checks that read it. */
const cronRun = perSubmission(runCronJob);

/** The CronJob scenario and the CronJob, for the checks that read it: or why they cannot be judged (off the simulator, absent, refused). */
async function cronScenario(ctx: CheckContext): Promise<{ o: CronRun; cj: SubmittedObject<CronJob> } | Outcome> {
  const o = await cronRun(ctx);
  if (!o) return simulatorOnly();
  const cj = acceptedObject(ctx, o.run.applied, o.cronJob, text('크론잡(CronJob)', 'CronJob'), 'CronJob', 'batch/v1');
  return isOutcome(cj) ? cj : { o, cj };
}

/** "02:00 Seoul time on 2026-11-27 (17:00 UTC)". */
function when(at: string): Text {
  const s = seoul(at);
  return text(`서울 시간 ${s.date} ${s.time}(UTC ${utcTime(at)})`, `${s.time} Seoul time on ${s.date} (${utcTime(at)} UTC)`);
}

// ——— checks ———

export default defineGrader({
  lab: 'batch-jobs',
  settle: '0s',
  checks: [
    manifestsValidCheck(10, [
      text('잡의 파드 템플릿에는 `restartPolicy: Never`나 `OnFailure`가 필요하다. 파드의 기본값 `Always`는 잡에서 쓸 수 없다.', "A Job's pod template needs `restartPolicy: Never` or `OnFailure`; the Pod default, `Always`, is not allowed in a Job."),
      text('크론잡의 잡 명세는 `spec.jobTemplate.spec` 아래에, 파드 템플릿은 다시 그 아래 `template` 아래에 들어간다.', "A CronJob's Job spec goes under `spec.jobTemplate.spec`, and the Pod template under its `template`."),
    ]),
    {
      id: 'job-completes',
      title: text(`잡이 첫 실행의 일시적 실패를 견디고 매장 ${STORES}곳을 모두 처리한다`, `The Job survives the flaky first attempt and processes all ${STORES} stores`),
      points: 20,
      hints: [
        text('첫 실행은 종료 코드 1로 실패한다. `backoffLimit: 0`이면 잡이 바로 포기한다. `restartPolicy: OnFailure`에서는 컨테이너 재시작 횟수가 backoffLimit에 닿으면 실패하므로 재시작 한 번에 `backoffLimit: 1`로는 부족하다.', 'The first attempt exits with code 1. With `backoffLimit: 0` the Job gives up at once; with `restartPolicy: OnFailure` the Job fails when container restarts reach backoffLimit, so one restart already exhausts `backoffLimit: 1`.'),
        text('`completions`는 성공해야 하는 파드의 수다. 매장마다 파드 하나가 성공해야 한다.', '`completions` is the number of pods that must succeed: one per store.'),
      ],
      async run(ctx) {
        const got = await jobScenario(ctx);
        if (isOutcome(got)) return got;
        const { o, job } = got;
        const spec = job.object.spec!;
        const s = o.status ?? {};
        const succeeded = s.succeeded ?? 0;
        const failed = s.failed ?? 0;
        const policy = spec.template?.spec?.restartPolicy;
        const backoff = spec.backoffLimit ?? 6;
        if (!o.finished) {
          return fail(text(`잡이 ${RUN_LIMIT}초가 지나도 끝나지 않았다 (성공한 파드 ${succeeded}개).`, `the Job had not finished after ${RUN_LIMIT} s (${succeeded} pods succeeded).`), [job.at(['spec'])]);
        }
        const retried = policy === 'OnFailure' ? text(`컨테이너 재시작 ${o.restarts}번`, `${o.restarts} container restart(s)`) : text(`실패한 파드 ${failed}개를 새 파드로 대신해`, `${failed} failed pod(s) replaced`);
        if (o.finished.type === 'Complete') {
          if (succeeded === STORES) {
            return pass(text(`t=${o.finished.t}초에 완료되었다: 첫 실행의 실패를 견디고(${retried.ko}) 파드 ${STORES}개가 성공했다.`, `the Job completed at t=${o.finished.t} s: it survived the flaky first attempt (${retried.en}) and ${STORES} pods succeeded.`));
          }
          // An unwritten field is marked at its nearest written ancestor (here spec), as `at` does for every path.
          const at = job.at(['spec', 'completions']);
          const why =
            spec.completions === undefined
              ? text('completions가 없으면 잡은 작업 큐로 동작해, 파드 하나가 성공하면 새 파드를 만들지 않고 끝난다', 'without completions the Job is a work queue: once one pod succeeds, no new pod starts and the Job completes')
              : text(`completions가 ${spec.completions}인데 매장은 ${STORES}곳이다`, `completions is ${spec.completions}, but there are ${STORES} stores`);
          return fail(text(`잡은 완료되었지만 성공한 파드가 ${succeeded}개뿐이다: ${why.ko} (${formatPosition(at)}).`, `the Job completed with only ${succeeded} succeeded pods: ${why.en} (${formatPosition(at)}).`), [at]);
        }
        if (o.finished.reason === 'BackoffLimitExceeded') {
          const at = job.at(['spec', 'backoffLimit']);
          const why =
            policy === 'OnFailure'
              ? text(`restartPolicy OnFailure에서는 컨테이너 재시작도 backoffLimit에 세어, 재시작 ${o.restarts}번이 backoffLimit ${backoff}에 닿았다`, `with restartPolicy OnFailure container restarts count against backoffLimit, and ${o.restarts} restart(s) reached backoffLimit ${backoff}`)
              : text(`실패한 파드 ${failed}개가 backoffLimit ${backoff}을(를) 넘었다`, `${failed} failed pod(s) went past backoffLimit ${backoff}`);
          return fail(
            text(`잡이 t=${o.finished.t}초에 BackoffLimitExceeded로 실패했다 (성공 ${succeeded}/${STORES}): 첫 실행이 종료 코드 1로 끝났고, ${why.ko} (${formatPosition(at)}).`, `the Job failed at t=${o.finished.t} s with BackoffLimitExceeded (${succeeded}/${STORES} succeeded): the first attempt exited with code 1 and ${why.en} (${formatPosition(at)}).`),
            [at],
          );
        }
        const at = job.at(['spec', 'activeDeadlineSeconds']);
        return fail(text(`잡이 t=${o.finished.t}초에 ${o.finished.reason}(으)로 실패했다 (성공 ${succeeded}/${STORES}, ${formatPosition(at)}).`, `the Job failed at t=${o.finished.t} s with ${o.finished.reason} (${succeeded}/${STORES} succeeded, ${formatPosition(at)}).`), [at]);
      },
    },
    {
      id: 'warehouse-connections',
      title: text(`잡이 리포트 파드를 한 번에 ${WAREHOUSE_CONNECTIONS}개씩, 그 이상은 돌리지 않는다`, `The Job runs ${WAREHOUSE_CONNECTIONS} report pods at a time, never more`),
      points: 10,
      hints: [text('동시에 실행되는 파드 수는 `parallelism`이 정한다.', '`parallelism` sets how many pods run at the same time.')],
      async run(ctx) {
        const got = await jobScenario(ctx);
        if (isOutcome(got)) return got;
        const { o, job } = got;
        const at = job.at(['spec', 'parallelism']);
        const parallelism = job.object.spec?.parallelism ?? 1;
        if (o.maxRunning > WAREHOUSE_CONNECTIONS) {
          return fail(
            text(`t=${o.maxRunningAt}초에 리포트 파드 ${o.maxRunning}개가 한꺼번에 돌았다 (parallelism ${parallelism}, ${formatPosition(at)}): 웨어하우스는 연결을 ${WAREHOUSE_CONNECTIONS}개까지만 받는다.`, `${o.maxRunning} report pods ran at once at t=${o.maxRunningAt} s (parallelism ${parallelism}, ${formatPosition(at)}): the warehouse takes at most ${WAREHOUSE_CONNECTIONS} connections.`),
            [at],
          );
        }
        if (o.maxRunning < WAREHOUSE_CONNECTIONS) {
          return partial(
            1,
            2,
            text(`한 번에 많아야 ${o.maxRunning}개가 돌았다 (parallelism ${parallelism}, ${formatPosition(at)}): 연결 ${WAREHOUSE_CONNECTIONS}개를 다 쓰면 리포트가 더 빨리 끝난다.`, `at most ${o.maxRunning} ran at once (parallelism ${parallelism}, ${formatPosition(at)}): using all ${WAREHOUSE_CONNECTIONS} connections finishes the report sooner.`),
            [at],
          );
        }
        return pass(text(`리포트 파드가 한 번에 ${WAREHOUSE_CONNECTIONS}개씩 돌았고, 그 이상은 없었다.`, `the report pods ran ${WAREHOUSE_CONNECTIONS} at a time and never more.`));
      },
    },
    {
      id: 'job-deadline',
      title: text(`잡에 ${MAX_DEADLINE / 60}분 이하의 activeDeadlineSeconds가 있고, 그 안에 끝난다`, `The Job has an activeDeadlineSeconds of at most ${MAX_DEADLINE / 60} minutes and finishes within it`),
      points: 10,
      hints: [
        text('`activeDeadlineSeconds`는 잡 전체에 주어진 시간이다. 파드 템플릿의 같은 이름 필드가 아니라 잡의 `spec` 바로 아래에 둔다.', "`activeDeadlineSeconds` is the time the whole Job gets; it goes directly under the Job's `spec`, not the Pod template's field of the same name."),
        text('리포트 하나는 약 1분 걸린다. 매장 12곳을 4개씩 돌리면 약 3분에 실패한 첫 실행의 재시도가 더해진다.', 'One store takes about a minute: 12 stores 4 at a time take about 3 minutes, plus the retry of the failed first attempt.'),
      ],
      async run(ctx) {
        const got = await jobScenario(ctx);
        if (isOutcome(got)) return got;
        const { o, job } = got;
        const deadline = job.object.spec?.activeDeadlineSeconds;
        if (deadline === undefined) {
          return fail(text(`잡에 activeDeadlineSeconds가 없다 (${formatPosition(job.at(['spec']))}): 멈춘 리포트가 웨어하우스 연결을 언제까지나 붙잡는다.`, `the Job has no activeDeadlineSeconds (${formatPosition(job.at(['spec']))}): a hung report would hold the warehouse connections forever.`), [job.at(['spec'])]);
        }
        const at = job.at(['spec', 'activeDeadlineSeconds']);
        if (o.finished?.reason === 'DeadlineExceeded') {
          return fail(text(`activeDeadlineSeconds ${deadline}초가 지나 잡이 t=${o.finished.t}초에 DeadlineExceeded로 멈췄다 (성공 ${o.status?.succeeded ?? 0}/${STORES}, ${formatPosition(at)}).`, `the Job was stopped at t=${o.finished.t} s with DeadlineExceeded after its activeDeadlineSeconds of ${deadline} s (${o.status?.succeeded ?? 0}/${STORES} succeeded, ${formatPosition(at)}).`), [at]);
        }
        if (deadline > MAX_DEADLINE) {
          return fail(text(`activeDeadlineSeconds가 ${deadline}초다 (${formatPosition(at)}): 리포트는 ${MAX_DEADLINE}초 안에 끝나거나 멈춰야 한다.`, `activeDeadlineSeconds is ${deadline} s (${formatPosition(at)}): the report must finish or stop within ${MAX_DEADLINE} s.`), [at]);
        }
        // With a deadline of at most 600 s the Job ends within the wait: complete, or failed for another reason (job-completes says why).
        const ended = o.finished!;
        const how = ended.type === 'Complete' ? text('완료되어', 'completed') : text(`${ended.reason}(으)로 실패해`, `failed with ${ended.reason}`);
        return pass(text(`잡이 t=${ended.t}초에 ${how.ko} activeDeadlineSeconds ${deadline}초 안에 끝났다.`, `the Job ${how.en} at t=${ended.t} s, within its activeDeadlineSeconds of ${deadline} s.`));
      },
    },
    {
      id: 'job-ttl',
      title: text('끝난 잡은 10분 넘게 남았다가 1시간 안에 파드와 함께 지워진다', 'The finished Job stays over 10 minutes and is gone, with its pods, within an hour'),
      points: 10,
      hints: [text('끝난 잡을 자동으로 지우는 것은 TTL-after-finished 컨트롤러다. 잡의 `spec.ttlSecondsAfterFinished`에 초를 적는다.', 'The TTL-after-finished controller deletes finished Jobs: put the seconds in the Job\'s `spec.ttlSecondsAfterFinished`.')],
      async run(ctx) {
        const got = await jobScenario(ctx);
        if (isOutcome(got)) return got;
        const { o, job } = got;
        const ttl = job.object.spec?.ttlSecondsAfterFinished;
        const at = job.at(['spec', 'ttlSecondsAfterFinished']);
        if (!o.finished) return fail(text(`잡이 ${RUN_LIMIT}초 안에 끝나지 않아 정리를 확인할 수 없다.`, `the Job did not finish within ${RUN_LIMIT} s, so its cleanup could not be checked.`), [at]);
        const after = o.deletedAt === undefined ? undefined : Math.round(o.deletedAt - o.finished.t);
        if (after === undefined) {
          const why = ttl === undefined ? text('ttlSecondsAfterFinished가 없다', 'there is no ttlSecondsAfterFinished') : text(`ttlSecondsAfterFinished가 ${ttl}초다`, `ttlSecondsAfterFinished is ${ttl} s`);
          return fail(text(`잡이 끝나고 ${TTL_MAX}초가 지나도 남아 있다: ${why.ko} (${formatPosition(at)}).`, `the Job was still there ${TTL_MAX} s after it finished: ${why.en} (${formatPosition(at)}).`), [at]);
        }
        if (!o.presentAfterMin) {
          return fail(text(`잡이 끝나고 ${after}초 만에 지워졌다 (${formatPosition(at)}): 적어도 ${TTL_MIN}초는 남겨 두어야 로그와 상태를 볼 수 있다.`, `the Job was deleted ${after} s after it finished (${formatPosition(at)}): keep it at least ${TTL_MIN} s so that its logs and status can be read.`), [at]);
        }
        if ((o.podsLeft ?? 0) > 0) {
          return fail(text(`잡은 끝나고 ${after}초 뒤에 지워졌지만 파드 ${o.podsLeft}개가 남았다.`, `the Job was deleted ${after} s after it finished, but ${o.podsLeft} of its pods were left.`), [at]);
        }
        return pass(text(`잡이 끝나고 ${after}초 뒤에 파드와 함께 지워졌다.`, `the Job was deleted with its pods ${after} s after it finished.`));
      },
    },
    {
      id: 'cron-schedule',
      title: text(`크론잡이 매일 밤 서울 시간 ${NIGHT}에 잡을 만든다`, `The CronJob creates a Job every night at ${NIGHT} Seoul time`),
      points: 20,
      hints: [
        text('`timeZone`이 없으면 일정은 kube-controller-manager의 시간대로 읽힌다. 이 클러스터의 컨트롤 플레인은 UTC로 돈다.', 'Without `timeZone` the schedule is read in the time zone of kube-controller-manager; this cluster\'s control plane runs in UTC.'),
        text('크론 형식은 "분 시 일 월 요일"이다. `timeZone: Asia/Seoul`과 함께 `"0 2 * * *"`이면 서울 시간 02:00이다.', 'Cron reads "minute hour day-of-month month day-of-week": `"0 2 * * *"` with `timeZone: Asia/Seoul` is 02:00 in Seoul.'),
      ],
      async run(ctx) {
        const got = await cronScenario(ctx);
        if (isOutcome(got)) return got;
        const { o, cj } = got;
        const spec = cj.object.spec!;
        const at = cj.at(['spec', 'schedule']);
        const first = o.first;
        if (!first) {
          const why = spec.suspend ? text('spec.suspend가 true라 크론잡이 잡을 만들지 않는다', 'spec.suspend is true, so the CronJob creates no Job') : text(`일정 "${spec.schedule}"`, `schedule "${spec.schedule}"`);
          return fail(text(`하루가 넘도록 크론잡이 잡을 하나도 만들지 않았다: ${why.ko} (${formatPosition(at)}).`, `the CronJob created no Job in more than a day: ${why.en} (${formatPosition(at)}).`), [at]);
        }
        const wrong = o.jobs.find((j) => seoul(j.scheduled ?? j.created).time !== NIGHT);
        const createdWrong = seoul(first.created).time !== NIGHT;
        if (wrong || createdWrong) {
          const bad = wrong ?? first;
          const tzAt = spec.timeZone === undefined ? at : cj.at(['spec', 'timeZone']);
          const why =
            spec.timeZone === undefined
              ? text(`timeZone이 없어 "${spec.schedule}"이(가) kube-controller-manager의 시간대(UTC)로 읽혔다`, `without timeZone, "${spec.schedule}" is read in kube-controller-manager's time zone (UTC)`)
              : text(`timeZone ${spec.timeZone}에서 "${spec.schedule}"`, `"${spec.schedule}" in ${spec.timeZone}`);
          return fail(text(`잡 ${bad.name}이(가) ${when(bad.scheduled ?? bad.created).ko}에 예정되어 있었다: ${why.ko} (${formatPosition(tzAt)}). 서울 시간 ${NIGHT}이어야 한다.`, `Job ${bad.name} was scheduled for ${when(bad.scheduled ?? bad.created).en}: ${why.en} (${formatPosition(tzAt)}). It must be ${NIGHT} Seoul time.`), [tzAt]);
        }
        const nights = [...new Set(o.jobs.map((j) => seoul(j.scheduled ?? j.created).date))];
        const note =
          spec.timeZone === ZONE
            ? text('', '')
            : spec.timeZone === undefined
              ? text(` (timeZone 없이 UTC로 맞췄다: 컨트롤 플레인의 시간대가 다르면 어긋나니 timeZone: ${ZONE}이 더 안전하다)`, ` (set in UTC without timeZone: it goes wrong where the control plane runs in another time zone; timeZone: ${ZONE} is safer)`)
              : text(` (${spec.timeZone}은(는) 지금 서울과 시차가 같을 뿐이다: timeZone: ${ZONE}이 뜻을 바로 말한다)`, ` (${spec.timeZone} only happens to share Seoul's offset today; timeZone: ${ZONE} says what is meant)`);
        return pass(text(`잡이 서울 시간 ${NIGHT}에만 예정되었다: ${nights.join(', ')}${note.ko}.`, `Jobs were scheduled only at ${NIGHT} in Seoul: ${nights.join(', ')}${note.en}.`));
      },
    },
    {
      id: 'cron-concurrency',
      title: text('앞의 실행이 끝나지 않았으면 다음 실행을 건너뛴다', 'A run is skipped while the previous one has not finished'),
      points: 10,
      hints: [
        text('`concurrencyPolicy`의 기본값 `Allow`는 겹쳐 실행한다. `Replace`는 돌고 있는 실행을 지우고 새로 시작한다. `Forbid`는 새 실행을 건너뛴다.', 'The default `concurrencyPolicy`, `Allow`, runs them side by side; `Replace` deletes the running one and starts anew; `Forbid` skips the new one.'),
      ],
      async run(ctx) {
        const got = await cronScenario(ctx);
        if (isOutcome(got)) return got;
        const { o, cj } = got;
        const policy = cj.object.spec?.concurrencyPolicy;
        const at = cj.at(['spec', 'concurrencyPolicy']);
        const first = o.first;
        if (!first) return fail(text('크론잡이 잡을 만들지 않아 겹치는 실행을 시험할 수 없었다.', 'the CronJob created no Job, so overlapping runs could not be tried.'), [at]);
        if (o.suspendedAt === undefined) {
          const why = first.finished ? text(`첫 실행 ${first.name}이(가) ${SUSPEND_AFTER}초 안에 ${first.finished.reason}(으)로 끝나`, `the first run ${first.name} ended with ${first.finished.reason} within ${SUSPEND_AFTER} s, so`) : text('첫 실행을 일시 중지할 수 없어', 'the first run could not be suspended, so');
          return fail(text(`${why.ko} 다음 실행과 겹치는 상황을 만들 수 없었다.`, `${why.en} no run was still going when the next one was due.`), [at]);
        }
        const until = o.nextCheckedAt ?? Number.POSITIVE_INFINITY;
        // Jobs the CronJob created while the first run was suspended and unfinished.
        const during = o.jobs.filter((j) => j.uid !== first.uid && j.t > first.t && j.t <= until && (first.finished === undefined || first.finished.t > j.t));
        const killed = first.deleted !== undefined && first.deleted <= until;
        if (during.length > 0 && !killed) {
          return fail(
            text(`일시 중지된 ${first.name}이(가) 끝나지 않았는데 크론잡이 ${during.map((j) => `${when(j.created).ko}에 ${j.name}`).join(', ')}을(를) 만들어 함께 돌렸다 (concurrencyPolicy ${policy ?? 'Allow'}, ${formatPosition(at)}).`, `while the suspended ${first.name} had not finished, the CronJob created ${during.map((j) => `${j.name} at ${when(j.created).en}`).join(', ')} to run beside it (concurrencyPolicy ${policy ?? 'Allow'}, ${formatPosition(at)}).`),
            [at],
          );
        }
        if (killed) {
          return partial(
            1,
            2,
            text(`두 실행이 겹치지는 않았지만, 크론잡이 끝나지 않은 ${first.name}을(를) 지우고 새 실행으로 바꿨다 (concurrencyPolicy ${policy}, ${formatPosition(at)}): 돌던 리포트는 버려진다.`, `no two runs overlapped, but the CronJob deleted the unfinished ${first.name} and started a new run instead (concurrencyPolicy ${policy}, ${formatPosition(at)}): the running report is thrown away.`),
            [at],
          );
        }
        const skipped = o.events['JobAlreadyActive'] ?? 0;
        return pass(text(`${first.name}이(가) 일시 중지된 동안 다음 예정 시각이 지났지만 새 잡은 만들어지지 않았다 (JobAlreadyActive 이벤트 ${skipped}개).`, `while ${first.name} was suspended the next scheduled time passed and no new Job was created (${skipped} JobAlreadyActive event(s)).`));
      },
    },
    {
      id: 'cron-history',
      title: text(`성공한 잡은 마지막 ${SUCCESSFUL_HISTORY}개만, 실패한 잡은 ${FAILED_HISTORY}개까지 남긴다`, `The last successful Job and up to ${FAILED_HISTORY} failed ones are kept`),
      points: 10,
      hints: [text('`successfulJobsHistoryLimit`(기본 3)과 `failedJobsHistoryLimit`(기본 1)이 남겨 둘 잡의 수다.', '`successfulJobsHistoryLimit` (default 3) and `failedJobsHistoryLimit` (default 1) say how many finished Jobs are kept.')],
      async run(ctx) {
        const got = await cronScenario(ctx);
        if (isOutcome(got)) return got;
        const { o, cj } = got;
        const spec = o.live?.spec;
        const at = cj.at(['spec', 'successfulJobsHistoryLimit']);
        const failedAt = cj.at(['spec', 'failedJobsHistoryLimit']);
        const succeeded = o.jobs.filter((j) => j.finished?.type === 'Complete');
        const failedRuns = o.jobs.filter((j) => j.finished?.type === 'Failed');
        if (succeeded.length < SUCCESSFUL_HISTORY + 1) {
          const why = failedRuns.length > 0 ? text(`실패한 실행: ${failedRuns.map((j) => `${j.name}(${j.finished!.reason})`).join(', ')}`, `failed runs: ${failedRuns.map((j) => `${j.name} (${j.finished!.reason})`).join(', ')}`) : (o.events['MissSchedule'] ?? 0) > 0 ? text('밀린 실행이 startingDeadlineSeconds에 걸려 건너뛰어졌다(MissSchedule)', 'the held-up run was skipped past startingDeadlineSeconds (MissSchedule)') : text('실행이 끝까지 가지 못했다', 'the runs did not get to the end');
          return fail(text(`성공한 실행이 ${succeeded.length}개뿐이라 기록 정리를 확인할 수 없었다: ${why.ko}.`, `only ${succeeded.length} run(s) succeeded, so the cleanup of history could not be seen: ${why.en}.`), [at]);
        }
        // Which one is the last is the controller's call (cleanupFinishedJobs sorts by status.startTime).
        const kept = succeeded.filter((j) => j.deleted === undefined);
        const failedLimit = spec?.failedJobsHistoryLimit ?? 1;
        if (kept.length !== SUCCESSFUL_HISTORY) {
          return fail(text(`성공한 잡 ${succeeded.length}개 중 ${kept.length}개(${kept.map((j) => j.name).join(', ')})가 남았다 (successfulJobsHistoryLimit ${spec?.successfulJobsHistoryLimit ?? 3}, ${formatPosition(at)}): 마지막 ${SUCCESSFUL_HISTORY}개만 남겨야 한다.`, `${kept.length} of the ${succeeded.length} successful Jobs were kept (${kept.map((j) => j.name).join(', ')}; successfulJobsHistoryLimit ${spec?.successfulJobsHistoryLimit ?? 3}, ${formatPosition(at)}): keep only the last ${SUCCESSFUL_HISTORY}.`), [at]);
        }
        if (failedLimit !== FAILED_HISTORY) {
          return partial(1, 2, text(`성공한 잡은 마지막 ${SUCCESSFUL_HISTORY}개(${kept[0]!.name})만 남았지만 failedJobsHistoryLimit이 ${failedLimit}이다 (${formatPosition(failedAt)}): 실패한 잡은 ${FAILED_HISTORY}개까지 남겨 조사할 수 있게 한다.`, `only the last ${SUCCESSFUL_HISTORY} successful Job (${kept[0]!.name}) was kept, but failedJobsHistoryLimit is ${failedLimit} (${formatPosition(failedAt)}): keep up to ${FAILED_HISTORY} failed Jobs to investigate.`), [failedAt]);
        }
        return pass(text(`성공한 실행 ${succeeded.length}개 중 마지막 ${kept[0]!.name}만 남았고, 실패한 잡은 ${FAILED_HISTORY}개까지 남는다.`, `of ${succeeded.length} successful runs only the last, ${kept[0]!.name}, was kept; up to ${FAILED_HISTORY} failed Jobs are kept.`));
      },
    },
  ],
});
