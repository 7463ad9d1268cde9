/**
 * The StatefulSet controller (kubernetes pkg/controller/statefulset/stateful_set_control.go,
 * stateful_pod_control.go): pods with stable ordinal names and identities, created in order and each
 * only once its predecessors are Running and Ready (OrderedReady), or all at once (Parallel); removed
 * from the highest ordinal down; updated in reverse ordinal order down to the partition; a claim per
 * volumeClaimTemplate and pod, kept across pod restarts and rescheduling. Revisions are
 * ControllerRevisions, as upstream keeps them.
 */
import type { ControllerRevision, StatefulSet, StatefulSetStatus } from 'kubernetes-types/apps/v1';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../kube/object.ts';
import { matchesSelector } from '../../kube/selector.ts';
import { ApiError } from '../api-error.ts';
import type { SimContext } from '../context.ts';
import { computeHash } from './deployment-util.ts';
import { controllerRef, isControlledBy, newControllerRef } from './owner.ts';
import { isPodAvailable, isPodReady } from './pod-util.ts';
import { keyFor, splitKey, WorkQueue } from './work-queue.ts';

const COMPONENT = 'statefulset-controller';
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
const REVISION_LABEL = 'controller-revision-hash';

export class StatefulSetController {
  private readonly ctx: SimContext;
  private readonly queue: WorkQueue;

  constructor(ctx: SimContext) {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    ctx.store.watch('StatefulSet', (e) => {
      if (e.type !== 'DELETED') this.queue.add(keyFor(e.object));
    });
    ctx.store.watch('Pod', (e) => {
      const ref = controllerRef(e.object);
      if (ref?.kind === 'StatefulSet') this.queue.add(`${e.object.metadata.namespace}/${ref.name}`);
    });
  }

