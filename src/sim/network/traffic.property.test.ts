import fc from 'fast-check';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/object.ts';
import { createCluster } from '../cluster.ts';
import { deployment, service } from '../testing.ts';

const ready = (p: Pod): boolean => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

describe('traffic and autoscaling invariants', () => {
  it('no request is ever served by a pod that was not ready at that moment', () => {
    fc.assert(
      fc.property(
        fc.record({
          replicas: fc.integer({ min: 1, max: 5 }),
          startSeconds: fc.integer({ min: 0, max: 20 }),
          probe: fc.boolean(),
          crashAfter: fc.option(fc.integer({ min: 5, max: 60 })),
          rps: fc.integer({ min: 1, max: 500 }),
          update: fc.boolean(),
          failNode: fc.boolean(),
          seed: fc.integer({ min: 1, max: 1e6 }),
        }),
        (p) => {
          const image = { pullSeconds: 1, startSeconds: p.startSeconds, ports: [80], cpuMillicoresPerRps: 0.1, ...(p.crashAfter !== null ? { crashAfterSeconds: p.crashAfter } : {}) };
          const c = createCluster({ nodes: 2, seed: p.seed, images: { 'shop/web': image } });
          const spec = { replicas: p.replicas, image: 'shop/web:v1', ...(p.probe ? { readiness: { periodSeconds: 2 } } : {}) };
          c.apply([deployment(spec), service()]);
          c.setTraffic({ service: 'web', rps: p.rps });
          let previous = new Map<string, number>();
          for (let t = 0; t < 120; t++) {
            if (t === 40 && p.update) c.apply([deployment({ ...spec, image: 'shop/web:v2' })]);
            if (t === 60 && p.failNode) c.failNode('node-1');
            // Readiness as it stands when the next second of traffic is sent.
            const readyNow = new Set((c.ctx.store.list('Pod') as unknown as Pod[]).filter((x) => ready(x)).map((x) => x.metadata!.uid!));
            c.advance('1s');
            for (const [uid, served] of c.traffic.servedByPod) {
              if (served > (previous.get(uid) ?? 0)) expect(readyNow.has(uid), `pod ${uid} served at t=${t}`).toBe(true);
            }
            previous = new Map(c.traffic.servedByPod);
          }
        },
      ),
      { numRuns: 120 },
    );
  }, 120_000);

  it('HPA replicas stay within [minReplicas, maxReplicas] whatever the load does', () => {
    fc.assert(
      fc.property(
        fc.record({
          min: fc.integer({ min: 1, max: 3 }),
          extra: fc.integer({ min: 0, max: 6 }),
          loads: fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 6 }),
          seed: fc.integer({ min: 1, max: 1e6 }),
        }),
        (p) => {
          const max = p.min + p.extra;
          const c = createCluster({ nodes: 4, seed: p.seed, images: { 'shop/web': { pullSeconds: 1, startSeconds: 2, ports: [80], cpuMillicoresIdle: 2, cpuMillicoresPerRps: 1 } } });
          const d = deployment({ replicas: p.min, image: 'shop/web:v1', readiness: { periodSeconds: 2 } });
          (d.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0]!.resources = { requests: { cpu: '100m' } };
          const hpa: KubeObject = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: p.min, maxReplicas: max, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }] } };
          c.apply([d, service(), hpa]);
          for (const load of p.loads) {
            c.setTraffic({ service: 'web', rps: load });
            for (let i = 0; i < 8; i++) {
              c.advance('15s');
              const replicas = (c.ctx.store.get('Deployment', 'web', 'default')!.spec as { replicas: number }).replicas;
              expect(replicas).toBeGreaterThanOrEqual(p.min);
              expect(replicas).toBeLessThanOrEqual(max);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
