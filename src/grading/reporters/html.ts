/**
 * A feedback page for one submission: a standalone HTML file (no script, no external resource) with
 * the score, and each check's status, message, locations and hints, in the result's language.
 * Everything from the result is escaped.
 */
import { messages } from '../messages.ts';
import type { CheckStatus, GradeResult } from '../result.ts';
import { fmt, formatLocations } from './format.ts';

const MARK: Record<CheckStatus, string> = { pass: '✔', partial: '◐', fail: '✘', error: '!', skipped: '–' };
const COLOR: Record<CheckStatus, string> = { pass: '#1a7f37', partial: '#9a6700', fail: '#cf222e', error: '#8250df', skipped: '#6e7781' };

export function toHtml(result: GradeResult): string {
  const t = (x: { ko: string; en: string }): string => x[result.lang];
  const rows = result.checks
    .map((c) => {
      const details = [
        `<p>${code(c.message)}</p>`,
        ...formatLocations(c.locations).map((l) => `<p class="at">${esc(t(messages.at))} <code>${esc(l)}</code></p>`),
        ...c.hints.map((h) => `<p class="hint">💡 ${code(h)}</p>`),
      ].join('');
      return `<tr><td style="color:${COLOR[c.status]}" title="${esc(t(messages.statusName[c.status]))}">${MARK[c.status]}</td><td><strong>${esc(c.title)}</strong>${details}</td><td class="pts">${fmt(c.points)}/${fmt(c.maxPoints)}</td></tr>`;
    })
    .join('\n');
  const errors = result.errors.map((e) => `<p class="error">⚠️ ${esc(e)}</p>`).join('\n');
  const ignored = result.ignored.length ? `<details><summary>${esc(t(messages.ignored))} (${result.ignored.length})</summary><ul>${result.ignored.map((f) => `<li><code>${esc(f)}</code></li>`).join('')}</ul></details>` : '';
  return `<!doctype html>
<html lang="${result.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(result.lab)} · ${esc(result.submission)}</title>
<style>
body{font-family:system-ui,"Noto Sans KR","Noto Sans CJK KR",sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem;color:#1f2328}
table{border-collapse:collapse;width:100%}td{border-top:1px solid #d0d7de;padding:.5rem;vertical-align:top}
td:first-child{font-size:1.2rem;width:1.5rem}.pts{text-align:right;white-space:nowrap}p{margin:.3rem 0}
.at,.hint{color:#57606a}.error{color:#8250df}code{background:#f6f8fa;padding:0 .2rem;border-radius:3px}footer{color:#6e7781;font-size:.8rem;margin-top:2rem}
</style>
</head>
<body>
<h1>${esc(result.lab)}</h1>
<p>${esc(result.submission)} · ${esc(t(messages.score))} <strong>${fmt(result.score)}/${fmt(result.maxScore)}</strong></p>
${errors}
<table>
${rows}
</table>
${ignored}
<footer>Orchestra ${esc(result.orchestraVersion)} · ${esc(t(messages.graderHash))} <code>${esc(result.graderSha256 || '-')}</code> · seed ${result.seed}</footer>
</body>
</html>
`;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Escaped text with `code spans` shown as <code>. */
function code(s: string): string {
  return s
    .split(/`([^`]*)`/)
    .map((part, i) => (i % 2 === 1 ? `<code>${esc(part)}</code>` : esc(part)))
    .join('');
}
