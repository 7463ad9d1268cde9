import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster.ts';
import { deployment } from '../testing.ts';

const isReady = (p: Pod): boolean => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/** Rolls `replicas` pods from nginx:1.27 to 1.28 and returns the extremes seen, sampled every 250 ms. */
function rollout(replicas: number, strategy?: Record<string, unknown>) {
  const c = createCluster({ nodes: 4, images: { 'shop/web': { pullSeconds: 1, startSeconds: 3, ports: [80] } } });
  const spec = { replicas, image: 'shop/web:v1', readiness: { periodSeconds: 2 }, ...(strategy ? { strategy } : {}) };
  c.apply([deployment(spec)]);
  c.advance('30s');
  c.apply([deployment({ ...spec, image: 'shop/web:v2' })]);
  let maxPods = 0;
  let minReady = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 240; i++) {
    c.advance(250);
    const live = c.list<Pod>('Pod').filter((p) => !p.metadata?.deletionTimestamp);
    maxPods = Math.max(maxPods, live.length);
    minReady = Math.min(minReady, live.filter(isReady).length);
  }
  return { c, maxPods, minReady };
}

// pkg/controller/deployment/rolling.go with the fenceposts of deployment_util.go ResolveFenceposts.
describe('RollingUpdate', () => {
  it('10 replicas at 25%/25% never exceed 13 pods nor drop below 8 ready', () => {
    const { c, maxPods, minReady } = rollout(10);
    expect(maxPods).toBe(13);
    expect(minReady).toBe(8);
    const d = c.get<Deployment>('Deployment', 'web')!;
    expect(d.status).toMatchObject({ replicas: 10, updatedReplicas: 10, availableReplicas: 10 });
    expect(d.metadata!.annotations!['deployment.kubernetes.io/revision']).toBe('2');
    const rss = c.list<ReplicaSet>('ReplicaSet').map((rs) => [rs.spec!.template!.spec!.containers[0]!.image, rs.spec!.replicas, rs.metadata!.annotations!['deployment.kubernetes.io/revision']]);
    expect(rss).toEqual([
      ['shop/web:v1', 0, '1'],
      ['shop/web:v2', 10, '2'],
    ]);
  });

  it('3 replicas with the defaults never exceed 4 nor drop below 3 ready', () => {
    const { maxPods, minReady } = rollout(3);
    expect(maxPods).toBe(4);
    expect(minReady).toBe(3);
  });

  it('maxSurge 0 / maxUnavailable 1 replaces one pod at a time without surging', () => {
    const { maxPods, minReady } = rollout(4, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    expect(maxPods).toBe(4);
    expect(minReady).toBe(3);
  });

  it('Recreate stops every old pod before starting new ones', () => {
    const { c, minReady } = rollout(3, { type: 'Recreate' });
    expect(minReady).toBe(0);
    expect(c.list<Pod>('Pod').every((p) => p.spec!.containers[0]!.image === 'shop/web:v2')).toBe(true);
  });
});
