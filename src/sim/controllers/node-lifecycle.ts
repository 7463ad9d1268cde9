/**
 * The node lifecycle controller (kubernetes pkg/controller/nodelifecycle/node_lifecycle_controller.go):
 * every nodeMonitorPeriod (5 s) it looks at each node's last heartbeat (its Lease renewTime); past
 * nodeMonitorGracePeriod (50 s, raised from 40 s by kubernetes PR #126287) it sets the node's
 * conditions to Unknown ("Kubelet stopped posting node status.") and marks its pods not ready. A node
 * whose Ready condition is Unknown gets the taint node.kubernetes.io/unreachable, one whose kubelet
 * reports Ready=False node.kubernetes.io/not-ready; the taints go when it is Ready again.
 *
 * The NoSchedule taint follows the condition at once (doNoScheduleTaintingPass). The NoExecute taint,
 * which evicts pods, goes through a rate-limited queue per zone (zoneNoExecuteTainter,
 * scheduler/rate_limited_queue.go): a token bucket of --node-eviction-rate 0.1 a second with a burst of
 * 1, so a second lost node of a zone is tainted 10 s after the first. handleDisruption sets each zone's
 * rate from its state (ComputeZoneState): Normal and FullDisruption (no Ready node) at 0.1/s;
 * PartialDisruption (more than 2 not Ready and at least --unhealthy-zone-threshold 0.55 of the zone) at
 * --secondary-node-eviction-rate 0.01/s in zones of more than --large-cluster-size-threshold 50 nodes,
 * else not at all. When every zone is fully disrupted the controller blames itself, not the nodes
 * ("master disruption mode"): it removes the NoExecute taints and stops tainting until a node is Ready.
 * Zones are read as GetZoneKey does (k8s.io/component-helpers/node/topology): region and zone labels,
 * nodes without either sharing the zone "".
 */
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../kube/object.ts';
import type { SimContext } from '../context.ts';

export const NODE_MONITOR_PERIOD_MS = 5_000;
export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;
export const UNREACHABLE = 'node.kubernetes.io/unreachable';
export const NOT_READY = 'node.kubernetes.io/not-ready';
const COMPONENT = 'node-controller';
/** kube-controller-manager's defaults (cmd/kube-controller-manager/app/options/nodelifecyclecontroller.go). */
const EVICTION_QPS = 0.1;
const SECONDARY_EVICTION_QPS = 0.01;
const LARGE_CLUSTER_THRESHOLD = 50;
const UNHEALTHY_ZONE_THRESHOLD = 0.55;

type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

/** RateLimitedTimedQueue with flowcontrol's token bucket (burst 1): node names waiting for their NoExecute taint. */
interface Tainter {
  queue: string[];
  qps: number;
  tokens: number;
  /** When `tokens` was last brought up to date (simulated ms). */
  at: number;
  wake?: { cancel(): void };
}

