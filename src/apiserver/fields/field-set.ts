/**
 * Field sets, as sigs.k8s.io/structured-merge-diff tracks them for managedFields: a set of paths
 * into an object, each path a list of elements `f:<field>`, `k:{"name":"web"}` (an item of an
 * associative list, by its keys), `v:"x"` (an item of a set). A set is kept flat — one string per
 * member path — and serialized as the nested `fieldsV1` object (`{"f:spec":{"f:replicas":{}}}`,
 * with `".": {}` where a node with children is itself a member).
 *
 * Which lists are associative comes from the Go types (`+listType=map` and `+listMapKey`, or
 * `patchStrategy:"merge"` with a `patchMergeKey`); `+listType=set` and merge lists of scalars are
 * sets; other lists, `+structType=atomic` and `+mapType=atomic` values are leaves.
 */
import { isPlainObject } from '../../kube/object.ts';
import { elementType, goStruct, isStruct, jsonFields, type GoField } from '../schema/go-types.ts';

const SEP = '\u0001';

export type PathElement = string;

export function joinPath(path: readonly PathElement[]): string {
  return path.join(SEP);
}

export function splitPath(key: string): PathElement[] {
  return key === '' ? [] : key.split(SEP);
}

/** How a value of a field is tracked. */
export type Shape =
  | { kind: 'scalar' }
  | { kind: 'atomic' }
  | { kind: 'struct'; def: string | undefined; pointer?: boolean }
  | { kind: 'map'; value: Shape }
  | { kind: 'list-map'; keys: string[]; item: Shape }
  | { kind: 'set' };

const SCALAR: Shape = { kind: 'scalar' };
const ATOMIC: Shape = { kind: 'atomic' };

/** Defaults of list keys the API server fills in (a ContainerPort without protocol is keyed as TCP). */
const KEY_DEFAULTS: Record<string, unknown> = { protocol: 'TCP' };

export function shapeOfDef(def: string | undefined): Shape {
  if (def && goStruct(def)?.structType === 'atomic') return ATOMIC;
  return { kind: 'struct', def };
}

export function shapeOfField(field: GoField | undefined): Shape {
  if (!field) return { kind: 'struct', def: undefined };
  if (field.structType === 'atomic') return ATOMIC;
  const t = field.type;
  if (t.startsWith('[]') && t !== '[]byte') {
    const elem = elementType(t);
    const strategies = (field.patchStrategy ?? '').split(',');
    const listType = field.listType ?? (strategies.includes('merge') ? (field.patchMergeKey ? 'map' : 'set') : 'atomic');
    if (listType === 'map') {
      const keys = field.listMapKeys ?? (field.patchMergeKey ? [field.patchMergeKey] : []);
      if (keys.length === 0 || !isStruct(elem)) return ATOMIC;
      return { kind: 'list-map', keys, item: shapeOfDef(elem) };
    }
    if (listType === 'set') return { kind: 'set' };
    return ATOMIC;
  }
  if (t.startsWith('map[]')) {
    if (field.mapType === 'atomic') return ATOMIC;
    const elem = elementType(t);
    return { kind: 'map', value: isStruct(elem) ? shapeOfDef(elem) : elem.startsWith('[]') ? ATOMIC : SCALAR };
  }
  if (isStruct(t)) {
    const shape = shapeOfDef(t);
    return shape.kind === 'struct' && field.pointer ? { ...shape, pointer: true } : shape;
  }
  return SCALAR;
}

export function childShape(shape: Shape, key: string): Shape {
  if (shape.kind === 'map') return shape.value;
  if (shape.kind === 'struct') return shape.def ? shapeOfField(jsonFields(shape.def).get(key)) : { kind: 'struct', def: undefined };
  return SCALAR;
}

/** `k:{"containerPort":80,"protocol":"TCP"}`: the item's key fields, sorted by name. */
export function itemElement(item: unknown, keys: readonly string[]): PathElement {
  const o = isPlainObject(item) ? item : {};
  const fields: Record<string, unknown> = {};
  for (const k of [...keys].sort()) {
    const v = o[k] ?? KEY_DEFAULTS[k];
    if (v !== undefined) fields[k] = v;
  }
  return `k:${JSON.stringify(fields)}`;
}

function untypedShape(v: unknown): Shape {
  if (isPlainObject(v)) return { kind: 'struct', def: undefined };
  if (Array.isArray(v)) return ATOMIC;
  return SCALAR;
}

/**
 * The member paths of a value: every leaf, every associative list item (as a member), every set
 * item; an empty map or struct is a member itself. `nodes` also makes every map or struct a member.
 */
