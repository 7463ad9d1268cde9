/**
 * NodeResourcesBalancedAllocation (pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go):
 * favours nodes whose cpu and memory would be used in equal proportion: (1 − std) × 100, where std is
 * the standard deviation of the requested fractions (each capped at 1; for two resources |f1 − f2| / 2).
 * It counts real requests (no non-zero defaults) and skips best-effort pods (no requests at all).
 * Default weight 1.
 */
import type { CycleState, StateData } from '../../framework/cycle-state.ts';
import { MAX_NODE_SCORE, type PreScorePlugin, type ScorePlugin } from '../../framework/interfaces.ts';
import type { NodeInfo } from '../../framework/node-info.ts';
import type { PodInfo } from '../../framework/pod-info.ts';
import { SKIP, type Status } from '../../framework/status.ts';
import type { ResolvedSchedulerOptions } from '../../options.ts';
import { podRequestList, ResourceAllocationScorer } from './resource-allocation.ts';

export function balancedResourceScorer(requested: Float64Array, allocatable: Float64Array): number {
  let n = 0;
  let f0 = 0;
  let f1 = 0;
  let total = 0;
  const fractions: number[] = [];
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const f = Math.min(1, requested[i]! / allocatable[i]!);
    if (n === 0) f0 = f;
    else if (n === 1) f1 = f;
    if (requested.length > 2) fractions.push(f);
    total += f;
    n++;
  }
  let std = 0;
  if (n === 2) std = Math.abs((f0 - f1) / 2);
  else if (n > 2) {
    const mean = total / n;
    let sum = 0;
    for (const f of fractions) sum += (f - mean) * (f - mean);
    std = Math.sqrt(sum / n);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** balancedResourceScorer for cpu and memory: std = |f1 − f2| / 2, or 0 with one resource. */
export function balancedCpuMemoryScorer(rc: number, ac: number, rm: number, am: number): number {
  if (ac === 0 || am === 0) return MAX_NODE_SCORE;
  const fc = Math.min(1, rc / ac);
  const fm = Math.min(1, rm / am);
  return Math.trunc((1 - Math.abs((fc - fm) / 2)) * MAX_NODE_SCORE);
}

class PreScoreState implements StateData {
  readonly podRequests: Float64Array;
  constructor(r: Float64Array) {
    this.podRequests = r;
  }
  clone(): StateData {
    return this;
  }
}

export class NodeResourcesBalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = 'NodeResourcesBalancedAllocation';
  slot = 0;
  private readonly scorer: ResourceAllocationScorer;

  constructor(options: ResolvedSchedulerOptions) {
    this.scorer = new ResourceAllocationScorer(options.resources, true, balancedResourceScorer, balancedCpuMemoryScorer);
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    const req = podRequestList(pod, this.scorer.resources, true);
    // Skip best-effort pods so that they are not all packed onto one node (kubernetes#129138).
    if (req.every((r) => r === 0)) return SKIP;
    state.write(this.slot, new PreScoreState(req));
    return null;
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    return this.scorer.score(node, state.read<PreScoreState>(this.slot)!.podRequests);
  }

  scoreNodes(state: CycleState, _pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array): void {
    this.scorer.scoreAll(nodes, state.read<PreScoreState>(this.slot)!.podRequests, out);
  }
}
