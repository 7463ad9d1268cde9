import type { Deployment } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import type { ApplyResult } from '../backends/backend.ts';
import type { Manifest } from '../kube/load.ts';
import type { FieldPath } from '../kube/position.ts';
import { text } from '../kube/text.ts';
import type { CheckContext, SubmittedObject } from './context.ts';
import { isOutcome } from './grader.ts';
import { acceptedObject, noContainerRunning } from './object-outcomes.ts';

const web: SubmittedObject<Deployment> = {
  object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { selector: {}, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } },
  manifest: {} as Manifest,
  at: (path: FieldPath) => ({ file: 'web.yaml', line: path.length + 1, column: 1 }),
};
const ctx = (problems = 0) => ({ submission: { problems: Array.from({ length: problems }, () => ({})) } }) as unknown as CheckContext;
const what = text('디플로이먼트(Deployment)', 'Deployment');
const created: ApplyResult[] = [{ kind: 'Deployment', name: 'web', action: 'created' }];
const refused: ApplyResult[] = [{ kind: 'Deployment', name: 'web', error: { reason: 'Invalid', message: text('잘못됐다', 'spec.replicas: Invalid value'), fields: [['spec', 'replicas']] } }];

describe('acceptedObject', () => {
  it('gives back the object the API server accepted', () => {
    expect(acceptedObject(ctx(), created, web, what, 'Deployment', 'apps/v1')).toBe(web);
  });

  it('says the object is missing, or could not be read when files failed to load', () => {
    const missing = acceptedObject(ctx(), created, undefined, what, 'Deployment', 'apps/v1');
    expect(isOutcome(missing) && missing.fraction).toBe(0);
    expect(isOutcome(missing) && missing.message.en).toBe('there is no Deployment: write an object with `kind: Deployment` and `apiVersion: apps/v1`.');
    const unread = acceptedObject(ctx(1), created, undefined, what, 'Deployment', 'apps/v1');
    expect(isOutcome(unread) && unread.message.en).toBe('no Deployment could be read: fix the errors in the manifests first.');
  });

  it('fails with the API server refusal, marked at the refused fields', () => {
    const r = acceptedObject(ctx(), refused, web, what, 'Deployment', 'apps/v1');
    expect(isOutcome(r) && r.message.en).toBe('the API server rejected Deployment web: spec.replicas: Invalid value');
    expect(isOutcome(r) && r.locations).toEqual([{ file: 'web.yaml', line: 3, column: 1 }]);
  });
});

describe('noContainerRunning', () => {
  it('fails at the containers of the Deployment, naming the image', () => {
    const o = noContainerRunning(web, 'shop/web');
    expect(o.fraction).toBe(0);
    expect(o.message).toEqual(text('디플로이먼트 web에 shop/web 이미지를 쓰는 컨테이너가 없다 (web.yaml:5:1).', 'Deployment web has no container running shop/web (web.yaml:5:1).'));
    expect(o.locations).toEqual([{ file: 'web.yaml', line: 5, column: 1 }]);
  });
});

describe('isOutcome', () => {
  it('tells an outcome from the objects helpers return instead', () => {
    expect(isOutcome({ fraction: 1, message: text('좋다', 'fine') })).toBe(true);
    expect(isOutcome(web)).toBe(false);
    expect(isOutcome({ fraction: '1', message: text('', '') })).toBe(false);
    expect(isOutcome(undefined)).toBe(false);
  });
});
