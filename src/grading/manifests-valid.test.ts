import { describe, expect, it } from 'vitest';
import type { CheckContext } from './context.ts';
import { manifestHints, manifestsValid, manifestsValidCheck } from './manifests-valid.ts';
import { loadSubmission } from './submission.ts';

const contextOf = (files: Record<string, string>) => ({ submission: loadSubmission(Object.entries(files).map(([path, t]) => ({ path, text: t }))) }) as CheckContext;
const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  a: "1"\n';

describe('manifestsValidCheck', () => {
  it('is the manifests-valid check with the points and hints the lab gives it', () => {
    const check = manifestsValidCheck(15, [manifestHints.indentation, manifestHints.dryRun]);
    expect(check).toMatchObject({ id: 'manifests-valid', points: 15, hints: [manifestHints.indentation, manifestHints.dryRun] });
    expect(check.title.en).toBe('The manifests load and are valid');
    expect(check.title.ko).toBe('매니페스트를 읽을 수 있고 유효하다');
    expect(check.run).toBe(manifestsValid);
  });

  it('passes valid manifests and fails on the first problem, at its file and line', async () => {
    const check = manifestsValidCheck(10, []);
    expect((await check.run(contextOf({ 'cm.yaml': CM }))).fraction).toBe(1);
    const broken = await check.run(contextOf({ 'cm.yaml': CM.replace('  name: app', '\tname: app') }));
    expect(broken.fraction).toBe(0);
    expect(broken.message.en).toMatch(/^cm\.yaml:4:/);
    expect(broken.locations?.[0]).toMatchObject({ file: 'cm.yaml', line: 4 });
  });
});
