/**
 * kube-scheduler (pkg/scheduler/scheduler.go, schedule_one.go, eventhandlers.go) on the simulator's
 * store and clock. It watches pods, nodes and the objects plugins depend on; pending pods wait in the
 * scheduling queue; each attempt runs the framework (see schedule-one.ts), then either assumes and
 * binds the pod (Reserve, PreBind, DefaultBinder: spec.nodeName, PodScheduled=True, a Scheduled event)
 * or runs PostFilter (preemption) and reports the failure (PodScheduled=False with reason
 * Unschedulable — or SchedulerError — and a FailedScheduling event). Every attempt leaves an
 * explanation, readable with `explain(namespace, name)`.
 */
import type { Namespace, Node, Pod, PodCondition } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../kube/object.ts';
import type { SimContext } from '../context.ts';
import type { WatchEvent } from '../store.ts';
import { SchedulerCache } from './cache/cache.ts';
import type { ActionType, ClusterEvent, EventResource } from './framework/events.ts';
import type { Framework } from './framework/framework.ts';
import type { Handle } from './framework/handle.ts';
import { PodInfo } from './framework/pod-info.ts';
import { isRejected, statusMessage, type Status } from './framework/status.ts';
import { expand, ExplanationStore, type ExplanationRecord, type PreemptionExplanation, type SchedulingExplanation } from './explain.ts';
import { fitErrorMessage } from './fit-error.ts';
import type { Labels } from './helpers/label-selector.ts';
import { resolveOptions, type ResolvedSchedulerOptions, type SchedulerOptions } from './options.ts';
import { newDefaultFramework } from './plugins/registry.ts';
import type { QueuedPodInfo } from './queue/queued-pod-info.ts';
import { SchedulingQueue } from './queue/scheduling-queue.ts';
import { newTrace, SchedulingAlgorithm, type CycleTrace } from './schedule-one.ts';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
/** Events are truncated to 1024 bytes (schedule_one.go truncateMessage). */
const NOTE_LENGTH_LIMIT = 1024;
const EMPTY: readonly PodInfo[] = [];

function truncateMessage(m: string): string {
  if (m.length <= NOTE_LENGTH_LIMIT) return m;
  const suffix = ' ...';
  return m.slice(0, NOTE_LENGTH_LIMIT - suffix.length) + suffix;
}

function isTerminal(p: Pod): boolean {
  return p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
}

export class Scheduler implements Handle {
  readonly ctx: SimContext;
  readonly options: ResolvedSchedulerOptions;
  readonly cache = new SchedulerCache();
  readonly framework: Framework;
  readonly queue: SchedulingQueue;
  private readonly algorithm: SchedulingAlgorithm;
  private readonly explanations: ExplanationStore;
  /** PodNominator: pods nominated to nodes by preemption. */
  private readonly nominatedNode = new Map<string, string>();
  private readonly nominatedByNode = new Map<string, Map<string, PodInfo>>();
  private runScheduled = false;
  private running = false;

  constructor(ctx: SimContext, options: SchedulerOptions = {}) {
    this.ctx = ctx;
    this.options = resolveOptions(options);
    this.explanations = new ExplanationStore(this.options.explanationNodeBudget);
    this.framework = newDefaultFramework(this, this.cache, this.options);
    this.framework.setHandle(this);
    this.algorithm = new SchedulingAlgorithm(this.cache, this.framework, ctx.rng, this.options);
    this.queue = new SchedulingQueue(ctx.clock, this.options, this.framework, () => this.requestRun());
    for (const n of ctx.store.list('Node')) this.onNode({ type: 'ADDED', object: n });
    for (const p of ctx.store.list('Pod')) this.onPod({ type: 'ADDED', object: p });
    ctx.store.watch('Pod', (e) => this.onPod(e));
    ctx.store.watch('Node', (e) => this.onNode(e));
    ctx.store.watch('Namespace', (e) => this.onOther('Namespace', e));
    for (const kind of ['PersistentVolumeClaim', 'PersistentVolume', 'StorageClass'] as const) ctx.store.watch(kind, (e) => this.onOther(kind, e));
  }

  /** The latest scheduling decision for a pod, with the reasons per node, or undefined if none is kept. */
  explain(namespace: string, name: string): SchedulingExplanation | undefined {
    const r = this.explanations.get(`${namespace}/${name}`);
    return r ? expand(r) : undefined;
  }

