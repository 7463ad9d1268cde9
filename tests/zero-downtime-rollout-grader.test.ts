/**
 * graders/zero-downtime-rollout.ts runs on a kube-proxy that programs EndpointSlice changes 1 s late
 * (lab.yaml networkProgrammingSeconds, kube-proxy's --iptables-min-sync-period default), so an old pod
 * that closes its port on SIGTERM loses that second's requests. The failed-requests check says so,
 * from the submission's preStop, with file:line, in Korean and English.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import grader from '../graders/zero-downtime-rollout.ts';
import type { Lang } from '../src/kube/text.ts';
import { parseLab } from '../src/grading/lab.ts';
import { gradeSubmission } from '../src/grading/runner.ts';

const DIR = new URL('../labs/zero-downtime-rollout/', import.meta.url).pathname;
const lab = parseLab('lab.yaml', readFileSync(join(DIR, 'lab.yaml'), 'utf8'));
const web = (sample: string): { path: string; text: string } => ({ path: 'web.yaml', text: readFileSync(join(DIR, sample, 'web.yaml'), 'utf8') });

async function failedRequests(text: string, lang: Lang = 'en'): Promise<{ status: string; message: string }> {
  const r = await gradeSubmission({ lab, grader, files: [{ path: 'web.yaml', text }], submission: 'web', lang });
  return r.checks.find((c) => c.id === 'zero-failed-requests')!;
}

describe('zero-downtime-rollout: old pods leaving while kube-proxy lags', () => {
  it('the lab runs kube-proxy 1 s behind the EndpointSlices', () => {
    expect(lab.cluster.networkProgrammingSeconds).toBe(1);
  });

  it('without a preStop the requests fail as old pods leave, and the feedback points at the container', async () => {
    const en = await failedRequests(web('cases/no-prestop').text);
    expect(en.status).toBe('partial');
    expect(en.message).toMatch(/200 of them failed as old pods left \(t=83, 95, 103, 111 s\): the container has no preStop wait, so it got SIGTERM at once and closed its port, while kube-proxy takes 1 s to drop the pod from its rules \(web\.yaml:23:11\)\.$/);
    const ko = await failedRequests(web('cases/no-prestop').text, 'ko');
    expect(ko.message).toMatch(/그중 200개는 옛 파드가 빠질 때\(t=83, 95, 103, 111초\) 실패했다: 컨테이너에 preStop 대기가 없어 .* \(web\.yaml:23:11\)\.$/);
  });

  it('a preStop shorter than the delay is named with its length and its line', async () => {
    const en = await failedRequests(web('cases/prestop-no-wait').text);
    expect(en.message).toMatch(/the preStop wait \(0 s\) is shorter than the 1 s kube-proxy takes to update its rules \(web\.yaml:30:13\)\.$/);
  });

  it('a preStop as long as the delay, as sleep or as exec sleep, loses nothing', async () => {
    const solution = web('solution').text;
    expect(solution).toContain('sleep: { seconds: 5 }');
    for (const hook of ['sleep: { seconds: 1 }', 'exec: { command: ["sleep", "1"] }']) {
      expect(await failedRequests(solution.replace('sleep: { seconds: 5 }', hook))).toMatchObject({ status: 'pass' });
    }
    // Without its wait the solution loses requests: the lab tests what the lesson teaches.
    expect((await failedRequests(solution.replace('sleep: { seconds: 5 }', 'sleep: { seconds: 0 }'))).message).toMatch(/the preStop wait \(0 s\) is shorter/);
  });
});
