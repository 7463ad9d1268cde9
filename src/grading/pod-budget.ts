/**
 * How many pods a submission may ask the simulator for. A student who writes `replicas: 100000`
 * should get a clear error at that line, not a grader that runs for a minute and takes gigabytes.
 * Workload objects are counted in file order; one that would take the submission past the budget is
 * not applied (as a ResourceQuota would refuse it), and the problem names its field.
 */
import type { Manifest } from '../kube/load.ts';
import type { FieldPath } from '../kube/position.ts';
import { text } from '../kube/text.ts';
import type { SubmissionProblem } from './submission.ts';

/** Where each workload kind says how many pods it wants. */
const POD_FIELDS: Record<string, FieldPath[]> = {
  Deployment: [['spec', 'replicas']],
  ReplicaSet: [['spec', 'replicas']],
  StatefulSet: [['spec', 'replicas']],
  ReplicationController: [['spec', 'replicas']],
  Job: [['spec', 'parallelism'], ['spec', 'completions']],
  CronJob: [['spec', 'jobTemplate', 'spec', 'parallelism'], ['spec', 'jobTemplate', 'spec', 'completions']],
  HorizontalPodAutoscaler: [['spec', 'maxReplicas']],
};

function valueAt(object: unknown, path: FieldPath): unknown {
  let v = object;
  for (const seg of path) v = typeof v === 'object' && v !== null ? (v as Record<string | number, unknown>)[seg] : undefined;
  return v;
}

/** The manifests to apply, and a problem for each one left out because it asks for too many pods. */
export function withinPodBudget(manifests: readonly Manifest[], maxPods: number): { applicable: Manifest[]; problems: SubmissionProblem[] } {
  const applicable: Manifest[] = [];
  const problems: SubmissionProblem[] = [];
  let total = 0;
  for (const m of manifests) {
    const fields = POD_FIELDS[m.object.kind] ?? [];
    // The largest number the object asks for (Jobs: parallelism or completions; HPAs: maxReplicas).
    let asked = 0;
    let at: FieldPath | undefined;
    for (const f of fields) {
      const n = valueAt(m.object, f);
      if (typeof n === 'number' && Number.isFinite(n) && n > asked) {
        asked = n;
        at = f;
      }
    }
    if (at && total + asked > maxPods) {
      problems.push({
        code: 'TooManyPods',
        message: text(
          `파드를 ${asked}개 요청한다: 채점 시뮬레이터는 제출물 하나에 파드를 최대 ${maxPods}개까지 실행한다. 이 ${m.object.kind}은(는) 클러스터에 적용하지 않았다.`,
          `asks for ${asked} pods: the grading simulator runs at most ${maxPods} pods per submission. This ${m.object.kind} was not applied to the cluster.`,
        ),
        position: m.locate(at),
      });
      continue;
    }
    total += asked;
    applicable.push(m);
  }
  return { applicable, problems };
}
