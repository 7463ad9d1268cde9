/**
 * Build-time access to a lab for the site: its metadata and its starter files. It reads only
 * `lab.yaml` and `starter/`; the solution and the cases are never read here, so they cannot reach
 * the built site.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseLab, type Lab } from '../grading/lab.ts';

// The build runs from the project root (bundling moves this module, so import.meta.url cannot be used).
const LABS_DIR = join(process.cwd(), 'labs');

export interface StarterFile {
  path: string;
  text: string;
}

export function readLab(id: string): { lab: Lab; starter: StarterFile[] } {
  const dir = join(LABS_DIR, id);
  const file = join(dir, 'lab.yaml');
  const lab = parseLab(file, readFileSync(file, 'utf8'));
  const starterDir = join(dir, 'starter');
  const starter: StarterFile[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else starter.push({ path: relative(starterDir, full).split(sep).join('/'), text: readFileSync(full, 'utf8') });
    }
  };
  walk(starterDir);
  return { lab, starter };
}

export function labIds(): string[] {
  return readdirSync(LABS_DIR).filter((d) => statSync(join(LABS_DIR, d)).isDirectory());
}
