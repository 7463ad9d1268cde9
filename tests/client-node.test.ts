/**
 * @kubernetes/client-node 2 against `sim serve`: list, create, read, every patch type, errors, watch,
 * an informer, and KubernetesObjectApi (which maps kinds through discovery).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeconfigYaml } from '../src/apiserver/kubeconfig.ts';
import { startApiServer, type ApiServer } from '../src/apiserver/server.ts';
import { createCluster } from '../src/sim/cluster.ts';

let server: ApiServer;
let dir: string;
let kc: k8s.KubeConfig;
let core: k8s.CoreV1Api;
let apps: k8s.AppsV1Api;
const ns = 'client-node';

beforeAll(async () => {
  const cluster = createCluster({ nodes: 2, startTime: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString() });
  server = await startApiServer({ cluster, port: 0, speed: 20 });
  dir = mkdtempSync(join(tmpdir(), 'orchestra-client-node-'));
  writeFileSync(join(dir, 'kubeconfig'), kubeconfigYaml(server.url));
  kc = new k8s.KubeConfig();
  kc.loadFromFile(join(dir, 'kubeconfig'));
  core = kc.makeApiClient(k8s.CoreV1Api);
  apps = kc.makeApiClient(k8s.AppsV1Api);
  await core.createNamespace({ body: { metadata: { name: ns } } });
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const until = async (cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('client-node against sim serve', () => {
  it('lists nodes and the default namespaces', async () => {
    const nodes = await core.listNode();
    expect(nodes.items.map((n) => n.metadata?.name)).toEqual(['node-1', 'node-2']);
    expect(nodes.items[0]!.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    const namespaces = (await core.listNamespace()).items.map((n) => n.metadata?.name);
    expect(namespaces).toEqual(expect.arrayContaining(['default', 'kube-system', ns]));
    expect(Number((await core.listNamespace()).metadata?.resourceVersion)).toBeGreaterThan(0);
  });

  it('creates and reads a Deployment, whose pods then run', async () => {
    const created = await apps.createNamespacedDeployment({
      namespace: ns,
      body: {
        metadata: { name: 'web', labels: { app: 'web' } },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } },
        },
      },
    });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(created.spec?.strategy?.type).toBe('RollingUpdate');
    await until(async () => (await apps.readNamespacedDeployment({ name: 'web', namespace: ns })).status?.availableReplicas === 2);
    const pods = await core.listNamespacedPod({ namespace: ns, labelSelector: 'app=web' });
    expect(pods.items).toHaveLength(2);
    expect(pods.items.every((p) => p.status?.phase === 'Running')).toBe(true);
    const byField = await core.listNamespacedPod({ namespace: ns, fieldSelector: `metadata.name=${pods.items[0]!.metadata!.name}` });
    expect(byField.items.map((p) => p.metadata?.name)).toEqual([pods.items[0]!.metadata!.name]);
  });

  it('pages a list with limit and continue', async () => {
    for (const i of [1, 2, 3, 4, 5]) await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: `page-${i}`, labels: { paged: 'yes' } }, data: { i: String(i) } } });
    const first = await core.listNamespacedConfigMap({ namespace: ns, limit: 2 });
    expect(first.items.map((c) => c.metadata?.name)).toEqual(['page-1', 'page-2']);
    expect(first.metadata?.remainingItemCount).toBe(3);
    const second = await core.listNamespacedConfigMap({ namespace: ns, limit: 2, _continue: first.metadata!._continue! });
    expect(second.items.map((c) => c.metadata?.name)).toEqual(['page-3', 'page-4']);
    const last = await core.listNamespacedConfigMap({ namespace: ns, limit: 2, _continue: second.metadata!._continue! });
    expect(last.items.map((c) => c.metadata?.name)).toEqual(['page-5']);
    expect(last.metadata?._continue).toBeUndefined();
  });

  it('patches with every patch type', async () => {
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'patched' }, data: { a: '1' } } });
    const json = await core.patchNamespacedConfigMap({ name: 'patched', namespace: ns, body: [{ op: 'add', path: '/data/b', value: '2' }] });
    expect(json.data).toEqual({ a: '1', b: '2' });
    const merge = await core.patchNamespacedConfigMap({ name: 'patched', namespace: ns, body: { data: { a: null, c: '3' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    expect(merge.data).toEqual({ b: '2', c: '3' });
    const strategic = await apps.patchNamespacedDeployment(
      { name: 'web', namespace: ns, body: { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
    );
    expect(strategic.spec?.template.spec?.containers).toMatchObject([{ name: 'web', image: 'nginx:1.28', ports: [{ containerPort: 80, protocol: 'TCP' }] }]);
    expect(strategic.metadata?.generation).toBe(2);
    const applied = await core.patchNamespacedConfigMap(
      { name: 'patched', namespace: ns, fieldManager: 'client-node-test', force: true, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'patched' }, data: { d: '4' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply),
    );
    expect(applied.data).toEqual({ b: '2', c: '3', d: '4' });
    expect(applied.metadata?.managedFields?.map((m) => `${m.manager}/${m.operation}`)).toEqual(expect.arrayContaining(['client-node-test/Apply']));
    // Applying without d gives up the field it alone owned.
    const again = await core.patchNamespacedConfigMap(
      { name: 'patched', namespace: ns, fieldManager: 'client-node-test', force: true, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'patched' }, data: { e: '5' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply),
    );
    expect(again.data).toEqual({ b: '2', c: '3', e: '5' });
  });

  it('answers errors as Status with the upstream reason and code', async () => {
    await expect(core.readNamespacedConfigMap({ name: 'nope', namespace: ns })).rejects.toMatchObject({ code: 404 });
    try {
      await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'patched' } } });
      expect.unreachable();
    } catch (e) {
      const status = JSON.parse((e as { body: string }).body) as { reason: string; code: number; message: string };
      expect(status).toMatchObject({ reason: 'AlreadyExists', code: 409, message: 'configmaps "patched" already exists' });
    }
    const stale = await core.readNamespacedConfigMap({ name: 'patched', namespace: ns });
    await core.patchNamespacedConfigMap({ name: 'patched', namespace: ns, body: [{ op: 'add', path: '/data/x', value: 'y' }] });
    await expect(core.replaceNamespacedConfigMap({ name: 'patched', namespace: ns, body: stale })).rejects.toMatchObject({ code: 409 });
  });

  it('watches from a resourceVersion, and replays the watch cache', async () => {
    const list = await core.listNamespacedConfigMap({ namespace: ns });
    const events: string[] = [];
    const watch = new k8s.Watch(kc);
    const req = await watch.watch(
      `/api/v1/namespaces/${ns}/configmaps`,
      { resourceVersion: list.metadata!.resourceVersion, allowWatchBookmarks: true },
      (type, obj: k8s.V1ConfigMap) => events.push(`${type} ${obj.metadata?.name}`),
      () => undefined,
    );
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'watched' } } });
    await core.deleteNamespacedConfigMap({ name: 'watched', namespace: ns });
    await until(() => events.length >= 2);
    req.abort();
    expect(events).toEqual(['ADDED watched', 'DELETED watched']);

    const errors: unknown[] = [];
    const gone = await watch.watch(
      `/api/v1/namespaces/${ns}/configmaps`,
      { resourceVersion: '1' },
      (type, obj) => errors.push({ type, obj }),
      () => undefined,
    );
    // Nothing was trimmed from the watch cache yet: a replay, not an error.
    await until(() => errors.length > 0);
    gone.abort();
    expect(errors[0]).toMatchObject({ type: 'ADDED' });
  });

  it('runs an informer: initial list, then adds, updates and deletes', async () => {
    const informer = k8s.makeInformer(kc, `/api/v1/namespaces/${ns}/configmaps`, () => core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'paged=yes' }), 'paged=yes');
    const seen: string[] = [];
    informer.on('add', (o) => seen.push(`add ${o.metadata?.name}`));
    informer.on('update', (o) => seen.push(`update ${o.metadata?.name}`));
    informer.on('delete', (o) => seen.push(`delete ${o.metadata?.name}`));
    await informer.start();
    await until(() => seen.length >= 5);
    await core.patchNamespacedConfigMap({ name: 'page-1', namespace: ns, body: [{ op: 'add', path: '/data/z', value: 'z' }] });
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'page-6', labels: { paged: 'yes' } } } });
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'unpaged' } } });
    await core.deleteNamespacedConfigMap({ name: 'page-2', namespace: ns });
    await until(() => seen.includes('delete page-2'));
    await informer.stop();
    expect(seen.slice(0, 5).sort()).toEqual(['add page-1', 'add page-2', 'add page-3', 'add page-4', 'add page-5']);
    expect(seen.slice(5)).toEqual(['update page-1', 'add page-6', 'delete page-2']);
    expect(
      informer
        .list()
        .map((c) => c.metadata?.name)
        .sort(),
    ).toEqual(['page-1', 'page-3', 'page-4', 'page-5', 'page-6']);
  });

  it('works through KubernetesObjectApi, which finds kinds by discovery', async () => {
    const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
    const spec = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: ns }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }] } };
    const created = await objects.create(spec);
    expect(created.metadata?.name).toBe('web');
    const read = (await objects.read({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: ns } })) as k8s.V1Service;
    expect(read.spec?.clusterIP).toMatch(/^10\.96\./);
    await until(async () => {
      const slices = await kc.makeApiClient(k8s.DiscoveryV1Api).listNamespacedEndpointSlice({ namespace: ns, labelSelector: 'kubernetes.io/service-name=web' });
      return slices.items.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready).length === 2;
    });
    await objects.delete({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: ns } });
    await expect(objects.read({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: ns } })).rejects.toMatchObject({ code: 404 });
  });

  it('scales through the scale subresource and evicts a pod', async () => {
    const scale = await apps.patchNamespacedDeploymentScale({ name: 'web', namespace: ns, body: { spec: { replicas: 3 } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    expect(scale).toMatchObject({ kind: 'Scale', spec: { replicas: 3 } });
    expect((await apps.readNamespacedDeploymentScale({ name: 'web', namespace: ns })).status?.selector).toBe('app=web');
    await until(async () => (await apps.readNamespacedDeployment({ name: 'web', namespace: ns })).status?.readyReplicas === 3);
    const pod = (await core.listNamespacedPod({ namespace: ns, labelSelector: 'app=web' })).items[0]!;
    await core.createNamespacedPodEviction({ name: pod.metadata!.name!, namespace: ns, body: { metadata: { name: pod.metadata!.name!, namespace: ns } } });
    const after = await core.readNamespacedPod({ name: pod.metadata!.name!, namespace: ns }).catch(() => undefined);
    expect(after === undefined || after.metadata?.deletionTimestamp !== undefined).toBe(true);
  });
});
