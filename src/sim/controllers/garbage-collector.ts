/**
 * Background garbage collection (kubernetes pkg/controller/garbagecollector): once every owner of an
 * object is gone, the object is deleted too. ReplicaSets go when their Deployment goes, their pods
 * after them, and a Service's EndpointSlices with it.
 */
import type { SimContext } from '../context.ts';

export class GarbageCollector {
  constructor(ctx: SimContext) {
    ctx.store.watch('*', (e) => {
      if (e.type !== 'DELETED') return;
      const uid = e.object.metadata.uid;
      ctx.clock.after(0, () => {
        for (const kind of ctx.store.kinds()) {
          for (const obj of ctx.store.list(kind)) {
            const refs = obj.metadata.ownerReferences ?? [];
            if (!refs.some((r) => r.uid === uid)) continue;
            const alive = refs.some((r) => r.uid !== uid && ownerExists(ctx, r.kind, r.name, obj.metadata.namespace, r.uid));
            if (!alive && !obj.metadata.deletionTimestamp) ctx.api.delete(kind, obj.metadata.name!, obj.metadata.namespace);
          }
        }
      });
    });
  }
}

function ownerExists(ctx: SimContext, kind: string, name: string, namespace: string | undefined, uid: string): boolean {
  const owner = ctx.store.get(kind, name, namespace) ?? ctx.store.get(kind, name);
  return owner?.metadata.uid === uid;
}
