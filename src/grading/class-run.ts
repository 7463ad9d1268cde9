/**
 * A class run: the GradeResults of every submission of one lab, graded by one grader, in a stable
 * order (by submission name), whatever order the workers finished in. `orchestra grade-all` writes
 * it as results.json; a shard's run says which slice it is; `orchestra merge` joins shards back into
 * what a single run would have written.
 */
import { text, type Lang, type Text } from '../kube/text.ts';
import type { GradeResult } from './result.ts';
import { SCHEMA_VERSION } from './result.ts';
import { bySubmission } from './reporters/format.ts';

export const CLASS_RUN_KIND = 'orchestra.class-run';

export interface Shard {
  /** 1-based, as in `--shard 2/4`. */
  index: number;
  count: number;
}

export interface ClassRun {
  kind: typeof CLASS_RUN_KIND;
  schemaVersion: typeof SCHEMA_VERSION;
  lab: string;
  lang: Lang;
  graderSha256: string;
  orchestraVersion: string;
  /** Present when the run graded one slice of the class. */
  shard?: Shard;
  /**
   * Where each submission's files are, relative to the folder the run started in (for annotations
   * that point into the repository); absent for zips and submissions outside that folder.
   */
  sources?: Record<string, string>;
  results: GradeResult[];
}

export function classRun(meta: Omit<ClassRun, 'kind' | 'schemaVersion' | 'results'>, results: readonly GradeResult[]): ClassRun {
  const sorted = bySubmission(results);
  const sources = meta.sources ? Object.fromEntries(sorted.filter((r) => meta.sources![r.submission]).map((r) => [r.submission, meta.sources![r.submission]!])) : undefined;
  const { sources: _given, ...rest } = meta;
  return { kind: CLASS_RUN_KIND, schemaVersion: SCHEMA_VERSION, ...rest, ...(sources && Object.keys(sources).length > 0 ? { sources } : {}), results: sorted };
}

export class MergeError extends Error {
  readonly text: Text;
  constructor(message: Text) {
    super(message.en);
    this.name = 'MergeError';
    this.text = message;
  }
}

/** The class run that grading every shard at once would have produced; refuses runs that do not fit together. */
export function mergeClassRuns(runs: readonly ClassRun[]): ClassRun {
  const first = runs[0];
  if (!first) throw new MergeError(text('합칠 결과가 없다', 'there are no results to merge'));
  for (const run of runs) {
    if (run.kind !== CLASS_RUN_KIND || run.schemaVersion !== SCHEMA_VERSION) {
      throw new MergeError(text(`orchestra 결과 파일이 아니거나 버전(${String(run.schemaVersion)})이 다르다`, `not an orchestra results file, or of another version (${String(run.schemaVersion)})`));
    }
    if (run.lab !== first.lab) throw new MergeError(text(`실습이 다르다: ${first.lab}, ${run.lab}`, `the runs are of different labs: ${first.lab}, ${run.lab}`));
    if (run.graderSha256 !== first.graderSha256) {
      throw new MergeError(
        text(
          `채점기가 다르다 (SHA-256 ${first.graderSha256.slice(0, 12)}…, ${run.graderSha256.slice(0, 12)}…): 모든 샤드를 같은 채점기로 다시 채점하자`,
          `the runs used different graders (SHA-256 ${first.graderSha256.slice(0, 12)}…, ${run.graderSha256.slice(0, 12)}…): grade every shard with the same grader`,
        ),
      );
    }
    if (run.lang !== first.lang) throw new MergeError(text(`언어가 다르다: ${first.lang}, ${run.lang}`, `the runs are in different languages: ${first.lang}, ${run.lang}`));
  }
  const counts = new Set(runs.map((r) => r.shard?.count ?? 0));
  const indexes = runs.map((r) => r.shard?.index ?? 0);
  if (counts.size > 1 || new Set(indexes).size !== indexes.length) {
    throw new MergeError(text('샤드가 겹치거나 서로 다른 방식으로 나뉘었다', 'the shards overlap or were split in different ways'));
  }
  const seen = new Set<string>();
  for (const r of runs.flatMap((run) => run.results)) {
    if (seen.has(r.submission)) throw new MergeError(text(`제출물 ${r.submission}이(가) 두 번 나온다`, `submission ${r.submission} appears twice`));
    seen.add(r.submission);
  }
  const count = [...counts][0] ?? 0;
  const missing = count > 0 ? Array.from({ length: count }, (_, i) => i + 1).filter((i) => !indexes.includes(i)) : [];
  if (missing.length > 0) {
    throw new MergeError(text(`샤드 ${missing.map((i) => `${i}/${count}`).join(', ')}의 결과가 없다`, `results of shard ${missing.map((i) => `${i}/${count}`).join(', ')} are missing`));
  }
  const sources = Object.assign({}, ...runs.map((r) => r.sources ?? {})) as Record<string, string>;
  return classRun({ lab: first.lab, lang: first.lang, graderSha256: first.graderSha256, orchestraVersion: first.orchestraVersion, sources }, runs.flatMap((r) => r.results));
}

/** Whether the i-th (0-based) submission of the sorted class belongs to the shard: round robin, so shards are even. */
export function inShard(i: number, shard: Shard | undefined): boolean {
  return shard === undefined || i % shard.count === shard.index - 1;
}
