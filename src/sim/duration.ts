/** Durations as scenario files and graders write them: `500ms`, `30s`, `5m`, `1h`, `1m30s`, or a number of seconds. */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`invalid duration: ${value}`);
    return Math.round(value * 1000);
  }
  const s = value.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(s)) throw new RangeError(`invalid duration: "${value}" (use e.g. 500ms, 30s, 5m, 1h)`);
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(m[1]) * UNIT_MS[m[2]!]!;
  return Math.round(total);
}
