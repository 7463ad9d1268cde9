/**
 * The scheduler cache (pkg/scheduler/backend/cache/cache.go): a NodeInfo per node, updated in place as
 * pods are assumed (before their binding is written), bound, updated and removed, and as nodes come and
 * go. Upstream copies it into a snapshot at the start of every cycle; here a cycle runs without anything
 * else happening in between, so the cache itself is the snapshot. Node order is the node tree's.
 * It also keeps the indexes that make InterPodAffinity and PodTopologySpread cheap: the terms of
 * placed pods (TermIndex) and per-topology pod counters (PodCounter).
 */
import type { Node } from 'kubernetes-types/core/v1';
import { NodeInfo } from '../framework/node-info.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import { NodeTree } from './node-tree.ts';
import { PodCounter } from './pod-counter.ts';
import { TermIndex } from './term-index.ts';

const MAX_COUNTERS = 256;

export class SchedulerCache {
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly tree = new NodeTree();
  private list: NodeInfo[] = [];
  private listDirty = false;
  /** uid → the NodeInfo holding the pod. */
  private readonly podNode = new Map<string, NodeInfo>();
  /** Pods bound to a node the cache does not know (yet), by node name. */
  private readonly orphans = new Map<string, Map<string, PodInfo>>();
  private readonly assumed = new Set<string>();
  private readonly counters = new Map<string, PodCounter>();
  /** Image name → number of nodes that have it (ImageStateSummary.NumNodes). */
  readonly imageNodes = new Map<string, number>();
  readonly terms = new TermIndex();
  /** Incremented every scheduling cycle (for counter eviction). */
  cycle = 0;
  /** Nodes with spec.unschedulable, and nodes with a NoSchedule or NoExecute taint. */
  unschedulableNodes = 0;
  taintedNodes = 0;
  /** Nodes with any taint at all (PreferNoSchedule included). */
  nodesWithTaints = 0;

  /** The nodes in node tree order (zone round-robin). */
  nodeList(): readonly NodeInfo[] {
    if (this.listDirty) {
      this.list = this.tree.list().map((n) => this.nodes.get(n)!);
      this.list.forEach((ni, i) => (ni.index = i));
      this.listDirty = false;
    }
    return this.list;
  }

  get numNodes(): number {
    return this.nodes.size;
  }

  getNode(name: string): NodeInfo | undefined {
    return this.nodes.get(name);
  }

  nodeOfPod(uid: string): NodeInfo | undefined {
    return this.podNode.get(uid);
  }

  isAssumed(uid: string): boolean {
    return this.assumed.has(uid);
  }

  addNode(node: Node): NodeInfo {
    const name = node.metadata?.name ?? '';
    const existing = this.nodes.get(name);
    if (existing) {
      this.updateNode(node);
      return existing;
    }
    const ni = new NodeInfo(node);
    this.nodes.set(name, ni);
    this.tree.addNode(node);
    this.listDirty = true;
    this.countImages(ni, 1);
    this.countFlags(ni, 1);
    const orphans = this.orphans.get(name);
    if (orphans) {
      this.orphans.delete(name);
      for (const p of orphans.values()) this.placePod(p, ni);
    }
    return ni;
  }

  updateNode(node: Node): void {
    const ni = this.nodes.get(node.metadata?.name ?? '');
    if (!ni) {
      this.addNode(node);
      return;
    }
    const labelsChanged = JSON.stringify(ni.labels) !== JSON.stringify(node.metadata?.labels ?? {});
    this.countImages(ni, -1);
    this.countFlags(ni, -1);
    if (labelsChanged) {
      // Counts are kept per topology value of the node: move every pod's contribution.
      for (const p of ni.pods) this.index(p, ni, -1);
      ni.setNode(node);
      for (const p of ni.pods) this.index(p, ni, 1);
      this.tree.updateNode(node);
      this.listDirty = true;
    } else ni.setNode(node);
    this.countImages(ni, 1);
    this.countFlags(ni, 1);
  }

  removeNode(name: string): void {
    const ni = this.nodes.get(name);
    if (!ni) return;
    // The pods stay known (as upstream keeps a NodeInfo without a node) until they are removed.
    const orphans = new Map<string, PodInfo>();
    for (const p of [...ni.pods]) {
      this.unplacePod(p.uid);
      orphans.set(p.uid, p);
    }
    if (orphans.size > 0) this.orphans.set(name, orphans);
    this.countImages(ni, -1);
    this.countFlags(ni, -1);
    this.nodes.delete(name);
    this.tree.removeNode(name);
    this.listDirty = true;
  }

