/**
 * GitHub Actions workflow commands that annotate the student's files in a run or pull request:
 * `::error file=web.yaml,line=6,col=3,title=…::message` for a failed or broken check (`::warning`
 * for partial credit), one per location, and a closing `::notice` with the score. Escaping follows
 * @actions/core (toolkit packages/core/src/command.ts): data escapes %, CR and LF; properties also
 * escape ':' and ','.
 */
import type { GradeResult } from '../result.ts';
import { bySubmission, fmt } from './format.ts';

export interface AnnotationOptions {
  /** Prefix of file paths, from the repository root to the submission folder (e.g. "submissions/alice"). */
  pathPrefix?: (result: GradeResult) => string;
  /** Most annotations per submission (GitHub shows 10 errors and 10 warnings per step anyway). */
  maxPerSubmission?: number;
}

export function toAnnotations(results: readonly GradeResult[], options: AnnotationOptions = {}): string {
  const lines: string[] = [];
  const max = options.maxPerSubmission ?? 50;
  for (const r of bySubmission(results)) {
    const prefix = options.pathPrefix?.(r) ?? '';
    const mine: string[] = [];
    for (const e of r.errors) mine.push(command('error', { title: `${r.lab}: ${r.submission}` }, e));
    for (const c of r.checks) {
      if (c.status === 'pass' || c.status === 'skipped') continue;
      const level = c.status === 'partial' ? 'warning' : 'error';
      const title = `${c.title} (${fmt(c.points)}/${fmt(c.maxPoints)})`;
      if (c.locations.length === 0) mine.push(command(level, { title }, c.message));
      for (const at of c.locations.slice(0, 5)) {
        mine.push(command(level, { file: joinPath(prefix, at.file), line: String(at.line), col: String(at.column), title }, c.message));
      }
    }
    lines.push(...mine.slice(0, max));
    lines.push(command('notice', { title: `Orchestra ${r.lab}` }, `${r.submission}: ${fmt(r.score)}/${fmt(r.maxScore)}`));
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function command(name: string, properties: Record<string, string>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function joinPath(prefix: string, file: string): string {
  if (!prefix || prefix === '.') return file;
  return `${prefix.replace(/\/+$/, '')}/${file}`;
}
