/**
 * The CronJob controller (kubernetes pkg/controller/cronjob/cronjob_controllerv2.go and utils.go):
 * creates a Job at each scheduled time (cron syntax, optional timeZone), honouring suspend,
 * startingDeadlineSeconds and concurrencyPolicy (Allow, Forbid, Replace); follows its Jobs to
 * completion and keeps successfulJobsHistoryLimit / failedJobsHistoryLimit of them.
 */
import type { CronJob, CronJobStatus, Job } from 'kubernetes-types/batch/v1';
import type { ObjectReference } from 'kubernetes-types/core/v1';
import { Cron } from 'croner';
import type { KubeObject } from '../../kube/object.ts';
import type { SimContext } from '../context.ts';
import type { Timer } from '../clock.ts';
import { controllerRef, newControllerRef } from './owner.ts';
import { keyFor, splitKey, WorkQueue } from './work-queue.ts';

const COMPONENT = 'cronjob-controller';
const SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

export class CronJobController {
  private readonly ctx: SimContext;
  private readonly queue: WorkQueue;
  private readonly wakeups = new Map<string, Timer>();

  constructor(ctx: SimContext) {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    ctx.store.watch('CronJob', (e) => {
      if (e.type === 'DELETED') this.wakeups.get(keyFor(e.object))?.cancel();
      else this.queue.add(keyFor(e.object));
    });
    ctx.store.watch('Job', (e) => {
      const ref = controllerRef(e.object);
      if (ref?.kind === 'CronJob') this.queue.add(`${e.object.metadata.namespace}/${ref.name}`);
    });
  }

  private sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.store.get('CronJob', name, namespace);
    if (!obj || obj.metadata.deletionTimestamp) return;
    const cj = obj as unknown as CronJob;
    const clock = this.ctx.clock;
    const status: CronJobStatus = { ...(cj.status ?? {}) };
    const jobs = this.ctx.store.list('Job', namespace).filter((j) => controllerRef(j)?.uid === obj.metadata.uid) as unknown as Job[];

