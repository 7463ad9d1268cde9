/**
 * Which pods a ReplicaSet deletes first when it scales down: ActivePodsWithRanks.Less in
 * kubernetes pkg/controller/controller_utils.go (with LogarithmicScaleDown, on by default since 1.22).
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { Clock } from '../clock.ts';
import { isPodReady, podCondition, restartCount } from './pod-util.ts';

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

/** Pods sorted so that the first ones are deleted first. `rank` counts pods of the same owner on each pod's node. */
export function sortForDeletion(pods: Pod[], clock: Clock): Pod[] {
  const onNode = new Map<string, number>();
  for (const p of pods) if (p.spec?.nodeName) onNode.set(p.spec.nodeName, (onNode.get(p.spec.nodeName) ?? 0) + 1);
  const rank = (p: Pod): number => (p.spec?.nodeName ? (onNode.get(p.spec.nodeName) ?? 0) : 0);
  return [...pods].sort((a, b) => compare(a, b, rank, clock));
}

function compare(a: Pod, b: Pod, rank: (p: Pod) => number, clock: Clock): number {
  // 1. Unassigned < assigned.
  const assigned = Number(!!a.spec?.nodeName) - Number(!!b.spec?.nodeName);
  if (assigned !== 0) return assigned;
  // 2. PodPending < PodUnknown < PodRunning.
  const phase = (PHASE_ORDER[a.status?.phase ?? 'Pending'] ?? 0) - (PHASE_ORDER[b.status?.phase ?? 'Pending'] ?? 0);
  if (phase !== 0) return phase;
  // 3. Not ready < ready.
  const ready = Number(isPodReady(a)) - Number(isPodReady(b));
  if (ready !== 0) return ready;
  // 4. Lower pod-deletion-cost < higher.
  const cost = deletionCost(a) - deletionCost(b);
  if (cost !== 0) return cost;
  // 5. Doubled up (more pods of the owner on the same node) < not doubled up.
  const r = rank(b) - rank(a);
  if (r !== 0) return r;
  // 6. Been ready for empty time < less time < more time (log2 buckets).
  if (isPodReady(a) && isPodReady(b)) {
    const d = logBucket(podCondition(a, 'Ready')?.lastTransitionTime, clock) - logBucket(podCondition(b, 'Ready')?.lastTransitionTime, clock);
    if (d !== 0) return d;
  }
  // 7. Pods with containers with higher restart counts < lower restart counts.
  const restarts = restartCount(b) - restartCount(a);
  if (restarts !== 0) return restarts;
  // 8. Empty creation time pods < newer pods < older pods (log2 buckets), then by uid.
  const age = logBucket(a.metadata?.creationTimestamp, clock) - logBucket(b.metadata?.creationTimestamp, clock);
  if (age !== 0) return age;
  return (a.metadata?.uid ?? '') < (b.metadata?.uid ?? '') ? -1 : (a.metadata?.uid ?? '') > (b.metadata?.uid ?? '') ? 1 : 0;
}

function deletionCost(p: Pod): number {
  const v = Number(p.metadata?.annotations?.[DELETION_COST]);
  return Number.isFinite(v) ? v : 0;
}

/** getPodsRankedByRelatedPodsOnSameNode's companion: floor(log2(seconds since t)), -1 for an empty time. */
function logBucket(timestamp: string | undefined, clock: Clock): number {
  const t = clock.parse(timestamp);
  if (t === undefined) return -1;
  const seconds = Math.max(0, (clock.now - t) / 1000);
  return seconds < 1 ? 0 : Math.floor(Math.log2(seconds));
}
