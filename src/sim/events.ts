/**
 * Event recording as client-go's record.EventRecorder does it: a `v1` Event per (object, reason,
 * message), aggregated by incrementing `count` and `lastTimestamp` when it repeats
 * (k8s.io/client-go/tools/record/events_cache.go).
 */
import type { Event, ObjectReference } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../kube/object.ts';
import type { Clock } from './clock.ts';
import type { Store } from './store.ts';

export type EventType = 'Normal' | 'Warning';

export class EventRecorder {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly seen = new Map<string, string>();
  private counter = 0;

  constructor(store: Store, clock: Clock) {
    this.store = store;
    this.clock = clock;
  }

  record(obj: KubeObject, type: EventType, reason: string, message: string, component: string, host?: string): void {
    const involved: ObjectReference = {
      kind: obj.kind,
      apiVersion: obj.apiVersion,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
    };
    const namespace = obj.metadata.namespace ?? 'default';
    const dedupKey = `${obj.metadata.uid}|${type}|${reason}|${message}|${component}`;
    const now = this.clock.timestamp();
    const existing = this.seen.get(dedupKey);
    const old = existing ? (this.store.get('Event', existing, namespace) as Event | undefined) : undefined;
    if (old) {
      this.store.update({ ...(old as unknown as KubeObject), count: (old.count ?? 1) + 1, lastTimestamp: now });
      return;
    }
    // Event names are the object name plus a unique hex suffix (client-go uses the time in nanoseconds).
    const name = `${obj.metadata.name}.${(this.clock.epochMs * 1e3 + this.clock.now * 1e3 + this.counter++).toString(16)}`;
    const event: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: involved,
      reason,
      message,
      type,
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      source: host ? { component, host } : { component },
      reportingComponent: component,
      reportingInstance: host ?? '',
    };
    this.store.create(event as unknown as KubeObject);
    this.seen.set(dedupKey, name);
  }
}
