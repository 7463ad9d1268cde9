/**
 * framework.NodeInfo (pkg/scheduler/framework/types.go): a node with the aggregated state of the pods
 * on it — requested and non-zero requested resources, host ports in use, pods with affinity — kept up
 * to date incrementally by the scheduler cache as pods are assumed, bound and removed.
 */
import type { Node, Taint } from 'kubernetes-types/core/v1';
import { bytes, milliCpu } from '../../../kube/quantity.ts';
import { cloneResource, emptyResource, isScalarResourceName, type Resource } from '../resources.ts';
import type { HostPort, PodInfo } from './pod-info.ts';

export interface Allocatable extends Resource {
  allowedPodNumber: number;
}

function allocatableOf(node: Node): Allocatable {
  const a = node.status?.allocatable ?? {};
  const r: Allocatable = { ...emptyResource(), allowedPodNumber: 0 };
  for (const [name, v] of Object.entries(a)) {
    if (name === 'cpu') r.milliCpu = milliCpu(v) ?? 0;
    else if (name === 'memory') r.memory = bytes(v) ?? 0;
    else if (name === 'ephemeral-storage') r.ephemeralStorage = bytes(v) ?? 0;
    else if (name === 'pods') r.allowedPodNumber = bytes(v) ?? 0;
    else if (isScalarResourceName(name)) {
      r.scalar ??= {};
      r.scalar[name] = bytes(v) ?? 0;
    }
  }
  return r;
}

/** HostPortInfo (framework/types.go): ip → "protocol/port" in use. 0.0.0.0 conflicts with every ip. */
export class HostPortInfo {
  private readonly byIp = new Map<string, Map<string, number>>();

  get size(): number {
    return this.byIp.size;
  }

  add(p: HostPort, delta: 1 | -1): void {
    const k = `${p.protocol}/${p.hostPort}`;
    let m = this.byIp.get(p.hostIP);
    if (!m) this.byIp.set(p.hostIP, (m = new Map()));
    const n = (m.get(k) ?? 0) + delta;
    if (n > 0) m.set(k, n);
    else m.delete(k);
    if (m.size === 0) this.byIp.delete(p.hostIP);
  }

  /** HostPortInfo.CheckConflict */
  conflicts(p: HostPort): boolean {
    if (p.hostPort <= 0) return false;
    const k = `${p.protocol}/${p.hostPort}`;
    if (p.hostIP === '0.0.0.0') {
      for (const m of this.byIp.values()) if (m.has(k)) return true;
      return false;
    }
    return !!this.byIp.get(p.hostIP)?.has(k) || !!this.byIp.get('0.0.0.0')?.has(k);
  }

  clone(): HostPortInfo {
    const c = new HostPortInfo();
    for (const [ip, m] of this.byIp) c.byIp.set(ip, new Map(m));
    return c;
  }
}

export class NodeInfo {
  node: Node;
  name: string;
  labels: Readonly<Record<string, string>>;
  taints: readonly Taint[];
  /** spec.unschedulable (cordoned). */
  unschedulable: boolean;
  allocatable: Allocatable;
  requested: Resource = emptyResource();
  nonZeroMilliCpu = 0;
  nonZeroMemory = 0;
  // Flat copies of the numbers the Filter and Score loops read for every node (one object to touch).
  allocMilliCpu = 0;
  allocMemory = 0;
  allowedPodNumber = 0;
  requestedMilliCpu = 0;
  requestedMemory = 0;
  numPods = 0;
  pods: PodInfo[] = [];
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  usedPorts = new HostPortInfo();
  /** Image name → size in bytes, from node.status.images. */
  images: ReadonlyMap<string, number>;
  /** Position in the node tree's zone-interleaved order (the snapshot's node list). */
  index = -1;

