/**
 * Class runs: a generated class of 60 (correct, partial and broken; folders and zips) graded twice
 * gives byte-identical reports, timings aside; shards merged give what one run gives; a submission
 * whose grading hangs, throws or runs out of memory is that submission's error, and the run goes on.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClass, gradeAll } from '../bench/grade-all.bench.ts';
import type { ClassRun } from '../src/grading/class-run.ts';

const ROOT = new URL('..', import.meta.url).pathname;
let work: string;

/** Every file under a folder, by relative path, with wall-clock timings blanked. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        files[relative(dir, full)] = readFileSync(full, 'utf8')
          .replace(/"durationMs": [\d.]+/g, '"durationMs": 0')
          .replace(/ time="[\d.]+"/g, ' time="0"')
          .replace(/"execution_time": \d+/g, '"execution_time": 0');
      }
    }
  };
  walk(dir);
  return files;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'orchestra-class-'));
  generateClass(join(work, 'class'), 60);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a class of 60', () => {
  it('is graded with every format written, and the same run twice gives byte-identical outputs, timings aside', () => {
    const first = gradeAll(join(work, 'class'), join(work, 'out1'));
    // One worker this time, one per core the first: scheduling must not show in the outputs.
    const second = gradeAll(join(work, 'class'), join(work, 'out2'), ['--jobs', '1']);
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(first.run.results).toHaveLength(60);
    const statuses = new Set(first.run.results.map((r) => (r.score === r.maxScore ? 'full' : r.score > 0 ? 'partial' : 'zero')));
    expect(statuses).toEqual(new Set(['full', 'partial', 'zero']));
    const a = snapshot(join(work, 'out1'));
    const b = snapshot(join(work, 'out2'));
    expect(Object.keys(a)).toHaveLength(6 + 3 * 60);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const file of Object.keys(a)) expect(b[file], file).toBe(a[file]);
    // Timings are real, and the only difference.
    expect(first.run.results.every((r) => r.durationMs > 0)).toBe(true);
  });

  it('split into 3 shards and merged, gives the reports of one run', () => {
    for (const i of [1, 2, 3]) expect(gradeAll(join(work, 'class'), join(work, `shard${i}`), ['--shard', `${i}/3`]).code).toBe(0);
    const shard1 = JSON.parse(readFileSync(join(work, 'shard1', 'results.json'), 'utf8')) as ClassRun;
    expect(shard1.shard).toEqual({ index: 1, count: 3 });
    expect(shard1.results).toHaveLength(20);
    const merged = spawnSync(process.execPath, [join(ROOT, 'bin', 'orchestra.js'), 'merge', ...[1, 2, 3].map((i) => join(work, `shard${i}`)), '--out', join(work, 'merged')], { encoding: 'utf8' });
    expect(merged.status).toBe(0);
    if (!statSync(join(work, 'out1'), { throwIfNoEntry: false })) gradeAll(join(work, 'class'), join(work, 'out1'));
    const one = snapshot(join(work, 'out1'));
    const joined = snapshot(join(work, 'merged'));
    expect(Object.keys(joined)).toEqual(Object.keys(one));
    for (const file of Object.keys(one)) expect(joined[file], file).toBe(one[file]);
  });
});

describe('one student never stops the run', () => {
  it('a grading that hangs, throws or runs out of memory is that student\'s error; the others are graded', () => {
    const course = join(work, 'course');
    mkdirSync(join(course, 'graders'), { recursive: true });
    cpSync(join(ROOT, 'labs', 'first-deployment'), join(course, 'labs', 'trap'), { recursive: true });
    const yaml = readFileSync(join(course, 'labs', 'trap', 'lab.yaml'), 'utf8').replace('id: first-deployment', 'id: trap');
    writeFileSync(join(course, 'labs', 'trap', 'lab.yaml'), yaml);
    writeFileSync(
      join(course, 'graders', 'trap.ts'),
      `import { defineGrader, pass, text } from '${ROOT}src/grading/index.ts';
export default defineGrader({
  lab: 'trap',
  checks: [{
    id: 'trap', title: text('함정', 'trap'), points: 1,
    run(ctx) {
      const body = ctx.submission.files.map((f) => f.text).join('');
      if (body.includes('hang')) for (;;) {}
      if (body.includes('oom')) { const hoard: number[][] = []; for (;;) hoard.push(new Array(1_000_000).fill(1)); }
      if (body.includes('throw')) throw new Error('boom');
      return pass(text('좋다', 'fine'));
    },
  }],
});
`,
    );
    const cls = join(work, 'trap-class');
    for (const [student, body] of [['a-fine', 'x: 1'], ['b-hang', 'hang: 1'], ['c-oom', 'oom: 1'], ['d-throw', 'throw: 1'], ['e-fine', 'y: 2']]) {
      mkdirSync(join(cls, student!), { recursive: true });
      writeFileSync(join(cls, student!, 'web.yaml'), `${body}\n`);
    }
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'orchestra.js'), 'grade-all', join(course, 'labs', 'trap'), cls, '--format', 'json', '--timeout', '5', '--memory', '128', '--jobs', '2', '--lang', 'en'], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
    expect(r.status).toBe(0);
    const run = JSON.parse(r.stdout) as ClassRun;
    expect(run.results.map((x) => [x.submission, x.status, x.score])).toEqual([
      ['a-fine', 'graded', 1],
      ['b-hang', 'error', 0],
      ['c-oom', 'error', 0],
      ['d-throw', 'graded', 0],
      ['e-fine', 'graded', 1],
    ]);
    expect(run.results[1]!.errors).toEqual(['grading did not finish within 5 s and was stopped']);
    expect(run.results[2]!.errors).toEqual(['grading ran out of memory and was stopped']);
    expect(run.results[3]!.checks[0]).toMatchObject({ status: 'error', message: 'the check failed to run: Error: boom' });
  });
});
