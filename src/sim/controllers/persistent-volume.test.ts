import fc from 'fast-check';
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/object.ts';
import { createCluster } from '../cluster.ts';

const claim = (name: string, storage = '1Gi', extra: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } }, ...extra } });
const pv = (name: string, storage: string, modes = ['ReadWriteOnce']): KubeObject => ({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name }, spec: { storageClassName: 'manual', capacity: { storage }, accessModes: modes, hostPath: { path: `/data/${name}` } } });
const podWith = (name: string, claimName: string, image = 'postgres:17'): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'db', image, volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }] }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }] } });
const phase = (c: ReturnType<typeof createCluster>, name: string): string | undefined => c.get<PersistentVolumeClaim>('PersistentVolumeClaim', name)?.status?.phase;

// pkg/controller/volume/persistentvolume; plugin/pkg/admission/storage/storageclass/setdefault
describe('persistent volumes', () => {
  it('the default class waits for the first consumer, then provisions and binds', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([claim('data')]);
    c.advance('1s');
    expect(c.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'data')!.spec!.storageClassName).toBe('standard');
    expect(phase(c, 'data')).toBe('Pending');
    expect(c.events({ reason: 'WaitForFirstConsumer' })[0]!.message).toBe('waiting for first consumer to be created before binding');
    c.apply([podWith('db', 'data')]);
    c.advance('20s');
    expect(phase(c, 'data')).toBe('Bound');
    const volume = c.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'data')!.spec!.volumeName!;
    expect(volume).toMatch(/^pvc-[0-9a-f-]{36}$/);
    expect(c.get<PersistentVolume>('PersistentVolume', volume)!.spec!.claimRef).toMatchObject({ name: 'data', namespace: 'default' });
    expect(c.get<Pod>('Pod', 'db')!.status!.phase).toBe('Running');
  });

  it('uses the StorageClasses the cluster comes with: their default, and nothing for a class it lacks', () => {
    const c = createCluster({ nodes: 1, storageClasses: [{ name: 'local-path', provisioner: 'rancher.io/local-path', default: true }, { name: 'fast', provisioner: 'example.com/ssd', volumeBindingMode: 'Immediate' }] });
    expect(c.list<StorageClass>('StorageClass').map((s) => `${s.metadata!.name}:${s.metadata!.annotations?.['storageclass.kubernetes.io/is-default-class'] ?? ''}:${s.volumeBindingMode}`)).toEqual(['local-path:true:WaitForFirstConsumer', 'fast::Immediate']);
    c.apply([claim('data'), podWith('db', 'data'), claim('kind', '1Gi', { storageClassName: 'standard' }), podWith('kind-db', 'kind'), claim('none', '1Gi', { storageClassName: '' })]);
    c.advance('30s');
    expect(c.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'data')!.spec!.storageClassName).toBe('local-path');
    expect(phase(c, 'data')).toBe('Bound');
    // A class the cluster does not have: nothing provisions the claim, and its pod is not scheduled.
    expect(phase(c, 'kind')).toBe('Pending');
    expect(c.get<Pod>('Pod', 'kind-db')!.spec!.nodeName).toBeUndefined();
    // An empty class asks for a pre-made volume without a class; no provisioner makes one.
    expect(c.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'none')!.spec!.storageClassName).toBe('');
    expect(phase(c, 'none')).toBe('Pending');
  });

  it('binds a claim to the smallest fitting static volume of its class, or leaves it Pending', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([pv('big', '10Gi'), pv('small', '2Gi'), pv('rwx', '1Gi', ['ReadWriteMany']), claim('a', '1Gi', { storageClassName: 'manual' }), claim('b', '5Gi', { storageClassName: 'manual' }), claim('c', '20Gi', { storageClassName: 'manual' })]);
    c.advance('1s');
    expect(c.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'a')!.spec!.volumeName).toBe('small');
    expect(c.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'b')!.spec!.volumeName).toBe('big');
    expect(phase(c, 'c')).toBe('Pending');
  });

  it('a pod whose claim does not exist is not scheduled (VolumeBinding)', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([podWith('db', 'missing')]);
    c.advance('5s');
    expect(c.get<Pod>('Pod', 'db')!.status!.conditions!.find((x) => x.type === 'PodScheduled')).toMatchObject({
      status: 'False',
      reason: 'Unschedulable',
      message: '0/1 nodes are available: persistentvolumeclaim "missing" not found. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    });
  });

  it('a database on a claim finds its data again after its pod is replaced; without one it starts empty', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([claim('data'), podWith('db', 'data')]);
    c.advance('20s');
    expect(c.containerView('db', 'db')!.data).toBe('new');
    c.delete('Pod', 'db');
    c.advance('5s');
    c.apply([podWith('db', 'data')]);
    c.advance('20s');
    expect(c.containerView('db', 'db')!.data).toBe('restored');
    expect(c.logs('db', 'db')![0]).toBe('data directory /var/lib/postgresql/data exists (written by db); reusing it');
    const ephemeral = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'tmp' }, spec: { containers: [{ name: 'db', image: 'postgres:17' }] } };
    c.apply([ephemeral]);
    c.advance('20s');
    expect(c.containerView('tmp', 'db')!.data).toBe('new');
  });

  it('property: a volume is never bound to two claims', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 8 }), (volumes, claims) => {
        const c = createCluster({ nodes: 1 });
        c.apply([...volumes.map((g, i) => pv(`pv${i}`, `${g}Gi`)), ...claims.map((g, i) => claim(`c${i}`, `${g}Gi`, { storageClassName: 'manual' }))]);
        c.advance('2s');
        const bound = c.list<PersistentVolumeClaim>('PersistentVolumeClaim').map((x) => x.spec?.volumeName).filter((v): v is string => !!v);
        expect(new Set(bound).size).toBe(bound.length);
        for (const v of c.list<PersistentVolume>('PersistentVolume')) {
          if (v.spec?.claimRef) expect(c.get<PersistentVolumeClaim>('PersistentVolumeClaim', v.spec.claimRef.name!)!.spec!.volumeName).toBe(v.metadata!.name);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('VolumeBinding with the PV controller', () => {
  it('a pod waits for its Immediate claim to bind, then runs', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([{ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'manual' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'Immediate' }, claim('data', '1Gi', { storageClassName: 'manual' }), podWith('db', 'data')]);
    c.advance('5s');
    expect(c.get<Pod>('Pod', 'db')!.status!.conditions!.find((x) => x.type === 'PodScheduled')!.message).toContain('pod has unbound immediate PersistentVolumeClaims');
    c.apply([pv('disk', '5Gi')]);
    c.advance('30s');
    expect(c.get<Pod>('Pod', 'db')!.status!.phase).toBe('Running');
  });
});
