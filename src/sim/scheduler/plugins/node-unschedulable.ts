/**
 * NodeUnschedulable (pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go): a cordoned
 * node (`spec.unschedulable`) takes only pods that tolerate the node.kubernetes.io/unschedulable
 * NoSchedule taint.
 */
import type { Node } from 'kubernetes-types/core/v1';
import type { ClusterEvent, ClusterEventWithHint } from '../framework/events.ts';
import type { SchedulerCache } from '../cache/cache.ts';
import type { FilterPlugin } from '../framework/interfaces.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import { newStatus, type Status } from '../framework/status.ts';
import { tolerationsTolerateTaint } from '../helpers/taints.ts';

export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';

const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' } as const;
const UNSCHEDULABLE = Object.freeze(newStatus('UnschedulableAndUnresolvable', 'NodeUnschedulable', ERR_REASON_UNSCHEDULABLE));

export class NodeUnschedulable implements FilterPlugin {
  readonly name = 'NodeUnschedulable';
  slot = 0;
  private readonly cache: SchedulerCache;

  constructor(cache: SchedulerCache) {
    this.cache = cache;
  }

  acceptsAll(): boolean {
    return this.cache.unschedulableNodes === 0;
  }

  filter(_state: unknown, pod: PodInfo, node: NodeInfo): Status | null {
    if (!node.unschedulable) return null;
    if (tolerationsTolerateTaint(pod.pod.spec?.tolerations, UNSCHEDULABLE_TAINT)) return null;
    return UNSCHEDULABLE;
  }

  events(): ClusterEventWithHint[] {
    return [
      { resource: 'Node', actions: ['Add', 'UpdateNodeTaint'], hint: (_pod, e: ClusterEvent) => ((e.newObj as Node).spec?.unschedulable ? 'Skip' : 'Queue') },
      { resource: 'UnscheduledPod', actions: ['UpdatePodToleration'] },
    ];
  }
}
