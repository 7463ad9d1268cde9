/**
 * A simulated Kubernetes cluster: the public API graders, the CLI and the site use.
 *
 *   const c = createCluster({ nodes: 3 });
 *   c.apply(objects);
 *   c.advance('60s');
 *   c.list('Pod', { namespace: 'default' });
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { Event } from 'kubernetes-types/core/v1';
import { conversionFor } from '../kube/conversion.ts';
import type { KubeObject } from '../kube/object.ts';
import { matchesSelector } from '../kube/selector.ts';
import { Api, type DeleteOptions } from './api.ts';
import { alreadyExists, ApiError, notFound } from './api-error.ts';
import { Clock } from './clock.ts';
import type { SimContext } from './context.ts';
import { DeploymentController } from './controllers/deployment.ts';
import { EndpointSliceController } from './controllers/endpointslice.ts';
import { GarbageCollector } from './controllers/garbage-collector.ts';
import { NamespaceController } from './controllers/namespace.ts';
import { ResourceQuotaController } from './controllers/resource-quota.ts';
import { PersistentVolumeController } from './controllers/persistent-volume.ts';
import { JobController } from './controllers/job.ts';
import { CronJobController } from './controllers/cronjob.ts';
import { StatefulSetController } from './controllers/statefulset.ts';
import { DaemonSetController } from './controllers/daemonset.ts';
import { NodeLifecycleController } from './controllers/node-lifecycle.ts';
import { TaintEvictionController } from './controllers/taint-eviction.ts';
import { ReplicaSetController } from './controllers/replicaset.ts';
import { parseDuration } from './duration.ts';
import { EventRecorder } from './events.ts';
import { ImageCatalog, type ImageBehavior } from './kubelet/images.ts';
import { Kubelet } from './kubelet/kubelet.ts';
import { defaultNodes, nodeObject, podCidr, type NodeSpec } from './nodes.ts';
import { Rng } from './rng.ts';
import type { SchedulerOptions } from './scheduler/options.ts';
import { Scheduler } from './scheduler/scheduler.ts';
import type { SchedulingExplanation } from './scheduler/explain.ts';
import { TrafficModel } from './network/traffic.ts';
import { KubeProxy } from './network/kube-proxy.ts';
import { MetricsServer } from './metrics/metrics-server.ts';
import { HorizontalPodAutoscalerController } from './controllers/hpa/hpa.ts';
import { resolveName } from './network/dns.ts';
import { sample, type Sample } from './scenario/sample.ts';
import { Store, type WatchHandler } from './store.ts';
import { KIND_STORAGE_CLASSES, storageClassObject, type StorageClassSpec } from './storage-classes.ts';
import { forCreate, forUpdate } from './kubectl/apply.ts';
import { cordon, drain, type Drain, type DrainOptions } from './kubectl/drain.ts';
import { evict } from './registry/eviction.ts';
import { DisruptionController } from './controllers/disruption.ts';
import { rolloutPause, rolloutRestart, rolloutUndo, scale, setImage } from './kubectl/rollout.ts';
import type { Text } from '../kube/text.ts';

export interface ClusterOptions {
  /** Node specs, or a number of default nodes (2 CPU, 4 GiB, 110 pods each). Default 3. */
  nodes?: NodeSpec[] | number;
  /** Image behaviours added to (and overriding) the default catalog. */
  images?: Record<string, ImageBehavior>;
  /** Seed of the random generator (names, uids, tie-breaks). Default 1. */
  seed?: number;
  /** The wall-clock instant the simulation starts at, for API timestamps. */
  startTime?: string;
  /** Most simulator tasks one advance may run before it stops with an error. */
  taskBudget?: number;
  /** Scheduler settings, e.g. the NodeResourcesFit scoring strategy. */
  scheduler?: SchedulerOptions;
  /** Seconds from an EndpointSlice change to kube-proxy's rules (network/kube-proxy.ts). Default 0: at once. */
  networkProgrammingSeconds?: number;
  /** The StorageClasses the cluster comes with (storage-classes.ts). Default: kind's `standard`. */
  storageClasses?: StorageClassSpec[];
}

export type ApplyAction = 'created' | 'configured' | 'unchanged';

export interface ApplyOutcome {
  kind: string;
  name: string;
  namespace?: string;
  action?: ApplyAction;
  error?: ApiError;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: LabelSelector | Record<string, string>;
}

export class SimulationBudgetExceeded extends Error {
  constructor(budget: number, atMs: number) {
    super(`the simulation ran too many tasks (budget ${budget} per advance, ${INSTANT_BUDGET} per instant) at t=${atMs / 1000}s and was stopped`);
    this.name = 'SimulationBudgetExceeded';
  }
}

