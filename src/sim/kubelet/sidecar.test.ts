// Sidecar containers (KEP-753, GA in v1.33): init containers with restartPolicy Always.
// pkg/kubelet/kuberuntime/kuberuntime_container.go computeInitContainerActions (start order, restarts),
// pkg/kubelet/status/generate.go (readiness), pkg/kubelet/kubelet_pods.go getPhase (Job pods complete),
// and the termination ordering: the app's containers first, then the sidecars, last first.
import type { Job } from 'kubernetes-types/batch/v1';
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/object.ts';
import { createCluster, type Cluster } from '../cluster.ts';

const images = {
  'shop/web:v1': { pullSeconds: 1, startSeconds: 2, ports: [8080], healthPaths: ['/healthz'], shutdownSeconds: 5 },
  'obs/log-shipper:1.0': { pullSeconds: 1, startSeconds: 4, ports: [9100], healthPaths: ['/ready'] },
};

function pod(sidecar: Partial<Container>, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web' },
    spec: {
      initContainers: [{ name: 'shipper', image: 'obs/log-shipper:1.0', restartPolicy: 'Always', ...sidecar }],
      containers: [{ name: 'app', image: 'shop/web:v1', readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1 } }],
      ...spec,
    },
  };
}

const get = (c: Cluster): Pod => c.get<Pod>('Pod', 'web')!;
const startedAt = (c: Cluster, status: 'init' | 'app', name: string): string | undefined =>
  (status === 'init' ? get(c).status?.initContainerStatuses : get(c).status?.containerStatuses)?.find((s) => s.name === name)?.state?.running?.startedAt;

describe('sidecar containers', () => {
  it('start before the app and keep running beside it; the pod is Running and Ready', () => {
    const c = createCluster({ nodes: 1, images });
    c.apply([pod({})]);
    c.advance('30s');
    const p = get(c);
    expect(p.status!.phase).toBe('Running');
    expect(p.status!.conditions!.find((x) => x.type === 'Ready')!.status).toBe('True');
    expect(p.status!.initContainerStatuses![0]).toMatchObject({ name: 'shipper', started: true, ready: true, state: { running: {} } });
    expect(Date.parse(startedAt(c, 'init', 'shipper')!)).toBeLessThan(Date.parse(startedAt(c, 'app', 'app')!));
  });

  it('hold the app back until their startup probe passes', () => {
    const c = createCluster({ nodes: 1, images });
    c.apply([pod({ startupProbe: { httpGet: { path: '/ready', port: 9100 }, periodSeconds: 1, failureThreshold: 30 } })]);
    c.advance('3s');
    expect(get(c).status!.containerStatuses![0]!.state!.waiting!.reason).toBe('PodInitializing');
    c.advance('27s');
    const shipper = Date.parse(startedAt(c, 'init', 'shipper')!);
    // The shipper listens 4 s after it starts; the app is created only after that.
    expect(Date.parse(startedAt(c, 'app', 'app')!) - shipper).toBeGreaterThanOrEqual(4000);
  });

  it("count for the pod's readiness", () => {
    const c = createCluster({ nodes: 1, images });
    c.apply([pod({ readinessProbe: { httpGet: { path: '/nope', port: 9100 }, periodSeconds: 1 } })]);
    c.advance('30s');
    expect(get(c).status!.conditions!.find((x) => x.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [shipper]' });
  });

  it("restart whenever they exit, whatever the pod's restartPolicy", () => {
    const c = createCluster({ nodes: 1, images });
    c.apply([pod({ image: 'busybox:1.37', command: ['sh', '-c', 'sleep 20'] }, { restartPolicy: 'Never' })]);
    c.advance('60s');
    const s = get(c).status!.initContainerStatuses![0]!;
    expect(s.restartCount).toBeGreaterThanOrEqual(1);
    expect(get(c).status!.phase).toBe('Running');
  });

  it("do not keep a Job's pod from completing: stopped once the app is done", () => {
    const c = createCluster({ nodes: 1, images });
    c.apply([
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'report' },
        spec: {
          template: {
            spec: {
              restartPolicy: 'Never',
              initContainers: [{ name: 'shipper', image: 'obs/log-shipper:1.0', restartPolicy: 'Always' }],
              containers: [{ name: 'report', image: 'busybox:1.37', command: ['sh', '-c', 'sleep 10'] }],
            },
          },
        },
      },
    ]);
    c.advance('60s');
    const p = c.list<Pod>('Pod')[0]!;
    expect(p.status!.phase).toBe('Succeeded');
    expect(p.status!.initContainerStatuses![0]!.state!.terminated).toBeDefined();
    expect(c.get<Job>('Job', 'report')!.status!.conditions!.some((x) => x.type === 'Complete' && x.status === 'True')).toBe(true);
  });

  it('stop after the app when the pod is deleted', () => {
    const c = createCluster({ nodes: 1, images });
    c.apply([pod({})]);
    c.advance('30s');
    c.delete('Pod', 'web');
    const running: string[] = [];
    for (let i = 0; i < 40 && c.get('Pod', 'web'); i++) {
      const p = get(c);
      running.push(`${c.now}:${p.status!.containerStatuses![0]!.state!.running ? 'app' : '-'}/${p.status!.initContainerStatuses![0]!.state!.running ? 'shipper' : '-'}`);
      c.advance('1s');
    }
    expect(c.get('Pod', 'web')).toBeUndefined();
    // The app drains for 5 s (its shutdownSeconds) with the shipper beside it; the shipper is stopped after.
    const stopping = c.events({ reason: 'Killing' }).map((e) => `${e.message}@${Date.parse(e.lastTimestamp ?? e.eventTime!) / 1000}`);
    expect(stopping.map((s) => s.split('@')[0])).toEqual(['Stopping container app', 'Stopping container shipper']);
    const [app, shipper] = stopping.map((s) => Number(s.split('@')[1]));
    expect(shipper! - app!).toBe(5);
    expect(running.slice(0, 5).every((r) => r.endsWith('/shipper'))).toBe(true);
  });
});
