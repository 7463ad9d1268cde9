/**
 * The scheduling queue (pkg/scheduler/backend/queue/scheduling_queue.go, backoff_queue.go,
 * active_queue.go), on the virtual clock.
 * - activeQ: pods ready to be tried, highest priority first, then oldest (PrioritySort, queuesort/
 *   priority_sort.go).
 * - backoffQ: pods waiting out their backoff — 1 s after the first failed attempt, doubling up to 10 s
 *   (calculateBackoffDuration). Flushed to activeQ on the 1-second ticks. With SchedulerPopFromBackoffQ
 *   (on by default) a pod there is taken directly when activeQ is empty; pods that failed with an error
 *   wait in a separate error backoff queue that is never popped early.
 * - unschedulablePods: pods that failed; a cluster event moves one back (to backoffQ while it is still
 *   backing off, else to activeQ) only if a plugin that rejected it registered the event and its
 *   queueing hint says Queue. Pods left there longer than 5 minutes are flushed every 30 s.
 * - PreEnqueue plugins (SchedulingGates) keep a pod in unschedulablePods until they pass.
 */
import type { Clock, Timer } from '../../clock.ts';
import { eventMatches, type ClusterEvent, type ClusterEventWithHint } from '../framework/events.ts';
import type { Framework } from '../framework/framework.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import type { ResolvedSchedulerOptions } from '../options.ts';
import { Heap } from './heap.ts';
import { QueuedPodInfo } from './queued-pod-info.ts';

const BACKOFF_WINDOW_MS = 1000;
const UNSCHEDULABLE_FLUSH_PERIOD_MS = 30_000;
const MAX_EARLY_POPS_PER_INSTANT = 3;
export const DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS = 5 * 60_000;

type Strategy = 'skip' | 'afterBackoff' | 'immediately';

/** PrioritySort.Less: higher priority first, then earlier timestamp. */
function activeLess(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  const pa = a.podInfo.priority;
  const pb = b.podInfo.priority;
  if (pa !== pb) return pa > pb;
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp;
  return a.seq < b.seq;
}

export class SchedulingQueue {
  private readonly clock: Clock;
  private readonly options: ResolvedSchedulerOptions;
  private readonly framework: Framework;
  private readonly events: Map<string, ClusterEventWithHint[]>;
  private readonly activeQ = new Heap<QueuedPodInfo>((q) => q.uid, activeLess);
  private readonly backoffQ: Heap<QueuedPodInfo>;
  private readonly errorBackoffQ: Heap<QueuedPodInfo>;
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  private readonly inFlight = new Map<string, { info: QueuedPodInfo; events: ClusterEvent[] }>();
  private seq = 0;
  private earlyPopsAt = -1;
  private readonly earlyPops = new Map<string, number>();
  private backoffTimer: Timer | undefined;
  private unschedulableTimer: Timer | undefined;
  /** Called when pods may have become poppable. */
  private readonly onReady: () => void;

  constructor(clock: Clock, options: ResolvedSchedulerOptions, framework: Framework, onReady: () => void) {
    this.clock = clock;
    this.options = options;
    this.framework = framework;
    this.events = framework.eventsByPlugin();
    this.onReady = onReady;
    const backoffLess = (a: QueuedPodInfo, b: QueuedPodInfo): boolean => {
      const ba = this.backoffTime(a);
      const bb = this.backoffTime(b);
      if (ba !== bb) return ba < bb;
      return options.popFromBackoffQ ? activeLess(a, b) : false;
    };
    this.backoffQ = new Heap((q) => q.uid, backoffLess);
    this.errorBackoffQ = new Heap((q) => q.uid, backoffLess);
  }

  get length(): number {
    return this.activeQ.length + this.backoffQ.length + this.errorBackoffQ.length + this.unschedulable.size;
  }

  /** Where a pod is waiting, for explanations and tests. */
  where(uid: string): QueuedPodInfo | undefined {
    return this.activeQ.get(uid) ?? this.backoffQ.get(uid) ?? this.errorBackoffQ.get(uid) ?? this.unschedulable.get(uid) ?? this.inFlight.get(uid)?.info;
  }

  /** Add: a new pending pod. */
  add(pod: PodInfo): void {
    if (this.where(pod.uid)) return;
    const q = new QueuedPodInfo(pod, this.clock.now, this.seq++);
    this.moveToActiveQ(q);
  }

  /**
   * Update: a pending pod changed (not just its status). An unschedulable pod is re-checked against the
   * queueing hints for the pod events the change amounts to (PodSchedulingPropertiesChange).
   */
  update(pod: PodInfo, events: readonly ClusterEvent[]): void {
    const uid = pod.uid;
    const flight = this.inFlight.get(uid);
    if (flight) {
      flight.info.podInfo = pod;
      return;
    }
    for (const h of [this.activeQ, this.backoffQ, this.errorBackoffQ]) {
      const q = h.get(uid);
      if (q) {
        q.podInfo = pod;
        h.addOrUpdate(q);
        return;
      }
    }
    const q = this.unschedulable.get(uid);
    if (!q) {
      this.add(pod);
      return;
    }
    q.podInfo = pod;
    if (q.gatingPlugin) {
      this.unschedulable.delete(uid);
      this.moveToActiveQ(q);
      return;
    }
    for (const e of events) {
      const strategy = this.isPodWorthRequeuing(q, e);
      if (strategy === 'skip') continue;
      this.unschedulable.delete(uid);
      this.requeue(q, strategy);
      return;
    }
  }

