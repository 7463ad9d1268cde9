/**
 * The Kubernetes API types as Go declares them (generated into go-types.json by generate.ts): what
 * the JSON, protobuf, strategic-merge-patch and server-side-apply code of the API server read from
 * struct tags and `+` markers.
 *
 * A type reference is a string: a scalar (`string`, `bool`, `int32`, `int64`, `float64`, `bytes`), a
 * type with its own encoding (`Time`, `MicroTime`, `Duration`, `Quantity`, `IntOrString`,
 * `RawExtension`, `FieldsV1`), a definition name (`io.k8s.api.core.v1.PodSpec`), `[]<ref>` or
 * `map[]<ref>` (maps always have string keys).
 */
import table from './go-types.json' with { type: 'json' };
import { KINDS, type KindInfo } from '../../kube/kinds.ts';

export interface GoField {
  /** JSON name; empty for an inlined struct. */
  json: string;
  type: string;
  inline?: boolean;
  omitempty?: boolean;
  pointer?: boolean;
  /** Protobuf field number and wire type (`bytes`, `varint`, `fixed64`). */
  proto?: number;
  wire?: string;
  patchStrategy?: string;
  patchMergeKey?: string;
  listType?: string;
  listMapKeys?: string[];
  mapType?: string;
  structType?: string;
}

export interface GoStruct {
  fields: GoField[];
  structType?: string;
  gvk?: { group: string; version: string; kind: string };
}

export interface GoTypes {
  source: string;
  structs: Record<string, GoStruct>;
}

export const GO_TYPES = table as GoTypes;

export function goStruct(def: string): GoStruct | undefined {
  return GO_TYPES.structs[def];
}

/** The definition name of a kind: io.k8s.api.apps.v1.Deployment. */
export function definitionOf(info: Pick<KindInfo, 'group' | 'version' | 'kind'>): string {
  const pkg = info.group === '' ? 'core' : info.group.replace(/\.k8s\.io$/, '').split('.')[0];
  return `io.k8s.api.${pkg}.${info.version}.${info.kind}`;
}

export function definitionOfKind(apiVersion: string, kind: string): string | undefined {
  const info = KINDS.find((k) => (k.group === '' ? k.version : `${k.group}/${k.version}`) === apiVersion && k.kind === kind);
  if (info) return definitionOf(info);
  const extra: Record<string, string> = {
    'autoscaling/v1/Scale': 'io.k8s.api.autoscaling.v1.Scale',
    'policy/v1/Eviction': 'io.k8s.api.policy.v1.Eviction',
    'v1/Binding': 'io.k8s.api.core.v1.Binding',
    'v1/DeleteOptions': 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
    'meta.k8s.io/v1/DeleteOptions': 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
  };
  return extra[`${apiVersion}/${kind}`];
}

const fieldIndex = new Map<string, Map<string, GoField>>();

/** The fields of a struct by JSON name, inlined structs flattened (as encoding/json sees them). */
export function jsonFields(def: string): Map<string, GoField> {
  let m = fieldIndex.get(def);
  if (m) return m;
  m = new Map();
  for (const f of goStruct(def)?.fields ?? []) {
    if (f.inline) for (const [k, v] of jsonFields(f.type)) m.set(k, v);
    else m.set(f.json, f);
  }
  fieldIndex.set(def, m);
  return m;
}

/** `[]X` → X, `map[]X` → X. */
export function elementType(ref: string): string {
  if (ref.startsWith('[]')) return ref.slice(2);
  if (ref.startsWith('map[]')) return ref.slice(5);
  return ref;
}

export function isStruct(ref: string): boolean {
  return ref in GO_TYPES.structs;
}
