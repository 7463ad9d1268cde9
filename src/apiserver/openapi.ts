/**
 * OpenAPI v3 (`/openapi/v3` and `/openapi/v3/<api|apis/g/v>`), generated from the Go types: what
 * `kubectl apply` reads to build strategic merge patches (x-kubernetes-patch-merge-key and
 * x-kubernetes-patch-strategy on the fields, x-kubernetes-group-version-kind on the kinds) and to
 * decide that the server validates fields itself (the `fieldValidation` parameter of PATCH,
 * cli-runtime query_param_verifier_v3.go); `kubectl explain` reads the same schemas.
 * `/openapi/v2` is not served: kubectl falls back to v3 (it tolerates the 404).
 */
import { createHash } from 'node:crypto';
import { SERVER_VERSION } from './discovery.ts';
import { groupVersions, resourcesIn, type ServedResource } from './resources.ts';
import { definitionOf, goStruct, isStruct, type GoField } from './schema/go-types.ts';

type Schema = Record<string, unknown>;

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const SPECIAL: Record<string, Schema> = {
  [`${META}.Time`]: { type: 'string', format: 'date-time' },
  [`${META}.MicroTime`]: { type: 'string', format: 'date-time' },
  [`${META}.Duration`]: { type: 'string' },
  [`${META}.FieldsV1`]: { type: 'object' },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: 'string', format: 'int-or-string' },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': { type: 'object' },
};
const SPECIAL_NAMES: Record<string, string> = {
  Time: `${META}.Time`,
  MicroTime: `${META}.MicroTime`,
  Duration: `${META}.Duration`,
  FieldsV1: `${META}.FieldsV1`,
  Quantity: 'io.k8s.apimachinery.pkg.api.resource.Quantity',
  IntOrString: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  RawExtension: 'io.k8s.apimachinery.pkg.runtime.RawExtension',
};

function ref(name: string): Schema {
  return { $ref: `#/components/schemas/${name}` };
}

function typeSchema(t: string, used: Set<string>): Schema {
  if (t.startsWith('map[]')) return { type: 'object', additionalProperties: typeSchema(t.slice(5), used) };
  if (t.startsWith('[]')) return { type: 'array', items: typeSchema(t.slice(2), used) };
  switch (t) {
    case 'string':
      return { type: 'string' };
    case 'bytes':
      return { type: 'string', format: 'byte' };
    case 'bool':
      return { type: 'boolean' };
    case 'int32':
      return { type: 'integer', format: 'int32' };
    case 'int64':
      return { type: 'integer', format: 'int64' };
    case 'float64':
      return { type: 'number', format: 'double' };
  }
  const name = SPECIAL_NAMES[t] ?? t;
  used.add(name);
  // Upstream wraps non-pointer struct fields in allOf with a default of {}; a plain $ref reads the
  // same for kubectl and keeps the document (which kubectl parses on every apply) small.
  return ref(name);
}

function fieldSchema(f: GoField, used: Set<string>): Schema {
  const s = typeSchema(f.type, used);
  if (f.patchMergeKey) s['x-kubernetes-patch-merge-key'] = f.patchMergeKey;
  if (f.patchStrategy) s['x-kubernetes-patch-strategy'] = f.patchStrategy;
  return s;
}

function structSchema(def: string, used: Set<string>): Schema {
  const st = goStruct(def)!;
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  const add = (fields: readonly GoField[]): void => {
    for (const f of fields) {
      if (f.inline) {
        add(goStruct(f.type)?.fields ?? []);
        continue;
      }
      properties[f.json] = fieldSchema(f, used);
      if (!f.omitempty && !f.pointer && f.json !== 'apiVersion' && f.json !== 'kind') required.push(f.json);
    }
  };
  add(st.fields);
  const s: Schema = { type: 'object', properties };
  if (required.length > 0) s.required = required;
  if (st.structType) s['x-kubernetes-map-type'] = st.structType;
  if (st.gvk) s['x-kubernetes-group-version-kind'] = [st.gvk];
  return s;
}

