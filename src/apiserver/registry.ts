/**
 * The REST storage of the facade (k8s.io/apiserver pkg/registry/generic/registry/store.go and the
 * handlers in pkg/endpoints/handlers): get, create, update, patch and delete of one object on the
 * simulator's API, with the checks the handlers make (type meta, name and namespace against the
 * URL, resourceVersion preconditions), field validation, dry run, and managedFields.
 */
import { applyDefaults } from '../kube/defaults.ts';
import { apiVersionOf } from '../kube/kinds.ts';
import { isPlainObject, type KubeObject } from '../kube/object.ts';
import type { Cluster } from '../sim/cluster.ts';
import { dryRunCreate, dryRunUpdate } from './dry-run.ts';
import { dropUnknownFields, type FieldValidation } from './field-validation.ts';
import { defaultManager, recordUpdate, writeEntries } from './fields/managed-fields.ts';
import { serverSideApply } from './fields/server-side-apply.ts';
import { applyJsonPatch } from './patch/json-patch.ts';
import { applyMergePatch } from './patch/merge-patch.ts';
import { applyStrategicMergePatch } from './patch/strategic-merge.ts';
import type { ServedResource } from './resources.ts';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { formatSelector } from './printer-columns.ts';
import { definitionOfKind } from './schema/go-types.ts';
import { normalizeObject } from './schema/normalize.ts';
import { badRequest, conflictModified, notFoundError, StatusError, unsupportedMediaType } from './status.ts';

export interface WriteOptions {
  dryRun: boolean;
  /** The `fieldManager` parameter, when given. */
  fieldManager?: string;
  userAgent?: string;
  fieldValidation: FieldValidation;
  /** Apply patches only: take fields other managers own. */
  force?: boolean;
}

export interface WriteResult {
  object: KubeObject;
  /** The write created the object (201). */
  created: boolean;
  warnings: string[];
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export function patchTypeOf(contentType: string): PatchType {
  switch (contentType) {
    case 'application/json-patch+json':
      return 'json';
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    case 'application/apply-patch+yaml':
      return 'apply';
    default:
      throw unsupportedMediaType(contentType);
  }
}

function withoutResourceVersion(meta: KubeObject['metadata']): KubeObject['metadata'] {
  const { resourceVersion: _rv, ...rest } = meta;
  return rest;
}

/** A JSON, merge or strategic merge patch applied to a copy of `current`. */
export function applyPatch(type: Exclude<PatchType, 'apply'>, current: unknown, patch: unknown, def: string | undefined): unknown {
  switch (type) {
    case 'json':
      return applyJsonPatch(current, patch);
    case 'merge':
      return applyMergePatch(current, patch);
    case 'strategic':
      return applyStrategicMergePatch(current, patch, def);
  }
}

export class Registry {
  readonly cluster: Cluster;

  constructor(cluster: Cluster) {
    this.cluster = cluster;
  }

  private get store() {
    return this.cluster.ctx.store;
  }

  private get api() {
    return this.cluster.ctx.api;
  }

  private now(): string {
    return this.cluster.ctx.clock.timestamp();
  }

  /** The store namespace of a request: none for cluster-scoped resources. */
  private ns(r: ServedResource, namespace: string | undefined): string | undefined {
    return r.info.namespaced ? (namespace ?? 'default') : undefined;
  }

  get(r: ServedResource, namespace: string | undefined, name: string): KubeObject {
    const obj = this.store.get(r.info.kind, name, this.ns(r, namespace));
    if (!obj) throw notFoundError(r.info.plural, r.info.group, name);
    return obj;
  }

  find(r: ServedResource, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(r.info.kind, name, this.ns(r, namespace));
  }

  private manager(options: WriteOptions): string {
    return options.fieldManager ?? defaultManager(options.userAgent);
  }

