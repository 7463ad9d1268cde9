/**
 * The API server's write path over the store: defaulting, validation, namespace existence,
 * generateName, ClusterIP allocation, and deletion with grace periods
 * (k8s.io/apiserver pkg/registry/generic/registry/store.go and each kind's strategy).
 */
import { toStoredVersion } from '../kube/conversion.ts';
import { applyDefaults } from '../kube/defaults.ts';
import { lookupKind, lookupKindAnyVersion, type KindInfo } from '../kube/kinds.ts';
import type { KubeObject } from '../kube/object.ts';
import { decodeErrors, validateObject, type FieldError } from '../kube/validation/index.ts';
import { STRATEGIES } from './registry/strategies.ts';
import { beforeUpdate, shouldDeleteDuringUpdate } from './registry/before-update.ts';
import { ServiceAllocator } from './registry/service-allocator.ts';
import { text } from '../kube/text.ts';
import { admit } from './admission/index.ts';
import { limitRanger } from './admission/limit-ranger.ts';
import { defaultStorageClassAdmission } from './admission/default-storage-class.ts';
import { checkQuota } from './admission/resource-quota.ts';
import { ApiError, alreadyExists, invalid, namespaceNotFound, notFound, undecodable } from './api-error.ts';
import { jsonEqual } from './canonical.ts';
import type { Clock } from './clock.ts';
import type { Rng } from './rng.ts';
import type { Store } from './store.ts';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  /** What happens to dependents (metav1.DeletionPropagation); Background by default. */
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
}

export const FOREGROUND = 'foregroundDeletion';
export const ORPHAN = 'orphan';

export class Api {
  readonly store: Store;
  private readonly clock: Clock;
  private readonly rng: Rng;
  private readonly services: ServiceAllocator;

  constructor(store: Store, clock: Clock, rng: Rng) {
    this.store = store;
    this.clock = clock;
    this.rng = rng;
    this.services = new ServiceAllocator(store, rng);
  }

  /** The current API time, as timestamps are written. */
  timestamp(): string {
    return this.clock.timestamp();
  }

  get(kind: string, name: string, namespace?: string): KubeObject | undefined {
    return this.store.get(kind, name, namespace);
  }

  /**
   * Creates an object. `internal` marks a write by a controller from an object the API server already
   * decoded (a pod from a validated template): strict decoding is skipped for it.
   */
  create(input: KubeObject, options: { internal?: boolean } = {}): KubeObject {
    const info = this.info(input);
    const obj = defaultStorageClassAdmission(limitRanger(admit(this.prepare(input, info, options.internal), this.store), this.store), this.store);
    // rest.BeforeCreate: the server assigns the uid, whatever the client sent.
    obj.metadata = { ...obj.metadata, uid: this.rng.uuid() };
    if (obj.metadata.generateName && !obj.metadata.name) {
      // The registry's SimpleNameGenerator: generateName plus 5 random characters.
      let name: string;
      do name = obj.metadata.generateName + this.rng.string(5);
      while (this.store.get(obj.kind, name, obj.metadata.namespace));
      obj.metadata.name = name;
    }
    STRATEGIES[obj.kind]?.prepareForCreate?.(obj);
    this.validate(obj, info);
    if (this.store.get(obj.kind, obj.metadata.name!, obj.metadata.namespace)) throw alreadyExists(obj.kind, info.group, obj.metadata.name!);
    // ResourceQuota runs last in the admission chain, on the object as it would be stored.
    checkQuota(obj, this.store);
    if (obj.kind !== 'Namespace') delete obj.status;
    if (obj.kind === 'Service') {
      const errors = this.services.allocate(obj);
      if (errors.length > 0) throw invalid(obj.kind, info.group, obj.metadata.name!, errors);
    }
    return this.store.create(obj);
  }

  /**
   * Replaces the object with the one sent, metadata included (registry/before-update.ts says what the
   * server carries over); status is kept from the stored object (the main resource ignores status).
   */
  update(input: KubeObject): KubeObject {
    const info = this.info(input);
    const obj = this.prepare(input, info);
    const old = this.store.get(obj.kind, obj.metadata.name ?? '', obj.metadata.namespace);
    if (!old) throw notFound(obj.kind, info.group, obj.metadata.name ?? '');
    const metaErrors = beforeUpdate(obj, old);
    STRATEGIES[obj.kind]?.prepareForUpdate?.(obj);
    this.validate(obj, info, [...metaErrors, ...(STRATEGIES[obj.kind]?.validateUpdate?.(obj, old) ?? [])]);
    if (obj.kind === 'Service') {
      const errors = this.services.allocate(obj, old);
      if (errors.length > 0) throw invalid(obj.kind, info.group, obj.metadata.name!, errors);
    }
    const next: KubeObject = { ...obj, metadata: { ...obj.metadata, resourceVersion: old.metadata.resourceVersion } };
    if (old.status !== undefined) next.status = old.status;
    else delete next.status;
    // An update that changes nothing is not written (the storage layer's GuaranteedUpdate skips it).
    if (jsonEqual(next, old)) return old;
    if (shouldDeleteDuringUpdate(next, old)) return this.store.remove(next.kind, next.metadata.name!, next.metadata.namespace) ?? next;
    return this.store.update(next);
  }

