import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/object.ts';
import { createCluster } from '../cluster.ts';

function job(spec: Record<string, unknown>, command: string[], restartPolicy = 'Never', name = 'pi'): KubeObject {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name }, spec: { ...spec, template: { spec: { restartPolicy, containers: [{ name: 'work', image: 'busybox:1.37', command }] } } } };
}

const conditionsOf = (j: Job): string[] => (j.status?.conditions ?? []).filter((c) => c.status === 'True').map((c) => `${c.type}:${c.reason}`);

// pkg/controller/job/job_controller.go
describe('Job', () => {
  it('runs completions pods, parallelism at a time, then is Complete', () => {
    const c = createCluster({ nodes: 2 });
    c.apply([job({ completions: 4, parallelism: 2 }, ['sh', '-c', 'sleep 10'])]);
    c.advance('5s');
    expect(c.get<Job>('Job', 'pi')!.status).toMatchObject({ active: 2, succeeded: 0 });
    c.advance('10s');
    expect(c.get<Job>('Job', 'pi')!.status).toMatchObject({ active: 2, succeeded: 2 });
    c.advance('15s');
    const j = c.get<Job>('Job', 'pi')!;
    expect(j.status).toMatchObject({ active: 0, succeeded: 4, failed: 0 });
    expect(conditionsOf(j)).toEqual(['SuccessCriteriaMet:CompletionsReached', 'Complete:CompletionsReached']);
    expect(j.status!.completionTime).toBeDefined();
    expect(c.events({ kind: 'Job', reason: 'Completed' })[0]!.message).toBe('Job completed');
    // Completed pods stay, labelled for the Job.
    const pods = c.list<Pod>('Pod');
    expect(pods).toHaveLength(4);
    expect(pods.every((p) => p.status!.phase === 'Succeeded' && p.metadata!.labels!['batch.kubernetes.io/job-name'] === 'pi')).toBe(true);
  });

  it('fails past backoffLimit, recreating failed pods 10 s, 20 s … apart', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([job({ backoffLimit: 2 }, ['sh', '-c', 'exit 1'])]);
    const created: number[] = [];
    let last = c.list('Pod').length;
    for (let t = 1; t <= 60; t++) {
      c.advance('1s');
      const n = c.list('Pod').length;
      if (n > last) created.push(t);
      last = n;
    }
    // First pod at 0 s fails at 1 s; replacements after 10 s and then 20 s.
    expect(created).toEqual([11, 31]);
    const j = c.get<Job>('Job', 'pi')!;
    expect(j.status).toMatchObject({ failed: 3, active: 0 });
    expect(conditionsOf(j)).toEqual(['FailureTarget:BackoffLimitExceeded', 'Failed:BackoffLimitExceeded']);
    expect(c.events({ kind: 'Job', reason: 'BackoffLimitExceeded' })[0]!.message).toBe('Job has reached the specified backoff limit');
  });

  it('without completions, lets running pods finish once one has succeeded and starts no new one', () => {
    const c = createCluster({ nodes: 2 });
    c.apply([job({ parallelism: 1 }, ['sh', '-c', 'sleep 10'])]);
    c.advance('5s');
    // A second pod joins at 5 s; the first succeeds at about 11 s, the second at about 16 s.
    c.apply([job({ parallelism: 2 }, ['sh', '-c', 'sleep 10'])]);
    c.advance('8s');
    expect(c.get<Job>('Job', 'pi')!.status).toMatchObject({ succeeded: 1, active: 1 });
    c.advance('10s');
    const j = c.get<Job>('Job', 'pi')!;
    expect(j.status).toMatchObject({ succeeded: 2, active: 0 });
    expect(conditionsOf(j)).toContain('Complete:CompletionsReached');
    expect(c.events({ kind: 'Job', reason: 'SuccessfulDelete' })).toEqual([]);
    expect(c.list<Pod>('Pod')).toHaveLength(2);
  });

  it('tolerates a flaky first attempt within backoffLimit: a new pod with Never, a restart with OnFailure', () => {
    const images = { 'shop/report:1.0': { pullSeconds: 1, exitAfterSeconds: 30, failFirstRuns: 1 } };
    const flaky = (spec: Record<string, unknown>, restartPolicy: string): KubeObject => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi' },
      spec: { ...spec, template: { spec: { restartPolicy, containers: [{ name: 'report', image: 'shop/report:1.0' }] } } },
    });
    const never = createCluster({ nodes: 1, images });
    never.apply([flaky({ completions: 2, backoffLimit: 1 }, 'Never')]);
    never.advance('3m');
    expect(never.get<Job>('Job', 'pi')!.status).toMatchObject({ succeeded: 2, failed: 1 });
    // OnFailure counts the restart: backoffLimit 1 is already reached by one restart (pastBackoffLimitOnFailure).
    const onFailure = createCluster({ nodes: 1, images });
    onFailure.apply([flaky({ completions: 2, backoffLimit: 1 }, 'OnFailure')]);
    onFailure.advance('3m');
    expect(conditionsOf(onFailure.get<Job>('Job', 'pi')!)).toContain('Failed:BackoffLimitExceeded');
    const onFailure2 = createCluster({ nodes: 1, images });
    onFailure2.apply([flaky({ completions: 2, backoffLimit: 2 }, 'OnFailure')]);
    onFailure2.advance('3m');
    expect(onFailure2.get<Job>('Job', 'pi')!.status).toMatchObject({ succeeded: 2, failed: 0 });
    const none = createCluster({ nodes: 1, images });
    none.apply([flaky({ completions: 2, backoffLimit: 0 }, 'Never')]);
    none.advance('3m');
    expect(conditionsOf(none.get<Job>('Job', 'pi')!)).toContain('Failed:BackoffLimitExceeded');
  });

  it('fails when activeDeadlineSeconds passes and stops its pods', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([job({ activeDeadlineSeconds: 30 }, ['sleep', '3600'])]);
    c.advance('31s');
    expect(conditionsOf(c.get<Job>('Job', 'pi')!)).toContain('Failed:DeadlineExceeded');
    c.advance('5s');
    expect(c.list('Pod')).toEqual([]);
  });

  it('counts container restarts against backoffLimit with restartPolicy OnFailure', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([job({ backoffLimit: 2 }, ['false'], 'OnFailure')]);
    c.advance('60s');
    expect(conditionsOf(c.get<Job>('Job', 'pi')!)).toContain('Failed:BackoffLimitExceeded');
  });

  it('gives Indexed pods their completion index', () => {
    const c = createCluster({ nodes: 2 });
    c.apply([job({ completions: 3, parallelism: 3, completionMode: 'Indexed' }, ['sh', '-c', 'sleep 2'])]);
    c.advance('1s');
    const indexes = c.list<Pod>('Pod').map((p) => p.metadata!.annotations!['batch.kubernetes.io/job-completion-index']).sort();
    expect(indexes).toEqual(['0', '1', '2']);
    expect(c.list<Pod>('Pod')[0]!.spec!.containers[0]!.env).toContainEqual({ name: 'JOB_COMPLETION_INDEX', value: expect.any(String) });
    c.advance('10s');
    expect(c.get<Job>('Job', 'pi')!.status!.completedIndexes).toBe('0-2');
  });

  it('is deleted with its pods ttlSecondsAfterFinished after finishing', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([job({ ttlSecondsAfterFinished: 30 }, ['true'])]);
    c.advance('20s');
    expect(c.get('Job', 'pi')).toBeDefined();
    c.advance('20s');
    expect(c.get('Job', 'pi')).toBeUndefined();
    c.advance('5s');
    expect(c.list('Pod')).toEqual([]);
  });

  // pkg/apis/batch/validation/validation.go validateJobSpec: Always (the Pod default) reads as a missing value.
  // pkg/controller/job/pod_failure_policy.go
  it('fails at once on an exit code a FailJob rule names, without using up backoffLimit', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([job({ backoffLimit: 6, podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'work', operator: 'In', values: [42] } }] } }, ['sh', '-c', 'sleep 3 && exit 42'])]);
    c.advance('60s');
    const j = c.get<Job>('Job', 'pi')!;
    const pod = c.list<Pod>('Pod')[0]!;
    expect(c.list('Pod')).toHaveLength(1);
    expect(conditionsOf(j)).toEqual(['FailureTarget:PodFailurePolicy', 'Failed:PodFailurePolicy']);
    expect(j.status!.conditions!.find((x) => x.type === 'Failed')!.message).toBe(`Container work for pod default/${pod.metadata!.name} failed with exit code 42 matching FailJob rule at index 0`);
  });

  it('does not count failures an Ignore rule matches, and counts the others (Count, or no rule)', () => {
    const c = createCluster({ nodes: 1 });
    const rules = [
      { action: 'Ignore', onExitCodes: { operator: 'In', values: [3] } },
      { action: 'Count', onExitCodes: { operator: 'NotIn', values: [3] } },
    ];
    c.apply([job({ backoffLimit: 0, podFailurePolicy: { rules } }, ['sh', '-c', 'exit 3']), job({ backoffLimit: 0, podFailurePolicy: { rules } }, ['sh', '-c', 'exit 1'], 'Never', 'counted')]);
    c.advance('120s');
    const ignored = c.get<Job>('Job', 'pi')!;
    expect(conditionsOf(ignored)).toEqual([]);
    expect(ignored.status!.failed ?? 0).toBe(0);
    // Still retried, with the back-off of every failure: at 0, 11, 31, 71 s.
    expect(c.list<Pod>('Pod').filter((p) => p.metadata!.name!.startsWith('pi-'))).toHaveLength(4);
    expect(conditionsOf(c.get<Job>('Job', 'counted')!)).toEqual(['FailureTarget:BackoffLimitExceeded', 'Failed:BackoffLimitExceeded']);
  });

  it('refuses a podFailurePolicy with restartPolicy OnFailure, and unknown actions and operators', () => {
    const c = createCluster({ nodes: 1 });
    const policy = { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } }] };
    expect(c.apply([job({ podFailurePolicy: policy }, ['true'], 'OnFailure')])[0]!.error!.message).toBe(
      'Job.batch "pi" is invalid: spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
    );
    const bad = { rules: [{ action: 'Retry', onExitCodes: { operator: 'Above', values: [1] } }] };
    expect(c.apply([job({ podFailurePolicy: bad }, ['true'])])[0]!.error!.message).toBe(
      'Job.batch "pi" is invalid: [spec.podFailurePolicy.rules[0].action: Unsupported value: "Retry": supported values: "Count", "FailIndex", "FailJob", "Ignore", spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value: "Above": supported values: "In", "NotIn"]',
    );
  });

  it('refuses restartPolicy Always and a changed template', () => {
    const c = createCluster({ nodes: 1 });
    expect(c.apply([job({}, ['true'], 'Always')])[0]!.error!.message).toBe('Job.batch "pi" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"');
    expect(c.apply([job({}, ['true'], 'Sometimes', 'other')])[0]!.error!.message).toContain('spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "OnFailure", "Never"');
    c.apply([job({}, ['sleep', '100'])]);
    expect(c.apply([job({}, ['sleep', '200'])])[0]!.error!.message).toMatch(/^Job\.batch "pi" is invalid: spec\.template: Invalid value: .*: field is immutable$/);
  });
});
