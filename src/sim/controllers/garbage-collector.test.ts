import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster.ts';
import { deployment } from '../testing.ts';

// pkg/controller/garbagecollector; k8s.io/apiserver registry store Delete
describe('deletion propagation', () => {
  it('Background (the default) deletes the owner first, then its dependents', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([deployment({ replicas: 2 })]);
    c.advance('5s');
    c.delete('Deployment', 'web');
    expect(c.get('Deployment', 'web')).toBeUndefined();
    c.advance('5s');
    expect(c.list('ReplicaSet')).toEqual([]);
    expect(c.list('Pod')).toEqual([]);
  });

  it('Foreground keeps the owner (with deletionTimestamp) until its dependents are gone', () => {
    const c = createCluster({ nodes: 1, images: { 'shop/slow-stop': { startSeconds: 1, ports: [80], shutdownSeconds: 5 } } });
    c.apply([deployment({ replicas: 2, image: 'shop/slow-stop:v1' })]);
    c.advance('5s');
    c.delete('Deployment', 'web', 'default', { propagationPolicy: 'Foreground' });
    c.advance('1s');
    const d = c.get<{ metadata: { deletionTimestamp?: string; finalizers?: string[] } }>('Deployment', 'web')!;
    expect(d.metadata.deletionTimestamp).toBeDefined();
    expect(d.metadata.finalizers).toEqual(['foregroundDeletion']);
    c.advance('10s');
    expect(c.get('Deployment', 'web')).toBeUndefined();
    expect(c.list('Pod')).toEqual([]);
  });

  it('Orphan deletes the owner and leaves its dependents, without the owner reference', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([deployment({ replicas: 2 })]);
    c.advance('5s');
    c.delete('Deployment', 'web', 'default', { propagationPolicy: 'Orphan' });
    c.advance('5s');
    expect(c.get('Deployment', 'web')).toBeUndefined();
    const [rs] = c.list<ReplicaSet>('ReplicaSet');
    expect(rs!.metadata!.ownerReferences).toBeUndefined();
    expect(c.list<Pod>('Pod').filter((p) => !p.metadata?.deletionTimestamp)).toHaveLength(2);
  });

  it('an object with a finalizer stays until the finalizer is removed', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', finalizers: ['example.com/keep'] }, data: { a: '1' } }]);
    c.delete('ConfigMap', 'cfg');
    expect(c.get<{ metadata: { deletionTimestamp?: string } }>('ConfigMap', 'cfg')!.metadata.deletionTimestamp).toBeDefined();
    c.ctx.api.removeFinalizer('ConfigMap', 'cfg', 'default', 'example.com/keep');
    expect(c.get('ConfigMap', 'cfg')).toBeUndefined();
  });
});

// pkg/controller/namespace
describe('namespace deletion', () => {
  it('is Terminating while its contents are deleted, refuses new content, then goes', () => {
    const c = createCluster({ nodes: 1, images: { 'shop/slow-stop': { startSeconds: 1, ports: [80], shutdownSeconds: 3 } } });
    c.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }]);
    expect(c.get<{ spec: unknown; status: unknown }>('Namespace', 'shop')).toMatchObject({ spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    c.apply([deployment({ namespace: 'shop', replicas: 2, image: 'shop/slow-stop:v1' })]);
    c.advance('5s');
    c.delete('Namespace', 'shop');
    c.advance('1s');
    expect(c.get<{ status: { phase: string } }>('Namespace', 'shop')!.status.phase).toBe('Terminating');
    const [out] = c.apply([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'shop' } }]);
    expect(out!.error!.toStatus()).toMatchObject({ reason: 'Forbidden', code: 403, message: 'unable to create new content in namespace shop because it is being terminated' });
    c.advance('10s');
    expect(c.get('Namespace', 'shop')).toBeUndefined();
    expect(c.list('Pod', { namespace: 'shop' })).toEqual([]);
  });
});
