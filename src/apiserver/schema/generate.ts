/**
 * Generates src/apiserver/schema/go-types.json: the Kubernetes API types as their Go definitions
 * declare them (k8s.io/api and k8s.io/apimachinery `types.go`), for every type reachable from the
 * kinds Orchestra serves. For each struct field it keeps what the JSON, protobuf, strategic-merge-patch
 * and server-side-apply machinery read from the Go tags and markers:
 *
 *   json name, omitempty, pointer, protobuf field number and wire type (`protobuf:"bytes,2,opt,…"`),
 *   patchStrategy / patchMergeKey, `+listType`, `+listMapKey`, `+mapType`, `+structType`.
 *
 * The API server facade uses it to decode protobuf request bodies, to merge strategic patches, to
 * build managedFields, and to publish OpenAPI v3 schemas with the upstream patch extensions.
 *
 * Run with two checkouts (or `git archive` extracts) of kubernetes/api and kubernetes/apimachinery:
 *
 *   node src/apiserver/schema/generate.ts <k8s.io/api dir> <k8s.io/apimachinery dir>
 */
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KINDS } from '../../kube/kinds.ts';
import type { GoField, GoStruct, GoTypes } from './go-types.ts';

/** Go packages read, with the OpenAPI definition prefix of their types. */
const PACKAGES: { dir: (api: string, machinery: string) => string; importPath: string; prefix: string }[] = [
  ...['core/v1', 'apps/v1', 'batch/v1', 'discovery/v1', 'autoscaling/v1', 'autoscaling/v2', 'networking/v1', 'policy/v1', 'storage/v1', 'coordination/v1', 'scheduling/v1'].map((p) => ({
    dir: (api: string) => join(api, p),
    importPath: `k8s.io/api/${p}`,
    prefix: `io.k8s.api.${p.replace('/', '.')}`,
  })),
  { dir: (_a, m) => join(m, 'pkg/apis/meta/v1'), importPath: 'k8s.io/apimachinery/pkg/apis/meta/v1', prefix: 'io.k8s.apimachinery.pkg.apis.meta.v1' },
];

/** Types with their own JSON and protobuf encodings, named as the OpenAPI document names them. */
const SPECIAL: Record<string, string> = {
  'k8s.io/apimachinery/pkg/apis/meta/v1.Time': 'Time',
  'k8s.io/apimachinery/pkg/apis/meta/v1.MicroTime': 'MicroTime',
  'k8s.io/apimachinery/pkg/apis/meta/v1.Duration': 'Duration',
  'k8s.io/apimachinery/pkg/apis/meta/v1.FieldsV1': 'FieldsV1',
  'k8s.io/apimachinery/pkg/api/resource.Quantity': 'Quantity',
  'k8s.io/apimachinery/pkg/util/intstr.IntOrString': 'IntOrString',
  'k8s.io/apimachinery/pkg/runtime.RawExtension': 'RawExtension',
  'k8s.io/apimachinery/pkg/types.UID': 'string',
  'k8s.io/apimachinery/pkg/types.NodeName': 'string',
};

const SCALARS: Record<string, string> = {
  string: 'string',
  bool: 'bool',
  int32: 'int32',
  int64: 'int64',
  int: 'int64',
  float64: 'float64',
  float32: 'float64',
  uint32: 'int64',
  uint64: 'int64',
  byte: 'int32',
};

