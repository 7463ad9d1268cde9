/**
 * The persistent volume controller and a dynamic provisioner (kubernetes
 * pkg/controller/volume/persistentvolume/pv_controller.go; kind's local-path provisioner): a claim
 * binds to the smallest available volume of its class that has its access modes and enough
 * capacity, or, when its class has a provisioner, to a volume made for it — at once for
 * volumeBindingMode Immediate, or once a pod using it is scheduled (WaitForFirstConsumer, the default
 * class in kind). A released volume is deleted (reclaimPolicy Delete) or kept (Retain).
 */
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { KubeObject } from '../../kube/object.ts';
import { bytes } from '../../kube/quantity.ts';
import type { SimContext } from '../context.ts';
import { keyFor, splitKey, WorkQueue } from './work-queue.ts';

const COMPONENT = 'persistentvolume-controller';
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
export const SELECTED_NODE = 'volume.kubernetes.io/selected-node';

export class PersistentVolumeController {
  private readonly ctx: SimContext;
  private readonly queue: WorkQueue;

  constructor(ctx: SimContext) {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.clock, (key) => this.syncClaim(key));
    ctx.store.watch('PersistentVolumeClaim', (e) => {
      if (e.type === 'DELETED') this.release(e.object as unknown as PersistentVolumeClaim);
      else this.queue.add(keyFor(e.object));
    });
    ctx.store.watch('PersistentVolume', () => {
      for (const c of ctx.store.list('PersistentVolumeClaim')) if ((c.status as { phase?: string } | undefined)?.phase !== 'Bound') this.queue.add(keyFor(c));
    });
    // WaitForFirstConsumer: a pod using the claim has been given a node.
    ctx.store.watch('Pod', (e) => {
      const pod = e.object as unknown as Pod;
      if (e.type === 'DELETED' || !pod.spec?.nodeName || (e.old as unknown as Pod | undefined)?.spec?.nodeName) return;
      for (const v of pod.spec.volumes ?? []) if (v.persistentVolumeClaim) this.queue.add(`${pod.metadata?.namespace}/${v.persistentVolumeClaim.claimName}`);
    });
  }

  private syncClaim(key: string): void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.store.get('PersistentVolumeClaim', name, namespace);
    if (!obj || obj.metadata.deletionTimestamp) return;
    const claim = obj as unknown as PersistentVolumeClaim;
    if (claim.status?.phase === 'Bound') return;
    const className = claim.spec?.storageClassName ?? '';
    const sc = className ? (this.ctx.store.get('StorageClass', className) as unknown as StorageClass | undefined) : undefined;
    const request = bytes(claim.spec?.resources?.requests?.storage) ?? 0;
    const modes = claim.spec?.accessModes ?? [];
    // A volume that already names this claim, else the smallest fitting available one.
    const volumes = this.ctx.store.list('PersistentVolume') as unknown as PersistentVolume[];
    const fits = (pv: PersistentVolume): boolean =>
      (pv.spec?.storageClassName ?? '') === className && pv.status?.phase !== 'Bound' && pv.status?.phase !== 'Released' && (!pv.spec?.claimRef || pv.spec.claimRef.uid === obj.metadata.uid) && (bytes(pv.spec?.capacity?.storage) ?? 0) >= request && modes.every((m) => pv.spec?.accessModes?.includes(m));
    let pv = volumes.filter(fits).sort((a, b) => (bytes(a.spec?.capacity?.storage) ?? 0) - (bytes(b.spec?.capacity?.storage) ?? 0))[0];
    // kubernetes.io/no-provisioner: a class for static volumes only.
    if (!pv && sc?.provisioner && sc.provisioner !== 'kubernetes.io/no-provisioner') {
      const waiting = sc.volumeBindingMode === 'WaitForFirstConsumer';
      const consumer = (this.ctx.store.list('Pod', namespace) as unknown as Pod[]).find((p) => p.spec?.nodeName && p.spec.volumes?.some((v) => v.persistentVolumeClaim?.claimName === name));
      if (waiting && !consumer) {
        this.pending(obj, 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding', 'Normal');
        return;
      }
      pv = this.provision(obj, sc, consumer?.spec?.nodeName);
    }
    if (!pv) {
      const message = className ? `no persistent volumes available for this claim and no storage class is set` : 'no persistent volumes available for this claim and no storage class is set';
      this.pending(obj, 'FailedBinding', sc ? `storageclass.storage.k8s.io "${className}" has no provisioner` : className && !sc ? `storageclass.storage.k8s.io "${className}" not found` : message, 'Warning');
      return;
    }
    this.bind(obj, pv);
  }

  private pending(obj: KubeObject, reason: string, message: string, type: 'Normal' | 'Warning'): void {
    if ((obj.status as { phase?: string } | undefined)?.phase !== 'Pending') this.ctx.api.updateStatus(obj, { phase: 'Pending' });
    this.ctx.events.record(obj, type, reason, message, COMPONENT);
  }

  /** The provisioner makes a volume named pvc-<claim uid> of the requested size. */
  private provision(obj: KubeObject, sc: StorageClass, node: string | undefined): PersistentVolume {
    const claim = obj as unknown as PersistentVolumeClaim;
    const pv: PersistentVolume = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: `pvc-${obj.metadata.uid}`, annotations: { 'pv.kubernetes.io/provisioned-by': sc.provisioner } },
      spec: {
        capacity: { storage: String(claim.spec?.resources?.requests?.storage ?? '1Gi') },
        accessModes: claim.spec?.accessModes ?? ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
        storageClassName: sc.metadata!.name!,
        volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
        hostPath: { path: `/var/local-path-provisioner/pvc-${obj.metadata.uid}_${obj.metadata.namespace}_${obj.metadata.name}` },
        ...(node ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } } } : {}),
      },
    };
    const created = this.ctx.api.create(pv as unknown as KubeObject, { internal: true }) as unknown as PersistentVolume;
    this.ctx.events.record(obj, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pv.metadata!.name}`, `${sc.provisioner}_local-path-provisioner`);
    return created;
  }

  private bind(obj: KubeObject, pv: PersistentVolume): void {
    const claim = obj as unknown as PersistentVolumeClaim;
    const pvObj = this.ctx.store.get('PersistentVolume', pv.metadata!.name!)!;
    const claimRef = { kind: 'PersistentVolumeClaim', namespace: obj.metadata.namespace, name: obj.metadata.name, uid: obj.metadata.uid, apiVersion: 'v1' };
    const bound = this.ctx.api.replace({ ...pvObj, spec: { ...(pvObj.spec as object), claimRef } });
    this.ctx.api.updateStatus(bound, { phase: 'Bound' });
    const updated = this.ctx.api.replace({ ...obj, metadata: { ...obj.metadata, annotations: { ...(obj.metadata.annotations ?? {}), 'pv.kubernetes.io/bind-completed': 'yes' } }, spec: { ...(obj.spec as object), volumeName: pv.metadata!.name } });
    this.ctx.api.updateStatus(updated, { phase: 'Bound', accessModes: pv.spec?.accessModes ?? claim.spec?.accessModes, capacity: pv.spec?.capacity });
  }

  /** A deleted claim releases its volume: Delete removes it, Retain keeps it Released. */
  private release(claim: PersistentVolumeClaim): void {
    const name = claim.spec?.volumeName;
    const pv = name ? this.ctx.store.get('PersistentVolume', name) : undefined;
    if (!pv) return;
    if ((pv.spec as PersistentVolume['spec'])?.persistentVolumeReclaimPolicy === 'Delete') this.ctx.api.delete('PersistentVolume', name!, undefined);
    else this.ctx.api.updateStatus(pv, { phase: 'Released' });
  }
}
