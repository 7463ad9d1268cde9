// Pod termination as the kubelet runs it: pkg/kubelet/kuberuntime/kuberuntime_container.go killContainer
// (preStop hook, then SIGTERM with what is left of the grace period, at least 2 s, then SIGKILL),
// pkg/kubelet/lifecycle/handlers.go (the hook actions) and pkg/kubelet/prober/worker.go (which probes
// run while a pod is being deleted).
import type { Container, Lifecycle, Pod } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/object.ts';
import { createCluster, type Cluster } from '../cluster.ts';
import type { ImageBehavior } from './images.ts';

const WEB: ImageBehavior = { pullSeconds: 1, startSeconds: 1, ports: [8080], healthPaths: ['/healthz'] };

function webPod(container: Partial<Container>, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: { containers: [{ name: 'app', image: 'shop/web:v1', ports: [{ containerPort: 8080 }], ...container }], ...spec },
  };
}

const SERVICE: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } };
const READINESS = { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1, failureThreshold: 1 };

interface Run {
  c: Cluster;
  /** Simulated second at which the pod was deleted. */
  deletedAt: number;
  /** Simulated seconds (since the deletion) at which the pod object went away, and its last status. */
  gone(): { after: number | undefined; last: Pod | undefined };
}

/** Starts the pod behind a Service, deletes it at t=10 s and records when it goes. */
function deleteAt10(image: ImageBehavior, container: Partial<Container>, spec: Record<string, unknown> = {}, gracePeriodSeconds?: number): Run {
  const c = createCluster({ nodes: 1, images: { 'shop/web:v1': image } });
  const out = c.apply([webPod(container, spec), SERVICE]);
  expect(out.map((o) => o.error?.text.en)).toEqual([undefined, undefined]);
  let last: Pod | undefined;
  let goneAtMs: number | undefined;
  c.watch('Pod', (e) => {
    if (e.type === 'DELETED') goneAtMs = c.ctx.clock.now;
    else last = e.object as unknown as Pod;
  });
  c.advance('10s');
  expect(c.get<Pod>('Pod', 'web')!.status!.phase).toBe('Running');
  c.delete('Pod', 'web', 'default', gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds });
  return { c, deletedAt: 10, gone: () => ({ after: goneAtMs === undefined ? undefined : goneAtMs / 1000 - 10, last }) };
}

function endpointConditions(c: Cluster): unknown {
  const slice = c.list<EndpointSlice>('EndpointSlice').find((s) => s.metadata?.labels?.['kubernetes.io/service-name'] === 'web');
  return slice?.endpoints?.[0]?.conditions;
}

const preStop = (handler: Lifecycle['preStop']): Partial<Container> => ({ lifecycle: { preStop: handler } });
const terminated = (pod: Pod | undefined) => pod?.status?.containerStatuses?.[0]?.state?.terminated;
const warnings = (c: Cluster) => c.events({ reason: 'FailedPreStopHook' }).map((e) => [e.type, e.message]);

