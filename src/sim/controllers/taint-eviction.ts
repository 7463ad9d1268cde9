/**
 * Taint-based eviction (kubernetes pkg/controller/tainteviction/taint_eviction.go): a pod on a node
 * with a NoExecute taint it does not tolerate is deleted at once; one that tolerates it for
 * tolerationSeconds is deleted that long after the taint was added; a toleration without
 * tolerationSeconds keeps it forever.
 */
import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import type { Timer } from '../clock.ts';
import type { SimContext } from '../context.ts';

const COMPONENT = 'taint-eviction-controller';

export class TaintEvictionController {
  private readonly ctx: SimContext;
  /** Pending evictions by pod uid. */
  private readonly pending = new Map<string, Timer>();

  constructor(ctx: SimContext) {
    this.ctx = ctx;
    ctx.store.watch('Node', (e) => {
      if (e.type === 'DELETED') return;
      for (const p of ctx.store.list('Pod')) if ((p.spec as { nodeName?: string })?.nodeName === e.object.metadata.name) this.consider(p as unknown as Pod);
    });
    ctx.store.watch('Pod', (e) => {
      const pod = e.object as unknown as Pod;
      if (e.type === 'DELETED') {
        this.pending.get(pod.metadata?.uid ?? '')?.cancel();
        this.pending.delete(pod.metadata?.uid ?? '');
      } else if (pod.spec?.nodeName && (e.type === 'ADDED' || e.old?.spec !== e.object.spec)) this.consider(pod);
    });
  }

  private consider(pod: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    if (pod.metadata?.deletionTimestamp) return;
    const node = this.ctx.store.get('Node', pod.spec!.nodeName!) as unknown as Node | undefined;
    const taints = (node?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
    this.pending.get(uid)?.cancel();
    this.pending.delete(uid);
    if (taints.length === 0) return;
    const now = this.ctx.clock.now;
    const at = evictionTime(taints, pod.spec?.tolerations ?? [], now, (t) => this.ctx.clock.parse(t) ?? now);
    if (at === undefined) return;
    const evict = (): void => {
      this.pending.delete(uid);
      const current = this.ctx.store.get('Pod', pod.metadata!.name!, pod.metadata?.namespace);
      if (!current || current.metadata.uid !== uid || current.metadata.deletionTimestamp) return;
      // Before deleting, the pod is marked with the DisruptionTarget condition.
      const status = (current.status ?? {}) as Pod['status'];
      const conditions = [...(status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'), { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: this.ctx.clock.timestamp() }];
      const marked = this.ctx.api.updateStatus(current, { ...status, conditions });
      this.ctx.events.record(marked, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${pod.metadata?.namespace}/${pod.metadata?.name}`, COMPONENT);
      this.ctx.api.delete('Pod', pod.metadata!.name!, pod.metadata?.namespace);
    };
    this.pending.set(uid, this.ctx.clock.at(at, evict));
  }
}

/** When to evict: now for an untolerated taint, else the earliest timeAdded + tolerationSeconds; undefined: never. */
export function evictionTime(taints: Taint[], tolerations: Toleration[], now: number, parse: (t: string | undefined) => number): number | undefined {
  let at: number | undefined;
  for (const taint of taints) {
    const matching = tolerations.filter((t) => tolerates(t, taint));
    if (matching.length === 0) return now;
    const added = parse(taint.timeAdded);
    // getMinTolerationTime: the smallest tolerationSeconds among matching tolerations; none set means forever.
    const seconds = matching.map((t) => t.tolerationSeconds).filter((s): s is number => s !== undefined && s !== null);
    if (seconds.length === 0) continue;
    const when = added + Math.max(0, Math.min(...seconds)) * 1000;
    at = at === undefined ? when : Math.min(at, when);
  }
  return at;
}

/** v1 helper ToleratesTaint. */
export function tolerates(t: Toleration, taint: Pick<Taint, 'key' | 'value' | 'effect'>): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  if ((t.operator ?? 'Equal') === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}
