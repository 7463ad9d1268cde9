/**
 * resourceAllocationScorer (pkg/scheduler/framework/plugins/noderesources/resource_allocation.go): for
 * each configured resource, what the node has (allocatable) and what it would have requested with the
 * pod on it, handed to a scoring function. NodeResourcesFit counts pods without requests at the non-zero
 * defaults (100m, 200 MiB); BalancedAllocation uses the real requests (`useRequested`). An extended
 * resource the pod does not request, or the node does not have, is left out.
 */
import type { NodeInfo } from '../../framework/node-info.ts';
import type { PodInfo } from '../../framework/pod-info.ts';
import type { ResourceSpec } from '../../options.ts';

export type ResourceScorer = (requested: Float64Array, allocatable: Float64Array) => number;

/** The same scorer specialised to the default resources (cpu, memory): the hot path, no arrays. */
export type CpuMemoryScorer = (reqCpu: number, allocCpu: number, reqMem: number, allocMem: number) => number;

/** calculatePodResourceRequestList: the pod's request for each resource, in `resources` order. */
export function podRequestList(pod: PodInfo, resources: readonly ResourceSpec[], useRequested: boolean): Float64Array {
  const r = pod.resources;
  return Float64Array.from(resources, (spec) => {
    switch (spec.name) {
      case 'cpu':
        return useRequested ? r.requests.milliCpu : r.nonZeroMilliCpu;
      case 'memory':
        return useRequested ? r.requests.memory : r.nonZeroMemory;
      case 'ephemeral-storage':
        return r.requests.ephemeralStorage;
      default:
        return r.requests.scalar?.[spec.name] ?? 0;
    }
  });
}

export class ResourceAllocationScorer {
  readonly resources: readonly ResourceSpec[];
  private readonly useRequested: boolean;
  private readonly scorer: ResourceScorer;
  private readonly requested: Float64Array;
  private readonly allocatable: Float64Array;
  /** Per resource: 0 cpu, 1 memory, 2 ephemeral-storage, 3 other (scalar). */
  private readonly kinds: Uint8Array;
  private readonly cpuMemory: boolean;
  private readonly cpuMemoryScorer: CpuMemoryScorer | undefined;

  constructor(resources: readonly ResourceSpec[], useRequested: boolean, scorer: ResourceScorer, cpuMemoryScorer?: CpuMemoryScorer) {
    this.resources = resources;
    this.useRequested = useRequested;
    this.scorer = scorer;
    this.cpuMemoryScorer = cpuMemoryScorer;
    this.requested = new Float64Array(resources.length);
    this.allocatable = new Float64Array(resources.length);
    this.kinds = Uint8Array.from(resources, (r) => (r.name === 'cpu' ? 0 : r.name === 'memory' ? 1 : r.name === 'ephemeral-storage' ? 2 : 3));
    this.cpuMemory = this.kinds.length === 2 && this.kinds[0] === 0 && this.kinds[1] === 1;
  }

  /** `score` for every node, into `out`. */
  scoreAll(nodes: readonly NodeInfo[], podRequests: Float64Array, out: Float64Array): void {
    const fast = this.cpuMemory ? this.cpuMemoryScorer : undefined;
    if (!fast) {
      for (let i = 0; i < nodes.length; i++) out[i] = this.score(nodes[i]!, podRequests);
      return;
    }
    const pc = podRequests[0]!;
    const pm = podRequests[1]!;
    if (this.useRequested) {
      for (let i = 0; i < nodes.length; i++) {
        const n = nodes[i]!;
        out[i] = fast(n.requestedMilliCpu + pc, n.allocMilliCpu, n.requestedMemory + pm, n.allocMemory);
      }
    } else {
      for (let i = 0; i < nodes.length; i++) {
        const n = nodes[i]!;
        out[i] = fast(n.nonZeroMilliCpu + pc, n.allocMilliCpu, n.nonZeroMemory + pm, n.allocMemory);
      }
    }
  }

  score(node: NodeInfo, podRequests: Float64Array): number {
    const req = this.requested;
    const alloc = this.allocatable;
    const kinds = this.kinds;
    if (this.cpuMemory) {
      // The default resources, cpu and memory: no per-resource dispatch.
      const ac = node.allocatable.milliCpu;
      const am = node.allocatable.memory;
      if (this.cpuMemoryScorer) {
        const rc = (this.useRequested ? node.requested.milliCpu : node.nonZeroMilliCpu) + podRequests[0]!;
        const rm = (this.useRequested ? node.requested.memory : node.nonZeroMemory) + podRequests[1]!;
        return this.cpuMemoryScorer(rc, ac, rm, am);
      }
      alloc[0] = ac;
      alloc[1] = am;
      req[0] = ac === 0 ? 0 : (this.useRequested ? node.requested.milliCpu : node.nonZeroMilliCpu) + podRequests[0]!;
      req[1] = am === 0 ? 0 : (this.useRequested ? node.requested.memory : node.nonZeroMemory) + podRequests[1]!;
      return this.scorer(req, alloc);
    }
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[i];
      const podReq = podRequests[i]!;
      let a = 0;
      let r = 0;
      if (kind === 0) {
        a = node.allocatable.milliCpu;
        r = (this.useRequested ? node.requested.milliCpu : node.nonZeroMilliCpu) + podReq;
      } else if (kind === 1) {
        a = node.allocatable.memory;
        r = (this.useRequested ? node.requested.memory : node.nonZeroMemory) + podReq;
      } else if (kind === 2) {
        a = node.allocatable.ephemeralStorage;
        r = node.requested.ephemeralStorage + podReq;
      } else if (podReq !== 0 && node.allocatable.scalar?.[this.resources[i]!.name] !== undefined) {
        const name = this.resources[i]!.name;
        a = node.allocatable.scalar[name]!;
        r = (node.requested.scalar?.[name] ?? 0) + podReq;
      }
      alloc[i] = a;
      req[i] = a === 0 ? 0 : r;
    }
    return this.scorer(req, alloc);
  }
}
