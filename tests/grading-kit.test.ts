/**
 * The instructor kit: the GitHub Classroom workflow template really grades a student repository and
 * hands Classroom's reporter what it reads; the class workflow shards and merges; the instructor guide
 * exists in Korean and English.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const KIT = join(ROOT, 'examples', 'github-classroom');

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  'working-directory'?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Workflow {
  permissions: Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, { if?: string; steps: Step[]; strategy?: { matrix: Record<string, unknown[]> }; needs?: string }>;
}

const load = (file: string): Workflow => parse(readFileSync(join(KIT, file), 'utf8')) as Workflow;

describe('examples/github-classroom/classroom.yml', () => {
  const wf = load('classroom.yml');
  const job = Object.values(wf.jobs)[0]!;
  const grade = job.steps.find((s) => s.id === 'orchestra')!;
  const reporter = job.steps.find((s) => s.uses?.startsWith('classroom-resources/autograding-grading-reporter'))!;

  it('is the workflow GitHub Classroom generates: permissions and the bot guard', () => {
    expect(wf.permissions).toEqual({ checks: 'write', actions: 'read', contents: 'read' });
    expect(job.if).toBe("github.actor != 'github-classroom[bot]'");
  });

  it("feeds the reporter the grade step's result under the env name it derives from the runner id", () => {
    const runner = String(reporter.with!.runners);
    expect(runner).toMatch(/^[a-zA-Z0-9]+$/);
    expect(reporter.env).toEqual({ [`${runner.toUpperCase()}_RESULTS`]: '${{ steps.orchestra.outputs.result }}' });
  });

  it('grades a student repository checked out beside the course, as the step runs it, and reports the points', () => {
    const ws = mkdtempSync(join(tmpdir(), 'orchestra-ws-'));
    symlinkSync(ROOT, join(ws, 'orchestra'));
    cpSync(join(ROOT, 'labs', 'first-deployment', 'cases', 'replicas-one'), join(ws, 'submission'), { recursive: true });
    writeFileSync(join(ws, 'output'), '');
    writeFileSync(join(ws, 'summary'), '');
    const r = spawnSync('bash', ['-e', '-c', grade.run!], {
      cwd: join(ws, grade['working-directory']!),
      encoding: 'utf8',
      env: { ...process.env, ...wf.env, PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}`, GITHUB_OUTPUT: join(ws, 'output'), GITHUB_STEP_SUMMARY: join(ws, 'summary'), LANG: 'C.UTF-8' },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // Annotations on the student's own paths (relative to their repository root).
    expect(r.stdout).toContain('::warning file=web.yaml,line=6,col=3,');
    expect(readFileSync(join(ws, 'summary'), 'utf8')).toContain('## 채점 결과: first-deployment');
    expect(existsSync(join(ws, 'orchestra-report', 'junit.xml'))).toBe(true);
    // What the reporter does with it (autograding-grading-reporter src/notify-classroom.js).
    const result = readFileSync(join(ws, 'output'), 'utf8').match(/^result=(.+)$/m)![1]!;
    const decoded = JSON.parse(Buffer.from(result, 'base64').toString('utf8')) as { max_score: number; tests: { score: number }[]; status: string };
    expect(`Points ${decoded.tests.reduce((n, t) => n + t.score, 0)}/${decoded.max_score}`).toBe('Points 50/100');
    expect(decoded.status).toBe('fail');
  });
});

describe('examples/github-classroom/grade-class.yml', () => {
  const wf = load('grade-class.yml');

  it('grades shards in a matrix and merges them', () => {
    const shards = wf.jobs.grade!.strategy!.matrix.shard!;
    expect(shards).toEqual([1, 2, 3, 4]);
    const grade = wf.jobs.grade!.steps.find((s) => s.run?.includes('grade-all'))!;
    expect(grade.run).toContain(`--shard \${{ matrix.shard }}/${shards.length}`);
    expect(wf.jobs.merge!.needs).toBe('grade');
    expect(wf.jobs.merge!.steps.some((s) => s.run?.includes('orchestra.js merge shards/shard-* --out report'))).toBe(true);
  });
});

describe('the instructor guide', () => {
  const pages = ['grading-a-class', 'gradescope', 'integrity', 'writing-graders'];

  it.each(pages)('%s exists in Korean and English with a title, a description and a sidebar order', (page) => {
    const orders: number[] = [];
    for (const dir of ['content/instructors', 'content/en/instructors']) {
      const source = readFileSync(join(ROOT, dir, `${page}.mdx`), 'utf8');
      const front = parse(source.split('---')[1]!) as { title: string; description: string; sidebar: { order: number } };
      expect(front.title.length, `${dir}/${page}`).toBeGreaterThan(3);
      expect(front.description.length).toBeGreaterThan(20);
      orders.push(front.sidebar.order);
    }
    expect(orders[0]).toBe(orders[1]);
  });

  it('documents every command-line option the CLI has', () => {
    const guide = pages.map((p) => readFileSync(join(ROOT, 'content', 'en', 'instructors', `${p}.mdx`), 'utf8')).join('\n');
    for (const word of ['grade-all', '--roster', '--shard', '--jobs', '--timeout', '--out', 'orchestra merge', 'orchestra check', 'orchestra lab test', 'export gradescope', '--fail-under', 'graderSha256']) {
      expect(guide, word).toContain(word);
    }
  });

  it('uses the Korean glossary of the kubernetes.io localization', () => {
    const ko = pages.map((p) => readFileSync(join(ROOT, 'content', 'instructors', `${p}.mdx`), 'utf8')).join('\n');
    expect(ko).toContain('파드');
    expect(ko).toContain('노드');
    expect(ko).not.toMatch(/포드|팟 /);
  });
});

