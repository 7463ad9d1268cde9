import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster.ts';
import { deployment } from '../testing.ts';

// staging/src/k8s.io/api/apps/v1/types.go: DeploymentStatus counts are all `omitempty`; ReplicaSetStatus
// writes `replicas` always and its other counts only when not zero.
describe('zero counts in workload status, as the API server encodes them', () => {
  it('a Deployment whose pods are not ready yet has no readyReplicas or availableReplicas, only unavailableReplicas', () => {
    const c = createCluster({ nodes: 1, images: { 'shop/slow': { pullSeconds: 30, ports: [80] } } });
    c.apply([deployment({ replicas: 2, image: 'shop/slow:1' })]);
    c.advance('5s');
    const d = c.get<Deployment>('Deployment', 'web')!;
    expect(d.status).toMatchObject({ replicas: 2, updatedReplicas: 2, unavailableReplicas: 2 });
    expect(d.status).not.toHaveProperty('readyReplicas');
    expect(d.status).not.toHaveProperty('availableReplicas');
    const [rs] = c.list<ReplicaSet>('ReplicaSet');
    expect(rs!.status).toMatchObject({ replicas: 2, fullyLabeledReplicas: 2 });
    expect(rs!.status).not.toHaveProperty('readyReplicas');
  });

  it('a Deployment scaled to zero keeps only observedGeneration and conditions; its ReplicaSet says replicas: 0', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([deployment({ replicas: 2 })]);
    c.advance('20s');
    c.scale('Deployment', 'web', 0);
    c.advance('60s');
    const d = c.get<Deployment>('Deployment', 'web')!;
    expect(Object.keys(d.status!).sort()).toEqual(['conditions', 'observedGeneration']);
    const [rs] = c.list<ReplicaSet>('ReplicaSet');
    expect(rs!.status).toEqual({ replicas: 0, observedGeneration: 2 });
  });
});
