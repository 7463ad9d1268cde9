import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { deployment } from '../sim/testing.ts';
import { SimBackend } from './sim.ts';

describe('SimBackend.step', () => {
  it('applies, scales, sets an image, deletes a pod, lets time pass and fails a node, saying what it did', async () => {
    const b = new SimBackend({ nodes: 2 });
    expect(await b.step({ name: 'apply', objects: [deployment({ replicas: 2 })] })).toEqual({ status: 'done', message: { ko: 'deployment/web created', en: 'deployment/web created' } });
    expect(await b.step({ name: 'advance', ms: 20_000 })).toMatchObject({ status: 'done' });
    expect(b.now()).toBe(20);
    expect(await b.step({ name: 'scale', args: { deployment: 'web', replicas: 3 } })).toMatchObject({ status: 'done', message: { en: 'deployment.apps/web scaled' } });
    expect((await b.get<Deployment>('Deployment', 'web'))!.spec!.replicas).toBe(3);
    expect(await b.step({ name: 'setImage', args: { deployment: 'web', container: 'app', image: 'nginx:1.28' } })).toMatchObject({ status: 'done', message: { en: 'deployment.apps/web image updated' } });
    expect((await b.get<Deployment>('Deployment', 'web'))!.spec!.template!.spec!.containers[0]!.image).toBe('nginx:1.28');
    await b.advance('60s');
    const [victim] = await b.list<Pod>('Pod');
    expect(await b.step({ name: 'delete', args: { kind: 'Pod', name: victim!.metadata!.name! } })).toMatchObject({ status: 'done' });
    await b.advance('40s');
    const pods = await b.list<Pod>('Pod');
    expect(pods.map((p) => p.metadata!.name)).not.toContain(victim!.metadata!.name);
    expect(pods).toHaveLength(3);
    expect(await b.step({ name: 'failNode', args: 'node-1' })).toMatchObject({ status: 'done' });
    await b.advance('60s');
    const node = (await b.get<Node>('Node', 'node-1'))!;
    expect(node.status!.conditions!.find((c) => c.type === 'Ready')!.status).toBe('Unknown');
  });

  it('reports a step the cluster refuses as failed, with the API server or kubectl words', async () => {
    const b = new SimBackend({ nodes: 1 });
    expect(await b.step({ name: 'scale', args: { deployment: 'nope', replicas: 2 } })).toMatchObject({ status: 'failed', message: { en: expect.stringContaining('deployments.apps "nope" not found') } });
    expect(await b.step({ name: 'failNode', args: 'node-9' })).toMatchObject({ status: 'failed', message: { en: expect.stringContaining('nodes "node-9" not found') } });
    const bad = { ...deployment(), spec: { ...(deployment().spec as object), replicas: -1 } };
    expect(await b.step({ name: 'apply', objects: [bad] })).toMatchObject({ status: 'failed', message: { en: expect.stringContaining('deployment/web: ') } });
  });
});
