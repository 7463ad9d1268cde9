/**
 * Strategic Merge Patch (`application/strategic-merge-patch+json`), as
 * k8s.io/apimachinery/pkg/util/strategicpatch/patch.go applies it: maps merge key by key and `null`
 * deletes; lists whose Go field is tagged `patchStrategy:"merge"` merge item by item on their
 * `patchMergeKey` (containers by name, ports by containerPort …) or, for scalars, as a set; other
 * lists are replaced. Directives: `$patch: replace|delete|merge`, `$retainKeys`,
 * `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>`; element order follows
 * normalizeElementOrder (the server's order, with patched items in the patch's order).
 */
import { isPlainObject } from '../../kube/object.ts';
import { elementType, isStruct, jsonFields, type GoField } from '../schema/go-types.ts';
import { badRequest } from '../status.ts';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

type Obj = Record<string, unknown>;

/** Applies a strategic merge patch to an object of the given definition (io.k8s.api.apps.v1.Deployment …). */
export function applyStrategicMergePatch(original: unknown, patch: unknown, def: string | undefined): unknown {
  if (!isPlainObject(patch)) throw badRequest('the server rejected our request due to an error in our request: a strategic merge patch must be a JSON object');
  const base = isPlainObject(original) ? structuredClone(original) : {};
  return mergeMap(base, structuredClone(patch), def);
}

function fieldOf(def: string | undefined, key: string): GoField | undefined {
  return def ? jsonFields(def).get(key) : undefined;
}

function structOf(field: GoField | undefined): string | undefined {
  if (!field) return undefined;
  const t = elementType(field.type);
  return isStruct(t) ? t : undefined;
}

function strategies(field: GoField | undefined): string[] {
  return (field?.patchStrategy ?? '').split(',').filter((s) => s !== '');
}

function mergeMap(original: Obj, patch: Obj, def: string | undefined): Obj {
  const directive = patch[DIRECTIVE];
  if (directive !== undefined) {
    delete patch[DIRECTIVE];
    if (directive === 'replace') return stripDirectives(patch) as Obj;
    if (directive === 'delete') return {};
    if (directive !== 'merge') throw badRequest(`the server rejected our request due to an error in our request: unknown patch type: ${String(directive)} in map: "${JSON.stringify(patch)}"`);
  }
  const retain = patch[RETAIN_KEYS];
  if (retain !== undefined) {
    delete patch[RETAIN_KEYS];
    if (!Array.isArray(retain)) throw badRequest('the server rejected our request due to an error in our request: $retainKeys must be a list');
    const keep = new Set(retain.map(String));
    for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
  }
  // $setElementOrder and $deleteFromPrimitiveList first, then the fields.
  const orders = new Map<string, unknown[]>();
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith(SET_ORDER)) {
      orders.set(k.slice(SET_ORDER.length), Array.isArray(v) ? v : []);
      delete patch[k];
    } else if (k.startsWith(DELETE_PRIMITIVE)) {
      const name = k.slice(DELETE_PRIMITIVE.length);
      const remove = new Set((Array.isArray(v) ? v : []).map((x) => JSON.stringify(x)));
      if (Array.isArray(original[name])) original[name] = (original[name] as unknown[]).filter((x) => !remove.has(JSON.stringify(x)));
      delete patch[k];
    }
  }
  for (const [k, pv] of Object.entries(patch)) {
    const field = fieldOf(def, k);
    if (pv === null) {
      delete original[k];
      continue;
    }
    const ov = original[k];
    if (Array.isArray(pv)) {
      const merge = strategies(field).includes('merge');
      if (merge) original[k] = mergeList(Array.isArray(ov) ? ov : [], pv, field!, orders.get(k));
      else original[k] = stripDirectives(pv);
      orders.delete(k);
      continue;
    }
    if (isPlainObject(pv)) {
      const sub = structOf(field);
      if (strategies(field).includes('replace')) original[k] = stripDirectives(pv);
      else if (isPlainObject(ov) || ov === undefined) {
        const merged = mergeMap(isPlainObject(ov) ? ov : {}, pv, sub);
        original[k] = merged;
      } else original[k] = stripDirectives(pv);
      continue;
    }
    original[k] = pv;
  }
  // A $setElementOrder without a patch list reorders the server's list.
  for (const [k, order] of orders) {
    const ov = original[k];
    if (Array.isArray(ov)) original[k] = mergeList(ov, [], fieldOf(def, k)!, order);
  }
  return original;
}