describe('the preStop hook runs before SIGTERM (killContainer)', () => {
  it('a sleep keeps the app serving while its endpoint is ready=false, serving=true, terminating=true', () => {
    const run = deleteAt10(WEB, { readinessProbe: READINESS, ...preStop({ sleep: { seconds: 8 } }) });
    const { c } = run;
    c.setTraffic({ service: 'web', rps: 10 });
    c.advance('1s');
    expect(c.events({ reason: 'Killing' }).map((e) => e.message)).toEqual(['Stopping container app']);
    expect(endpointConditions(c)).toEqual({ ready: false, serving: true, terminating: true });
    c.advance('6900ms');
    // The only endpoint is terminating but serving: kube-proxy falls back to it (ProxyTerminatingEndpoints) and the app answers.
    expect(c.traffic.totalsFor('default', 'web')).toEqual({ requests: 70, ok: 70, failed: 0 });
    expect(run.gone().after).toBeUndefined();
    c.advance('200ms');
    // SIGTERM at 8 s; the app exits at once and the pod object goes.
    expect(run.gone().after).toBe(8);
    expect(terminated(run.gone().last)).toMatchObject({ exitCode: 0 });
    expect(warnings(c)).toEqual([]);
  });

  it('without a hook SIGTERM comes at once', () => {
    const run = deleteAt10(WEB, { readinessProbe: READINESS });
    run.c.advance('100ms');
    expect(run.gone().after).toBe(0);
  });

  it('a sleep of 0 seconds is accepted (PodLifecycleSleepActionAllowZero, GA in v1.34) and waits for nothing', () => {
    const run = deleteAt10(WEB, preStop({ sleep: { seconds: 0 } }));
    run.c.advance('100ms');
    expect(run.gone().after).toBe(0);
    expect(warnings(run.c)).toEqual([]);
  });

  it('an exec hook runs its command: sh -c "sleep 6" takes 6 s', () => {
    const run = deleteAt10(WEB, preStop({ exec: { command: ['sh', '-c', 'sleep 6'] } }));
    run.c.advance('7s');
    expect(run.gone().after).toBe(6);
    expect(warnings(run.c)).toEqual([]);
  });

  it("an exec hook running the image's own tool takes the catalog's hookSeconds", () => {
    const run = deleteAt10({ ...WEB, hookSeconds: 3 }, preStop({ exec: { command: ['nginx', '-s', 'quit'] } }));
    run.c.advance('4s');
    expect(run.gone().after).toBe(3);
  });

  it('an httpGet hook to the app takes hookSeconds and succeeds whatever the path answers', () => {
    const run = deleteAt10({ ...WEB, hookSeconds: 2 }, preStop({ httpGet: { path: '/shutdown', port: 8080 } }));
    run.c.advance('3s');
    expect(run.gone().after).toBe(2);
    expect(warnings(run.c)).toEqual([]);
  });

  it.each([
    ['an exec hook that exits 1', { exec: { command: ['sh', '-c', 'exit 1'] } }, {}],
    ['an exec hook whose tool fails', { exec: { command: ['/app/drain'] } }, { hookExitCode: 2 }],
    ['an httpGet hook to a port nothing answers on', { httpGet: { path: '/', port: 9090 } }, {}],
    ['a tcpSocket hook (not a handler the kubelet runs)', { tcpSocket: { port: 8080 } }, {}],
  ])('%s: FailedPreStopHook, then SIGTERM', (_name, hook, image) => {
    const run = deleteAt10({ ...WEB, ...image }, preStop(hook));
    run.c.advance('100ms');
    expect(warnings(run.c)).toEqual([['Warning', 'PreStopHook failed']]);
    expect(run.gone().after).toBe(0);
  });
});

describe('the grace period covers the hook and the shutdown', () => {
  // An app that needs a minute to exit after SIGTERM: it is killed when the grace period ends.
  const SLOW_EXIT: ImageBehavior = { ...WEB, shutdownSeconds: 60 };

  it('a hook longer than the grace period is cut off: SIGTERM when it ends, SIGKILL 2 s later (minimumGracePeriodInSeconds)', () => {
    const run = deleteAt10({ ...SLOW_EXIT, hookSeconds: 40 }, preStop({ exec: { command: ['/app/drain'] } }), { terminationGracePeriodSeconds: 30 });
    run.c.advance('31s');
    expect(run.gone().after).toBeUndefined();
    expect(warnings(run.c)).toEqual([]);
    run.c.advance('1500ms');
    expect(run.gone().after).toBe(32);
    expect(terminated(run.gone().last)).toMatchObject({ exitCode: 137, reason: 'Error' });
    // The hook was still running when its container was killed: it failed.
    expect(warnings(run.c)).toEqual([['Warning', 'PreStopHook failed']]);
  });

  it("the hook's time is taken off the grace period in whole seconds, as executePreStopHook measures it", () => {
    // 5.5 s of hook leave 10 − 5 = 5 s after SIGTERM: SIGKILL at 10.5 s.
    const run = deleteAt10({ ...SLOW_EXIT, hookSeconds: 5.5 }, preStop({ exec: { command: ['/app/drain'] } }), { terminationGracePeriodSeconds: 10 });
    run.c.advance('10400ms');
    expect(run.gone().after).toBeUndefined();
    run.c.advance('200ms');
    expect(run.gone().after).toBe(10.5);
    expect(terminated(run.gone().last)).toMatchObject({ exitCode: 137 });
  });

  it('kubectl delete --grace-period shorter than the sleep cuts the sleep short', () => {
    const run = deleteAt10({ ...WEB, shutdownSeconds: 10 }, preStop({ sleep: { seconds: 20 } }), {}, 5);
    run.c.advance('8s');
    expect(run.gone().after).toBe(7);
    expect(warnings(run.c)).toEqual([['Warning', 'PreStopHook failed']]);
  });

  it('without a hook SIGTERM still leaves at least 2 s before SIGKILL', () => {
    const run = deleteAt10({ ...WEB, shutdownSeconds: 5 }, {}, { terminationGracePeriodSeconds: 1 });
    run.c.advance('1500ms');
    expect(run.gone().after).toBeUndefined();
    run.c.advance('1s');
    expect(run.gone().after).toBe(2);
    expect(terminated(run.gone().last)).toMatchObject({ exitCode: 137 });
  });

  it('an app that exits within what is left after the hook exits cleanly', () => {
    const run = deleteAt10({ ...WEB, shutdownSeconds: 15 }, preStop({ sleep: { seconds: 10 } }), { terminationGracePeriodSeconds: 30 });
    run.c.advance('26s');
    expect(run.gone().after).toBe(25);
    expect(terminated(run.gone().last)).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });
});

