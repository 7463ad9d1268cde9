import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { z } from 'zod';
import { ImageBehaviorSchema } from '../sim/kubelet/image-schema.ts';
import { LabError, parseLab } from './lab.ts';
import type { SimBackend } from '../backends/sim.ts';
import { simBackendFor } from './runner.ts';

/** A valid value for a catalog field, from its schema, so that a field added to the catalog is tested here too. */
function sample(schema: z.ZodType): unknown {
  if (schema instanceof z.ZodOptional) return sample(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodNumber) return 1;
  if (schema instanceof z.ZodString) return '/data';
  if (schema instanceof z.ZodBoolean) return true;
  if (schema instanceof z.ZodArray) return [sample(schema.element as z.ZodType)];
  throw new Error(`no sample for ${schema.constructor.name}`);
}

/** One value of every field the image catalog supports (src/sim/kubelet/image-schema.ts). */
const EVERY_FIELD = Object.fromEntries(Object.entries(ImageBehaviorSchema.shape).map(([k, v]) => [k, sample(v as z.ZodType)]));

function labYaml(images: Record<string, unknown>): string {
  return stringify({
    id: 'demo',
    module: 1,
    title: { ko: '데모', en: 'Demo' },
    summary: { ko: '데모', en: 'Demo' },
    instructions: { ko: '데모', en: 'Demo' },
    tasks: [{ text: { ko: '하나', en: 'one' }, points: 100 }],
    cluster: { nodes: [{ name: 'node-1', cpu: '2', memory: '4Gi' }] },
    images,
    submission: { files: ['*.yaml'] },
  });
}

describe('lab.yaml cluster', () => {
  it('starts the simulated cluster at startTime when the lab gives one', async () => {
    const source = labYaml({}).replace('cluster:\n', 'cluster:\n  startTime: 2026-11-26T16:50:00Z\n');
    const backend = simBackendFor(parseLab('lab.yaml', source)).create();
    await backend.apply([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }]);
    expect((await backend.get<{ metadata: { creationTimestamp?: string } }>('ConfigMap', 'c'))?.metadata.creationTimestamp).toBe('2026-11-26T16:50:00Z');
    expect(() => parseLab('lab.yaml', labYaml({}).replace('cluster:\n', 'cluster:\n  startTime: tomorrow\n'))).toThrow(LabError);
  });

  it('delays kube-proxy by networkProgrammingSeconds when the lab gives it', async () => {
    const images = { 'shop/web:v1': { pullSeconds: 1, startSeconds: 1, ports: [80] } };
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'shop/web:v1' }] } };
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
    /** Requests that failed in the first 10 s of traffic, sent from when the pod is up. */
    const failedAfterStart = async (source: string): Promise<number> => {
      const backend = simBackendFor(parseLab('lab.yaml', source)).create() as SimBackend;
      await backend.apply([pod, svc]);
      await backend.advance('3s');
      backend.cluster.setTraffic({ service: 'web', rps: 10 });
      await backend.advance('10s');
      return backend.cluster.traffic.totalsFor('default', 'web').failed;
    };
    expect(await failedAfterStart(labYaml(images))).toBe(0);
    // The endpoint, ready at 1 s, reaches kube-proxy at 6 s: the requests of the seconds to 4 s and 5 s find none.
    expect(await failedAfterStart(labYaml(images).replace('cluster:\n', 'cluster:\n  networkProgrammingSeconds: 5\n'))).toBe(20);
    expect(() => parseLab('lab.yaml', labYaml({}).replace('cluster:\n', 'cluster:\n  networkProgrammingSeconds: -1\n'))).toThrow(LabError);
  });

  it('comes with the StorageClasses the lab gives, else kind\'s standard', async () => {
    const classes = async (source: string): Promise<string[]> => {
      const backend = simBackendFor(parseLab('lab.yaml', source)).create();
      const names = (await backend.list<{ metadata: { name: string } }>('StorageClass')).map((s) => s.metadata.name);
      await backend.close();
      return names;
    };
    expect(await classes(labYaml({}))).toEqual(['standard']);
    expect(await classes(labYaml({}).replace('cluster:\n', 'cluster:\n  storageClasses: [{ name: local-path, provisioner: rancher.io/local-path, default: true }]\n'))).toEqual(['local-path']);
    expect(() => parseLab('lab.yaml', labYaml({}).replace('cluster:\n', 'cluster:\n  storageClasses: [{ name: fast }]\n'))).toThrow(LabError);
  });

  it('names a duplicate key with its line', () => {
    try {
      parseLab('lab.yaml', labYaml({}).replace('module: 1\n', 'module: 1\nmodule: 2\n'));
      expect.unreachable();
    } catch (e) {
      expect((e as LabError).problems).toMatchObject([{ message: { en: expect.stringMatching(/^YAML syntax error: Map keys must be unique/) }, position: { line: 3 } }]);
    }
  });
});

describe('lab.yaml images', () => {
  it('accept every field of the simulator image catalog', () => {
    expect(Object.keys(EVERY_FIELD)).toContain('hangAfterSeconds');
    const lab = parseLab('lab.yaml', labYaml({ 'shop/app:1': EVERY_FIELD }));
    expect(lab.images['shop/app:1']).toEqual(EVERY_FIELD);
  });

  it('reach the simulator the grader runs on: an image with hangAfterSeconds hangs', async () => {
    const lab = parseLab('lab.yaml', labYaml({ 'shop/app:1': { pullSeconds: 1, startSeconds: 1, ports: [8080], healthPaths: ['/healthz'], hangAfterSeconds: 30 } }));
    const backend = simBackendFor(lab).create();
    await backend.apply([
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'app' },
        spec: { terminationGracePeriodSeconds: 2, containers: [{ name: 'app', image: 'shop/app:1', livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 5, failureThreshold: 2 } }] },
      },
    ]);
    await backend.advance('25s');
    const restarts = async (): Promise<number | undefined> => (await backend.get<{ status?: { containerStatuses?: { restartCount: number }[] } }>('Pod', 'app'))?.status?.containerStatuses?.[0]?.restartCount;
    expect(await restarts()).toBe(0);
    await backend.advance('30s');
    expect(await restarts()).toBe(1);
  });

  it('refuse a field the catalog does not know, naming it with the line of its image', () => {
    const source = labYaml({ 'shop/app:1': { startSeconds: 1, hangAfterSecs: 30 } });
    const line = source.split('\n').findIndex((l) => l.includes('shop/app:1')) + 1;
    try {
      parseLab('lab.yaml', source);
      expect.unreachable('parseLab accepted an unknown field');
    } catch (e) {
      expect(e).toBeInstanceOf(LabError);
      expect((e as LabError).problems[0]).toMatchObject({ position: { line } });
      expect((e as LabError).problems[0]!.message.en).toContain('hangAfterSecs');
    }
  });
});
