/** Grading one submission of first-deployment on the simulator, end to end in process (median of 20). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import grader from '../graders/first-deployment.ts';
import { parseLab } from '../src/grading/lab.ts';
import { gradeSubmission } from '../src/grading/runner.ts';
import type { BenchResult } from './run.ts';

export async function run(): Promise<BenchResult[]> {
  const root = new URL('../labs/first-deployment/', import.meta.url).pathname;
  const lab = parseLab('lab.yaml', readFileSync(join(root, 'lab.yaml'), 'utf8'));
  const files = [{ path: 'web.yaml', text: readFileSync(join(root, 'solution', 'web.yaml'), 'utf8') }];
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const start = performance.now();
    await gradeSubmission({ lab, grader, files, submission: 'bench' });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return [{ name: 'grade-first-deployment/median', value: Math.round(times[10]! * 100) / 100, unit: 'ms' }];
}
