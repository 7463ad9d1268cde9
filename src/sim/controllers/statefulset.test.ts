import type { StatefulSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/object.ts';
import { createCluster } from '../cluster.ts';

function sts(replicas: number, extra: Record<string, unknown> = {}, image = 'shop/db:v1'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db' },
    spec: {
      serviceName: 'db',
      replicas,
      selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image, ports: [{ containerPort: 5432 }], readinessProbe: { tcpSocket: { port: 5432 }, periodSeconds: 2 } }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ...extra,
    },
  };
}

const images = { 'shop/db': { pullSeconds: 1, startSeconds: 3, ports: [5432] } };
const names = (pods: Pod[]): string[] => pods.filter((p) => !p.metadata?.deletionTimestamp).map((p) => p.metadata!.name!).sort();

// pkg/controller/statefulset/stateful_set_control.go
describe('StatefulSet', () => {
  it('creates pods one at a time, each once the one before is Running and Ready', () => {
    const c = createCluster({ nodes: 2, images });
    c.apply([sts(3)]);
    c.advance('1s');
    expect(names(c.list<Pod>('Pod'))).toEqual(['db-0']);
    c.advance('5s');
    expect(names(c.list<Pod>('Pod'))).toEqual(['db-0', 'db-1']);
    c.advance('30s');
    const pods = c.list<Pod>('Pod');
    expect(names(pods)).toEqual(['db-0', 'db-1', 'db-2']);
    expect(pods[0]!.spec).toMatchObject({ hostname: 'db-0', subdomain: 'db' });
    expect(pods[0]!.metadata!.labels).toMatchObject({ 'statefulset.kubernetes.io/pod-name': 'db-0', 'apps.kubernetes.io/pod-index': '0' });
    expect(c.events({ kind: 'StatefulSet', reason: 'SuccessfulCreate' }).map((e) => e.message).slice(0, 2)).toEqual([
      'create Claim data-db-0 Pod db-0 in StatefulSet db success',
      'create Pod db-0 in StatefulSet db successful',
    ]);
    expect(c.get<StatefulSet>('StatefulSet', 'db')!.status).toMatchObject({ replicas: 3, readyReplicas: 3, updatedReplicas: 3, availableReplicas: 3 });
  });

  it('keeps each pod\'s claim: a deleted pod comes back with the same name and volume', () => {
    const c = createCluster({ nodes: 2, images });
    c.apply([sts(2)]);
    c.advance('30s');
    expect(c.list('PersistentVolumeClaim').map((p) => p.metadata.name)).toEqual(['data-db-0', 'data-db-1']);
    const uid = c.get<Pod>('Pod', 'db-1')!.metadata!.uid;
    c.delete('Pod', 'db-1');
    c.advance('10s');
    const again = c.get<Pod>('Pod', 'db-1')!;
    expect(again.metadata!.uid).not.toBe(uid);
    expect(again.spec!.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'data-db-1' } });
    expect(c.list('PersistentVolumeClaim')).toHaveLength(2);
  });

  it('accepts a claim template without a storage request, but creates neither the claim nor the pod (stateful_pod_control.go)', () => {
    const c = createCluster({ nodes: 2, images });
    const [applied] = c.apply([sts(2, { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }] })]);
    expect(applied!.error).toBeUndefined();
    c.advance('30s');
    expect(c.list('PersistentVolumeClaim')).toEqual([]);
    expect(c.list('Pod')).toEqual([]);
    const failed = [...new Set(c.events({ kind: 'StatefulSet', reason: 'FailedCreate' }).map((e) => e.message))];
    expect(failed).toEqual([
      'create Claim data-db-0 for Pod db-0 in StatefulSet db failed error: PersistentVolumeClaim "data-db-0" is invalid: spec.resources.requests.storage: Required value',
      'create Pod db-0 in StatefulSet db failed error: failed to create PVC data-db-0: PersistentVolumeClaim "data-db-0" is invalid: spec.resources.requests.storage: Required value',
    ]);
  });

  it('scales down from the highest ordinal, one at a time', () => {
    // The database takes 2 s to shut down, so each deletion can be seen before the next one starts.
    const c = createCluster({ nodes: 2, images: { 'shop/db': { ...images['shop/db'], shutdownSeconds: 2 } } });
    c.apply([sts(3)]);
    c.advance('30s');
    c.scale('StatefulSet', 'db', 1);
    c.advance('1s');
    expect(c.list<Pod>('Pod').map((p) => [p.metadata!.name, !!p.metadata!.deletionTimestamp])).toEqual([
      ['db-0', false],
      ['db-1', false],
      ['db-2', true],
    ]);
    c.advance('2s');
    expect(c.list<Pod>('Pod').map((p) => [p.metadata!.name, !!p.metadata!.deletionTimestamp])).toEqual([
      ['db-0', false],
      ['db-1', true],
    ]);
    c.advance('5s');
    expect(names(c.list<Pod>('Pod'))).toEqual(['db-0']);
    // Claims stay (persistentVolumeClaimRetentionPolicy whenScaled: Retain).
    expect(c.list('PersistentVolumeClaim')).toHaveLength(3);
  });

  it('rolls out a new template in reverse ordinal order, down to the partition', () => {
    const c = createCluster({ nodes: 2, images });
    c.apply([sts(3)]);
    c.advance('30s');
    c.apply([sts(3, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }, 'shop/db:v2')]);
    const order: string[] = [];
    for (let i = 0; i < 60; i++) {
      c.advance('1s');
      for (const p of c.list<Pod>('Pod')) if (p.spec!.containers[0]!.image === 'shop/db:v2' && !order.includes(p.metadata!.name!)) order.push(p.metadata!.name!);
    }
    expect(order).toEqual(['db-2', 'db-1']);
    expect(c.get<Pod>('Pod', 'db-0')!.spec!.containers[0]!.image).toBe('shop/db:v1');
    expect(c.list('ControllerRevision')).toHaveLength(2);
  });

  it('Parallel creates every pod at once', () => {
    const c = createCluster({ nodes: 2, images });
    c.apply([sts(3, { podManagementPolicy: 'Parallel' })]);
    c.advance('1s');
    expect(names(c.list<Pod>('Pod'))).toEqual(['db-0', 'db-1', 'db-2']);
  });

  it('refuses changes to fields other than replicas, template, updateStrategy …', () => {
    const c = createCluster({ nodes: 1, images });
    c.apply([sts(1)]);
    expect(c.apply([sts(1, { serviceName: 'other' })])[0]!.error!.message).toContain("updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
  });
});
