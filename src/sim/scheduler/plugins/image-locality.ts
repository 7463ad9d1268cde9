/**
 * ImageLocality (pkg/scheduler/framework/plugins/imagelocality/image_locality.go): favours nodes that
 * already have the pod's images (node.status.images). Each present image counts its size scaled by the
 * share of nodes that have it (so images on every node do not dominate); the sum, clamped between 23 MB
 * and 1000 MB per container, is mapped to 0–100. Default weight 1.
 */
import type { CycleState } from '../framework/cycle-state.ts';
import { MAX_NODE_SCORE, type ScorePlugin } from '../framework/interfaces.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import type { SchedulerCache } from '../cache/cache.ts';

const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** normalizedImageName: an image without a tag is `:latest`. */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  const s = Math.min(Math.max(sumScores, MIN_THRESHOLD), maxThreshold);
  return Math.trunc((MAX_NODE_SCORE * (s - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

export class ImageLocality implements ScorePlugin {
  readonly name = 'ImageLocality';
  slot = 0;
  private readonly cache: SchedulerCache;

  constructor(cache: SchedulerCache) {
    this.cache = cache;
  }

  scoreNodes(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array): void {
    // No node reports images: every node scores 0 (out is zero-filled).
    if (this.cache.imageNodes.size === 0) return;
    for (let i = 0; i < nodes.length; i++) out[i] = nodes[i]!.images.size === 0 ? 0 : this.score(state, pod, nodes[i]!);
  }

  score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
    // No image on the node: the sum is below the minimum threshold, which scores 0.
    if (node.images.size === 0) return 0;
    const spec = pod.pod.spec;
    const containers = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
    const total = this.cache.numNodes;
    let sum = 0;
    for (const c of containers) {
      const name = normalizedImageName(c.image ?? '');
      const size = node.images.get(name);
      if (size === undefined) continue;
      const spread = (this.cache.imageNodes.get(name) ?? 0) / total;
      sum += Math.trunc(size * spread);
    }
    return calculatePriority(sum, containers.length);
  }
}
