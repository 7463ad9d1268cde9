/**
 * A grading worker (a worker thread of the class pool): loads the lab and its grader once, then
 * grades one submission per task. Runs in its own thread so a submission that hangs or exhausts
 * memory costs that thread, which the pool replaces, and never the run.
 */
import type { SubmissionLimits } from '../grading/limits.ts';
import type { GradeResult } from '../grading/result.ts';
import type { Lang } from '../kube/text.ts';
import { gradePath, prepareLab, type PreparedLab } from './grade-path.ts';
import { findLab } from './labs.ts';

export interface GradeTask {
  labDir: string;
  path: string;
  name: string;
  lang: Lang;
  limits?: Partial<SubmissionLimits>;
  checkTimeoutMs?: number;
}

let prepared: { labDir: string; lab: Promise<PreparedLab> } | undefined;

export default async function gradeTask(task: GradeTask): Promise<GradeResult> {
  if (prepared?.labDir !== task.labDir) prepared = { labDir: task.labDir, lab: prepareLab(findLab(task.labDir, '/')) };
  return gradePath(await prepared.lab, task.path, task.lang, task.name, {
    ...(task.limits ? { limits: task.limits } : {}),
    ...(task.checkTimeoutMs ? { checkTimeoutMs: task.checkTimeoutMs } : {}),
  });
}