  delete(uid: string): void {
    this.activeQ.delete(uid);
    this.backoffQ.delete(uid);
    this.errorBackoffQ.delete(uid);
    this.unschedulable.delete(uid);
    this.inFlight.delete(uid);
  }

  /** Pop: the next pod to schedule, or undefined when there is none. */
  pop(): QueuedPodInfo | undefined {
    let q = this.activeQ.pop();
    if (!q && this.options.popFromBackoffQ) q = this.popBackoffEarly();
    if (!q) return undefined;
    q.attempts++;
    q.backoffExpiration = undefined;
    q.initialAttemptTimestamp ??= this.clock.now;
    q.where = 'inFlight';
    this.inFlight.set(q.uid, { info: q, events: [] });
    return q;
  }

  /** Done: the pod's scheduling cycle ended (bound, or requeued below). */
  done(uid: string): void {
    this.inFlight.delete(uid);
  }

  /**
   * popBackoff (SchedulerPopFromBackoffQ): the head of backoffQ while activeQ is empty. Virtual time
   * does not pass between attempts, so a pod is taken early at most a few times per instant; after
   * that it waits for its backoff (a guard against spinning, not an upstream rule).
   */
  private popBackoffEarly(): QueuedPodInfo | undefined {
    const q = this.backoffQ.peek();
    if (!q) return undefined;
    if (this.earlyPopsAt !== this.clock.now) {
      this.earlyPopsAt = this.clock.now;
      this.earlyPops.clear();
    }
    const n = this.earlyPops.get(q.uid) ?? 0;
    if (n >= MAX_EARLY_POPS_PER_INSTANT) return undefined;
    this.earlyPops.set(q.uid, n + 1);
    return this.backoffQ.pop();
  }

  /**
   * AddUnschedulableIfNotPresent: a pod whose attempt failed. Events that happened during its cycle
   * are replayed against its queueing hints; otherwise it waits in unschedulablePods (or, after an
   * error, in the error backoff queue).
   */
  addUnschedulable(q: QueuedPodInfo, unschedulablePlugins: ReadonlySet<string>, pendingPlugins: ReadonlySet<string>): void {
    const flight = this.inFlight.get(q.uid);
    this.inFlight.delete(q.uid);
    q.timestamp = this.clock.now;
    q.unschedulablePlugins = new Set(unschedulablePlugins);
    q.pendingPlugins = new Set(pendingPlugins);
    let strategy: Strategy = 'skip';
    if (q.unschedulablePlugins.size === 0 && q.pendingPlugins.size === 0) strategy = 'afterBackoff';
    else for (const e of flight?.events ?? []) strategy = stronger(strategy, this.isPodWorthRequeuing(q, e));
    this.requeue(q, strategy);
  }

  /** MoveAllToActiveOrBackoffQueue: a cluster event may make unschedulable pods schedulable. */
  moveAllToActiveOrBackoffQueue(e: ClusterEvent): void {
    for (const f of this.inFlight.values()) f.events.push(e);
    if (this.unschedulable.size === 0) return;
    let moved = false;
    for (const q of [...this.unschedulable.values()]) {
      if (q.gatingPlugin) continue;
      const s = this.isPodWorthRequeuing(q, e);
      if (s === 'skip') continue;
      this.unschedulable.delete(q.uid);
      this.requeue(q, s);
      moved = true;
    }
    if (moved) this.onReady();
  }

  /** isPodWorthRequeuing */
  private isPodWorthRequeuing(q: QueuedPodInfo, e: ClusterEvent): Strategy {
    const rejectors = new Set([...q.unschedulablePlugins, ...q.pendingPlugins]);
    if (rejectors.size === 0) return 'afterBackoff';
    let strategy: Strategy = 'skip';
    for (const plugin of rejectors) {
      for (const reg of this.events.get(plugin) ?? []) {
        if (!eventMatches(reg, e)) continue;
        if (reg.resource === 'UnscheduledPod' && (e.newObj as { metadata?: { uid?: string } } | undefined)?.metadata?.uid !== q.uid) continue;
        const hint = reg.hint ? reg.hint(q.podInfo, e) : 'Queue';
        if (hint === 'Skip') continue;
        if (q.pendingPlugins.has(plugin)) return 'immediately';
        strategy = 'afterBackoff';
        if (q.pendingPlugins.size === 0) return strategy;
      }
    }
    return strategy;
  }

