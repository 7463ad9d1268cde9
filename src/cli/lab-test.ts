/**
 * `orchestra lab test`: a lab's own tests. Its solution must score full marks; each case under
 * cases/<name>/ must score what its expected.json says, check by check:
 *
 *   { "score": 50, "checks": { "manifests-valid": "pass", "deployment-spec": "partial", … } }
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckStatus, GradeResult } from '../grading/result.ts';
import { text, type Lang, type Text } from '../kube/text.ts';
import { gradePath, prepareLab } from './grade-path.ts';
import type { LabOnDisk } from './labs.ts';

export interface Expected {
  score: number;
  checks?: Record<string, CheckStatus>;
}

export interface SampleOutcome {
  lab: string;
  /** `solution` or `cases/<name>`. */
  sample: string;
  expected: Expected;
  score: number;
  maxScore: number;
  checks: Record<string, CheckStatus>;
  ok: boolean;
  /** What differs, in the chosen language. */
  problems: string[];
}

export async function testLab(lab: LabOnDisk, lang: Lang): Promise<SampleOutcome[]> {
  const prepared = await prepareLab(lab);
  const samples: { sample: string; dir: string; expected?: Expected; problem?: Text }[] = [{ sample: 'solution', dir: join(lab.dir, 'solution') }];
  const casesDir = join(lab.dir, 'cases');
  if (existsSync(casesDir)) {
    for (const name of readdirSync(casesDir).sort()) {
      const dir = join(casesDir, name);
      if (!statSync(dir).isDirectory()) continue;
      const file = join(dir, 'expected.json');
      try {
        samples.push({ sample: `cases/${name}`, dir, expected: JSON.parse(readFileSync(file, 'utf8')) as Expected });
      } catch (e) {
        samples.push({ sample: `cases/${name}`, dir, problem: text(`expected.json을 읽을 수 없다: ${(e as Error).message}`, `cannot read expected.json: ${(e as Error).message}`) });
      }
    }
  }
  const outcomes: SampleOutcome[] = [];
  for (const s of samples) {
    const result = await gradePath(prepared, s.dir, lang, `labs/${lab.lab.id}/${s.sample}`);
    const expected: Expected = s.expected ?? { score: result.maxScore };
    const problems = s.problem ? [s.problem[lang]] : compare(result, expected, s.sample === 'solution', lang);
    outcomes.push({
      lab: lab.lab.id,
      sample: s.sample,
      expected,
      score: result.score,
      maxScore: result.maxScore,
      checks: Object.fromEntries(result.checks.map((c) => [c.id, c.status])),
      ok: problems.length === 0,
      problems,
    });
  }
  return outcomes;
}

function compare(result: GradeResult, expected: Expected, isSolution: boolean, lang: Lang): string[] {
  const problems: Text[] = [];
  if (result.status !== 'graded') problems.push(text(`채점되지 않았다: ${result.errors.join('; ')}`, `not graded: ${result.errors.join('; ')}`));
  if (isSolution && result.score !== result.maxScore) {
    problems.push(text(`모범 답안이 만점이 아니다: ${result.score}/${result.maxScore}`, `the solution does not score full marks: ${result.score}/${result.maxScore}`));
  }
  if (!isSolution && result.score !== expected.score) problems.push(text(`점수가 ${result.score}이다; 기대한 점수는 ${expected.score}`, `scored ${result.score}; expected ${expected.score}`));
  for (const [id, status] of Object.entries(expected.checks ?? {})) {
    const got = result.checks.find((c) => c.id === id);
    if (!got) problems.push(text(`검사 ${id}이(가) 채점기에 없다`, `check ${id} is not in the grader`));
    else if (got.status !== status) problems.push(text(`검사 ${id}: ${got.status} (기대: ${status}) — ${got.message}`, `check ${id}: ${got.status} (expected ${status}) — ${got.message}`));
  }
  if (expected.checks) {
    for (const c of result.checks) {
      if (!(c.id in expected.checks)) problems.push(text(`expected.json에 검사 ${c.id}의 상태가 없다 (지금: ${c.status})`, `expected.json has no status for check ${c.id} (now ${c.status})`));
    }
  }
  return problems.map((p) => p[lang]);
}
