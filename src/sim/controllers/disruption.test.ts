import fc from 'fast-check';
import type { Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/object.ts';
import { ApiError } from '../api-error.ts';
import { createCluster, type Cluster } from '../cluster.ts';
import { deployment } from '../testing.ts';

const pdb = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, ...spec } });
const healthy = (c: Cluster): number => c.list<Pod>('Pod').filter((p) => !p.metadata?.deletionTimestamp && p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True')).length;

function onOneNode(replicas: number, budget: Record<string, unknown>) {
  const c = createCluster({ nodes: 2, images: { 'shop/web': { pullSeconds: 1, startSeconds: 8, ports: [80] } } });
  const d = deployment({ replicas, image: 'shop/web:v1', readiness: { periodSeconds: 2 } });
  // Start everything on node-1, then let node-2 take the replacements.
  c.cordon('node-2');
  c.apply([d, pdb(budget)]);
  c.advance('30s');
  c.cordon('node-2', false);
  return c;
}

// pkg/controller/disruption, pkg/registry/core/pod/storage/eviction.go, kubectl drain
describe('PodDisruptionBudget', () => {
  it('reports healthy, desired and allowed disruptions (integer and percent)', () => {
    const c = onOneNode(4, { minAvailable: 3 });
    expect(c.get<PodDisruptionBudget>('PodDisruptionBudget', 'web')!.status).toMatchObject({ currentHealthy: 4, desiredHealthy: 3, disruptionsAllowed: 1, expectedPods: 4 });
    c.apply([pdb({ maxUnavailable: '50%' })]);
    c.advance('1s');
    expect(c.get<PodDisruptionBudget>('PodDisruptionBudget', 'web')!.status).toMatchObject({ currentHealthy: 4, desiredHealthy: 2, disruptionsAllowed: 2 });
  });

  it('the Eviction API refuses with 429 when the budget allows no disruption', () => {
    const c = onOneNode(2, { minAvailable: 2 });
    const pod = c.list<Pod>('Pod')[0]!.metadata!.name!;
    try {
      c.evict(pod);
      expect.unreachable();
    } catch (e) {
      expect((e as ApiError).toStatus()).toMatchObject({ code: 429, reason: 'TooManyRequests', message: "Cannot evict pod as it would violate the pod's disruption budget." });
      expect((e as ApiError).details.causes![0]!.message).toBe('The disruption budget web needs 2 healthy pods and has 2 currently');
    }
  });

  it('a drain blocked by the budget waits until a replacement is ready, and never goes below it', () => {
    const c = onOneNode(3, { minAvailable: 2 });
    const d = c.drain('node-1');
    let lowest = Infinity;
    for (let i = 0; i < 120 && !d.done; i++) {
      c.advance('1s');
      lowest = Math.min(lowest, healthy(c));
    }
    expect(d.done).toBe(true);
    expect(lowest).toBeGreaterThanOrEqual(2);
    const lines = d.output.map((l) => l.en);
    expect(lines[0]).toBe('node/node-1 cordoned');
    expect(lines.some((l) => l.startsWith('error when evicting pods/') && l.includes('(will retry after 5s)'))).toBe(true);
    expect(lines.at(-1)).toBe('node/node-1 drained');
    expect(c.list<Pod>('Pod').every((p) => p.spec!.nodeName === 'node-2')).toBe(true);
  });

  it('refuses minAvailable and maxUnavailable together', () => {
    const c = createCluster({ nodes: 1 });
    expect(c.apply([pdb({ minAvailable: 1, maxUnavailable: 1 })])[0]!.error!.message).toContain('minAvailable and maxUnavailable cannot be both set');
  });

  it('property: a PDB-respecting drain never drops healthy pods below desiredHealthy', () => {
    fc.assert(
      fc.property(fc.record({ replicas: fc.integer({ min: 1, max: 6 }), min: fc.integer({ min: 0, max: 6 }), startSeconds: fc.integer({ min: 0, max: 15 }), seed: fc.integer({ min: 1, max: 1e6 }) }), (p) => {
        fc.pre(p.min <= p.replicas);
        const c = createCluster({ nodes: 2, seed: p.seed, images: { 'shop/web': { pullSeconds: 1, startSeconds: p.startSeconds, ports: [80] } } });
        c.cordon('node-2');
        c.apply([deployment({ replicas: p.replicas, image: 'shop/web:v1', readiness: { periodSeconds: 2 } }), pdb({ minAvailable: p.min })]);
        c.advance('40s');
        c.cordon('node-2', false);
        const d = c.drain('node-1');
        for (let i = 0; i < 200 && !d.done; i++) {
          c.advance('1s');
          expect(healthy(c)).toBeGreaterThanOrEqual(p.min);
        }
        // A budget that allows no disruption at all blocks the drain for good, as on a real cluster.
        expect(d.done).toBe(p.min < p.replicas);
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
