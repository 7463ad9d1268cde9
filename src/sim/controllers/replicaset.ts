/**
 * The ReplicaSet controller (kubernetes pkg/controller/replicaset/replica_set.go): keeps
 * `spec.replicas` active pods matching the selector, adopting orphans and releasing pods that no
 * longer match (controller_ref_manager.go), and reports status (replica_set_utils.go).
 */
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../kube/object.ts';
import { matchesSelector } from '../../kube/selector.ts';
import type { SimContext } from '../context.ts';
import { omitZero } from './omit-zero.ts';
import { controllerRef, isControlledBy, newControllerRef } from './owner.ts';
import { PodControl } from './pod-control.ts';
import { sortForDeletion } from './pod-ranking.ts';
import { isPodActive, isPodAvailable, isPodReady } from './pod-util.ts';
import { keyFor, splitKey, WorkQueue } from './work-queue.ts';

/** replica_set.go BurstReplicas: at most this many creations or deletions per sync. */
const BURST_REPLICAS = 500;

export class ReplicaSetController {
  private readonly ctx: SimContext;
  private readonly queue: WorkQueue;
  private readonly pods: PodControl;
  /** The last pod creation error of the sync in progress (for the ReplicaFailure condition). */
  private failure: string | undefined;

  constructor(ctx: SimContext) {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    this.pods = new PodControl(ctx, 'replicaset-controller');
    ctx.store.watch('ReplicaSet', (e) => this.queue.add(keyFor(e.object)));
    ctx.store.watch('Pod', (e) => {
      const pod = e.object as unknown as Pod;
      const owners = new Set<KubeObject>();
      for (const p of [pod, e.old as unknown as Pod | undefined]) {
        const ref = p && controllerRef(p);
        if (ref?.kind === 'ReplicaSet') {
          const rs = ctx.store.get('ReplicaSet', ref.name, p?.metadata?.namespace);
          if (rs) owners.add(rs);
        } else if (p && !ref && e.type !== 'DELETED') {
          // An orphan: every ReplicaSet whose selector matches may adopt it.
          for (const rs of ctx.store.list('ReplicaSet', p.metadata?.namespace)) {
            if (matchesSelector((rs as unknown as ReplicaSet).spec?.selector, p.metadata?.labels)) owners.add(rs);
          }
        }
      }
      for (const rs of owners) this.queue.add(keyFor(rs));
    });
  }

  private sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const stored = this.ctx.store.get('ReplicaSet', name, namespace);
    if (!stored) return;
    const rs = stored as unknown as ReplicaSet;
    const pods = this.claimPods(stored);
    const active = pods.filter(isPodActive);
    this.failure = undefined;
    if (!stored.metadata.deletionTimestamp) this.manageReplicas(stored, active);
    this.updateStatus(stored, this.failure);
    // Come back when a ready pod becomes available (replica_set.go: AddAfter minReadySeconds).
    const minReady = rs.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && active.some((p) => isPodReady(p) && !isPodAvailable(p, minReady, this.ctx.clock))) {
      this.queue.addAfter(key, minReady * 1000);
    }
  }

  /** PodControllerRefManager.ClaimPods: adopt matching orphans, release owned pods that no longer match. */
  private claimPods(owner: KubeObject): Pod[] {
    const rs = owner as unknown as ReplicaSet;
    const claimed: Pod[] = [];
    for (const obj of this.ctx.store.list('Pod', owner.metadata.namespace)) {
      const pod = obj as unknown as Pod;
      const matches = matchesSelector(rs.spec?.selector, pod.metadata?.labels);
      const ref = controllerRef(pod);
      if (ref) {
        if (ref.uid !== owner.metadata.uid) continue;
        if (matches || owner.metadata.deletionTimestamp) {
          claimed.push(pod);
        } else if (!pod.metadata?.deletionTimestamp) {
          const refs = (pod.metadata?.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid);
          this.ctx.api.replace({ ...obj, metadata: { ...obj.metadata, ownerReferences: refs } });
        }
      } else if (matches && !pod.metadata?.deletionTimestamp && !owner.metadata.deletionTimestamp) {
        const adopted = this.ctx.api.replace({
          ...obj,
          metadata: { ...obj.metadata, ownerReferences: [...(obj.metadata.ownerReferences ?? []), newControllerRef(owner)] },
        });
        claimed.push(adopted as unknown as Pod);
      }
    }
    return claimed;
  }

  private manageReplicas(owner: KubeObject, active: Pod[]): void {
    const rs = owner as unknown as ReplicaSet;
    const want = rs.spec?.replicas ?? 1;
    const diff = active.length - want;
    if (diff < 0) {
      for (let i = 0; i < Math.min(-diff, BURST_REPLICAS); i++) this.createPod(owner);
    } else if (diff > 0) {
      for (const pod of sortForDeletion(active, this.ctx.clock).slice(0, Math.min(diff, BURST_REPLICAS))) this.pods.delete(owner, pod);
    }
  }

  private createPod(owner: KubeObject): void {
    const error = this.pods.create(owner, (owner as unknown as ReplicaSet).spec?.template ?? {});
    if (!error) return;
    // replica_set.go: the failure is an event and the ReplicaFailure condition; the sync is retried.
    this.failure = error.message;
    this.queue.addAfter(keyFor(owner), 10_000);
  }

  private updateStatus(owner: KubeObject, failure?: string): void {
    const rs = owner as unknown as ReplicaSet;
    const minReady = rs.spec?.minReadySeconds ?? 0;
    const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
    const owned = this.ctx.store
      .list('Pod', owner.metadata.namespace)
      .map((o) => o as unknown as Pod)
      .filter((p) => isControlledBy(p, owner) && isPodActive(p));
    // apps/v1 ReplicaSetStatus: `replicas` is always written; the other counts are `omitempty`.
    const status = omitZero({
      replicas: owned.length,
      fullyLabeledReplicas: owned.filter((p) => Object.entries(templateLabels).every(([k, v]) => p.metadata?.labels?.[k] === v)).length,
      readyReplicas: owned.filter(isPodReady).length,
      availableReplicas: owned.filter((p) => isPodAvailable(p, minReady, this.ctx.clock)).length,
      observedGeneration: owner.metadata.generation,
      // replica_set_utils.go calculateStatus: the failure condition is added once and kept while failures go on.
      ...(failure ? { conditions: [rs.status?.conditions?.find((c) => c.type === 'ReplicaFailure') ?? { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: failure, lastTransitionTime: this.ctx.clock.timestamp() }] } : {}),
    }, ['replicas']);
    const current = this.ctx.store.get('ReplicaSet', owner.metadata.name!, owner.metadata.namespace);
    if (current && JSON.stringify(current.status) !== JSON.stringify(status)) this.ctx.api.updateStatus(current, status);
  }
}
