import { describe, expect, it } from 'vitest';
import { formatLabels, matchesLabelMap, matchesSelector } from './selector.ts';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front' };

  it('matchLabels needs every pair', () => {
    expect(matchesSelector({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(matchesSelector({ matchLabels: { app: 'web', tier: 'back' } }, labels)).toBe(false);
  });

  it('supports In, NotIn, Exists and DoesNotExist', () => {
    expect(matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'x'] }] }, labels)).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, labels)).toBe(false);
    expect(matchesSelector({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, labels)).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, labels)).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labels)).toBe(false);
  });

  it('an empty selector matches everything, a missing one nothing', () => {
    expect(matchesSelector({}, labels)).toBe(true);
    expect(matchesSelector(undefined, labels)).toBe(false);
  });

  it('a Service selector that is empty selects no pods', () => {
    expect(matchesLabelMap({}, labels)).toBe(false);
    expect(matchesLabelMap({ app: 'web' }, labels)).toBe(true);
    expect(formatLabels(labels)).toBe('app=web,tier=front');
  });
});
