/** What grader files import. */
export { defineGrader, fail, partial, pass, skip, type Check, type Grader, type Outcome } from './grader.ts';
export type { CheckContext, SubmittedObject } from './context.ts';
export { text, type Text } from '../kube/text.ts';
export { formatPosition, type SourcePosition } from '../kube/position.ts';
