/**
 * The Job controller (kubernetes pkg/controller/job/job_controller.go): runs pods until
 * `completions` of them succeed, `parallelism` at a time; recreates failed pods with a back-off
 * (10 s doubling, at most 6 minutes); fails the Job past `backoffLimit` or `activeDeadlineSeconds`;
 * and reports status and the Complete / Failed conditions. Finished Jobs with ttlSecondsAfterFinished
 * are deleted by the TTL-after-finished controller (pkg/controller/ttlafterfinished).
 */
import type { Job, JobCondition, JobStatus } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../kube/object.ts';
import { matchesSelector } from '../../kube/selector.ts';
import type { SimContext } from '../context.ts';
import { controllerRef, isControlledBy } from './owner.ts';
import { sortForDeletion } from './pod-ranking.ts';
import { isPodReady } from './pod-util.ts';
import { PodControl } from './pod-control.ts';
import { matchPodFailurePolicy } from './pod-failure-policy.ts';
import { keyFor, splitKey, WorkQueue } from './work-queue.ts';

const COMPONENT = 'job-controller';
const POD_FAILURE_BACKOFF_MS = 10_000;
const MAX_POD_FAILURE_BACKOFF_MS = 360_000;
const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

export class JobController {
  private readonly ctx: SimContext;
  private readonly queue: WorkQueue;
  private readonly pods: PodControl;
  private readonly ttlScheduled = new Set<string>();

  constructor(ctx: SimContext) {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    this.pods = new PodControl(ctx, COMPONENT);
    ctx.store.watch('Job', (e) => {
      if (e.type !== 'DELETED') this.queue.add(keyFor(e.object));
    });
    ctx.store.watch('Pod', (e) => {
      const ref = controllerRef(e.object);
      if (ref?.kind === 'Job') this.queue.add(`${e.object.metadata.namespace}/${ref.name}`);
    });
  }

