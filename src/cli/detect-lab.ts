/**
 * Which lab a student's folder is for (`orchestra check`): a `.orchestra.yaml` (hidden, so never graded) with `lab: <id>` in the
 * folder or one of its parents, else a lab whose id the folder's name starts with, else the only lab.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseYamlValue } from '../kube/yaml-value.ts';
import { text } from '../kube/text.ts';
import { findLab, listLabs, type LabOnDisk } from './labs.ts';
import { UsageError } from './usage-error.ts';

export const MARKER_FILE = '.orchestra.yaml';

export function detectLab(folder: string): LabOnDisk {
  let dir = resolve(folder);
  for (let i = 0; i < 4; i++) {
    const marker = join(dir, MARKER_FILE);
    if (existsSync(marker)) {
      let id: unknown;
      try {
        id = (parseYamlValue(readFileSync(marker, 'utf8')) as { lab?: unknown } | null)?.lab;
      } catch {
        id = undefined;
      }
      if (typeof id !== 'string' || !/^[a-z0-9-]+$/.test(id)) {
        throw new UsageError(text(`${marker}에 'lab: <실습 id>'가 없다`, `${marker} has no 'lab: <lab id>'`));
      }
      return findLab(id, dir);
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const labs = listLabs();
  const name = basename(resolve(folder));
  const byName = labs.filter((l) => name === l.lab.id || name.startsWith(`${l.lab.id}-`)).sort((a, b) => b.lab.id.length - a.lab.id.length)[0];
  if (byName) return byName;
  if (labs.length === 1) return labs[0]!;
  throw new UsageError(
    text(
      `이 폴더가 어느 실습인지 모르겠다: --lab <id>를 붙이거나 ${MARKER_FILE}에 'lab: <id>'를 쓰자. 실습: ${labs.map((l) => l.lab.id).join(', ')}`,
      `cannot tell which lab this folder is for: pass --lab <id>, or write 'lab: <id>' in ${MARKER_FILE}. Labs: ${labs.map((l) => l.lab.id).join(', ')}`,
    ),
  );
}
