/**
 * Strict decoding, as the API server decodes a request body with fieldValidation=Strict (kubectl's
 * default since 1.27): every field must exist in the kind's OpenAPI schema and carry the right JSON
 * type. The schema is the field table generated from @kubernetes/client-node's models
 * (scripts/generate-openapi-fields.ts). Messages follow sigs.k8s.io/json and the apimachinery strict
 * decoder: `json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`
 * and `unknown field "spec.replica"`.
 */
import type { FieldPath } from '../position.ts';
import { formatFieldPath } from '../position.ts';
import table from './openapi-fields.json' with { type: 'json' };

export interface DecodeError {
  type: 'unknown' | 'type';
  path: FieldPath;
  /** The decoder's own words (English; the API server has no other language). */
  message: string;
}

const TYPES = table.types as Record<string, Record<string, string>>;
const ROOTS = table.roots as Record<string, string>;

/** The schema model of an apiVersion/kind, when Orchestra has one. */
export function modelOf(apiVersion: string, kind: string): string | undefined {
  return ROOTS[`${apiVersion}/${kind}`];
}

export function strictDecode(obj: Record<string, unknown>): DecodeError[] {
  const model = modelOf(String(obj.apiVersion), String(obj.kind));
  if (!model) return [];
  const errors: DecodeError[] = [];
  walkModel(obj, model, [], errors);
  return errors;
}

function walkModel(value: unknown, model: string, path: (string | number)[], errors: DecodeError[]): void {
  const fields = TYPES[model];
  if (!fields) return;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const type = fields[key];
    if (type === undefined) {
      errors.push({ type: 'unknown', path: [...path, key], message: `unknown field "${formatFieldPath([...path, key])}"` });
      continue;
    }
    walk(v, type, model, [...path, key], errors);
  }
}

function walk(v: unknown, type: string, struct: string, path: (string | number)[], errors: DecodeError[]): void {
  if (v === null || v === undefined || type === 'any') return;
  const mismatch = (): void => {
    errors.push({
      type: 'type',
      path,
      message: `json: cannot unmarshal ${jsonType(v)} into Go struct field ${goName(struct)}.${path.filter((p) => typeof p === 'string').join('.')} of type ${goType(type)}`,
    });
  };
  if (type.startsWith('[]')) {
    if (!Array.isArray(v)) return mismatch();
    v.forEach((item, i) => walk(item, type.slice(2), struct, [...path, i], errors));
    return;
  }
  if (type.startsWith('map[')) {
    if (!isObject(v)) return mismatch();
    const inner = type.slice(4, -1);
    for (const [k, item] of Object.entries(v)) walk(item, inner, struct, [...path, k], errors);
    return;
  }
  switch (type) {
    case 'string':
    case 'date':
      if (typeof v !== 'string') mismatch();
      return;
    case 'boolean':
      if (typeof v !== 'boolean') mismatch();
      return;
    case 'int32':
    case 'int64':
      if (typeof v !== 'number' || !Number.isInteger(v)) mismatch();
      return;
    case 'double':
      if (typeof v !== 'number') mismatch();
      return;
    case 'intorstring':
      if (typeof v !== 'string' && !(typeof v === 'number' && Number.isInteger(v))) mismatch();
      return;
    case 'quantity':
      if (typeof v !== 'string' && typeof v !== 'number') mismatch();
      return;
    default:
      if (!isObject(v)) return mismatch();
      walkModel(v, type, path, errors);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Go's encoding/json names for JSON values in UnmarshalTypeError. */
function jsonType(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'number' : `number ${v}`;
  return Array.isArray(v) ? 'array' : 'object';
}

/** V1DeploymentSpec → DeploymentSpec, CoreV1Event → Event (the Go struct name). */
function goName(model: string): string {
  return model.replace(/^(Core|Discovery|Events|Storage)?V\d+(alpha\d+|beta\d+)?/, '');
}

function goType(type: string): string {
  if (type.startsWith('[]')) return `[]${goType(type.slice(2))}`;
  if (type.startsWith('map[')) return `map[string]${goType(type.slice(4, -1))}`;
  const scalar: Record<string, string> = { string: 'string', date: 'v1.Time', boolean: 'bool', int32: 'int32', int64: 'int64', double: 'float64', intorstring: 'intstr.IntOrString', quantity: 'resource.Quantity' };
  return scalar[type] ?? `v1.${goName(type)}`;
}
