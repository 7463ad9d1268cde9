/**
 * A controller's work queue (k8s.io/client-go/util/workqueue): keys are deduplicated while waiting,
 * processed in the order they were added, on the virtual clock. `addAfter` is the delaying queue
 * controllers use to come back when time alone changes an answer (minReadySeconds, deadlines).
 */
import type { Clock } from '../clock.ts';

export class WorkQueue {
  private readonly clock: Clock;
  private readonly sync: (key: string) => void;
  private readonly pending = new Set<string>();
  private scheduled = false;

  constructor(clock: Clock, sync: (key: string) => void) {
    this.clock = clock;
    this.sync = sync;
  }

  add(key: string): void {
    this.pending.add(key);
    if (this.scheduled) return;
    this.scheduled = true;
    this.clock.after(0, () => this.drain());
  }

  addAfter(key: string, delayMs: number): void {
    this.clock.after(delayMs, () => this.add(key));
  }

  private drain(): void {
    this.scheduled = false;
    const keys = [...this.pending];
    this.pending.clear();
    for (const key of keys) this.sync(key);
  }
}

/** `namespace/name` keys, as cache.MetaNamespaceKeyFunc makes them. */
export function keyFor(obj: { metadata?: { namespace?: string; name?: string } }): string {
  const m = obj.metadata ?? {};
  return m.namespace ? `${m.namespace}/${m.name}` : (m.name ?? '');
}

export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