  constructor(node: Node) {
    this.node = node;
    this.name = node.metadata?.name ?? '';
    this.labels = node.metadata?.labels ?? {};
    this.taints = node.spec?.taints ?? [];
    this.unschedulable = !!node.spec?.unschedulable;
    this.allocatable = allocatableOf(node);
    this.images = imagesOf(node);
    this.flatten();
  }

  private flatten(): void {
    this.allocMilliCpu = this.allocatable.milliCpu;
    this.allocMemory = this.allocatable.memory;
    this.allowedPodNumber = this.allocatable.allowedPodNumber;
    this.requestedMilliCpu = this.requested.milliCpu;
    this.requestedMemory = this.requested.memory;
    this.numPods = this.pods.length;
  }

  setNode(node: Node): void {
    this.node = node;
    this.labels = node.metadata?.labels ?? {};
    this.taints = node.spec?.taints ?? [];
    this.unschedulable = !!node.spec?.unschedulable;
    this.allocatable = allocatableOf(node);
    this.images = imagesOf(node);
    this.flatten();
  }

  addPod(p: PodInfo): void {
    this.pods.push(p);
    if (p.hasAffinity) this.podsWithAffinity.push(p);
    if (p.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity.push(p);
    this.update(p, 1);
  }

  /** Removes the pod with this uid; returns the PodInfo that was there. */
  removePod(uid: string): PodInfo | undefined {
    const i = this.pods.findIndex((x) => x.uid === uid);
    if (i < 0) return undefined;
    const p = this.pods[i]!;
    this.pods.splice(i, 1);
    if (p.hasAffinity) this.podsWithAffinity.splice(this.podsWithAffinity.indexOf(p), 1);
    if (p.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity.splice(this.podsWithRequiredAntiAffinity.indexOf(p), 1);
    this.update(p, -1);
    return p;
  }

  private update(p: PodInfo, sign: 1 | -1): void {
    const r = p.resources.requests;
    this.requested.milliCpu += sign * r.milliCpu;
    this.requested.memory += sign * r.memory;
    this.requested.ephemeralStorage += sign * r.ephemeralStorage;
    if (r.scalar) {
      this.requested.scalar ??= {};
      for (const [k, v] of Object.entries(r.scalar)) this.requested.scalar[k] = (this.requested.scalar[k] ?? 0) + sign * v;
    }
    this.nonZeroMilliCpu += sign * p.resources.nonZeroMilliCpu;
    this.nonZeroMemory += sign * p.resources.nonZeroMemory;
    for (const port of p.hostPorts) this.usedPorts.add(port, sign);
    this.flatten();
  }

  /** NodeInfo.Snapshot: a copy that preemption and nominated-pod checks can change. */
  snapshot(): NodeInfo {
    const c = Object.create(NodeInfo.prototype) as NodeInfo;
    c.node = this.node;
    c.name = this.name;
    c.labels = this.labels;
    c.taints = this.taints;
    c.unschedulable = this.unschedulable;
    c.allocatable = this.allocatable;
    c.requested = cloneResource(this.requested);
    c.nonZeroMilliCpu = this.nonZeroMilliCpu;
    c.nonZeroMemory = this.nonZeroMemory;
    c.allocMilliCpu = this.allocMilliCpu;
    c.allocMemory = this.allocMemory;
    c.allowedPodNumber = this.allowedPodNumber;
    c.requestedMilliCpu = this.requestedMilliCpu;
    c.requestedMemory = this.requestedMemory;
    c.numPods = this.numPods;
    c.pods = [...this.pods];
    c.podsWithAffinity = [...this.podsWithAffinity];
    c.podsWithRequiredAntiAffinity = [...this.podsWithRequiredAntiAffinity];
    c.usedPorts = this.usedPorts.clone();
    c.images = this.images;
    c.index = this.index;
    return c;
  }
}

function imagesOf(node: Node): ReadonlyMap<string, number> {
  const m = new Map<string, number>();
  for (const img of node.status?.images ?? []) for (const n of img.names ?? []) m.set(n, img.sizeBytes ?? 0);
  return m;
}
