/**
 * GradeResult: what grading one submission produces. Plain JSON, versioned (`schemaVersion`);
 * every reporter is a pure function of it. Texts are in the language the run was asked for.
 * The JSON Schema is `grade-result.schema.json` beside this file.
 */
import type { SourcePosition } from '../kube/position.ts';
import type { Lang } from '../kube/text.ts';

export const SCHEMA_VERSION = 1;

export type CheckStatus = 'pass' | 'partial' | 'fail' | 'error' | 'skipped';

export interface CheckResult {
  id: string;
  title: string;
  points: number;
  maxPoints: number;
  status: CheckStatus;
  message: string;
  hints: string[];
  locations: SourcePosition[];
}

export interface GradeResult {
  schemaVersion: typeof SCHEMA_VERSION;
  lab: string;
  submission: string;
  backend: 'sim' | 'kube';
  lang: Lang;
  score: number;
  maxScore: number;
  status: 'graded' | 'error';
  checks: CheckResult[];
  /** Problems with the run itself (not with the submission), e.g. the grader could not be loaded. */
  errors: string[];
  seed: number;
  orchestraVersion: string;
}