  private sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.store.get('Job', name, namespace);
    if (!obj || obj.metadata.deletionTimestamp) return;
    const job = obj as unknown as Job;
    const spec = job.spec!;
    const status: JobStatus = { ...(job.status ?? {}) };
    const conditions = [...(status.conditions ?? [])];
    if (finished(conditions)) {
      this.scheduleTtl(obj, status);
      return;
    }
    const now = this.ctx.clock.now;
    const pods = this.ctx.store
      .list('Pod', namespace)
      .map((p) => p as unknown as Pod)
      .filter((p) => isControlledBy(p, obj) || (!controllerRef(p) && matchesSelector(spec.selector, p.metadata?.labels)));
    const active = pods.filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    const succeededPods = pods.filter((p) => p.status?.phase === 'Succeeded');
    const failedPods = pods.filter((p) => p.status?.phase === 'Failed');
    const terminating = pods.filter((p) => p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed').length;
    // With a podFailurePolicy, a failure an Ignore rule matches does not count, and a FailJob rule fails the Job.
    const matched = failedPods.map((p) => matchPodFailurePolicy(spec.podFailurePolicy, p));
    const failed = Math.max(status.failed ?? 0, matched.filter((m) => m.count).length);
    const failJob = matched.find((m) => m.failJob)?.failJob;
    const succeeded = Math.max(status.succeeded ?? 0, succeededPods.length);
    if (spec.suspend) {
      for (const p of active) this.deletePod(obj, p);
      setCondition(conditions, this.ctx.clock.timestamp(), 'Suspended', 'True', 'JobSuspended', 'Job suspended');
      this.write(obj, { ...status, active: 0, ready: 0, succeeded, failed, terminating, conditions });
      return;
    }
    if (conditions.some((c) => c.type === 'Suspended' && c.status === 'True')) {
      setCondition(conditions, this.ctx.clock.timestamp(), 'Suspended', 'False', 'JobResumed', 'Job resumed');
      delete status.startTime;
    }
    status.startTime ??= this.ctx.clock.timestamp();
    const started = this.ctx.clock.parse(status.startTime) ?? now;

    // Why the Job fails, if it does (job_controller.go syncJob: pastBackoffLimit, pastActiveDeadline).
    const restarts = spec.template.spec?.restartPolicy === 'OnFailure' ? active.reduce((n, p) => n + (p.status?.containerStatuses ?? []).reduce((m, c) => m + c.restartCount, 0), 0) : 0;
    const backoffLimit = spec.backoffLimit ?? 6;
    let failure: { reason: string; message: string } | undefined;
    if (failJob) failure = { reason: 'PodFailurePolicy', message: failJob };
    else if (failed > backoffLimit || (restarts > 0 && restarts >= backoffLimit)) failure = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
    else if (spec.activeDeadlineSeconds !== undefined && now - started >= spec.activeDeadlineSeconds * 1000) failure = { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
    else if (spec.activeDeadlineSeconds !== undefined) this.queue.addAfter(key, started + spec.activeDeadlineSeconds * 1000 - now);

    const ts = this.ctx.clock.timestamp();
    if (failure) {
      for (const p of active) this.deletePod(obj, p);
      setCondition(conditions, ts, 'FailureTarget', 'True', failure.reason, failure.message);
      setCondition(conditions, ts, 'Failed', 'True', failure.reason, failure.message);
      this.ctx.events.record(obj, 'Warning', failure.reason, failure.message, COMPONENT);
      this.write(obj, { ...status, active: 0, ready: 0, succeeded, failed, terminating: terminating + active.length, conditions });
      return;
    }
    const completions = spec.completions;
    const complete = completions === undefined || completions === null ? succeeded > 0 && active.length === 0 : succeeded >= completions;
    if (complete) {
      setCondition(conditions, ts, 'SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods');
      setCondition(conditions, ts, 'Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods');
      for (const p of active) this.deletePod(obj, p);
      this.ctx.events.record(obj, 'Normal', 'Completed', 'Job completed', COMPONENT);
      const done = { ...status, active: 0, ready: 0, succeeded, failed, terminating, conditions, completionTime: ts, ...indexes(spec.completionMode, succeededPods) };
      this.write(obj, done);
      this.scheduleTtl(obj, done);
      return;
    }

    // manageJob: keep min(parallelism, completions - succeeded) pods active. Without completions (a work
    // queue), once a pod has succeeded no new pod starts, but those running are left to finish.
    const parallelism = spec.parallelism ?? 1;
    const want = completions === undefined || completions === null ? (succeeded > 0 ? active.length : parallelism) : Math.max(0, Math.min(parallelism, completions - succeeded));
    if (active.length > want) {
      for (const p of sortForDeletion(active, this.ctx.clock).slice(0, active.length - want)) this.deletePod(obj, p);
    } else if (active.length < want) {
      const lastFailure = Math.max(-Infinity, ...failedPods.map((p) => this.ctx.clock.parse(finishedAt(p)) ?? -Infinity));
      // The back-off counts every failed pod, ignored ones too (job_controller.go newBackoffRecord).
      const delay = failedPods.length === 0 ? 0 : Math.min(POD_FAILURE_BACKOFF_MS * 2 ** (failedPods.length - 1), MAX_POD_FAILURE_BACKOFF_MS);
      const readyAt = lastFailure === -Infinity ? now : lastFailure + delay;
      if (readyAt > now) this.queue.addAfter(key, readyAt - now);
      else {
        const used = new Set([...active, ...succeededPods].map((p) => p.metadata?.annotations?.[COMPLETION_INDEX]));
        let next = 0;
        for (let i = active.length; i < want; i++) {
          let index: number | undefined;
          if (spec.completionMode === 'Indexed') {
            while (used.has(String(next))) next++;
            index = next;
            used.add(String(next));
          }
          this.createPod(obj, index);
        }
      }
    }
    const fresh = this.ctx.store.list('Pod', namespace).map((p) => p as unknown as Pod).filter((p) => isControlledBy(p, obj) && !p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    this.write(obj, { ...status, active: fresh.length, ready: fresh.filter(isPodReady).length, succeeded, failed, terminating, conditions, ...indexes(spec.completionMode, succeededPods) });
  }

  private createPod(owner: KubeObject, index?: number): void {
    const job = owner as unknown as Job;
    const template = job.spec!.template;
    const annotations = { ...(template.metadata?.annotations ?? {}), ...(index !== undefined ? { [COMPLETION_INDEX]: String(index) } : {}) };
    const spec = structuredClone(template.spec!);
    if (index !== undefined) for (const c of spec.containers) c.env = [...(c.env ?? []), { name: 'JOB_COMPLETION_INDEX', value: String(index) }];
    const labels = { ...(template.metadata?.labels ?? {}), ...(index !== undefined ? { [COMPLETION_INDEX]: String(index) } : {}) };
    // An Indexed Job's pods are named <job>-<index>-<suffix> (job_controller.go podGenerateNameWithIndex).
    const generateName = index === undefined ? `${owner.metadata.name}-` : `${owner.metadata.name}-${index}-`;
    const error = this.pods.create(owner, { metadata: { labels, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) }, spec }, generateName);
    if (error) this.queue.addAfter(keyFor(owner), 10_000);
  }

  private deletePod(owner: KubeObject, pod: Pod): void {
    this.pods.delete(owner, pod);
  }

  private write(owner: KubeObject, status: JobStatus): void {
    const current = this.ctx.store.get('Job', owner.metadata.name!, owner.metadata.namespace);
    if (!current || JSON.stringify(current.status) === JSON.stringify(status)) return;
    this.ctx.api.updateStatus(current, status);
  }

  /** ttlafterfinished: delete the Job ttlSecondsAfterFinished after it finished. */
  private scheduleTtl(owner: KubeObject, status: JobStatus): void {
    const ttl = (owner as unknown as Job).spec?.ttlSecondsAfterFinished;
    if (ttl === undefined || ttl === null) return;
    const finishedTime = this.ctx.clock.parse(status.completionTime ?? status.conditions?.find((c) => c.type === 'Failed')?.lastTransitionTime) ?? this.ctx.clock.now;
    const at = finishedTime + ttl * 1000;
    const uid = owner.metadata.uid ?? '';
    if (this.ttlScheduled.has(uid)) return;
    this.ttlScheduled.add(uid);
    this.ctx.clock.at(at, () => {
      const current = this.ctx.store.get('Job', owner.metadata.name!, owner.metadata.namespace);
      if (current && current.metadata.uid === uid && !current.metadata.deletionTimestamp) this.ctx.api.delete('Job', owner.metadata.name!, owner.metadata.namespace);
    });
  }
}

function finished(conditions: JobCondition[]): boolean {
  return conditions.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

function finishedAt(pod: Pod): string | undefined {
  return pod.status?.containerStatuses?.map((c) => c.state?.terminated?.finishedAt).filter((t): t is string => !!t).sort().pop();
}

/** Indexed Jobs report which indexes succeeded, as "0-2,4". */
function indexes(mode: string | undefined, succeeded: Pod[]): { completedIndexes?: string } {
  if (mode !== 'Indexed') return {};
  const sorted = [...new Set(succeeded.map((p) => Number(p.metadata?.annotations?.[COMPLETION_INDEX])))].filter(Number.isFinite).sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j;
  }
  return { completedIndexes: ranges.join(',') };
}

function setCondition(conditions: JobCondition[], now: string, type: string, status: string, reason: string, message: string): void {
  const i = conditions.findIndex((c) => c.type === type);
  const prev = conditions[i];
  if (prev && prev.status === status && prev.reason === reason) return;
  const next: JobCondition = { type, status, reason, message, lastProbeTime: now, lastTransitionTime: prev?.status === status ? prev.lastTransitionTime : now };
  if (i >= 0) conditions[i] = next;
  else conditions.push(next);
}
