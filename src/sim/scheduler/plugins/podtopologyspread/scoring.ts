/**
 * PodTopologySpread scoring (pkg/scheduler/framework/plugins/podtopologyspread/scoring.go). For each
 * ScheduleAnyway constraint a node scores `matching pods in its domain × log(domains + 2) + maxSkew − 1`
 * (hostname domains count the node's own pods); the sum is rounded. NormalizeScore then maps the
 * smallest to 100 and the largest to 100 × min / max: fewer matching pods around is better. Nodes
 * missing a topology key (with pod-specified constraints) score 0.
 */
import type { StateData } from '../../framework/cycle-state.ts';
import type { NodeInfo } from '../../framework/node-info.ts';
import type { SpreadConstraint } from './common.ts';

export class SpreadPreScoreState implements StateData {
  readonly constraints: readonly SpreadConstraint[];
  /** Nodes that miss a topology key and are not scored. */
  readonly ignoredNodes: Set<NodeInfo>;
  /** Per constraint: topology value → matching pods (hostname constraints are counted per node). */
  readonly topologyValueToPodCounts: Map<string, number>[];
  readonly topologyNormalizingWeight: number[];
  /** Per constraint: node → matching pods on it (for hostname constraints). */
  readonly perNode: ReadonlyMap<NodeInfo, number>[];

  constructor(constraints: readonly SpreadConstraint[], ignored: Set<NodeInfo>, counts: Map<string, number>[], weights: number[], perNode: ReadonlyMap<NodeInfo, number>[]) {
    this.constraints = constraints;
    this.ignoredNodes = ignored;
    this.topologyValueToPodCounts = counts;
    this.topologyNormalizingWeight = weights;
    this.perNode = perNode;
  }

  clone(): StateData {
    return this;
  }
}

/** topologyNormalizingWeight: log(size + 2), so small topologies are not drowned by big ones. */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/** scoreForCount */
export function scoreForCount(cnt: number, maxSkew: number, tpWeight: number): number {
  return cnt * tpWeight + (maxSkew - 1);
}
