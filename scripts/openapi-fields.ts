/** Builds the field table written by generate-openapi-fields.ts (shared with the test that checks it). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CONVERTED_KINDS, KINDS } from '../src/kube/kinds.ts';

export const OUTPUT = 'src/kube/schema/openapi-fields.json';

interface Attribute {
  baseName: string;
  type: string;
  format: string;
}

/** Go resource.Quantity fields: JSON strings or numbers (the models only say "string"). */
const QUANTITY = new Set([
  'V1ResourceRequirements.limits', 'V1ResourceRequirements.requests',
  'V1VolumeResourceRequirements.limits', 'V1VolumeResourceRequirements.requests',
  'V1PodSpec.overhead', 'V1EmptyDirVolumeSource.sizeLimit',
  'V1LimitRangeItem.default', 'V1LimitRangeItem.defaultRequest', 'V1LimitRangeItem.max', 'V1LimitRangeItem.min', 'V1LimitRangeItem.maxLimitRequestRatio',
  'V1ResourceQuotaSpec.hard', 'V1ResourceQuotaStatus.hard', 'V1ResourceQuotaStatus.used',
  'V1PersistentVolumeSpec.capacity', 'V1PersistentVolumeClaimStatus.capacity', 'V1PersistentVolumeClaimStatus.allocatedResources',
  'V1NodeStatus.capacity', 'V1NodeStatus.allocatable', 'V1ContainerStatus.allocatedResources',
  'V2MetricTarget.averageValue', 'V2MetricTarget.value', 'V2MetricValueStatus.averageValue', 'V2MetricValueStatus.value',
]);

/** Kinds whose model name is not V<version><Kind>. */
const ROOT_OVERRIDES: Record<string, string> = { 'v1/Event': 'CoreV1Event' };

export interface FieldTable {
  source: string;
  roots: Record<string, string>;
  types: Record<string, Record<string, string>>;
}

export async function buildFieldTable(): Promise<FieldTable> {
  const require = createRequire(import.meta.url);
  const modelsDir = join(dirname(require.resolve('@kubernetes/client-node')), 'gen', 'models');
  const serializer = (await import(join(modelsDir, 'ObjectSerializer.js'))) as Record<string, unknown>;
  const header = readFileSync(join(modelsDir, 'V1Pod.js'), 'utf8');
  const source = /OpenAPI spec version: (\S+)/.exec(header)?.[1] ?? 'unknown';
  const classes = serializer as Record<string, { attributeTypeMap?: Attribute[] }>;
  const roots: Record<string, string> = {};
  for (const k of [...KINDS, ...CONVERTED_KINDS]) {
    const apiVersion = k.group ? `${k.group}/${k.version}` : k.version;
    const name = ROOT_OVERRIDES[`${apiVersion}/${k.kind}`] ?? `V${k.version.slice(1)}${k.kind}`;
    if (!classes[name]?.attributeTypeMap) throw new Error(`no model ${name} for ${apiVersion} ${k.kind}`);
    roots[`${apiVersion}/${k.kind}`] = name;
  }
  const types: FieldTable['types'] = {};
  const visit = (name: string): void => {
    if (types[name]) return;
    const attrs = classes[name]?.attributeTypeMap;
    if (!attrs) return;
    const fields: Record<string, string> = {};
    types[name] = fields;
    for (const a of attrs) {
      fields[a.baseName] = normalize(a.type, a.format, QUANTITY.has(`${name}.${a.baseName}`));
      for (const ref of a.type.match(/[A-Z][A-Za-z0-9]+/g) ?? []) if (ref !== 'Array' && ref !== 'Date' && ref !== 'IntOrString') visit(ref);
    }
  };
  for (const root of Object.values(roots)) visit(root);
  return { source, roots, types: Object.fromEntries(Object.entries(types).sort(([a], [b]) => (a < b ? -1 : 1))) };
}

/** "Array<V1Container>" → "[]V1Container", "{ [key: string]: string; }" → "map[string]", number/int32 → "int32" … */
function normalize(type: string, format: string, quantity: boolean): string {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return `[]${normalize(array[1]!, '', quantity)}`;
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return `map[${normalize(map[1]!, '', quantity)}]`;
  if (quantity && type === 'string') return 'quantity';
  if (type === 'number') return format === 'int32' || format === 'int64' ? format : 'double';
  if (type === 'Date') return 'date';
  if (type === 'IntOrString') return 'intorstring';
  if (type === 'object') return 'any';
  return type;
}
