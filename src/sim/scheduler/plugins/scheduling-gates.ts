/**
 * SchedulingGates (pkg/scheduler/framework/plugins/schedulinggates/scheduling_gates.go): a PreEnqueue
 * plugin; a pod with `spec.schedulingGates` waits outside the active queue until they are all removed.
 */
import type { ClusterEventWithHint } from '../framework/events.ts';
import type { PreEnqueuePlugin } from '../framework/interfaces.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import { newStatus, type Status } from '../framework/status.ts';

export class SchedulingGates implements PreEnqueuePlugin {
  readonly name = 'SchedulingGates';
  slot = 0;

  preEnqueue(pod: PodInfo): Status | null {
    const gates = pod.pod.spec?.schedulingGates ?? [];
    if (gates.length === 0) return null;
    return newStatus('UnschedulableAndUnresolvable', this.name, `waiting for scheduling gates: [${gates.map((g) => g.name).join(' ')}]`);
  }

  events(): ClusterEventWithHint[] {
    return [{ resource: 'UnscheduledPod', actions: ['UpdatePodSchedulingGatesEliminated'] }];
  }
}
