/** Finding labs on disk: `labs/<id>/lab.yaml` and its grader `graders/<id>.ts`. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Grader } from '../grading/grader.ts';
import { parseLab, type Lab } from '../grading/lab.ts';
import { text } from '../kube/text.ts';
import { UsageError } from './usage-error.ts';

/** The Orchestra checkout this CLI belongs to. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface LabOnDisk {
  lab: Lab;
  dir: string;
  graderPath: string;
}

/**
 * A lab by the path of its folder, or by id: under `root`/labs when given, then the project's own
 * labs, then ./labs. The project's labs come before the working folder's on purpose: in CI the
 * working folder is the student's, and a lab of the same id there must not replace the instructor's.
 */
export function findLab(idOrDir: string, cwd = process.cwd(), root?: string): LabOnDisk {
  const isPath = /[\\/]/.test(idOrDir) || idOrDir.startsWith('.');
  const candidates = isPath
    ? [resolve(cwd, idOrDir)]
    : [...(root ? [join(resolve(cwd, root), 'labs', idOrDir)] : []), join(PROJECT_ROOT, 'labs', idOrDir), join(cwd, 'labs', idOrDir)];
  const dir = candidates.find((d) => existsSync(join(d, 'lab.yaml')));
  if (!dir) {
    throw new UsageError(
      text(`실습 '${idOrDir}'을(를) 찾을 수 없다. 'orchestra labs'로 목록을 보자.`, `lab '${idOrDir}' not found. 'orchestra labs' lists them.`),
    );
  }
  const file = join(dir, 'lab.yaml');
  const lab = parseLab(file, readFileSync(file, 'utf8'));
  const graderPath = join(dir, '..', '..', 'graders', `${lab.id}.ts`);
  if (!existsSync(graderPath)) throw new UsageError(text(`채점기 파일이 없다: ${graderPath}`, `grader file missing: ${graderPath}`));
  return { lab, dir, graderPath };
}

export async function loadGrader(path: string): Promise<Grader> {
  const mod = (await import(pathToFileURL(path).href)) as { default?: Grader };
  if (!mod.default || !Array.isArray(mod.default.checks)) {
    throw new UsageError(text(`${path}이(가) defineGrader(...)를 default로 내보내지 않는다.`, `${path} does not export defineGrader(...) as default.`));
  }
  return mod.default;
}

/** Every lab under a labs folder, sorted by module then id. */
export function listLabs(root = join(PROJECT_ROOT, 'labs')): LabOnDisk[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((d) => statSync(join(root, d)).isDirectory() && existsSync(join(root, d, 'lab.yaml')))
    .map((d) => findLab(join(root, d), '/'))
    .sort((a, b) => a.lab.module - b.lab.module || (a.lab.id < b.lab.id ? -1 : 1));
}
