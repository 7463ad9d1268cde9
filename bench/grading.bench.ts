/**
 * Grading on the simulator, end to end in process: one submission of first-deployment (median of 20),
 * the capstone black-friday, whose one scenario plays four situations over 355 simulated seconds
 * (its first grade, JIT still cold for its scenario, and the median of 10; goal ≤ 150 ms), and
 * batch-jobs, whose CronJob scenario idles through a simulated day between two night runs (median of 10:
 * what it costs is the cluster's periodic work, Lease renewals and node monitoring).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import grader from '../graders/first-deployment.ts';
import capstone from '../graders/black-friday.ts';
import batchJobs from '../graders/batch-jobs.ts';
import type { Grader } from '../src/grading/grader.ts';
import { parseLab } from '../src/grading/lab.ts';
import { gradeSubmission } from '../src/grading/runner.ts';
import type { BenchResult } from './run.ts';

const CAPSTONE_GOAL_MS = 150;

async function time(id: string, g: Grader, runs: number): Promise<number[]> {
  const root = new URL(`../labs/${id}/`, import.meta.url).pathname;
  const lab = parseLab('lab.yaml', readFileSync(join(root, 'lab.yaml'), 'utf8'));
  const dir = join(root, 'solution');
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => ({ path: f, text: readFileSync(join(dir, f), 'utf8') }));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await gradeSubmission({ lab, grader: g, files, submission: 'bench' });
    times.push(performance.now() - start);
  }
  return times;
}

const round = (x: number): number => Math.round(x * 100) / 100;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(): Promise<BenchResult[]> {
  const first = await time('first-deployment', grader, 20);
  const bf = await time('black-friday', capstone, 10);
  const batch = await time('batch-jobs', batchJobs, 10);
  return [
    { name: 'grade-first-deployment/median', value: round(median(first)), unit: 'ms' },
    { name: 'grade-black-friday/median', value: round(median(bf)), unit: 'ms', extra: { first: round(bf[0]!), goal: CAPSTONE_GOAL_MS, met: median(bf) <= CAPSTONE_GOAL_MS } },
    { name: 'grade-batch-jobs/median', value: round(median(batch)), unit: 'ms', extra: { first: round(batch[0]!) } },
  ];
}
