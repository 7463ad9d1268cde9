/**
 * The object store: what etcd and the API server's registry keep. Every write gets a new
 * resourceVersion; creation assigns uid and creationTimestamp; `generation` starts at 1 and bumps only
 * when `spec` changes (k8s.io/apiserver registry/rest: BeforeUpdate + each strategy's PrepareForUpdate).
 * Watchers see ADDED, MODIFIED and DELETED events synchronously, in write order.
 *
 * Stored objects are shared, never mutated: a write replaces the object. Treat what `get`/`list`
 * return as read-only.
 */
import type { KubeObject } from '../kube/object.ts';
import type { Clock } from './clock.ts';
import type { Rng } from './rng.ts';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
  /** The object before a MODIFIED or DELETED event. */
  old?: KubeObject;
}

export type WatchHandler = (event: WatchEvent) => void;

/** A change as the watch cache keeps it: the event and the resourceVersion it produced. */
export interface StoredEvent {
  resourceVersion: number;
  event: WatchEvent;
}

/** How many recent changes the watch cache keeps for watches that start from a resourceVersion. */
export const WATCH_CACHE_SIZE = 20_000;

export interface ObjectKey {
  kind: string;
  namespace?: string;
  name: string;
}

function keyOf(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** Kinds whose objects carry metadata.generation (those with a spec the user declares). */
const NO_GENERATION = new Set(['Event', 'EndpointSlice', 'ConfigMap', 'Secret', 'Namespace', 'Node', 'Lease']);

export class Store {
  private readonly byKind = new Map<string, Map<string, KubeObject>>();
  private readonly watchers = new Map<string, Set<WatchHandler>>();
  private readonly allWatchers = new Set<WatchHandler>();
  private revision = 0;
  /** The watch cache (k8s.io/apiserver pkg/storage/cacher): the most recent changes, oldest first. */
  private readonly history: StoredEvent[] = [];
  private readonly clock: Clock;
  private readonly rng: Rng;

  constructor(clock: Clock, rng: Rng) {
    this.clock = clock;
    this.rng = rng;
  }

  get resourceVersion(): number {
    return this.revision;
  }

  get(kind: string, name: string, namespace?: string): KubeObject | undefined {
    return this.byKind.get(kind)?.get(keyOf(namespace, name));
  }

  getKey(k: ObjectKey): KubeObject | undefined {
    return this.get(k.kind, k.name, k.namespace);
  }

  /** Objects of a kind in creation order of their keys; optionally only one namespace. */
  list(kind: string, namespace?: string): KubeObject[] {
    const all = [...(this.byKind.get(kind)?.values() ?? [])];
    return namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
  }

  kinds(): string[] {
    return [...this.byKind.keys()];
  }

  /** Stores a new object. The caller has checked that the key is free. */
  create(obj: KubeObject): KubeObject {
    const stored: KubeObject = {
      ...obj,
      metadata: {
        ...obj.metadata,
        uid: obj.metadata.uid ?? this.rng.uuid(),
        resourceVersion: String(++this.revision),
        creationTimestamp: this.clock.timestamp(),
        ...(NO_GENERATION.has(obj.kind) ? {} : { generation: 1 }),
      },
    };
    this.map(obj.kind).set(keyOf(obj.metadata.namespace, obj.metadata.name!), stored);
    this.emit({ type: 'ADDED', object: stored });
    return stored;
  }

  /**
   * Replaces an object. Identity fields (uid, creationTimestamp, name, namespace) are kept from the
   * stored copy; generation bumps when the spec changed.
   */
  update(obj: KubeObject): KubeObject {
    const old = this.get(obj.kind, obj.metadata.name!, obj.metadata.namespace);
    if (!old) throw new Error(`update of missing ${obj.kind} ${obj.metadata.name}`);
    // Kinds without a generation (a Lease renewed every 10 s, Events) skip comparing the specs.
    const generation = old.metadata.generation === undefined ? undefined : old.metadata.generation + (old.spec !== obj.spec && JSON.stringify(old.spec) !== JSON.stringify(obj.spec) ? 1 : 0);
    const stored: KubeObject = {
      ...obj,
      metadata: {
        ...obj.metadata,
        name: old.metadata.name,
        namespace: old.metadata.namespace,
        uid: old.metadata.uid,
        creationTimestamp: old.metadata.creationTimestamp,
        resourceVersion: String(++this.revision),
        ...(generation === undefined ? {} : { generation }),
      },
    };
    this.map(obj.kind).set(keyOf(obj.metadata.namespace, obj.metadata.name!), stored);
    this.emit({ type: 'MODIFIED', object: stored, old });
    return stored;
  }

  /** Removes an object now (finalizers and grace periods are handled by the caller). */
  remove(kind: string, name: string, namespace?: string): KubeObject | undefined {
    const m = this.byKind.get(kind);
    const key = keyOf(namespace, name);
    const old = m?.get(key);
    if (!m || !old) return undefined;
    m.delete(key);
    const gone: KubeObject = { ...old, metadata: { ...old.metadata, resourceVersion: String(++this.revision) } };
    this.emit({ type: 'DELETED', object: gone, old });
    return gone;
  }

  /** Calls `handler` for every change to objects of `kind` ('*' for all kinds). Returns an unsubscribe function. */
  watch(kind: string, handler: WatchHandler): () => void {
    const set = kind === '*' ? this.allWatchers : (this.watchers.get(kind) ?? new Set());
    if (kind !== '*') this.watchers.set(kind, set);
    set.add(handler);
    return () => set.delete(handler);
  }

  private map(kind: string): Map<string, KubeObject> {
    let m = this.byKind.get(kind);
    if (!m) {
      m = new Map();
      this.byKind.set(kind, m);
    }
    return m;
  }

  /**
   * Changes after `resourceVersion`, oldest first, for a watch that starts there; undefined when that
   * version is older than the watch cache holds (the API server answers 410 Gone).
   */
  changesSince(resourceVersion: number): StoredEvent[] | undefined {
    if (resourceVersion >= this.revision) return [];
    const oldest = this.history[0]?.resourceVersion ?? this.revision + 1;
    if (resourceVersion < oldest - 1) return undefined;
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.history[mid]!.resourceVersion <= resourceVersion) lo = mid + 1;
      else hi = mid;
    }
    return this.history.slice(lo);
  }

  private emit(event: WatchEvent): void {
    this.history.push({ resourceVersion: this.revision, event });
    // Trimmed in batches so that a write stays O(1) on average.
    if (this.history.length > 2 * WATCH_CACHE_SIZE) this.history.splice(0, this.history.length - WATCH_CACHE_SIZE);
    for (const h of this.watchers.get(event.object.kind) ?? []) h(event);
    for (const h of this.allWatchers) h(event);
  }
}
