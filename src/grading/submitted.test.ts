import type { Deployment } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../kube/load.ts';
import type { KubeObject } from '../kube/object.ts';
import type { CheckContext, SubmittedObject } from './context.ts';
import { containerRunning, containerRunningOrFirst, hpaScaling, namedOrFirst } from './submitted.ts';

const deployment = (...images: string[]): SubmittedObject<Deployment> => ({
  object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { selector: {}, template: { spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) } } } },
  manifest: {} as Manifest,
  at: () => ({ file: 'web.yaml', line: 1, column: 1 }),
});

describe('containerRunningOrFirst', () => {
  it('finds the container by image repository, whatever its tag or registry', () => {
    expect(containerRunningOrFirst(deployment('busybox:1.36', 'registry.example/shop/web:v2'), 'registry.example/shop/web')).toMatchObject({ i: 1, c: { name: 'c1' } });
    expect(containerRunningOrFirst(deployment('busybox:1.36', 'shop/web:v2'), 'shop/web')).toMatchObject({ i: 1, c: { name: 'c1' } });
  });

  it('falls back to the first container when none runs the image, where containerRunning finds nothing', () => {
    const d = deployment('nginx:1.27', 'busybox:1.36');
    expect(containerRunning(d, 'shop/web')).toBeUndefined();
    expect(containerRunningOrFirst(d, 'shop/web')).toMatchObject({ i: 0, c: { name: 'c0', image: 'nginx:1.27' } });
    expect(containerRunningOrFirst(deployment(), 'shop/web')).toEqual({ i: 0, c: { name: '' } });
  });
});

const submitted = (...objects: KubeObject[]) =>
  ({ objects: (kind?: string) => objects.filter((o) => !kind || o.kind === kind).map((object) => ({ object, manifest: {} as Manifest, at: () => ({ file: 'x.yaml', line: 1, column: 1 }) })) }) as unknown as CheckContext;
const svc = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name } });
const hpa = (name: string, target: string): KubeObject => ({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name }, spec: { scaleTargetRef: { kind: 'Deployment', name: target } } } as KubeObject);

describe('namedOrFirst', () => {
  it('takes the object of that kind and name, else the first of the kind', () => {
    const ctx = submitted(hpa('db', 'x'), svc('api'), svc('db'));
    expect(namedOrFirst(ctx, 'Service', 'db')?.object.metadata.name).toBe('db');
    expect(namedOrFirst(ctx, 'Service', 'web')?.object.metadata.name).toBe('api');
    expect(namedOrFirst(ctx, 'StatefulSet', 'db')).toBeUndefined();
  });
});

describe('hpaScaling', () => {
  it('takes the HPA whose scaleTargetRef names the workload, else the first HPA', () => {
    const ctx = submitted(svc('web'), hpa('a', 'api'), hpa('b', 'web'));
    expect(hpaScaling(ctx, 'web')?.object.metadata.name).toBe('b');
    expect(hpaScaling(ctx, 'shop')?.object.metadata.name).toBe('a');
    expect(hpaScaling(submitted(svc('web')), 'web')).toBeUndefined();
  });
});
