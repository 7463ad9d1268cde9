/**
 * Builders for the scheduler's tests: nodes and pods in the shapes upstream's tests use
 * (pkg/scheduler/testing/wrappers.go MakeNode/MakePod), and a simulator context with the scheduler and
 * nothing else, so a test sees exactly what the scheduler decides.
 */
import type { Node, Pod, Taint, Toleration, TopologySpreadConstraint, Affinity, ContainerPort } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../kube/object.ts';
import { Api } from '../api.ts';
import { Clock } from '../clock.ts';
import type { SimContext } from '../context.ts';
import { EventRecorder } from '../events.ts';
import { ImageCatalog } from '../kubelet/images.ts';
import { Rng } from '../rng.ts';
import { Store } from '../store.ts';
import type { SchedulerOptions } from './options.ts';
import { Scheduler } from './scheduler.ts';

export interface NodeOptions {
  cpu?: string;
  memory?: string;
  pods?: number;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  images?: { names: string[]; sizeBytes: number }[];
  extended?: Record<string, string>;
}

export function makeNode(name: string, o: NodeOptions = {}): Node {
  const allocatable = { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: String(o.pods ?? 110), ...(o.extended ?? {}) };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(o.labels ?? {}) } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: { allocatable, capacity: allocatable, ...(o.images ? { images: o.images } : {}) },
  };
}

export interface PodOptions {
  namespace?: string;
  labels?: Record<string, string>;
  cpu?: string;
  memory?: string;
  requests?: Record<string, string>;
  containers?: number;
  image?: string;
  initContainers?: Record<string, string>[];
  overhead?: Record<string, string>;
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  tolerations?: Toleration[];
  spread?: TopologySpreadConstraint[];
  priority?: number;
  priorityClassName?: string;
  preemptionPolicy?: string;
  hostPorts?: ContainerPort[];
  nodeName?: string;
  ownerReferences?: NonNullable<Pod['metadata']>['ownerReferences'];
  schedulingGates?: { name: string }[];
}

export function makePod(name: string, o: PodOptions = {}): Pod {
  const requests = { ...(o.cpu ? { cpu: o.cpu } : {}), ...(o.memory ? { memory: o.memory } : {}), ...(o.requests ?? {}) };
  const container = (i: number) => ({
    name: `c${i}`,
    image: o.image ?? 'registry.k8s.io/pause:3.10',
    ...(Object.keys(requests).length > 0 ? { resources: { requests } } : {}),
    ...(o.hostPorts && i === 0 ? { ports: o.hostPorts } : {}),
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: o.namespace ?? 'default', ...(o.labels ? { labels: o.labels } : {}), ...(o.ownerReferences ? { ownerReferences: o.ownerReferences } : {}) },
    spec: {
      schedulerName: 'default-scheduler',
      containers: Array.from({ length: o.containers ?? 1 }, (_, i) => container(i)),
      ...(o.initContainers ? { initContainers: o.initContainers.map((r, i) => ({ name: `init${i}`, image: 'busybox', resources: { requests: r } })) } : {}),
      ...(o.overhead ? { overhead: o.overhead } : {}),
      ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
      ...(o.affinity ? { affinity: o.affinity } : {}),
      ...(o.tolerations ? { tolerations: o.tolerations } : {}),
      ...(o.spread ? { topologySpreadConstraints: o.spread } : {}),
      ...(o.priority !== undefined ? { priority: o.priority } : {}),
      ...(o.priorityClassName ? { priorityClassName: o.priorityClassName } : {}),
      ...(o.preemptionPolicy ? { preemptionPolicy: o.preemptionPolicy } : {}),
      ...(o.nodeName ? { nodeName: o.nodeName } : {}),
      ...(o.schedulingGates ? { schedulingGates: o.schedulingGates } : {}),
    },
  };
}

/** A context with a store, API, clock and events, the scheduler, and the default namespaces. */
export class SchedulerHarness {
  readonly ctx: SimContext;
  readonly scheduler: Scheduler;

  constructor(options: SchedulerOptions & { seed?: number } = {}) {
    const clock = new Clock(Date.parse('2026-01-01T00:00:00Z'));
    const rng = new Rng(options.seed ?? 1);
    const store = new Store(clock, rng);
    const api = new Api(store, clock, rng);
    const events = new EventRecorder(store, clock);
    this.ctx = { clock, rng, store, api, events, images: new ImageCatalog(), volumeData: new Map(), imageStarts: new Map() };
    for (const ns of ['default', 'kube-system']) this.namespace(ns);
    this.scheduler = new Scheduler(this.ctx, options);
  }

  namespace(name: string, labels: Record<string, string> = {}): void {
    const existing = this.ctx.store.get('Namespace', name);
    const obj = { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } }, spec: {}, status: { phase: 'Active' } };
    if (existing) this.ctx.store.update({ ...existing, metadata: { ...existing.metadata, labels: obj.metadata.labels } });
    else this.ctx.store.create(obj);
  }

  node(n: Node): this {
    this.ctx.store.create(n as unknown as KubeObject);
    return this;
  }

  /** Creates objects through the API (admission, defaulting, validation), as kubectl would. */
  create(obj: KubeObject | Pod): KubeObject {
    return this.ctx.api.create(obj as KubeObject);
  }

  /** A pod already running on a node (written straight to the store, as a bound pod). */
  running(p: Pod, nodeName: string): this {
    this.ctx.store.create({ ...(p as unknown as KubeObject), spec: { ...p.spec!, nodeName }, status: { phase: 'Running', startTime: this.ctx.clock.timestamp() } });
    return this;
  }

  /** Runs every due event (the scheduler's loop included) and `ms` more of virtual time. */
  advance(ms = 0): void {
    this.ctx.clock.advanceTo(this.ctx.clock.now + ms);
  }

  pod(name: string, namespace = 'default'): Pod | undefined {
    return this.ctx.store.get('Pod', name, namespace) as unknown as Pod | undefined;
  }

  pods(namespace?: string): Pod[] {
    return this.ctx.store.list('Pod', namespace) as unknown as Pod[];
  }

  nodeOf(name: string, namespace = 'default'): string | undefined {
    return this.pod(name, namespace)?.spec?.nodeName;
  }

  events(reason?: string): { reason?: string; message?: string; involvedObject: { name?: string }; count?: number; type?: string }[] {
    return (this.ctx.store.list('Event') as unknown as { reason?: string; message?: string; involvedObject: { name?: string }; count?: number; type?: string }[]).filter((e) => reason === undefined || e.reason === reason);
  }

  condition(name: string, namespace = 'default'): { status?: string; reason?: string; message?: string } | undefined {
    return this.pod(name, namespace)?.status?.conditions?.find((c) => c.type === 'PodScheduled');
  }
}
