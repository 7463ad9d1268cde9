/**
 * The kubelet of one node: it runs the pods bound to its node (pkg/kubelet/kubelet.go
 * HandlePodAdditions / HandlePodUpdates / HandlePodRemoves), hands each pod an address from the node's
 * pod CIDR, and heartbeats by renewing its Lease in kube-node-lease every 10 s
 * (pkg/kubelet/nodelease: renewInterval = 0.25 × leaseDurationSeconds 40).
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../kube/object.ts';
import type { RuntimeContainer } from './container-runtime.ts';
import type { Timer } from '../clock.ts';
import type { SimContext } from '../context.ts';
import { NodeImages } from './node-images.ts';
import { PodWorker } from './pod-worker.ts';

export const LEASE_DURATION_SECONDS = 40;
const RENEW_INTERVAL_MS = 10_000;

export class Kubelet {
  readonly nodeName: string;
  private readonly ctx: SimContext;
  private readonly workers = new Map<string, PodWorker>();
  /** Images on this node and its puller. */
  private readonly images = new NodeImages();
  private readonly podCidrPrefix: string;
  /** host-local IPAM: the next free address after the last one handed out, wrapping around. */
  private readonly usedIps = new Map<string, number>();
  private lastIp = 1;
  private up = true;
  private heartbeat?: Timer;

  constructor(ctx: SimContext, nodeName: string, podCidrPrefix: string) {
    this.ctx = ctx;
    this.nodeName = nodeName;
    this.podCidrPrefix = podCidrPrefix;
    ctx.store.watch('Pod', (e) => {
      const pod = e.object as unknown as Pod;
      if (pod.spec?.nodeName !== this.nodeName) return;
      const uid = pod.metadata?.uid ?? '';
      if (e.type === 'DELETED') {
        this.workers.get(uid)?.stop();
        this.workers.delete(uid);
        this.usedIps.delete(uid);
        return;
      }
      if (this.up) this.handle(pod);
    });
    this.renewLease();
  }

  /** Whether the node reports (and carries traffic). */
  get isUp(): boolean {
    return this.up;
  }

  /** The container of a pod that answers on `port` right now; none while the node is down. */
  server(podUid: string, port: number): RuntimeContainer | undefined {
    return this.up ? this.workers.get(podUid)?.server(port) : undefined;
  }

  /** The containers of a pod that are running (for metrics). */
  runningContainers(podUid: string): RuntimeContainer[] {
    return this.up ? (this.workers.get(podUid)?.runningContainers() ?? []) : [];
  }

  /** A pod's container as the runtime holds it (env and files the app sees). */
  container(podUid: string, name: string): RuntimeContainer | undefined {
    return this.workers.get(podUid)?.container(name);
  }

  /** Log lines of a pod's container, for `kubectl logs`. */
  logs(podUid: string, container: string, previous = false): string[] | undefined {
    return this.workers.get(podUid)?.logs(container, previous);
  }

  /** The node stops reporting: no more heartbeats, status updates or pod work until `recover`. */
  fail(): void {
    if (!this.up) return;
    this.up = false;
    this.heartbeat?.cancel();
    for (const w of this.workers.values()) w.freeze();
  }

  /** The node reports again: Ready, its pods resynced, pods bound meanwhile started. */
  recover(): void {
    if (this.up) return;
    this.up = true;
    this.renewLease();
    this.postReady();
    for (const obj of this.ctx.store.list('Pod')) {
      const pod = obj as unknown as Pod;
      if (pod.spec?.nodeName !== this.nodeName) continue;
      const w = this.workers.get(pod.metadata?.uid ?? '');
      if (w) w.resume(pod);
      else this.handle(pod);
    }
  }

  private handle(pod: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    const worker = this.workers.get(uid);
    if (worker) {
      worker.update(pod);
      return;
    }
    const ctx = this.ctx;
    if (pod.metadata?.deletionTimestamp) {
      // Never started here: nothing to stop.
      ctx.clock.after(0, () => ctx.store.get('Pod', pod.metadata?.name ?? '', pod.metadata?.namespace) && ctx.store.remove('Pod', pod.metadata!.name!, pod.metadata?.namespace));
      return;
    }
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
    const w = new PodWorker(ctx, pod, this.nodeName, this.allocateIp(uid), this.images);
    this.workers.set(uid, w);
    // The pod worker starts on the kubelet's next sync, after the binding is written.
    ctx.clock.after(0, () => w.start());
  }

  private renewLease(): void {
    const { store, clock } = this.ctx;
    const now = clock.microTimestamp();
    const existing = store.get('Lease', this.nodeName, 'kube-node-lease');
    const spec = { holderIdentity: this.nodeName, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: now };
    if (existing) store.update({ ...existing, spec: { ...(existing.spec as object), ...spec } });
    else store.create({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.nodeName, namespace: 'kube-node-lease' }, spec });
    this.heartbeat = clock.after(RENEW_INTERVAL_MS, () => this.renewLease());
  }

  /** kubelet_node_status.go: the conditions the kubelet posts once it is healthy again. */
  private postReady(): void {
    const obj = this.ctx.store.get('Node', this.nodeName);
    if (!obj) return;
    const node = obj as unknown as Node;
    const now = this.ctx.clock.timestamp();
    const healthy: Record<string, [string, string, string]> = {
      Ready: ['True', 'KubeletReady', 'kubelet is posting ready status'],
      MemoryPressure: ['False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
      DiskPressure: ['False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
      PIDPressure: ['False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
    };
    const conditions = (node.status?.conditions ?? []).map((c) => {
      const h = healthy[c.type];
      if (!h) return c;
      return { ...c, status: h[0], reason: h[1], message: h[2], lastHeartbeatTime: now, lastTransitionTime: c.status === h[0] ? c.lastTransitionTime : now };
    });
    this.ctx.api.updateStatus(obj, { ...(node.status ?? {}), conditions } as KubeObject['status']);
    this.ctx.events.record(obj, 'Normal', 'NodeReady', `Node ${this.nodeName} status is now: NodeReady`, 'kubelet', this.nodeName);
  }

  private allocateIp(uid: string): string {
    const taken = new Set(this.usedIps.values());
    for (let i = 1; i <= 253; i++) {
      const candidate = ((((this.lastIp - 2 + i) % 253) + 253) % 253) + 2;
      if (!taken.has(candidate)) {
        this.lastIp = candidate;
        this.usedIps.set(uid, candidate);
        return `${this.podCidrPrefix}.${candidate}`;
      }
    }
    throw new Error(`node ${this.nodeName}: no free pod IP in ${this.podCidrPrefix}.0/24`);
  }
}
