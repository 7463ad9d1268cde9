import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/object.ts';
import { StatusError } from '../status.ts';
import { fieldSetOf, fromFieldsV1, rootShape, toFieldsV1 } from './field-set.ts';
import { readEntries, recordUpdate, writeEntries } from './managed-fields.ts';
import { serverSideApply } from './server-side-apply.ts';

const T = '2026-01-01T00:00:00Z';

function deployment(image: string, replicas = 2, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 80 }] }] } },
      ...extra,
    },
  };
}

describe('field sets', () => {
  it('keys associative lists, treats atomic structs (LabelSelector) as leaves, and round-trips fieldsV1', () => {
    const set = fieldSetOf({ spec: deployment('nginx').spec }, rootShape('io.k8s.api.apps.v1.Deployment'), [], new Set());
    const v1 = toFieldsV1(set);
    expect(v1).toEqual({
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } } } },
        },
      },
    });
    expect(fromFieldsV1(v1)).toEqual(set);
  });
});

describe('managedFields of updates', () => {
  it('gives a creator every field it set, maps and pointer structs as members, structs not', () => {
    const entries = recordUpdate(undefined, deployment('nginx', 2, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } }), 'kubectl-create', T);
    const [e] = writeEntries(entries);
    expect(e).toMatchObject({ manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1', time: T, fieldsType: 'FieldsV1' });
    const f = e!.fieldsV1 as Record<string, Record<string, unknown>>;
    expect(f['f:metadata']).toEqual({ 'f:labels': { '.': {}, 'f:app': {} } });
    expect(f['f:spec']!['f:strategy']).toEqual({ 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {} }, 'f:type': {} });
    expect(f['f:spec']!['.']).toBeUndefined();
  });

  it('moves a changed field to the manager that changed it, and forgets removed fields', () => {
    const created = { ...deployment('nginx'), metadata: { ...deployment('nginx').metadata, managedFields: writeEntries(recordUpdate(undefined, deployment('nginx'), 'a', T)) } };
    const changed = deployment('nginx', 5);
    delete (changed.metadata as { labels?: unknown }).labels;
    const entries = recordUpdate(created, changed, 'b', T);
    const byManager = Object.fromEntries(entries.map((e) => [e.manager, [...e.fields]]));
    expect(byManager.b).toEqual(['f:spec\u0001f:replicas']);
    expect(byManager.a).not.toContain('f:spec\u0001f:replicas');
    expect(byManager.a!.some((p) => p.startsWith('f:metadata'))).toBe(false);
  });
});

describe('server-side apply', () => {
  const apply = (live: KubeObject | undefined, applied: KubeObject, manager: string, force = false) =>
    serverSideApply({ live, applied, manager, force, time: T, plural: 'deployments', group: 'apps' });
  const withFields = (obj: KubeObject, entries: ReturnType<typeof readEntries>): KubeObject => ({ ...obj, metadata: { ...obj.metadata, managedFields: writeEntries(entries) } });

  it('owns exactly what it applied, and shares a field set to the same value', () => {
    const first = apply(undefined, deployment('nginx'), 'alice');
    const live = withFields(first.object, first.entries);
    const second = apply(live, deployment('nginx', 2), 'bob');
    expect(second.entries.map((e) => e.manager).sort()).toEqual(['alice', 'bob']);
    expect(second.entries.find((e) => e.manager === 'bob')!.fields.has('f:spec\u0001f:replicas')).toBe(true);
  });

  it('refuses to change a field another manager owns (409 FieldManagerConflict) unless forced', () => {
    const first = apply(undefined, deployment('nginx'), 'alice');
    const live = withFields(first.object, first.entries);
    try {
      apply(live, deployment('nginx', 5), 'bob');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(StatusError);
      const s = (e as StatusError).toStatus();
      expect(s).toMatchObject({ code: 409, reason: 'Conflict', message: 'Apply failed with 1 conflict: conflict with "alice" using apps/v1: .spec.replicas' });
      expect(s.details?.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "alice" using apps/v1', field: '.spec.replicas' }]);
    }
    const forced = apply(live, deployment('nginx', 5), 'bob', true);
    expect((forced.object.spec as { replicas: number }).replicas).toBe(5);
    expect(forced.entries.find((e) => e.manager === 'alice')!.fields.has('f:spec\u0001f:replicas')).toBe(false);
  });

  it('removes what it applied before and applies no more, unless someone else owns it', () => {
    const first = apply(undefined, deployment('nginx', 2, { minReadySeconds: 5 }), 'alice');
    const live = withFields(first.object, first.entries);
    const next = apply(live, deployment('nginx', 2), 'alice');
    expect((next.object.spec as { minReadySeconds?: number }).minReadySeconds).toBeUndefined();
    expect((next.object.spec as { template: { metadata: { labels: unknown } } }).template.metadata.labels).toEqual({ app: 'web' });
  });

  it('merges containers by name with what is live', () => {
    const first = apply(undefined, deployment('nginx'), 'alice');
    const live = withFields(
      {
        ...first.object,
        spec: {
          ...(first.object.spec as object),
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              containers: [
                { name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], imagePullPolicy: 'IfNotPresent' },
                { name: 'other', image: 'x' },
              ],
            },
          },
        },
      },
      first.entries,
    );
    const next = apply(live, deployment('nginx:1.28'), 'alice');
    const containers = (next.object.spec as { template: { spec: { containers: { name: string; image: string; imagePullPolicy?: string }[] } } }).template.spec.containers;
    expect(containers.map((c) => `${c.name}=${c.image}`)).toEqual(['web=nginx:1.28', 'other=x']);
    expect(containers[0]!.imagePullPolicy).toBe('IfNotPresent');
  });
});
