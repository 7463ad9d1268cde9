/**
 * Scheduling throughput on 5,000 nodes, as Kubernetes' scheduler_perf measures it
 * (test/integration/scheduler_perf: misc/performance-config.yaml SchedulingBasic 5000Nodes_10000Pods,
 * affinity/performance-config.yaml SchedulingPodAntiAffinity 5000Nodes_2000Pods), next to the upstream
 * thresholds (the CI floor, in pods/s).
 *
 * What is measured: a simulator context (store, API, clock, event recorder) with the scheduler and
 * nothing else — no kubelets, no controllers — so that the figure is the scheduler's own: popping the
 * queue, PreFilter/Filter/Score over the nodes, assuming, writing the binding (a store update that all
 * watchers see), the Scheduled event and the explanation record. Nodes are scheduler_perf's
 * node-default (4 CPU, 32 GiB, 110 pods); pods are its pod-default (100m, 500 MiB) and
 * pod-with-pod-anti-affinity (required anti-affinity on kubernetes.io/hostname against color=green in
 * sched-0 and sched-1). The init pods are scheduled first and not timed; the measured pods are created
 * through the API (admission, defaulting, validation — not timed) and then scheduled in one advance of
 * the virtual clock, which is timed with the wall clock.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../src/kube/object.ts';
import { Api } from '../src/sim/api.ts';
import { Clock } from '../src/sim/clock.ts';
import type { SimContext } from '../src/sim/context.ts';
import { EventRecorder } from '../src/sim/events.ts';
import { ImageCatalog } from '../src/sim/kubelet/images.ts';
import { Rng } from '../src/sim/rng.ts';
import { Scheduler } from '../src/sim/scheduler/scheduler.ts';
import { Store } from '../src/sim/store.ts';
import type { BenchResult } from './run.ts';

function context(): SimContext {
  const clock = new Clock(Date.parse('2026-01-01T00:00:00Z'));
  const rng = new Rng(1);
  const store = new Store(clock, rng);
  const api = new Api(store, clock, rng);
  const events = new EventRecorder(store, clock);
  return { clock, rng, store, api, events, images: new ImageCatalog(), volumeData: new Map(), imageStarts: new Map() };
}

function namespace(ctx: SimContext, name: string): void {
  ctx.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
}

/** scheduler_perf templates/node-default.yaml */
function node(i: number): KubeObject {
  const name = `scheduler-perf-${i}`;
  const resources = { pods: '110', cpu: '4', memory: '32Gi' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    spec: {},
    status: { capacity: resources, allocatable: resources, conditions: [{ type: 'Ready', status: 'True' }], phase: 'Running' },
  };
}

function pod(namespaceName: string, antiAffinity: boolean): KubeObject {
  const container = { name: 'pause', image: 'registry.k8s.io/pause:3.10.2', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '100m', memory: '500Mi' }, requests: { cpu: '100m', memory: '500Mi' } } };
  const spec: Record<string, unknown> = { containers: [container] };
  if (antiAffinity) {
    spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { color: 'green' } }, topologyKey: 'kubernetes.io/hostname', namespaces: ['sched-1', 'sched-0'] }] } };
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { generateName: antiAffinity ? 'anti-affinity-pod-' : 'pod-', namespace: namespaceName, ...(antiAffinity ? { labels: { color: 'green' } } : {}) },
    spec,
  };
}

interface Scenario {
  name: string;
  nodes: number;
  initPods: number;
  measurePods: number;
  antiAffinity: boolean;
  threshold: number;
  goal: number;
}

function runScenario(s: Scenario): BenchResult {
  const ctx = context();
  for (const ns of ['default', 'sched-0', 'sched-1']) namespace(ctx, ns);
  const scheduler = new Scheduler(ctx);
  for (let i = 0; i < s.nodes; i++) ctx.store.create(node(i));
  for (let i = 0; i < s.initPods; i++) ctx.api.create(pod(s.antiAffinity ? 'sched-0' : 'default', s.antiAffinity));
  ctx.clock.advanceTo(ctx.clock.now);
  for (let i = 0; i < s.measurePods; i++) ctx.api.create(pod(s.antiAffinity ? 'sched-1' : 'default', s.antiAffinity));
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  ctx.clock.advanceTo(ctx.clock.now);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const pods = ctx.store.list('Pod') as unknown as Pod[];
  const bound = pods.filter((p) => p.spec?.nodeName).length;
  const perNode = new Map<string, number>();
  for (const p of pods) if (p.spec?.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
  const value = Math.round(s.measurePods / seconds);
  void scheduler;
  return {
    name: s.name,
    value,
    unit: 'pods/s',
    extra: {
      nodes: s.nodes,
      initPods: s.initPods,
      measurePods: s.measurePods,
      seconds: Math.round(seconds * 1000) / 1000,
      // CPU time of this process (garbage collection threads included): a figure less sensitive to other
      // load on the machine than the wall-clock rate above.
      cpuSeconds: Math.round(cpuSeconds * 1000) / 1000,
      podsPerCpuSecond: Math.round(s.measurePods / cpuSeconds),
      bound,
      maxPodsPerNode: Math.max(...perNode.values()),
      upstreamThreshold: s.threshold,
      goal: s.goal,
      meetsGoal: value >= s.goal,
    },
  };
}

export async function run(): Promise<BenchResult[]> {
  return [
    runScenario({ name: 'SchedulingBasic/5000Nodes_10000Pods', nodes: 5000, initPods: 1000, measurePods: 10_000, antiAffinity: false, threshold: 680, goal: 10_000 }),
    runScenario({ name: 'SchedulingPodAntiAffinity/5000Nodes_2000Pods', nodes: 5000, initPods: 1000, measurePods: 2000, antiAffinity: true, threshold: 60, goal: 1000 }),
  ];
}
