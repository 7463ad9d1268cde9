/**
 * The API server facade over HTTP, as clients see it: discovery, OpenAPI, Tables, Status errors,
 * selectors, watch (replay, 410, bookmarks), deletion, logs, binding, eviction and /orchestra/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCluster } from '../sim/cluster.ts';
import { WATCH_CACHE_SIZE } from '../sim/store.ts';
import { startApiServer, type ApiServer } from './server.ts';

let server: ApiServer;

beforeAll(async () => {
  const cluster = createCluster({
    nodes: 2,
    images: { 'shop/app:v1': { pullSeconds: 1, startSeconds: 1, ports: [8080], logs: ['line one', 'line two'] } },
    startTime: '2026-03-01T10:00:00Z',
  });
  server = await startApiServer({ cluster, port: 0, speed: 50, bookmarkIntervalMs: 100 });
});

afterAll(async () => {
  await server?.close();
});

const url = (path: string): string => `${server.url}${path}`;
const get = async (path: string, accept?: string): Promise<{ status: number; type: string; body: any }> => {
  const r = await fetch(url(path), accept ? { headers: { accept } } : {});
  const text = await r.text();
  return { status: r.status, type: r.headers.get('content-type') ?? '', body: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text };
};
const send = async (method: string, path: string, body: unknown, contentType = 'application/json'): Promise<{ status: number; body: any }> => {
  const r = await fetch(url(path), { method, headers: { 'content-type': contentType }, body: JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined };
};
const until = async (cond: () => Promise<boolean>, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** Reads watch lines until `done` says so (or the stream ends). */
async function watchLines(path: string, done: (lines: any[]) => boolean, onOpen?: () => Promise<void>): Promise<any[]> {
  const controller = new AbortController();
  const r = await fetch(url(path), { signal: controller.signal });
  expect(r.status).toBe(200);
  const reader = r.body!.getReader();
  const lines: any[] = [];
  let buf = '';
  await onOpen?.();
  const timer = setTimeout(() => controller.abort(), 10_000);
  try {
    while (!done(lines)) {
      const { value, done: end } = await reader.read();
      if (end) break;
      buf += new TextDecoder().decode(value);
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        lines.push(JSON.parse(buf.slice(0, i)));
        buf = buf.slice(i + 1);
      }
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return lines;
}

describe('discovery', () => {
  it('serves /version and the legacy documents', async () => {
    expect((await get('/version')).body).toMatchObject({ major: '1', minor: '34', gitVersion: 'v1.34.2' });
    expect((await get('/api')).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await get('/apis')).body;
    expect(groups.kind).toBe('APIGroupList');
    expect(groups.groups.map((g: { name: string }) => g.name)).toEqual(expect.arrayContaining(['apps', 'batch', 'discovery.k8s.io', 'autoscaling', 'policy']));
    const core = (await get('/api/v1')).body;
    const pods = core.resources.find((r: { name: string }) => r.name === 'pods');
    expect(pods).toMatchObject({ singularName: 'pod', namespaced: true, kind: 'Pod', shortNames: ['po'], categories: ['all'] });
    expect(pods.verbs).toEqual(['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
    expect(core.resources.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['pods/log', 'pods/eviction', 'pods/binding', 'pods/status', 'bindings']));
    const apps = (await get('/apis/apps/v1')).body;
    expect(apps.resources.find((r: { name: string }) => r.name === 'deployments/scale')).toMatchObject({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
    expect(apps.resources.find((r: { name: string }) => r.name === 'deployments').shortNames).toEqual(['deploy']);
  });

  it('answers aggregated discovery in the version asked, with g/v/as in the Content-Type', async () => {
    const accept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
    const v2 = await get('/apis', accept);
    expect(v2.type).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    expect(v2.body.apiVersion).toBe('apidiscovery.k8s.io/v2');
    const apps = v2.body.items.find((i: { metadata: { name: string } }) => i.metadata.name === 'apps');
    expect(apps.versions[0].resources.find((r: { resource: string }) => r.resource === 'deployments')).toMatchObject({
      scope: 'Namespaced',
      singularResource: 'deployment',
      shortNames: ['deploy'],
      categories: ['all'],
    });
    const beta = await get('/api', 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json');
    expect(beta.type).toBe('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList');
    expect(beta.body.items[0].versions[0].resources.find((r: { resource: string }) => r.resource === 'pods').subresources.map((s: { subresource: string }) => s.subresource)).toEqual([
      'status',
      'attach',
      'binding',
      'eviction',
      'exec',
      'log',
      'portforward',
    ]);
  });

  it('serves OpenAPI v3 with fieldValidation on PATCH and the patch merge keys; no v2', async () => {
    const index = (await get('/openapi/v3')).body;
    expect(index.paths['apis/apps/v1'].serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
    const doc = (await get(index.paths['apis/apps/v1'].serverRelativeURL)).body;
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(patch.parameters.map((p: { name: string }) => p.name)).toContain('fieldValidation');
    expect(Object.keys(patch.requestBody.content)).toContain('application/strategic-merge-patch+json');
    expect(doc.components.schemas['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', version: 'v1', kind: 'Deployment' }]);
    expect(doc.components.schemas['io.k8s.api.core.v1.PodSpec'].properties.containers).toMatchObject({ 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' });
    expect((await get('/openapi/v2')).status).toBe(404);
  });
});

describe('resources', () => {
  it('creates, gets and lists; answers Tables with the kubectl columns', async () => {
    const ns = await send('POST', '/api/v1/namespaces', { metadata: { name: 'tables' } });
    expect(ns.status).toBe(201);
    const d = await send('POST', '/apis/apps/v1/namespaces/tables/deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'app' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'app' } }, template: { metadata: { labels: { app: 'app' } }, spec: { containers: [{ name: 'app', image: 'shop/app:v1' }] } } },
    });
    expect(d.status).toBe(201);
    expect(d.body.metadata.managedFields[0]).toMatchObject({ manager: 'node', operation: 'Update' });
    await until(async () => (await get('/apis/apps/v1/namespaces/tables/deployments/app')).body.status?.readyReplicas === 2);
    const table = (await get('/api/v1/namespaces/tables/pods', 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json')).body;
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.map((c: { name: string; priority: number }) => `${c.name}${c.priority ? '*' : ''}`)).toEqual([
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
      'IP*',
      'Node*',
      'Nominated Node*',
      'Readiness Gates*',
    ]);
    expect(table.rows).toHaveLength(2);
    expect(table.rows[0].cells.slice(1, 4)).toEqual(['1/1', 'Running', '0']);
    expect(table.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1' });
    const deploy = (await get('/apis/apps/v1/namespaces/tables/deployments/app', 'application/json;as=Table;v=v1;g=meta.k8s.io')).body;
    expect(deploy.rows[0].cells.slice(0, 4)).toEqual(['app', '2/2', 2, 2]);
    const lease = (await get('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', 'application/json;as=Table;v=v1;g=meta.k8s.io')).body;
    expect(lease.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(['Name', 'Holder', 'Age']);
    expect(lease.rows.map((r: { cells: string[] }) => r.cells.slice(0, 2))).toEqual([
      ['node-1', 'node-1'],
      ['node-2', 'node-2'],
    ]);
    const limits = (await get('/api/v1/namespaces/tables/limitranges', 'application/json;as=Table;v=v1;g=meta.k8s.io')).body;
    expect(limits.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(['Name', 'Created At']);
    const list = (await get('/apis/apps/v1/namespaces/tables/deployments')).body;
    expect(list).toMatchObject({ kind: 'DeploymentList', apiVersion: 'apps/v1', items: [{ metadata: { name: 'app' } }] });
  });

  it('answers failures as Status with upstream reasons and codes', async () => {
    expect((await get('/api/v1/namespaces/tables/pods/nope')).body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', kind: 'pods' },
      code: 404,
    });
    expect((await get('/apis/apps/v1/namespaces/tables/deployments/nope')).body.message).toBe('deployments.apps "nope" not found');
    expect((await get('/apis/nothing/v1/things')).status).toBe(404);
    expect((await send('POST', '/version', {})).status).toBe(405);
    const invalid = await send('POST', '/api/v1/namespaces/tables/configmaps', { metadata: { name: 'Bad_Name' } });
    expect(invalid.status).toBe(422);
    expect(invalid.body).toMatchObject({ reason: 'Invalid', details: { causes: [expect.objectContaining({ field: 'metadata.name' })] } });
    const mismatch = await send('POST', '/api/v1/namespaces/tables/configmaps', { metadata: { name: 'x', namespace: 'other' } });
    expect(mismatch.body).toMatchObject({ code: 400, message: 'the namespace of the provided object does not match the namespace sent on the request' });
    const unsupported = await fetch(url('/api/v1/namespaces/tables/configmaps'), { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<x/>' });
    expect(unsupported.status).toBe(415);
  });

  it('reads YAML bodies, refusing a duplicate key, and a large one in linear time', async () => {
    const post = async (yaml: string): Promise<{ status: number; body: any }> => {
      const r = await fetch(url('/api/v1/namespaces/default/configmaps'), { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: yaml });
      return { status: r.status, body: await r.json() };
    };
    const dup = await post('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dup}\ndata:\n  a: "1"\n  a: "2"\n');
    expect(dup).toMatchObject({ status: 400, body: { reason: 'BadRequest', message: expect.stringMatching(/^error decoding YAML: Map keys must be unique/) } });
    // 40,000 distinct keys (~0.9 MB): the package's own duplicate check compared them pairwise.
    const keys = Array.from({ length: 40_000 }, (_, i) => `  k${i}: "${i}"`).join('\n');
    const big = await post(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n${keys}\n`);
    expect(big.status).toBe(201);
    expect(Object.keys(big.body.data)).toHaveLength(40_000);
  });

  it('drops unknown fields with a Warning by default, refuses them with fieldValidation=Strict', async () => {
    const warn = await fetch(url('/api/v1/namespaces/tables/configmaps'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: { name: 'loose' }, data: { a: '1' }, extra: true }),
    });
    expect(warn.status).toBe(201);
    expect(warn.headers.get('warning')).toBe('299 - "unknown field \\"extra\\""');
    expect(((await warn.json()) as Record<string, unknown>).extra).toBeUndefined();
    const strict = await send('POST', '/api/v1/namespaces/tables/configmaps?fieldValidation=Strict', { metadata: { name: 'strict' }, extra: true });
    expect(strict.body).toMatchObject({ code: 400, reason: 'BadRequest', message: 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "extra"' });
  });

  it('filters by label and field selectors, and refuses unsupported field labels', async () => {
    const pods = (await get('/api/v1/namespaces/tables/pods?labelSelector=app%20in%20(app,other),!missing')).body.items;
    expect(pods).toHaveLength(2);
    const one = (await get(`/api/v1/pods?fieldSelector=metadata.name%3D${pods[0].metadata.name},status.phase%3DRunning`)).body.items;
    expect(one.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual([pods[0].metadata.name]);
    const events = (await get(`/api/v1/namespaces/tables/events?fieldSelector=involvedObject.name%3Dapp,involvedObject.kind%3DDeployment`)).body.items;
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e: { involvedObject: { name: string } }) => e.involvedObject.name === 'app')).toBe(true);
    expect((await get('/api/v1/pods?fieldSelector=spec.foo%3Dx')).body).toMatchObject({ code: 400, message: 'field label not supported: spec.foo' });
  });

  it('deletes with propagation: Foreground waits for dependents, then the object is gone (404)', async () => {
    const r = await fetch(url('/apis/apps/v1/namespaces/tables/deployments/app'), {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ propagationPolicy: 'Foreground' }),
    });
    const body = await r.json();
    expect(body.metadata.finalizers).toContain('foregroundDeletion');
    expect(body.metadata.deletionTimestamp).toBeDefined();
    await until(async () => (await get('/apis/apps/v1/namespaces/tables/deployments/app')).status === 404);
    expect((await get('/apis/apps/v1/namespaces/tables/replicasets')).body.items).toEqual([]);
  });
});

describe('watch', () => {
  it('replays from a resourceVersion, then streams, with bookmarks when allowed', async () => {
    const rv = (await get('/api/v1/namespaces/tables/configmaps')).body.metadata.resourceVersion;
    await send('POST', '/api/v1/namespaces/tables/configmaps', { metadata: { name: 'before' } });
    const lines = await watchLines(
      `/api/v1/namespaces/tables/configmaps?watch=true&resourceVersion=${rv}&allowWatchBookmarks=true`,
      (l) => l.some((e) => e.type === 'BOOKMARK') && l.some((e) => e.object?.metadata?.name === 'after'),
      async () => {
        await send('POST', '/api/v1/namespaces/tables/configmaps', { metadata: { name: 'after' } });
      },
    );
    expect(lines.filter((e) => e.type !== 'BOOKMARK').map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED before', 'ADDED after']);
    expect(lines.find((e) => e.type === 'BOOKMARK').object).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: expect.stringMatching(/^\d+$/) } });
  });

  it('turns objects leaving a label selection into DELETED, and marks the end of initial events', async () => {
    const lines = await watchLines(
      '/api/v1/namespaces/tables/configmaps?watch=true&labelSelector=keep%3Dyes&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true',
      (l) => l.some((e) => e.type === 'DELETED'),
      async () => {
        await send('POST', '/api/v1/namespaces/tables/configmaps', { metadata: { name: 'labelled', labels: { keep: 'yes' } } });
        await send('PATCH', '/api/v1/namespaces/tables/configmaps/labelled', { metadata: { labels: { keep: 'no' } } }, 'application/merge-patch+json');
      },
    );
    expect(lines[0]).toMatchObject({ type: 'BOOKMARK', object: { metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } } });
    expect(lines.filter((e) => e.type !== 'BOOKMARK').map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
  });

  it('answers 410 Expired for a resourceVersion older than the watch cache', async () => {
    const store = server.cluster.ctx.store;
    const cm = store.get('ConfigMap', 'before', 'tables')!;
    for (let i = 0; i <= 2 * WATCH_CACHE_SIZE; i++) store.update({ ...cm, data: { i: String(i) } });
    const lines = await watchLines('/api/v1/namespaces/tables/configmaps?watch=true&resourceVersion=2', (l) => l.length > 0);
    expect(lines[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
    expect(lines[0].object.message).toMatch(/^too old resource version: 2 \(\d+\)$/);
  });
});

describe('subresources and steps', () => {
  it('serves pods/log, refusing an ambiguous container as the kubelet does', async () => {
    await send('POST', '/api/v1/namespaces/tables/pods', {
      metadata: { name: 'two' },
      spec: {
        containers: [
          { name: 'a', image: 'shop/app:v1' },
          { name: 'b', image: 'shop/app:v1' },
        ],
      },
    });
    await until(async () => (await get('/api/v1/namespaces/tables/pods/two')).body.status?.phase === 'Running');
    expect((await get('/api/v1/namespaces/tables/pods/two/log')).body).toMatchObject({ code: 400, message: 'a container name must be specified for pod two, choose one of: [a b]' });
    expect((await get('/api/v1/namespaces/tables/pods/two/log?container=b')).body).toBe('line one\nline two\n');
    expect((await get('/api/v1/namespaces/tables/pods/two/log?container=b&tailLines=1')).body).toBe('line two\n');
  });

  it('binds a pod another scheduler should place, once', async () => {
    await send('POST', '/api/v1/namespaces/tables/pods', { metadata: { name: 'manual' }, spec: { schedulerName: 'by-hand', containers: [{ name: 'a', image: 'shop/app:v1' }] } });
    const bound = await send('POST', '/api/v1/namespaces/tables/pods/manual/binding', { metadata: { name: 'manual' }, target: { kind: 'Node', name: 'node-2' } });
    expect(bound).toMatchObject({ status: 201, body: { status: 'Success' } });
    expect((await get('/api/v1/namespaces/tables/pods/manual')).body.spec.nodeName).toBe('node-2');
    expect((await send('POST', '/api/v1/namespaces/tables/pods/manual/binding', { target: { kind: 'Node', name: 'node-1' } })).status).toBe(409);
  });

  it('evicts a pod, unless a PodDisruptionBudget forbids it (429)', async () => {
    await send('POST', '/apis/policy/v1/namespaces/tables/poddisruptionbudgets', { metadata: { name: 'two' }, spec: { minAvailable: 1, selector: { matchLabels: { guarded: 'yes' } } } });
    await send('POST', '/api/v1/namespaces/tables/pods', { metadata: { name: 'guarded', labels: { guarded: 'yes' } }, spec: { containers: [{ name: 'a', image: 'shop/app:v1' }] } });
    await until(async () => (await get('/api/v1/namespaces/tables/pods/guarded')).body.status?.phase === 'Running');
    const pdb = (await get('/apis/policy/v1/namespaces/tables/poddisruptionbudgets', 'application/json;as=Table;v=v1;g=meta.k8s.io')).body;
    expect(pdb.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(['Name', 'Min Available', 'Max Unavailable', 'Allowed Disruptions', 'Age']);
    expect(pdb.rows[0].cells.slice(0, 4)).toEqual(['two', '1', 'N/A', 0]);
    const refused = await send('POST', '/api/v1/namespaces/tables/pods/guarded/eviction', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'guarded' } });
    expect(refused.status).toBe(429);
    expect(refused.body.reason).toBe('TooManyRequests');
    const ok = await send('POST', '/api/v1/namespaces/tables/pods/two/eviction', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'two' } });
    expect(ok.status).toBe(201);
  });

  it('serves autoscaling/v1 HorizontalPodAutoscalers (kubectl ≤ 1.32 autoscale), stored as v2', async () => {
    const created = await send('POST', '/apis/autoscaling/v1/namespaces/tables/horizontalpodautoscalers', {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 4, targetCPUUtilizationPercentage: 60 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ apiVersion: 'autoscaling/v1', spec: { targetCPUUtilizationPercentage: 60, maxReplicas: 4 } });
    const v2 = (await get('/apis/autoscaling/v2/namespaces/tables/horizontalpodautoscalers/web')).body;
    expect(v2.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }]);
    const patched = await send('PATCH', '/apis/autoscaling/v1/namespaces/tables/horizontalpodautoscalers/web', { spec: { targetCPUUtilizationPercentage: 75 } }, 'application/merge-patch+json');
    expect(patched.body.spec.targetCPUUtilizationPercentage).toBe(75);
    expect((await get('/apis/autoscaling/v2/namespaces/tables/horizontalpodautoscalers/web')).body.spec.metrics[0].resource.target.averageUtilization).toBe(75);
    expect((await get('/apis/autoscaling/v1/namespaces/tables/horizontalpodautoscalers')).body).toMatchObject({
      kind: 'HorizontalPodAutoscalerList',
      apiVersion: 'autoscaling/v1',
      items: [{ apiVersion: 'autoscaling/v1' }],
    });
    const groups = (await get('/apis')).body.groups.find((g: { name: string }) => g.name === 'autoscaling');
    expect(groups.versions.map((v: { version: string }) => v.version)).toEqual(['v2', 'v1']);
    expect(groups.preferredVersion.version).toBe('v2');
  });

  it('serves metrics.k8s.io from the simulated metrics-server', async () => {
    await send('POST', '/orchestra/steps', { advance: '30s' });
    const pods = (await get('/apis/metrics.k8s.io/v1beta1/namespaces/tables/pods')).body;
    expect(pods.kind).toBe('PodMetricsList');
    const guarded = pods.items.find((p: { metadata: { name: string } }) => p.metadata.name === 'guarded');
    expect(guarded).toMatchObject({
      kind: 'PodMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      window: '15s',
      containers: [{ name: 'a', usage: { cpu: expect.stringMatching(/^\d+m$/), memory: expect.stringMatching(/^\d+Ki$/) } }],
    });
    expect((await get('/apis/metrics.k8s.io/v1beta1/namespaces/tables/pods?labelSelector=guarded%3Dyes')).body.items).toHaveLength(1);
    const nodes = (await get('/apis/metrics.k8s.io/v1beta1/nodes')).body;
    expect(nodes.items.map((n: { metadata: { name: string } }) => n.metadata.name)).toEqual(['node-1', 'node-2']);
    expect((await get('/apis/metrics.k8s.io/v1beta1/nodes/nope')).status).toBe(404);
    expect((await get('/apis/metrics.k8s.io/v1beta1')).body.resources.map((r: { name: string }) => r.name)).toEqual(['nodes', 'pods']);
  });

  it('runs lesson steps through /orchestra/steps', async () => {
    const before = (await get('/orchestra/')).body;
    expect(before).toMatchObject({ speed: 50, nodes: ['node-1', 'node-2'] });
    const r = await send('POST', '/orchestra/steps', [{ failNode: 'node-1' }, { advance: '60s' }]);
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: { step: string }) => x.step)).toEqual(['failNode', 'advance']);
    const node = (await get('/api/v1/nodes/node-1')).body;
    expect(node.status.conditions.find((c: { type: string }) => c.type === 'Ready').status).toBe('Unknown');
    expect((await get('/api/v1/nodes', 'application/json;as=Table;v=v1;g=meta.k8s.io')).body.rows[0].cells[1]).toBe('NotReady');
    expect((await send('POST', '/orchestra/steps', { teleport: 'x' })).body).toMatchObject({ code: 400, message: expect.stringMatching(/^unknown step 'teleport'/) });
    expect((await get('/orchestra/sample')).body.nodes.map((n: { name: string; ready: string }) => `${n.name}=${n.ready}`)).toEqual(['node-1=Unknown', 'node-2=True']);
    expect((await send('POST', '/orchestra/steps', { addNode: { name: 'node-3', cpu: 4, labels: { disk: 'ssd' } } })).status).toBe(200);
    expect((await get('/api/v1/nodes/node-3')).body.metadata.labels.disk).toBe('ssd');
    expect((await send('POST', '/orchestra/steps', { addNode: { name: 'Node 4' } })).body).toMatchObject({ code: 400, message: expect.stringMatching(/^addNode: name:/) });
    expect((await send('POST', '/orchestra/steps', { addNode: { name: 'node-3' } })).status).toBe(409);
  });
});
