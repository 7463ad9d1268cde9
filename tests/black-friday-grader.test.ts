/**
 * graders/black-friday.ts runs on a kube-proxy that programs EndpointSlice changes 1 s late (lab.yaml
 * networkProgrammingSeconds, kube-proxy's --iptables-min-sync-period default), so a web pod that closes
 * its port on SIGTERM loses that second's requests at every step of the rollout. The rollout's
 * failed-requests check says so, from the submission's preStop, with file:line, in Korean and English.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import grader from '../graders/black-friday.ts';
import type { Lang } from '../src/kube/text.ts';
import { parseLab } from '../src/grading/lab.ts';
import { gradeSubmission } from '../src/grading/runner.ts';

const DIR = new URL('../labs/black-friday/', import.meta.url).pathname;
const lab = parseLab('lab.yaml', readFileSync(join(DIR, 'lab.yaml'), 'utf8'));
const solution = readdirSync(join(DIR, 'solution')).map((path) => ({ path, text: readFileSync(join(DIR, 'solution', path), 'utf8') }));
const HOOK = 'sleep: { seconds: 5 }';
const LIFECYCLE = `          lifecycle:\n            preStop:\n              ${HOOK}`;

/** The rollout's failed-requests check for the solution with web.yaml changed by `edit`. */
async function rolloutFailures(edit: (web: string) => string, lang: Lang = 'en'): Promise<{ status: string; points: number; message: string }> {
  const files = solution.map((f) => (f.path === 'web.yaml' ? { path: f.path, text: edit(f.text) } : f));
  const r = await gradeSubmission({ lab, grader, files, submission: 'solution', lang });
  return r.checks.find((c) => c.id === 'rollout-no-failures')!;
}

const withoutPreStop = (web: string): string => web.replace(/ {10}lifecycle:\n {12}preStop:\n {14}sleep: \{ seconds: 5 \}[^\n]*\n/, '');

describe('black-friday: web pods leaving while kube-proxy lags', () => {
  it('the lab runs kube-proxy 1 s behind the EndpointSlices, and the solution waits in preStop', () => {
    expect(lab.cluster.networkProgrammingSeconds).toBe(1);
    const web = solution.find((f) => f.path === 'web.yaml')!.text;
    expect(web).toContain(LIFECYCLE);
    expect(withoutPreStop(web)).not.toContain('lifecycle:');
  });

  it('without a preStop requests fail as the old pods leave, and the feedback points at the container', async () => {
    const en = await rolloutFailures(withoutPreStop);
    expect(en).toMatchObject({ status: 'partial', points: 7.5 });
    expect(en.message).toMatch(/1593 of them failed as pods left \(t=276, 296, 316, 336 s\): the container has no preStop wait, so it got SIGTERM at once and closed its port, while kube-proxy takes 1 s to drop the pod from its rules \(web\.yaml:40:11\)\.$/);
    const ko = await rolloutFailures(withoutPreStop, 'ko');
    expect(ko.message).toMatch(/그중 1593개는 파드가 빠질 때\(t=276, 296, 316, 336초\) 실패했다: 컨테이너에 preStop 대기가 없어 .* \(web\.yaml:40:11\)\.$/);
  });

  it('a preStop shorter than the delay is named with its length and its line', async () => {
    const en = await rolloutFailures((web) => web.replace(HOOK, 'sleep: { seconds: 0 }'));
    expect(en.status).toBe('partial');
    expect(en.message).toMatch(/the preStop wait \(0 s\) is shorter than the 1 s kube-proxy takes to update its rules \(web\.yaml:59:13\)\.$/);
  });

  it('a preStop as long as the delay, as sleep or as exec sleep, loses nothing', async () => {
    for (const hook of ['sleep: { seconds: 1 }', 'exec: { command: ["sleep", "1"] }']) {
      expect(await rolloutFailures((web) => web.replace(HOOK, hook))).toMatchObject({ status: 'pass', points: 10 });
    }
  });
});
