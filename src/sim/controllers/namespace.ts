/**
 * The namespace controller (kubernetes pkg/controller/namespace/deletion/namespaced_resources_deleter.go):
 * a namespace being deleted is Terminating; everything in it is deleted; when nothing is left its
 * "kubernetes" finalizer is removed and it goes.
 */
import { KINDS } from '../../kube/kinds.ts';
import type { SimContext } from '../context.ts';

export class NamespaceController {
  private readonly ctx: SimContext;

  constructor(ctx: SimContext) {
    this.ctx = ctx;
    ctx.store.watch('Namespace', (e) => {
      if (e.type !== 'DELETED' && e.object.metadata.deletionTimestamp) ctx.clock.after(0, () => this.drain(e.object.metadata.name!));
    });
    // Each object gone from a terminating namespace may be its last one.
    ctx.store.watch('*', (e) => {
      const ns = e.object.metadata.namespace;
      if (e.type === 'DELETED' && ns && ctx.store.get('Namespace', ns)?.metadata.deletionTimestamp) ctx.clock.after(0, () => this.drain(ns));
    });
  }

  private drain(name: string): void {
    const ns = this.ctx.store.get('Namespace', name);
    if (!ns?.metadata.deletionTimestamp) return;
    let remaining = 0;
    for (const info of KINDS) {
      if (!info.namespaced) continue;
      for (const obj of this.ctx.store.list(info.kind, name)) {
        remaining++;
        if (!obj.metadata.deletionTimestamp) this.ctx.api.delete(info.kind, obj.metadata.name!, name);
      }
    }
    if (remaining > 0) return;
    this.ctx.store.remove('Namespace', name);
  }
}
