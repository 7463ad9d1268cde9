/** Parsing of the options several commands share (--fail-under, --shard, --jobs, --timeout), with bilingual errors. */
import type { Shard } from '../grading/class-run.ts';
import { text } from '../kube/text.ts';
import { UsageError } from './usage-error.ts';

export function parseFailUnder(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 100) {
    throw new UsageError(text(`--fail-under는 0에서 100 사이의 수(만점 대비 %)여야 한다: '${value}'`, `--fail-under must be a number from 0 to 100 (a percentage of the maximum): '${value}'`));
  }
  return n;
}

/** Whether a score is below N% of its maximum. */
export function belowThreshold(score: number, maxScore: number, percent: number | undefined): boolean {
  if (percent === undefined) return false;
  return maxScore > 0 ? (score / maxScore) * 100 < percent - 1e-9 : percent > 0;
}

export function parseShard(value: string | undefined): Shard | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index >= 1) || index > count) {
    throw new UsageError(text(`--shard는 INDEX/COUNT 꼴이어야 한다 (1 ≤ INDEX ≤ COUNT, 예: 2/4): '${value}'`, `--shard must be INDEX/COUNT with 1 ≤ INDEX ≤ COUNT (e.g. 2/4): '${value}'`));
  }
  return { index, count };
}

export function parsePositiveInt(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(text(`${option}는 1 이상의 정수여야 한다: '${value}'`, `${option} must be a whole number of at least 1: '${value}'`));
  return n;
}
