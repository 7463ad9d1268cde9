import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { failedScheduling } from './queries.ts';

const pod = (name: string, scheduled?: { status: string; message?: string }): Pod => ({
  metadata: { name },
  status: { phase: 'Pending', ...(scheduled ? { conditions: [{ type: 'PodScheduled', reason: 'Unschedulable', ...scheduled }] } : {}) },
});

describe('failedScheduling', () => {
  it("gives the scheduler's message about the first pod it could not place", () => {
    const msg = '0/3 nodes are available: 3 node(s) had untolerated taint {dedicated: batch}.';
    expect(failedScheduling([pod('a'), pod('b', { status: 'True' }), pod('c', { status: 'False', message: msg }), pod('d', { status: 'False', message: 'other' })])).toBe(msg);
  });

  it('is undefined when no pod is unschedulable or the scheduler said nothing', () => {
    expect(failedScheduling([])).toBeUndefined();
    expect(failedScheduling([pod('a'), pod('b', { status: 'False' }), pod('c', { status: 'True', message: 'bound' })])).toBeUndefined();
  });
});
