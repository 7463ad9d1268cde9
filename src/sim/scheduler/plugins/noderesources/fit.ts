/**
 * NodeResourcesFit (pkg/scheduler/framework/plugins/noderesources/fit.go).
 * Filter: the pod's requests (init containers and overhead included, see ../../resources.ts) must fit
 * in what the node has left — pod count, cpu, memory, ephemeral-storage and extended resources. A
 * request larger than the whole node is UnschedulableAndUnresolvable (preemption cannot help).
 * Score: the configured strategy — LeastAllocated (default), MostAllocated or RequestedToCapacityRatio.
 * Default weight 1.
 */
import type { Node } from 'kubernetes-types/core/v1';
import type { CycleState, StateData } from '../../framework/cycle-state.ts';
import type { ClusterEvent, ClusterEventWithHint } from '../../framework/events.ts';
import type { FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interfaces.ts';
import { NodeInfo } from '../../framework/node-info.ts';
import type { PodInfo } from '../../framework/pod-info.ts';
import { newStatus, type Status } from '../../framework/status.ts';
import type { ResolvedSchedulerOptions } from '../../options.ts';
import type { Resource } from '../../resources.ts';
import { leastCpuMemoryScorer, leastResourceScorer } from './least-allocated.ts';
import { mostCpuMemoryScorer, mostResourceScorer } from './most-allocated.ts';
import { requestedToCapacityRatioScorer } from './requested-to-capacity-ratio.ts';
import { podRequestList, ResourceAllocationScorer } from './resource-allocation.ts';

export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
  unresolvable: boolean;
}

/** fitsRequest: every resource the node lacks for the pod. */
export function fitsRequest(req: Resource, node: NodeInfo): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const alloc = node.allocatable;
  if (node.pods.length + 1 > alloc.allowedPodNumber) {
    out.push({ resourceName: 'pods', reason: 'Too many pods', requested: 1, used: node.pods.length, capacity: alloc.allowedPodNumber, unresolvable: false });
  }
  if (req.milliCpu === 0 && req.memory === 0 && req.ephemeralStorage === 0 && !req.scalar) return out;
  const used = node.requested;
  if (req.milliCpu > 0 && req.milliCpu > alloc.milliCpu - used.milliCpu) {
    out.push({ resourceName: 'cpu', reason: 'Insufficient cpu', requested: req.milliCpu, used: used.milliCpu, capacity: alloc.milliCpu, unresolvable: req.milliCpu > alloc.milliCpu });
  }
  if (req.memory > 0 && req.memory > alloc.memory - used.memory) {
    out.push({ resourceName: 'memory', reason: 'Insufficient memory', requested: req.memory, used: used.memory, capacity: alloc.memory, unresolvable: req.memory > alloc.memory });
  }
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) {
    out.push({
      resourceName: 'ephemeral-storage',
      reason: 'Insufficient ephemeral-storage',
      requested: req.ephemeralStorage,
      used: used.ephemeralStorage,
      capacity: alloc.ephemeralStorage,
      unresolvable: req.ephemeralStorage > alloc.ephemeralStorage,
    });
  }
  for (const [name, q] of Object.entries(req.scalar ?? {})) {
    if (q === 0) continue;
    const cap = alloc.scalar?.[name] ?? 0;
    const u = used.scalar?.[name] ?? 0;
    if (q > cap - u) out.push({ resourceName: name, reason: `Insufficient ${name}`, requested: q, used: u, capacity: cap, unresolvable: q > cap });
  }
  return out;
}

class PreFilterState implements StateData {
  readonly requests: Resource;
  constructor(r: Resource) {
    this.requests = r;
  }
  clone(): StateData {
    return this;
  }
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

export class NodeResourcesFit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = 'NodeResourcesFit';
  slot = 0;
  private readonly scorer: ResourceAllocationScorer;
  /** The second slot: PreScore state (PreFilter state lives in `slot`). */
  scoreSlot = 0;

  constructor(options: ResolvedSchedulerOptions) {
    const r = options.resources;
    const fn =
      options.scoringStrategy === 'MostAllocated'
        ? mostResourceScorer(r)
        : options.scoringStrategy === 'RequestedToCapacityRatio'
          ? requestedToCapacityRatioScorer(r, options.requestedToCapacityRatioShape)
          : leastResourceScorer(r);
    const fast = options.scoringStrategy === 'MostAllocated' ? mostCpuMemoryScorer(r) : options.scoringStrategy === 'LeastAllocated' ? leastCpuMemoryScorer(r) : undefined;
    this.scorer = new ResourceAllocationScorer(r, false, fn, fast);
  }

  preFilter(state: CycleState, pod: PodInfo): Status | null {
    state.write(this.slot, new PreFilterState(pod.resources.requests));
    return null;
  }

  filter(state: CycleState, _pod: PodInfo, node: NodeInfo): Status | null {
    const req = state.read<PreFilterState>(this.slot)!.requests;
    // Fast path for the common case: room for one more pod and all of its cpu and memory.
    if (
      node.numPods < node.allowedPodNumber &&
      req.milliCpu <= node.allocMilliCpu - node.requestedMilliCpu &&
      req.memory <= node.allocMemory - node.requestedMemory &&
      req.ephemeralStorage === 0 &&
      req.scalar === undefined
    ) {
      return null;
    }
    const insufficient = fitsRequest(req, node);
    if (insufficient.length === 0) return null;
    const code = insufficient.some((r) => r.unresolvable) ? 'UnschedulableAndUnresolvable' : 'Unschedulable';
    return newStatus(code, this.name, ...insufficient.map((r) => r.reason));
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    state.write(this.scoreSlot, new PreScoreState(podRequestList(pod, this.scorer.resources, false)));
    return null;
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    return this.scorer.score(node, state.read<PreScoreState>(this.scoreSlot)!.podRequests);
  }

  scoreNodes(state: CycleState, _pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array): void {
    this.scorer.scoreAll(nodes, state.read<PreScoreState>(this.scoreSlot)!.podRequests, out);
  }

  events(): ClusterEventWithHint[] {
    return [
      // isSchedulableAfterPodEvent: the deletion of a scheduled pod may free resources.
      { resource: 'AssignedPod', actions: ['Delete', 'UpdatePodScaleDown'] },
      {
        resource: 'Node',
        actions: ['Add', 'UpdateNodeAllocatable'],
        // isSchedulableAfterNodeChange: only if the pod would fit on the (empty) node.
        hint: (pod, e: ClusterEvent) => (fitsRequest(pod.resources.requests, new NodeInfo(e.newObj as Node)).length === 0 ? 'Queue' : 'Skip'),
      },
    ];
  }
}
