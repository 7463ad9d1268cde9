/**
 * metrics-server as the HPA and `kubectl top` see it (metrics.k8s.io/v1beta1): every 15 s
 * (--metric-resolution) it scrapes each kubelet and keeps, per pod and container, the CPU used over the
 * last window and the memory in use. A container that has not run for a whole window yet has no
 * metrics (the HPA treats its pod as missing). CPU is the image's idle use plus what serving traffic
 * cost (src/sim/network/traffic.ts); memory is the image's `memoryMi`.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { SimContext } from '../context.ts';
import type { RuntimeContainer } from '../kubelet/container-runtime.ts';
import type { TrafficModel } from '../network/traffic.ts';

export const METRIC_RESOLUTION_MS = 15_000;
const MIB = 1024 * 1024;

export interface ContainerUsage {
  name: string;
  /** Millicores. */
  cpu: number;
  /** Bytes. */
  memory: number;
}

export interface PodMetrics {
  name: string;
  namespace: string;
  /** When the window ended (ms since start). */
  timestampMs: number;
  windowMs: number;
  containers: ContainerUsage[];
}

export interface NodeMetrics {
  name: string;
  timestampMs: number;
  cpu: number;
  memory: number;
}

export class MetricsServer {
  private readonly ctx: SimContext;
  private readonly traffic: TrafficModel;
  private readonly running: (pod: Pod) => RuntimeContainer[];
  private pods = new Map<string, PodMetrics>();
  private nodes: NodeMetrics[] = [];
  private lastCpuSeconds = new Map<string, number>();

  constructor(ctx: SimContext, traffic: TrafficModel, running: (pod: Pod) => RuntimeContainer[]) {
    this.ctx = ctx;
    this.traffic = traffic;
    this.running = running;
    ctx.clock.after(METRIC_RESOLUTION_MS, () => this.scrape());
  }

  /** metrics.k8s.io PodMetrics of a namespace (all namespaces when omitted). */
  podMetrics(namespace?: string): PodMetrics[] {
    return [...this.pods.values()].filter((m) => namespace === undefined || m.namespace === namespace);
  }

  pod(namespace: string, name: string): PodMetrics | undefined {
    return this.pods.get(`${namespace}/${name}`);
  }

  nodeMetrics(): NodeMetrics[] {
    return this.nodes;
  }

  private scrape(): void {
    const { store, clock } = this.ctx;
    const now = clock.now;
    const next = new Map<string, PodMetrics>();
    const nodeUse = new Map<string, { cpu: number; memory: number }>();
    const cpuSeconds = new Map<string, number>();
    for (const obj of store.list('Pod')) {
      const pod = obj as unknown as Pod;
      const uid = pod.metadata?.uid ?? '';
      const containers = this.running(pod);
      if (containers.length === 0) continue;
      const total = this.traffic.servingCpuSecondsByPod.get(uid) ?? 0;
      cpuSeconds.set(uid, total);
      // A whole window of running is needed before metrics-server reports a container.
      const fresh = containers.some((c) => c.state.phase === 'running' && now - c.state.startedAtMs < METRIC_RESOLUTION_MS);
      if (fresh) continue;
      const serving = (total - (this.lastCpuSeconds.get(uid) ?? total)) / (METRIC_RESOLUTION_MS / 1000);
      const usage: ContainerUsage[] = containers.map((c, i) => ({
        name: c.spec.name,
        cpu: Math.round((c.behavior?.cpuMillicoresIdle ?? 0) + (i === 0 ? serving : 0)),
        memory: Math.round((c.behavior?.memoryMi ?? 0) * MIB),
      }));
      next.set(`${pod.metadata!.namespace}/${pod.metadata!.name}`, { name: pod.metadata!.name!, namespace: pod.metadata!.namespace!, timestampMs: now, windowMs: METRIC_RESOLUTION_MS, containers: usage });
      const n = nodeUse.get(pod.spec!.nodeName!) ?? { cpu: 0, memory: 0 };
      for (const u of usage) {
        n.cpu += u.cpu;
        n.memory += u.memory;
      }
      nodeUse.set(pod.spec!.nodeName!, n);
    }
    this.pods = next;
    this.lastCpuSeconds = cpuSeconds;
    // The node also runs the kubelet, the runtime and the OS: a fixed 100m and 400 MiB here.
    this.nodes = store.list('Node').map((n) => ({ name: n.metadata.name!, timestampMs: now, cpu: 100 + (nodeUse.get(n.metadata.name!)?.cpu ?? 0), memory: 400 * MIB + (nodeUse.get(n.metadata.name!)?.memory ?? 0) }));
    clock.after(METRIC_RESOLUTION_MS, () => this.scrape());
  }
}
