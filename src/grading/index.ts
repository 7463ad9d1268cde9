/** What grader files import. */
export { defineGrader, fail, isOutcome, partial, pass, skip, type Check, type Grader, type Outcome } from './grader.ts';
export type { CheckContext, SubmittedObject } from './context.ts';
export { text, type Text } from '../kube/text.ts';
export { formatPosition, type SourcePosition } from '../kube/position.ts';
export { absent, atLeast, atMost, between, inOrder, matchObject, matching, oneOf, present, type Mismatch, type Pattern } from './match.ts';
export { describeMismatches, expectFields } from './expect.ts';
export { manifestHints, manifestsValid, manifestsValidCheck } from './manifests-valid.ts';
export { acceptedObject, missingObject, noContainerRunning, rejectedObject } from './object-outcomes.ts';
export { simulatorOnly } from './simulator-only.ts';
export { always, eventually, never, type InvariantResult, type Sample, type ScenarioRun, type Window } from './scenario.ts';
export type { Step, StepOutcome } from '../backends/backend.ts';
export type { Settle, SettleUntilStable } from './settle.ts';
