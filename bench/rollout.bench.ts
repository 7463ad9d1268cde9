/**
 * Orchestra against its peer (@ngrok/webernetes), in the same run: a 10-replica rolling update with
 * readiness probes and a Service; and 500 replicas on 10 nodes from apply to all Ready. Wall time is
 * measured in process; both simulations step in 100 ms of virtual time. Also reports whether each
 * kept upstream's rollout bounds (≤ 13 pods, ≥ 8 available for 10 replicas at 25 %/25 %).
 * Set ORCHESTRA_BENCH_PEER=0 to skip the peer (it takes about a minute).
 */
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../src/kube/object.ts';
import { createCluster } from '../src/sim/cluster.ts';
import { loadWebernetes, tick } from './peer-webernetes.ts';
import type { BenchResult } from './run.ts';

const STEP_MS = 100;

function manifests(replicas: number, image: string): KubeObject[] {
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 8080 }], readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 1 } }] },
        },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } },
  ];
}

interface Outcome {
  ms: number;
  simSeconds: number;
  maxPods: number;
  minAvailable: number;
}

const live = (pods: Pod[]): Pod[] => pods.filter((p) => !p.metadata?.deletionTimestamp);
const ready = (p: Pod): boolean => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
const complete = (d: Deployment | undefined, replicas: number): boolean =>
  !!d && (d.status?.updatedReplicas ?? 0) === replicas && (d.status?.availableReplicas ?? 0) === replicas && (d.status?.replicas ?? 0) === replicas && (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0);

function orchestraRollout(): Outcome {
  const start = performance.now();
  const images = { 'web:1.0': { pullSeconds: 1, startSeconds: 1, ports: [8080] }, 'web:2.0': { pullSeconds: 1, startSeconds: 1, ports: [8080] } };
  const c = createCluster({ nodes: 3, images });
  c.apply(manifests(10, 'web:1.0'));
  while (!complete(c.ctx.store.get('Deployment', 'web', 'default') as unknown as Deployment, 10)) c.advance(STEP_MS);
  c.apply(manifests(10, 'web:2.0'));
  const simStart = c.now;
  let maxPods = 0;
  let minAvailable = Infinity;
  do {
    c.advance(STEP_MS);
    const pods = live(c.ctx.store.list('Pod') as unknown as Pod[]);
    maxPods = Math.max(maxPods, pods.length);
    minAvailable = Math.min(minAvailable, pods.filter(ready).length);
  } while (!complete(c.ctx.store.get('Deployment', 'web', 'default') as unknown as Deployment, 10) || live(c.ctx.store.list('Pod') as unknown as Pod[]).length !== 10);
  return { ms: performance.now() - start, simSeconds: c.now - simStart, maxPods, minAvailable };
}

function orchestraScale(replicas: number, nodes: number): Outcome {
  const start = performance.now();
  const c = createCluster({ nodes: Array.from({ length: nodes }, (_, i) => ({ name: `node-${i + 1}`, cpu: '32', memory: '128Gi' })), images: { 'web:1.0': { pullSeconds: 1, startSeconds: 1, ports: [8080] } } });
  c.apply(manifests(replicas, 'web:1.0'));
  while ((c.ctx.store.list('Pod') as unknown as Pod[]).filter(ready).length < replicas) c.advance(STEP_MS);
  return { ms: performance.now() - start, simSeconds: c.now, maxPods: replicas, minAvailable: replicas };
}

