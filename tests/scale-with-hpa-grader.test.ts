/**
 * graders/scale-with-hpa.ts holds the replicas to the HPA's bounds from the HPA's first sync (15 s):
 * reconcileAutoscaler clamps at once (pkg/controller/podautoscaler/horizontal.go), so a Deployment
 * still outside the bounds then is one the HPA will not bring back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import grader from '../graders/scale-with-hpa.ts';
import { parseLab } from '../src/grading/lab.ts';
import { gradeSubmission } from '../src/grading/runner.ts';

const DIR = new URL('../labs/scale-with-hpa/', import.meta.url).pathname;
const lab = parseLab('lab.yaml', readFileSync(join(DIR, 'lab.yaml'), 'utf8'));
const file = (name: string): { path: string; text: string } => ({ path: name, text: readFileSync(join(DIR, 'solution', name), 'utf8') });

describe('scale-with-hpa: replicas within the HPA bounds', () => {
  it('are checked from the HPA’s first sync at 15 s: replicas: 0 disables the HPA and fails there', async () => {
    const web = file('web.yaml');
    expect(web.text).toMatch(/^ {2}replicas: 2$/m);
    const zero = { ...web, text: web.text.replace(/^ {2}replicas: 2$/m, '  replicas: 0') };
    const r = await gradeSubmission({ lab, grader, files: [zero, file('hpa.yaml')], submission: 'zero', lang: 'en' });
    const check = r.checks.find((c) => c.id === 'scales-out')!;
    expect(check.status).toBe('fail');
    expect(check.message).toMatch(/^at t=15 s there were 0 replicas, outside the HPA's range 2–16/);
  });
});
