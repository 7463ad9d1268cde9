/**
 * Gradescope's results.json (gradescope/autograder_samples, docs/specs.md): a test per check with
 * score, max_score, status ("passed" / "failed"), output (Markdown) and visibility, the total score,
 * execution_time in seconds, and a Markdown overview as `output`.
 */
import type { Lang } from '../../kube/text.ts';
import { messages } from '../messages.ts';
import type { GradeResult, Visibility } from '../result.ts';
import { fmt, formatLocations } from './format.ts';

export interface GradescopeTest {
  name: string;
  name_format: 'text';
  number: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  output_format: 'md';
  tags: string[];
  visibility: Visibility;
  extra_data: { id: string; status: string; locations: { file: string; line: number; column: number }[] };
}

export interface GradescopeResults {
  score: number;
  execution_time: number;
  output: string;
  output_format: 'md';
  test_output_format: 'md';
  test_name_format: 'text';
  visibility: 'visible';
  stdout_visibility: 'hidden';
  extra_data: { lab: string; status: GradeResult['status']; maxScore: number; graderSha256: string; orchestraVersion: string; seed: number; ignored: string[] };
  tests: GradescopeTest[];
}

export function toGradescope(result: GradeResult): GradescopeResults {
  const lang: Lang = result.lang;
  const t = (x: { ko: string; en: string }): string => x[lang];
  const overview = [
    `**${t(messages.score)}: ${fmt(result.score)}/${fmt(result.maxScore)}**`,
    ...result.errors.map((e) => `> ⚠️ ${e}`),
    ...(result.ignored.length > 0 ? [`${t(messages.ignored)}: ${result.ignored.slice(0, 20).map((f) => `\`${f}\``).join(', ')}${result.ignored.length > 20 ? ' …' : ''}`] : []),
  ].join('\n\n');
  return {
    score: result.score,
    execution_time: Math.max(0, Math.round(result.durationMs / 1000)),
    output: overview,
    output_format: 'md',
    test_output_format: 'md',
    test_name_format: 'text',
    visibility: 'visible',
    stdout_visibility: 'hidden',
    extra_data: { lab: result.lab, status: result.status, maxScore: result.maxScore, graderSha256: result.graderSha256, orchestraVersion: result.orchestraVersion, seed: result.seed, ignored: result.ignored },
    tests: result.checks.map((c, i) => ({
      name: c.title,
      name_format: 'text',
      number: String(i + 1),
      score: c.points,
      max_score: c.maxPoints,
      status: c.status === 'pass' ? 'passed' : 'failed',
      output: [
        c.message,
        ...formatLocations(c.locations).map((l) => `- ${t(messages.at)} \`${l}\``),
        ...(c.hints[0] ? [`💡 ${t(messages.hint)}: ${c.hints[0]}`] : []),
      ].join('\n\n'),
      output_format: 'md',
      tags: [c.id, c.status],
      visibility: c.visibility,
      extra_data: { id: c.id, status: c.status, locations: c.locations.map((l) => ({ file: l.file, line: l.line, column: l.column })) },
    })),
  };
}

export function toGradescopeJson(result: GradeResult): string {
  return `${JSON.stringify(toGradescope(result), null, 2)}\n`;
}
