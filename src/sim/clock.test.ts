import { describe, expect, it } from 'vitest';
import { Clock } from './clock.ts';
import { parseDuration } from './duration.ts';
import { Rng } from './rng.ts';

describe('virtual clock', () => {
  it('runs tasks in time order, same-time tasks in the order queued', () => {
    const clock = new Clock(0);
    const seen: string[] = [];
    clock.at(2000, () => seen.push('b'));
    clock.at(1000, () => seen.push('a1'));
    clock.at(1000, () => seen.push('a2'));
    clock.advanceTo(1500);
    expect(seen).toEqual(['a1', 'a2']);
    expect(clock.now).toBe(1500);
    clock.advanceTo(5000);
    expect(seen).toEqual(['a1', 'a2', 'b']);
  });

  it('lets tasks schedule more tasks at the current instant', () => {
    const clock = new Clock(0);
    const seen: number[] = [];
    clock.after(10, () => {
      seen.push(clock.now);
      clock.after(0, () => seen.push(clock.now));
    });
    clock.advanceTo(10);
    expect(seen).toEqual([10, 10]);
  });

  it('skips cancelled tasks and stops at the budget', () => {
    const clock = new Clock(0);
    const seen: number[] = [];
    clock.after(1, () => seen.push(1)).cancel();
    const loop = (): void => void clock.after(0, loop);
    clock.after(2, loop);
    expect(clock.advanceTo(10, 100)).toBe(false);
    expect(seen).toEqual([]);
  });

  it('writes API timestamps at second precision from its epoch', () => {
    const clock = new Clock(Date.parse('2026-01-01T00:00:00Z'));
    clock.advanceTo(61_500);
    expect(clock.timestamp()).toBe('2026-01-01T00:01:01Z');
    expect(clock.parse('2026-01-01T00:01:01Z')).toBe(61_000);
  });

  it('writes MicroTime (a Lease renewTime) at microsecond precision and parses it back, also past its cache of parsed times', () => {
    const clock = new Clock(Date.parse('2026-01-01T00:00:00Z'));
    clock.advanceTo(10_250);
    expect(clock.microTimestamp()).toBe('2026-01-01T00:00:10.250000Z');
    expect(clock.microTimestamp(20_000)).toBe('2026-01-01T00:00:20.000000Z');
    for (let s = 0; s < 200; s++) expect(clock.parse(clock.microTimestamp(s * 10_000 + 7))).toBe(s * 10_000 + 7);
    expect(clock.parse('2026-01-01T00:00:10.250000Z')).toBe(10_250);
    expect(clock.parse('not a time')).toBeUndefined();
    expect(clock.parse('not a time')).toBeUndefined();
  });
});

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    [2, 2000],
  ])('%s is %d ms', (d, ms) => {
    expect(parseDuration(d)).toBe(ms);
  });

  it('rejects nonsense', () => {
    expect(() => parseDuration('soon')).toThrow(/invalid duration/);
  });
});

describe('seeded random generator', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const seq = (r: Rng): string => Array.from({ length: 5 }, () => r.string(5)).join(',');
    expect(seq(a)).toBe(seq(b));
    expect(seq(new Rng(7))).not.toBe(seq(c));
  });

  it('draws names from the Kubernetes alphabet', () => {
    expect(new Rng(1).string(200)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
  });
});

describe('livelock guard', () => {
  it('stops when tasks keep re-scheduling themselves at one instant', () => {
    const clock = new Clock(0);
    const loop = (): void => void clock.after(0, loop);
    clock.after(5, loop);
    expect(clock.advanceTo(100, Infinity, 1000)).toBe(false);
    expect(clock.now).toBe(5);
  });
});
