import { describe, expect, it } from 'vitest';
import { percent, shareForFailureRate, sumTraffic, zeroDowntimeShare } from './traffic.ts';

const seconds = (...xs: [number, number][]) => xs.map(([ok, failed], t) => ({ t, value: { ok, failed } }));

describe('traffic verdicts', () => {
  it('sums a window and reads nothing sent as everything failed', () => {
    expect(sumTraffic(seconds([90, 10], [100, 0]))).toEqual({ ok: 190, failed: 10, total: 200, rate: 0.05 });
    expect(sumTraffic([]).rate).toBe(1);
    expect(percent(0.0249)).toBe('2.5%');
  });

  it('bands failure rates under load', () => {
    expect([0, 0.01, 0.02, 0.03, 0.07, 0.1].map(shareForFailureRate)).toEqual([1, 1, 0.75, 0.5, 0.25, 0]);
  });

  it('gives nothing for an outage and bands the rest when some requests fail', () => {
    expect(zeroDowntimeShare(seconds([100, 0], [100, 0]))).toEqual({ share: 1, outageSeconds: 0 });
    expect(zeroDowntimeShare(seconds([100, 0], [0, 100], [0, 100], [100, 0]))).toMatchObject({ share: 0, outage: { t: 1 }, outageSeconds: 2 });
    expect(zeroDowntimeShare(seconds([995, 5], [1000, 0])).share).toBe(0.75);
    expect(zeroDowntimeShare(seconds([97, 3])).share).toBe(0.5);
    expect(zeroDowntimeShare(seconds([92, 8])).share).toBe(0.25);
    expect(zeroDowntimeShare(seconds([80, 20])).share).toBe(0);
    expect(zeroDowntimeShare([]).share).toBe(0);
  });
});
