/**
 * framework.NodeToStatus: why each node was rejected in a cycle — explicit statuses for the nodes the
 * filters looked at, and one status for all the others (set when PreFilter rejected the pod or narrowed
 * the nodes, or by preemption: "Preemption is not helpful for scheduling").
 */
import type { NodeInfo } from './node-info.ts';
import type { Code, Status } from './status.ts';

export class NodeToStatus {
  readonly explicit = new Map<string, Status>();
  absent: Status | undefined;

  set(node: string, s: Status): void {
    this.explicit.set(node, s);
  }

  get(node: string): Status | undefined {
    return this.explicit.get(node) ?? this.absent;
  }

  get size(): number {
    return this.explicit.size;
  }

  /** NodesForStatusCode: the nodes whose status has this code. */
  nodesForStatusCode(nodes: readonly NodeInfo[], code: Code): NodeInfo[] {
    return nodes.filter((n) => this.get(n.name)?.code === code);
  }
}
