/**
 * The DefaultTolerationSeconds admission plugin (plugin/pkg/admission/defaulttolerationseconds):
 * every pod tolerates node.kubernetes.io/not-ready and node.kubernetes.io/unreachable (NoExecute)
 * for 300 s unless it says otherwise, so that it is evicted 5 minutes after its node is lost.
 */
import type { Pod, Toleration } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../kube/object.ts';

export const DEFAULT_TOLERATION_SECONDS = 300;

export function defaultTolerationSeconds(obj: KubeObject): KubeObject {
  if (obj.kind !== 'Pod') return obj;
  const pod = obj as unknown as Pod;
  const tolerations: Toleration[] = [...(pod.spec?.tolerations ?? [])];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    const has = tolerations.some((t) => (t.key === key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute'));
    if (!has) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
  return { ...obj, spec: { ...(obj.spec as object), tolerations } };
}