  private sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.store.get('StatefulSet', name, namespace);
    if (!obj || obj.metadata.deletionTimestamp) return;
    const sts = obj as unknown as StatefulSet;
    const spec = sts.spec!;
    const updateRevision = this.ensureRevision(obj);
    const replicas = spec.replicas ?? 1;
    const start = spec.ordinals?.start ?? 0;
    const ordered = (spec.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
    const pods = this.pods(obj);
    const byOrdinal = new Map<number, Pod>();
    for (const p of pods) byOrdinal.set(ordinalOf(name, p), p);
    const healthy = (p: Pod | undefined): boolean => !!p && p.status?.phase === 'Running' && isPodReady(p) && !p.metadata?.deletionTimestamp;

    // Replace failed pods, create missing ones in order (stateful_set_control.go updateStatefulSet).
    let blocked = false;
    for (let i = start; i < start + replicas; i++) {
      const pod = byOrdinal.get(i);
      if (pod && (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') && !pod.metadata?.deletionTimestamp) {
        this.deletePod(obj, pod);
        blocked = blocked || ordered;
        continue;
      }
      if (!pod) {
        if (blocked) break;
        this.createPod(obj, i, updateRevision);
        if (ordered) blocked = true;
        continue;
      }
      if (ordered && !healthy(pod)) blocked = true;
    }

    // Condemned pods (ordinal past the end) go from the highest ordinal, one at a time when ordered.
    const condemned = [...byOrdinal.entries()].filter(([i]) => i >= start + replicas).sort(([a], [b]) => b - a);
    const allHealthy = [...byOrdinal.entries()].filter(([i]) => i < start + replicas).every(([, p]) => healthy(p));
    for (const [, pod] of condemned) {
      if (pod.metadata?.deletionTimestamp) {
        if (ordered) break;
        continue;
      }
      if (ordered && !allHealthy) break;
      this.deletePod(obj, pod);
      if (ordered) break;
    }

    // RollingUpdate: delete the highest-ordinal outdated pod at or above the partition once all are healthy.
    if ((spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && condemned.length === 0 && !blocked) {
      const partition = spec.updateStrategy?.rollingUpdate?.partition ?? 0;
      const everyoneHealthy = [...Array(replicas).keys()].every((k) => healthy(byOrdinal.get(start + k)));
      if (everyoneHealthy) {
        for (let i = start + replicas - 1; i >= start + partition; i--) {
          const pod = byOrdinal.get(i);
          if (pod && pod.metadata?.labels?.[REVISION_LABEL] !== updateRevision) {
            this.deletePod(obj, pod);
            break;
          }
        }
      }
    }
    this.updateStatus(obj, updateRevision);
  }

  private pods(owner: KubeObject): Pod[] {
    const sts = owner as unknown as StatefulSet;
    return this.ctx.store
      .list('Pod', owner.metadata.namespace)
      .map((p) => p as unknown as Pod)
      .filter((p) => (isControlledBy(p, owner) || (!controllerRef(p) && matchesSelector(sts.spec?.selector, p.metadata?.labels))) && ordinalOf(owner.metadata.name!, p) >= 0);
  }

  /** A ControllerRevision for the current template (history.go), named <set>-<hash>. */
  private ensureRevision(owner: KubeObject): string {
    const sts = owner as unknown as StatefulSet;
    const hash = `${owner.metadata.name}-${computeHash(sts.spec!.template, sts.status?.collisionCount ?? 0)}`;
    if (!this.ctx.store.get('ControllerRevision', hash, owner.metadata.namespace)) {
      const revisions = this.ctx.store.list('ControllerRevision', owner.metadata.namespace).filter((r) => controllerRef(r)?.uid === owner.metadata.uid) as unknown as ControllerRevision[];
      const cr: ControllerRevision = {
        apiVersion: 'apps/v1',
        kind: 'ControllerRevision',
        metadata: { name: hash, namespace: owner.metadata.namespace, labels: { ...(sts.spec!.template.metadata?.labels ?? {}), [REVISION_LABEL]: hash }, ownerReferences: [newControllerRef(owner)] },
        data: { spec: { template: sts.spec!.template } },
        revision: Math.max(0, ...revisions.map((r) => r.revision)) + 1,
      };
      this.ctx.api.create(cr as unknown as KubeObject);
    }
    return hash;
  }

  /** newVersionedStatefulSetPod + createPersistentVolumeClaims. */
  private createPod(owner: KubeObject, ordinal: number, revision: string): void {
    const sts = owner as unknown as StatefulSet;
    const spec = sts.spec!;
    const name = `${owner.metadata.name}-${ordinal}`;
    const podSpec = structuredClone(spec.template.spec!);
    podSpec.hostname = name;
    if (spec.serviceName) podSpec.subdomain = spec.serviceName;
    // The claims first; a claim the API server refuses (e.g. no storage request) keeps the pod from being
    // created, and the set is synced again later (stateful_pod_control.go CreateStatefulPod, recordClaimEvent).
    const failed: string[] = [];
    for (const template of spec.volumeClaimTemplates ?? []) {
      const claimName = `${template.metadata?.name}-${owner.metadata.name}-${ordinal}`;
      if (!this.ctx.store.get('PersistentVolumeClaim', claimName, owner.metadata.namespace)) {
        const claim: PersistentVolumeClaim = {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: claimName, namespace: owner.metadata.namespace, labels: { ...(spec.selector.matchLabels ?? {}) } },
          spec: structuredClone(template.spec),
        };
        try {
          this.ctx.api.create(claim as unknown as KubeObject);
          this.ctx.events.record(owner, 'Normal', 'SuccessfulCreate', `create Claim ${claimName} Pod ${name} in StatefulSet ${owner.metadata.name} success`, COMPONENT);
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          failed.push(`failed to create PVC ${claimName}: ${e.message}`);
          this.ctx.events.record(owner, 'Warning', 'FailedCreate', `create Claim ${claimName} for Pod ${name} in StatefulSet ${owner.metadata.name} failed error: ${e.message}`, COMPONENT);
        }
      }
      const volumes = (podSpec.volumes ?? []).filter((v) => v.name !== template.metadata?.name);
      podSpec.volumes = [...volumes, { name: template.metadata!.name!, persistentVolumeClaim: { claimName } }];
    }
    if (failed.length > 0) {
      this.ctx.events.record(owner, 'Warning', 'FailedCreate', `create Pod ${name} in StatefulSet ${owner.metadata.name} failed error: ${failed.length === 1 ? failed[0] : `[${failed.join(', ')}]`}`, COMPONENT);
      this.queue.addAfter(keyFor(owner), 10_000);
      return;
    }
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: owner.metadata.namespace,
        labels: { ...(spec.template.metadata?.labels ?? {}), [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [REVISION_LABEL]: revision },
        ...(spec.template.metadata?.annotations ? { annotations: { ...spec.template.metadata.annotations } } : {}),
        ownerReferences: [newControllerRef(owner)],
      },
      spec: podSpec,
    };
    try {
      this.ctx.api.create(pod as unknown as KubeObject, { internal: true });
      this.ctx.events.record(owner, 'Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${owner.metadata.name} successful`, COMPONENT);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.ctx.events.record(owner, 'Warning', 'FailedCreate', `create Pod ${name} in StatefulSet ${owner.metadata.name} failed error: ${e.message}`, COMPONENT);
      this.queue.addAfter(keyFor(owner), 10_000);
    }
  }

  private deletePod(owner: KubeObject, pod: Pod): void {
    this.ctx.api.delete('Pod', pod.metadata!.name!, pod.metadata?.namespace);
    this.ctx.events.record(owner, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata!.name} in StatefulSet ${owner.metadata.name} successful`, COMPONENT);
  }

  private updateStatus(owner: KubeObject, updateRevision: string): void {
    const current = this.ctx.store.get('StatefulSet', owner.metadata.name!, owner.metadata.namespace);
    if (!current) return;
    const sts = current as unknown as StatefulSet;
    const pods = this.pods(current).filter((p) => !p.metadata?.deletionTimestamp);
    const updated = pods.filter((p) => p.metadata?.labels?.[REVISION_LABEL] === updateRevision).length;
    const complete = updated === (sts.spec?.replicas ?? 1) && pods.length === (sts.spec?.replicas ?? 1);
    const currentRevision = complete ? updateRevision : (sts.status?.currentRevision ?? updateRevision);
    const status: StatefulSetStatus = {
      observedGeneration: current.metadata.generation,
      replicas: pods.length,
      readyReplicas: pods.filter(isPodReady).length,
      currentReplicas: pods.filter((p) => p.metadata?.labels?.[REVISION_LABEL] === currentRevision).length,
      updatedReplicas: updated,
      availableReplicas: pods.filter((p) => isPodAvailable(p, sts.spec?.minReadySeconds ?? 0, this.ctx.clock)).length,
      currentRevision,
      updateRevision,
      collisionCount: sts.status?.collisionCount ?? 0,
    };
    if (JSON.stringify(current.status) !== JSON.stringify(status)) this.ctx.api.updateStatus(current, status);
  }
}

/** The ordinal in a pod name `<set>-<n>`, or -1 for a pod that is not one of the set's. */
function ordinalOf(set: string, pod: Pod): number {
  const name = pod.metadata?.name ?? '';
  if (!name.startsWith(`${set}-`)) return -1;
  const n = name.slice(set.length + 1);
  return /^\d+$/.test(n) ? Number(n) : -1;
}