  /** requeuePodWithQueueingStrategy */
  private requeue(q: QueuedPodInfo, strategy: Strategy): void {
    if (strategy === 'skip') {
      q.where = 'unschedulable';
      this.unschedulable.set(q.uid, q);
      this.armUnschedulableTimer();
      return;
    }
    if (strategy === 'afterBackoff' && this.isPodBackingOff(q)) {
      q.where = q.unschedulablePlugins.size === 0 && q.pendingPlugins.size === 0 ? 'errorBackoff' : 'backoff';
      (q.where === 'errorBackoff' ? this.errorBackoffQ : this.backoffQ).addOrUpdate(q);
      this.armBackoffTimer();
      this.onReady();
      return;
    }
    this.moveToActiveQ(q);
  }

  /** moveToActiveQ: runs the PreEnqueue plugins first. */
  private moveToActiveQ(q: QueuedPodInfo): void {
    const gate = this.framework.runPreEnqueuePlugins(q.podInfo);
    if (gate) {
      q.gatingPlugin = gate.plugin;
      q.where = 'unschedulable';
      this.unschedulable.set(q.uid, q);
      return;
    }
    q.gatingPlugin = undefined;
    q.where = 'active';
    this.activeQ.addOrUpdate(q);
    this.onReady();
  }

  /** getBackoffTime: failure time + backoff, truncated to the 1 s window when popping from backoffQ is on. */
  private backoffTime(q: QueuedPodInfo): number {
    if (q.attempts === 0) return Number.NEGATIVE_INFINITY;
    if (q.backoffExpiration === undefined) {
      const t = q.timestamp + this.backoffDuration(q.attempts);
      q.backoffExpiration = this.options.popFromBackoffQ ? this.align(t) : t;
    }
    return q.backoffExpiration;
  }

  /** calculateBackoffDuration: initial × 2^(attempts−1), capped at the maximum. */
  backoffDuration(attempts: number): number {
    if (attempts === 0) return 0;
    let d = this.options.podInitialBackoffMs;
    for (let i = 1; i < attempts; i++) {
      if (d > this.options.podMaxBackoffMs - d) return this.options.podMaxBackoffMs;
      d += d;
    }
    return Math.min(d, this.options.podMaxBackoffMs);
  }

  private align(t: number): number {
    return Math.floor(t / BACKOFF_WINDOW_MS) * BACKOFF_WINDOW_MS;
  }

  /** isPodBackingoff */
  private isPodBackingOff(q: QueuedPodInfo): boolean {
    const now = this.options.popFromBackoffQ ? this.align(this.clock.now) : this.clock.now;
    return this.backoffTime(q) >= now;
  }

  /** flushBackoffQCompleted, run on the 1-second ticks while something is backing off. */
  private flushBackoffQCompleted(): void {
    this.backoffTimer = undefined;
    let moved = false;
    for (const h of [this.backoffQ, this.errorBackoffQ]) {
      for (let q = h.peek(); q && !this.isPodBackingOff(q); q = h.peek()) {
        h.pop();
        this.moveToActiveQ(q);
        moved = true;
      }
    }
    this.armBackoffTimer();
    if (moved) this.onReady();
  }

  private armBackoffTimer(): void {
    if (this.backoffTimer) return;
    const heads = [this.backoffQ.peek(), this.errorBackoffQ.peek()].filter((q): q is QueuedPodInfo => !!q);
    if (heads.length === 0) return;
    const earliest = Math.min(...heads.map((q) => this.backoffTime(q)));
    // The first tick at which the pod is no longer backing off.
    const tick = Math.max(Math.floor(earliest / BACKOFF_WINDOW_MS) * BACKOFF_WINDOW_MS + BACKOFF_WINDOW_MS, Math.ceil(this.clock.now / BACKOFF_WINDOW_MS) * BACKOFF_WINDOW_MS);
    this.backoffTimer = this.clock.at(tick, () => this.flushBackoffQCompleted());
  }

  /** flushUnschedulablePodsLeftover, run on the 30-second ticks. */
  private flushUnschedulablePodsLeftover(): void {
    this.unschedulableTimer = undefined;
    const now = this.clock.now;
    let moved = false;
    for (const q of [...this.unschedulable.values()]) {
      if (q.gatingPlugin) continue;
      if (now - q.timestamp > DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS) {
        this.unschedulable.delete(q.uid);
        this.requeue(q, 'afterBackoff');
        moved = true;
      }
    }
    this.armUnschedulableTimer();
    if (moved) this.onReady();
  }

  private armUnschedulableTimer(): void {
    if (this.unschedulableTimer) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const q of this.unschedulable.values()) if (!q.gatingPlugin) earliest = Math.min(earliest, q.timestamp);
    if (earliest === Number.POSITIVE_INFINITY) return;
    const due = earliest + DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS;
    const tick = (Math.floor(due / UNSCHEDULABLE_FLUSH_PERIOD_MS) + 1) * UNSCHEDULABLE_FLUSH_PERIOD_MS;
    this.unschedulableTimer = this.clock.at(tick, () => this.flushUnschedulablePodsLeftover());
  }
}

function stronger(a: Strategy, b: Strategy): Strategy {
  const rank = { skip: 0, afterBackoff: 1, immediately: 2 } as const;
  return rank[b] > rank[a] ? b : a;
}
