/**
 * The Eviction subresource (kubernetes pkg/registry/core/pod/storage/eviction.go): a pod may be evicted
 * if every PodDisruptionBudget that covers it allows a disruption (then the budget is charged and the
 * pod deleted); otherwise the answer is 429 Too Many Requests. A pod that is not running (or not ready,
 * while its budget is met: unhealthyPodEvictionPolicy IfHealthyBudget) does not need the budget.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1';
import type { KubeObject } from '../../kube/object.ts';
import { matchesSelector } from '../../kube/selector.ts';
import { text } from '../../kube/text.ts';
import type { Api } from '../api.ts';
import { ApiError, notFound } from '../api-error.ts';
import { isPodReady } from '../controllers/pod-util.ts';

export function evict(api: Api, name: string, namespace: string, budgetStatus: (pdb: KubeObject) => PodDisruptionBudgetStatus): void {
  const obj = api.get('Pod', name, namespace);
  if (!obj) throw notFound('Pod', '', name);
  const pod = obj as unknown as Pod;
  if (pod.metadata?.deletionTimestamp) return;
  const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed' || pod.status?.phase === 'Pending';
  const pdbs = api.store.list('PodDisruptionBudget', namespace).filter((p) => matchesSelector((p as unknown as PodDisruptionBudget).spec?.selector, pod.metadata?.labels));
  if (!terminal && pdbs.length > 1) {
    throw new ApiError('InternalError', text('이 파드에는 PodDisruptionBudget이 둘 이상 있어 축출(eviction)할 수 없다.', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.'));
  }
  const pdb = pdbs[0];
  if (!terminal && pdb) {
    const status = budgetStatus(pdb);
    const ready = isPodReady(pod);
    const healthyBudget = (status.currentHealthy ?? 0) >= (status.desiredHealthy ?? 0);
    if (ready || !healthyBudget) {
      if ((status.disruptionsAllowed ?? 0) <= 0) {
        throw new ApiError(
          'TooManyRequests',
          text('파드를 축출하면 파드의 중단 예산(disruption budget)을 어기게 된다.', "Cannot evict pod as it would violate the pod's disruption budget."),
          { causes: [{ reason: 'DisruptionBudget', message: `The disruption budget ${pdb.metadata.name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`, field: '' }] },
        );
      }
      // Charge the budget before deleting, as the registry does.
      if (ready) api.updateStatus(pdb, { ...status, disruptionsAllowed: (status.disruptionsAllowed ?? 1) - 1, disruptedPods: { ...(status.disruptedPods ?? {}), [name]: api.timestamp() } });
    }
  }
  // The pod is marked as a disruption target, then deleted gracefully.
  const current = (obj.status ?? {}) as Pod['status'];
  api.updateStatus(obj, { ...current, conditions: [...(current?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'), { type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting', lastTransitionTime: api.timestamp() }] });
  api.delete('Pod', name, namespace);
}
