import { describe, expect, it } from 'vitest';
import { text } from '../kube/text.ts';
import { defineGrader, fail, partial, pass } from './grader.ts';
import { LabSchema, parseLab, LabError, type Lab } from './lab.ts';
import { toJson } from './reporters/json.ts';
import { toText } from './reporters/text.ts';
import { gradeSubmission, type RunTiming } from './runner.ts';

/** A fake clock: time moves only when told, timers fire when it passes them. */
function fakeTiming(): RunTiming & { tick(ms: number): void } {
  let now = 0;
  const timers: { at: number; fire: () => void }[] = [];
  return {
    now: () => now,
    timeout(ms) {
      let fire = (): void => {};
      const expired = new Promise<void>((done) => (fire = done));
      const timer = { at: now + ms, fire };
      timers.push(timer);
      return { expired, cancel: () => void timers.splice(timers.indexOf(timer), 1) };
    },
    tick(ms) {
      now += ms;
      for (const t of timers.filter((x) => x.at <= now)) t.fire();
    },
  };
}

const lab: Lab = LabSchema.parse({
  id: 'demo',
  module: 1,
  title: { ko: '데모', en: 'Demo' },
  summary: { ko: '요약', en: 'Summary' },
  instructions: { ko: '지시', en: 'Do it' },
  tasks: [{ text: { ko: '하나', en: 'one' }, points: 10 }],
  cluster: { nodes: [{ name: 'node-1' }] },
  submission: { files: ['*.yaml'] },
});

const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: "nginx:1.27"}]\n';

