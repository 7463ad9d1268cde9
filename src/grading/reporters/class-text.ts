/** A class run for a terminal: one line per submission, then the class average. */
import type { Lang } from '../../kube/text.ts';
import { messages } from '../messages.ts';
import type { GradeResult } from '../result.ts';
import { bySubmission, fmt } from './format.ts';

export function toClassText(results: readonly GradeResult[], lang: Lang): string {
  const sorted = bySubmission(results);
  const width = Math.min(40, Math.max(8, ...sorted.map((r) => r.submission.length)));
  const lines = sorted.map((r) => {
    const failing = r.checks.filter((c) => c.status !== 'pass').map((c) => c.id);
    const note = r.status === 'error' ? `! ${r.errors[0] ?? ''}` : failing.join(' ');
    return `${r.submission.padEnd(width)}  ${`${fmt(r.score)}/${fmt(r.maxScore)}`.padStart(9)}  ${note}`.trimEnd();
  });
  const mean = sorted.length ? sorted.reduce((n, r) => n + r.score, 0) / sorted.length : 0;
  lines.push(`${messages.submissions[lang]}: ${sorted.length} · ${messages.average[lang]}: ${fmt(mean)} · ${messages.errors[lang]}: ${sorted.filter((r) => r.status === 'error').length}`);
  return `${lines.join('\n')}\n`;
}
