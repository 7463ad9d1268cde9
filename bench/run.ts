/**
 * `npm run bench`: runs every bench/*.bench.ts in turn (or those named on the command line). Each
 * benchmark module exports `run(): Promise<BenchResult[]>`; results are printed as JSON lines, one
 * per measurement, so CI and people can both read them.
 */
import { readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export interface BenchResult {
  /** e.g. "rolling-update-10/orchestra" */
  name: string;
  /** The measured value. */
  value: number;
  unit: 'ms' | 's' | 'pods/s' | 'sim-s/s' | 'bytes' | 'ratio' | 'count';
  /** Anything else worth keeping next to the figure (goal, peer value, bounds held …). */
  extra?: Record<string, unknown>;
}

const dir = new URL('./', import.meta.url);
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();
for (const file of files) {
  const mod = (await import(pathToFileURL(new URL(file, dir).pathname).href)) as { run(): Promise<BenchResult[]> };
  for (const result of await mod.run()) process.stdout.write(`${JSON.stringify({ bench: file.replace(/\.bench\.ts$/, ''), ...result })}\n`);
}
