/**
 * framework.FitError (pkg/scheduler/framework/types.go): the message of a FailedScheduling event and of
 * the PodScheduled=False condition when no node fits —
 * "0/X nodes are available: <PreFilterMsg>. <filter histogram>. <PostFilterMsg>" — where the histogram
 * counts each reason over the nodes ("3 Insufficient cpu, 1 node(s) had untolerated taint {a: b}"),
 * sorted as strings, and is left out when PreFilter already rejected the pod. Preemption's own message
 * ("preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.") follows.
 */
import type { NodeToStatus } from './framework/node-to-status.ts';

export interface Diagnosis {
  nodeToStatus: NodeToStatus;
  /** Plugins that rejected the pod on some node (queueing hints use them). */
  unschedulablePlugins: Set<string>;
  pendingPlugins: Set<string>;
  preFilterMsg: string;
  postFilterMsg: string;
}

export function newDiagnosis(nodeToStatus: NodeToStatus): Diagnosis {
  return { nodeToStatus, unschedulablePlugins: new Set(), pendingPlugins: new Set(), preFilterMsg: '', postFilterMsg: '' };
}

/** FitError.Error() */
export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (d.preFilterMsg !== '') msg += ` ${d.preFilterMsg}.`;
  else {
    const reasons = new Map<string, number>();
    for (const s of d.nodeToStatus.explicit.values()) for (const r of s.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
    const absent = numAllNodes - d.nodeToStatus.size;
    if (absent > 0 && d.nodeToStatus.absent) for (const r of d.nodeToStatus.absent.reasons) reasons.set(r, (reasons.get(r) ?? 0) + absent);
    const parts = [...reasons].map(([r, n]) => `${n} ${r}`).sort(compareStrings);
    if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  }
  if (d.postFilterMsg !== '') msg += ` ${d.postFilterMsg}`;
  return msg;
}

/** Go's sort.Strings order (bytes, not locale). */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

