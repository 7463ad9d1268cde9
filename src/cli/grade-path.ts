/** Grades a submission on disk against a lab on disk. */
import type { Lang } from '../kube/text.ts';
import type { GradeResult } from '../grading/result.ts';
import { gradeSubmission } from '../grading/runner.ts';
import { loadGrader, type LabOnDisk } from './labs.ts';
import { readSubmission } from './read-submission.ts';

export async function gradePath(lab: LabOnDisk, path: string, lang: Lang, name = path): Promise<GradeResult & { ignored: string[] }> {
  const grader = await loadGrader(lab.graderPath);
  const read = readSubmission(path, lab.lab.submission.files);
  const result = await gradeSubmission({ lab: lab.lab, grader, files: read.files, rejected: read.rejected, submission: name, lang });
  return { ...result, ignored: read.ignored };
}