    // Follow the Jobs it started (pkg/controller/cronjob/cronjob_controllerv2.go syncCronJob): finished
    // ones leave `active` ("Saw completed job"), and so do Jobs that no longer exist. An unfinished Job
    // it controls but did not start (`kubectl create job --from=cronjob/…`) is reported, not adopted.
    const active: ObjectReference[] = [];
    for (const job of jobs) {
      const done = job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
      const wasActive = (status.active ?? []).some((r) => r.uid === job.metadata?.uid);
      if (!done && wasActive) active.push(reference(job));
      else if (!done) this.ctx.events.record(obj, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${job.metadata?.name}`, COMPONENT);
      else if (wasActive) {
        this.ctx.events.record(obj, 'Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata?.name}, condition: ${done.type}`, COMPONENT);
        if (done.type === 'Complete') status.lastSuccessfulTime = job.status?.completionTime ?? clock.timestamp();
      }
    }
    status.active = active;

    // The most recent scheduled time that has come and not been handled (getMostRecentScheduleTime).
    const cron = new Cron(cj.spec!.schedule, { timezone: cj.spec!.timeZone ?? 'UTC', paused: true });
    const after = clock.parse(status.lastScheduleTime ?? obj.metadata.creationTimestamp) ?? 0;
    let due: number | undefined;
    let missed = 0;
    for (let t = nextRunMs(cron, after, clock); t !== undefined && t <= clock.now; t = nextRunMs(cron, t, clock)) {
      due = t;
      if (++missed > 100) break;
    }
    if (missed > 100) {
      this.ctx.events.record(obj, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew', COMPONENT);
    }
    if (due !== undefined && !cj.spec!.suspend) {
      const deadline = cj.spec!.startingDeadlineSeconds;
      if (deadline !== undefined && deadline !== null && clock.now - due > deadline * 1000) {
        this.ctx.events.record(obj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${clock.timestamp(due)}`, COMPONENT);
        status.lastScheduleTime = clock.timestamp(due);
      } else if (cj.spec!.concurrencyPolicy === 'Forbid' && active.length > 0) {
        this.ctx.events.record(obj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid', COMPONENT);
      } else {
        if (cj.spec!.concurrencyPolicy === 'Replace') {
          for (const ref of active) {
            this.ctx.api.delete('Job', ref.name!, namespace);
            this.ctx.events.record(obj, 'Normal', 'SuccessfulDelete', `Deleted job ${ref.name}`, COMPONENT);
          }
          status.active = [];
        }
        const created = this.createJob(obj, due);
        if (created) status.active = [...(status.active ?? []), reference(created as unknown as Job)];
        status.lastScheduleTime = clock.timestamp(due);
      }
    }
    this.cleanupHistory(obj, jobs);
    const current = this.ctx.store.get('CronJob', name, namespace);
    if (current && JSON.stringify(current.status) !== JSON.stringify(status)) this.ctx.api.updateStatus(current, status);
    // Wake up at the next scheduled time.
    const next = nextRunMs(cron, Math.max(clock.now, after), clock);
    this.wakeups.get(key)?.cancel();
    if (next !== undefined) this.wakeups.set(key, clock.at(next, () => this.queue.add(key)));
  }

  /** getJobFromTemplate2: the Job is named after the scheduled time in minutes since the Unix epoch. */
  private createJob(owner: KubeObject, scheduledMs: number): KubeObject | undefined {
    const cj = owner as unknown as CronJob;
    const minutes = Math.floor((this.ctx.clock.epochMs + scheduledMs) / 60_000);
    const name = `${owner.metadata.name}-${minutes}`;
    if (this.ctx.store.get('Job', name, owner.metadata.namespace)) return undefined;
    const template = cj.spec!.jobTemplate;
    const job: Job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: owner.metadata.namespace,
        labels: { ...(template.metadata?.labels ?? {}) },
        annotations: { ...(template.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP]: rfc3339In(this.ctx.clock.epochMs + scheduledMs, cj.spec!.timeZone ?? 'UTC') },
        ownerReferences: [newControllerRef(owner)],
      },
      spec: structuredClone(template.spec),
    };
    const created = this.ctx.api.create(job as unknown as KubeObject);
    this.ctx.events.record(owner, 'Normal', 'SuccessfulCreate', `Created job ${name}`, COMPONENT);
    return created;
  }

  /** cleanupFinishedJobs: keep the newest successful and failed Jobs up to the history limits. */
  private cleanupHistory(owner: KubeObject, jobs: Job[]): void {
    const cj = owner as unknown as CronJob;
    const byType = (type: string): Job[] =>
      jobs.filter((j) => j.status?.conditions?.some((c) => c.type === type && c.status === 'True')).sort((a, b) => ((a.status?.startTime ?? '') < (b.status?.startTime ?? '') ? -1 : 1));
    for (const [type, limit] of [['Complete', cj.spec!.successfulJobsHistoryLimit ?? 3], ['Failed', cj.spec!.failedJobsHistoryLimit ?? 1]] as const) {
      const finished = byType(type);
      for (const job of finished.slice(0, Math.max(0, finished.length - limit))) {
        if (!this.ctx.store.get('Job', job.metadata!.name!, job.metadata?.namespace)) continue;
        this.ctx.api.delete('Job', job.metadata!.name!, job.metadata?.namespace);
        this.ctx.events.record(owner, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata!.name}`, COMPONENT);
      }
    }
  }
}

function reference(job: Job): ObjectReference {
  return { kind: 'Job', apiVersion: 'batch/v1', namespace: job.metadata?.namespace, name: job.metadata?.name, uid: job.metadata?.uid, resourceVersion: job.metadata?.resourceVersion };
}

/**
 * `scheduledTime.In(timeZoneLocation).Format(time.RFC3339)` (getJobFromTemplate2): the wall time in
 * the CronJob's time zone with its offset, "Z" when the offset is zero.
 */
function rfc3339In(epochMs: number, timeZone: string): string {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const p = Object.fromEntries(format.formatToParts(new Date(epochMs)).map((part) => [part.type, part.value]));
  const wallMs = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  const offset = Math.round((wallMs - Math.floor(epochMs / 1000) * 1000) / 60_000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const zone = offset === 0 ? 'Z' : `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${zone}`;
}

/** The next scheduled instant strictly after `afterMs`, in simulation milliseconds. */
function nextRunMs(cron: Cron, afterMs: number, clock: { epochMs: number }): number | undefined {
  const next = cron.nextRun(new Date(clock.epochMs + afterMs));
  return next ? next.getTime() - clock.epochMs : undefined;
}
