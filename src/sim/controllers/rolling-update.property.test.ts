import fc from 'fast-check';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { validateObject } from '../../kube/validation/index.ts';
import { createCluster } from '../cluster.ts';
import { deployment } from '../testing.ts';
import { isPodAvailable } from './pod-util.ts';
import { resolveFenceposts } from './deployment-util.ts';
import type { Deployment } from 'kubernetes-types/apps/v1';

const intOrPercent = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('0%', '10%', '25%', '50%', '100%'));

/**
 * deployment/rolling.go keeps, at every instant of a rollout: at most replicas + maxSurge pods, and at
 * least replicas − maxUnavailable available ones (deployment_util.go ResolveFenceposts). Checked on
 * every change the store sees, not on a sampling grid.
 */
describe('RollingUpdate bounds hold for any replicas, maxSurge, maxUnavailable and minReadySeconds', () => {
  it('over 1,000 generated rollouts', () => {
    fc.assert(
      fc.property(
        fc.record({
          replicas: fc.integer({ min: 1, max: 10 }),
          maxSurge: intOrPercent,
          maxUnavailable: intOrPercent,
          minReadySeconds: fc.integer({ min: 0, max: 5 }),
          startSeconds: fc.integer({ min: 0, max: 6 }),
          period: fc.integer({ min: 1, max: 5 }),
          seed: fc.integer({ min: 1, max: 1_000_000 }),
        }),
        (p) => {
          const spec = {
            replicas: p.replicas,
            image: 'shop/web:v1',
            minReadySeconds: p.minReadySeconds,
            readiness: { periodSeconds: p.period },
            strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: p.maxSurge, maxUnavailable: p.maxUnavailable } },
          };
          const d = deployment(spec);
          fc.pre(validateObject(d).length === 0);
          const { maxSurge, maxUnavailable } = resolveFenceposts(d as unknown as Deployment);
          const c = createCluster({ nodes: 4, seed: p.seed, images: { 'shop/web': { pullSeconds: 1, startSeconds: p.startSeconds, ports: [80] } } });
          c.apply([d]);
          c.advance('60s');
          const { store, clock } = c.ctx;
          let maxPods = 0;
          let minAvailable = Infinity;
          const check = (): void => {
            const live = (store.list('Pod') as unknown as Pod[]).filter((x) => !x.metadata?.deletionTimestamp);
            maxPods = Math.max(maxPods, live.length);
            minAvailable = Math.min(minAvailable, live.filter((x) => isPodAvailable(x, p.minReadySeconds, clock)).length);
          };
          check();
          const stop = store.watch('*', check);
          // Availability also changes with time alone (minReadySeconds): check every second too.
          c.apply([deployment({ ...spec, image: 'shop/web:v2' })]);
          for (let t = 0; t < 150; t++) {
            c.advance('1s');
            check();
          }
          stop();
          const done = (store.list('Pod') as unknown as Pod[]).filter((x) => !x.metadata?.deletionTimestamp);
          expect(maxPods).toBeLessThanOrEqual(p.replicas + maxSurge);
          expect(minAvailable).toBeGreaterThanOrEqual(p.replicas - Math.min(maxUnavailable, p.replicas));
          // And the rollout completes.
          expect(done.length).toBe(p.replicas);
          expect(done.every((x) => x.spec!.containers[0]!.image === 'shop/web:v2')).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  }, 300_000);
});
