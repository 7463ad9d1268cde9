/**
 * LeastAllocated (pkg/scheduler/framework/plugins/noderesources/least_allocated.go): favours nodes with
 * more free capacity. Per resource (capacity − requested) × 100 / capacity, 0 when over capacity; then
 * the weighted mean (integer division, as in Go).
 */
import { MAX_NODE_SCORE } from '../../framework/interfaces.ts';
import type { ResourceSpec } from '../../options.ts';
import type { CpuMemoryScorer, ResourceScorer } from './resource-allocation.ts';

export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

export function leastResourceScorer(resources: readonly ResourceSpec[]): ResourceScorer {
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const w = resources[i]!.weight;
      nodeScore += leastRequestedScore(requested[i]!, allocatable[i]!) * w;
      weightSum += w;
    }
    return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
  };
}

/** leastResourceScorer for cpu and memory only. */
export function leastCpuMemoryScorer(resources: readonly ResourceSpec[]): CpuMemoryScorer {
  const wc = resources[0]!.weight;
  const wm = resources[1]!.weight;
  return (rc, ac, rm, am) => {
    let nodeScore = 0;
    let weightSum = 0;
    if (ac !== 0) {
      nodeScore += leastRequestedScore(rc, ac) * wc;
      weightSum += wc;
    }
    if (am !== 0) {
      nodeScore += leastRequestedScore(rm, am) * wm;
      weightSum += wm;
    }
    return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
  };
}
