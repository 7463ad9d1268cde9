/** Small helpers the reporters share: numbers as people read them, and text safe for each format. */
import { formatPosition, type SourcePosition } from '../../kube/position.ts';

/** 20 → "20", 16.67 → "16.67". */
export function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

/** Characters XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE/U+FFFF), removed. */
export function xmlSafe(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export function formatLocations(locations: readonly SourcePosition[], max = 5): string[] {
  const shown = locations.slice(0, max).map(formatPosition);
  return locations.length > max ? [...shown, `… (+${locations.length - max})`] : shown;
}

/** Results in the order every class report uses: by submission name, code unit by code unit (no locale). */
export function bySubmission<T extends { submission: string }>(results: readonly T[]): T[] {
  return [...results].sort((a, b) => (a.submission < b.submission ? -1 : a.submission > b.submission ? 1 : 0));
}

/** Check ids and titles across results, in the grader's order (the first result that has each). */
export function checkColumns(results: readonly { checks: readonly { id: string; title: string; maxPoints: number }[] }[]): { id: string; title: string; maxPoints: number }[] {
  const seen = new Map<string, { id: string; title: string; maxPoints: number }>();
  for (const r of results) for (const c of r.checks) if (!seen.has(c.id)) seen.set(c.id, { id: c.id, title: c.title, maxPoints: c.maxPoints });
  return [...seen.values()];
}
