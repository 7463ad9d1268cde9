import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return name === 'apiserver' ? [] : tsFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [full] : [];
  });
}

const CORE = ['src/sim', 'src/kube', 'src/grading'].flatMap((d) => tsFiles(join(ROOT, d)));
const FORBIDDEN = [
  /from ['"]node:/,
  /from ['"](fs|path|os|child_process|worker_threads|http|https|net|url|crypto)['"]/,
  /\brequire\(/,
  /Date\.now\(/,
  /new Date\(\)/,
  /setTimeout\(|setInterval\(/,
  /Math\.random\(/,
  /performance\.now\(/,
  /\bprocess\./,
];

/** Arrows point down: cli → grading → backends → sim → kube. */
const LAYERS = ['kube', 'sim', 'backends', 'grading', 'cli'];

describe('house rules', () => {
  it('finds the core modules', () => {
    expect(CORE.length).toBeGreaterThan(20);
  });

  it.each(CORE.map((f) => [relative(ROOT, f), f]))('%s is browser-safe and deterministic', (_name, file) => {
    const source = readFileSync(file, 'utf8');
    for (const rule of FORBIDDEN) expect(source, `${rule}`).not.toMatch(rule);
  });

  it('no module imports from a layer above it', () => {
    const offenders: string[] = [];
    for (const layer of LAYERS) {
      const level = LAYERS.indexOf(layer);
      for (const file of tsFiles(join(ROOT, 'src', layer))) {
        for (const m of readFileSync(file, 'utf8').matchAll(/from ['"](\.\.?\/[^'"]+)['"]/g)) {
          const target = relative(join(ROOT, 'src'), join(file, '..', m[1]!)).split('/')[0]!;
          const targetLevel = LAYERS.indexOf(target);
          if (targetLevel > level) offenders.push(`${relative(ROOT, file)} → ${m[1]}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
