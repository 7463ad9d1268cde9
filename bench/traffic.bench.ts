/**
 * One simulated hour of traffic: 3 Services (one behind an HPA), about 50 pods, load changing every
 * 10 minutes, a timeline sample every second. Reports the wall time and simulated seconds per wall
 * second.
 */
import type { KubeObject } from '../src/kube/object.ts';
import { createCluster } from '../src/sim/cluster.ts';
import type { Sample } from '../src/sim/scenario/sample.ts';
import type { BenchResult } from './run.ts';

function app(name: string, replicas: number): KubeObject[] {
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'default' },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name, image: `shop/${name}:v1`, resources: { requests: { cpu: '100m' } }, readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 5 } }] },
        },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }] } },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const image = { pullSeconds: 2, startSeconds: 5, ports: [8080], cpuMillicoresIdle: 2, cpuMillicoresPerRps: 0.5, latencyMs: 15 };
  const start = performance.now();
  const c = createCluster({ nodes: Array.from({ length: 6 }, (_, i) => ({ name: `node-${i + 1}`, cpu: '8', memory: '32Gi' })), images: { 'shop/web': image, 'shop/api': image, 'shop/cart': image } });
  c.apply([
    ...app('web', 20),
    ...app('api', 15),
    ...app('cart', 10),
    { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'default' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 10, maxReplicas: 40, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }] } },
  ]);
  const samples: Sample[] = [];
  const loads = [2000, 4000, 8000, 3000, 6000, 1000];
  for (let minute = 0; minute < 60; minute++) {
    if (minute % 10 === 0) {
      const load = loads[minute / 10]!;
      c.setTraffic({ service: 'web', rps: load });
      c.setTraffic({ service: 'api', rps: Math.round(load / 2) });
      c.setTraffic({ service: 'cart', rps: Math.round(load / 5) });
    }
    for (let s = 0; s < 60; s++) {
      c.advance(1000);
      samples.push(c.snapshot());
    }
  }
  const ms = performance.now() - start;
  const last = samples.at(-1)!;
  return [
    { name: 'traffic-1h/wall', value: Math.round(ms), unit: 'ms', extra: { samples: samples.length, pods: last.pods.length, webReplicas: last.hpas[0]?.currentReplicas } },
    { name: 'traffic-1h/speed', value: Math.round(3600 / (ms / 1000)), unit: 'sim-s/s' },
  ];
}
