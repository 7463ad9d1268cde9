/**
 * GitHub Actions files: the Markdown summary is appended to $GITHUB_STEP_SUMMARY, and the Classroom
 * `result` (and the points) to $GITHUB_OUTPUT as step outputs, when those variables are set.
 */
import { appendFileSync } from 'node:fs';
import { encodeClassroom, toClassroom } from '../grading/reporters/classroom.ts';
import { toMarkdown } from '../grading/reporters/markdown.ts';
import type { GradeResult } from '../grading/result.ts';
import type { Lang } from '../kube/text.ts';

export function publishToGitHub(results: readonly GradeResult[], lang: Lang, env: NodeJS.ProcessEnv): void {
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, toMarkdown(results, { lang }));
  if (env.GITHUB_OUTPUT) {
    const score = Math.round(results.reduce((n, r) => n + r.score, 0) * 100) / 100;
    const max = Math.round(results.reduce((n, r) => n + r.maxScore, 0) * 100) / 100;
    appendFileSync(env.GITHUB_OUTPUT, `result=${encodeClassroom(toClassroom(results))}\npoints=${score}/${max}\n`);
  }
}
