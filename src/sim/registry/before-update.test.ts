import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/object.ts';
import { ApiError } from '../api-error.ts';
import { createCluster } from '../cluster.ts';

function configMap(metadata: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', ...metadata }, data: { a: '1' } };
}

// k8s.io/apiserver pkg/registry/rest/update.go BeforeUpdate; pkg/registry/generic/registry/store.go Update
describe('an update (PUT) replaces the object', () => {
  it('drops labels, annotations, finalizers and ownerReferences the request leaves out', () => {
    const c = createCluster({ nodes: 1 });
    const api = c.ctx.api;
    const owner = { apiVersion: 'v1', kind: 'ConfigMap', name: 'parent', uid: 'u-1' };
    api.create(configMap({ labels: { app: 'web' }, annotations: { note: 'x' }, finalizers: ['example.com/keep'], ownerReferences: [owner] }));
    const updated = api.update(configMap({ labels: { tier: 'front' } }));
    expect(updated.metadata.labels).toEqual({ tier: 'front' });
    expect(updated.metadata).not.toHaveProperty('annotations');
    expect(updated.metadata).not.toHaveProperty('finalizers');
    expect(updated.metadata).not.toHaveProperty('ownerReferences');
  });

  it('carries what the server manages: uid, creationTimestamp, generation, managedFields; resourceVersion moves on', () => {
    const c = createCluster({ nodes: 1 });
    const api = c.ctx.api;
    const managedFields = [{ manager: 'kubectl', operation: 'Update', apiVersion: 'v1', time: '2026-01-01T00:00:00Z' }];
    const created = api.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', managedFields }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } } });
    c.advance('5s');
    const sent: KubeObject = { ...structuredClone(created), metadata: { name: 'web', generation: 9, creationTimestamp: '2020-01-01T00:00:00Z' } };
    (sent.spec as { replicas: number }).replicas = 2;
    const updated = api.update(sent);
    expect(updated.metadata).toMatchObject({ uid: created.metadata.uid, creationTimestamp: created.metadata.creationTimestamp, generation: 2, managedFields });
    expect(Number(updated.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
  });

  it('refuses another uid: metadata.uid is immutable', () => {
    const c = createCluster({ nodes: 1 });
    c.ctx.api.create(configMap({}));
    let refused: unknown;
    try {
      c.ctx.api.update(configMap({ uid: 'someone-else' }));
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).text.en).toContain('metadata.uid: Invalid value: "someone-else": field is immutable');
  });

  it('keeps a deletion in progress, and deletes the object once the update removes its last finalizer', () => {
    const c = createCluster({ nodes: 1 });
    const api = c.ctx.api;
    api.create(configMap({ finalizers: ['example.com/keep'] }));
    api.delete('ConfigMap', 'app', 'default');
    const deleting = api.get('ConfigMap', 'app', 'default')!;
    expect(deleting.metadata.deletionTimestamp).toBeDefined();
    const relabelled = api.update(configMap({ finalizers: ['example.com/keep'], labels: { a: 'b' } }));
    expect(relabelled.metadata.deletionTimestamp).toBe(deleting.metadata.deletionTimestamp);
    api.update(configMap({ labels: { a: 'b' } }));
    expect(api.get('ConfigMap', 'app', 'default')).toBeUndefined();
  });
});