const DEFAULT_START = '2026-01-01T00:00:00Z';
/** More tasks than this at one virtual instant means components keep re-triggering each other. */
const INSTANT_BUDGET = 100_000;

export class Cluster {
  readonly ctx: SimContext;
  private readonly taskBudget: number;
  private readonly kubelets = new Map<string, Kubelet>();
  /** Clients sending requests to Services (`setTraffic`), and what happened to them. */
  readonly traffic: TrafficModel;
  /** metrics-server: pod and node CPU and memory, as the HPA and `kubectl top` read them. */
  readonly metrics: MetricsServer;
  private readonly disruption: DisruptionController;
  private readonly scheduler: Scheduler;

  constructor(options: ClusterOptions = {}) {
    const clock = new Clock(Date.parse(options.startTime ?? DEFAULT_START));
    const rng = new Rng(options.seed ?? 1);
    const store = new Store(clock, rng);
    const api = new Api(store, clock, rng);
    const events = new EventRecorder(store, clock);
    const images = new ImageCatalog(options.images);
    this.ctx = { clock, rng, store, api, events, images, volumeData: new Map(), imageStarts: new Map() };
    this.taskBudget = options.taskBudget ?? 2_000_000;

    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    }
    new GarbageCollector(this.ctx);
    new NamespaceController(this.ctx);
    new ResourceQuotaController(this.ctx);
    new PersistentVolumeController(this.ctx);
    new ReplicaSetController(this.ctx);
    new DeploymentController(this.ctx);
    new EndpointSliceController(this.ctx);
    new JobController(this.ctx);
    new CronJobController(this.ctx);
    new StatefulSetController(this.ctx);
    new DaemonSetController(this.ctx);
    new NodeLifecycleController(this.ctx);
    this.disruption = new DisruptionController(this.ctx);
    this.traffic = new TrafficModel(this.ctx, {
      server: (pod, port) => this.kubelets.get(pod.spec?.nodeName ?? '')?.server(pod.metadata?.uid ?? '', port),
      running: (pod) => this.kubelets.get(pod.spec?.nodeName ?? '')?.runningContainers(pod.metadata?.uid ?? '') ?? [],
    }, new KubeProxy(this.ctx, options.networkProgrammingSeconds));
    this.metrics = new MetricsServer(this.ctx, this.traffic, (pod) => this.kubelets.get(pod.spec?.nodeName ?? '')?.runningContainers(pod.metadata?.uid ?? '') ?? []);
    new HorizontalPodAutoscalerController(this.ctx, this.metrics);
    new TaintEvictionController(this.ctx);
    this.scheduler = new Scheduler(this.ctx, options.scheduler);
    const nodes = typeof options.nodes === 'number' ? defaultNodes(options.nodes) : (options.nodes ?? defaultNodes(3));
    for (const spec of nodes) this.registerNode(spec);
    for (const sc of options.storageClasses ?? KIND_STORAGE_CLASSES) api.create(storageClassObject(sc));
    api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } }, spec: { ports: [{ name: 'https', port: 443, targetPort: 6443 }] } });
    this.advance(0);
  }

  /** Simulated seconds since the cluster was created. */
  get now(): number {
    return this.ctx.clock.now / 1000;
  }

  /** Creates or updates each object, as `kubectl apply` does; a rejected object is reported, not thrown. */
  apply(objects: readonly KubeObject[]): ApplyOutcome[] {
    const out = objects.map((obj) => this.applyOne(obj));
    this.advance(0);
    return out;
  }

  private applyOne(obj: KubeObject): ApplyOutcome {
    const base = { kind: obj.kind, name: obj.metadata?.name ?? '', ...(obj.metadata?.namespace ? { namespace: obj.metadata.namespace } : {}) };
    try {
      const existing = this.ctx.api.get(obj.kind, obj.metadata?.name ?? '', this.namespaceFor(obj));
      if (!existing) {
        const created = this.ctx.api.create(forCreate(obj));
        return { ...base, namespace: created.metadata.namespace, action: 'created' };
      }
      const before = existing.metadata.resourceVersion;
      // kubectl reads the live object in the configuration's version (an autoscaling/v1 HPA as v1).
      const live = conversionFor(obj.apiVersion, obj.kind)?.fromStored(existing) ?? existing;
      const updated = this.ctx.api.update(forUpdate(live, obj));
      return { ...base, namespace: updated.metadata.namespace, action: updated.metadata.resourceVersion === before ? 'unchanged' : 'configured' };
    } catch (e) {
      if (e instanceof ApiError) return { ...base, error: e };
      throw e;
    }
  }

  private namespaceFor(obj: KubeObject): string | undefined {
    const kinds = new Set(['Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'PriorityClass']);
    return kinds.has(obj.kind) ? undefined : (obj.metadata?.namespace ?? 'default');
  }

  /** Runs the simulation forward by a duration (`'30s'`, `'5m'`, or milliseconds as a number). */
  advance(duration: string | number): void {
    const ms = typeof duration === 'number' ? duration : parseDuration(duration);
    const clock = this.ctx.clock;
    if (!clock.advanceTo(clock.now + ms, this.taskBudget, INSTANT_BUDGET)) throw new SimulationBudgetExceeded(this.taskBudget, clock.now);
  }

  /**
   * Advances in steps of `stepMs` until `done()` holds or `maxMs` has passed. Returns whether it held.
   */
  advanceUntil(done: () => boolean, maxMs: number, stepMs = 1000): boolean {
    const end = this.ctx.clock.now + maxMs;
    while (!done()) {
      if (this.ctx.clock.now >= end) return false;
      this.advance(Math.min(stepMs, end - this.ctx.clock.now));
    }
    return true;
  }

  get<T = KubeObject>(kind: string, name: string, namespace = 'default'): T | undefined {
    const obj = this.ctx.store.get(kind, name, this.namespaceFor({ kind, metadata: { namespace } } as KubeObject));
    return obj === undefined ? undefined : (structuredClone(obj) as T);
  }

  list<T = KubeObject>(kind: string, options: ListOptions = {}): T[] {
    const selector = options.labelSelector;
    const sel: LabelSelector | undefined = selector === undefined ? undefined : 'matchLabels' in selector || 'matchExpressions' in selector ? (selector as LabelSelector) : { matchLabels: selector as Record<string, string> };
    return this.ctx.store
      .list(kind, options.namespace)
      .filter((o) => sel === undefined || matchesSelector(sel, o.metadata.labels))
      .map((o) => structuredClone(o) as T);
  }

  /** Events, oldest first; optionally only those about one object. */
  events(filter: { kind?: string; name?: string; namespace?: string; reason?: string } = {}): Event[] {
    return (this.ctx.store.list('Event') as unknown as Event[])
      .filter((e) => (filter.kind === undefined || e.involvedObject.kind === filter.kind) && (filter.name === undefined || e.involvedObject.name === filter.name) && (filter.namespace === undefined || e.involvedObject.namespace === filter.namespace) && (filter.reason === undefined || e.reason === filter.reason))
      .map((e) => structuredClone(e));
  }

  delete(kind: string, name: string, namespace = 'default', options: DeleteOptions = {}): void {
    this.ctx.api.delete(kind, name, this.namespaceFor({ kind, metadata: { namespace } } as KubeObject), options);
    this.advance(0);
  }

  watch(kind: string, handler: WatchHandler): () => void {
    return this.ctx.store.watch(kind, handler);
  }

  /** Starts, changes or (rps 0) stops steady traffic to a Service, directly or `via` an Ingress `host/path`. */
  setTraffic(target: { service: string; namespace?: string; rps: number; via?: string; port?: number | string }): void {
    this.traffic.set({ ...target, namespace: target.namespace ?? 'default' });
  }

  /** A timeline sample of this instant (see src/sim/scenario/sample.ts). */
  snapshot(): Sample {
    return sample(this.ctx.store, this.now, {
      traffic: (ns, name) => this.traffic.lastSecond.get(`${ns}/${name}`),
      cpuMillicores: (pod) => {
        const uid = pod.metadata?.uid ?? '';
        const serving = this.traffic.cpuByPod.get(uid);
        if (serving !== undefined) return Math.round(serving);
        const running = this.kubelets.get(pod.spec?.nodeName ?? '')?.runningContainers(uid) ?? [];
        return running.reduce((n, c) => n + (c.behavior?.cpuMillicoresIdle ?? 0), 0);
      },
    });
  }

  /** Why the scheduler put a pod where it did, or could not (per node: the filter that refused it, each plugin's score). */
  explain(namespace: string, pod: string): SchedulingExplanation | undefined {
    return this.scheduler.explain(namespace, pod);
  }

  /** The Eviction API: deletes the pod unless a PodDisruptionBudget forbids it (ApiError TooManyRequests). */
  evict(pod: string, namespace = 'default'): void {
    evict(this.ctx.api, pod, namespace, (pdb) => this.disruption.status(pdb));
    this.advance(0);
  }

  /** `kubectl cordon` / `uncordon`. */
  cordon(node: string, unschedulable = true): Text {
    return this.run(() => cordon(this.ctx.api, node, unschedulable));
  }

  /** `kubectl drain --ignore-daemonsets`: cordons, then evicts (retrying what budgets refuse) as time advances. */
  drain(node: string, options: DrainOptions = {}): Drain {
    const d = drain(this.ctx.api, this.ctx.clock, (name, ns) => evict(this.ctx.api, name, ns, (pdb) => this.disruption.status(pdb)), node, options);
    this.advance(0);
    return d;
  }

  /** Resolves a DNS name as a pod in `fromNamespace` would (see src/sim/network/dns.ts). */
  resolve(name: string, fromNamespace = 'default'): string[] {
    return resolveName(this.ctx.store, name, fromNamespace);
  }

  /**
   * A machine joins the cluster: its kubelet registers the Node (kubelet_node_status.go registerWithAPIServer),
   * the scheduler and the DaemonSet controller see it at once. It registers Ready, as the first nodes do;
   * a real node is NotReady for a few seconds more, until its network plugin is up.
   */
  addNode(spec: NodeSpec): void {
    if (this.kubelets.has(spec.name)) throw alreadyExists('Node', '', spec.name);
    this.registerNode(spec);
    this.advance(0);
  }

  private registerNode(spec: NodeSpec): void {
    const index = this.kubelets.size;
    this.ctx.store.create(nodeObject(spec, index, this.ctx.clock.timestamp()));
    this.kubelets.set(spec.name, new Kubelet(this.ctx, spec.name, podCidr(index).replace(/\.0\/24$/, '')));
  }

  /** The node stops reporting (its kubelet is cut off): after the grace period it is NotReady and tainted. */
  failNode(name: string): void {
    this.kubelet(name).fail();
    this.advance(0);
  }

  /** The node reports again. */
  recoverNode(name: string): void {
    this.kubelet(name).recover();
    this.advance(0);
  }

  /** Log lines of a pod's container (`kubectl logs [--previous]`). */
  logs(pod: string, container: string, options: { namespace?: string; previous?: boolean } = {}): string[] | undefined {
    const p = this.ctx.store.get('Pod', pod, options.namespace ?? 'default');
    const node = (p?.spec as { nodeName?: string } | undefined)?.nodeName;
    return node ? this.kubelets.get(node)?.logs(p!.metadata.uid!, container, options.previous) : undefined;
  }

  /** What the app in a pod's container sees: its environment and the files in its ConfigMap and Secret volumes. */
  containerView(pod: string, container: string, namespace = 'default'): { env: Record<string, string>; files: Record<string, string>; data?: 'restored' | 'new' } | undefined {
    const p = this.ctx.store.get('Pod', pod, namespace);
    const node = (p?.spec as { nodeName?: string } | undefined)?.nodeName;
    const c = node ? this.kubelets.get(node)?.container(p!.metadata.uid!, container) : undefined;
    return c ? { env: { ...c.env }, files: { ...c.files }, ...(c.data ? { data: c.data } : {}) } : undefined;
  }

  private kubelet(name: string): Kubelet {
    const k = this.kubelets.get(name);
    if (!k) throw notFound('Node', '', name);
    return k;
  }

  /** `kubectl rollout undo` (to the previous revision, or `toRevision`). */
  rollback(deployment: string, options: { toRevision?: number; namespace?: string } = {}): Text {
    return this.run(() => rolloutUndo(this.ctx.api, deployment, options.namespace ?? 'default', options.toRevision ?? 0));
  }

  /** `kubectl set image deployment/<name> <container>=<image>`. */
  setImage(deployment: string, container: string, image: string, namespace = 'default'): Text {
    return this.run(() => setImage(this.ctx.api, deployment, namespace, container, image));
  }

  /** `kubectl scale <kind>/<name> --replicas=N`. */
  scale(kind: string, name: string, replicas: number, namespace = 'default'): Text {
    return this.run(() => scale(this.ctx.api, kind, name, namespace, replicas));
  }

  /** `kubectl rollout restart deployment/<name>`. */
  restart(deployment: string, namespace = 'default'): Text {
    return this.run(() => rolloutRestart(this.ctx.api, this.ctx.clock, deployment, namespace));
  }

  /** `kubectl rollout pause` / `resume`. */
  pause(deployment: string, paused = true, namespace = 'default'): Text {
    return this.run(() => rolloutPause(this.ctx.api, deployment, namespace, paused));
  }

  private run(op: () => Text): Text {
    const out = op();
    this.advance(0);
    return out;
  }
}

export function createCluster(options: ClusterOptions = {}): Cluster {
  return new Cluster(options);
}
