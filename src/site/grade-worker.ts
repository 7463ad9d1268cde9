/**
 * The lab panel's grader, in a Web Worker so that grading never blocks the page: the same grading
 * engine, simulator and grader files as the CLI and CI, bundled for the browser.
 */
import type { Lab } from '../grading/lab.ts';
import type { GradeResult } from '../grading/result.ts';
import { gradeSubmission } from '../grading/runner.ts';
import type { Grader } from '../grading/grader.ts';
import type { Lang } from '../kube/text.ts';

export interface GradeRequest {
  lab: Lab;
  files: { path: string; text: string }[];
  lang: Lang;
}

export type GradeResponse = { ok: true; result: GradeResult } | { ok: false; error: string };

const graders = import.meta.glob<{ default: Grader }>('../../graders/*.ts');

self.onmessage = async (event: MessageEvent<GradeRequest>) => {
  const { lab, files, lang } = event.data;
  try {
    const load = graders[`../../graders/${lab.id}.ts`];
    if (!load) throw new Error(`no grader for lab ${lab.id}`);
    const grader = (await load()).default;
    const result = await gradeSubmission({ lab, grader, files, submission: 'browser', lang });
    postMessage({ ok: true, result } satisfies GradeResponse);
  } catch (e) {
    postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) } satisfies GradeResponse);
  }
};
