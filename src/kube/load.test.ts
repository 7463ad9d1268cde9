import { describe, expect, it } from 'vitest';
import { loadManifests } from './load.ts';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  template:
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
---
# a comment-only document is skipped
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  ports: [{ port: 80 }]
`;

describe('loadManifests', () => {
  it('loads every document of a multi-document file', () => {
    const { manifests, problems } = loadManifests('web.yaml', WEB);
    expect(problems).toEqual([]);
    expect(manifests.map((m) => `${m.object.kind}/${m.object.metadata.name}`)).toEqual(['Deployment/web', 'Service/web']);
    expect(manifests.map((m) => m.documentIndex)).toEqual([0, 2]);
  });

  it('keeps the line and column of every field', () => {
    const [deploy, svc] = loadManifests('web.yaml', WEB).manifests;
    expect(deploy!.position).toEqual({ file: 'web.yaml', line: 1, column: 1 });
    expect(deploy!.locate(['spec', 'replicas'])).toEqual({ file: 'web.yaml', line: 6, column: 3 });
    expect(deploy!.locate(['spec', 'template', 'spec', 'containers', 0, 'image'])).toEqual({ file: 'web.yaml', line: 11, column: 11 });
    expect(svc!.locate(['spec', 'ports', 0, 'port'])).toEqual({ file: 'web.yaml', line: 19, column: 13 });
  });

  it('points at the nearest existing ancestor of a missing field', () => {
    const [deploy] = loadManifests('web.yaml', WEB).manifests;
    expect(deploy!.locate(['spec', 'selector', 'matchLabels'])).toEqual({ file: 'web.yaml', line: 5, column: 1 });
  });

  it('reports YAML syntax errors with their line, in Korean and English', () => {
    const { manifests, problems } = loadManifests('bad.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n\tlabels: {}\n');
    expect(manifests).toEqual([]);
    expect(problems[0]).toMatchObject({ code: 'YAMLSyntax', position: { file: 'bad.yaml', line: 5 } });
    expect(problems[0]!.message.en).toContain('tab');
    expect(problems[0]!.message.ko).toContain('탭');
  });

  it('rejects duplicate keys as the API server does', () => {
    const { problems } = loadManifests('d.yaml', 'apiVersion: v1\nkind: Pod\nkind: Pod\nmetadata: {name: a}\n');
    expect(problems[0]).toMatchObject({ code: 'YAMLSyntax', position: { line: 3 } });
    expect(problems[0]!.message.en).toContain('same key');
  });

  it('says when a document is not an object, or lacks kind or apiVersion', () => {
    const { problems } = loadManifests('x.yaml', '- a\n- b\n---\napiVersion: v1\nmetadata: {}\n---\nkind: Pod\n');
    expect(problems.map((p) => [p.code, p.position.line])).toEqual([
      ['NotAnObject', 1],
      ['MissingKind', 4],
      ['MissingApiVersion', 7],
    ]);
  });

  it('names an unknown kind and suggests the right apiVersion or spelling', () => {
    const { problems } = loadManifests('x.yaml', 'apiVersion: v1\nkind: Deployment\nmetadata: {name: a}\n---\napiVersion: apps/v1\nkind: deployment\nmetadata: {name: b}\n');
    expect(problems[0]!.message.en).toBe(`no matches for kind "Deployment" in version "v1". Deployment is served as apiVersion 'apps/v1'.`);
    expect(problems[1]!.message.en).toContain(`Did you mean 'Deployment'`);
    expect(problems[1]!.message.ko).toContain(`혹시 'Deployment'`);
    expect(problems[1]!.position.line).toBe(5);
  });

  it('expands a v1 List and keeps positions of its items', () => {
    const { manifests } = loadManifests('l.yaml', 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a}\n');
    expect(manifests).toHaveLength(1);
    expect(manifests[0]!.position).toEqual({ file: 'l.yaml', line: 4, column: 5 });
    expect(manifests[0]!.locate(['metadata', 'name'])).toEqual({ file: 'l.yaml', line: 6, column: 16 });
  });

  it('stops an alias bomb instead of expanding it', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)].join('\n');
    const { problems } = loadManifests('bomb.yaml', `${bomb}\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n`);
    expect(problems[0]!.code).toBe('TooManyAliases');
  });

  it('counts every alias of a document against the limit, also anchors each used once', () => {
    const aliases = (n: number): string =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n${Array.from({ length: n }, (_, i) => `  a${i}: &a${i} v\n  b${i}: *a${i}\n`).join('')}`;
    expect(loadManifests('a.yaml', aliases(100)).problems).toEqual([]);
    const { manifests, problems } = loadManifests('a.yaml', aliases(101));
    expect(manifests).toEqual([]);
    // At the alias past the limit: b100 on line 206.
    expect(problems).toMatchObject([{ code: 'TooManyAliases', position: { file: 'a.yaml', line: 206, column: 9 } }]);
    expect(problems[0]!.message.en).toContain('may expand at most 100 times in one document');
    expect(loadManifests('a.yaml', aliases(30), { maxAliasCount: 29 }).problems[0]!.code).toBe('TooManyAliases');
  });

  it('reads !!omap, !!pairs and !!set as plain lists and mappings, as the API server does', () => {
    const { manifests, problems } = loadManifests(
      't.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: !!omap\n  - k: 1\n  - k: 2\nbinaryData: !!pairs [b: 1]\nx: !!set {a, b}\n',
    );
    expect(problems).toEqual([]);
    expect(manifests[0]!.object.data).toEqual([{ k: 1 }, { k: 2 }]); // validation then says data is not a map
    expect(manifests[0]!.object.binaryData).toEqual([{ b: 1 }]);
    expect(manifests[0]!.object.x).toEqual({ a: null, b: null });
  });

  it('reads YAML 1.1 scalars as the API server does (yes is a boolean, 0755 is octal)', () => {
    const { manifests } = loadManifests('c.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: yes}\nbinaryData: {}\nimmutable: yes\nmode: 0755\n');
    expect(manifests[0]!.object.immutable).toBe(true);
    expect(manifests[0]!.object.mode).toBe(493);
  });
});
