/** The simulator as a ClusterBackend. */
import type { Event } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../kube/object.ts';
import { createCluster, type Cluster, type ClusterOptions } from '../sim/cluster.ts';
import type { ApplyResult, ClusterBackend } from './backend.ts';

export class SimBackend implements ClusterBackend {
  readonly name = 'sim' as const;
  readonly cluster: Cluster;

  constructor(options: ClusterOptions = {}) {
    this.cluster = createCluster(options);
  }

  async apply(objects: readonly KubeObject[]): Promise<ApplyResult[]> {
    return this.cluster.apply(objects).map((o) => ({
      kind: o.kind,
      name: o.name,
      ...(o.namespace ? { namespace: o.namespace } : {}),
      ...(o.action ? { action: o.action } : {}),
      ...(o.error ? { error: { reason: o.error.reason, message: o.error.text, fields: o.error.fieldErrors.map((f) => f.path) } } : {}),
    }));
  }

  async advance(duration: string | number): Promise<void> {
    this.cluster.advance(duration);
  }

  async get<T = KubeObject>(kind: string, name: string, namespace?: string): Promise<T | undefined> {
    return this.cluster.get<T>(kind, name, namespace);
  }

  async list<T = KubeObject>(kind: string, options: { namespace?: string; labels?: Record<string, string> } = {}): Promise<T[]> {
    return this.cluster.list<T>(kind, { ...(options.namespace ? { namespace: options.namespace } : {}), ...(options.labels ? { labelSelector: options.labels } : {}) });
  }

  async events(filter: { kind?: string; name?: string; reason?: string } = {}): Promise<Event[]> {
    return this.cluster.events(filter);
  }

  now(): number {
    return this.cluster.now;
  }

  async close(): Promise<void> {}
}
