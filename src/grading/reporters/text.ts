/** A GradeResult for a terminal: one line per check, its message, locations and first hint. */
import { formatPosition } from '../../kube/position.ts';
import { messages } from '../messages.ts';
import type { CheckStatus, GradeResult } from '../result.ts';
import { fmt } from './format.ts';

const MARK: Record<CheckStatus, string> = { pass: '✔', partial: '◐', fail: '✘', error: '!', skipped: '-' };
const COLOR: Record<CheckStatus, string> = { pass: '32', partial: '33', fail: '31', error: '35', skipped: '90' };

export interface TextOptions {
  color?: boolean;
  /** Leave out the message, locations and hints of checks that are not `visible` (a student's self-check). */
  hideHidden?: boolean;
}

export function toText(result: GradeResult, options: TextOptions = {}): string {
  const paint = (code: string, s: string): string => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lang = result.lang;
  const lines: string[] = [`${result.lab} · ${result.submission} (${result.backend})`];
  for (const e of result.errors) lines.push(paint('35', `! ${e}`));
  for (const c of result.checks) {
    const pts = `${fmt(c.points)}/${fmt(c.maxPoints)}`.padStart(9);
    lines.push(`${paint(COLOR[c.status], MARK[c.status])} ${pts}  ${c.title}`);
    if (options.hideHidden && c.visibility !== 'visible') {
      lines.push(`             ${messages.hiddenCheck[lang]}`);
      continue;
    }
    if (c.message && !(result.status === 'error' && result.errors.includes(c.message))) lines.push(`             ${c.message}`);
    for (const loc of c.locations.slice(0, 5)) lines.push(`             ${messages.at[lang]} ${formatPosition(loc)}`);
    if (c.hints[0]) lines.push(`             ${messages.hint[lang]}: ${c.hints[0]}`);
  }
  if (result.ignored.length > 0) {
    const shown = result.ignored.slice(0, 10).join(', ');
    lines.push(paint('90', `${messages.ignored[lang]}: ${shown}${result.ignored.length > 10 ? ` … (+${result.ignored.length - 10})` : ''}`));
  }
  lines.push(`${messages.score[lang]}: ${fmt(result.score)}/${fmt(result.maxScore)}`);
  return `${lines.join('\n')}\n`;
}
