import { describe, expect, it } from 'vitest';
import type { CheckContext } from './context.ts';
import { perSubmission } from './per-submission.ts';

describe('perSubmission', () => {
  it('runs the scenario once per grading run, whichever check asks first', async () => {
    let runs = 0;
    const observe = perSubmission(async () => ++runs);
    const a = {} as CheckContext;
    const b = {} as CheckContext;
    expect(await Promise.all([observe(a), observe(a)])).toEqual([1, 1]);
    expect(await observe(b)).toBe(2);
    expect(await observe(a)).toBe(1);
    expect(runs).toBe(2);
  });
});
