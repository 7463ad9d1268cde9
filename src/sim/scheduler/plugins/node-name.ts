/**
 * NodeName (pkg/scheduler/framework/plugins/nodename/node_name.go): a pod that names a node
 * (`spec.nodeName`) fits only that node.
 */
import type { ClusterEventWithHint } from '../framework/events.ts';
import type { FilterPlugin } from '../framework/interfaces.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import { newStatus, type Status } from '../framework/status.ts';

export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";
const NOT_MATCH = Object.freeze(newStatus('UnschedulableAndUnresolvable', 'NodeName', ERR_REASON_NODE_NAME));

export class NodeName implements FilterPlugin {
  readonly name = 'NodeName';
  slot = 0;

  acceptsAll(pod: PodInfo): boolean {
    return pod.requestedNodeName === '';
  }

  filter(_state: unknown, pod: PodInfo, node: NodeInfo): Status | null {
    const want = pod.requestedNodeName;
    if (want === '' || want === node.name) return null;
    return NOT_MATCH;
  }

  events(): ClusterEventWithHint[] {
    return [{ resource: 'Node', actions: ['Add'] }];
  }
}
