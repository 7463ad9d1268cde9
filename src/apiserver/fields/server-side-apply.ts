/**
 * Server-side apply (`PATCH` with `application/apply-patch+yaml`), as the structured-merge-diff
 * field manager does it: the applied configuration is merged into the live object (associative
 * lists item by item, sets as unions, atomic values replaced); a field another manager owns and
 * the configuration sets to a different value is a conflict (409, `FieldManagerConflict` causes),
 * unless `force` takes it; fields this manager applied before, no longer applies and nobody else
 * owns are removed; the manager's Apply entry becomes exactly the applied field set.
 */
import { isPlainObject, type KubeObject } from '../../kube/object.ts';
import { StatusError, qualifiedResource } from '../status.ts';
import { childShape, fieldSetOf, formatPath, itemElement, removeAt, splitPath, valueAt, type Shape } from './field-set.ts';
import { ownedPart, readEntries, shapeOf, type ManagerEntry } from './managed-fields.ts';

export interface ApplyOutcome {
  /** The object to store (not yet defaulted or validated). */
  object: KubeObject;
  entries: ManagerEntry[];
}

interface Conflict {
  manager: string;
  apiVersion: string;
  path: string[];
}

export function mergeApplied(live: unknown, applied: unknown, shape: Shape): unknown {
  if (applied === null) return undefined;
  switch (shape.kind) {
    case 'scalar':
    case 'atomic':
      return structuredClone(applied);
    case 'set': {
      if (!Array.isArray(applied)) return structuredClone(applied);
      const out = Array.isArray(live) ? [...live] : [];
      const have = new Set(out.map((x) => JSON.stringify(x)));
      for (const x of applied) if (!have.has(JSON.stringify(x))) out.push(structuredClone(x));
      return out;
    }
    case 'list-map': {
      if (!Array.isArray(applied)) return structuredClone(applied);
      const out = Array.isArray(live) ? [...live] : [];
      for (const item of applied) {
        const el = itemElement(item, shape.keys);
        const i = out.findIndex((x) => itemElement(x, shape.keys) === el);
        if (i >= 0) out[i] = mergeApplied(out[i], item, shape.item);
        else out.push(mergeApplied(undefined, item, shape.item));
      }
      return out;
    }
    case 'map':
    case 'struct': {
      if (!isPlainObject(applied)) return structuredClone(applied);
      const out: Record<string, unknown> = isPlainObject(live) ? { ...live } : {};
      for (const [k, v] of Object.entries(applied)) {
        const sub =
          shape.kind === 'struct' && shape.def === undefined ? (isPlainObject(v) ? shape : Array.isArray(v) ? ({ kind: 'atomic' } as const) : ({ kind: 'scalar' } as const)) : childShape(shape, k);
        const merged = mergeApplied(out[k], v, sub);
        if (merged === undefined) delete out[k];
        else out[k] = merged;
      }
      return out;
    }
  }
}

export function serverSideApply(options: {
  live: KubeObject | undefined;
  applied: KubeObject;
  manager: string;
  force: boolean;
  time: string;
  plural: string;
  group: string;
  subresource?: string;
}): ApplyOutcome {
  const { live, applied, manager, force, time, subresource } = options;
  const shape = shapeOf(applied);
  const appliedPart = ownedPart(applied, subresource);
  const appliedSet = fieldSetOf(appliedPart, shape, [], new Set());
  const mine = (e: ManagerEntry): boolean => e.manager === manager && e.operation === 'Apply' && (e.subresource ?? '') === (subresource ?? '');
  if (!live) {
    return { object: structuredClone(applied), entries: [{ manager, operation: 'Apply', apiVersion: applied.apiVersion, time, ...(subresource ? { subresource } : {}), fields: appliedSet }] };
  }
  const entries = readEntries(live);
  const livePart = ownedPart(live, subresource);
  const conflicts: Conflict[] = [];
  for (const key of appliedSet) {
    const path = splitPath(key);
    const last = path[path.length - 1] ?? '';
    if (!last.startsWith('f:')) continue;
    const lv = valueAt(livePart, path);
    if (lv === undefined || JSON.stringify(lv) === JSON.stringify(valueAt(appliedPart, path))) continue;
    for (const e of entries) if (!mine(e) && e.fields.has(key)) conflicts.push({ manager: e.manager, apiVersion: e.apiVersion, path });
  }
  if (conflicts.length > 0) {
    if (!force) throw conflictError(conflicts, options.plural, options.group, applied.metadata.name ?? '');
    for (const c of conflicts) for (const e of entries) if (!mine(e)) e.fields.delete(c.path.join('\u0001'));
  }
  const merged = mergeApplied(live, applied, shape) as KubeObject;
  const previous = entries.find(mine)?.fields ?? new Set<string>();
  const others = new Set<string>();
  for (const e of entries) if (!mine(e)) for (const f of e.fields) others.add(f);
  // A node (a map, a list item) stays while someone still owns something under it.
  const kept = [...appliedSet, ...others];
  const gone = [...previous].filter((f) => !appliedSet.has(f) && !others.has(f) && !kept.some((k) => k.startsWith(`${f}\u0001`))).sort((a, b) => b.length - a.length);
  for (const f of gone) removeAt(merged, splitPath(f));
  const next = entries.filter((e) => !mine(e));
  next.unshift({ manager, operation: 'Apply', apiVersion: applied.apiVersion, time, ...(subresource ? { subresource } : {}), fields: appliedSet });
  return { object: merged, entries: next };
}

/** `Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas`. */
function conflictError(conflicts: Conflict[], plural: string, group: string, name: string): StatusError {
  const byManager = new Map<string, Conflict[]>();
  for (const c of conflicts) {
    const k = `${c.manager}\u0000${c.apiVersion}`;
    byManager.set(k, [...(byManager.get(k) ?? []), c]);
  }
  const n = conflicts.length;
  let message: string;
  if (n === 1) {
    const c = conflicts[0]!;
    message = `Apply failed with 1 conflict: conflict with "${c.manager}" using ${c.apiVersion}: ${formatPath(c.path)}`;
  } else {
    const parts = [...byManager.values()].map((list) => `conflicts with "${list[0]!.manager}" using ${list[0]!.apiVersion}:\n${list.map((c) => `- ${formatPath(c.path)}`).join('\n')}`);
    message = `Apply failed with ${n} conflicts: ${parts.join('\n')}`;
  }
  return new StatusError(409, 'Conflict', message, {
    name,
    group: group || undefined,
    kind: qualifiedResource(plural, ''),
    causes: conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with "${c.manager}" using ${c.apiVersion}`, field: formatPath(c.path) })),
  });
}
