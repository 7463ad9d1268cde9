/**
 * JUnit XML: a <testsuite> per submission, a <testcase> per check. Partial credit and failures are
 * <failure> (type "partial" or "fail"), a check that could not run is <error>, a skipped one <skipped/>.
 * Scores travel as <properties>. Built with fast-xml-parser's XMLBuilder, which escapes text and
 * attributes; characters XML cannot carry are replaced.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { CheckResult, GradeResult } from '../result.ts';
import { bySubmission, fmt, formatLocations, xmlSafe } from './format.ts';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ', suppressEmptyNode: true });

export function toJUnit(results: readonly GradeResult[]): string {
  const sorted = bySubmission(results);
  const count = (r: GradeResult, ...statuses: CheckResult['status'][]): number => r.checks.filter((c) => statuses.includes(c.status)).length;
  const suites = sorted.map((r) => ({
    '@_name': xmlSafe(r.submission),
    '@_tests': r.checks.length,
    '@_failures': count(r, 'fail', 'partial'),
    '@_errors': count(r, 'error'),
    '@_skipped': count(r, 'skipped'),
    '@_time': seconds(r.durationMs),
    properties: {
      property: [
        { '@_name': 'lab', '@_value': r.lab },
        { '@_name': 'score', '@_value': fmt(r.score) },
        { '@_name': 'maxScore', '@_value': fmt(r.maxScore) },
        { '@_name': 'status', '@_value': r.status },
        { '@_name': 'backend', '@_value': r.backend },
        { '@_name': 'seed', '@_value': String(r.seed) },
        { '@_name': 'graderSha256', '@_value': r.graderSha256 },
        { '@_name': 'orchestraVersion', '@_value': r.orchestraVersion },
      ],
    },
    testcase: r.checks.map((c) => testcase(r, c)),
    ...(r.errors.length > 0 ? { 'system-err': xmlSafe(r.errors.join('\n')) } : {}),
  }));
  const all = (f: (r: GradeResult) => number): number => sorted.reduce((n, r) => n + f(r), 0);
  const doc = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      '@_name': `orchestra ${[...new Set(sorted.map((r) => r.lab))].join(' ')}`.trim(),
      '@_tests': all((r) => r.checks.length),
      '@_failures': all((r) => count(r, 'fail', 'partial')),
      '@_errors': all((r) => count(r, 'error')),
      '@_skipped': all((r) => count(r, 'skipped')),
      '@_time': seconds(all((r) => r.durationMs)),
      testsuite: suites,
    },
  };
  return builder.build(doc) as string;
}

function testcase(r: GradeResult, c: CheckResult): Record<string, unknown> {
  const base = {
    '@_name': xmlSafe(`${c.id}: ${c.title}`),
    '@_classname': xmlSafe(`${r.lab}.${r.submission}`),
    '@_assertions': 1,
  };
  const detail = xmlSafe(
    [c.message, ...formatLocations(c.locations).map((l) => `at ${l}`), ...c.hints.map((h) => `hint: ${h}`), `points: ${fmt(c.points)}/${fmt(c.maxPoints)}`].join('\n'),
  );
  const message = xmlSafe(`${fmt(c.points)}/${fmt(c.maxPoints)}: ${c.message}`);
  switch (c.status) {
    case 'pass':
      return base;
    case 'partial':
    case 'fail':
      return { ...base, failure: { '@_message': message, '@_type': c.status, '#text': detail } };
    case 'error':
      return { ...base, error: { '@_message': message, '@_type': 'error', '#text': detail } };
    case 'skipped':
      return { ...base, skipped: { '@_message': xmlSafe(c.message) } };
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
