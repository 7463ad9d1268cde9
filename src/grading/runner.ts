/**
 * Grades one submission: loads it, runs every check in order, and returns a GradeResult. A check that
 * throws, or that is still running when its time is up, is that check's `error`; the run itself never
 * throws for a bad submission.
 *
 * This module reads no clock: whoever runs it (the CLI, the site) passes one in as `timing`, which
 * gives the result its `durationMs` and each check its wall-time budget. Without it, durationMs is 0
 * and checks run unbounded (the simulator's own task budget still stops a runaway simulation).
 */
import type { ClusterBackend } from '../backends/backend.ts';
import { SimBackend } from '../backends/sim.ts';
import type { ClusterOptions } from '../sim/cluster.ts';
import type { Lang, Text } from '../kube/text.ts';
import { CheckContext } from './context.ts';
import { isOutcome, type Check, type Grader, type Outcome } from './grader.ts';
import type { Lab } from './lab.ts';
import { DEFAULT_LIMITS, type SubmissionLimits } from './limits.ts';
import { messages } from './messages.ts';
import { SCHEMA_VERSION, type CheckResult, type CheckStatus, type GradeResult } from './result.ts';
import { loadSubmission, type SubmissionProblem, type SubmittedFile } from './submission.ts';
import { ORCHESTRA_VERSION } from './version.ts';

/** A clock and a timer, supplied by the caller (performance.now and setTimeout in Node and browsers). */
export interface RunTiming {
  /** Milliseconds from any fixed origin. */
  now(): number;
  /** A promise that resolves after `ms` milliseconds, and a way to cancel it. */
  timeout(ms: number): { expired: Promise<void>; cancel(): void };
}

export interface GradeOptions {
  lab: Lab;
  grader: Grader;
  files: readonly SubmittedFile[];
  /** Files the reader refused, reported by the grader's validity check. */
  rejected?: readonly SubmissionProblem[];
  /** Files the reader did not grade (outside the lab's patterns), listed in the result. */
  ignored?: readonly string[];
  /** A name for the submission in reports (a path, a student id). */
  submission: string;
  lang?: Lang;
  /** Where the submission runs; the simulator with the lab's cluster by default. */
  backend?: BackendFactory;
  timing?: RunTiming;
  /** Wall-time budget of one check, in ms (used only with `timing`). Default 10 s. */
  checkTimeoutMs?: number;
  /** Loading limits (documents, nesting depth, aliases); the defaults of limits.ts otherwise. */
  limits?: Partial<SubmissionLimits>;
  /** SHA-256 of the grader file, computed by the caller (the CLI hashes the file it loaded). */
  graderSha256?: string;
}

export interface BackendFactory {
  name: ClusterBackend['name'];
  create(): ClusterBackend;
}

/** Most simulator tasks one `advance` may run while grading: far above any lab, far below a runaway. */
export const GRADING_TASK_BUDGET = 1_000_000;

/** The simulated cluster lab.yaml describes: its nodes, images, seed, start time, kube-proxy delay and StorageClasses. */
export function labClusterOptions(lab: Lab): ClusterOptions {
  const { nodes, startTime, networkProgrammingSeconds, storageClasses } = lab.cluster;
  return { nodes, images: lab.images, seed: lab.seed, ...(startTime ? { startTime } : {}), ...(networkProgrammingSeconds ? { networkProgrammingSeconds } : {}), ...(storageClasses ? { storageClasses } : {}) };
}

export function simBackendFor(lab: Lab, taskBudget = GRADING_TASK_BUDGET): BackendFactory {
  return { name: 'sim', create: () => new SimBackend({ ...labClusterOptions(lab), taskBudget }) };
}

export const DEFAULT_CHECK_TIMEOUT_MS = 10_000;

export async function gradeSubmission(options: GradeOptions): Promise<GradeResult> {
  const { lab, grader, timing } = options;
  const started = timing?.now() ?? 0;
  const lang = options.lang ?? 'ko';
  const pick = (t: Text): string => t[lang];
  const base: Pick<GradeResult, 'schemaVersion' | 'lab' | 'submission' | 'lang' | 'ignored' | 'seed' | 'graderSha256' | 'orchestraVersion'> = {
    schemaVersion: SCHEMA_VERSION,
    lab: lab.id,
    submission: options.submission,
    lang,
    ignored: [...(options.ignored ?? [])],
    seed: lab.seed,
    graderSha256: options.graderSha256 ?? '',
    orchestraVersion: ORCHESTRA_VERSION,
  };
  const elapsed = (): number => (timing ? Math.max(0, Math.round((timing.now() - started) * 100) / 100) : 0);
  if (grader.lab !== lab.id) {
    return {
      ...base,
      backend: options.backend?.name ?? 'sim',
      score: 0,
      maxScore: 0,
      status: 'error',
      checks: [],
      errors: [pick(messages.labMismatch(grader.lab, lab.id))],
      durationMs: elapsed(),
    };
  }
  const backend = options.backend ?? simBackendFor(lab);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const submission = loadSubmission(options.files, options.rejected, limits);
  const ctx = new CheckContext({ lab, lang, submission, settle: grader.settle, backend: backend.create });
  const checks: CheckResult[] = [];
  try {
    for (const check of grader.checks) {
      const { outcome, error } = await runCheck(check, ctx, timing, options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS);
      const points = round2(check.points * clamp01(outcome.fraction));
      const status: CheckStatus = error ? 'error' : outcome.skipped ? 'skipped' : points >= check.points ? 'pass' : points > 0 ? 'partial' : 'fail';
      checks.push({
        id: check.id,
        title: pick(check.title),
        points: error ? 0 : points,
        maxPoints: check.points,
        status,
        message: pick(outcome.message),
        hints: status === 'pass' ? [] : (check.hints ?? []).map(pick),
        locations: outcome.locations ?? [],
        visibility: check.visibility ?? 'visible',
      });
    }
  } finally {
    await ctx.close().catch(() => undefined);
  }
  const score = round2(checks.reduce((n, c) => n + c.points, 0));
  const maxScore = round2(grader.checks.reduce((n, c) => n + c.points, 0));
  return { ...base, backend: backend.name, score, maxScore, status: 'graded', checks, errors: [], durationMs: elapsed() };
}

/** Runs one check, turning a throw or a timeout into an error outcome. */
async function runCheck(check: Check, ctx: CheckContext, timing: RunTiming | undefined, timeoutMs: number): Promise<{ outcome: Outcome; error: boolean }> {
  const timer = timing?.timeout(timeoutMs);
  try {
    const run = Promise.resolve().then(() => check.run(ctx));
    const outcome = timer ? await Promise.race([run, timer.expired.then(() => TIMED_OUT)]) : await run;
    if (outcome === TIMED_OUT) return { outcome: { fraction: 0, message: messages.checkTimedOut(timeoutMs) }, error: true };
    if (!isOutcome(outcome)) return { outcome: { fraction: 0, message: messages.checkThrew('the check returned no outcome') }, error: true };
    return { outcome, error: false };
  } catch (e) {
    if (e instanceof Error && e.name === 'SimulationBudgetExceeded') return { outcome: { fraction: 0, message: messages.simulationBudget(e.message) }, error: true };
    const threw = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { outcome: { fraction: 0, message: messages.checkThrew(threw) }, error: true };
  } finally {
    timer?.cancel();
  }
}

const TIMED_OUT = Symbol('timed out');

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.max(0, Math.min(1, x)) : 0;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
