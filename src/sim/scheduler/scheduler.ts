/**
 * kube-scheduler, in the shape of its framework (kubernetes pkg/scheduler/schedule_one.go): for each
 * pending pod, Filter the nodes, Score the feasible ones (weights from
 * pkg/scheduler/apis/config/v1/default_plugins.go), pick the best (ties broken at random, seeded),
 * and Bind. A pod that fits nowhere stays Pending with PodScheduled=False/Unschedulable and a
 * FailedScheduling event; it is retried when the cluster changes.
 */
import type { Node, Pod, PodCondition, Taint, Toleration } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../kube/object.ts';
import { bytes, milliCpu } from '../../kube/quantity.ts';
import type { SimContext } from '../context.ts';
import { isPodActive } from '../controllers/pod-util.ts';
import type { SchedulerOptions } from './options.ts';
import { podRequests, type Resources } from './resources.ts';

const COMPONENT = 'default-scheduler';
const MAX_NODE_SCORE = 100;

interface NodeInfo {
  node: Node;
  requested: Resources;
  /** Requests with the non-zero defaults, for scoring. */
  nonZeroRequested: Resources;
  pods: number;
  allocatable: Resources & { pods: number };
}

type FilterResult = string | undefined; // undefined: passes; otherwise the reason shown in FailedScheduling

export class Scheduler {
  private readonly ctx: SimContext;
  private readonly active = new Set<string>();
  private readonly unschedulable = new Set<string>();
  private scheduled = false;

  readonly options: SchedulerOptions;

  constructor(ctx: SimContext, options: SchedulerOptions = {}) {
    this.ctx = ctx;
    this.options = options;
    ctx.store.watch('Pod', (e) => {
      const pod = e.object as unknown as Pod;
      const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
      if (e.type === 'DELETED') {
        this.active.delete(key);
        this.unschedulable.delete(key);
        if (pod.spec?.nodeName) this.moveAllToActive(); // freed resources (AssignedPodDelete)
        return;
      }
      if (!pod.spec?.nodeName && (pod.spec?.schedulerName ?? COMPONENT) === COMPONENT && !pod.metadata?.deletionTimestamp && !this.unschedulable.has(key)) this.enqueue(key);
    });
    ctx.store.watch('Node', () => this.moveAllToActive()); // NodeAdd / NodeUpdate
  }

  private enqueue(key: string): void {
    this.active.add(key);
    if (this.scheduled) return;
    this.scheduled = true;
    this.ctx.clock.after(0, () => this.run());
  }

  private moveAllToActive(): void {
    for (const key of this.unschedulable) this.enqueue(key);
    this.unschedulable.clear();
  }

  private run(): void {
    this.scheduled = false;
    const keys = [...this.active];
    this.active.clear();
    const infos = this.snapshot();
    for (const key of keys) {
      const [namespace, name] = key.split('/') as [string, string];
      const obj = this.ctx.store.get('Pod', name, namespace);
      const pod = obj as unknown as Pod | undefined;
      if (!obj || !pod || pod.spec?.nodeName || pod.metadata?.deletionTimestamp) continue;
      this.scheduleOne(obj, pod, infos);
    }
  }

  /** NodeInfo snapshot: each node with what its pods already request. */
  private snapshot(): NodeInfo[] {
    const infos = new Map<string, NodeInfo>();
    for (const obj of this.ctx.store.list('Node')) {
      const node = obj as unknown as Node;
      const alloc = node.status?.allocatable ?? {};
      infos.set(node.metadata!.name!, {
        node,
        requested: { milliCpu: 0, memory: 0 },
        nonZeroRequested: { milliCpu: 0, memory: 0 },
        pods: 0,
        allocatable: { milliCpu: milliCpu(alloc.cpu) ?? 0, memory: bytes(alloc.memory) ?? 0, pods: Number(alloc.pods ?? 110) },
      });
    }
    for (const obj of this.ctx.store.list('Pod')) {
      const pod = obj as unknown as Pod;
      const info = pod.spec?.nodeName ? infos.get(pod.spec.nodeName) : undefined;
      if (info && (isPodActive(pod) || pod.metadata?.deletionTimestamp)) addPod(info, pod);
    }
    return [...infos.values()];
  }