describe('probes while a pod is being deleted (worker.go doProbe)', () => {
  it('readiness keeps probing: an app that stops answering on SIGTERM turns NotReady and its endpoint stops serving', () => {
    // The app drains for 20 s after SIGTERM with its port closed.
    const run = deleteAt10({ ...WEB, shutdownSeconds: 20 }, { readinessProbe: READINESS });
    const { c } = run;
    c.advance('2s');
    const pod = c.get<Pod>('Pod', 'web')!;
    expect(pod.status!.containerStatuses![0]!.state!.running).toBeDefined();
    expect(pod.status!.conditions!.find((x) => x.type === 'Ready')!.status).toBe('False');
    expect(endpointConditions(c)).toEqual({ ready: false, serving: false, terminating: true });
    expect(c.events({ reason: 'Unhealthy' })[0]!.message).toMatch(/^Readiness probe failed: Get "http:\/\/10\.244\.0\.\d+:8080\/healthz": dial tcp .* connection refused$/);
  });

  it('liveness stops: a hung app is not restarted while its preStop hook runs', () => {
    const hangs = { ...WEB, hangAfterSeconds: 11 };
    const liveness = { httpGet: { path: '/healthz', port: 8080 }, initialDelaySeconds: 3, periodSeconds: 1, failureThreshold: 1 };
    const run = deleteAt10(hangs, { livenessProbe: liveness, ...preStop({ sleep: { seconds: 5 } }) });
    run.c.advance('4s');
    expect(run.c.events({ reason: 'Unhealthy' })).toEqual([]);
    expect(run.c.events({ reason: 'Killing' }).map((e) => e.message)).toEqual(['Stopping container app']);
    expect(run.c.get<Pod>('Pod', 'web')!.status!.containerStatuses![0]!.restartCount).toBe(0);
  });

  it('a startup probe that has not passed yet is set to Success, so readiness probing starts', () => {
    const slow = { ...WEB, startSeconds: 12 };
    const container = {
      startupProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10, failureThreshold: 30 },
      readinessProbe: READINESS,
      ...preStop({ sleep: { seconds: 10 } }),
    };
    const run = deleteAt10(slow, container);
    run.c.advance('100ms');
    expect(run.c.get<Pod>('Pod', 'web')!.status!.containerStatuses![0]).toMatchObject({ started: true, ready: false });
    // The app listens from 13 s: readiness, now probing, finds it during the hook.
    run.c.advance('4s');
    expect(run.c.get<Pod>('Pod', 'web')!.status!.containerStatuses![0]).toMatchObject({ started: true, ready: true });
    expect(endpointConditions(run.c)).toEqual({ ready: false, serving: true, terminating: true });
  });
});
