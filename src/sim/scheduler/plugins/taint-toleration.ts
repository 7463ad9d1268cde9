/**
 * TaintToleration (pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go).
 * Filter: every NoSchedule and NoExecute taint of the node must be tolerated.
 * Score: the number of PreferNoSchedule taints the pod does not tolerate, normalised in reverse
 * (fewest untolerated → 100). Default weight 3.
 */
import type { Node, Toleration } from 'kubernetes-types/core/v1';
import type { SchedulerCache } from '../cache/cache.ts';
import type { CycleState, StateData } from '../framework/cycle-state.ts';
import type { ClusterEvent, ClusterEventWithHint } from '../framework/events.ts';
import { MAX_NODE_SCORE, type FilterPlugin, type PreScorePlugin, type ScorePlugin } from '../framework/interfaces.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import { newStatus, type Status } from '../framework/status.ts';
import { defaultNormalizeScore } from '../helpers/normalize-score.ts';
import { findUntoleratedTaint, tolerationsTolerateTaint } from '../helpers/taints.ts';

class PreScoreState implements StateData {
  readonly tolerationsPreferNoSchedule: readonly Toleration[];
  constructor(t: readonly Toleration[]) {
    this.tolerationsPreferNoSchedule = t;
  }
  clone(): StateData {
    return this;
  }
}

export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = 'TaintToleration';
  slot = 0;
  private readonly cache: SchedulerCache;

  constructor(cache: SchedulerCache) {
    this.cache = cache;
  }

  acceptsAll(): boolean {
    return this.cache.taintedNodes === 0;
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    if (node.taints.length === 0) return null;
    const taint = findUntoleratedTaint(node.taints, pod.pod.spec?.tolerations);
    if (!taint) return null;
    return newStatus('UnschedulableAndUnresolvable', this.name, `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
  }

  /** getAllTolerationPreferNoSchedule: tolerations with effect PreferNoSchedule or no effect. */
  preScore(state: CycleState, pod: PodInfo): Status | null {
    const t = (pod.pod.spec?.tolerations ?? []).filter((x) => !x.effect || x.effect === 'PreferNoSchedule');
    state.write(this.slot, new PreScoreState(t));
    return null;
  }

  /** countIntolerableTaintsPreferNoSchedule */
  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    if (node.taints.length === 0) return 0;
    const tolerations = state.read<PreScoreState>(this.slot)!.tolerationsPreferNoSchedule;
    let n = 0;
    for (const taint of node.taints) if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, taint)) n++;
    return n;
  }

  scoreNodes(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array): void {
    // No taint anywhere: every node scores 0 (out is zero-filled).
    if (this.cache.nodesWithTaints === 0) return;
    for (let i = 0; i < nodes.length; i++) out[i] = nodes[i]!.taints.length === 0 ? 0 : this.score(state, pod, nodes[i]!);
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, _nodes: readonly NodeInfo[], scores: Float64Array): void {
    defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
  }

  events(): ClusterEventWithHint[] {
    return [
      {
        resource: 'Node',
        actions: ['Add', 'UpdateNodeTaint'],
        // isSchedulableAfterNodeChange: queue only when an untolerated taint went away.
        hint: (pod, e: ClusterEvent) => {
          const tol = pod.pod.spec?.tolerations;
          const was = e.oldObj ? findUntoleratedTaint((e.oldObj as Node).spec?.taints, tol) !== undefined : true;
          const is = findUntoleratedTaint((e.newObj as Node).spec?.taints, tol) !== undefined;
          return was && !is ? 'Queue' : 'Skip';
        },
      },
      { resource: 'UnscheduledPod', actions: ['UpdatePodToleration'] },
    ];
  }
}