/** GetZoneKey: "region:\0:zone" from the topology labels (the beta failure-domain ones first), "" without either. */
export function zoneKey(node: Node): string {
  const l = node.metadata?.labels ?? {};
  const zone = l['failure-domain.beta.kubernetes.io/zone'] ?? l['topology.kubernetes.io/zone'] ?? '';
  const region = l['failure-domain.beta.kubernetes.io/region'] ?? l['topology.kubernetes.io/region'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\u0000:${zone}`;
}

export class NodeLifecycleController {
  private readonly ctx: SimContext;
  private readonly zoneStates = new Map<string, ZoneState>();
  private readonly tainters = new Map<string, Tainter>();
  /** probeTimestamp reset for every node on leaving master disruption mode: the grace period starts again. */
  private probeReset = -Infinity;

  constructor(ctx: SimContext) {
    this.ctx = ctx;
    ctx.clock.after(NODE_MONITOR_PERIOD_MS, () => this.monitor());
  }

  /** monitorNodeHealth. */
  private monitor(): void {
    const readyByZone = new Map<string, string[]>();
    const nodes: Node[] = [];
    for (const obj of this.ctx.store.list('Node')) {
      const node = this.check(obj);
      nodes.push(node);
      const zone = zoneKey(node);
      if (!this.tainters.has(zone)) {
        this.tainters.set(zone, { queue: [], qps: EVICTION_QPS, tokens: 1, at: this.ctx.clock.now });
        this.zoneStates.set(zone, 'Initial');
      }
      const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown';
      readyByZone.set(zone, [...(readyByZone.get(zone) ?? []), ready]);
      this.processTaintBaseEviction(node, ready);
    }
    this.handleDisruption(readyByZone, nodes);
    for (const zone of this.tainters.keys()) this.taintingPass(zone);
    this.ctx.clock.after(NODE_MONITOR_PERIOD_MS, () => this.monitor());
  }

  /** tryUpdateNodeHealth and the NoSchedule taint; returns the node as stored afterwards. */
  private check(obj: KubeObject): Node {
    const { store, clock, api } = this.ctx;
    const node = obj as unknown as Node;
    const name = node.metadata!.name!;
    const lease = store.get('Lease', name, 'kube-node-lease') as unknown as Lease | undefined;
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    const lastHeartbeat = Math.max(clock.parse(lease?.spec?.renewTime) ?? -Infinity, clock.parse(ready?.lastHeartbeatTime) ?? -Infinity, this.probeReset);
    if (ready?.status !== 'Unknown' && clock.now - lastHeartbeat > NODE_MONITOR_GRACE_PERIOD_MS) {
      // Every condition the kubelet owns becomes Unknown.
      const now = clock.timestamp();
      const conditions = (node.status?.conditions ?? []).map((c) => ({ ...c, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: now }));
      const updated = api.updateStatus(obj, { ...(node.status ?? {}), conditions } as KubeObject['status']);
      this.ctx.events.record(updated, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`, COMPONENT);
      this.markPodsNotReady(name);
    }
    const current = store.get('Node', name) as unknown as Node;
    const status = current.status?.conditions?.find((c) => c.type === 'Ready')?.status;
    this.setTaints(current, 'NoSchedule', status === 'Unknown' ? UNREACHABLE : status === 'False' ? NOT_READY : undefined);
    return store.get('Node', name) as unknown as Node;
  }

  /**
   * processTaintBaseEviction: a node not Ready waits in its zone's queue for the NoExecute taint (or
   * swaps it at once when it already has the other one); a Ready node loses it and leaves the queue.
   */
  private processTaintBaseEviction(node: Node, ready: string): void {
    const name = node.metadata!.name!;
    const tainter = this.tainters.get(zoneKey(node))!;
    const has = (key: string): boolean => (node.spec?.taints ?? []).some((t) => t.key === key && t.effect === 'NoExecute');
    if (ready === 'True') {
      tainter.queue = tainter.queue.filter((n) => n !== name);
      this.setTaints(node, 'NoExecute', undefined);
      return;
    }
    const wanted = ready === 'False' ? NOT_READY : UNREACHABLE;
    const opposite = wanted === NOT_READY ? UNREACHABLE : NOT_READY;
    if (has(opposite)) this.setTaints(node, 'NoExecute', wanted);
    else if (!has(wanted) && !tainter.queue.includes(name)) tainter.queue.push(name);
  }

  /** handleDisruption: each zone's state sets its tainting rate; every zone fully disrupted stops it all. */
  private handleDisruption(readyByZone: Map<string, string[]>, nodes: Node[]): void {
    const newStates = new Map<string, ZoneState>();
    let allAreFullyDisrupted = true;
    for (const [zone, ready] of readyByZone) {
      const state = computeZoneState(ready);
      if (state !== 'FullDisruption') allAreFullyDisrupted = false;
      newStates.set(zone, state);
    }
    let allWasFullyDisrupted = true;
    for (const [zone, state] of this.zoneStates) {
      if (!readyByZone.has(zone)) {
        this.zoneStates.delete(zone);
        this.tainters.get(zone)?.wake?.cancel();
        this.tainters.delete(zone);
        continue;
      }
      if (state !== 'FullDisruption') allWasFullyDisrupted = false;
    }
    if (allAreFullyDisrupted && allWasFullyDisrupted) return;
    if (allAreFullyDisrupted) {
      // "Controller detected that all Nodes are not-Ready. Entering master disruption mode."
      for (const node of nodes) this.setTaints(this.ctx.store.get('Node', node.metadata!.name!) as unknown as Node, 'NoExecute', undefined);
      for (const zone of this.zoneStates.keys()) {
        this.swapLimiter(zone, 0);
        this.zoneStates.set(zone, 'FullDisruption');
      }
      return;
    }
    if (allWasFullyDisrupted) {
      // "Controller detected that some Nodes are Ready. Exiting master disruption mode."
      this.probeReset = this.ctx.clock.now;
      for (const zone of this.zoneStates.keys()) {
        this.setLimiterInZone(zone, readyByZone.get(zone)!.length, newStates.get(zone)!);
        this.zoneStates.set(zone, newStates.get(zone)!);
      }
      return;
    }
    for (const [zone, state] of this.zoneStates) {
      const next = newStates.get(zone)!;
      if (state === next) continue;
      this.setLimiterInZone(zone, readyByZone.get(zone)!.length, next);
      this.zoneStates.set(zone, next);
    }
  }

  /** setLimiterInZone: ReducedQPSFunc for a partial disruption, HealthyQPSFunc otherwise. */
  private setLimiterInZone(zone: string, size: number, state: ZoneState): void {
    if (state === 'PartialDisruption') this.swapLimiter(zone, size > LARGE_CLUSTER_THRESHOLD ? SECONDARY_EVICTION_QPS : 0);
    else this.swapLimiter(zone, EVICTION_QPS);
  }

  /** RateLimitedTimedQueue.SwapLimiter: a new bucket at the new rate, drained when the old one had no token. */
  private swapLimiter(zone: string, qps: number): void {
    const t = this.tainters.get(zone)!;
    if (t.qps === qps) return;
    const hadToken = this.tryAccept(t);
    t.qps = qps;
    t.tokens = qps > 0 && hadToken ? 1 : 0;
    t.at = this.ctx.clock.now;
  }

  /** flowcontrol's token bucket TryAccept: refill at `qps` up to the burst of 1, take a token if there is one. */
  private tryAccept(t: Tainter): boolean {
    const now = this.ctx.clock.now;
    if (t.qps > 0) t.tokens = Math.min(1, t.tokens + ((now - t.at) / 1000) * t.qps);
    t.at = now;
    if (t.qps <= 0 || t.tokens < 1) return false;
    t.tokens -= 1;
    return true;
  }

  /** doNoExecuteTaintingPass for one zone: taint queued nodes while the bucket allows, then wait for the next token. */
  private taintingPass(zone: string): void {
    const t = this.tainters.get(zone);
    if (!t) return;
    t.wake?.cancel();
    delete t.wake;
    while (t.queue.length > 0 && this.tryAccept(t)) {
      const node = this.ctx.store.get('Node', t.queue.shift()!) as unknown as Node | undefined;
      const ready = node?.status?.conditions?.find((c) => c.type === 'Ready')?.status;
      // A node Ready again, or gone, needs no taint.
      if (node && ready && ready !== 'True') this.setTaints(node, 'NoExecute', ready === 'False' ? NOT_READY : UNREACHABLE);
    }
    if (t.queue.length > 0 && t.qps > 0) {
      const waitMs = Math.ceil(((1 - t.tokens) / t.qps) * 1000);
      t.wake = this.ctx.clock.after(waitMs, () => this.taintingPass(zone));
    }
  }

  /** SwapNodeControllerTaint for one effect: exactly the controller's taint `wanted` (or none) of that effect. */
  private setTaints(node: Node, effect: 'NoSchedule' | 'NoExecute', wanted: string | undefined): void {
    const mine = (t: Taint): boolean => t.effect === effect && (t.key === UNREACHABLE || t.key === NOT_READY);
    const taints = node.spec?.taints ?? [];
    const existing = taints.filter(mine);
    // Nothing to do, every 5 s on every healthy node.
    if (wanted === undefined && existing.length === 0) return;
    const keep = existing.filter((t) => t.key === wanted);
    const add: Taint[] = wanted && keep.length === 0 ? [{ key: wanted, effect, ...(effect === 'NoExecute' ? { timeAdded: this.ctx.clock.timestamp() } : {}) }] : [];
    if (add.length === 0 && keep.length === existing.length) return;
    const next = [...taints.filter((t) => !mine(t)), ...keep, ...add];
    const obj = node as unknown as KubeObject;
    this.ctx.api.replace({ ...obj, spec: { ...(obj.spec as object), ...(next.length > 0 ? { taints: next } : { taints: undefined }) } });
  }

  /** MarkPodsNotReady (pkg/controller/util/node): the pods' Ready condition becomes False. */
  private markPodsNotReady(nodeName: string): void {
    for (const obj of this.ctx.store.list('Pod')) {
      const pod = obj as unknown as Pod;
      if (pod.spec?.nodeName !== nodeName || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
      const now = this.ctx.clock.timestamp();
      const conditions = (pod.status?.conditions ?? []).map((c) => (c.type === 'Ready' && c.status !== 'False' ? { ...c, status: 'False', lastTransitionTime: now } : c));
      this.ctx.api.updateStatus(obj, { ...(pod.status ?? {}), conditions });
      this.ctx.events.record(obj, 'Warning', 'NodeNotReady', 'Node is not ready', COMPONENT);
    }
  }
}

/** ComputeZoneState: FullDisruption with no Ready node; PartialDisruption past the unhealthy threshold with more than 2 not Ready. */
function computeZoneState(ready: string[]): ZoneState {
  const readyNodes = ready.filter((s) => s === 'True').length;
  const notReady = ready.length - readyNodes;
  if (readyNodes === 0 && notReady > 0) return 'FullDisruption';
  if (notReady > 2 && notReady / ready.length >= UNHEALTHY_ZONE_THRESHOLD) return 'PartialDisruption';
  return 'Normal';
}
