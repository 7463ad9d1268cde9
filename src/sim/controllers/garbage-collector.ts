/**
 * The garbage collector (kubernetes pkg/controller/garbagecollector/garbagecollector.go): once every
 * owner of an object is gone, the object is deleted too (background). An owner deleted with
 * `propagationPolicy: Foreground` waits, with the foregroundDeletion finalizer, until its dependents
 * are gone; with `Orphan`, its dependents lose their ownerReference and stay.
 */
import type { KubeObject } from '../../kube/object.ts';
import { FOREGROUND, ORPHAN } from '../api.ts';
import type { SimContext } from '../context.ts';

export class GarbageCollector {
  private readonly ctx: SimContext;

  constructor(ctx: SimContext) {
    this.ctx = ctx;
    ctx.store.watch('*', (e) => {
      const obj = e.object;
      if (e.type === 'DELETED') {
        const uid = obj.metadata.uid;
        ctx.clock.after(0, () => this.collectDependents(uid!));
        // A foreground owner may be waiting for this dependent.
        for (const ref of obj.metadata.ownerReferences ?? []) ctx.clock.after(0, () => this.finishForeground(ref.kind, ref.name, obj.metadata.namespace));
        return;
      }
      const finalizers = obj.metadata.finalizers ?? [];
      if (!obj.metadata.deletionTimestamp) return;
      if (finalizers.includes(ORPHAN)) ctx.clock.after(0, () => this.orphan(obj));
      if (finalizers.includes(FOREGROUND)) ctx.clock.after(0, () => this.foreground(obj));
    });
  }

  private dependents(uid: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const kind of this.ctx.store.kinds()) {
      if (kind === 'Event') continue;
      for (const obj of this.ctx.store.list(kind)) if ((obj.metadata.ownerReferences ?? []).some((r) => r.uid === uid)) out.push(obj);
    }
    return out;
  }

  /** Background: dependents whose owners are all gone are deleted. */
  private collectDependents(uid: string): void {
    for (const obj of this.dependents(uid)) {
      const refs = obj.metadata.ownerReferences ?? [];
      const alive = refs.some((r) => r.uid !== uid && this.ownerExists(r.kind, r.name, obj.metadata.namespace, r.uid));
      if (!alive && !obj.metadata.deletionTimestamp) this.ctx.api.delete(obj.kind, obj.metadata.name!, obj.metadata.namespace);
    }
  }

  /** Orphan: drop the owner's reference from its dependents, then let the owner go. */
  private orphan(owner: KubeObject): void {
    const current = this.ctx.store.get(owner.kind, owner.metadata.name!, owner.metadata.namespace);
    if (!current?.metadata.finalizers?.includes(ORPHAN)) return;
    for (const dep of this.dependents(owner.metadata.uid!)) {
      const refs = (dep.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid);
      const { ownerReferences: _refs, ...meta } = dep.metadata;
      this.ctx.api.replace({ ...dep, metadata: refs.length > 0 ? { ...meta, ownerReferences: refs } : meta });
    }
    this.ctx.api.removeFinalizer(owner.kind, owner.metadata.name!, owner.metadata.namespace, ORPHAN);
  }

  /** Foreground: delete the dependents (foreground too), and the owner once none are left. */
  private foreground(owner: KubeObject): void {
    for (const dep of this.dependents(owner.metadata.uid!)) {
      if (!dep.metadata.deletionTimestamp) this.ctx.api.delete(dep.kind, dep.metadata.name!, dep.metadata.namespace, { propagationPolicy: 'Foreground' });
    }
    this.finishForeground(owner.kind, owner.metadata.name!, owner.metadata.namespace);
  }

  private finishForeground(kind: string, name: string, namespace: string | undefined): void {
    const owner = this.ctx.store.get(kind, name, namespace) ?? this.ctx.store.get(kind, name);
    if (!owner?.metadata.deletionTimestamp || !owner.metadata.finalizers?.includes(FOREGROUND)) return;
    const blocking = this.dependents(owner.metadata.uid!).filter((d) => (d.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid && r.blockOwnerDeletion));
    if (blocking.length === 0) this.ctx.api.removeFinalizer(owner.kind, owner.metadata.name!, owner.metadata.namespace, FOREGROUND);
  }

  private ownerExists(kind: string, name: string, namespace: string | undefined, uid: string): boolean {
    const owner = this.ctx.store.get(kind, name, namespace) ?? this.ctx.store.get(kind, name);
    return owner?.metadata.uid === uid;
  }
}
