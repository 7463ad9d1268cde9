/** A scenario that several checks read: run once per submission, on the first check that asks for it. */
import type { CheckContext } from './context.ts';

/** Wraps `run` so that every check of one grading run shares its result (one promise per CheckContext). */
export function perSubmission<T>(run: (ctx: CheckContext) => Promise<T>): (ctx: CheckContext) => Promise<T> {
  const runs = new WeakMap<CheckContext, Promise<T>>();
  return (ctx) => {
    let r = runs.get(ctx);
    if (!r) {
      r = run(ctx);
      runs.set(ctx, r);
    }
    return r;
  };
}
