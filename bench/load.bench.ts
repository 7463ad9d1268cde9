/**
 * Loading big manifests: what a hostile or careless 1 MB file (the submission limit, limits.ts
 * maxFileBytes) costs loadManifests, the first step of every grade in the browser, the CLI and CI.
 * Each shape is one that a quadratic step of YAML loading made slow: one mapping of 60,000 distinct
 * keys (the `yaml` package's duplicate-key check), the same key 80,000 times, 29,000 anchors each
 * used once (its alias lookup), and a 55,000-entry !!omap (its key check). Median of 3 loads, in ms.
 */
import { loadManifests } from '../src/kube/load.ts';
import type { BenchResult } from './run.ts';

const MIB = 1024 * 1024;
const HEAD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n';
const pad = (i: number): string => String(i).padStart(5, '0');

/** The ConfigMap head, then `under`, then lines from `line` while the file stays within `bytes` (and `count` lines). */
function file(under: string, line: (i: number) => string, bytes: number, count = Infinity): string {
  let text = `${HEAD}${under}\n`;
  for (let i = 0; i < count; i++) {
    const next = `${line(i)}\n`;
    if (text.length + next.length > bytes) break;
    text += next;
  }
  return text;
}

const SHAPES: { name: string; text: string }[] = [
  { name: 'distinct-keys-60000', text: file('data:', (i) => `  k${pad(i)}: v${pad(i)}`, MIB, 60_000) },
  { name: 'duplicate-key-1mib', text: file('data:', (i) => `  k: v${pad(i)}`, MIB) },
  { name: 'anchors-used-once-1mib', text: file('data:', (i) => `  a${pad(i)}: &a${pad(i)} v\n  b${pad(i)}: *a${pad(i)}`, MIB) },
  { name: 'omap-1mib', text: file('data: !!omap', (i) => `  - k${pad(i)}: v`, MIB) },
];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(): Promise<BenchResult[]> {
  return SHAPES.map(({ name, text }) => {
    const times: number[] = [];
    let problems = 0;
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      problems = loadManifests('big.yaml', text).problems.length;
      times.push(performance.now() - start);
    }
    return { name: `load/${name}`, value: Math.round(median(times)), unit: 'ms', extra: { bytes: text.length, problems } };
  });
}
