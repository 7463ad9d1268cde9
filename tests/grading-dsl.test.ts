/**
 * The grader DSL, one kind of check at a time: static (partial matching with a field-by-field diff
 * mapped to file:line), cluster (the same matching on live objects after the submission settled) and
 * scenario (steps over simulated time, with always / eventually / never over windows).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Deployment } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import { expectFields } from '../src/grading/expect.ts';
import { defineGrader, fail, partial, pass } from '../src/grading/grader.ts';
import { parseLab } from '../src/grading/lab.ts';
import { absent, atLeast, atMost, between, inOrder, matchObject, matching, oneOf, present } from '../src/grading/match.ts';
import { readyEndpoints } from '../src/grading/queries.ts';
import { gradeSubmission } from '../src/grading/runner.ts';
import { always, eventually, never } from '../src/grading/scenario.ts';
import { text } from '../src/kube/text.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const LAB = parseLab('lab.yaml', readFileSync(join(ROOT, 'labs/first-deployment/lab.yaml'), 'utf8'));
const WEB = readFileSync(join(ROOT, 'labs/first-deployment/solution/web.yaml'), 'utf8');
const ONE = readFileSync(join(ROOT, 'labs/first-deployment/cases/replicas-one/web.yaml'), 'utf8');

describe('matchObject', () => {
  const d = { spec: { replicas: 1, template: { spec: { containers: [{ name: 'sidecar', image: 'busybox' }, { name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } } } };

  it('ignores keys the pattern does not mention, and lets an array element match anywhere in the list', () => {
    expect(matchObject(d, { spec: { template: { spec: { containers: [{ image: matching(/^nginx:/) }] } } } })).toEqual([]);
  });

  it('reports each mismatch with its path, what was expected and what was found', () => {
    const misses = matchObject(d, { spec: { replicas: atLeast(3), strategy: { type: 'RollingUpdate' } } });
    expect(misses.map((m) => [m.path.join('.'), m.expected.en, m.actual])).toEqual([
      ['spec.replicas', 'at least 3', '1'],
      ['spec.strategy', 'a mapping', '(absent)'],
    ]);
    expect(misses[0]!.expected.ko).toBe('3 이상');
  });

  it('points at the closest element when no element of a list matches', () => {
    const misses = matchObject(d, { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } });
    expect(misses).toHaveLength(1);
    expect(misses[0]!.path).toEqual(['spec', 'template', 'spec', 'containers', 1, 'image']);
    expect(misses[0]!.actual).toBe('"nginx:1.27"');
  });

  it('asks for order and length only with inOrder', () => {
    const containers = (p: unknown) => matchObject(d, { spec: { template: { spec: { containers: p as never } } } });
    expect(containers([{ name: 'web' }, { name: 'sidecar' }])).toEqual([]);
    expect(containers(inOrder({ name: 'web' }, { name: 'sidecar' })).map((m) => m.path.join('.'))).toEqual(['spec.template.spec.containers.0.name', 'spec.template.spec.containers.1.name']);
    expect(containers(inOrder({ name: 'sidecar' }))[0]!.expected.en).toBe('a list of 1 element(s)');
  });

  it('has expressions for comparisons, choices, presence and absence', () => {
    expect(matchObject({ a: 3 }, { a: between(2, 4) })).toEqual([]);
    expect(matchObject({ a: 5 }, { a: atMost(4) })[0]!.expected.en).toBe('at most 4');
    expect(matchObject({ a: 'Always' }, { a: oneOf('Always', 'IfNotPresent') })).toEqual([]);
    expect(matchObject({}, { a: present() })[0]!.actual).toBe('(absent)');
    expect(matchObject({ a: 1 }, { b: absent() })).toEqual([]);
    expect(matchObject({ a: 1 }, { a: absent() })[0]!.expected.en).toBe('absent');
    expect(matchObject({ a: '3' }, { a: 3 })[0]).toMatchObject({ actual: '"3"', expected: { en: '3' } });
  });
});

describe('a static check', () => {
  const grader = defineGrader({
    lab: 'first-deployment',
    checks: [
      {
        id: 'spec',
        title: text('디플로이먼트 스펙', 'Deployment spec'),
        points: 20,
        run: (ctx) =>
          expectFields(ctx.objects<Deployment>('Deployment')[0], { spec: { replicas: atLeast(3), template: { spec: { containers: [{ image: matching(/^nginx:1\.2[0-9]$/) }] } } } }, text('디플로이먼트(Deployment)', 'Deployment')),
      },
    ],
  });

  it('passes a submission that matches', async () => {
    const r = await gradeSubmission({ lab: LAB, grader, files: [{ path: 'web.yaml', text: WEB }], submission: 's', lang: 'en' });
    expect(r.checks[0]).toMatchObject({ status: 'pass', points: 20, message: 'Deployment web meets every requirement.' });
  });

  it('gives partial credit and names each field at fault with its file:line:column, in both languages', async () => {
    const en = await gradeSubmission({ lab: LAB, grader, files: [{ path: 'web.yaml', text: ONE }], submission: 's', lang: 'en' });
    expect(en.checks[0]).toMatchObject({ status: 'partial', points: 10, locations: [{ file: 'web.yaml', line: 6, column: 3 }] });
    expect(en.checks[0]!.message).toBe('`spec.replicas` is 1 at web.yaml:6:3; expected at least 3.');
    const ko = await gradeSubmission({ lab: LAB, grader, files: [{ path: 'web.yaml', text: ONE }], submission: 's', lang: 'ko' });
    expect(ko.checks[0]!.message).toBe('`spec.replicas`이(가) web.yaml:6:3에서 1이다; 기대: 3 이상.');
  });

  it('fails, naming the object, when there is none', async () => {
    const r = await gradeSubmission({ lab: LAB, grader, files: [], submission: 's', lang: 'en' });
    expect(r.checks[0]).toMatchObject({ status: 'fail', message: 'there is no Deployment.' });
  });
});

describe('a cluster check', () => {
  const grader = defineGrader({
    lab: 'first-deployment',
    settle: '60s',
    checks: [
      {
        id: 'available',
        title: text('사용 가능한 레플리카', 'Available replicas'),
        points: 10,
        async run(ctx) {
          const { backend } = await ctx.cluster();
          const live = await backend.get<Deployment>('Deployment', 'web');
          const misses = matchObject(live, { status: { availableReplicas: atLeast(3) } });
          const source = ctx.sourceOf('Deployment', 'web');
          if (misses.length === 0) return pass(text('3개 이상 사용 가능', '3 or more available'));
          return fail(text(`${misses[0]!.actual}개만 사용 가능`, `only ${misses[0]!.actual} available`), source ? [source.at(['spec', 'replicas'])] : []);
        },
      },
    ],
  });

  it('asserts on the objects the cluster made after the submission settled, pointing back at the submitted field', async () => {
    const good = await gradeSubmission({ lab: LAB, grader, files: [{ path: 'web.yaml', text: WEB }], submission: 's', lang: 'en' });
    expect(good.checks[0]!.status).toBe('pass');
    const bad = await gradeSubmission({ lab: LAB, grader, files: [{ path: 'web.yaml', text: ONE }], submission: 's', lang: 'en' });
    expect(bad.checks[0]).toMatchObject({ status: 'fail', message: 'only 1 available', locations: [{ file: 'web.yaml', line: 6, column: 3 }] });
  });
});

describe('a scenario check', () => {
  // Zero downtime during a rollout: ready endpoints ≥ 2 at every second between t=60 s and t=180 s,
  // while 50 requests a second go to the Service; no failed request in that window; 3 ready within a minute.
  const grader = defineGrader({
    lab: 'first-deployment',
    checks: [
      {
        id: 'rollout',
        title: text('무중단 롤아웃', 'Zero-downtime rollout'),
        points: 30,
        async run(ctx) {
          const run = await ctx.scenario();
          run.sim!.setTraffic({ service: 'web', rps: 50 });
          await run.probe('ready', async (b) => (await readyEndpoints(b, 'web')).length);
          await run.probe('failed', () => run.sim!.snapshot().services.find((s) => s.name === 'web')?.failed ?? 0);
          await run.advance('60s');
          run.sim!.setImage('web', 'nginx', ctx.submission.files[0]!.text.includes('maxUnavailable') ? 'nginx:1.277' : 'nginx:1.28');
          await run.advance('120s');
          const up = eventually(run.timeline<number>('ready'), (n) => n >= 3, { to: '60s' }, text('준비된 엔드포인트 3개', '3 ready endpoints'));
          const ready = always(run.timeline<number>('ready'), (n) => n >= 2, { from: '60s', to: '180s' }, text('준비된 엔드포인트 2개 이상', 'ready endpoints ≥ 2'));
          const errors = never(run.timeline<number>('failed'), (n) => n > 0, { from: '60s', to: '180s' }, text('실패한 요청', 'a failed request'));
          const message = text([up, ready, errors].map((r) => r.message.ko).join('. '), [up, ready, errors].map((r) => r.message.en).join('. '));
          return up.holds && ready.holds && errors.holds ? pass(message) : partial(ready.fraction * 2 + (errors.holds ? 1 : 0), 3, message);
        },
      },
    ],
  });

  it('passes a Deployment that keeps serving through the rollout', async () => {
    const r = await gradeSubmission({ lab: LAB, grader, files: [{ path: 'web.yaml', text: WEB }], submission: 's', lang: 'en' });
    expect(r.checks[0]!.status).toBe('pass');
    expect(r.checks[0]!.message).toBe(
      '3 ready endpoints held at t=2 s (window: until t=60 s). ready endpoints ≥ 2 held at every sample between t=60 s and t=180 s (121 samples). a failed request never happened between t=60 s and t=180 s (121 samples)',
    );
  });

  it('says when and how an invariant broke, with partial credit for the share of the window it held', async () => {
    const risky = WEB.replace('replicas: 3', 'replicas: 3\n  strategy: {rollingUpdate: {maxUnavailable: 2}}');
    const r = await gradeSubmission({ lab: LAB, grader, files: [{ path: 'web.yaml', text: risky }], submission: 's', lang: 'en' });
    expect(r.checks[0]!.status).toBe('partial');
    expect(r.checks[0]!.message).toContain('ready endpoints ≥ 2 must hold at every sample between t=60 s and t=180 s, but broke at t=61 s (value 1; 120 of 121 samples)');
    expect(r.checks[0]!.points).toBe(10.17);
    const ko = await gradeSubmission({ lab: LAB, grader, files: [{ path: 'web.yaml', text: risky }], submission: 's', lang: 'ko' });
    expect(ko.checks[0]!.message).toContain('준비된 엔드포인트 2개 이상이(가) t=60초부터 t=180초까지 늘 성립해야 하는데 t=61초에 깨졌다');
  });

  it('is deterministic', async () => {
    const a = await gradeSubmission({ lab: LAB, grader, files: [{ path: 'web.yaml', text: WEB }], submission: 's' });
    const b = await gradeSubmission({ lab: LAB, grader, files: [{ path: 'web.yaml', text: WEB }], submission: 's' });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('starts each scenario on a fresh cluster, apart from the settled one and from other scenarios', async () => {
    const seen: number[] = [];
    const fresh = defineGrader({
      lab: 'first-deployment',
      checks: [
        {
          id: 'fresh',
          title: text('새 클러스터', 'fresh cluster'),
          points: 1,
          async run(ctx) {
            const { backend } = await ctx.cluster();
            const first = await ctx.scenario();
            await first.advance('30s');
            const second = await ctx.scenario();
            seen.push(backend.now(), first.now(), second.now(), (await readyEndpoints(second.backend, 'web')).length, (await readyEndpoints(backend, 'web')).length);
            return pass(text('', ''));
          },
        },
      ],
    });
    await gradeSubmission({ lab: LAB, grader: fresh, files: [{ path: 'web.yaml', text: WEB }], submission: 's' });
    expect(seen).toEqual([60, 30, 0, 0, 3]);
  });
});

describe('scenario steps', () => {
  it('run on the backend, say what they did, and show in the timeline at the second they were taken', async () => {
    const outcomes: unknown[] = [];
    let replicas: { t: number; value: number }[] = [];
    const steps = defineGrader({
      lab: 'first-deployment',
      checks: [
        {
          id: 'steps',
          title: text('단계', 'steps'),
          points: 1,
          async run(ctx) {
            const run = await ctx.scenario();
            await run.probe('replicas', async (b) => (await b.get<Deployment>('Deployment', 'web'))?.spec?.replicas ?? 0);
            outcomes.push(await run.step({ name: 'advance', ms: 10_000 }));
            outcomes.push(await run.step({ name: 'scale', args: { deployment: 'web', replicas: 5 } }));
            outcomes.push(await run.step({ name: 'setImage', args: { deployment: 'nope', container: 'nginx', image: 'nginx:1.28' } }));
            replicas = run.timeline<number>('replicas');
            return pass(text('', ''));
          },
        },
      ],
    });
    await gradeSubmission({ lab: LAB, grader: steps, files: [{ path: 'web.yaml', text: WEB }], submission: 's' });
    expect(outcomes).toEqual([
      { status: 'done', message: { ko: '10초가 지났다', en: '10 s passed' } },
      { status: 'done', message: expect.objectContaining({ en: 'deployment.apps/web scaled' }) },
      { status: 'failed', message: expect.objectContaining({ en: expect.stringContaining('deployments.apps "nope" not found') }) },
    ]);
    expect(replicas.at(-1)).toEqual({ t: 10, value: 5 });
    expect(replicas.at(-2)).toEqual({ t: 9, value: 3 });
  });
});

describe('settling until stable', () => {
  const graderFor = (quiet: string) =>
    defineGrader({
      lab: 'first-deployment',
      settle: { until: 'stable', within: '180s', quiet },
      checks: [
        {
          id: 'when',
          title: text('언제', 'when'),
          points: 1,
          async run(ctx) {
            const { backend } = await ctx.cluster();
            const ready = (await readyEndpoints(backend, 'web')).length;
            return pass(text(`${backend.now()} ${ready}`, `${backend.now()} ${ready}`));
          },
        },
      ],
    });
  const settledAt = async (quiet: string, yaml: string): Promise<number[]> => {
    const r = await gradeSubmission({ lab: LAB, grader: graderFor(quiet), files: [{ path: 'web.yaml', text: yaml }], submission: 's', lang: 'en' });
    return r.checks[0]!.message.split(' ').map(Number);
  };

  it('stops as soon as nothing has changed for the quiet time', async () => {
    const [t, ready] = await settledAt('5s', WEB);
    expect(ready).toBe(3);
    expect(t).toBeGreaterThan(5);
    expect(t).toBeLessThan(30);
    // Stuck in ImagePullBackOff is stable too: the checks see it early, with nothing ready.
    const bad = readFileSync(join(ROOT, 'labs/first-deployment/cases/bad-image/web.yaml'), 'utf8');
    expect(await settledAt('5s', bad)).toEqual([expect.any(Number), 0]);
  });

  it('waits no longer than its bound', async () => {
    const [t, ready] = await settledAt('500s', WEB);
    expect(t).toBe(180);
    expect(ready).toBe(3);
  });
});
