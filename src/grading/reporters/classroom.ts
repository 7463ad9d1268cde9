/**
 * The GitHub Classroom grader output `result`: base64 of a JSON object, version 1, as the
 * classroom-resources autograding grader actions set it and autograding-grading-reporter reads it
 * (it sums `tests[].score` into the points it reports, and fails the job when `status` is "fail" or
 * "error"). A test per check; for several submissions, each check of each submission.
 */
import type { CheckResult, GradeResult } from '../result.ts';
import { bySubmission } from './format.ts';

export interface ClassroomTest {
  name: string;
  status: 'pass' | 'fail' | 'error';
  score: number;
  message: string;
  test_code: string;
  filename: string;
  line_no: number;
}

export interface ClassroomResult {
  version: 1;
  status: 'pass' | 'fail' | 'error';
  max_score: number;
  tests: ClassroomTest[];
}

export function toClassroom(results: readonly GradeResult[]): ClassroomResult {
  const sorted = bySubmission(results);
  const many = sorted.length > 1;
  const tests = sorted.flatMap((r) => r.checks.map((c) => test(r, c, many)));
  const status = sorted.some((r) => r.status === 'error') || tests.some((t) => t.status === 'error') ? 'error' : sorted.every((r) => r.score >= r.maxScore) ? 'pass' : 'fail';
  return { version: 1, status, max_score: round2(sorted.reduce((n, r) => n + r.maxScore, 0)), tests };
}

function test(r: GradeResult, c: CheckResult, many: boolean): ClassroomTest {
  const where = c.locations[0];
  return {
    name: many ? `${r.submission}: ${c.title}` : c.title,
    status: c.status === 'pass' ? 'pass' : c.status === 'error' ? 'error' : 'fail',
    score: c.points,
    message: [c.message, ...(c.hints[0] ? [c.hints[0]] : [])].join(' — '),
    test_code: `orchestra grade ${r.lab} (${c.id})`,
    filename: where?.file ?? '',
    line_no: where?.line ?? 0,
  };
}

/** base64(JSON.stringify(result)) over UTF-8, as the grader actions encode it (browser-safe). */
export function encodeClassroom(result: ClassroomResult): string {
  const bytes = new TextEncoder().encode(JSON.stringify(result));
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
