/** Grades a submission on disk (file, folder or .zip) against a lab on disk. */
import type { Grader } from '../grading/grader.ts';
import type { SubmissionLimits } from '../grading/limits.ts';
import { errorResult } from '../grading/error-result.ts';
import type { GradeResult } from '../grading/result.ts';
import { gradeSubmission, type BackendFactory } from '../grading/runner.ts';
import type { Lang } from '../kube/text.ts';
import { isInside, sha256File, shadowingFiles, shadowingMessage } from './integrity.ts';
import { loadGrader, type LabOnDisk } from './labs.ts';
import { readSubmission } from './read-submission.ts';
import { nodeTiming } from './timing.ts';

export interface GradePathOptions {
  limits?: Partial<SubmissionLimits>;
  checkTimeoutMs?: number;
  /** Where the submission runs (the simulator when absent). */
  backend?: BackendFactory;
}

/** A loaded lab ready to grade many submissions: the grader is imported and hashed once. */
export interface PreparedLab {
  lab: LabOnDisk;
  grader: Grader;
  graderSha256: string;
}

export async function prepareLab(lab: LabOnDisk): Promise<PreparedLab> {
  return { lab, grader: await loadGrader(lab.graderPath), graderSha256: sha256File(lab.graderPath) };
}

export async function gradePath(lab: LabOnDisk | PreparedLab, path: string, lang: Lang, name = path, options: GradePathOptions = {}): Promise<GradeResult> {
  const prepared = 'grader' in lab ? lab : await prepareLab(lab);
  const started = nodeTiming.now();
  const { lab: onDisk, grader, graderSha256 } = prepared;
  const shadows = isInside(onDisk.dir, path) ? [onDisk.dir] : shadowingFiles(path, onDisk.lab.id);
  if (shadows.length > 0) {
    return errorResult({ lab: onDisk.lab, grader, submission: name, lang, why: shadowingMessage(shadows), graderSha256, durationMs: nodeTiming.now() - started });
  }
  const read = readSubmission(path, onDisk.lab.submission.files, options.limits);
  return gradeSubmission({
    lab: onDisk.lab,
    grader,
    files: read.files,
    rejected: read.rejected,
    ignored: read.ignored,
    submission: name,
    lang,
    timing: nodeTiming,
    graderSha256,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.checkTimeoutMs ? { checkTimeoutMs: options.checkTimeoutMs } : {}),
    ...(options.backend ? { backend: options.backend } : {}),
  });
}
