/**
 * What decoding a request into the Go types forgets: a `null` is the zero value, and an empty `{}`
 * in a non-pointer struct field is the same as no field. kubectl re-encodes objects from Go values
 * (a ReplicaSet's template in `rollout undo` carries `"creationTimestamp": null` and
 * `"resources": {}`); without this, the simulator would store them literally and see a template
 * that differs from the one it already has. Pointer fields keep their `{}` (`emptyDir: {}` matters).
 */
import { isPlainObject } from '../../kube/object.ts';
import { elementType, isStruct, jsonFields } from './go-types.ts';

function normalizeStruct(obj: Record<string, unknown>, def: string): void {
  const fields = jsonFields(def);
  for (const [k, v] of Object.entries(obj)) {
    const f = fields.get(k);
    if (v === null) {
      delete obj[k];
      continue;
    }
    if (!f) continue;
    const t = f.type;
    if (t.startsWith('[]') && Array.isArray(v)) {
      const elem = elementType(t);
      if (isStruct(elem)) for (const item of v) if (isPlainObject(item)) normalizeStruct(item, elem);
      continue;
    }
    if (t.startsWith('map[]') && isPlainObject(v)) {
      const elem = elementType(t);
      for (const [mk, mv] of Object.entries(v)) {
        if (mv === null) delete v[mk];
        else if (isStruct(elem) && isPlainObject(mv)) normalizeStruct(mv, elem);
      }
      continue;
    }
    if (isStruct(t) && isPlainObject(v)) {
      normalizeStruct(v, t);
      if (!f.pointer && Object.keys(v).length === 0) delete obj[k];
    }
  }
}

/** Normalizes an object of a definition in place (unknown definitions are left alone). */
export function normalizeObject(obj: Record<string, unknown>, def: string | undefined): void {
  if (def && isStruct(def)) normalizeStruct(obj, def);
}