/** Every schema reachable from the given definitions. */
function components(roots: string[]): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (name in out) continue;
    if (SPECIAL[name]) {
      out[name] = SPECIAL[name]!;
      continue;
    }
    if (!isStruct(name)) continue;
    const used = new Set<string>();
    out[name] = structSchema(name, used);
    for (const u of used) if (!(u in out)) queue.push(u);
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];

/**
 * The operations of a kind, as far as clients read them: PATCH of one object, with its
 * x-kubernetes-group-version-kind, its query parameters (kubectl looks for fieldValidation) and its
 * body types (strategic-merge-patch+json tells kubectl to build patches from these schemas).
 */
function operations(r: ServedResource, base: string): Record<string, Schema> {
  const gvk = { group: r.info.group, version: r.info.version, kind: r.info.kind };
  const item = `${r.info.namespaced ? `${base}/namespaces/{namespace}/${r.info.plural}` : `${base}/${r.info.plural}`}/{name}`;
  const parameters = ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map((name) => ({ name, in: 'query', schema: { type: name === 'force' ? 'boolean' : 'string' } }));
  return {
    [item]: {
      patch: {
        'x-kubernetes-group-version-kind': gvk,
        'x-kubernetes-action': 'patch',
        operationId: `patch${r.info.kind}`,
        parameters,
        requestBody: { content: Object.fromEntries(PATCH_TYPES.map((t) => [t, {}])) },
      },
    },
  };
}

function gvPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/** handler3 computeETag: the SHA-512 of the JSON, in upper-case hex. */
function etag(body: string): string {
  return createHash('sha512').update(body).digest('hex').toUpperCase();
}

const documents = new Map<string, { body: string; hash: string }>();

/**
 * The OpenAPI v3 document of a group version (`api/v1`, `apis/apps/v1`), JSON text and its hash.
 * Without `schemas` it declares the operations only, for the kubectl commands that read nothing else
 * (openapi-handler.ts, wantsSchemas): they then build strategic merge patches from their compiled-in
 * types, and every `kubectl apply` (which parses the document three times) starts faster.
 */
export function openApiDocument(path: string, schemas = true): { body: string; hash: string } | undefined {
  const key = `${schemas ? 'full' : 'paths'}:${path}`;
  const cached = documents.get(key);
  if (cached) return cached;
  const gv = groupVersions().find((x) => gvPath(x.group, x.version) === path);
  if (!gv) return undefined;
  const resources = resourcesIn(gv.group, gv.version).filter((r) => r.info.plural !== 'bindings');
  const defs = resources.map((r) => definitionOf(r.info)).filter((d) => isStruct(d));
  let paths: Record<string, Schema> = {};
  for (const r of resources) {
    const def = definitionOf(r.info);
    if (!isStruct(def)) continue;
    paths = { ...paths, ...operations(r, `/${path}`) };
  }
  const extra = gv.group === 'apps' || gv.group === '' ? ['io.k8s.api.autoscaling.v1.Scale', `${META}.DeleteOptions`] : [`${META}.DeleteOptions`];
  const doc = {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION },
    paths,
    components: { schemas: schemas ? components([...defs, ...extra.filter(isStruct)]) : {} },
  };
  const body = JSON.stringify(doc);
  const entry = { body, hash: etag(body) };
  documents.set(key, entry);
  return entry;
}

/** The URL the index gives for a group version's document: `/openapi/v3/<gv>?hash=<ETag>` (handler3 constructServerRelativeURL). */
export function openApiUrl(path: string, hash: string): string {
  return `/openapi/v3/${path}?hash=${hash}`;
}

const indexes = new Map<boolean, { body: string; hash: string }>();

/** The `/openapi/v3` index: every group version with the URL of its document; JSON text and its hash. */
export function openApiIndex(schemas = true): { body: string; hash: string } {
  const cached = indexes.get(schemas);
  if (cached) return cached;
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of groupVersions()) {
    const p = gvPath(gv.group, gv.version);
    paths[p] = { serverRelativeURL: openApiUrl(p, openApiDocument(p, schemas)!.hash) };
  }
  const body = JSON.stringify({ paths });
  const entry = { body, hash: etag(body) };
  indexes.set(schemas, entry);
  return entry;
}
