/** Pod state helpers from kubernetes pkg/api/v1/pod/util.go and pkg/controller/controller_utils.go. */
import type { Pod, PodCondition } from 'kubernetes-types/core/v1';
import type { Clock } from '../clock.ts';

export function podCondition(pod: Pod, type: string): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

export function isPodReady(pod: Pod): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** IsPodAvailable: ready, and ready for at least minReadySeconds. */
export function isPodAvailable(pod: Pod, minReadySeconds: number, clock: Clock): boolean {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True') return false;
  if (minReadySeconds === 0) return true;
  const since = clock.parse(ready.lastTransitionTime);
  return since !== undefined && since + minReadySeconds * 1000 <= clock.now;
}

/** IsPodActive: not terminal and not being deleted (controller_utils.go). */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

export function restartCount(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((n, c) => n + c.restartCount, 0);
}
