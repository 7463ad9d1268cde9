import type { Deployment } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import { SimBackend } from '../backends/sim.ts';
import type { Manifest } from '../kube/load.ts';
import type { KubeObject } from '../kube/object.ts';
import { text } from '../kube/text.ts';
import type { SubmittedObject } from './context.ts';
import { imageNotSet, setImage } from './rollout.ts';
import { ScenarioRun } from './scenario.ts';

const web = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
} as KubeObject;

async function scenario(): Promise<ScenarioRun> {
  const backend = new SimBackend({ nodes: 1 });
  const run = new ScenarioRun(backend, await backend.apply([web]));
  await run.advance('30s');
  return run;
}

describe('setImage', () => {
  it('sets the image as kubectl set image does, and keeps the Deployment as stored just before', async () => {
    const run = await scenario();
    const change = await setImage(run, 'web', 'default', 'web', 'nginx:1.28');
    expect(change.error).toBeUndefined();
    expect(change.stored?.spec?.template?.spec?.containers[0]?.image).toBe('nginx:1.27');
    expect(change.stored?.spec?.strategy?.type).toBe('RollingUpdate');
    const now = await run.backend.get<Deployment>('Deployment', 'web', 'default');
    expect(now?.spec?.template?.spec?.containers[0]?.image).toBe('nginx:1.28');
  });

  it('says why the image was not set, in both languages: no such Deployment or container, or what kubectl said', async () => {
    const run = await scenario();
    expect(await setImage(run, 'api', 'default', 'api', 'shop/api:2')).toEqual({ error: text('shop/api 이미지를 쓰는 디플로이먼트가 없다', 'no Deployment running shop/api') });
    expect((await setImage(run, 'web', 'default', undefined, 'nginx:1.28')).error).toEqual(text('nginx 이미지를 쓰는 디플로이먼트가 없다', 'no Deployment running nginx'));
    const refused = await setImage(run, 'web', 'default', 'sidecar', 'nginx:1.28');
    expect(refused.stored?.metadata?.name).toBe('web');
    expect(refused.error).toEqual(text('이름이 "sidecar"인 컨테이너를 찾을 수 없다', 'unable to find container named "sidecar"'));
  });
});

describe('imageNotSet', () => {
  it('fails at the containers with the reason', () => {
    const d = { object: web, manifest: {} as Manifest, at: (p: readonly unknown[]) => ({ file: 'web.yaml', line: p.length, column: 1 }) } as unknown as SubmittedObject<Deployment>;
    expect(imageNotSet(d, text('이유', 'why'))).toEqual({ fraction: 0, message: text('새 이미지를 지정하지 못했다: 이유', 'the new image could not be set: why'), locations: [{ file: 'web.yaml', line: 4, column: 1 }] });
  });
});