async function peerRollout(): Promise<Outcome> {
  const w = await loadWebernetes();
  const image = (version: string) =>
    class extends w.BaseImage {
      static readonly imageName = 'web';
      static readonly imageVersion = version;
      readonly defaultCommand = ['server'];
      override async exec(ctx: Parameters<InstanceType<typeof w.BaseImage>['exec']>[0], argv: readonly string[]): Promise<number> {
        if (argv[0] !== 'server') return super.exec(ctx, argv);
        await ctx.sleep(1000);
        ctx.listenHttp(8080, async () => ({ status: 200, body: 'ok\n' }));
        return ctx.waitUntilKilled();
      }
    };
  const start = performance.now();
  const cluster = new w.Cluster({ nodes: 3 });
  cluster.registerImage(image('1.0'));
  cluster.registerImage(image('2.0'));
  await cluster.init();
  cluster.pause();
  const step = async (): Promise<void> => {
    cluster.clock.step(STEP_MS);
    for (let i = 0; i < 5; i++) await tick();
  };
  const deployment = async (): Promise<Deployment | undefined> => (await cluster.api.appsv1.readNamespacedDeployment({ name: 'web', namespace: 'default' })) as unknown as Deployment;
  const pods = async (): Promise<Pod[]> => live(((await cluster.api.corev1.listNamespacedPod({ namespace: 'default' })) as unknown as { items: Pod[] }).items);
  await cluster.apply(manifests(10, 'web:1.0') as never);
  let simMs = 0;
  while (!complete(await deployment(), 10)) {
    await step();
    if ((simMs += STEP_MS) > 600_000) throw new Error('webernetes: initial rollout did not finish');
  }
  await cluster.apply(manifests(10, 'web:2.0') as never);
  const simStart = simMs;
  let maxPods = 0;
  let minAvailable = Infinity;
  do {
    await step();
    simMs += STEP_MS;
    const p = await pods();
    maxPods = Math.max(maxPods, p.length);
    minAvailable = Math.min(minAvailable, p.filter(ready).length);
    if (simMs - simStart > 600_000) throw new Error('webernetes: rollout did not finish');
  } while (!complete(await deployment(), 10) || (await pods()).length !== 10);
  const ms = performance.now() - start;
  await cluster.close();
  return { ms, simSeconds: (simMs - simStart) / 1000, maxPods, minAvailable };
}

async function peerScale(replicas: number, nodes: number): Promise<Outcome> {
  const w = await loadWebernetes();
  class Web extends w.BaseImage {
    static readonly imageName = 'web';
    static readonly imageVersion = '1.0';
    readonly defaultCommand = ['server'];
    override async exec(ctx: Parameters<InstanceType<typeof w.BaseImage>['exec']>[0], argv: readonly string[]): Promise<number> {
      if (argv[0] !== 'server') return super.exec(ctx, argv);
      await ctx.sleep(1000);
      ctx.listenHttp(8080, async () => ({ status: 200, body: 'ok\n' }));
      return ctx.waitUntilKilled();
    }
  }
  const start = performance.now();
  const cluster = new w.Cluster({ nodes });
  cluster.registerImage(Web);
  await cluster.init();
  cluster.pause();
  await cluster.apply(manifests(replicas, 'web:1.0') as never);
  let simMs = 0;
  for (;;) {
    cluster.clock.step(STEP_MS);
    for (let i = 0; i < 5; i++) await tick();
    simMs += STEP_MS;
    const items = ((await cluster.api.corev1.listNamespacedPod({ namespace: 'default' })) as unknown as { items: Pod[] }).items;
    if (items.filter(ready).length >= replicas) break;
    if (simMs > 900_000) throw new Error('webernetes: did not reach all Ready');
  }
  const ms = performance.now() - start;
  await cluster.close();
  return { ms, simSeconds: simMs / 1000, maxPods: replicas, minAvailable: replicas };
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const median = (f: () => Outcome, n: number): Outcome => {
    const runs = Array.from({ length: n }, f).sort((a, b) => a.ms - b.ms);
    return runs[Math.floor(n / 2)]!;
  };
  const rollout = median(orchestraRollout, 9);
  results.push({ name: 'rolling-update-10/orchestra', value: round(rollout.ms), unit: 'ms', extra: { simSeconds: rollout.simSeconds, maxPods: rollout.maxPods, minAvailable: rollout.minAvailable, boundsHeld: rollout.maxPods <= 13 && rollout.minAvailable >= 8 } });
  const scale = median(() => orchestraScale(500, 10), 3);
  results.push({ name: 'scale-500-on-10-nodes/orchestra', value: round(scale.ms), unit: 'ms', extra: { simSeconds: scale.simSeconds } });
  if (process.env.ORCHESTRA_BENCH_PEER === '0') return results;
  const peer = await peerRollout();
  results.push({ name: 'rolling-update-10/webernetes', value: round(peer.ms), unit: 'ms', extra: { simSeconds: peer.simSeconds, maxPods: peer.maxPods, minAvailable: peer.minAvailable, boundsHeld: peer.maxPods <= 13 && peer.minAvailable >= 8 } });
  results.push({ name: 'rolling-update-10/speedup', value: round(peer.ms / rollout.ms), unit: 'ratio', extra: { goal: 50 } });
  const peerBig = await peerScale(500, 10);
  results.push({ name: 'scale-500-on-10-nodes/webernetes', value: round(peerBig.ms), unit: 'ms', extra: { simSeconds: peerBig.simSeconds } });
  results.push({ name: 'scale-500-on-10-nodes/speedup', value: round(peerBig.ms / scale.ms), unit: 'ratio', extra: { goal: 100 } });
  return results;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