function keyOf(item: unknown, mergeKey: string | undefined): string {
  if (mergeKey === undefined) return JSON.stringify(item);
  return isPlainObject(item) ? JSON.stringify(item[mergeKey]) : JSON.stringify(item);
}

function mergeList(original: unknown[], patch: unknown[], field: GoField, order: unknown[] | undefined): unknown[] {
  const mergeKey = field.patchMergeKey;
  const sub = structOf(field);
  const scalar = [...original, ...patch].every((x) => !isPlainObject(x));
  let merged: unknown[];
  let patchItems = patch;
  if (scalar || mergeKey === undefined) {
    const seen = new Set<string>();
    merged = [];
    for (const x of [...original, ...patch]) {
      const k = JSON.stringify(x);
      if (seen.has(k)) continue;
      seen.add(k);
      merged.push(x);
    }
  } else {
    // Special elements: {$patch: replace} replaces the list; {$patch: delete, key: v} deletes an item.
    let base = original;
    const rest: unknown[] = [];
    for (const item of patch) {
      if (isPlainObject(item) && item[DIRECTIVE] !== undefined) {
        const d = item[DIRECTIVE];
        if (d === 'replace') return stripDirectives(patch.filter((x) => !(isPlainObject(x) && x[DIRECTIVE] === 'replace'))) as unknown[];
        if (d === 'delete') {
          const key = keyOf(item, mergeKey);
          base = base.filter((x) => keyOf(x, mergeKey) !== key);
          continue;
        }
        if (d !== 'merge') throw badRequest(`the server rejected our request due to an error in our request: unknown patch type: ${String(d)} in map`);
      }
      rest.push(item);
    }
    patchItems = rest;
    merged = [...base];
    for (const item of rest) {
      if (!isPlainObject(item)) continue;
      const key = keyOf(item, mergeKey);
      const i = merged.findIndex((x) => keyOf(x, mergeKey) === key);
      if (i >= 0) merged[i] = mergeMap(isPlainObject(merged[i]) ? (merged[i] as Obj) : {}, item, sub);
      else merged.push(mergeMap({}, item, sub));
    }
  }
  return normalizeOrder(merged, order ?? patchItems, original, mergeKey);
}

/**
 * normalizeElementOrder: items named in the patch (or its $setElementOrder) in that order, items
 * only on the server in the server's order, interleaved by their position on the server.
 */
function normalizeOrder(merged: unknown[], patchOrder: unknown[], serverOrder: unknown[], mergeKey: string | undefined): unknown[] {
  const patchKeys = patchOrder.map((x) => keyOf(x, mergeKey));
  const serverKeys = serverOrder.map((x) => keyOf(x, mergeKey));
  const inPatch = merged.filter((x) => patchKeys.includes(keyOf(x, mergeKey)));
  const serverOnly = merged.filter((x) => !patchKeys.includes(keyOf(x, mergeKey)));
  const byIndex = (keys: string[]) => (a: unknown, b: unknown) => {
    const ia = keys.indexOf(keyOf(a, mergeKey));
    const ib = keys.indexOf(keyOf(b, mergeKey));
    return (ia < 0 ? Number.MAX_SAFE_INTEGER : ia) - (ib < 0 ? Number.MAX_SAFE_INTEGER : ib);
  };
  inPatch.sort(byIndex(patchKeys));
  serverOnly.sort(byIndex(serverKeys));
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < inPatch.length) {
    if (i >= serverOnly.length) out.push(inPatch[j++]);
    else if (j >= inPatch.length) out.push(serverOnly[i++]);
    else {
      const li = serverKeys.indexOf(keyOf(serverOnly[i], mergeKey));
      const ri = serverKeys.indexOf(keyOf(inPatch[j], mergeKey));
      if (li >= 0 && ri >= 0 && li < ri) out.push(serverOnly[i++]);
      else out.push(inPatch[j++]);
    }
  }
  return out;
}

/** A patch value taken as is, without the directives it may carry. */
function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => !(isPlainObject(x) && Object.keys(x).length === 1 && DIRECTIVE in x)).map(stripDirectives);
  if (!isPlainObject(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === DIRECTIVE || k === RETAIN_KEYS || k.startsWith(SET_ORDER) || k.startsWith(DELETE_PRIMITIVE)) continue;
    if (x === null) continue;
    out[k] = stripDirectives(x);
  }
  return out;
}