/** Root types besides the kinds: subresources and options the facade decodes. */
const EXTRA_ROOTS = ['io.k8s.api.autoscaling.v1.Scale', 'io.k8s.api.policy.v1.Eviction', 'io.k8s.api.core.v1.Binding', 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions'];

interface RawStruct {
  name: string;
  markers: string[];
  fields: { name: string; type: string; tag: string; markers: string[]; embedded: boolean }[];
}

interface ParsedPackage {
  importPath: string;
  prefix: string;
  structs: Map<string, RawStruct>;
  /** Named non-struct types: `type Protocol string`, `type ResourceList map[ResourceName]resource.Quantity`. */
  named: Map<string, { type: string; markers: string[] }>;
  /** Import alias → import path, per file (merged; the packages use consistent aliases). */
  imports: Map<string, string>;
}

function parsePackage(dir: string, importPath: string, prefix: string): ParsedPackage {
  const files = readdirSync(dir).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go') && !f.startsWith('zz_') && !f.startsWith('generated'));
  const pkg: ParsedPackage = { importPath, prefix, structs: new Map(), named: new Map(), imports: new Map() };
  for (const f of files) parseFile(readFileSync(join(dir, f), 'utf8'), pkg);
  return pkg;
}

function parseFile(source: string, pkg: ParsedPackage): void {
  const lines = source.split('\n');
  for (const m of source.matchAll(/^\s*(\w+)?\s*"(k8s\.io\/[^"]+)"\s*$/gm)) {
    const path = m[2]!;
    pkg.imports.set(m[1] ?? path.split('/').pop()!, path);
  }
  let markers: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('//')) {
      const mk = /^\/\/\s*\+([\w.-]+(?:=.*)?)$/.exec(line.trim());
      if (mk) markers.push(mk[1]!);
      continue;
    }
    const st = /^type (\w+) struct \{\s*$/.exec(line);
    if (st) {
      const s: RawStruct = { name: st[1]!, markers, fields: [] };
      let fieldMarkers: string[] = [];
      for (i++; i < lines.length && lines[i] !== '}'; i++) {
        const l = lines[i]!.trim();
        if (l.startsWith('//')) {
          const mk = /^\/\/\s*\+([\w.-]+(?:=.*)?)$/.exec(l);
          if (mk) fieldMarkers.push(mk[1]!);
          continue;
        }
        if (l === '') {
          fieldMarkers = [];
          continue;
        }
        const named = /^(\w+)\s+([\w.*[\]]+)\s+`([^`]*)`/.exec(l);
        const embedded = /^([\w.*]+)\s+`([^`]*)`/.exec(l);
        if (named) s.fields.push({ name: named[1]!, type: named[2]!, tag: named[3]!, markers: fieldMarkers, embedded: false });
        else if (embedded) s.fields.push({ name: embedded[1]!.split('.').pop()!, type: embedded[1]!, tag: embedded[2]!, markers: fieldMarkers, embedded: true });
        fieldMarkers = [];
      }
      pkg.structs.set(s.name, s);
      markers = [];
      continue;
    }
    const nt = /^type (\w+) (?:= )?([\w.*[\]]+)\s*$/.exec(line);
    if (nt) pkg.named.set(nt[1]!, { type: nt[2]!, markers });
    markers = [];
  }
}

function tagValue(tag: string, key: string): string | undefined {
  return new RegExp(`(?:^|\\s)${key}:"([^"]*)"`).exec(tag)?.[1];
}

function markerValues(markers: string[], name: string): string[] {
  return markers.filter((m) => m.startsWith(`${name}=`)).map((m) => m.slice(name.length + 1));
}