  // Handle

  namespaceLabels(namespace: string): Labels | undefined {
    return (this.ctx.store.get('Namespace', namespace) as unknown as Namespace | undefined)?.metadata?.labels ?? undefined;
  }

  namespacesMatching(matches: (labels: Labels) => boolean): string[] {
    return this.ctx.store
      .list('Namespace')
      .filter((n) => matches(n.metadata.labels ?? {}))
      .map((n) => n.metadata.name!);
  }

  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    if (this.nominatedByNode.size === 0) return EMPTY;
    const m = this.nominatedByNode.get(nodeName);
    return m ? [...m.values()] : EMPTY;
  }

  hasNominatedPods(): boolean {
    return this.nominatedByNode.size > 0;
  }

  clearNomination(pod: PodInfo): void {
    this.deleteNomination(pod.uid);
    const current = this.ctx.store.get('Pod', pod.name, pod.namespace) as unknown as Pod | undefined;
    if (current?.status?.nominatedNodeName) {
      const { nominatedNodeName: _, ...status } = current.status;
      this.ctx.api.updateStatus(current as unknown as KubeObject, status);
    }
  }

  private addNomination(pod: PodInfo, nodeName: string): void {
    this.deleteNomination(pod.uid);
    this.nominatedNode.set(pod.uid, nodeName);
    let m = this.nominatedByNode.get(nodeName);
    if (!m) this.nominatedByNode.set(nodeName, (m = new Map()));
    m.set(pod.uid, pod);
  }

  private deleteNomination(uid: string): void {
    const node = this.nominatedNode.get(uid);
    if (node === undefined) return;
    this.nominatedNode.delete(uid);
    const m = this.nominatedByNode.get(node)!;
    m.delete(uid);
    if (m.size === 0) this.nominatedByNode.delete(node);
  }

  // Event handlers (eventhandlers.go)

  private event(resource: EventResource, actions: ActionType[], label: string, oldObj?: unknown, newObj?: unknown): void {
    this.queue.moveAllToActiveOrBackoffQueue({ resource, actions, label, oldObj, newObj } satisfies ClusterEvent);
  }

  private onPod(e: WatchEvent): void {
    const pod = e.object as unknown as Pod;
    const old = e.old as unknown as Pod | undefined;
    const uid = pod.metadata?.uid ?? '';
    if (e.type === 'DELETED') {
      const removed = this.cache.removePod(uid);
      if (removed) this.event('AssignedPod', ['Delete'], 'AssignedPodDelete', old ?? pod, undefined);
      this.queue.delete(uid);
      this.deleteNomination(uid);
      this.explanations.delete(`${pod.metadata?.namespace}/${pod.metadata?.name}`);
      return;
    }
    const nodeName = pod.spec?.nodeName;
    if (nodeName) {
      // The scheduler's informer leaves out terminated pods: one that finishes is gone.
      if (isTerminal(pod)) {
        const removed = this.cache.removePod(uid);
        if (removed) this.event('AssignedPod', ['Delete'], 'AssignedPodDelete', removed.pod, undefined);
        return;
      }
      const prev = this.cache.nodeOfPod(uid)?.pods.find((p) => p.uid === uid);
      const info = prev && prev.pod.spec === pod.spec && prev.pod.metadata?.labels === pod.metadata?.labels ? prev.withObject(pod) : new PodInfo(pod);
      const wasAssigned = !!old?.spec?.nodeName && !isTerminal(old);
      if (!wasAssigned) {
        this.queue.delete(uid);
        this.deleteNomination(uid);
      }
      this.cache.addPod(info, nodeName);
      if (!wasAssigned) this.event('AssignedPod', ['Add'], 'AssignedPodAdd', undefined, pod);
      else {
        const actions = assignedPodChanges(old, pod, prev);
        if (actions.length > 0) this.event('AssignedPod', actions, 'AssignedPodUpdate', old, pod);
      }
      return;
    }
    if ((pod.spec?.schedulerName ?? DEFAULT_SCHEDULER_NAME) !== DEFAULT_SCHEDULER_NAME) return;
    if (pod.metadata?.deletionTimestamp || isTerminal(pod)) {
      this.queue.delete(uid);
      this.deleteNomination(uid);
      return;
    }
    if (e.type === 'ADDED' || !old) {
      this.queue.add(new PodInfo(pod));
      return;
    }
    if (old.spec === pod.spec && old.metadata?.labels === pod.metadata?.labels && old.metadata?.annotations === pod.metadata?.annotations) {
      // Only the status changed (isPodUpdated): keep the newest object, nothing to re-evaluate.
      const q = this.queue.where(uid);
      if (q) this.queue.update(q.podInfo.withObject(pod), []);
      return;
    }
    const info = new PodInfo(pod);
    this.queue.update(info, unscheduledPodChanges(old, pod));
    if (this.nominatedNode.has(uid)) this.addNomination(info, this.nominatedNode.get(uid)!);
  }

  private onNode(e: WatchEvent): void {
    const node = e.object as unknown as Node;
    const name = node.metadata?.name ?? '';
    if (e.type === 'ADDED') {
      this.cache.addNode(node);
      this.event('Node', ['Add'], 'NodeAdd', undefined, node);
      return;
    }
    if (e.type === 'DELETED') {
      this.cache.removeNode(name);
      this.event('Node', ['Delete'], 'NodeDelete', node, undefined);
      return;
    }
    const old = e.old as unknown as Node;
    this.cache.updateNode(node);
    const actions = nodeSchedulingPropertiesChange(old, node);
    if (actions.length > 0) this.event('Node', actions, 'NodeUpdate', old, node);
  }

  private onOther(resource: 'Namespace' | 'PersistentVolumeClaim' | 'PersistentVolume' | 'StorageClass', e: WatchEvent): void {
    if (e.type === 'DELETED') return;
    this.event(resource, [e.type === 'ADDED' ? 'Add' : 'Update'], `${resource}${e.type === 'ADDED' ? 'Add' : 'Update'}`, e.old, e.object);
  }

  // The scheduling loop

  private requestRun(): void {
    if (this.runScheduled || this.running) return;
    this.runScheduled = true;
    this.ctx.clock.after(0, () => this.run());
  }

  private run(): void {
    this.runScheduled = false;
    this.running = true;
    try {
      for (let q = this.queue.pop(); q; q = this.queue.pop()) this.scheduleOne(q);
    } finally {
      this.running = false;
    }
  }

  /** ScheduleOne: one attempt for one pod. */
  private scheduleOne(q: QueuedPodInfo): void {
    const pod = q.podInfo;
    const current = this.ctx.store.get('Pod', pod.name, pod.namespace) as unknown as Pod | undefined;
    if (!current || current.metadata?.uid !== pod.uid || current.spec?.nodeName || current.metadata?.deletionTimestamp) {
      this.queue.done(pod.uid);
      return;
    }
    this.cache.cycle++;
    const state = this.framework.newCycleState();
    const trace: CycleTrace = newTrace();
    const outcome = this.algorithm.schedulePod(state, pod, trace);
    const clock = this.ctx.clock;
    const record: ExplanationRecord = {
      pod: { namespace: pod.namespace, name: pod.name, uid: pod.uid },
      attempt: q.attempts,
      time: clock.timestamp(),
      timeMs: clock.now,
      result: 'Scheduled',
      numAllNodes: this.cache.numNodes,
      preFilterSkipped: [...state.skipFilter],
      trace,
    };
    this.explanations.put(pod.key, record);

    if (outcome.kind === 'scheduled') {
      record.nodeName = outcome.nodeName;
      const failed = this.assumeAndBind(q, current, outcome.nodeName, state);
      if (failed) {
        record.result = isRejected(failed) ? 'Unschedulable' : 'Error';
        record.message = statusMessage(failed);
      }
      return;
    }
    if (outcome.kind === 'error') {
      record.result = 'Error';
      record.message = outcome.message;
      this.handleSchedulingFailure(q, current, 'SchedulerError', outcome.message, new Set(), new Set(), undefined);
      return;
    }
    // No node fits: PostFilter (preemption) may make room for a later attempt.
    const { diagnosis, numAllNodes } = outcome;
    const pf = this.framework.runPostFilterPlugins(state, pod, diagnosis.nodeToStatus);
    diagnosis.postFilterMsg = pf.status.code === 'Success' ? '' : statusMessage(pf.status);
    const message = fitErrorMessage(numAllNodes, diagnosis);
    const preemption: PreemptionExplanation = {
      victims: (pf.result?.victims ?? []).map((v) => v.key),
      ...(pf.result?.nominatedNodeName ? { nominatedNodeName: pf.result.nominatedNodeName } : {}),
      ...(diagnosis.postFilterMsg ? { message: diagnosis.postFilterMsg } : {}),
    };
    record.result = 'Unschedulable';
    record.message = message;
    record.preemption = preemption;
    this.handleSchedulingFailure(q, current, 'Unschedulable', message, diagnosis.unschedulablePlugins, diagnosis.pendingPlugins, pf.result?.nominatedNodeName);
  }

  /** assume → Reserve → (Permit) → PreBind → Bind (DefaultBinder). Returns the status of a plugin that refused. */
  private assumeAndBind(q: QueuedPodInfo, current: Pod, nodeName: string, state: ReturnType<Framework['newCycleState']>): Status | undefined {
    const clock = this.ctx.clock;
    const conditions = setCondition(current, { type: 'PodScheduled', status: 'True', lastProbeTime: null as unknown as string, lastTransitionTime: clock.timestamp() });
    const hostIP = this.cache.getNode(nodeName)?.node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
    const bound: Pod = {
      ...current,
      spec: { ...current.spec!, nodeName },
      status: { ...(current.status ?? {}), phase: current.status?.phase ?? 'Pending', conditions, ...(hostIP ? { hostIP, hostIPs: [{ ip: hostIP }] } : {}) },
    };
    // The same parsed pod: binding changes nothing the plugins read but spec.nodeName.
    const assumed = q.podInfo.withObject(bound);
    this.cache.assumePod(assumed, nodeName);
    this.deleteNomination(assumed.uid);
    const pod = q.podInfo;
    const failed = this.framework.runReservePlugins(state, pod, nodeName) ?? this.framework.runPreBindPlugins(state, pod, nodeName);
    if (failed) {
      this.framework.runUnreservePlugins(state, pod, nodeName);
      this.cache.forgetPod(assumed.uid);
      const code = isRejected(failed) ? 'Unschedulable' : 'SchedulerError';
      this.handleSchedulingFailure(q, current, code, statusMessage(failed), new Set([failed.plugin]), new Set(), undefined);
      return failed;
    }
    this.queue.done(pod.uid);
    // DefaultBinder: the binding subresource sets spec.nodeName and PodScheduled=True.
    const stored = this.ctx.api.replace(bound as unknown as KubeObject);
    this.ctx.events.record(stored, 'Normal', 'Scheduled', `Successfully assigned ${pod.namespace}/${pod.name} to ${nodeName}`, DEFAULT_SCHEDULER_NAME);
    return undefined;
  }

  /** handleSchedulingFailure: requeue, nominate, record FailedScheduling, update PodScheduled. */
  private handleSchedulingFailure(
    q: QueuedPodInfo,
    current: Pod,
    reason: 'Unschedulable' | 'SchedulerError',
    message: string,
    unschedulablePlugins: ReadonlySet<string>,
    pendingPlugins: ReadonlySet<string>,
    nominatedNodeName: string | undefined,
  ): void {
    const pod = q.podInfo;
    if (nominatedNodeName !== undefined) {
      if (nominatedNodeName) this.addNomination(pod, nominatedNodeName);
      else this.deleteNomination(pod.uid);
    }
    const latest = (this.ctx.store.get('Pod', pod.name, pod.namespace) as unknown as Pod | undefined) ?? current;
    const obj = latest as unknown as KubeObject;
    this.ctx.events.record(obj, 'Warning', 'FailedScheduling', truncateMessage(message), DEFAULT_SCHEDULER_NAME);
    const prev = latest.status?.conditions?.find((c) => c.type === 'PodScheduled');
    const conditionChanged = !(prev && prev.status === 'False' && prev.reason === reason && prev.message === message);
    const nnnChanged = nominatedNodeName !== undefined && (latest.status?.nominatedNodeName ?? '') !== nominatedNodeName;
    if (conditionChanged || nnnChanged) {
      const conditions = conditionChanged
        ? setCondition(latest, {
            type: 'PodScheduled',
            status: 'False',
            reason,
            message,
            lastProbeTime: null as unknown as string,
            lastTransitionTime: prev?.status === 'False' ? prev.lastTransitionTime : this.ctx.clock.timestamp(),
          })
        : (latest.status?.conditions ?? []);
      const status: Record<string, unknown> = { ...(latest.status ?? {}), phase: latest.status?.phase ?? 'Pending', conditions };
      if (nnnChanged) {
        if (nominatedNodeName) status.nominatedNodeName = nominatedNodeName;
        else delete status.nominatedNodeName;
      }
      this.ctx.api.updateStatus(obj, status);
    }
    const fresh = this.ctx.store.get('Pod', pod.name, pod.namespace) as unknown as Pod | undefined;
    if (!fresh || fresh.spec?.nodeName) {
      this.queue.done(pod.uid);
      return;
    }
    if (fresh !== q.podInfo.pod) q.podInfo = q.podInfo.pod.spec === fresh.spec && q.podInfo.pod.metadata?.labels === fresh.metadata?.labels ? q.podInfo.withObject(fresh) : new PodInfo(fresh);
    if (this.nominatedNode.has(pod.uid)) this.addNomination(q.podInfo, this.nominatedNode.get(pod.uid)!);
    this.queue.addUnschedulable(q, unschedulablePlugins, pendingPlugins);
  }
}