  /** AssumePod: the pod counts on the node from now on, before its binding is written. */
  assumePod(p: PodInfo, nodeName: string): void {
    this.addPod(p, nodeName);
    this.assumed.add(p.uid);
  }

  /** ForgetPod: an assumed pod whose binding failed. */
  forgetPod(uid: string): void {
    if (!this.assumed.delete(uid)) return;
    this.removePod(uid);
  }

  /** AddPod / UpdatePod: a pod bound to `nodeName`. An assumed pod is confirmed. */
  addPod(p: PodInfo, nodeName: string): void {
    this.assumed.delete(p.uid);
    const current = this.podNode.get(p.uid);
    if (current) {
      const old = current.pods.find((x) => x.uid === p.uid)!;
      if (current.name === nodeName && sameForScheduling(old, p)) {
        // Only the object changed (status, resourceVersion): swap it in place.
        current.pods[current.pods.indexOf(old)] = p;
        const i = current.podsWithAffinity.indexOf(old);
        if (i >= 0) current.podsWithAffinity[i] = p;
        const j = current.podsWithRequiredAntiAffinity.indexOf(old);
        if (j >= 0) current.podsWithRequiredAntiAffinity[j] = p;
        return;
      }
      this.removePod(p.uid);
    } else {
      for (const [n, m] of this.orphans) if (m.delete(p.uid) && m.size === 0) this.orphans.delete(n);
    }
    const ni = this.nodes.get(nodeName);
    if (ni) this.placePod(p, ni);
    else {
      let m = this.orphans.get(nodeName);
      if (!m) this.orphans.set(nodeName, (m = new Map()));
      m.set(p.uid, p);
    }
  }

  removePod(uid: string): PodInfo | undefined {
    this.assumed.delete(uid);
    for (const [n, m] of this.orphans) {
      const p = m.get(uid);
      if (p) {
        m.delete(uid);
        if (m.size === 0) this.orphans.delete(n);
        return p;
      }
    }
    return this.unplacePod(uid);
  }

  private placePod(p: PodInfo, ni: NodeInfo): void {
    ni.addPod(p);
    this.podNode.set(p.uid, ni);
    this.index(p, ni, 1);
  }

  private unplacePod(uid: string): PodInfo | undefined {
    const ni = this.podNode.get(uid);
    if (!ni) return undefined;
    const p = ni.removePod(uid);
    this.podNode.delete(uid);
    if (p) this.index(p, ni, -1);
    return p;
  }

  private index(p: PodInfo, ni: NodeInfo, sign: 1 | -1): void {
    this.terms.update(p, ni, sign);
    for (const c of this.counters.values()) c.update(p, ni, sign);
  }

  private countFlags(ni: NodeInfo, sign: 1 | -1): void {
    if (ni.unschedulable) this.unschedulableNodes += sign;
    if (ni.taints.some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')) this.taintedNodes += sign;
    if (ni.taints.length > 0) this.nodesWithTaints += sign;
  }

  private countImages(ni: NodeInfo, sign: 1 | -1): void {
    for (const name of ni.images.keys()) {
      const n = (this.imageNodes.get(name) ?? 0) + sign;
      if (n <= 0) this.imageNodes.delete(name);
      else this.imageNodes.set(name, n);
    }
  }

  /**
   * A pod counter for a matcher, built from the pods in the cache the first time it is asked for and
   * kept current afterwards. `key` must identify the matcher and topology keys.
   */
  counter(key: string, matcher: (p: PodInfo) => boolean, topologyKeys: readonly string[]): PodCounter {
    let c = this.counters.get(key);
    if (!c) {
      if (this.counters.size >= MAX_COUNTERS) this.evictCounter();
      c = new PodCounter(key, matcher, topologyKeys);
      for (const ni of this.nodes.values()) for (const p of ni.pods) c.update(p, ni, 1);
      this.counters.set(key, c);
    }
    c.lastUsed = this.cycle;
    return c;
  }

  private evictCounter(): void {
    let oldest: PodCounter | undefined;
    for (const c of this.counters.values()) if (!oldest || c.lastUsed < oldest.lastUsed) oldest = c;
    if (oldest) this.counters.delete(oldest.key);
  }
}

/** Whether a pod update leaves everything the cache aggregates unchanged. */
function sameForScheduling(a: PodInfo, b: PodInfo): boolean {
  if (a.terminating !== b.terminating) return false;
  if (a.pod.spec === b.pod.spec && a.pod.metadata?.labels === b.pod.metadata?.labels) return true;
  return JSON.stringify(a.labels) === JSON.stringify(b.labels) && JSON.stringify(a.pod.spec ?? {}) === JSON.stringify(b.pod.spec ?? {});
}
