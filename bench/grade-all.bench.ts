/**
 * A class run end to end: 1,000 generated submissions of first-deployment (correct, partial and
 * broken; folders and zips) graded by `orchestra grade-all` with every report written. Prints the
 * class-run time and the per-submission median (from each result's durationMs). Goal: ≤ 60 s on 2 cores.
 *
 * `generateClass` is shared with tests/grading-class.test.ts, which runs a smaller class twice and
 * compares the outputs byte for byte.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { ClassRun } from '../src/grading/class-run.ts';
import type { BenchResult } from './run.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const LAB = join(ROOT, 'labs', 'first-deployment');

/** What each generated student hands in, in turn: the lab's solution and each of its cases, plus a zip, a binary file and nothing. */
function variants(): string[] {
  const cases = readdirSync(join(LAB, 'cases')).sort().map((c) => `cases/${c}`);
  return ['solution', ...cases, 'zip', 'binary', 'empty'];
}

/** Writes `n` student folders (or zips) under `dir`, the same for the same `n`. */
export function generateClass(dir: string, n: number): void {
  mkdirSync(dir, { recursive: true });
  const all = variants();
  for (let i = 0; i < n; i++) {
    const student = `student-${String(i + 1).padStart(4, '0')}`;
    const variant = all[(i * 7) % all.length]!;
    const target = join(dir, student);
    if (variant === 'zip') {
      const files = readdirSync(join(LAB, 'solution')).sort();
      const zipped: Zippable = {};
      for (const f of files) {
        const body = readFileSync(join(LAB, 'solution', f), 'utf8').replace(/replicas: \d+/, `replicas: ${(i % 3) + 1}`);
        zipped[`${student}/${f}`] = [strToU8(body), { mtime: new Date('2026-01-01T00:00:00Z') }];
      }
      writeFileSync(`${target}.zip`, zipSync(zipped));
    } else if (variant === 'binary') {
      mkdirSync(target);
      writeFileSync(join(target, 'web.yaml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    } else if (variant === 'empty') {
      mkdirSync(target);
      writeFileSync(join(target, 'README.md'), `# ${student}\n`);
    } else {
      cpSync(join(LAB, variant), target, { recursive: true, filter: (src) => !src.endsWith('expected.json') });
    }
  }
}

export interface ClassRunTiming {
  ms: number;
  run: ClassRun;
  code: number | null;
  stderr: string;
}

/** Runs `orchestra grade-all` on a generated class, writing every report into `out`. */
export function gradeAll(classDir: string, out: string, extra: string[] = []): ClassRunTiming {
  const start = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'orchestra.js'), 'grade-all', 'first-deployment', classDir, '--out', out, '--lang', 'en', '--format', 'json', ...extra], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, CI: '1', NO_COLOR: '1' },
  });
  const ms = performance.now() - start;
  return { ms, run: JSON.parse(r.stdout) as ClassRun, code: r.status, stderr: r.stderr };
}

export async function run(): Promise<BenchResult[]> {
  const work = mkdtempSync(join(tmpdir(), 'orchestra-bench-'));
  try {
    const n = 1000;
    generateClass(join(work, 'class'), n);
    const { ms, run, code } = gradeAll(join(work, 'class'), join(work, 'out'));
    const durations = run.results.map((r) => r.durationMs).sort((a, b) => a - b);
    const written = readdirSync(join(work, 'out')).sort();
    return [
      {
        name: 'grade-all-1000/class-run',
        value: Math.round(ms) / 1000,
        unit: 's',
        extra: { submissions: run.results.length, exitCode: code, goal: '≤ 60 s on 2 cores', files: written, errors: run.results.filter((r) => r.status === 'error').length },
      },
      { name: 'grade-all-1000/per-submission-median', value: Math.round(durations[durations.length >> 1]! * 100) / 100, unit: 'ms' },
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
