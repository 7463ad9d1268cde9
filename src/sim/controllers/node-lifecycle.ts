/**
 * The node lifecycle controller (kubernetes pkg/controller/nodelifecycle/node_lifecycle_controller.go):
 * every nodeMonitorPeriod (5 s) it looks at each node's last heartbeat (its Lease renewTime); past
 * nodeMonitorGracePeriod (50 s, raised from 40 s by kubernetes PR #126287) it sets the node's
 * conditions to Unknown ("Kubelet stopped posting node status."), marks its pods not ready, and taints
 * it node.kubernetes.io/unreachable (NoSchedule, and NoExecute for taint-based eviction). A node whose
 * kubelet reports Ready=False gets node.kubernetes.io/not-ready instead. The taints go when it is
 * Ready again.
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

export class NodeLifecycleController {
  private readonly ctx: SimContext;

  constructor(ctx: SimContext) {
    this.ctx = ctx;
    ctx.clock.after(NODE_MONITOR_PERIOD_MS, () => this.monitor());
  }

  private monitor(): void {
    for (const obj of this.ctx.store.list('Node')) this.check(obj);
    this.ctx.clock.after(NODE_MONITOR_PERIOD_MS, () => this.monitor());
  }

  private check(obj: KubeObject): void {
    const { store, clock, api } = this.ctx;
    const node = obj as unknown as Node;
    const name = node.metadata!.name!;
    const lease = store.get('Lease', name, 'kube-node-lease') as unknown as Lease | undefined;
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    const lastHeartbeat = Math.max(clock.parse(lease?.spec?.renewTime) ?? -Infinity, clock.parse(ready?.lastHeartbeatTime) ?? -Infinity);
    if (ready?.status !== 'Unknown' && clock.now - lastHeartbeat > NODE_MONITOR_GRACE_PERIOD_MS) {
      // tryUpdateNodeHealth: every condition the kubelet owns becomes Unknown.
      const now = clock.timestamp();
      const conditions = (node.status?.conditions ?? []).map((c) => ({ ...c, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: now }));
      const updated = api.updateStatus(obj, { ...(node.status ?? {}), conditions } as KubeObject['status']);
      this.ctx.events.record(updated, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`, COMPONENT);
      this.markPodsNotReady(name);
    }
    const current = store.get('Node', name) as unknown as Node;
    const status = current.status?.conditions?.find((c) => c.type === 'Ready')?.status;
    const wanted = status === 'Unknown' ? UNREACHABLE : status === 'False' ? NOT_READY : undefined;
    this.setTaints(current, wanted);
  }

  /** doNoScheduleTaintingPass + doNoExecuteTaintingPass: exactly the taints that match the Ready condition. */
  private setTaints(node: Node, wanted: string | undefined): void {
    // A Ready node without either taint, every 5 s on every healthy node: nothing to do.
    if (wanted === undefined && !(node.spec?.taints ?? []).some((t) => t.key === UNREACHABLE || t.key === NOT_READY)) return;
    const others = (node.spec?.taints ?? []).filter((t) => t.key !== UNREACHABLE && t.key !== NOT_READY);
    const existing = (node.spec?.taints ?? []).filter((t) => t.key === UNREACHABLE || t.key === NOT_READY);
    const keep = existing.filter((t) => t.key === wanted);
    const add: Taint[] = wanted && keep.length === 0 ? [{ key: wanted, effect: 'NoSchedule' }, { key: wanted, effect: 'NoExecute', timeAdded: this.ctx.clock.timestamp() }] : [];
    if (add.length === 0 && keep.length === existing.length) return;
    const taints = [...others, ...keep, ...add];
    const obj = node as unknown as KubeObject;
    this.ctx.api.replace({ ...obj, spec: { ...(obj.spec as object), ...(taints.length > 0 ? { taints } : { taints: undefined }) } });
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
