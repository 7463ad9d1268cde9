/**
 * The resource quota controller (kubernetes pkg/controller/resourcequota): keeps each ResourceQuota's
 * status — `hard` as declared and `used` as counted — current as objects come and go.
 */
import type { ResourceQuota } from 'kubernetes-types/core/v1';
import { usedIn } from '../admission/resource-quota.ts';
import type { SimContext } from '../context.ts';
import { WorkQueue } from './work-queue.ts';

export class ResourceQuotaController {
  private readonly ctx: SimContext;
  private readonly queue: WorkQueue;

  constructor(ctx: SimContext) {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.clock, (ns) => this.sync(ns));
    ctx.store.watch('*', (e) => {
      const ns = e.object.metadata.namespace;
      if (!ns || e.object.kind === 'Event' || e.object.kind === 'Lease') return;
      if (e.object.kind === 'ResourceQuota' ? e.type !== 'DELETED' && JSON.stringify(e.old?.spec) !== JSON.stringify(e.object.spec) : ctx.store.list('ResourceQuota', ns).length > 0) this.queue.add(ns);
    });
  }

  private sync(namespace: string): void {
    const used = usedIn(this.ctx.store, namespace);
    for (const obj of this.ctx.store.list('ResourceQuota', namespace)) {
      const q = obj as unknown as ResourceQuota;
      const hard = q.spec?.hard ?? {};
      const status = {
        hard: { ...hard },
        used: Object.fromEntries(Object.keys(hard).map((r) => [r, formatUsed(r, used[r] ?? 0)])),
      };
      if (JSON.stringify(obj.status) !== JSON.stringify(status)) this.ctx.api.updateStatus(obj, status);
    }
  }
}

function formatUsed(resource: string, amount: number): string {
  if (resource.endsWith('cpu') || resource === 'cpu') return amount % 1000 === 0 ? String(amount / 1000) : `${amount}m`;
  if (resource.includes('memory') || resource.includes('storage')) return amount % (1024 * 1024) === 0 && amount > 0 ? `${amount / 1024 / 1024}Mi` : String(amount);
  return String(amount);
}
