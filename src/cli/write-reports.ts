/**
 * Writes every report format of a class run into one folder at once:
 *
 *   results.json         the class run (every GradeResult; `orchestra merge` reads it back)
 *   junit.xml            a testsuite per submission, a testcase per check
 *   summary.md           class summary (also appended to $GITHUB_STEP_SUMMARY by the commands)
 *   gradebook.csv        student_id, lab, score, max_score, a column per check, status
 *   annotations.txt      GitHub workflow commands (::error file=…,line=…::…)
 *   classroom.txt        the GitHub Classroom `result` (base64 JSON, version 1)
 *   gradescope/<s>.json  Gradescope results.json, one per submission
 *   feedback/<s>.md      one Markdown feedback page per submission
 *   feedback/<s>.html    the same as a standalone HTML page
 *
 * Each file is written beside its final name and renamed into place, so a reader never sees half a
 * report. File names come from submission names made safe (and unique) for every file system.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ClassRun } from '../grading/class-run.ts';
import { toAnnotations } from '../grading/reporters/annotations.ts';
import { encodeClassroom, toClassroom } from '../grading/reporters/classroom.ts';
import { toGradebookCsv } from '../grading/reporters/csv.ts';
import { toGradescopeJson } from '../grading/reporters/gradescope.ts';
import { toHtml } from '../grading/reporters/html.ts';
import { toJUnit } from '../grading/reporters/junit.ts';
import { toMarkdown } from '../grading/reporters/markdown.ts';
import type { GradeResult } from '../grading/result.ts';

export const REPORT_FILES = ['results.json', 'junit.xml', 'summary.md', 'gradebook.csv', 'annotations.txt', 'classroom.txt'] as const;

export function writeReports(dir: string, run: ClassRun): string[] {
  const written: string[] = [];
  const put = (rel: string, content: string): void => {
    const file = join(dir, rel);
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, content);
    renameSync(tmp, file);
    written.push(rel);
  };
  mkdirSync(dir, { recursive: true });
  put('results.json', `${JSON.stringify(run, null, 2)}\n`);
  put('junit.xml', toJUnit(run.results));
  put('summary.md', toMarkdown(run.results, { lang: run.lang }));
  put('gradebook.csv', toGradebookCsv(run.results));
  put('annotations.txt', toAnnotations(run.results, { pathPrefix: (r: GradeResult) => run.sources?.[r.submission] ?? '' }));
  put('classroom.txt', `${encodeClassroom(toClassroom(run.results))}\n`);
  const names = fileNames(run.results.map((r) => r.submission));
  run.results.forEach((r, i) => {
    const name = names[i]!;
    put(`gradescope/${name}.json`, toGradescopeJson(r));
    put(`feedback/${name}.md`, toMarkdown([r], { lang: run.lang }));
    put(`feedback/${name}.html`, toHtml(r));
  });
  return written;
}

/** File names for submission names: safe characters only, unique (case-insensitively), in input order. */
export function fileNames(submissions: readonly string[]): string[] {
  const used = new Set<string>();
  return submissions.map((s) => {
    const base = s.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^[._]+/, '').slice(0, 80) || 'submission';
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}
