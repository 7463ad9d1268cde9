/**
 * metadata.managedFields, as the API server's field manager keeps them
 * (k8s.io/apiserver pkg/endpoints/handlers/fieldmanager): one entry per manager, operation and
 * subresource; an Update takes ownership of the fields it changed (and takes them from everyone
 * else), an Apply owns exactly the fields of its configuration; fields removed from the object are
 * owned by no one; a manager left with no fields disappears.
 */
import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1';
import { isPlainObject, type KubeObject } from '../../kube/object.ts';
import { definitionOfKind } from '../schema/go-types.ts';
import { childShape, fieldSetOf, fromFieldsV1, itemElement, joinPath, rootShape, toFieldsV1, type PathElement, type Shape } from './field-set.ts';

export interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  subresource?: string;
  fields: Set<string>;
}

/** Metadata fields no manager owns (the field manager strips them before computing sets). */
const IGNORED_METADATA = [
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
  'generateName',
];

/** The part of an object managers own for a subresource: status for `status`, everything but status otherwise. */
export function ownedPart(obj: KubeObject, subresource: string | undefined): Record<string, unknown> {
  if (subresource === 'status') return obj.status === undefined ? {} : { status: obj.status };
  const { apiVersion: _a, kind: _k, status: _s, metadata, ...rest } = obj;
  const meta: Record<string, unknown> = { ...(metadata as Record<string, unknown>) };
  for (const k of IGNORED_METADATA) delete meta[k];
  return Object.keys(meta).length > 0 ? { metadata: meta, ...rest } : rest;
}

export function shapeOf(obj: KubeObject): Shape {
  return rootShape(definitionOfKind(obj.apiVersion, obj.kind));
}

export function readEntries(obj: KubeObject): ManagerEntry[] {
  return (obj.metadata.managedFields ?? []).map((e) => ({
    manager: e.manager ?? '',
    operation: e.operation === 'Apply' ? 'Apply' : 'Update',
    apiVersion: e.apiVersion ?? obj.apiVersion,
    time: e.time ?? '',
    ...(e.subresource ? { subresource: e.subresource } : {}),
    fields: fromFieldsV1(e.fieldsV1),
  }));
}

export function writeEntries(entries: readonly ManagerEntry[]): ManagedFieldsEntry[] {
  return entries
    .filter((e) => e.fields.size > 0)
    .map((e) => ({
      manager: e.manager,
      operation: e.operation,
      apiVersion: e.apiVersion,
      time: e.time,
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1(e.fields),
      ...(e.subresource ? { subresource: e.subresource } : {}),
    }));
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Paths whose value was added or changed between two objects (map and struct nodes that appear are
 * members too, as the field manager records a created `labels` map as `".": {}`).
 */
export function changedFields(oldPart: unknown, newPart: unknown, shape: Shape): Set<string> {
  const out = new Set<string>();
  const walk = (o: unknown, n: unknown, s: Shape, prefix: PathElement[]): void => {
    if (n === undefined) return;
    switch (s.kind) {
      case 'scalar':
      case 'atomic':
        if (!sameValue(o, n) && prefix.length > 0) out.add(joinPath(prefix));
        return;
      case 'set': {
        if (!Array.isArray(n)) return;
        const before = new Set((Array.isArray(o) ? o : []).map((x) => JSON.stringify(x)));
        for (const item of n) if (!before.has(JSON.stringify(item))) out.add(joinPath([...prefix, `v:${JSON.stringify(item)}`]));
        if (n.length === 0 && o === undefined && prefix.length > 0) out.add(joinPath(prefix));
        return;
      }
      case 'list-map': {
        if (!Array.isArray(n)) return;
        if (n.length === 0 && o === undefined && prefix.length > 0) out.add(joinPath(prefix));
        const old = Array.isArray(o) ? o : [];
        for (const item of n) {
          const el = itemElement(item, s.keys);
          const path = [...prefix, el];
          const before = old.find((x) => itemElement(x, s.keys) === el);
          if (before === undefined) out.add(joinPath(path));
          walk(before, item, s.item, path);
        }
        return;
      }
      case 'map':
      case 'struct': {
        if (!isPlainObject(n)) {
          if (!sameValue(o, n) && prefix.length > 0) out.add(joinPath(prefix));
          return;
        }
        // A map or a pointer to a struct that appears is a member; a struct field is always there.
        if (!isPlainObject(o) && prefix.length > 0 && (s.kind === 'map' || s.pointer === true || s.def === undefined || Object.keys(n).length === 0)) out.add(joinPath(prefix));
        const ob = isPlainObject(o) ? o : {};
        for (const k of Object.keys(n)) {
          const sub =
            s.kind === 'struct' && s.def === undefined
              ? isPlainObject(n[k])
                ? { kind: 'struct' as const, def: undefined }
                : Array.isArray(n[k])
                  ? { kind: 'atomic' as const }
                  : { kind: 'scalar' as const }
              : childShape(s, k);
          walk(ob[k], n[k], sub, [...prefix, `f:${k}`]);
        }
      }
    }
  };
  walk(oldPart, newPart, shape, []);
  return out;
}

/** Member paths of a value (nodes included), for what an object no longer has. */
export function membersOf(part: unknown, shape: Shape): Set<string> {
  return fieldSetOf(part, shape, [], new Set(), true);
}

/**
 * The managed fields after an Update (create, update, non-apply patch) by `manager`:
 * it owns what it changed; no one owns what was removed.
 */
export function recordUpdate(before: KubeObject | undefined, after: KubeObject, manager: string, time: string, subresource?: string): ManagerEntry[] {
  const entries = before ? readEntries(before) : [];
  const shape = shapeOf(after);
  const oldPart = before ? ownedPart(before, subresource) : undefined;
  const newPart = ownedPart(after, subresource);
  const changed = changedFields(oldPart, newPart, shape);
  const present = membersOf(newPart, shape);
  for (const e of entries) {
    if ((e.subresource ?? '') !== (subresource ?? '') && subresource !== undefined) continue;
    for (const f of [...e.fields]) if (!present.has(f) && !presentAsParent(f, present)) e.fields.delete(f);
  }
  if (changed.size === 0) return entries;
  for (const e of entries) if (!(e.manager === manager && e.operation === 'Update' && (e.subresource ?? '') === (subresource ?? ''))) for (const f of changed) e.fields.delete(f);
  let mine = entries.find((e) => e.manager === manager && e.operation === 'Update' && (e.subresource ?? '') === (subresource ?? ''));
  if (!mine) {
    mine = { manager, operation: 'Update', apiVersion: after.apiVersion, time, ...(subresource ? { subresource } : {}), fields: new Set() };
    entries.push(mine);
  }
  for (const f of changed) mine.fields.add(f);
  mine.time = time;
  mine.apiVersion = after.apiVersion;
  return entries;
}

function presentAsParent(path: string, present: ReadonlySet<string>): boolean {
  const prefix = `${path}\u0001`;
  for (const p of present) if (p.startsWith(prefix)) return true;
  return false;
}

/** The default field manager of a request without `fieldManager`: the User-Agent's program name. */
export function defaultManager(userAgent: string | undefined): string {
  const name = (userAgent ?? '').split('/')[0]?.trim() ?? '';
  return name === '' ? 'unknown' : name.slice(0, 128);
}
