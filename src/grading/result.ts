/**
 * GradeResult: what grading one submission produces. Plain JSON, versioned (`schemaVersion`);
 * every reporter is a pure function of it. Texts are in the language the run was asked for.
 * The JSON Schema is `grade-result.schema.json` beside this file (a test validates real results
 * against it); change both together, and bump SCHEMA_VERSION when a field changes meaning or goes away.
 */
import type { SourcePosition } from '../kube/position.ts';
import type { Lang } from '../kube/text.ts';

export const SCHEMA_VERSION = 1;

export type CheckStatus = 'pass' | 'partial' | 'fail' | 'error' | 'skipped';

/** Who may see a check's result on Gradescope (its own four levels); other reports show every check. */
export type Visibility = 'visible' | 'hidden' | 'after_due_date' | 'after_published';

export interface CheckResult {
  id: string;
  title: string;
  points: number;
  maxPoints: number;
  status: CheckStatus;
  message: string;
  /** The check's hints, in order, when it did not pass. */
  hints: string[];
  /** Where in the student's files the fault is (file, 1-based line and column). */
  locations: SourcePosition[];
  visibility: Visibility;
}

export interface GradeResult {
  schemaVersion: typeof SCHEMA_VERSION;
  lab: string;
  /** The submission's name in reports: a path, a folder name, or the student id from a roster. */
  submission: string;
  backend: 'sim' | 'kube';
  lang: Lang;
  score: number;
  maxScore: number;
  /** `error`: the submission could not be graded at all (see `errors`); its score is 0. */
  status: 'graded' | 'error';
  checks: CheckResult[];
  /** Problems with the run itself (not with the submission), e.g. the grader could not be loaded. */
  errors: string[];
  /** Files present in the submission but not graded (outside the lab's `submission.files` patterns). */
  ignored: string[];
  /** Seed of the simulator: the same submission, lab and seed grade the same, byte for byte. */
  seed: number;
  /** Wall time the grading took, in milliseconds (0 where no clock was given). The only field that varies between runs. */
  durationMs: number;
  /** SHA-256 (hex) of the grader file that produced this result, or "" where unknown (e.g. the browser). */
  graderSha256: string;
  orchestraVersion: string;
}
