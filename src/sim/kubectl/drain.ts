/**
 * `kubectl cordon | uncordon | drain` (staging/src/k8s.io/kubectl/pkg/drain): cordoning marks the node
 * unschedulable; draining then evicts its pods through the Eviction API — skipping DaemonSet pods,
 * refusing pods no controller would recreate unless forced — and retries an eviction a
 * PodDisruptionBudget refuses every 5 seconds, until every evicted pod is gone.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../kube/object.ts';
import { text, type Text } from '../../kube/text.ts';
import type { Api } from '../api.ts';
import { ApiError, notFound } from '../api-error.ts';
import type { Clock } from '../clock.ts';
import { controllerRef } from '../controllers/owner.ts';
import { KubectlError } from './kubectl-error.ts';

const RETRY_MS = 5_000;

export function cordon(api: Api, node: string, unschedulable: boolean): Text {
  const obj = api.get('Node', node);
  if (!obj) throw notFound('Node', '', node);
  if (((obj.spec as Node['spec'])?.unschedulable ?? false) === unschedulable) {
    return text(`node/${node}은(는) 이미 ${unschedulable ? '차단되어' : '차단 해제되어'} 있다`, `node/${node} already ${unschedulable ? 'cordoned' : 'uncordoned'}`);
  }
  const spec = { ...(obj.spec as object) } as NonNullable<Node['spec']>;
  if (unschedulable) spec.unschedulable = true;
  else delete spec.unschedulable;
  api.replace({ ...obj, spec } as KubeObject);
  return text(`node/${node} ${unschedulable ? '차단했다(cordoned)' : '차단을 풀었다(uncordoned)'}`, `node/${node} ${unschedulable ? 'cordoned' : 'uncordoned'}`);
}

export interface DrainOptions {
  /** Evict pods without a controller too (they are not recreated). */
  force?: boolean;
}

export interface Drain {
  /** Lines as `kubectl drain` prints them, in both languages. */
  readonly output: Text[];
  readonly done: boolean;
}

export function drain(api: Api, clock: Clock, evict: (name: string, namespace: string) => void, node: string, options: DrainOptions = {}): Drain {
  const output: Text[] = [cordon(api, node, true)];
  const pods = (api.store.list('Pod') as unknown as Pod[]).filter((p) => p.spec?.nodeName === node && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  const orphans = pods.filter((p) => !controllerRef(p));
  if (orphans.length > 0 && !options.force) {
    const names = orphans.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`).join(', ');
    throw new KubectlError(text(`컨트롤러가 없는 파드는 삭제할 수 없다 (--force로 무시): ${names}`, `cannot delete Pods that declare no controller (use --force to override): ${names}`));
  }
  const daemons = pods.filter((p) => controllerRef(p)?.kind === 'DaemonSet');
  if (daemons.length > 0) output.push(text(`경고: 데몬셋(DaemonSet)이 관리하는 파드는 무시한다: ${daemons.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`).join(', ')}`, `Warning: ignoring DaemonSet-managed Pods: ${daemons.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`).join(', ')}`));
  const targets = pods.filter((p) => controllerRef(p)?.kind !== 'DaemonSet');
  const state = { output, done: false };
  const pending = new Set(targets.map((p) => p.metadata!.uid!));
  const finish = (): void => {
    if (state.done || [...pending].some((uid) => targets.some((p) => p.metadata?.uid === uid && api.get('Pod', p.metadata!.name!, p.metadata?.namespace)?.metadata.uid === uid))) return;
    state.done = true;
    output.push(text(`node/${node} 비웠다(drained)`, `node/${node} drained`));
  };
  const attempt = (pod: Pod): void => {
    const name = pod.metadata!.name!;
    const namespace = pod.metadata!.namespace!;
    try {
      evict(name, namespace);
      output.push(text(`파드 ${namespace}/${name}을(를) 축출한다`, `evicting pod ${namespace}/${name}`));
      waitGone(pod);
    } catch (e) {
      if (!(e instanceof ApiError) || e.reason !== 'TooManyRequests') throw e;
      output.push(text(`pods/"${name}" -n "${namespace}" 축출 중 오류 (5초 뒤 다시 시도): ${e.text.ko}`, `error when evicting pods/"${name}" -n "${namespace}" (will retry after 5s): ${e.text.en}`));
      clock.after(RETRY_MS, () => attempt(pod));
    }
  };
  const waitGone = (pod: Pod): void => {
    const current = api.get('Pod', pod.metadata!.name!, pod.metadata?.namespace);
    if (!current || current.metadata.uid !== pod.metadata?.uid) {
      pending.delete(pod.metadata!.uid!);
      finish();
      return;
    }
    clock.after(1000, () => waitGone(pod));
  };
  for (const pod of targets) attempt(pod);
  finish();
  return state;
}
