import type { Container, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/object.ts';
import { createCluster, type Cluster, type ClusterOptions } from '../cluster.ts';

function pod(containers: Partial<Container>[], spec: Record<string, unknown> = {}, name = 'p'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: containers.map((c, i) => ({ name: `c${i}`, image: 'busybox:1.37', ...c })), ...spec },
  };
}

function run(obj: KubeObject, options: ClusterOptions = {}): { c: Cluster; get: () => Pod } {
  const c = createCluster({ nodes: 1, ...options });
  const [out] = c.apply([obj]);
  expect(out!.error).toBeUndefined();
  return { c, get: () => c.get<Pod>('Pod', obj.metadata.name!)! };
}

/** Seconds (since start) at which restartCount went up, sampled every second. */
function restartTimes(c: Cluster, get: () => Pod, seconds: number): number[] {
  const times: number[] = [];
  let last = 0;
  for (let t = 1; t <= seconds; t++) {
    c.advance('1s');
    const n = get().status?.containerStatuses?.[0]?.restartCount ?? 0;
    if (n > last) times.push(t);
    last = n;
  }
  return times;
}

describe('restart back-off (pkg/kubelet/kuberuntime doBackOff; KEP-4603 describes the curve)', () => {
  it('restarts a crashing container after 10, 20, 40, 80, 160, then 300 s', () => {
    const { c, get } = run(pod([{ command: ['sh', '-c', 'exit 1'] }]));
    // Pulled and exited at 1 s; each restart starts (and crashes) at once.
    expect(restartTimes(c, get, 920)).toEqual([11, 31, 71, 151, 311, 611, 911]);
  });

  it('shows CrashLoopBackOff with the last termination, and the pod stays Running', () => {
    const { c, get } = run(pod([{ command: ['sh', '-c', 'echo starting; exit 3'] }]));
    c.advance('5s');
    const s = get().status!;
    expect(s.phase).toBe('Running');
    expect(s.containerStatuses![0]!.state!.waiting).toMatchObject({ reason: 'CrashLoopBackOff' });
    expect(s.containerStatuses![0]!.state!.waiting!.message).toMatch(/^back-off 10s restarting failed container=c0 pod=p_default\(/);
    expect(s.containerStatuses![0]!.lastState!.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(c.events({ reason: 'BackOff' })[0]!.message).toMatch(/^Back-off restarting failed container c0 in pod p_default\(/);
  });

  it('starts again from 10 s after a container ran cleanly for 10 minutes', () => {
    const { c, get } = run(pod([{ image: 'shop/flaky:v1' }]), { images: { 'shop/flaky:v1': { pullSeconds: 1, crashAfterSeconds: 700 } } });
    // Crashes at 701 s, 1411 s (700 s after the 711 s restart): each time back at 10 s.
    expect(restartTimes(c, get, 1430)).toEqual([711, 1421]);
  });
});

describe('restart policies and phases (pkg/kubelet/kubelet_pods.go getPhase)', () => {
  it('Never: a container that exits 0 makes the pod Succeeded, one that fails makes it Failed', () => {
    const ok = run(pod([{ command: ['sh', '-c', 'sleep 5; exit 0'] }], { restartPolicy: 'Never' }));
    ok.c.advance('10s');
    expect(ok.get().status!.phase).toBe('Succeeded');
    expect(ok.get().status!.containerStatuses![0]!.state!.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(ok.get().status!.conditions!.find((x) => x.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    const bad = run(pod([{ command: ['false'] }], { restartPolicy: 'Never' }));
    bad.c.advance('10s');
    expect(bad.get().status!.phase).toBe('Failed');
  });

  it('OnFailure restarts a failing container but not a succeeding one', () => {
    const failing = run(pod([{ command: ['sh', '-c', 'exit 2'] }], { restartPolicy: 'OnFailure' }));
    failing.c.advance('15s');
    expect(failing.get().status!.containerStatuses![0]!.restartCount).toBe(1);
    expect(failing.get().status!.phase).toBe('Running');
    const done = run(pod([{ command: ['true'] }], { restartPolicy: 'OnFailure' }));
    done.c.advance('60s');
    expect(done.get().status!.phase).toBe('Succeeded');
    expect(done.get().status!.containerStatuses![0]!.restartCount).toBe(0);
  });

  it('busybox with no command runs sh, which exits at once: Completed, then CrashLoopBackOff', () => {
    const { c, get } = run(pod([{}]));
    c.advance('1s');
    expect(get().status!.containerStatuses![0]!.state!.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    c.advance('2s');
    expect(get().status!.containerStatuses![0]!.state!.waiting!.reason).toBe('CrashLoopBackOff');
  });
});

describe('init containers', () => {
  it('run one after another before the app containers', () => {
    const { c, get } = run(pod([{ command: ['sleep', '3600'] }], { initContainers: [{ name: 'wait', image: 'busybox:1.37', command: ['sh', '-c', 'sleep 5'] }] }));
    c.advance('3s');
    expect(get().status!.phase).toBe('Pending');
    expect(get().status!.conditions!.find((x) => x.type === 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [wait]' });
    expect(get().status!.containerStatuses![0]!.state!.waiting!.reason).toBe('PodInitializing');
    c.advance('5s');
    expect(get().status!.phase).toBe('Running');
    expect(get().status!.initContainerStatuses![0]!.state!.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('a failed init container fails the pod when restartPolicy is Never', () => {
    const { c, get } = run(pod([{ command: ['sleep', '3600'] }], { restartPolicy: 'Never', initContainers: [{ name: 'migrate', image: 'busybox:1.37', command: ['sh', '-c', 'exit 1'] }] }));
    c.advance('5s');
    expect(get().status!.phase).toBe('Failed');
  });
});

describe('probes (pkg/kubelet/prober)', () => {
  const hangs = { 'shop/hangs:v1': { pullSeconds: 1, startSeconds: 2, ports: [8080], hangAfterSeconds: 30 } };

  it('a liveness probe restarts a container that hangs', () => {
    const { c, get } = run(
      pod([{ image: 'shop/hangs:v1', livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10, failureThreshold: 3 } }], { terminationGracePeriodSeconds: 5 }),
      { images: hangs },
    );
    c.advance('60s');
    const unhealthy = c.events({ reason: 'Unhealthy' });
    expect(unhealthy[0]!.message).toMatch(/^Liveness probe failed: Get "http:\/\/10\.244\.0\.\d+:8080\/healthz": context deadline exceeded/);
    expect(unhealthy[0]!.count).toBe(3);
    expect(c.events({ reason: 'Killing' })[0]!.message).toBe('Container c0 failed liveness probe, will be restarted');
    c.advance('30s');
    const cs = get().status!.containerStatuses![0]!;
    expect(cs.restartCount).toBe(1);
    // A hung process ignores SIGTERM and is killed when the grace period ends.
    expect(cs.lastState!.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
  });

  // pkg/kubelet/prober/worker.go: after a liveness failure only the liveness worker is on hold; the
  // readiness worker keeps probing the container until it is gone.
  it('readiness keeps probing a container while its liveness kill waits out the grace period', () => {
    const { c, get } = run(
      pod([
        {
          image: 'shop/hangs:v1',
          livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 5, failureThreshold: 2 },
          readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10, failureThreshold: 3 },
        },
      ], { terminationGracePeriodSeconds: 30 }),
      { images: hangs },
    );
    let killedAt: number | undefined;
    let notReadyAt: number | undefined;
    for (let t = 1; t <= 80 && get().status!.containerStatuses![0]!.restartCount === 0; t++) {
      c.advance('1s');
      killedAt ??= c.events({ reason: 'Killing' }).length > 0 ? t : undefined;
      const cs = get().status!.containerStatuses![0]!;
      if (notReadyAt === undefined && killedAt !== undefined && cs.state?.running && !cs.ready) notReadyAt = t;
    }
    // Started at 1 s, hung at 31 s; the liveness probe fails at 35 s and 40 s and kills; the hung
    // process ignores SIGTERM and dies when the 30 s grace period ends, at 70 s. Readiness fails at 40,
    // 50 and 60 s and reaches its threshold of 3 while the container still runs.
    expect(killedAt).toBe(40);
    expect(notReadyAt).toBe(60);
    const readinessFailures = c.events({ reason: 'Unhealthy' }).filter((e) => e.message!.startsWith('Readiness'));
    expect(readinessFailures[0]!.count).toBe(3);
  });

  it('a tcpSocket liveness probe does not notice a hang: the port is still open', () => {
    const { c, get } = run(pod([{ image: 'shop/hangs:v1', livenessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 10 } }]), { images: hangs });
    c.advance('120s');
    expect(get().status!.containerStatuses![0]!.restartCount).toBe(0);
  });

  it('a startup probe holds liveness and readiness back until the app has started', () => {
    const slow = { 'shop/slow:v1': { pullSeconds: 1, startSeconds: 45, ports: [8080] } };
    const container = {
      image: 'shop/slow:v1',
      startupProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 10, failureThreshold: 10 },
      livenessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 10, failureThreshold: 1 },
      readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 10 },
    };
    const { c, get } = run(pod([container]), { images: slow });
    c.advance('45s');
    expect(get().status!.containerStatuses![0]).toMatchObject({ started: false, ready: false, restartCount: 0 });
    c.advance('20s');
    expect(get().status!.containerStatuses![0]).toMatchObject({ started: true, ready: true, restartCount: 0 });
    expect(c.events({ reason: 'Killing' })).toEqual([]);
  });

  it('the same slow app without a startup probe is killed by its liveness probe', () => {
    const slow = { 'shop/slow:v1': { pullSeconds: 1, startSeconds: 45, ports: [8080] } };
    const { c } = run(pod([{ image: 'shop/slow:v1', livenessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 10, failureThreshold: 3 } }]), { images: slow });
    c.advance('45s');
    expect(c.events({ reason: 'Killing' })[0]!.message).toBe('Container c0 failed liveness probe, will be restarted');
  });
});

describe('resources and configuration', () => {
  it('a container that needs more memory than its limit is OOMKilled', () => {
    const { c, get } = run(pod([{ image: 'mysql:8.4', resources: { limits: { memory: '64Mi' } } }]));
    c.advance('20s');
    const cs = get().status!.containerStatuses![0]!;
    expect(cs.lastState?.terminated ?? cs.state?.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
  });

  it('a missing ConfigMap keeps the container in CreateContainerConfigError until it exists', () => {
    const env = [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'mode' } } }];
    const { c, get } = run(pod([{ image: 'nginx:1.27', env }]));
    c.advance('5s');
    expect(get().status!.containerStatuses![0]!.state!.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'configmap "app-config" not found' });
    expect(c.events({ reason: 'Failed' })[0]!.message).toBe('Error: configmap "app-config" not found');
    c.apply([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config' }, data: { mode: 'shop' } }]);
    c.advance('10s');
    expect(get().status!.containerStatuses![0]!.state!.running).toBeDefined();
  });
});

describe('image pulls (pkg/kubelet/images)', () => {
  it('are serialized per node: the second waits for the first', () => {
    const c = createCluster({ nodes: 1, images: { 'a/one:v1': { pullSeconds: 4 }, 'a/two:v1': { pullSeconds: 3 } } });
    c.apply([pod([{ image: 'a/one:v1' }], {}, 'one'), pod([{ image: 'a/two:v1' }], {}, 'two')]);
    c.advance('10s');
    const pulled = c.events({ reason: 'Pulled' }).map((e) => e.message);
    expect(pulled).toEqual([
      'Successfully pulled image "a/one:v1" in 4s (4s including waiting). Image size: 96000000 bytes.',
      'Successfully pulled image "a/two:v1" in 3s (7s including waiting). Image size: 72000000 bytes.',
    ]);
  });
});
