/**
 * The result of a submission that could not be graded at all (it shadows the grader, its grading
 * crashed or ran out of time, the roster lists a student who submitted nothing): status `error`,
 * score 0, and every check listed as an error with the reason, so gradebooks keep their columns.
 */
import type { Lang, Text } from '../kube/text.ts';
import type { Grader } from './grader.ts';
import type { Lab } from './lab.ts';
import { SCHEMA_VERSION, type GradeResult } from './result.ts';
import { ORCHESTRA_VERSION } from './version.ts';

export function errorResult(options: { lab: Lab; grader: Grader; submission: string; lang: Lang; why: Text; graderSha256?: string; durationMs?: number }): GradeResult {
  const { lab, grader, lang, why } = options;
  return {
    schemaVersion: SCHEMA_VERSION,
    lab: lab.id,
    submission: options.submission,
    backend: 'sim',
    lang,
    score: 0,
    maxScore: Math.round(grader.checks.reduce((n, c) => n + c.points, 0) * 100) / 100,
    status: 'error',
    checks: grader.checks.map((c) => ({
      id: c.id,
      title: c.title[lang],
      points: 0,
      maxPoints: c.points,
      status: 'error' as const,
      message: why[lang],
      hints: [],
      locations: [],
      visibility: c.visibility ?? 'visible',
    })),
    errors: [why[lang]],
    ignored: [],
    seed: lab.seed,
    durationMs: Math.round((options.durationMs ?? 0) * 100) / 100,
    graderSha256: options.graderSha256 ?? '',
    orchestraVersion: ORCHESTRA_VERSION,
  };
}
