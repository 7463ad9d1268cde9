import type { Deployment } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../kube/load.ts';
import type { SubmittedObject } from './context.ts';
import { containerRunning, containerRunningOrFirst } from './submitted.ts';

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
