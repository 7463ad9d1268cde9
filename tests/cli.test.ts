/** End to end: the `orchestra` CLI as a student runs it, on every lab's solution and cases. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GradeResult } from '../src/grading/result.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'orchestra.js');

function orchestra(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', LANG: 'en_US.UTF-8', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function gradeJson(lab: string, path: string, lang = 'en'): GradeResult {
  const r = orchestra(['grade', lab, path, '--format', 'json', '--lang', lang]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as GradeResult;
}

const labs = readdirSync(join(ROOT, 'labs'));

describe.each(labs)('lab %s', (lab) => {
  it('the solution scores full marks', () => {
    const result = gradeJson(lab, `labs/${lab}/solution`);
    expect(result.status).toBe('graded');
    expect(result.maxScore).toBeGreaterThan(0);
    expect(result.score).toBe(result.maxScore);
  });

  const cases = readdirSync(join(ROOT, 'labs', lab, 'cases'));
  it('has at least 4 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(4);
  });

  it.each(cases)('case %s scores its expected score', (name) => {
    const expected = JSON.parse(readFileSync(join(ROOT, 'labs', lab, 'cases', name, 'expected.json'), 'utf8')) as { score: number; checks: Record<string, string> };
    const result = gradeJson(lab, `labs/${lab}/cases/${name}`);
    expect(result.score).toBe(expected.score);
    expect(Object.fromEntries(result.checks.map((c) => [c.id, c.status]))).toEqual(expected.checks);
  });
});

describe('orchestra grade', () => {
  it('grades broken YAML as 0 for that check, naming file and line, in English and Korean', () => {
    const en = gradeJson('first-deployment', 'labs/first-deployment/cases/broken-yaml', 'en');
    expect(en.checks[0]).toMatchObject({ id: 'manifests-valid', points: 0, status: 'fail', locations: [{ file: 'web.yaml', line: 17, column: 1 }] });
    expect(en.checks[0]!.message).toBe('web.yaml:17:1: YAML syntax error: a tab is used for indentation (YAML allows spaces only)');
    const ko = gradeJson('first-deployment', 'labs/first-deployment/cases/broken-yaml', 'ko');
    expect(ko.checks[0]!.message).toBe('web.yaml:17:1: YAML 구문 오류: 들여쓰기에 탭을 썼다 (YAML은 공백만 허용한다)');
  });

  it('prints a readable report by default', () => {
    const r = orchestra(['grade', 'first-deployment', 'labs/first-deployment/cases/replicas-one']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('`spec.replicas` is 1 at web.yaml:6:3; the lab asks for 3.');
    expect(r.stdout).toMatch(/Score: 50\/100\n$/);
  });

  it('uses Korean when LANG is Korean', () => {
    const r = orchestra(['grade', 'first-deployment', 'labs/first-deployment/solution'], { LANG: 'ko_KR.UTF-8' });
    expect(r.stdout).toMatch(/점수: 100\/100\n$/);
  });

  it('grades a single file and refuses a file that is not UTF-8', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orchestra-'));
    writeFileSync(join(dir, 'web.yaml'), Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
    const result = gradeJson('first-deployment', dir);
    expect(result.checks[0]!.message).toBe('web.yaml:1:1: not a UTF-8 text file');
    const single = gradeJson('first-deployment', 'labs/first-deployment/solution/web.yaml');
    expect(single.score).toBe(100);
  });

  it('exits 2 with a helpful message on usage errors', () => {
    expect(orchestra(['grade', 'no-such-lab', '.'])).toMatchObject({ code: 2, stderr: "error: lab 'no-such-lab' not found. 'orchestra labs' lists them.\n" });
    expect(orchestra(['grade', 'first-deployment', 'no/such/path'])).toMatchObject({ code: 2, stderr: 'error: submission not found: no/such/path\n' });
    const missing = orchestra(['grade', 'first-deployment']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing required argument 'path'");
    const ko = orchestra(['grade', 'first-deployment', '--format', 'xml', '.'], { LANG: 'ko_KR.UTF-8' });
    expect(ko.code).toBe(2);
    expect(ko.stderr).toContain("옵션 '--format <format>'의 값 'xml'은(는) 쓸 수 없다");
  });

  it('lists the labs', () => {
    expect(orchestra(['labs']).stdout).toContain('first-deployment\tYour first Deployment and Service');
  });
});
