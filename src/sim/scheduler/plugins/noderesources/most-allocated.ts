/**
 * MostAllocated (pkg/scheduler/framework/plugins/noderesources/most_allocated.go): favours the fullest
 * nodes (bin packing). Per resource requested × 100 / capacity (requested capped at capacity), then
 * the weighted mean.
 */
import { MAX_NODE_SCORE } from '../../framework/interfaces.ts';
import type { ResourceSpec } from '../../options.ts';
import type { CpuMemoryScorer, ResourceScorer } from './resource-allocation.ts';

export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  // `requested` might be greater than `capacity` because pods with no requests get minimum values.
  const r = Math.min(requested, capacity);
  return Math.trunc((r * MAX_NODE_SCORE) / capacity);
}

export function mostResourceScorer(resources: readonly ResourceSpec[]): ResourceScorer {
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const w = resources[i]!.weight;
      nodeScore += mostRequestedScore(requested[i]!, allocatable[i]!) * w;
      weightSum += w;
    }
    return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
  };
}

/** mostResourceScorer for cpu and memory only. */
export function mostCpuMemoryScorer(resources: readonly ResourceSpec[]): CpuMemoryScorer {
  const wc = resources[0]!.weight;
  const wm = resources[1]!.weight;
  return (rc, ac, rm, am) => {
    let nodeScore = 0;
    let weightSum = 0;
    if (ac !== 0) {
      nodeScore += mostRequestedScore(rc, ac) * wc;
      weightSum += wc;
    }
    if (am !== 0) {
      nodeScore += mostRequestedScore(rm, am) * wm;
      weightSum += wm;
    }
    return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
  };
}
