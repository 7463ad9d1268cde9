import { describe, expect, it } from 'vitest';
import { describeOutage, failedRequests, outages, percent, shareForFailureRate, sumTraffic, zeroDowntimeShare } from './traffic.ts';

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

  it('finds the outages: seconds with requests in which every one failed', () => {
    expect(outages(seconds([100, 0], [0, 100], [0, 0], [1, 99], [0, 5])).map((s) => s.t)).toEqual([1, 4]);
  });

  it('says how many requests failed in a window, and when an outage began', () => {
    expect(failedRequests('web', 70, 190, sumTraffic(seconds([995, 5], [1000, 0])))).toEqual({
      ko: 't=70초부터 t=190초까지 서비스 web(으)로 보낸 요청 2000개 중 5개(0.3%)가 실패했다',
      en: 'of the 2000 requests sent to Service web between t=70 s and t=190 s, 5 (0.3%) failed',
    });
    expect(describeOutage(75, 8)).toEqual({ ko: 't=75초부터 모든 요청이 실패한 초가 8번 있었다(서비스 중단)', en: 'From t=75 s there were 8 second(s) in which every request failed (an outage)' });
  });
});
