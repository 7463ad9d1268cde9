import { describe, expect, it } from 'vitest';
import { applyJsonPatch } from './json-patch.ts';
import { applyMergePatch } from './merge-patch.ts';
import { applyStrategicMergePatch } from './strategic-merge.ts';

const DEPLOYMENT = 'io.k8s.api.apps.v1.Deployment';

const live = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['a'] },
  spec: {
    replicas: 3,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    template: {
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
            args: ['x', 'y'],
          },
          { name: 'sidecar', image: 'busybox', command: ['sleep', '1'] },
        ],
        volumes: [{ name: 'data', emptyDir: {} }],
      },
    },
  },
};

function containers(o: unknown): { name: string; image?: string; env?: unknown[]; ports?: unknown[]; args?: string[] }[] {
  return (o as typeof live).spec.template.spec.containers as never;
}

describe('strategic merge patch', () => {
  it('merges containers by name, keeping what the patch does not mention (kubectl set image)', () => {
    const out = applyStrategicMergePatch(live, { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } }, DEPLOYMENT);
    expect(containers(out).map((c) => `${c.name}=${c.image}`)).toEqual(['web=nginx:1.28', 'sidecar=busybox']);
    expect(containers(out)[0]!.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(containers(out)[0]!.env).toHaveLength(2);
    expect(containers(live)[0]!.image).toBe('nginx:1.27');
  });

  it('merges env by name and ports by containerPort; replaces lists without a strategy (args)', () => {
    const out = applyStrategicMergePatch(
      live,
      {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: 'web',
                  env: [
                    { name: 'B', value: '3' },
                    { name: 'C', value: '4' },
                  ],
                  ports: [{ containerPort: 443 }],
                  args: ['z'],
                },
              ],
            },
          },
        },
      },
      DEPLOYMENT,
    );
    const web = containers(out)[0]!;
    expect(web.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '3' },
      { name: 'C', value: '4' },
    ]);
    // normalizeElementOrder: an item only the patch has comes before the server's items.
    expect(web.ports).toEqual([{ containerPort: 443 }, { containerPort: 80, protocol: 'TCP' }]);
    expect(web.args).toEqual(['z']);
  });

  it('deletes with null and with $patch: delete; replaces with $patch: replace', () => {
    const out = applyStrategicMergePatch(live, { metadata: { labels: { app: null } }, spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } }, DEPLOYMENT);
    expect((out as typeof live).metadata.labels).toEqual({});
    expect(containers(out).map((c) => c.name)).toEqual(['web']);
    const replaced = applyStrategicMergePatch(live, { spec: { template: { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'x' }] } } } }, DEPLOYMENT);
    expect(containers(replaced)).toEqual([{ name: 'only', image: 'x' }]);
    const strategy = applyStrategicMergePatch(live, { spec: { strategy: { $patch: 'replace', type: 'Recreate' } } }, DEPLOYMENT);
    expect((strategy as typeof live).spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('honours $retainKeys (the Deployment strategy), $setElementOrder and $deleteFromPrimitiveList', () => {
    const retain = applyStrategicMergePatch(live, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } }, DEPLOYMENT);
    expect((retain as typeof live).spec.strategy).toEqual({ type: 'Recreate' });
    const order = applyStrategicMergePatch(
      live,
      { spec: { template: { spec: { containers: [{ name: 'web', image: 'n' }], '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'web' }] } } } },
      DEPLOYMENT,
    );
    expect(containers(order).map((c) => c.name)).toEqual(['sidecar', 'web']);
    const finalizers = applyStrategicMergePatch(live, { metadata: { finalizers: ['b'], '$deleteFromPrimitiveList/finalizers': ['a'] } }, DEPLOYMENT);
    expect((finalizers as typeof live).metadata.finalizers).toEqual(['b']);
    const union = applyStrategicMergePatch(live, { metadata: { finalizers: ['b', 'a'] } }, DEPLOYMENT);
    expect((union as typeof live).metadata.finalizers).toEqual(['b', 'a']);
    const kept = applyStrategicMergePatch(live, { metadata: { finalizers: ['c'] } }, DEPLOYMENT);
    expect((kept as typeof live).metadata.finalizers).toEqual(['c', 'a']);
  });

  it('orders items as upstream (new ones first unless $setElementOrder says otherwise), and merges into absent fields', () => {
    const out = applyStrategicMergePatch(live, { spec: { template: { spec: { containers: [{ name: 'new', image: 'x' }], nodeSelector: { disk: 'ssd' } } } } }, DEPLOYMENT);
    expect(containers(out).map((c) => c.name)).toEqual(['new', 'web', 'sidecar']);
    const ordered = applyStrategicMergePatch(
      live,
      { spec: { template: { spec: { containers: [{ name: 'new', image: 'x' }], '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }, { name: 'new' }] } } } },
      DEPLOYMENT,
    );
    expect(containers(ordered).map((c) => c.name)).toEqual(['web', 'sidecar', 'new']);
    expect((out as { spec: { template: { spec: { nodeSelector: unknown } } } }).spec.template.spec.nodeSelector).toEqual({ disk: 'ssd' });
  });
});

describe('JSON merge patch', () => {
  it('merges maps, deletes nulls and replaces lists', () => {
    expect(applyMergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [3] })).toEqual({ a: { c: 2, d: 3 }, l: [3] });
  });
});

describe('JSON patch', () => {
  it('adds, replaces, removes, moves, copies and tests', () => {
    const doc = { metadata: { annotations: { a: '1' } }, spec: { list: [1, 2] } };
    const out = applyJsonPatch(doc, [
      { op: 'add', path: '/metadata/annotations/b~1c', value: '2' },
      { op: 'replace', path: '/spec/list/0', value: 9 },
      { op: 'add', path: '/spec/list/-', value: 3 },
      { op: 'remove', path: '/metadata/annotations/a' },
      { op: 'copy', from: '/spec/list', path: '/spec/copy' },
      { op: 'move', from: '/spec/copy', path: '/spec/moved' },
      { op: 'test', path: '/spec/moved/0', value: 9 },
    ]);
    expect(out).toEqual({ metadata: { annotations: { 'b/c': '2' } }, spec: { list: [9, 2, 3], moved: [9, 2, 3] } });
    expect(doc.spec.list).toEqual([1, 2]);
  });

  it('fails as the API server does on a missing path or a failed test', () => {
    expect(() => applyJsonPatch({}, [{ op: 'replace', path: '/a/b', value: 1 }])).toThrow(/the server rejected our request/);
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow();
    expect(() => applyJsonPatch({}, { op: 'add' })).toThrow(/array of operations/);
  });
});
