import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/object.ts';
import { createCluster } from '../cluster.ts';
import { deployment, service } from '../testing.ts';

const images = { 'shop/web': { pullSeconds: 2, startSeconds: 10, ports: [80], cpuMillicoresIdle: 5, cpuMillicoresPerRps: 1, latencyMs: 20 } };

function rollout(withReadiness: boolean) {
  const c = createCluster({ nodes: 3, images });
  const spec = { replicas: 3, image: 'shop/web:v1', strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }, ...(withReadiness ? { readiness: { periodSeconds: 2 } } : {}) };
  c.apply([deployment(spec), service()]);
  c.advance('60s');
  c.setTraffic({ service: 'web', rps: 100 });
  c.advance('10s');
  const before = c.traffic.totalsFor('default', 'web');
  c.apply([deployment({ ...spec, image: 'shop/web:v2' })]);
  c.advance('120s');
  const after = c.traffic.totalsFor('default', 'web');
  return { c, failed: after.failed - before.failed, requests: after.requests - before.requests };
}

// The lesson of readiness probes (kubernetes.io: "Zero-downtime rolling updates"), measured.
describe('traffic during a rolling update', () => {
  it('with readiness probes and maxUnavailable 0, not one request fails', () => {
    const { failed, requests } = rollout(true);
    expect(requests).toBe(12_000);
    expect(failed).toBe(0);
  });

  it('without a readiness probe, a slow-starting app gets traffic before it listens: requests fail', () => {
    const { failed } = rollout(false);
    expect(failed).toBeGreaterThan(500);
  });

  it('a Service with no ready endpoint fails every request', () => {
    const c = createCluster({ nodes: 1, images });
    c.apply([service('web', { app: 'nothing' })]);
    c.setTraffic({ service: 'web', rps: 50 });
    c.advance('3s');
    expect(c.traffic.totalsFor('default', 'web')).toEqual({ requests: 150, ok: 0, failed: 150 });
  });

  it('spreads requests over the ready pods and reports latency', () => {
    const c = createCluster({ nodes: 3, images });
    c.apply([deployment({ replicas: 3, image: 'shop/web:v1', readiness: { periodSeconds: 2 } }), service()]);
    c.advance('30s');
    c.setTraffic({ service: 'web', rps: 300 });
    c.advance('5s');
    const served = [...c.traffic.servedByPod.values()];
    expect(served).toHaveLength(3);
    expect(Math.max(...served) - Math.min(...served)).toBeLessThanOrEqual(5);
    const last = c.traffic.lastSecond.get('default/web')!;
    expect(last).toMatchObject({ rps: 300, ok: 300, failed: 0 });
    expect(last.p50ms).toBeGreaterThan(13);
    expect(last.p95ms).toBeGreaterThan(last.p50ms);
  });

  it('a pod out of CPU fails what it cannot serve', () => {
    const c = createCluster({ nodes: 1, images });
    const d = deployment({ replicas: 1, image: 'shop/web:v1', readiness: { periodSeconds: 2 } });
    (d.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0]!.resources = { limits: { cpu: '105m' }, requests: { cpu: '105m' } };
    c.apply([d, service()]);
    c.advance('30s');
    c.setTraffic({ service: 'web', rps: 200 });
    c.advance('1s');
    // 105m − 5m idle at 1m per request: 100 requests a second.
    expect(c.traffic.lastSecond.get('default/web')).toMatchObject({ rps: 200, ok: 100, failed: 100 });
  });
});

function hpa(spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }], ...spec },
  };
}

