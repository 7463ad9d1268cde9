/**
 * A Markdown summary (GitHub-flavoured, for $GITHUB_STEP_SUMMARY, a pull request or an LMS):
 * class statistics, each check's pass rate, one row per submission; for a single submission, each
 * check's message, locations and first hint. Tables are drawn by markdown-table; every cell a
 * student can influence is escaped, so a folder named `a|<b>` cannot break or inject markup.
 */
import { markdownTable } from 'markdown-table';
import type { Lang } from '../../kube/text.ts';
import { messages } from '../messages.ts';
import type { CheckStatus, GradeResult } from '../result.ts';
import { bySubmission, checkColumns, fmt, formatLocations } from './format.ts';

const MARK: Record<CheckStatus, string> = { pass: '✅', partial: '🟡', fail: '❌', error: '⚠️', skipped: '➖' };

export function toMarkdown(results: readonly GradeResult[], options: { lang?: Lang } = {}): string {
  const sorted = bySubmission(results);
  const lang = options.lang ?? sorted[0]?.lang ?? 'en';
  const t = (x: { ko: string; en: string }): string => x[lang];
  const labs = [...new Set(sorted.map((r) => r.lab))].join(', ');
  const out: string[] = [`## ${cell(t(messages.summaryTitle(labs)))}`, ''];
  if (sorted.length === 0) return `${out.join('\n')}\n`;
  const scores = sorted.map((r) => r.score);
  const maxScore = Math.max(...sorted.map((r) => r.maxScore));
  const full = sorted.filter((r) => r.status === 'graded' && r.score >= r.maxScore).length;
  const errors = sorted.filter((r) => r.status === 'error').length;
  out.push(
    markdownTable(
      [
        [t(messages.submissions), t(messages.average), t(messages.median), t(messages.fullMarks), t(messages.errors)],
        [String(sorted.length), `${fmt(mean(scores))}/${fmt(maxScore)}`, `${fmt(median(scores))}/${fmt(maxScore)}`, String(full), String(errors)],
      ],
      { alignDelimiters: false, align: ['r', 'r', 'r', 'r', 'r'] },
    ),
    '',
  );
  const columns = checkColumns(sorted);
  if (sorted.length === 1) {
    out.push(...detail(sorted[0]!, lang));
  } else {
    out.push(
      markdownTable(
        [
          [t(messages.check), `${t(messages.passRate)}`, t(messages.average)],
          ...columns.map((col) => {
            const of = sorted.map((r) => r.checks.find((c) => c.id === col.id)).filter((c) => c !== undefined);
            const passed = of.filter((c) => c.status === 'pass').length;
            return [
              `\`${col.id}\` ${cell(col.title)}`,
              `${passed}/${of.length} (${of.length ? Math.round((passed / of.length) * 100) : 0}%)`,
              `${fmt(mean(of.map((c) => c.points)))}/${fmt(col.maxPoints)}`,
            ];
          }),
        ],
        { alignDelimiters: false, align: ['l', 'r', 'r'] },
      ),
      '',
      markdownTable(
        [
          [t(messages.student), t(messages.score), ...columns.map((c) => `\`${c.id}\``)],
          ...sorted.map((r) => [
            cell(r.submission),
            `${r.status === 'error' ? `${MARK.error} ` : ''}${fmt(r.score)}/${fmt(r.maxScore)}`,
            ...columns.map((col) => {
              const c = r.checks.find((x) => x.id === col.id);
              return c ? `${MARK[c.status]} ${fmt(c.points)}` : '';
            }),
          ]),
        ],
        { alignDelimiters: false, align: ['l', 'r', ...columns.map(() => 'r' as const)] },
      ),
      '',
    );
  }
  const hashes = [...new Set(sorted.map((r) => r.graderSha256).filter(Boolean))];
  out.push(`<sub>Orchestra ${cell(sorted[0]!.orchestraVersion)} · ${t(messages.graderHash)} ${hashes.map((h) => `\`${h.slice(0, 12)}\``).join(', ') || '-'} · seed ${sorted[0]!.seed}</sub>`, '');
  return `${out.join('\n')}\n`;
}

function detail(r: GradeResult, lang: Lang): string[] {
  const t = (x: { ko: string; en: string }): string => x[lang];
  const rows = r.checks.map((c) => {
    const parts = [cell(c.message)];
    const at = formatLocations(c.locations);
    if (at.length > 0) parts.push(`${t(messages.at)} ${at.map((l) => `\`${cell(l)}\``).join(', ')}`);
    if (c.hints[0]) parts.push(`💡 ${cell(c.hints[0])}`);
    return [`${MARK[c.status]} ${cell(c.title)}`, `${fmt(c.points)}/${fmt(c.maxPoints)}`, parts.join('<br>')];
  });
  const out = [
    `**${cell(r.submission)}**: ${t(messages.score)} **${fmt(r.score)}/${fmt(r.maxScore)}**`,
    '',
    markdownTable([[t(messages.check), t(messages.score), ''], ...rows], { alignDelimiters: false, align: ['l', 'r', 'l'] }),
    '',
  ];
  for (const e of r.errors) out.push(`> ⚠️ ${cell(e)}`, '');
  if (r.ignored.length > 0) out.push(`<details><summary>${t(messages.ignored)} (${r.ignored.length})</summary>\n\n${r.ignored.slice(0, 50).map((f) => `- \`${cell(f)}\``).join('\n')}\n\n</details>`, '');
  return out;
}

/** Text safe in a table cell: pipes escaped, newlines flattened, HTML escaped outside `code spans`. */
function cell(s: string): string {
  return s
    .replace(/\r?\n/g, ' ')
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('')
    .replace(/\|/g, '\\|');
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
