/**
 * `dryRun=All`: a write that runs decoding, defaulting, admission and validation as the real one
 * does and answers with the object it would store, without storing anything. It mirrors the
 * simulator's Api.create / Api.update (src/sim/api.ts), which have no dry-run mode of their own.
 */
import { randomUUID } from 'node:crypto';
import { applyDefaults } from '../kube/defaults.ts';
import { lookupKind } from '../kube/kinds.ts';
import type { KubeObject } from '../kube/object.ts';
import { text } from '../kube/text.ts';
import { decodeErrors, validateObject } from '../kube/validation/index.ts';
import { admit } from '../sim/admission/index.ts';
import { alreadyExists, ApiError, invalid, namespaceNotFound, notFound, undecodable } from '../sim/api-error.ts';
import type { Clock } from '../sim/clock.ts';
import { beforeUpdate } from '../sim/registry/before-update.ts';
import { STRATEGIES } from '../sim/registry/strategies.ts';
import type { Store } from '../sim/store.ts';

function prepare(store: Store, input: KubeObject): KubeObject {
  const info = lookupKind(input.apiVersion, input.kind);
  if (!info) throw new ApiError('BadRequest', text(`버전 "${input.apiVersion}"에 kind "${input.kind}"가 없다`, `no matches for kind "${input.kind}" in version "${input.apiVersion}"`));
  const decoding = decodeErrors(input);
  if (decoding.length > 0) throw undecodable(input.kind, info.version, decoding);
  const obj = applyDefaults(input);
  obj.metadata = { ...obj.metadata };
  if (info.namespaced) {
    obj.metadata.namespace ??= 'default';
    if (!store.get('Namespace', obj.metadata.namespace)) throw namespaceNotFound(obj.metadata.namespace);
  } else delete obj.metadata.namespace;
  return obj;
}

export function dryRunCreate(store: Store, clock: Clock, input: KubeObject): KubeObject {
  const info = lookupKind(input.apiVersion, input.kind)!;
  const obj = admit(prepare(store, input), store);
  obj.metadata = { ...obj.metadata, uid: randomUUID() };
  if (obj.metadata.generateName && !obj.metadata.name)
    obj.metadata.name = `${obj.metadata.generateName}${randomUUID()
      .replace(/[^a-z]/g, '')
      .slice(0, 5)}`;
  STRATEGIES[obj.kind]?.prepareForCreate?.(obj);
  const errors = validateObject(obj);
  if (errors.length > 0) throw invalid(obj.kind, info.group, obj.metadata.name ?? '', errors);
  if (store.get(obj.kind, obj.metadata.name!, obj.metadata.namespace)) throw alreadyExists(obj.kind, info.group, obj.metadata.name!);
  if (obj.kind !== 'Namespace') delete obj.status;
  obj.metadata = { ...obj.metadata, creationTimestamp: clock.timestamp() };
  return obj;
}

export function dryRunUpdate(store: Store, input: KubeObject): KubeObject {
  const info = lookupKind(input.apiVersion, input.kind)!;
  const obj = prepare(store, input);
  const old = store.get(obj.kind, obj.metadata.name ?? '', obj.metadata.namespace);
  if (!old) throw notFound(obj.kind, info.group, obj.metadata.name ?? '');
  const metaErrors = beforeUpdate(obj, old);
  const errors = [...metaErrors, ...validateObject(obj), ...(STRATEGIES[obj.kind]?.validateUpdate?.(obj, old) ?? [])];
  if (errors.length > 0) throw invalid(obj.kind, info.group, obj.metadata.name ?? '', errors);
  const next: KubeObject = { ...obj, metadata: { ...obj.metadata, resourceVersion: old.metadata.resourceVersion } };
  if (old.status !== undefined) next.status = old.status;
  return next;
}
