/**
 * `/openapi/v3` caching as kube-openapi's handler3 serves it: ETags and 304s, `?hash=` URLs that are
 * immutable for a year, a 301 for a stale hash, and real kubectl reading a group's document from its
 * HTTP cache (~/.kube/cache/http) instead of asking again.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCluster } from '../sim/cluster.ts';
import { kubeconfigYaml } from './kubeconfig.ts';
import { startApiServer, type ApiServer } from './server.ts';

let server: ApiServer;
const requests: string[] = [];

beforeAll(async () => {
  const cluster = createCluster({ nodes: 1, startTime: '2026-03-01T10:00:00Z' });
  server = await startApiServer({ cluster, port: 0, log: (line) => requests.push(line) });
});

afterAll(async () => {
  await server?.close();
});

const get = (path: string, headers: Record<string, string> = {}): Promise<Response> => fetch(`${server.url}${path}`, { headers, redirect: 'manual' });

async function appsUrl(): Promise<string> {
  const index = (await (await get('/openapi/v3')).json()) as { paths: Record<string, { serverRelativeURL: string }> };
  return index.paths['apis/apps/v1']!.serverRelativeURL;
}

describe('/openapi/v3 caching (handler3)', () => {
  it('gives the index an ETag and answers 304 when the client has it', async () => {
    const r = await get('/openapi/v3');
    const etag = r.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9A-F]{128}"$/);
    expect(r.headers.get('cache-control')).toBe('no-cache, private');
    const again = await get('/openapi/v3', { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect((await get('/openapi/v3', { 'If-None-Match': '"other"' })).status).toBe(200);
  });

  it('marks a document asked for by its hash immutable for a year; without the hash it must be revalidated', async () => {
    const url = await appsUrl();
    const hash = new URL(url, server.url).searchParams.get('hash')!;
    const before = Date.now();
    const r = await get(url);
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toBe(`"${hash}"`);
    expect(r.headers.get('cache-control')).toBe('public, immutable');
    expect(r.headers.get('vary')).toBe('Accept');
    const expires = Date.parse(r.headers.get('expires')!);
    expect(expires - before).toBeGreaterThan(364 * 86_400_000);
    expect(expires - before).toBeLessThan(367 * 86_400_000);
    const doc = (await r.json()) as { components: { schemas: Record<string, unknown> } };
    expect(doc.components.schemas['io.k8s.api.apps.v1.Deployment']).toBeDefined();

    const plain = await get('/openapi/v3/apis/apps/v1');
    expect(plain.status).toBe(200);
    expect(plain.headers.get('etag')).toBe(`"${hash}"`);
    expect(plain.headers.get('cache-control')).toBe('no-cache, private');
    expect(plain.headers.get('expires')).toBeNull();
  });

  it('answers If-None-Match with 304, a stale hash with 301 to the current URL, and protobuf-only clients with 406', async () => {
    const url = await appsUrl();
    const hash = new URL(url, server.url).searchParams.get('hash')!;
    const cached = await get(url, { 'If-None-Match': `W/"${hash}"` });
    expect(cached.status).toBe(304);
    expect(cached.headers.get('cache-control')).toBe('public, immutable');
    expect(await cached.text()).toBe('');
    const stale = await get('/openapi/v3/apis/apps/v1?hash=0123');
    expect(stale.status).toBe(301);
    expect(stale.headers.get('location')).toBe(url);
    expect((await get(url, { Accept: 'application/com.github.proto-openapi.spec.v3@v1.0+protobuf' })).status).toBe(406);
    expect((await get(url, { Accept: 'application/com.github.proto-openapi.spec.v3@v1.0+protobuf, application/json' })).status).toBe(200);
    expect((await get('/openapi/v3/apis/nothing/v1')).status).toBe(404);
  });
});

function kubectl(): string | undefined {
  try {
    const which = execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim();
    const versioned = join(dirname(realpathSync(which)), 'kubectl.1.33');
    return existsSync(versioned) ? versioned : realpathSync(which);
  } catch {
    return undefined;
  }
}

const KUBECTL = kubectl();
if (!KUBECTL) console.warn('kubectl not installed: the check of its OpenAPI cache against sim serve is skipped');

describe.skipIf(!KUBECTL)('kubectl and the OpenAPI cache', () => {
  it('fetches apps/v1 once: later applies read it from ~/.kube/cache/http', async () => {
    const home = mkdtempSync(join(tmpdir(), 'orchestra-openapi-'));
    try {
      writeFileSync(join(home, 'kubeconfig'), kubeconfigYaml(server.url));
      const env = { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: join(home, 'kubeconfig') };
      const manifest = (replicas: number): string =>
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cached\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels: {app: cached}\n  template:\n    metadata:\n      labels: {app: cached}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n`;
      const file = join(home, 'deployment.yaml');
      requests.length = 0;
      const outputs: string[] = [];
      for (const replicas of [1, 2, 3]) {
        writeFileSync(file, manifest(replicas));
        outputs.push((await promisify(execFile)(KUBECTL!, ['apply', '-f', file], { env })).stdout);
      }
      expect(outputs).toEqual(['deployment.apps/cached created\n', 'deployment.apps/cached configured\n', 'deployment.apps/cached configured\n']);
      expect(requests.filter((l) => l.startsWith('GET /openapi/v3/apis/apps/v1?hash='))).toHaveLength(1);
      // The index is asked every time; from the second run on, kubectl revalidates its copy.
      expect(requests.filter((l) => /^GET \/openapi\/v3\?\S* 304 /.test(l))).toHaveLength(2);
      expect(requests.filter((l) => l.startsWith('PATCH /apis/apps/v1/namespaces/default/deployments/cached'))).toHaveLength(2);
      // apply got the document without schemas; explain, from the same cache, gets the schemas.
      const index = (await (await get('/openapi/v3', { 'Kubectl-Command': 'kubectl apply' })).json()) as { paths: Record<string, { serverRelativeURL: string }> };
      expect(requests.find((l) => l.startsWith('GET /openapi/v3/apis/apps/v1?hash='))).toContain(index.paths['apis/apps/v1']!.serverRelativeURL);
      const explained = (await promisify(execFile)(KUBECTL!, ['explain', 'deployment.spec.strategy'], { env })).stdout;
      expect(explained).toMatch(/^ {2}rollingUpdate\t<RollingUpdateDeployment>$/m);
      const cachedAgain = (await promisify(execFile)(KUBECTL!, ['apply', '-f', file], { env })).stdout;
      expect(cachedAgain).toBe('deployment.apps/cached unchanged\n');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('/openapi/v3 variants by kubectl command (Kubectl-Command)', () => {
  type Doc = { paths: Record<string, { patch?: { parameters?: { name: string }[] } }>; components: { schemas: Record<string, unknown> } };
  const appsUrlFor = async (command?: string): Promise<string> => {
    const index = (await (await get('/openapi/v3', command ? { 'Kubectl-Command': command } : {})).json()) as { paths: Record<string, { serverRelativeURL: string }> };
    return index.paths['apis/apps/v1']!.serverRelativeURL;
  };

  it('gives kubectl apply the operations without schemas, and explain and other clients the schemas', async () => {
    const apply = await appsUrlFor('kubectl apply');
    const explain = await appsUrlFor('kubectl explain');
    expect(apply).not.toBe(explain);
    expect(await appsUrlFor()).toBe(explain);
    const lean = (await (await get(apply, { 'Kubectl-Command': 'kubectl apply' })).json()) as Doc;
    expect(lean.components.schemas).toEqual({});
    // What apply still needs: the PATCH operation's fieldValidation parameter (query_param_verifier_v3.go).
    const patch = lean.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']!.patch!;
    expect(patch.parameters!.map((p) => p.name)).toContain('fieldValidation');
    const full = (await (await get(explain, { 'Kubectl-Command': 'kubectl explain' })).json()) as Doc;
    expect(full.components.schemas['io.k8s.api.apps.v1.Deployment']).toBeDefined();
  });

  it('revalidates the index against the variant the command gets', async () => {
    const etag = (await get('/openapi/v3', { 'Kubectl-Command': 'kubectl apply' })).headers.get('etag')!;
    expect((await get('/openapi/v3', { 'Kubectl-Command': 'kubectl apply', 'If-None-Match': etag })).status).toBe(304);
    expect((await get('/openapi/v3', { 'Kubectl-Command': 'kubectl explain', 'If-None-Match': etag })).status).toBe(200);
  });

  it('serves a ?hash= URL as the variant it names, whichever command asks', async () => {
    const apply = await appsUrlFor('kubectl apply');
    const r = await get(apply, { 'Kubectl-Command': 'kubectl explain' });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('public, immutable');
    expect(((await r.json()) as Doc).components.schemas).toEqual({});
    expect((await get(await appsUrlFor(), { 'Kubectl-Command': 'kubectl get' })).status).toBe(200);
  });
});