  /** Type meta from the URL, namespace and name checked against it. */
  private checkBody(r: ServedResource, namespace: string | undefined, body: unknown, name?: string): KubeObject {
    if (!isPlainObject(body)) throw badRequest('the request body must be a JSON object');
    const apiVersion = apiVersionOf(r.info);
    const obj = structuredClone(body) as KubeObject;
    normalizeObject(obj, definitionOfKind(apiVersion, r.info.kind));
    if (obj.apiVersion === undefined || obj.apiVersion === '') obj.apiVersion = apiVersion;
    if (obj.kind === undefined || obj.kind === '') obj.kind = r.info.kind;
    if (obj.apiVersion !== apiVersion || obj.kind !== r.info.kind) {
      throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersion})`);
    }
    obj.metadata = isPlainObject(obj.metadata) ? { ...obj.metadata } : {};
    if (r.info.namespaced) {
      const ns = namespace ?? 'default';
      if (obj.metadata.namespace && obj.metadata.namespace !== ns) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      obj.metadata.namespace = ns;
    } else delete obj.metadata.namespace;
    if (name !== undefined) {
      if (obj.metadata.name && obj.metadata.name !== name) throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
      obj.metadata.name = name;
    }
    return obj;
  }

  create(r: ServedResource, namespace: string | undefined, body: unknown, options: WriteOptions): WriteResult {
    const obj = this.checkBody(r, namespace, body);
    const warnings = dropUnknownFields(obj, options.fieldValidation);
    obj.metadata = withoutResourceVersion(obj.metadata);
    const preview = applyDefaults({ ...obj, metadata: { ...obj.metadata, managedFields: undefined } });
    obj.metadata = { ...obj.metadata, managedFields: writeEntries(recordUpdate(undefined, preview, this.manager(options), this.now())) };
    if (options.dryRun) return { object: dryRunCreate(this.store, this.cluster.ctx.clock, obj), created: true, warnings };
    return { object: this.api.create(obj), created: true, warnings };
  }

  /** PUT: replaces the object (its status is kept by the main resource). */
  update(r: ServedResource, namespace: string | undefined, name: string, body: unknown, options: WriteOptions): WriteResult {
    const live = this.get(r, namespace, name);
    const obj = this.checkBody(r, namespace, body, name);
    const rv = obj.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== live.metadata.resourceVersion) throw conflictModified(r.info.plural, r.info.group, name);
    const warnings = dropUnknownFields(obj, options.fieldValidation);
    return { object: this.write(live, obj, options), created: false, warnings };
  }

  /** The status subresource: only status changes. */
  updateStatus(r: ServedResource, namespace: string | undefined, name: string, body: unknown, options: WriteOptions): WriteResult {
    const live = this.get(r, namespace, name);
    const obj = this.checkBody(r, namespace, body, name);
    const rv = obj.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== live.metadata.resourceVersion) throw conflictModified(r.info.plural, r.info.group, name);
    return { object: this.writeStatus(live, obj.status, options), created: false, warnings: [] };
  }

  private writeStatus(live: KubeObject, status: unknown, options: WriteOptions): KubeObject {
    const next = { ...live, status };
    const entries = writeEntries(recordUpdate(live, next, this.manager(options), this.now(), 'status'));
    if (options.dryRun) return { ...next, metadata: { ...live.metadata, managedFields: entries } };
    if (JSON.stringify(live.status) === JSON.stringify(status)) return live;
    return this.api.replace({ ...next, metadata: { ...live.metadata, managedFields: entries } });
  }

  /** An update of the main resource from a full object: managedFields, then the API's update. */
  private write(live: KubeObject, obj: KubeObject, options: WriteOptions): KubeObject {
    const requested = obj.metadata.managedFields;
    if (requested === undefined || JSON.stringify(requested) === JSON.stringify(live.metadata.managedFields)) {
      const preview = applyDefaults({ ...obj, metadata: { ...obj.metadata } });
      obj.metadata = { ...obj.metadata, managedFields: writeEntries(recordUpdate(live, { ...preview, status: live.status }, this.manager(options), this.now())) };
    } else if (Array.isArray(requested) && (requested.length === 0 || (requested.length === 1 && Object.keys(requested[0] ?? {}).length === 0))) {
      // Setting managedFields to [] or [{}] resets them.
      obj.metadata = { ...obj.metadata, managedFields: undefined };
    }
    if (options.dryRun) return dryRunUpdate(this.store, obj);
    const before = live.metadata.resourceVersion;
    const stored = this.api.update(obj);
    // An update that changes nothing but managedFields is still not written, as upstream.
    return stored.metadata.resourceVersion === before ? live : stored;
  }

  patch(r: ServedResource, namespace: string | undefined, name: string, type: PatchType, patch: unknown, options: WriteOptions, subresource?: string): WriteResult {
    if (type === 'apply') return this.apply(r, namespace, name, patch, options, subresource);
    const live = this.get(r, namespace, name);
    if (subresource === 'scale') return this.patchScale(r, live, type, patch, options);
    const def = definitionOfKind(live.apiVersion, live.kind);
    const current = structuredClone(live) as unknown;
    const patched = applyPatch(type, current, patch, def);
    if (!isPlainObject(patched)) throw badRequest('the patched object is not a JSON object');
    const obj = patched as KubeObject;
    const meta = isPlainObject(obj.metadata) ? obj.metadata : {};
    if ((meta.name ?? name) !== name)
      throw new StatusError(422, 'Invalid', `${r.info.kind}.${r.info.group || 'core'} "${name}" is invalid: metadata.name: Invalid value: "${String(meta.name)}": field is immutable`);
    const rv = meta.resourceVersion;
    if (rv !== undefined && rv !== live.metadata.resourceVersion) throw conflictModified(r.info.plural, r.info.group, name);
    if (subresource === 'status') return { object: this.writeStatus(live, obj.status, options), created: false, warnings: [] };
    const checked = this.checkBody(r, namespace, obj, name);
    const warnings = dropUnknownFields(checked, options.fieldValidation);
    return { object: this.write(live, checked, options), created: false, warnings };
  }

  private apply(r: ServedResource, namespace: string | undefined, name: string, patch: unknown, options: WriteOptions, subresource?: string): WriteResult {
    if (!options.fieldManager) throw new StatusError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    const applied = this.checkBody(r, namespace, patch, name);
    const warnings = dropUnknownFields(applied, options.fieldValidation);
    const live = this.find(r, namespace, name);
    const outcome = serverSideApply({
      live,
      applied,
      manager: options.fieldManager,
      force: options.force === true,
      time: this.now(),
      plural: r.info.plural,
      group: r.info.group,
      ...(subresource ? { subresource } : {}),
    });
    const obj = outcome.object;
    obj.metadata = { ...obj.metadata, managedFields: writeEntries(outcome.entries) };
    if (!live) {
      obj.metadata = withoutResourceVersion(obj.metadata);
      if (options.dryRun) return { object: dryRunCreate(this.store, this.cluster.ctx.clock, obj), created: true, warnings };
      return { object: this.api.create(obj), created: true, warnings };
    }
    if (subresource === 'status') return { object: this.writeStatus(live, obj.status, { ...options }), created: false, warnings };
    obj.metadata = { ...obj.metadata, resourceVersion: live.metadata.resourceVersion };
    if (options.dryRun) return { object: dryRunUpdate(this.store, obj), created: false, warnings };
    const before = live.metadata.resourceVersion;
    const stored = this.api.update(obj);
    return { object: stored.metadata.resourceVersion === before ? live : stored, created: false, warnings };
  }

  /** The scale subresource as an autoscaling/v1 Scale (status.selector as the label selector string). */
  scaleOf(obj: KubeObject): KubeObject {
    const spec = (obj.spec ?? {}) as { replicas?: number; selector?: LabelSelector };
    const status = (obj.status ?? {}) as { replicas?: number };
    const selector = formatSelector(spec.selector, '');
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion, creationTimestamp: obj.metadata.creationTimestamp },
      spec: { replicas: spec.replicas ?? 1 },
      status: { replicas: status.replicas ?? 0, ...(selector ? { selector } : {}) },
    } as KubeObject;
  }

  updateScale(r: ServedResource, namespace: string | undefined, name: string, body: unknown, options: WriteOptions): WriteResult {
    const live = this.get(r, namespace, name);
    if (!isPlainObject(body)) throw badRequest('the request body must be a Scale');
    const rv = (body.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
    if (rv && rv !== live.metadata.resourceVersion) throw conflictModified(r.info.plural, r.info.group, name);
    return this.setReplicas(live, (body.spec as { replicas?: number } | undefined)?.replicas, options);
  }

  private patchScale(r: ServedResource, live: KubeObject, type: PatchType, patch: unknown, options: WriteOptions): WriteResult {
    const scale = this.scaleOf(live);
    const patched = (
      type === 'json' ? applyJsonPatch(scale, patch) : type === 'merge' ? applyMergePatch(scale, patch) : applyStrategicMergePatch(scale, patch, 'io.k8s.api.autoscaling.v1.Scale')
    ) as KubeObject;
    const rv = patched.metadata?.resourceVersion;
    if (rv && rv !== live.metadata.resourceVersion) throw conflictModified(r.info.plural, r.info.group, live.metadata.name!);
    return this.setReplicas(live, (patched.spec as { replicas?: number } | undefined)?.replicas, options);
  }

  private setReplicas(live: KubeObject, replicas: number | undefined, options: WriteOptions): WriteResult {
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw new StatusError(422, 'Invalid', `Scale.autoscaling "${live.metadata.name}" is invalid: spec.replicas: Invalid value: ${String(replicas)}: must be greater than or equal to 0`);
    }
    const next = { ...structuredClone(live), spec: { ...(live.spec as object), replicas } } as KubeObject;
    const manager = this.manager(options);
    const entries = recordUpdate(live, next, manager, this.now());
    for (const e of entries) if (e.manager === manager && e.operation === 'Update' && !e.subresource) e.subresource = 'scale';
    next.metadata = { ...next.metadata, managedFields: writeEntries(entries) };
    const stored = options.dryRun ? next : this.api.update(next);
    return { object: this.scaleOf(stored), created: false, warnings: [] };
  }

  /** DELETE: the object while it is still being deleted, or undefined when it is gone. */
  delete(
    r: ServedResource,
    namespace: string | undefined,
    name: string,
    options: { gracePeriodSeconds?: number; propagationPolicy?: 'Background' | 'Foreground' | 'Orphan'; preconditions?: { uid?: string; resourceVersion?: string }; dryRun: boolean },
  ): { live: KubeObject; after: KubeObject | undefined } {
    const live = this.get(r, namespace, name);
    const pre = options.preconditions ?? {};
    if (pre.uid && pre.uid !== live.metadata.uid) {
      throw new StatusError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${r.info.plural}${r.info.group ? `.${r.info.group}` : ''} "${name}": Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${live.metadata.uid}`,
        { name, kind: r.info.plural },
      );
    }
    if (pre.resourceVersion && pre.resourceVersion !== live.metadata.resourceVersion) {
      throw new StatusError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${r.info.plural}${r.info.group ? `.${r.info.group}` : ''} "${name}": Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${live.metadata.resourceVersion}`,
        { name, kind: r.info.plural },
      );
    }
    if (options.dryRun) return { live, after: live };
    this.api.delete(r.info.kind, name, this.ns(r, namespace), {
      ...(options.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: options.gracePeriodSeconds } : {}),
      ...(options.propagationPolicy ? { propagationPolicy: options.propagationPolicy } : {}),
    });
    return { live, after: this.find(r, namespace, name) };
  }
}
