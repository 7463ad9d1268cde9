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

/** Sent when the panel starts the worker: load the lab's grader now, before anyone presses Grade. */
export interface WarmRequest {
  warm: string;
}

export type GradeResponse = { ok: true; result: GradeResult } | { ok: false; error: string };

// Each grader is its own chunk (the worker is an ES module): a page loads only its lab's.
const graders = import.meta.glob<{ default: Grader }>(['../../graders/*.ts', '!../../graders/*.test.ts']);

async function loadGrader(id: string): Promise<Grader> {
  const load = graders[`../../graders/${id}.ts`];
  if (!load) throw new Error(`no grader for lab ${id}`);
  return (await load()).default;
}

self.onmessage = async (event: MessageEvent<GradeRequest | WarmRequest>) => {
  if ('warm' in event.data) {
    await loadGrader(event.data.warm).catch(() => undefined); // a missing grader is reported when grading
    return;
  }
  const { lab, files, lang } = event.data;
  try {
    const grader = await loadGrader(lab.id);
    const result = await gradeSubmission({ lab, grader, files, submission: 'browser', lang });
    postMessage({ ok: true, result } satisfies GradeResponse);
  } catch (e) {
    postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) } satisfies GradeResponse);
  }
};