// pkg/controller/podautoscaler/horizontal.go, replica_calculator.go; kubernetes.io HPA docs
describe('HorizontalPodAutoscaler', () => {
  function scaled() {
    const c = createCluster({ nodes: 4, images });
    const d = deployment({ replicas: 2, image: 'shop/web:v1', readiness: { periodSeconds: 2 } });
    (d.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0]!.resources = { requests: { cpu: '100m' } };
    c.apply([d, service(), hpa()]);
    // 90 rps over 2 pods: 5m idle + 45m serving = 50m of 100m requested: on target.
    c.setTraffic({ service: 'web', rps: 90 });
    c.advance('120s');
    return c;
  }
  const replicas = (c: ReturnType<typeof createCluster>): number => (c.get('Deployment', 'web')!.spec as { replicas: number }).replicas;

  it('holds at the target utilisation', () => {
    const c = scaled();
    expect(replicas(c)).toBe(2);
    const status = c.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'web')!.status!;
    expect(status.currentMetrics![0]!.resource!.current.averageUtilization).toBe(50);
    expect(status.conditions!.map((x) => `${x.type}=${x.status}:${x.reason}`)).toEqual(['AbleToScale=True:ReadyForNewScale', 'ScalingActive=True:ValidMetricFound', 'ScalingLimited=False:DesiredWithinRange']);
  });

  it('facing 4× the load, follows the scale-up policy step by step: 2 → 6 → … → 8', () => {
    const c = scaled();
    c.setTraffic({ service: 'web', rps: 360 });
    const steps: { t: number; replicas: number }[] = [{ t: c.now, replicas: replicas(c) }];
    let limitedAtFirstStep: string | undefined;
    for (let i = 0; i < 120; i++) {
      c.advance('1s');
      if (replicas(c) !== steps.at(-1)!.replicas) {
        steps.push({ t: c.now, replicas: replicas(c) });
        limitedAtFirstStep ??= c.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'web')!.status!.conditions!.find((x) => x.type === 'ScalingLimited')!.reason;
      }
    }
    // The metrics ask for 8 at once (176 % of a 50 % target on 2 pods), but the default policy allows
    // max(4 pods, 100 %) per 15 s: 2 → 6 first. New pods without metrics count as 0 % on the next
    // scale-up (replica_calculator.go), so the way to 8 may take one more step.
    expect(steps[1]!.replicas).toBe(6);
    expect(limitedAtFirstStep).toBe('ScaleUpLimit');
    expect(steps.at(-1)!.replicas).toBe(8);
    for (let i = 1; i < steps.length; i++) {
      const from = steps[i - 1]!.replicas;
      expect(steps[i]!.replicas).toBeLessThanOrEqual(Math.max(from + 4, from * 2));
      expect(steps[i]!.t - steps[i - 1]!.t).toBeGreaterThanOrEqual(15);
    }
    expect(c.events({ kind: 'HorizontalPodAutoscaler', reason: 'SuccessfulRescale' })[0]!.message).toBe('New size: 6; reason: cpu resource utilization (percentage of request) above target');
  });

  it('scales down only after the 300 s stabilisation window', () => {
    const c = scaled();
    c.setTraffic({ service: 'web', rps: 360 });
    c.advance('120s');
    expect(replicas(c)).toBe(8);
    c.setTraffic({ service: 'web', rps: 90 });
    const start = c.now;
    let downAt: number | undefined;
    for (let i = 0; i < 400 && downAt === undefined; i++) {
      c.advance('1s');
      if (replicas(c) < 8) downAt = c.now - start;
    }
    expect(downAt).toBeGreaterThanOrEqual(290);
    expect(downAt).toBeLessThanOrEqual(330);
    // 90 rps on 8 pods is 16 %: ceil(8 × 16 / 50) = 3 (the 100 %-per-15 s policy allows it at once).
    expect(replicas(c)).toBe(3);
    c.advance('120s');
    expect(replicas(c)).toBe(3);
  });

  it('stays within minReplicas and maxReplicas and says why', () => {
    const c = scaled();
    c.apply([hpa({ maxReplicas: 4 })]);
    c.setTraffic({ service: 'web', rps: 2000 });
    c.advance('120s');
    expect(replicas(c)).toBe(4);
    expect(c.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'web')!.status!.conditions!.find((x) => x.type === 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'TooManyReplicas' });
  });

  it('brings a target below minReplicas up to it while the metric is on target (reconcileAutoscaler)', () => {
    const c = scaled();
    c.apply([hpa({ minReplicas: 3 })]);
    c.advance('20s');
    expect(replicas(c)).toBe(3);
    expect(c.events({ kind: 'HorizontalPodAutoscaler', reason: 'SuccessfulRescale' }).at(-1)!.message).toBe('New size: 3; reason: Current number of replicas below Spec.MinReplicas');
  });

  it('brings a target above maxReplicas down to it at once', () => {
    const c = scaled();
    c.scale('Deployment', 'web', 7);
    c.apply([hpa({ maxReplicas: 5 })]);
    c.advance('20s');
    expect(replicas(c)).toBe(5);
    expect(c.events({ kind: 'HorizontalPodAutoscaler', reason: 'SuccessfulRescale' }).at(-1)!.message).toBe('New size: 5; reason: Current number of replicas above Spec.MaxReplicas');
  });

  it('reads an empty metrics list as the default 80 % CPU target', () => {
    const c = scaled();
    c.apply([hpa({ metrics: [] })]);
    c.advance('60s');
    const status = c.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'web')!.status!;
    expect(status.currentMetrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', current: expect.objectContaining({ averageUtilization: 50 }) } }]);
    expect(status.conditions!.find((x) => x.type === 'ScalingActive')).toMatchObject({ status: 'True', reason: 'ValidMetricFound' });
  });

  it('cannot compute utilisation without CPU requests', () => {
    const c = createCluster({ nodes: 2, images });
    c.apply([deployment({ replicas: 2, image: 'shop/web:v1' }), hpa()]);
    c.advance('60s');
    const active = c.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'web')!.status!.conditions!.find((x) => x.type === 'ScalingActive')!;
    expect(active).toMatchObject({ status: 'False', reason: 'FailedGetResourceMetric' });
    expect(active.message).toContain('missing request for cpu in container app of Pod web-');
  });
});
