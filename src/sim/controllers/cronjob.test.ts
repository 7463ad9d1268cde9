import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/object.ts';
import { createCluster } from '../cluster.ts';

function cronJob(spec: Record<string, unknown>, command = ['sh', '-c', 'sleep 20']): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'report' },
    spec: { schedule: '*/5 * * * *', ...spec, jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'r', image: 'busybox:1.37', command }] } } } } },
  };
}

// pkg/controller/cronjob/cronjob_controllerv2.go
describe('CronJob', () => {
  it('creates a Job at each scheduled time, named after the minute', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([cronJob({})]);
    c.advance('4m59s');
    expect(c.list('Job')).toEqual([]);
    c.advance('2s');
    const [job] = c.list<Job>('Job');
    // 2026-01-01T00:05:00Z is 29,453,765 minutes after the Unix epoch.
    expect(job!.metadata!.name).toBe('report-29453765');
    expect(job!.metadata!.annotations!['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2026-01-01T00:05:00Z');
    expect(c.get<CronJob>('CronJob', 'report')!.status!.lastScheduleTime).toBe('2026-01-01T00:05:00Z');
    expect(c.events({ kind: 'CronJob', reason: 'SuccessfulCreate' })[0]!.message).toBe('Created job report-29453765');
    c.advance('1m');
    expect(c.events({ kind: 'CronJob', reason: 'SawCompletedJob' })[0]!.message).toBe('Saw completed job: report-29453765, condition: Complete');
    expect(c.get<CronJob>('CronJob', 'report')!.status!.active).toEqual([]);
  });

  it('keeps three successful Jobs by default', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([cronJob({ schedule: '* * * * *' })]);
    c.advance('10m30s');
    expect(c.list('Job')).toHaveLength(3);
  });

  it('Forbid skips a run while the previous one is still running; Replace replaces it', () => {
    const forbid = createCluster({ nodes: 1 });
    forbid.apply([cronJob({ schedule: '* * * * *', concurrencyPolicy: 'Forbid' }, ['sleep', '150'])]);
    forbid.advance('3m30s');
    expect(forbid.list<Job>('Job').map((j) => j.metadata!.name)).toEqual(['report-29453761']);
    // When the first run ends (3:31), the most recent missed time (3:00) starts at once.
    forbid.advance('1m');
    expect(forbid.list<Job>('Job').map((j) => j.metadata!.name)).toEqual(['report-29453761', 'report-29453763']);
    expect(forbid.events({ reason: 'JobAlreadyActive' })[0]!.message).toBe('Not starting job because prior execution is running and concurrency policy is Forbid');
    const replace = createCluster({ nodes: 1 });
    replace.apply([cronJob({ schedule: '* * * * *', concurrencyPolicy: 'Replace' }, ['sleep', '150'])]);
    replace.advance('2m30s');
    expect(replace.list<Job>('Job').map((j) => j.metadata!.name)).toEqual(['report-29453762']);
  });

  it('reports a Job it controls but did not start (kubectl create job --from) without counting it active', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([cronJob({ schedule: '*/5 * * * *', concurrencyPolicy: 'Forbid' }, ['sleep', '600'])]);
    c.advance('1m');
    const owner = c.get<CronJob>('CronJob', 'report')!;
    // What `kubectl create job manual --from=cronjob/report` creates: the template, owned by the CronJob.
    c.apply([
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'manual', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'report', uid: owner.metadata!.uid!, controller: true }] },
        spec: owner.spec!.jobTemplate.spec as unknown as Record<string, unknown>,
      },
    ]);
    c.advance('10s');
    expect(c.events({ kind: 'CronJob', reason: 'UnexpectedJob' })[0]!.message).toBe('Saw a job that the controller did not create or forgot: manual');
    expect(c.get<CronJob>('CronJob', 'report')!.status!.active ?? []).toEqual([]);
    // Forbid looks at its own runs only: the 00:05 run starts although `manual` still runs.
    c.advance('4m');
    expect(c.list<Job>('Job').map((j) => j.metadata!.name).sort()).toEqual(['manual', 'report-29453765']);
    expect(c.get<CronJob>('CronJob', 'report')!.status!.active!.map((r) => r.name)).toEqual(['report-29453765']);
  });

  it('does nothing while suspended', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([cronJob({ suspend: true })]);
    c.advance('30m');
    expect(c.list('Job')).toEqual([]);
  });

  it('reads the schedule in its timeZone and stamps the Job with the scheduled time in that zone', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([cronJob({ schedule: '0 2 * * *', timeZone: 'Asia/Seoul' })]);
    // The cluster starts at 2026-01-01T00:00:00Z, 09:00 in Seoul: 02:00 in Seoul is 17:00 UTC.
    c.advance('16h59m');
    expect(c.list('Job')).toEqual([]);
    c.advance('2m');
    const [job] = c.list<Job>('Job');
    expect(job!.metadata!.annotations!['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2026-01-02T02:00:00+09:00');
    expect(c.get<CronJob>('CronJob', 'report')!.status!.lastScheduleTime).toBe('2026-01-01T17:00:00Z');
  });

  // pkg/apis/batch/validation/validation.go validateTimeZone
  it('refuses a time zone that does not exist', () => {
    const c = createCluster({ nodes: 1 });
    expect(c.apply([cronJob({ timeZone: 'Asia/Seol' })])[0]!.error!.message).toBe('CronJob.batch "report" is invalid: spec.timeZone: Invalid value: "Asia/Seol": unknown time zone Asia/Seol');
    expect(c.apply([cronJob({ timeZone: 'Local' })])[0]!.error!.message).toBe('CronJob.batch "report" is invalid: spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones');
    expect(c.apply([cronJob({ timeZone: 'asia/seoul' })])[0]!.error!.reason).toBe('Invalid');
    expect(c.apply([cronJob({ timeZone: 'Etc/UTC' })])[0]!.error).toBeUndefined();
  });

  it('refuses a schedule that is not cron', () => {
    const c = createCluster({ nodes: 1 });
    expect(c.apply([cronJob({ schedule: 'every 5 minutes' })])[0]!.error!.reason).toBe('Invalid');
  });
});