  private scheduleOne(obj: KubeObject, pod: Pod, infos: NodeInfo[]): void {
    const reasons = new Map<string, number>();
    const feasible: NodeInfo[] = [];
    for (const info of infos) {
      const reason = filter(pod, info);
      if (reason === undefined) feasible.push(info);
      else reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    if (feasible.length === 0) {
      this.fail(obj, pod, infos.length, reasons);
      return;
    }
    const chosen = this.selectHost(pod, feasible);
    this.bind(obj, pod, chosen);
  }

  /** Score with the default weights, then pick uniformly among the best (schedule_one.go selectHost). */
  private selectHost(pod: Pod, feasible: NodeInfo[]): NodeInfo {
    if (feasible.length === 1) return feasible[0]!;
    const req = podRequests(pod, true);
    const scores = feasible.map((info) => leastAllocated(info, req) * 1 + balancedAllocation(info, req) * 1 + taintTolerationScores(pod, feasible)(info) * 3);
    const best = Math.max(...scores);
    const top = feasible.filter((_, i) => scores[i] === best);
    return top[this.ctx.rng.int(top.length)]!;
  }

  private bind(obj: KubeObject, pod: Pod, info: NodeInfo): void {
    const nodeName = info.node.metadata!.name!;
    const conditions = setPodScheduled(pod, { type: 'PodScheduled', status: 'True', lastProbeTime: null as unknown as string, lastTransitionTime: this.ctx.clock.timestamp() });
    const hostIP = info.node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
    this.ctx.api.replace({
      ...obj,
      spec: { ...(obj.spec as object), nodeName },
      status: { ...((obj.status as object) ?? {}), phase: 'Pending', conditions, ...(hostIP ? { hostIP, hostIPs: [{ ip: hostIP }] } : {}) },
    });
    addPod(info, pod);
    this.ctx.events.record(obj, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata?.namespace}/${pod.metadata?.name} to ${nodeName}`, COMPONENT);
  }

  /** framework.FitError.Error(): "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) were unschedulable." */
  private fail(obj: KubeObject, pod: Pod, total: number, reasons: Map<string, number>): void {
    const parts = [...reasons.entries()].map(([r, n]) => `${n} ${r}`).sort();
    const message = `0/${total} nodes are available: ${parts.length > 0 ? parts.join(', ') : 'no nodes available to schedule pods'}.`;
    const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
    this.unschedulable.add(key);
    const prev = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (prev?.status === 'False' && prev.message === message) return;
    const conditions = setPodScheduled(pod, {
      type: 'PodScheduled',
      status: 'False',
      reason: 'Unschedulable',
      message,
      lastProbeTime: null as unknown as string,
      lastTransitionTime: prev?.status === 'False' ? prev.lastTransitionTime : this.ctx.clock.timestamp(),
    });
    this.ctx.api.updateStatus(obj, { ...((obj.status as object) ?? {}), phase: 'Pending', conditions });
    this.ctx.events.record(obj, 'Warning', 'FailedScheduling', message, COMPONENT);
  }
}

function addPod(info: NodeInfo, pod: Pod): void {
  const r = podRequests(pod);
  const nz = podRequests(pod, true);
  info.requested.milliCpu += r.milliCpu;
  info.requested.memory += r.memory;
  info.nonZeroRequested.milliCpu += nz.milliCpu;
  info.nonZeroRequested.memory += nz.memory;
  info.pods++;
}

/** The default Filter plugins this slice implements, in the upstream order. */
function filter(pod: Pod, info: NodeInfo): FilterResult {
  const node = info.node;
  // NodeUnschedulable (node_unschedulable.go)
  if (node.spec?.unschedulable && !tolerates(pod.spec?.tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) return 'node(s) were unschedulable';
  // NodeName (node_name.go)
  if (pod.spec?.nodeName && pod.spec.nodeName !== node.metadata?.name) return "node(s) didn't match the requested node name";
  // TaintToleration (taint_toleration.go): NoSchedule and NoExecute taints must be tolerated.
  const untolerated = (node.spec?.taints ?? []).find((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(pod.spec?.tolerations, t));
  if (untolerated) return `node(s) had untolerated taint {${untolerated.key}: ${untolerated.value ?? ''}}`;
  // NodeAffinity (node_affinity.go), nodeSelector part.
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) {
    if (node.metadata?.labels?.[k] !== v) return "node(s) didn't match Pod's node affinity/selector";
  }
  // NodeResourcesFit (noderesources/fit.go)
  const req = podRequests(pod);
  if (info.pods + 1 > info.allocatable.pods) return 'Too many pods';
  if (req.milliCpu > 0 && info.requested.milliCpu + req.milliCpu > info.allocatable.milliCpu) return 'Insufficient cpu';
  if (req.memory > 0 && info.requested.memory + req.memory > info.allocatable.memory) return 'Insufficient memory';
  return undefined;
}

/** v1 helper ToleratesTaint. */
function tolerates(tolerations: Toleration[] | undefined, taint: Pick<Taint, 'key' | 'value' | 'effect'>): boolean {
  return (tolerations ?? []).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.key && t.key !== taint.key) return false;
    if (!t.key && t.operator !== 'Exists') return false;
    if ((t.operator ?? 'Equal') === 'Exists') return true;
    return (t.value ?? '') === (taint.value ?? '');
  });
}

/** noderesources/least_allocated.go: mean over cpu and memory of (allocatable − requested) × 100 / allocatable. */
function leastAllocated(info: NodeInfo, req: Resources): number {
  const score = (alloc: number, used: number): number => (alloc === 0 || used > alloc ? 0 : Math.floor(((alloc - used) * MAX_NODE_SCORE) / alloc));
  const cpu = score(info.allocatable.milliCpu, info.nonZeroRequested.milliCpu + req.milliCpu);
  const mem = score(info.allocatable.memory, info.nonZeroRequested.memory + req.memory);
  return Math.floor((cpu + mem) / 2);
}

/** noderesources/balanced_allocation.go: (1 − std of the requested fractions) × 100. */
function balancedAllocation(info: NodeInfo, req: Resources): number {
  const frac = (alloc: number, used: number): number => (alloc === 0 ? 0 : Math.min(1, used / alloc));
  const cpu = frac(info.allocatable.milliCpu, info.requested.milliCpu + req.milliCpu);
  const mem = frac(info.allocatable.memory, info.requested.memory + req.memory);
  const std = Math.abs(cpu - mem) / 2;
  return Math.floor((1 - std) * MAX_NODE_SCORE);
}

/** taint_toleration.go: count of untolerated PreferNoSchedule taints, normalised in reverse to 0–100. */
function taintTolerationScores(pod: Pod, feasible: NodeInfo[]): (info: NodeInfo) => number {
  const count = (info: NodeInfo): number => (info.node.spec?.taints ?? []).filter((t) => t.effect === 'PreferNoSchedule' && !tolerates(pod.spec?.tolerations, t)).length;
  const max = Math.max(0, ...feasible.map(count));
  return (info) => (max === 0 ? MAX_NODE_SCORE : Math.floor(MAX_NODE_SCORE - (count(info) * MAX_NODE_SCORE) / max));
}

function setPodScheduled(pod: Pod, c: PodCondition): PodCondition[] {
  return [...(pod.status?.conditions ?? []).filter((x) => x.type !== 'PodScheduled'), c];
}
