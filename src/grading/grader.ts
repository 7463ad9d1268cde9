/**
 * The grader DSL: a grader is a lab id and a list of checks. Each check has an id, a title and
 * messages in Korean and English, points, optional hints, and a function that looks at the
 * submission or at the cluster it ran on and returns an outcome.
 *
 *   export default defineGrader({
 *     lab: 'first-deployment',
 *     settle: '60s',
 *     checks: [{ id: 'replicas', title: text('…', '…'), points: 20, run: (ctx) => pass(text('…', '…')) }],
 *   });
 */
import type { SourcePosition } from '../kube/position.ts';
import type { Text } from '../kube/text.ts';
import type { CheckContext } from './context.ts';
import type { Visibility } from './result.ts';
import type { Settle } from './settle.ts';

export interface Outcome {
  /** Share of the check's points earned, 0 to 1. */
  fraction: number;
  message: Text;
  locations?: SourcePosition[];
  skipped?: boolean;
}

export interface Check {
  id: string;
  title: Text;
  points: number;
  /** Shown after a failure, one more each time the student fails again (the site); the CLI shows the first. */
  hints?: Text[];
  /** Who sees the result on Gradescope; `visible` by default. `orchestra check` hides the message of a hidden check. */
  visibility?: Visibility;
  run(ctx: CheckContext): Outcome | Promise<Outcome>;
}

export interface Grader {
  lab: string;
  /**
   * How long the cluster runs after the submission is applied, before cluster checks look at it: a
   * duration ("60s"), or `{ until: 'stable', within: '180s' }` to wait until nothing changes (settle.ts).
   */
  settle: Settle;
  checks: readonly Check[];
}

export function defineGrader(grader: { lab: string; settle?: Settle; checks: Check[] }): Grader {
  const ids = new Set<string>();
  for (const c of grader.checks) {
    if (ids.has(c.id)) throw new Error(`grader ${grader.lab}: duplicate check id "${c.id}"`);
    if (!(c.points > 0)) throw new Error(`grader ${grader.lab}: check "${c.id}" must have positive points`);
    if (!/^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/.test(c.id)) throw new Error(`grader ${grader.lab}: check id "${c.id}" must be lower-case letters, digits, '-', '_' or '.'`);
    ids.add(c.id);
  }
  return { lab: grader.lab, settle: grader.settle ?? '60s', checks: grader.checks };
}

export function pass(message: Text): Outcome {
  return { fraction: 1, message };
}

export function fail(message: Text, locations: SourcePosition[] = []): Outcome {
  return { fraction: 0, message, locations };
}

/** Partial credit: `earned` of `of` parts (e.g. 2 of 3 pods ready). */
export function partial(earned: number, of: number, message: Text, locations: SourcePosition[] = []): Outcome {
  const fraction = of <= 0 ? 0 : Math.max(0, Math.min(1, earned / of));
  return { fraction, message, locations };
}

export function skip(message: Text): Outcome {
  return { fraction: 0, message, skipped: true };
}

/** Whether a value is an Outcome: what a check returns, and what a helper returns instead of the object a check needs when it cannot have it. */
export function isOutcome(x: unknown): x is Outcome {
  return typeof x === 'object' && x !== null && typeof (x as Outcome).fraction === 'number' && typeof (x as Outcome).message === 'object';
}
