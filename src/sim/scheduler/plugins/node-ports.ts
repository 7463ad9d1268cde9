/**
 * NodePorts (pkg/scheduler/framework/plugins/nodeports/node_ports.go): a pod's hostPorts must be free on
 * the node (same protocol and port, on the same hostIP or 0.0.0.0).
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { CycleState } from '../framework/cycle-state.ts';
import type { ClusterEvent, ClusterEventWithHint } from '../framework/events.ts';
import type { FilterPlugin, PreFilterPlugin } from '../framework/interfaces.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import { PodInfo } from '../framework/pod-info.ts';
import { newStatus, SKIP, type Status } from '../framework/status.ts';

export const ERR_REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";
const PORTS_IN_USE = Object.freeze(newStatus('Unschedulable', 'NodePorts', ERR_REASON_NODE_PORTS));

export class NodePorts implements PreFilterPlugin, FilterPlugin {
  readonly name = 'NodePorts';
  slot = 0;

  preFilter(_state: CycleState, pod: PodInfo): Status | null {
    return pod.hostPorts.length === 0 ? SKIP : null;
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    if (node.usedPorts.size === 0) return null;
    for (const p of pod.hostPorts) if (node.usedPorts.conflicts(p)) return PORTS_IN_USE;
    return null;
  }

  events(): ClusterEventWithHint[] {
    return [
      // isSchedulableAfterPodDeleted: only a deleted pod that held one of the wanted ports helps.
      {
        resource: 'AssignedPod',
        actions: ['Delete'],
        hint: (pod, e: ClusterEvent) => {
          const deleted = new PodInfo(e.oldObj as Pod);
          return deleted.hostPorts.some((d) => pod.hostPorts.some((w) => w.hostPort === d.hostPort && w.protocol === d.protocol)) ? 'Queue' : 'Skip';
        },
      },
      { resource: 'Node', actions: ['Add'] },
    ];
  }
}
