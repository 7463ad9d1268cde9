/**
 * The gradebook as CSV: one row per submission with student_id, lab, score, max_score, a column of
 * points per check (headed by the check id) and the grading status, for import into Canvas, Moodle
 * or a spreadsheet. Written by csv-stringify (RFC 4180 quoting, CRLF line ends). A value a student
 * controls that a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with a quote.
 */
import { stringify } from 'csv-stringify/browser/esm/sync';
import type { GradeResult } from '../result.ts';
import { bySubmission, checkColumns } from './format.ts';

export function toGradebookCsv(results: readonly GradeResult[]): string {
  const sorted = bySubmission(results);
  const columns = checkColumns(sorted);
  const header = ['student_id', 'lab', 'score', 'max_score', ...columns.map((c) => c.id), 'status'];
  const rows = sorted.map((r) => [
    noFormula(r.submission),
    r.lab,
    r.score,
    r.maxScore,
    ...columns.map((col) => r.checks.find((c) => c.id === col.id)?.points ?? ''),
    r.status,
  ]);
  return stringify([header, ...rows], { record_delimiter: 'windows', cast: { number: (n) => String(n) } });
}

/** OWASP's advice against CSV injection: text starting with a formula character gets a leading quote. */
function noFormula(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}
