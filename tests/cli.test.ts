/** End to end: the `orchestra` CLI as students and instructors run it. */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLValidator } from 'fast-xml-parser';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { SampleOutcome } from '../src/cli/lab-test.ts';
import { main } from '../src/cli/main.ts';
import type { ClassRun } from '../src/grading/class-run.ts';
import type { GradeResult } from '../src/grading/result.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'orchestra.js');
const SOLUTION = join(ROOT, 'labs', 'first-deployment', 'solution');

function orchestra(args: string[], env: Record<string, string> = {}, cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', LANG: 'en_US.UTF-8', ORCHESTRA_LANG: '', GITHUB_OUTPUT: '', GITHUB_STEP_SUMMARY: '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI in this process (no Node start-up): for help, usage errors and other quick answers. */
async function inProcess(args: string[], env: Record<string, string> = {}, cwd = ROOT) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { out: (s) => (stdout += s), err: (s) => (stderr += s), isTty: false, env: { NO_COLOR: '1', LANG: 'en_US.UTF-8', ...env }, cwd });
  return { code, stdout, stderr };
}

async function gradeJson(lab: string, path: string, lang = 'en'): Promise<GradeResult> {
  const r = await inProcess(['grade', lab, path, '--format', 'json', '--lang', lang]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as GradeResult;
}

function temp(): string {
  return mkdtempSync(join(tmpdir(), 'orchestra-cli-'));
}

describe('orchestra lab test, on every lab', () => {
  const run = orchestra(['lab', 'test', '--format', 'json']);
  const outcomes = JSON.parse(run.stdout || '[]') as SampleOutcome[];
  const labs = readdirSync(join(ROOT, 'labs'));

  it('tests every lab and passes', () => {
    expect(run.stderr).toBe('');
    expect([...new Set(outcomes.map((o) => o.lab))].sort()).toEqual([...labs].sort());
    expect(run.code).toBe(0);
  });

  it.each(labs)('lab %s: the solution scores full marks and every case (at least 4) its expected.json', (lab) => {
    const mine = outcomes.filter((o) => o.lab === lab);
    const solution = mine.find((o) => o.sample === 'solution')!;
    expect(solution.score).toBe(solution.maxScore);
    const cases = readdirSync(join(ROOT, 'labs', lab, 'cases'));
    expect(cases.length).toBeGreaterThanOrEqual(4);
    for (const name of cases) {
      const expected = JSON.parse(readFileSync(join(ROOT, 'labs', lab, 'cases', name, 'expected.json'), 'utf8')) as { score: number; checks: Record<string, string> };
      const got = mine.find((o) => o.sample === `cases/${name}`)!;
      expect(got.score, name).toBe(expected.score);
      expect(got.checks, name).toEqual(expected.checks);
      expect(got.problems).toEqual([]);
    }
  });

  it('exits 1 and says what differs when a case no longer scores as expected', async () => {
    const root = temp();
    cpSync(join(ROOT, 'labs', 'first-deployment'), join(root, 'labs', 'first-deployment'), { recursive: true });
    mkdirSync(join(root, 'graders'));
    writeFileSync(join(root, 'graders', 'first-deployment.ts'), readFileSync(join(ROOT, 'graders', 'first-deployment.ts'), 'utf8').replaceAll("'../src/", `'${ROOT}src/`));
    writeFileSync(join(root, 'labs', 'first-deployment', 'cases', 'bad-image', 'expected.json'), JSON.stringify({ score: 90, checks: { 'manifests-valid': 'pass' } }));
    const r = await inProcess(['lab', 'test', 'first-deployment', '--root', root]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✘ first-deployment cases/bad-image');
    expect(r.stdout).toContain('scored 40; expected 90');
    expect(r.stdout).toContain('expected.json has no status for check pods-ready (now fail)');
    expect(r.stdout).toMatch(/1 of 7 samples did not score as expected\.\n$/);
  });
});

describe('orchestra grade', () => {
  it('grades broken YAML as 0 for that check, naming file and line, in English and Korean', async () => {
    const en = await gradeJson('first-deployment', 'labs/first-deployment/cases/broken-yaml', 'en');
    expect(en.checks[0]).toMatchObject({ id: 'manifests-valid', points: 0, status: 'fail', locations: [{ file: 'web.yaml', line: 17, column: 1 }] });
    expect(en.checks[0]!.message).toBe('web.yaml:17:1: YAML syntax error: a tab is used for indentation (YAML allows spaces only)');
    const ko = await gradeJson('first-deployment', 'labs/first-deployment/cases/broken-yaml', 'ko');
    expect(ko.checks[0]!.message).toBe('web.yaml:17:1: YAML 구문 오류: 들여쓰기에 탭을 썼다 (YAML은 공백만 허용한다)');
  });

  it('prints a readable report by default, and Korean when LANG is Korean', async () => {
    const r = orchestra(['grade', 'first-deployment', 'labs/first-deployment/cases/replicas-one']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('`spec.replicas` is 1 at web.yaml:6:3; the lab asks for 3.');
    expect(r.stdout).toContain('Files not graded: expected.json\n');
    expect(r.stdout).toMatch(/Score: 50\/100\n$/);
    const ko = await inProcess(['grade', 'first-deployment', 'labs/first-deployment/solution'], { LANG: 'ko_KR.UTF-8' });
    expect(ko.stdout).toMatch(/점수: 100\/100\n$/);
  });

  it('records the grader hash and the time taken', async () => {
    const r = await gradeJson('first-deployment', 'labs/first-deployment/solution');
    const sha = spawnSync('sha256sum', [join(ROOT, 'graders', 'first-deployment.ts')], { encoding: 'utf8' }).stdout.split(' ')[0];
    expect(r.graderSha256).toBe(sha);
    expect(r.durationMs).toBeGreaterThan(0);
  });

  it('grades a single file and a .zip, and refuses a file that is not UTF-8 with the line and column', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'web.yaml'), Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
    expect((await gradeJson('first-deployment', dir)).checks[0]!.message).toBe('web.yaml:1:7: not a UTF-8 text file (if it was saved as EUC-KR/CP949 or Latin-1, save it again as UTF-8)');
    expect((await gradeJson('first-deployment', join(SOLUTION, 'web.yaml'))).score).toBe(100);
    writeFileSync(join(dir, 'alice.zip'), zipSync({ 'alice/web.yaml': strToU8(readFileSync(join(SOLUTION, 'web.yaml'), 'utf8')), 'alice/notes.txt': strToU8('hi') }));
    const zipped = await gradeJson('first-deployment', join(dir, 'alice.zip'));
    expect(zipped).toMatchObject({ score: 100, ignored: ['notes.txt'] });
  });

  it("refuses to grade a submission that carries lab or grader files of its own", async () => {
    const dir = temp();
    cpSync(SOLUTION, dir, { recursive: true });
    mkdirSync(join(dir, 'labs', 'first-deployment'), { recursive: true });
    writeFileSync(join(dir, 'labs', 'first-deployment', 'lab.yaml'), 'id: first-deployment\n');
    mkdirSync(join(dir, 'graders'));
    writeFileSync(join(dir, 'graders', 'first-deployment.ts'), 'export default { checks: [] }\n');
    const r = await gradeJson('first-deployment', dir);
    expect(r).toMatchObject({ status: 'error', score: 0 });
    expect(r.errors[0]).toBe("the submission contains lab or grader files (graders/first-deployment.ts, labs/first-deployment/lab.yaml), which could shadow the instructor's grader, so it was not graded: remove them and submit again.");
    // Folders that merely share a name are fine.
    const ok = temp();
    cpSync(SOLUTION, join(ok, 'labs', 'week1'), { recursive: true });
    expect((await gradeJson('first-deployment', ok)).score).toBe(100);
  });

  it('exits 1 below --fail-under and 0 at or above it', async () => {
    expect(orchestra(['grade', 'first-deployment', 'labs/first-deployment/cases/replicas-one', '--fail-under', '60']).code).toBe(1);
    expect((await inProcess(['grade', 'first-deployment', 'labs/first-deployment/cases/replicas-one', '--fail-under', '50'])).code).toBe(0);
    expect((await inProcess(['grade', 'first-deployment', 'labs/first-deployment/solution', '--fail-under', '100'])).code).toBe(0);
  });

  it('exits 2 with a helpful message on usage errors, in English and Korean', async () => {
    expect(orchestra(['grade', 'no-such-lab', '.'])).toMatchObject({ code: 2, stderr: "error: lab 'no-such-lab' not found. 'orchestra labs' lists them.\n" });
    expect(await inProcess(['grade', 'first-deployment', 'no/such/path'])).toMatchObject({ code: 2, stderr: 'error: submission not found: no/such/path\n' });
    const missing = await inProcess(['grade', 'first-deployment']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error: missing required argument 'path'");
    const ko = await inProcess(['grade', 'first-deployment', '--format', 'xml', '.'], { LANG: 'ko_KR.UTF-8' });
    expect(ko.code).toBe(2);
    expect(ko.stderr).toContain("오류: 옵션 '--format <format>'의 값 'xml'은(는) 쓸 수 없다");
    expect(ko.stderr).toContain('(자세한 내용은 --help)');
    expect(ko.stderr).not.toContain('error:');
    expect(await inProcess(['grade', 'first-deployment', SOLUTION, '--fail-under', 'lots'])).toMatchObject({ code: 2, stderr: "error: --fail-under must be a number from 0 to 100 (a percentage of the maximum): 'lots'\n" });
    expect(await inProcess(['grade-all', 'first-deployment', 'labs/first-deployment/cases', '--backend', 'kube'], { LANG: 'ko_KR.UTF-8' })).toMatchObject({ code: 2, stderr: expect.stringContaining('오류: grade-all은 시뮬레이터에서만 채점한다') });
    expect(await inProcess(['grade', 'first-deployment', SOLUTION, '--context', 'kind-orchestra'])).toMatchObject({ code: 2, stderr: 'error: --context and --kubeconfig go with --backend kube\n' });
    expect((await inProcess(['frobnicate'], { LANG: 'ko_KR.UTF-8' })).stderr).toContain("오류: 알 수 없는 명령 'frobnicate'");
  });

  it('prints every format a tool reads', async () => {
    const path = 'labs/first-deployment/cases/replicas-one';
    const outputs: Record<string, string> = {};
    for (const format of ['junit', 'gradescope', 'classroom', 'csv', 'markdown', 'annotations', 'html']) {
      const r = await inProcess(['grade', 'first-deployment', path, '--format', format]);
      expect(r.code, format).toBe(0);
      outputs[format] = r.stdout;
    }
    const out = (format: string): string => outputs[format]!;
    expect(XMLValidator.validate(out('junit'))).toBe(true);
    expect(JSON.parse(out('gradescope'))).toMatchObject({ score: 50, tests: expect.any(Array) });
    expect(JSON.parse(Buffer.from(out('classroom').trim(), 'base64').toString('utf8'))).toMatchObject({ version: 1, status: 'fail', max_score: 100 });
    expect(parseCsv(out('csv'), { columns: true })).toMatchObject([{ student_id: path, score: '50' }]);
    expect(out('markdown')).toContain(`**${path}**: Score **50/100**`);
    expect(out('annotations')).toContain(`::warning file=${path}/web.yaml,line=6,col=3,`);
    expect(out('html')).toContain('<!doctype html>');
  });

  it('writes every format into --out, the summary into $GITHUB_STEP_SUMMARY and the Classroom result into $GITHUB_OUTPUT', () => {
    const dir = temp();
    writeFileSync(join(dir, 'summary.md'), '# before\n');
    writeFileSync(join(dir, 'output'), 'other=1\n');
    const r = orchestra(['grade', 'first-deployment', 'labs/first-deployment/solution', '--out', join(dir, 'out')], { GITHUB_STEP_SUMMARY: join(dir, 'summary.md'), GITHUB_OUTPUT: join(dir, 'output') });
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['annotations.txt', 'classroom.txt', 'feedback', 'gradebook.csv', 'gradescope', 'junit.xml', 'results.json', 'summary.md']);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toMatch(/^# before\n## Grading results: first-deployment\n/);
    const output = readFileSync(join(dir, 'output'), 'utf8').split('\n');
    expect(output[0]).toBe('other=1');
    expect(JSON.parse(Buffer.from(output[1]!.replace(/^result=/, ''), 'base64').toString('utf8'))).toMatchObject({ version: 1, status: 'pass', max_score: 100 });
    expect(output[2]).toBe('points=100/100');
  });
});

describe('orchestra --help', () => {
  const commands = [['grade'], ['grade-all'], ['merge'], ['check'], ['labs'], ['lab', 'new'], ['lab', 'test'], ['export', 'gradescope'], ['sim', 'run']];

  it('describes every command in Korean when LANG is Korean, commander headings included', async () => {
    const top = await inProcess(['--help'], { LANG: 'ko_KR.UTF-8' });
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/^사용법: orchestra \[options\] \[command\]/);
    expect(top.stdout).toContain('명령:');
    expect(top.stdout).toContain('도움말을 보여 준다');
    for (const cmd of commands) {
      const r = await inProcess([...cmd, '--help'], { LANG: 'ko_KR.UTF-8' });
      expect(r.code, cmd.join(' ')).toBe(0);
      expect(r.stdout, cmd.join(' ')).toMatch(/^사용법: /);
      expect(r.stdout, cmd.join(' ')).toContain('옵션:');
      expect(r.stdout, cmd.join(' ')).not.toMatch(/Usage:|Options:|Arguments:|display help/);
    }
    expect((await inProcess(['grade', '--help'], { LANG: 'ko_KR.UTF-8' })).stdout).toContain('(선택: "text", "json"');
    expect((await inProcess(['grade', '--help', '--lang', 'ko'])).stdout).toMatch(/^사용법: /);
  });

  it('is in English otherwise', async () => {
    for (const cmd of commands) {
      const r = await inProcess([...cmd, '--help']);
      expect(r.stdout, cmd.join(' ')).toMatch(/^Usage: orchestra /);
      expect(r.stdout, cmd.join(' ')).not.toMatch(/[가-힣]/);
    }
    expect((await inProcess(['help', 'grade-all'])).stdout).toContain('--shard <index/count>');
    expect(orchestra(['--version']).stdout).toBe('0.1.0\n');
  });
});

describe('orchestra check', () => {
  it('finds the lab from the folder name and tells the student whether to submit', async () => {
    const dir = join(temp(), 'first-deployment');
    cpSync(join(ROOT, 'labs', 'first-deployment', 'cases', 'replicas-one'), dir, { recursive: true });
    const r = await inProcess(['check'], {}, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Score: 50/100');
    expect(r.stdout).toMatch(/3 check\(s\) do not pass yet\. Fix them with the hints above and run 'orchestra check' again\.\n$/);
  });

  it('finds the lab from .orchestra.yaml, and exits 1 below --fail-under', async () => {
    const dir = join(temp(), 'my-homework');
    cpSync(SOLUTION, dir, { recursive: true });
    writeFileSync(join(dir, '.orchestra.yaml'), 'lab: first-deployment\n');
    const r = await inProcess(['check', '--fail-under', '100'], { LANG: 'ko_KR.UTF-8' }, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/모든 검사를 통과했다\. 제출해도 좋다\.\n$/);
    writeFileSync(join(dir, 'web.yaml'), 'kind: [\n');
    expect((await inProcess(['check', '--fail-under', '100'], {}, dir)).code).toBe(1);
  });
});

describe('orchestra sim run', () => {
  it('runs a scenario file, as JSON or a short report, with a seed override', async () => {
    const json = await inProcess(['sim', 'run', 'examples/rolling-update/scenario.yaml', '--json', '--seed', '3']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ seed: 3, endTime: 270 });
    expect((await inProcess(['sim', 'run', 'examples/rolling-update/scenario.yaml'], { LANG: 'ko_KR.UTF-8' })).stdout).toMatch(/^시뮬레이션 270초 \(시드 7\)\n/);
    expect(await inProcess(['sim', 'run', 'no/such.yaml'])).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read the scenario file') });
    expect(await inProcess(['sim', 'run', 'examples/rolling-update/scenario.yaml', '--seed', '-1'])).toMatchObject({ code: 2 });
  });
});

describe('orchestra labs', () => {
  it('lists the labs as text and JSON', async () => {
    expect(orchestra(['labs']).stdout).toContain('first-deployment\tYour first Deployment and Service');
    expect(JSON.parse((await inProcess(['labs', '--format', 'json', '--lang', 'ko'])).stdout)).toContainEqual({ id: 'first-deployment', module: 1, title: '첫 디플로이먼트와 서비스', points: 100 });
  });
});

describe('orchestra lab new', () => {
  it('scaffolds a lab that passes its own lab test as generated', async () => {
    const root = temp();
    const made = await inProcess(['lab', 'new', 'scale-out', '--root', root, '--title', '스케일 아웃', '--module', '5']);
    expect(made.code).toBe(0);
    for (const f of ['labs/scale-out/lab.yaml', 'labs/scale-out/starter/app.yaml', 'labs/scale-out/solution/app.yaml', 'labs/scale-out/lesson-stub.mdx', 'graders/scale-out.ts']) {
      expect(existsSync(join(root, f)), f).toBe(true);
    }
    expect(readdirSync(join(root, 'labs', 'scale-out', 'cases'))).toHaveLength(4);
    const tested = await inProcess(['lab', 'test', 'scale-out', '--root', root]);
    expect(tested.stdout).toMatch(/all 5 samples scored as expected\.\n$/);
    expect(tested.code).toBe(0);
    expect(await inProcess(['lab', 'new', 'scale-out', '--root', root])).toMatchObject({ code: 2, stderr: expect.stringContaining('already exists') });
    expect((await inProcess(['lab', 'new', 'Bad_Id', '--root', root])).code).toBe(2);
  });
});

describe('orchestra export gradescope', () => {
  it('builds an autograder zip that grades a submission into results.json, with no solution inside', async () => {
    const dir = temp();
    const made = orchestra(['export', 'gradescope', 'first-deployment', '--out', join(dir, 'ag.zip'), '--lang', 'ko']);
    expect(made.code).toBe(0);
    const files = unzipSync(readFileSync(join(dir, 'ag.zip')));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['setup.sh', 'run_autograder', 'orchestra/package.json', 'orchestra/bin/orchestra.js', 'orchestra/labs/first-deployment/lab.yaml', 'orchestra/graders/first-deployment.ts']));
    expect(Object.keys(files).some((f) => f.includes('solution') || f.includes('cases/') || f.endsWith('.test.ts'))).toBe(false);
    const pkg = JSON.parse(Buffer.from(files['orchestra/package.json']!).toString('utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['commander', 'yaml', 'zod', 'fflate', 'fast-xml-parser', 'piscina']));
    expect(Object.keys(pkg.dependencies)).not.toContain('astro');
    // Unpack as Gradescope does, with the project's node_modules standing in for setup.sh's install.
    const ag = join(dir, 'autograder');
    for (const [name, bytes] of Object.entries(files)) {
      mkdirSync(join(ag, 'source', name, '..'), { recursive: true });
      writeFileSync(join(ag, 'source', name), bytes);
    }
    symlinkSync(join(ROOT, 'node_modules'), join(ag, 'source', 'orchestra', 'node_modules'));
    cpSync(join(ROOT, 'labs', 'first-deployment', 'cases', 'replicas-one', 'web.yaml'), join(ag, 'submission', 'web.yaml'), { recursive: true });
    chmodSync(join(ag, 'source', 'run_autograder'), 0o755);
    const run = spawnSync('bash', [join(ag, 'source', 'run_autograder')], { encoding: 'utf8', env: { ...process.env, AUTOGRADER_ROOT: ag, PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}` } });
    expect(run.status).toBe(0);
    const results = JSON.parse(readFileSync(join(ag, 'results', 'results.json'), 'utf8')) as { score: number; tests: { name: string }[] };
    expect(results.score).toBe(50);
    expect(results.tests[1]!.name).toBe('nginx 레플리카 3개를 선언한 디플로이먼트(Deployment)');
    // The same lab exports to the same bytes.
    await inProcess(['export', 'gradescope', 'first-deployment', '--out', join(dir, 'again.zip'), '--lang', 'ko']);
    expect(readFileSync(join(dir, 'again.zip')).equals(readFileSync(join(dir, 'ag.zip')))).toBe(true);
    expect(statSync(join(dir, 'ag.zip')).size).toBeLessThan(2_000_000);
  });
});

describe('orchestra grade-all and merge', () => {
  it('grades a small class with a roster into every report, and merges shards into the same reports', async () => {
    const dir = temp();
    const cls = join(dir, 'class');
    cpSync(SOLUTION, join(cls, 'hw1-alice'), { recursive: true });
    cpSync(join(ROOT, 'labs', 'first-deployment', 'cases', 'replicas-one'), join(cls, 'hw1-bob'), { recursive: true });
    writeFileSync(join(cls, 'hw1-carol.zip'), zipSync({ 'web.yaml': strToU8('kind: [\n') }));
    writeFileSync(join(dir, 'roster.csv'), 'identifier,github_username,name\n2026001,alice,Alice\n2026002,bob,Bob\n2026003,carol,Carol\n2026004,dave,Dave\n');
    // Run from the folder holding the class, as a workflow does from the repository root.
    const full = orchestra(['grade-all', 'first-deployment', 'class', '--roster', 'roster.csv', '--out', 'full', '--format', 'json'], {}, dir);
    expect(full.code).toBe(0);
    const run = JSON.parse(full.stdout) as ClassRun;
    expect(run.results.map((r) => [r.submission, r.score, r.status])).toEqual([
      ['2026001', 100, 'graded'],
      ['2026002', 50, 'graded'],
      ['2026003', 0, 'graded'],
      ['2026004', 0, 'error'],
    ]);
    expect(run.results[3]!.errors).toEqual(['no submission']);
    expect(run.sources).toEqual({ '2026001': 'class/hw1-alice', '2026002': 'class/hw1-bob' });
    expect(full.stderr).toMatch(/\[4\/4\] /);
    const gradebook = parseCsv(readFileSync(join(dir, 'full', 'gradebook.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(gradebook.map((r) => r.student_id)).toEqual(['2026001', '2026002', '2026003', '2026004']);
    expect(readFileSync(join(dir, 'full', 'annotations.txt'), 'utf8')).toContain('::warning file=class/hw1-bob/web.yaml,line=6,col=3,');
    for (const shard of ['1/2', '2/2']) {
      expect(orchestra(['grade-all', 'first-deployment', 'class', '--roster', 'roster.csv', '--out', shard.replace('/', 'of'), '--shard', shard, '--jobs', '1'], {}, dir).code).toBe(0);
    }
    const merged = orchestra(['merge', join(dir, '1of2'), join(dir, '2of2'), '--out', join(dir, 'merged')]);
    expect(merged.code).toBe(0);
    for (const f of ['gradebook.csv', 'summary.md', 'classroom.txt', 'annotations.txt']) {
      expect(readFileSync(join(dir, 'merged', f), 'utf8'), f).toBe(readFileSync(join(dir, 'full', f), 'utf8'));
    }
    expect(await inProcess(['merge', join(dir, '1of2'), '--out', join(dir, 'half')])).toMatchObject({ code: 2, stderr: 'error: results of shard 2/2 are missing\n' });
  });

  it('does not take its own --out folder inside the class folder for a student', async () => {
    const dir = temp();
    cpSync(SOLUTION, join(dir, 'alice'), { recursive: true });
    for (let i = 0; i < 2; i++) {
      const r = await inProcess(['grade-all', 'first-deployment', dir, '--out', join(dir, 'grades'), '--format', 'csv']);
      expect(r.code).toBe(0);
      expect(r.stdout.trim().split('\r\n').map((l) => l.split(',')[0])).toEqual(['student_id', 'alice']);
    }
  });

  it('refuses bad --shard values', async () => {
    expect(await inProcess(['grade-all', 'first-deployment', '.', '--shard', '3/2'])).toMatchObject({ code: 2, stderr: "error: --shard must be INDEX/COUNT with 1 ≤ INDEX ≤ COUNT (e.g. 2/4): '3/2'\n" });
  });
});