export function fieldSetOf(value: unknown, shape: Shape, prefix: PathElement[], out: Set<string>, nodes = false): Set<string> {
  if (value === undefined || value === null) {
    if (prefix.length > 0 && value === null) out.add(joinPath(prefix));
    return out;
  }
  switch (shape.kind) {
    case 'scalar':
    case 'atomic':
    case 'set':
      if (shape.kind === 'set' && Array.isArray(value) && value.length > 0) {
        for (const item of value) out.add(joinPath([...prefix, `v:${JSON.stringify(item)}`]));
        return out;
      }
      if (prefix.length > 0) out.add(joinPath(prefix));
      return out;
    case 'list-map': {
      if (!Array.isArray(value) || value.length === 0) {
        if (prefix.length > 0) out.add(joinPath(prefix));
        return out;
      }
      for (const item of value) {
        const p = [...prefix, itemElement(item, shape.keys)];
        out.add(joinPath(p));
        fieldSetOf(item, shape.item, p, out, nodes);
      }
      return out;
    }
    case 'map':
    case 'struct': {
      if (!isPlainObject(value)) {
        if (prefix.length > 0) out.add(joinPath(prefix));
        return out;
      }
      const keys = Object.keys(value);
      if (prefix.length > 0 && (keys.length === 0 || nodes)) out.add(joinPath(prefix));
      for (const k of keys) {
        const sub = shape.kind === 'struct' && shape.def === undefined ? untypedShape(value[k]) : childShape(shape, k);
        fieldSetOf(value[k], sub, [...prefix, `f:${k}`], out, nodes);
      }
      return out;
    }
  }
}

/** The value at a path, or undefined when the path is not in the object. */
export function valueAt(obj: unknown, path: readonly PathElement[]): unknown {
  let cur: unknown = obj;
  for (const el of path) {
    if (cur === undefined || cur === null) return undefined;
    if (el.startsWith('f:')) cur = isPlainObject(cur) ? cur[el.slice(2)] : undefined;
    else if (el.startsWith('k:')) {
      if (!Array.isArray(cur)) return undefined;
      const want = JSON.parse(el.slice(2)) as Record<string, unknown>;
      const keys = Object.keys(want);
      cur = cur.find((item) => itemElement(item, keys) === el);
    } else if (el.startsWith('v:')) {
      if (!Array.isArray(cur)) return undefined;
      const want = el.slice(2);
      cur = cur.find((item) => JSON.stringify(item) === want);
    } else return undefined;
  }
  return cur;
}

/** Removes the value at a path (a field, a list item, a set item). */
export function removeAt(obj: unknown, path: readonly PathElement[]): void {
  if (path.length === 0) return;
  const parent = valueAt(obj, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (last.startsWith('f:') && isPlainObject(parent)) delete parent[last.slice(2)];
  else if (Array.isArray(parent)) {
    const i = parent.findIndex((item) => (last.startsWith('v:') ? JSON.stringify(item) === last.slice(2) : itemElement(item, Object.keys(JSON.parse(last.slice(2)) as object)) === last));
    if (i >= 0) parent.splice(i, 1);
  }
}

/** `.spec.template.spec.containers[name="web"].image`: a path as conflict messages print it. */
export function formatPath(path: readonly PathElement[]): string {
  return path
    .map((el) => {
      if (el.startsWith('f:')) return `.${el.slice(2)}`;
      if (el.startsWith('k:')) {
        const fields = JSON.parse(el.slice(2)) as Record<string, unknown>;
        return `[${Object.entries(fields)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(',')}]`;
      }
      return `[=${el.slice(2)}]`;
    })
    .join('');
}

/** The nested fieldsV1 object of a flat set. */
export function toFieldsV1(set: ReadonlySet<string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const key of [...set].sort()) {
    let node = root;
    const path = splitPath(key);
    path.forEach((el) => {
      node[el] ??= {};
      node = node[el] as Record<string, unknown>;
    });
    node['.'] = {};
  }
  // A member without children is written `{}`, not `{".": {}}`.
  const clean = (n: Record<string, unknown>): Record<string, unknown> => {
    const keys = Object.keys(n);
    if (keys.length === 1 && keys[0] === '.') return {};
    const out: Record<string, unknown> = {};
    if ('.' in n) out['.'] = {};
    for (const k of keys.filter((x) => x !== '.').sort()) out[k] = clean(n[k] as Record<string, unknown>);
    return out;
  };
  return clean(root);
}

/** The flat set of a fieldsV1 object. */
export function fromFieldsV1(fields: unknown, prefix: PathElement[] = [], out = new Set<string>()): Set<string> {
  if (!isPlainObject(fields)) return out;
  const keys = Object.keys(fields);
  if (prefix.length > 0 && (keys.length === 0 || keys.includes('.'))) out.add(joinPath(prefix));
  for (const k of keys) if (k !== '.') fromFieldsV1(fields[k], [...prefix, k], out);
  return out;
}

/** The shape of a whole object of a definition, for field sets of objects. */
export function rootShape(def: string | undefined): Shape {
  return { kind: 'struct', def };
}