function setCondition(pod: Pod, c: PodCondition): PodCondition[] {
  return [...(pod.status?.conditions ?? []).filter((x) => x.type !== c.type), c];
}

/** podSchedulingPropertiesChange for an assigned pod. */
function assignedPodChanges(old: Pod, pod: Pod, prev: PodInfo | undefined): ActionType[] {
  const actions: ActionType[] = [];
  if (JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(pod.metadata?.labels ?? {})) actions.push('UpdatePodLabel');
  if (old.spec !== pod.spec && prev) {
    const now = new PodInfo(pod).resources.requests;
    const was = prev.resources.requests;
    if (now.milliCpu < was.milliCpu || now.memory < was.memory || now.ephemeralStorage < was.ephemeralStorage) actions.push('UpdatePodScaleDown');
  }
  if (!!old.metadata?.deletionTimestamp !== !!pod.metadata?.deletionTimestamp) actions.push('Update');
  return actions;
}

/** PodSchedulingPropertiesChange for a pending pod. */
function unscheduledPodChanges(old: Pod, pod: Pod): ClusterEvent[] {
  const actions: ActionType[] = [];
  if (JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(pod.metadata?.labels ?? {})) actions.push('UpdatePodLabel');
  if (JSON.stringify(old.spec?.tolerations ?? []) !== JSON.stringify(pod.spec?.tolerations ?? [])) actions.push('UpdatePodToleration');
  if ((old.spec?.schedulingGates ?? []).length > 0 && (pod.spec?.schedulingGates ?? []).length === 0) actions.push('UpdatePodSchedulingGatesEliminated');
  if (actions.length === 0) actions.push('Update');
  return actions.map((a) => ({ resource: 'UnscheduledPod', actions: [a], label: `UnscheduledPod${a}`, oldObj: old, newObj: pod }));
}

/** nodeSchedulingPropertiesChange (eventhandlers.go / framework/events.go). */
function nodeSchedulingPropertiesChange(old: Node, node: Node): ActionType[] {
  const actions: ActionType[] = [];
  const j = (x: unknown): string => JSON.stringify(x ?? null);
  if (!!old.spec?.unschedulable !== !!node.spec?.unschedulable || j(old.spec?.taints) !== j(node.spec?.taints)) actions.push('UpdateNodeTaint');
  if (j(old.status?.allocatable) !== j(node.status?.allocatable)) actions.push('UpdateNodeAllocatable');
  if (j(old.metadata?.labels) !== j(node.metadata?.labels)) actions.push('UpdateNodeLabel');
  const conditions = (n: Node): string => j((n.status?.conditions ?? []).map((c) => [c.type, c.status, c.reason, c.message]));
  if (conditions(old) !== conditions(node)) actions.push('UpdateNodeCondition');
  if (j(old.metadata?.annotations) !== j(node.metadata?.annotations)) actions.push('UpdateNodeAnnotation');
  return actions;
}
