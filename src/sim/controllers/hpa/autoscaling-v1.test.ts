import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../kube/object.ts';
import { createCluster } from '../../cluster.ts';
import { deployment, service } from '../../testing.ts';

const images = { 'shop/web': { pullSeconds: 2, startSeconds: 10, ports: [80], cpuMillicoresIdle: 5, cpuMillicoresPerRps: 1, latencyMs: 20 } };

function hpaV1(spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 10, ...spec },
  };
}

function cluster() {
  const c = createCluster({ nodes: 4, images });
  const d = deployment({ replicas: 2, image: 'shop/web:v1', readiness: { periodSeconds: 2 } });
  (d.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0]!.resources = { requests: { cpu: '100m' } };
  c.apply([d, service()]);
  return c;
}

const stored = (c: ReturnType<typeof createCluster>) => c.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'web')!;
const replicas = (c: ReturnType<typeof createCluster>): number => (c.get('Deployment', 'web')!.spec as { replicas: number }).replicas;

// autoscaling/v1 is served and stored as v2: pkg/apis/autoscaling/v1/conversion.go
describe('an autoscaling/v1 HorizontalPodAutoscaler', () => {
  it('is accepted, stored as autoscaling/v2 with its CPU target as a metric, and scales on it', () => {
    const c = cluster();
    expect(c.apply([hpaV1({ targetCPUUtilizationPercentage: 50 })])[0]).toMatchObject({ action: 'created' });
    expect(stored(c)).toMatchObject({ apiVersion: 'autoscaling/v2', spec: { metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] } });
    // 180 rps over 2 pods: 5m idle + 90m serving = 95 % of the 100m request, against a 50 % target.
    c.setTraffic({ service: 'web', rps: 180 });
    c.advance('120s');
    expect(replicas(c)).toBeGreaterThanOrEqual(4);
  });

  it('without targetCPUUtilizationPercentage gets the v1 default, 80 % CPU', () => {
    const c = cluster();
    c.apply([hpaV1()]);
    expect(stored(c).spec!.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
    // 120 rps over 2 pods is 65 % of the request: above a 50 % target, below the default 80 %.
    c.setTraffic({ service: 'web', rps: 120 });
    c.advance('120s');
    expect(replicas(c)).toBe(2);
  });

  it('applied again unchanged is unchanged, and a new target is configured', () => {
    const c = cluster();
    c.apply([hpaV1({ targetCPUUtilizationPercentage: 50 })]);
    c.advance('30s');
    expect(c.apply([hpaV1({ targetCPUUtilizationPercentage: 50 })])[0]).toMatchObject({ action: 'unchanged' });
    expect(c.apply([hpaV1({ targetCPUUtilizationPercentage: 70 })])[0]).toMatchObject({ action: 'configured' });
    expect(stored(c).spec!.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
  });

  it('with a field v1 does not have is refused by strict decoding, in v1 terms', () => {
    const c = cluster();
    const [out] = c.apply([hpaV1({ metrics: [] })]);
    expect(out!.error?.reason).toBe('BadRequest');
    expect(out!.error?.text.en).toContain('unknown field "spec.metrics"');
  });
});
