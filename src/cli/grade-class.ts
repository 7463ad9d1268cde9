/**
 * Grading a class: every subfolder or .zip of a root folder is one student (named by the roster when
 * there is one); the class is sorted by name, optionally cut to one shard, graded in the worker pool,
 * and returned as a ClassRun in that same order, whatever order the workers finished in.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { classRun, inShard, type ClassRun, type Shard } from '../grading/class-run.ts';
import { errorResult } from '../grading/error-result.ts';
import type { SubmissionLimits } from '../grading/limits.ts';
import type { GradeResult } from '../grading/result.ts';
import { ORCHESTRA_VERSION } from '../grading/version.ts';
import { text, type Lang, type Text } from '../kube/text.ts';
import type { PreparedLab } from './grade-path.ts';
import type { GradeTask } from './grade-worker.ts';
import { gradeInPool } from './pool.ts';
import { rosterEntryFor, type RosterEntry } from './roster.ts';
import { UsageError } from './usage-error.ts';

export interface ClassEntry {
  /** The name in every report: the roster's student id, else the folder (or zip) name. */
  name: string;
  /** The submission on disk, absent when the student submitted nothing. */
  path?: string;
  /** Why the entry cannot be graded, when it cannot. */
  problem?: Text;
}

export interface ClassListing {
  entries: ClassEntry[];
  /** Folders or zips the roster does not list (graded under their own names). */
  unlisted: string[];
  /** Plain files in the root that are not submissions. */
  skipped: string[];
}

/** `exclude`: absolute paths inside `root` that are not students (e.g. the --out folder). */
export function listClass(root: string, roster?: readonly RosterEntry[], exclude: readonly string[] = []): ClassListing {
  let names: string[];
  try {
    names = readdirSync(root).sort();
  } catch {
    throw new UsageError(text(`제출물 폴더를 읽을 수 없다: ${root}`, `cannot read the submissions folder: ${root}`));
  }
  const entries: ClassEntry[] = [];
  const unlisted: string[] = [];
  const skipped: string[] = [];
  const claimed = new Map<string, string>();
  for (const folder of names) {
    if (folder.startsWith('.')) continue;
    const full = join(root, folder);
    if (exclude.some((x) => resolve(x) === resolve(full))) continue;
    const stat = lstatSync(full);
    const isZip = stat.isFile() && folder.toLowerCase().endsWith('.zip');
    if (!stat.isDirectory() && !isZip && !stat.isSymbolicLink()) {
      skipped.push(folder);
      continue;
    }
    const student = roster ? rosterEntryFor(roster, folder) : undefined;
    if (roster && !student) unlisted.push(folder);
    let name = student?.studentId ?? (isZip ? folder.slice(0, -4) : folder);
    if (claimed.has(name)) name = `${name} (${folder})`;
    claimed.set(name, folder);
    if (stat.isSymbolicLink()) {
      entries.push({
        name,
        problem: text(`${folder}은(는) 심볼릭 링크다: 제출물 폴더 안의 링크는 따라가지 않는다`, `${folder} is a symbolic link: links in the submissions folder are not followed`),
      });
      continue;
    }
    entries.push({ name, path: resolve(full) });
  }
  for (const student of roster ?? []) {
    if (!entries.some((e) => e.name === student.studentId)) {
      entries.push({ name: student.studentId, problem: text('제출물이 없다', 'no submission') });
    }
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { entries, unlisted, skipped };
}

export interface GradeClassOptions {
  lang: Lang;
  /** The folder the run started in: submissions' paths are recorded relative to it. */
  cwd?: string;
  shard?: Shard;
  jobs?: number;
  timeoutMs?: number;
  memoryMb?: number;
  limits?: Partial<SubmissionLimits>;
  onDone?: (name: string, result: GradeResult | undefined, failure: string | undefined) => void;
}

export async function gradeClass(prepared: PreparedLab, entries: readonly ClassEntry[], options: GradeClassOptions): Promise<ClassRun> {
  const { lab, grader, graderSha256 } = prepared;
  const mine = entries.filter((_, i) => inShard(i, options.shard));
  const failed = (name: string, why: Text): GradeResult => errorResult({ lab: lab.lab, grader, submission: name, lang: options.lang, why, graderSha256 });
  const tasks: GradeTask[] = [];
  const results: (GradeResult | undefined)[] = mine.map((e) => {
    if (e.path && !e.problem) {
      tasks.push({ labDir: lab.dir, path: e.path, name: e.name, lang: options.lang, ...(options.limits ? { limits: options.limits } : {}) });
      return undefined;
    }
    const r = failed(e.name, e.problem ?? text('제출물이 없다', 'no submission'));
    options.onDone?.(e.name, r, undefined);
    return r;
  });
  const graded = await gradeInPool(tasks, (task, why) => failed(task.name, why), {
    ...(options.jobs ? { jobs: options.jobs } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.memoryMb ? { memoryMb: options.memoryMb } : {}),
    onDone: (i, result, failure) => options.onDone?.(tasks[i]!.name, result, failure?.[options.lang]),
  });
  const byName = new Map(graded.map((r, i) => [tasks[i]!.name, r]));
  const all = mine.map((e, i) => results[i] ?? byName.get(e.name)!);
  const sources: Record<string, string> = {};
  for (const e of mine) {
    if (!options.cwd || !e.path || e.path.toLowerCase().endsWith('.zip')) continue;
    const rel = relative(options.cwd, e.path).split(sep).join('/');
    if (rel && !rel.startsWith('..')) sources[e.name] = rel;
  }
  return classRun({ lab: lab.lab.id, lang: options.lang, graderSha256, orchestraVersion: ORCHESTRA_VERSION, ...(options.shard ? { shard: options.shard } : {}), sources }, all);
}
