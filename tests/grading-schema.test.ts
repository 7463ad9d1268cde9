/** GradeResult is documented by src/grading/grade-result.schema.json: real results validate against it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { errorResult } from '../src/grading/error-result.ts';
import { parseLab } from '../src/grading/lab.ts';
import type { GradeResult } from '../src/grading/result.ts';
import { gradeSubmission } from '../src/grading/runner.ts';
import { gradePath, prepareLab } from '../src/cli/grade-path.ts';
import { findLab } from '../src/cli/labs.ts';
import { text } from '../src/kube/text.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const schema = JSON.parse(readFileSync(join(ROOT, 'src/grading/grade-result.schema.json'), 'utf8')) as Record<string, unknown>;
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

function errorsOf(value: unknown): string {
  return validate(value) ? '' : ajv.errorsText(validate.errors);
}

describe('grade-result.schema.json', () => {
  it('is a valid 2020-12 schema whose required fields are exactly its properties', () => {
    const props = Object.keys(schema.properties as object).sort();
    expect([...(schema.required as string[])].sort()).toEqual(props);
    expect(props).toEqual(expect.arrayContaining(['schemaVersion', 'durationMs', 'graderSha256', 'orchestraVersion', 'ignored', 'seed']));
  });

  it('validates the results of every sample of every lab, graded through the CLI path (with timing and grader hash)', async () => {
    const lab = findLab('first-deployment', ROOT);
    const prepared = await prepareLab(lab);
    const samples = ['solution', 'starter', 'cases/broken-yaml', 'cases/bad-image', 'cases/replicas-one', 'cases/selector-mismatch'];
    for (const sample of samples) {
      const result = await gradePath(prepared, join(lab.dir, sample), 'ko', sample);
      expect(errorsOf(result), sample).toBe('');
      expect(result.graderSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(result.durationMs).toBeGreaterThan(0);
    }
  });

  it('validates an error result and a result graded without a clock (the browser)', async () => {
    const lab = findLab('first-deployment', ROOT);
    const prepared = await prepareLab(lab);
    const failed = errorResult({ lab: lab.lab, grader: prepared.grader, submission: 'x', lang: 'en', why: text('아', 'no submission') });
    expect(errorsOf(failed)).toBe('');
    const bare = await gradeSubmission({ lab: parseLab('lab.yaml', readFileSync(join(lab.dir, 'lab.yaml'), 'utf8')), grader: prepared.grader, files: [], submission: 'web' });
    expect(bare).toMatchObject({ durationMs: 0, graderSha256: '' });
    expect(errorsOf(bare)).toBe('');
  });

  it('rejects results that break the contract', async () => {
    const lab = findLab('first-deployment', ROOT);
    const good: GradeResult = await gradePath(await prepareLab(lab), join(lab.dir, 'solution'), 'en');
    const { durationMs: _omitted, ...noDuration } = good;
    expect(errorsOf(noDuration)).toContain("must have required property 'durationMs'");
    expect(errorsOf({ ...good, status: 'done' })).toContain('must be equal to one of the allowed values');
    expect(errorsOf({ ...good, graderSha256: 'abc' })).toContain('must match pattern');
    expect(errorsOf({ ...good, checks: [{ ...good.checks[0]!, locations: [{ file: 'a', line: 0, column: 1 }] }] })).toContain('must be >= 1');
    expect(errorsOf({ ...good, extra: 1 })).toContain('must NOT have additional properties');
  });
});