describe('grading runner', () => {
  const grader = defineGrader({
    lab: 'demo',
    settle: '30s',
    checks: [
      { id: 'static', title: text('정적', 'static'), points: 10, hints: [text('힌트', 'hint')], run: (ctx) => (ctx.objects('Deployment').length === 1 ? pass(text('있다', 'present')) : fail(text('없다', 'missing'))) },
      {
        id: 'cluster',
        title: text('클러스터', 'cluster'),
        points: 30,
        async run(ctx) {
          const { backend } = await ctx.cluster();
          const pods = await backend.list('Pod');
          return partial(pods.length, 3, text(`파드 ${pods.length}개`, `${pods.length} pods`), [ctx.objects('Deployment')[0]!.at(['spec', 'replicas'])]);
        },
      },
      {
        id: 'throws',
        title: text('예외', 'throws'),
        points: 5,
        run() {
          throw new TypeError('boom');
        },
      },
    ],
  });

  it('scores each check, with partial credit, locations, hints and a check that throws as its error', async () => {
    const result = await gradeSubmission({ lab, grader, files: [{ path: 'web.yaml', text: DEPLOY }], submission: 'alice', lang: 'en' });
    expect(result).toMatchObject({ schemaVersion: 1, lab: 'demo', submission: 'alice', backend: 'sim', status: 'graded', score: 30, maxScore: 45, seed: 1 });
    expect(result.checks.map((c) => [c.id, c.status, c.points])).toEqual([
      ['static', 'pass', 10],
      ['cluster', 'partial', 20],
      ['throws', 'error', 0],
    ]);
    expect(result.checks[1]!.locations).toEqual([{ file: 'web.yaml', line: 6, column: 3 }]);
    expect(result.checks[2]!.message).toBe('the check failed to run: TypeError: boom');
  });

  it('writes texts in the chosen language', async () => {
    const ko = await gradeSubmission({ lab, grader, files: [], submission: 'bob', lang: 'ko' });
    expect(ko.checks[0]).toMatchObject({ title: '정적', message: '없다', hints: ['힌트'], status: 'fail' });
    expect(toText(ko)).toContain('점수: 0/45');
    expect(JSON.parse(toJson(ko)).checks[0].title).toBe('정적');
  });

  it('is deterministic: the same submission grades to the same JSON', async () => {
    const a = await gradeSubmission({ lab, grader, files: [{ path: 'web.yaml', text: DEPLOY }], submission: 's' });
    const b = await gradeSubmission({ lab, grader, files: [{ path: 'web.yaml', text: DEPLOY }], submission: 's' });
    expect(toJson(a)).toBe(toJson(b));
  });

  it('refuses a grader of another lab instead of grading', async () => {
    const other = defineGrader({ lab: 'other', checks: [{ id: 'x', title: text('x', 'x'), points: 1, run: () => pass(text('', '')) }] });
    const r = await gradeSubmission({ lab, grader: other, files: [], submission: 's', lang: 'en' });
    expect(r).toMatchObject({ status: 'error', errors: ['the grader (other) does not belong to the lab (demo)'] });
  });

  it('measures durationMs with the clock it is given, and records the grader hash and ignored files', async () => {
    const timing = fakeTiming();
    const timed = defineGrader({ lab: 'demo', checks: [{ id: 'slow', title: text('느림', 'slow'), points: 1, run: () => (timing.tick(1234.567), pass(text('됨', 'done'))) }] });
    const r = await gradeSubmission({ lab, grader: timed, files: [], submission: 's', timing, graderSha256: 'a'.repeat(64), ignored: ['README.md'] });
    expect(r).toMatchObject({ durationMs: 1234.57, graderSha256: 'a'.repeat(64), ignored: ['README.md'] });
    expect(r.checks[0]!.visibility).toBe('visible');
  });

  it('stops a check that does not finish within its budget: that check is an error, the next ones run', async () => {
    const timing = fakeTiming();
    const hanging = defineGrader({
      lab: 'demo',
      checks: [
        { id: 'hangs', title: text('멈춤', 'hangs'), points: 5, run: () => (queueMicrotask(() => timing.tick(10_001)), new Promise<never>(() => {})) },
        { id: 'after', title: text('다음', 'after'), points: 5, visibility: 'hidden', run: () => pass(text('됨', 'ran')) },
      ],
    });
    const r = await gradeSubmission({ lab, grader: hanging, files: [], submission: 's', lang: 'en', timing, checkTimeoutMs: 10_000 });
    expect(r.checks.map((c) => [c.id, c.status, c.points])).toEqual([
      ['hangs', 'error', 0],
      ['after', 'pass', 5],
    ]);
    expect(r.checks[0]!.message).toBe('the check did not finish within 10 s and was stopped');
    expect(r.checks[1]!.visibility).toBe('hidden');
  });

  it('turns a runaway simulation into an error of the checks that need the cluster, in both languages', async () => {
    const runaway = defineGrader({
      lab: 'demo',
      settle: '1h',
      checks: [{ id: 'cluster', title: text('클러스터', 'cluster'), points: 1, run: async (ctx) => (await ctx.cluster(), pass(text('', ''))) }],
    });
    const { simBackendFor } = await import('./runner.ts');
    const tiny = simBackendFor(lab, 10);
    const en = await gradeSubmission({ lab, grader: runaway, files: [{ path: 'web.yaml', text: DEPLOY }], submission: 's', lang: 'en', backend: tiny });
    expect(en.checks[0]).toMatchObject({ status: 'error', points: 0 });
    expect(en.checks[0]!.message).toMatch(/^the simulation exceeded its work budget/);
    const ko = await gradeSubmission({ lab, grader: runaway, files: [{ path: 'web.yaml', text: DEPLOY }], submission: 's', lang: 'ko', backend: tiny });
    expect(ko.checks[0]!.message).toMatch(/^시뮬레이션이 작업 한도를 넘어/);
  });

  it('treats a check that returns nothing as an error', async () => {
    const broken = defineGrader({ lab: 'demo', checks: [{ id: 'x', title: text('x', 'x'), points: 1, run: () => undefined as never }] });
    const r = await gradeSubmission({ lab, grader: broken, files: [], submission: 's', lang: 'en' });
    expect(r.checks[0]).toMatchObject({ status: 'error', message: 'the check failed to run: the check returned no outcome' });
  });

  it('rejects check ids that cannot head a gradebook column', () => {
    expect(() => defineGrader({ lab: 'x', checks: [{ id: 'Bad Id', title: text('a', 'a'), points: 1, run: () => pass(text('', '')) }] })).toThrow(/lower-case/);
  });

  it('rejects graders with duplicate check ids', () => {
    const c = { id: 'a', title: text('a', 'a'), points: 1, run: () => pass(text('', '')) };
    expect(() => defineGrader({ lab: 'x', checks: [c, c] })).toThrow(/duplicate check id "a"/);
  });
});

describe('lab.yaml', () => {
  it('names the bad field and its line', () => {
    const bad = 'id: demo\nmodule: one\ntitle: {ko: a, en: b}\n';
    try {
      parseLab('labs/demo/lab.yaml', bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LabError);
      const problem = (e as LabError).problems.find((p) => p.message.en.startsWith('module'))!;
      expect(problem.position).toEqual({ file: 'labs/demo/lab.yaml', line: 2, column: 1 });
    }
  });
});
