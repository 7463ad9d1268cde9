// kube-proxy programs EndpointSlice changes into the rules with a delay (network programming latency):
// why a terminating pod should keep serving for a while. The zero-downtime pattern of the
// kubernetes.io "Pod Lifecycle / Termination of Pods" page: a preStop wait while the endpoints catch up.
import type { Lifecycle } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/object.ts';
import { createCluster, type Cluster } from '../cluster.ts';
import { deployment, service } from '../testing.ts';

const images = { 'shop/web': { pullSeconds: 2, startSeconds: 5, ports: [80], cpuMillicoresIdle: 5, cpuMillicoresPerRps: 1 } };

/** The test Deployment, with a preStop hook on its container when given. */
function web(options: { replicas: number; image?: string; preStop?: Lifecycle['preStop'] }): KubeObject {
  const d = deployment({ replicas: options.replicas, image: options.image ?? 'shop/web:v1', readiness: { periodSeconds: 2 }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } });
  if (!options.preStop) return d;
  const spec = d.spec as { template: { spec: { containers: Record<string, unknown>[] } } };
  spec.template.spec.containers[0]!.lifecycle = { preStop: options.preStop };
  return d;
}

/** 4 ready pods under 100 requests a second; kube-proxy lags the EndpointSlices by `delay` seconds. */
function serving(delay: number, preStop?: Lifecycle['preStop']): { c: Cluster; failedDuring: (change: () => void, seconds: number) => number } {
  const c = createCluster({ nodes: 2, images, networkProgrammingSeconds: delay });
  c.apply([web({ replicas: 4, ...(preStop ? { preStop } : {}) }), service()]);
  c.advance('30s');
  c.setTraffic({ service: 'web', rps: 100 });
  c.advance('10s');
  return {
    c,
    failedDuring: (change, seconds) => {
      const before = c.traffic.totalsFor('default', 'web');
      change();
      c.advance(seconds * 1000);
      const after = c.traffic.totalsFor('default', 'web');
      expect(after.requests - before.requests).toBe(100 * seconds);
      return after.failed - before.failed;
    },
  };
}

describe('network programming latency', () => {
  it('a pod that turned ready gets requests only once kube-proxy has programmed it', () => {
    const { c } = serving(3);
    c.scale('Deployment', 'web', 5);
    // Pulled (cached) and started at once, listening after 5 s, ready at the next 2 s probe.
    const servedBy = () => c.traffic.servedByPod.size;
    let readyAt: number | undefined;
    let servedAt: number | undefined;
    for (let t = 1; t <= 20 && servedAt === undefined; t++) {
      c.advance('1s');
      const ready = c.list<{ status?: { conditions?: { type: string; status: string }[] } }>('Pod').filter((p) => p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True')).length;
      if (readyAt === undefined && ready === 5) readyAt = t;
      if (servedBy() === 5) servedAt = t;
    }
    expect(readyAt).toBeDefined();
    expect(servedAt! - readyAt!).toBe(3);
  });

  it('scaling down: without a preStop wait the removed pods stop answering before kube-proxy stops sending them requests', () => {
    const { c, failedDuring } = serving(2);
    expect(failedDuring(() => c.scale('Deployment', 'web', 2), 30)).toBeGreaterThanOrEqual(50);
  });

  it('scaling down: a preStop sleep longer than the programming delay loses no request', () => {
    const { c, failedDuring } = serving(2, { sleep: { seconds: 5 } });
    expect(failedDuring(() => c.scale('Deployment', 'web', 2), 30)).toBe(0);
  });

  it('a preStop sleep shorter than the programming delay does not cover it', () => {
    const { c, failedDuring } = serving(5, { sleep: { seconds: 2 } });
    expect(failedDuring(() => c.scale('Deployment', 'web', 2), 30)).toBeGreaterThanOrEqual(50);
  });

  it('a rolling update loses requests without a preStop wait and none with one', () => {
    const rollout = (preStop?: Lifecycle['preStop']): number => {
      const { c, failedDuring } = serving(2, preStop);
      return failedDuring(() => c.apply([web({ replicas: 4, image: 'shop/web:v2', ...(preStop ? { preStop } : {}) })]), 120);
    };
    expect(rollout()).toBeGreaterThanOrEqual(4 * 25);
    expect(rollout({ sleep: { seconds: 5 } })).toBe(0);
    expect(rollout({ exec: { command: ['sh', '-c', 'sleep 5'] } })).toBe(0);
  });

  it('requests kube-proxy still sends to a pod that is gone fail', () => {
    const { c, failedDuring } = serving(2);
    const pod = c.list<KubeObject>('Pod')[0]!;
    expect(failedDuring(() => c.delete('Pod', pod.metadata.name!, 'default', { gracePeriodSeconds: 0 }), 5)).toBeGreaterThanOrEqual(25);
  });
});
