/**
 * Grades one submission: loads it, runs every check in order, and returns a GradeResult. A check that
 * throws is that check's `error`; the run itself never throws for a bad submission.
 */
import type { ClusterBackend } from '../backends/backend.ts';
import { SimBackend } from '../backends/sim.ts';
import type { Lang, Text } from '../kube/text.ts';
import { CheckContext } from './context.ts';
import type { Grader, Outcome } from './grader.ts';
import type { Lab } from './lab.ts';
import { messages } from './messages.ts';
import { SCHEMA_VERSION, type CheckResult, type CheckStatus, type GradeResult } from './result.ts';
import { loadSubmission, type SubmissionProblem, type SubmittedFile } from './submission.ts';
import { ORCHESTRA_VERSION } from './version.ts';

export interface GradeOptions {
  lab: Lab;
  grader: Grader;
  files: readonly SubmittedFile[];
  /** Files the reader refused, reported by the grader's validity check. */
  rejected?: readonly SubmissionProblem[];
  /** A name for the submission in reports (a path, a student id). */
  submission: string;
  lang?: Lang;
  /** Where the submission runs; the simulator with the lab's cluster by default. */
  backend?: BackendFactory;
}

export interface BackendFactory {
  name: ClusterBackend['name'];
  create(): ClusterBackend;
}

export function simBackendFor(lab: Lab): BackendFactory {
  return { name: 'sim', create: () => new SimBackend({ nodes: lab.cluster.nodes, images: lab.images, seed: lab.seed }) };
}

export async function gradeSubmission(options: GradeOptions): Promise<GradeResult> {
  const { lab, grader } = options;
  const lang = options.lang ?? 'ko';
  const pick = (t: Text): string => t[lang];
  const base = {
    schemaVersion: SCHEMA_VERSION,
    lab: lab.id,
    submission: options.submission,
    lang,
    seed: lab.seed,
    orchestraVersion: ORCHESTRA_VERSION,
  } as const;
  if (grader.lab !== lab.id) {
    return { ...base, backend: options.backend?.name ?? 'sim', score: 0, maxScore: 0, status: 'error', checks: [], errors: [pick(messages.labMismatch(grader.lab, lab.id))] };
  }
  const backend = options.backend ?? simBackendFor(lab);
  const ctx = new CheckContext({ lab, lang, submission: loadSubmission(options.files, options.rejected), settle: grader.settle, backend: backend.create });
  const checks: CheckResult[] = [];
  try {
    for (const check of grader.checks) {
      let outcome: Outcome;
      let threw: string | undefined;
      try {
        outcome = await check.run(ctx);
      } catch (e) {
        threw = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        outcome = { fraction: 0, message: messages.checkThrew(threw) };
      }
      const points = round2(check.points * clamp01(outcome.fraction));
      const status: CheckStatus = threw ? 'error' : outcome.skipped ? 'skipped' : points >= check.points ? 'pass' : points > 0 ? 'partial' : 'fail';
      checks.push({
        id: check.id,
        title: pick(check.title),
        points,
        maxPoints: check.points,
        status,
        message: pick(outcome.message),
        hints: status === 'pass' ? [] : (check.hints ?? []).map(pick),
        locations: outcome.locations ?? [],
      });
    }
  } finally {
    await ctx.close();
  }
  const score = round2(checks.reduce((n, c) => n + c.points, 0));
  const maxScore = round2(grader.checks.reduce((n, c) => n + c.points, 0));
  return { ...base, backend: backend.name, score, maxScore, status: 'graded', checks, errors: [] };
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.max(0, Math.min(1, x)) : 0;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
