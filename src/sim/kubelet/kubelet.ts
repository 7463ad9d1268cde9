/**
 * The kubelet of one node: it runs the pods bound to its node (pkg/kubelet/kubelet.go
 * HandlePodAdditions / HandlePodUpdates / HandlePodRemoves) and hands each pod an address from the
 * node's pod CIDR.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { SimContext } from '../context.ts';
import { NodeImages } from './node-images.ts';
import { PodWorker } from './pod-worker.ts';

export class Kubelet {
  readonly nodeName: string;
  private readonly workers = new Map<string, PodWorker>();
  /** Images on this node and its puller. */
  private readonly images = new NodeImages();
  private readonly podCidrPrefix: string;
  /** host-local IPAM: the next free address after the last one handed out, wrapping around. */
  private readonly usedIps = new Map<string, number>();
  private lastIp = 1;

  constructor(ctx: SimContext, nodeName: string, podCidrPrefix: string) {
    this.nodeName = nodeName;
    this.podCidrPrefix = podCidrPrefix;
    ctx.store.watch('Pod', (e) => {
      const pod = e.object as unknown as Pod;
      if (pod.spec?.nodeName !== this.nodeName) return;
      const uid = pod.metadata?.uid ?? '';
      const worker = this.workers.get(uid);
      if (e.type === 'DELETED') {
        worker?.stop();
        this.workers.delete(uid);
        this.usedIps.delete(uid);
        return;
      }
      if (worker) {
        worker.update(pod);
        return;
      }
      if (pod.metadata?.deletionTimestamp) {
        // Never started here: nothing to stop.
        ctx.clock.after(0, () => ctx.store.get('Pod', pod.metadata?.name ?? '', pod.metadata?.namespace) && ctx.store.remove('Pod', pod.metadata!.name!, pod.metadata?.namespace));
        return;
      }
      const w = new PodWorker(ctx, pod, this.nodeName, this.allocateIp(uid), this.images);
      this.workers.set(uid, w);
      // The pod worker starts on the kubelet's next sync, after the binding is written.
      ctx.clock.after(0, () => w.start());
    });
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