export function generate(apiDir: string, machineryDir: string): GoTypes {
  const packages = PACKAGES.map((p) => parsePackage(p.dir(apiDir, machineryDir), p.importPath, p.prefix));
  const byPath = new Map(packages.map((p) => [p.importPath, p]));
  const out: GoTypes = { source: '', structs: {} };
  const queue: string[] = [];

  /** A Go type expression in a package, as a type reference string (see go-types.ts). */
  const resolveType = (pkg: ParsedPackage, expr: string, seen = 0): { ref: string; pointer: boolean } => {
    let pointer = false;
    let e = expr;
    if (e.startsWith('*')) {
      pointer = true;
      e = e.slice(1);
    }
    if (e === '[]byte') return { ref: 'bytes', pointer };
    if (e.startsWith('[]')) return { ref: `[]${resolveType(pkg, e.slice(2), seen).ref}`, pointer };
    const map = /^map\[([\w.]+)\](.+)$/.exec(e);
    if (map) return { ref: `map[]${resolveType(pkg, map[2]!, seen).ref}`, pointer };
    if (SCALARS[e]) return { ref: SCALARS[e]!, pointer };
    let target = pkg;
    let name = e;
    const dot = e.indexOf('.');
    if (dot > 0) {
      const path = pkg.imports.get(e.slice(0, dot));
      if (!path) throw new Error(`unknown import alias in ${e} (${pkg.importPath})`);
      const special = SPECIAL[`${path}.${e.slice(dot + 1)}`];
      if (special) return { ref: special, pointer };
      const p = byPath.get(path);
      if (!p) {
        if (path === 'time' || e.startsWith('time.')) return { ref: 'int64', pointer };
        throw new Error(`type ${e} from an unread package ${path}`);
      }
      target = p;
      name = e.slice(dot + 1);
    }
    const special = SPECIAL[`${target.importPath}.${name}`];
    if (special) return { ref: special, pointer };
    if (target.structs.has(name)) {
      const def = `${target.prefix}.${name}`;
      if (!(def in out.structs) && !queue.includes(def)) queue.push(def);
      return { ref: def, pointer };
    }
    const named = target.named.get(name);
    if (named && seen < 10) {
      const inner = resolveType(target, named.type, seen + 1);
      return { ref: inner.ref, pointer };
    }
    throw new Error(`cannot resolve Go type ${expr} in ${pkg.importPath}`);
  };

  const buildStruct = (def: string): GoStruct => {
    const pkg = packages.find((p) => def.startsWith(`${p.prefix}.`) && !def.slice(p.prefix.length + 1).includes('.'))!;
    const raw = pkg.structs.get(def.slice(pkg.prefix.length + 1))!;
    const fields: GoField[] = [];
    for (const f of raw.fields) {
      const jsonTag = tagValue(f.tag, 'json');
      if (jsonTag === '-') continue;
      const [jsonName = '', ...opts] = (jsonTag ?? '').split(',');
      const proto = tagValue(f.tag, 'protobuf');
      const inline = opts.includes('inline') || (f.embedded && jsonName === '') || (jsonTag === '' && f.embedded);
      // TypeMeta is inlined as apiVersion and kind, with no protobuf field of its own.
      if (f.embedded && f.type.endsWith('TypeMeta')) {
        fields.push({ json: 'apiVersion', type: 'string', omitempty: true }, { json: 'kind', type: 'string', omitempty: true });
        continue;
      }
      const { ref, pointer } = resolveType(pkg, f.type);
      const field: GoField = { json: jsonName, type: ref };
      if (inline || jsonName === '') field.inline = true;
      if (opts.includes('omitempty')) field.omitempty = true;
      if (pointer) field.pointer = true;
      if (proto && proto !== '-') {
        const [wire, num] = proto.split(',');
        field.proto = Number(num);
        field.wire = wire;
      }
      const strategy = tagValue(f.tag, 'patchStrategy');
      const mergeKey = tagValue(f.tag, 'patchMergeKey');
      if (strategy) field.patchStrategy = strategy;
      if (mergeKey) field.patchMergeKey = mergeKey;
      const listType = markerValues(f.markers, 'listType')[0];
      if (listType) field.listType = listType;
      const mapKeys = markerValues(f.markers, 'listMapKey');
      if (mapKeys.length > 0) field.listMapKeys = mapKeys;
      const mapType = markerValues(f.markers, 'mapType')[0];
      if (mapType) field.mapType = mapType;
      const structType = markerValues(f.markers, 'structType')[0];
      if (structType) field.structType = structType;
      fields.push(field);
    }
    const s: GoStruct = { fields };
    const structType = markerValues(raw.markers, 'structType')[0];
    if (structType) s.structType = structType;
    const gvk = gvkOf(def);
    if (gvk) s.gvk = gvk;
    return s;
  };

  for (const k of KINDS) {
    const def = `${k.group === '' ? 'io.k8s.api.core' : `io.k8s.api.${k.group.replace(/\.k8s\.io$/, '').split('.')[0]}`}.${k.version}.${k.kind}`;
    queue.push(def);
  }
  queue.push(...EXTRA_ROOTS);
  while (queue.length > 0) {
    const def = queue.shift()!;
    if (def in out.structs) continue;
    out.structs[def] = buildStruct(def);
  }
  out.structs = Object.fromEntries(Object.entries(out.structs).sort(([a], [b]) => (a < b ? -1 : 1)));
  return out;
}

/** The group/version/kind a top-level definition is served as, when it is one of Orchestra's kinds or subresources. */
function gvkOf(def: string): { group: string; version: string; kind: string } | undefined {
  const kind = def.split('.').pop()!;
  for (const k of KINDS) {
    const pkgGroup = k.group === '' ? 'core' : k.group.replace(/\.k8s\.io$/, '').split('.')[0];
    if (def === `io.k8s.api.${pkgGroup}.${k.version}.${k.kind}`) return { group: k.group, version: k.version, kind };
  }
  const extra: Record<string, { group: string; version: string; kind: string }> = {
    'io.k8s.api.autoscaling.v1.Scale': { group: 'autoscaling', version: 'v1', kind: 'Scale' },
    'io.k8s.api.policy.v1.Eviction': { group: 'policy', version: 'v1', kind: 'Eviction' },
    'io.k8s.api.core.v1.Binding': { group: '', version: 'v1', kind: 'Binding' },
    'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions': { group: '', version: 'v1', kind: 'DeleteOptions' },
  };
  return extra[def];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [apiDir, machineryDir, source = 'kubernetes/api@HEAD'] = process.argv.slice(2);
  if (!apiDir || !machineryDir || !existsSync(apiDir) || !existsSync(machineryDir)) {
    process.stderr.write('usage: node src/apiserver/schema/generate.ts <k8s.io/api dir> <k8s.io/apimachinery dir> [source label]\n');
    process.exit(2);
  }
  const types = generate(apiDir, machineryDir);
  types.source = source;
  const file = fileURLToPath(new URL('./go-types.json', import.meta.url));
  writeFileSync(file, `${JSON.stringify(types)}\n`);
  process.stdout.write(`${file}: ${Object.keys(types.structs).length} types\n`);
}
