import { describe, expect, it } from 'vitest';
import { bytes, milliCpu, parseQuantity } from './quantity.ts';

// Cases from k8s.io/apimachinery/pkg/api/resource/quantity_test.go semantics.
describe('quantities', () => {
  it.each([
    ['500m', 500],
    ['1', 1000],
    ['2.5', 2500],
    ['0.1', 100],
    [1, 1000],
    ['1e-3', 1],
    ['1u', 1],
  ])('cpu %s is %d millicores (rounded up)', (q, m) => {
    expect(milliCpu(q)).toBe(m);
  });

  it.each([
    ['128Mi', 128 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['1G', 1e9],
    ['1k', 1000],
    ['1Ki', 1024],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['1e6', 1e6],
  ])('memory %s is %d bytes', (q, b) => {
    expect(bytes(q)).toBe(b);
  });

  it.each(['', 'abc', '1Mb', '1 Gi', '--1', '1.2.3', 'Gi'])('rejects %j', (q) => {
    expect(parseQuantity(q)).toBeUndefined();
  });
});