  /** The status subresource: only status changes. */
  updateStatus(obj: KubeObject, status: unknown): KubeObject {
    const current = this.store.get(obj.kind, obj.metadata.name!, obj.metadata.namespace);
    if (!current) throw notFound(obj.kind, this.info(obj).group, obj.metadata.name!);
    return this.store.update({ ...current, status });
  }

  /** Writes an object as a controller does (no defaulting round-trip), e.g. to set spec.nodeName or annotations. */
  replace(obj: KubeObject): KubeObject {
    return this.store.update(obj);
  }

  /**
   * Deletes an object (k8s.io/apiserver registry/generic/registry/store.go Delete). A pod on a node is
   * marked with deletionTimestamp and removed by its kubelet once its containers have stopped; an
   * object with finalizers waits for them; `Foreground` and `Orphan` propagation add the
   * foregroundDeletion / orphan finalizer for the garbage collector; the rest go at once.
   */
  delete(kind: string, name: string, namespace: string | undefined, options: DeleteOptions = {}): void {
    const obj = this.store.get(kind, name, namespace);
    if (!obj) throw notFound(kind, lookupKindAnyVersion(kind)?.group ?? '', name);
    if (obj.metadata.deletionTimestamp) return;
    const spec = (obj.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
    const grace = options.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
    const graceful = kind === 'Pod' && spec.nodeName && grace > 0;
    const policy = options.propagationPolicy ?? 'Background';
    const finalizers = [...(obj.metadata.finalizers ?? [])];
    if (policy === 'Foreground' && !finalizers.includes(FOREGROUND)) finalizers.push(FOREGROUND);
    if (policy === 'Orphan' && !finalizers.includes(ORPHAN)) finalizers.push(ORPHAN);
    // A namespace waits for its contents (the "kubernetes" finalizer in spec.finalizers).
    const namespaceFinalizing = kind === 'Namespace' && ((obj.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).length > 0;
    if (graceful || finalizers.length > 0 || namespaceFinalizing) {
      this.store.update({
        ...obj,
        metadata: {
          ...obj.metadata,
          deletionTimestamp: this.clock.timestamp(this.clock.now + (graceful ? grace * 1000 : 0)),
          ...(graceful ? { deletionGracePeriodSeconds: grace } : {}),
          ...(finalizers.length > 0 ? { finalizers } : {}),
        },
        ...(kind === 'Namespace' ? { status: { ...(obj.status as object), phase: 'Terminating' } } : {}),
      });
      return;
    }
    this.store.remove(kind, name, namespace);
  }

  /**
   * Removes a finalizer (as a controller does when its work is done); an object being deleted goes
   * once it has none left.
   */
  removeFinalizer(kind: string, name: string, namespace: string | undefined, finalizer: string): void {
    const obj = this.store.get(kind, name, namespace);
    if (!obj) return;
    const finalizers = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    if (obj.metadata.deletionTimestamp && finalizers.length === 0 && !(kind === 'Pod' && (obj.spec as { nodeName?: string }).nodeName)) {
      this.store.remove(kind, name, namespace);
      return;
    }
    const { finalizers: _old, ...meta } = obj.metadata;
    this.store.update({ ...obj, metadata: finalizers.length > 0 ? { ...meta, finalizers } : meta });
  }

  private info(obj: KubeObject): KindInfo {
    const info = lookupKind(obj.apiVersion, obj.kind);
    if (!info) throw new ApiError('BadRequest', text(`버전 "${obj.apiVersion}"에 kind "${obj.kind}"가 없다`, `no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`));
    return info;
  }

  /**
   * Decodes strictly in the version sent, converts to the stored version (autoscaling/v1 HPAs are
   * stored as v2: src/kube/conversion.ts), copies, defaults, and checks that the namespace exists.
   */
  private prepare(input: KubeObject, info: KindInfo, internal = false): KubeObject {
    const decoding = internal ? [] : decodeErrors(input);
    if (decoding.length > 0) throw undecodable(input.kind, info.version, decoding);
    const obj = applyDefaults(toStoredVersion(input));
    obj.metadata = { ...obj.metadata };
    if (info.namespaced) {
      obj.metadata.namespace ??= 'default';
      const ns = this.store.get('Namespace', obj.metadata.namespace);
      if (!ns) throw namespaceNotFound(obj.metadata.namespace);
      if (ns.metadata.deletionTimestamp && !internal) {
        throw new ApiError('Forbidden', text(`네임스페이스 ${obj.metadata.namespace}이(가) 삭제되는 중이라 새 오브젝트를 만들 수 없다`, `unable to create new content in namespace ${obj.metadata.namespace} because it is being terminated`), { name: obj.metadata.name, kind: info.plural });
      }
    } else {
      delete obj.metadata.namespace;
    }
    return obj;
  }

  private validate(obj: KubeObject, info: KindInfo, extra: FieldError[] = []): void {
    const errors = [...validateObject(obj), ...extra];
    if (errors.length > 0) throw invalid(obj.kind, info.group, obj.metadata.name ?? obj.metadata.generateName ?? '', errors);
  }

}
