/**
 * Cluster events that can make an unschedulable pod schedulable (pkg/scheduler/framework/events.go,
 * types.go ClusterEvent/ActionType). Each plugin registers the events it cares about
 * (EnqueueExtensions.EventsToRegister), optionally with a queueing hint that looks at the change; the
 * scheduling queue retries a pod only on events registered by the plugins that rejected it.
 */
import type { PodInfo } from './pod-info.ts';

export type EventResource = 'Node' | 'AssignedPod' | 'UnscheduledPod' | 'PersistentVolume' | 'PersistentVolumeClaim' | 'StorageClass' | 'Namespace';

export type ActionType =
  | 'Add'
  | 'Delete'
  | 'UpdateNodeAllocatable'
  | 'UpdateNodeLabel'
  | 'UpdateNodeTaint'
  | 'UpdateNodeCondition'
  | 'UpdateNodeAnnotation'
  | 'UpdatePodLabel'
  | 'UpdatePodScaleDown'
  | 'UpdatePodToleration'
  | 'UpdatePodSchedulingGatesEliminated'
  | 'Update';

export interface ClusterEvent {
  resource: EventResource;
  /** The update kinds that apply (one event may be several, e.g. a label and a taint change). */
  actions: readonly ActionType[];
  /** For display: e.g. "AssignedPodDelete", "NodeAdd". */
  label: string;
  oldObj?: unknown;
  newObj?: unknown;
}

export type QueueingHint = 'Queue' | 'Skip';

export interface ClusterEventWithHint {
  resource: EventResource;
  /** Any of these actions (or every update when it lists 'Update'). */
  actions: readonly ActionType[];
  hint?: (pod: PodInfo, event: ClusterEvent) => QueueingHint;
}

export function eventMatches(reg: ClusterEventWithHint, e: ClusterEvent): boolean {
  if (reg.resource !== e.resource) return false;
  for (const a of e.actions) {
    if (reg.actions.includes(a)) return true;
    if (a !== 'Add' && a !== 'Delete' && reg.actions.includes('Update')) return true;
  }
  return false;
}
