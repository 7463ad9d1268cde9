import type { Deployment } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import { computeHash, equalIgnoreHash, resolveFenceposts, scaledValue } from './deployment-util.ts';

const d = (replicas: number, maxSurge: number | string, maxUnavailable: number | string): Deployment => ({
  spec: { replicas, selector: {}, template: {}, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } } },
});

// pkg/controller/deployment/util/deployment_util.go ResolveFenceposts and its tests.
describe('rolling update fenceposts', () => {
  it('rounds surge up and unavailable down', () => {
    expect(resolveFenceposts(d(10, '25%', '25%'))).toEqual({ maxSurge: 3, maxUnavailable: 2 });
    expect(resolveFenceposts(d(3, '25%', '25%'))).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(resolveFenceposts(d(1, '25%', '25%'))).toEqual({ maxSurge: 1, maxUnavailable: 0 });
  });

  it('makes unavailable 1 when both resolve to 0', () => {
    expect(resolveFenceposts(d(3, 0, '10%'))).toEqual({ maxSurge: 0, maxUnavailable: 1 });
  });

  it('scales integers and percentages', () => {
    expect(scaledValue(2, 10, true)).toBe(2);
    expect(scaledValue('50%', 5, true)).toBe(3);
    expect(scaledValue('50%', 5, false)).toBe(2);
  });
});

describe('pod-template-hash', () => {
  it('is stable, vowel-free, and ignores its own label', () => {
    const t = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a', image: 'nginx' }] } };
    const h = computeHash(t);
    expect(h).toBe(computeHash(structuredClone(t)));
    expect(h).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(computeHash(t, 1)).not.toBe(h);
    expect(equalIgnoreHash(t, { ...t, metadata: { labels: { app: 'web', 'pod-template-hash': h } } })).toBe(true);
    expect(equalIgnoreHash(t, { ...t, spec: { containers: [{ name: 'a', image: 'nginx:2' }] } })).toBe(false);
  });

  it('compares templates whose only label is the hash, and leaves both templates as they were', () => {
    const bare = { metadata: {}, spec: { containers: [{ name: 'a', image: 'nginx' }] } };
    const hashed = { metadata: { labels: { 'pod-template-hash': 'abc' } }, spec: { containers: [{ name: 'a', image: 'nginx' }] } };
    expect(equalIgnoreHash(bare, hashed)).toBe(true);
    expect(equalIgnoreHash(hashed, { ...hashed, metadata: { labels: { 'pod-template-hash': 'xyz', tier: 'front' } } })).toBe(false);
    expect(hashed.metadata.labels).toEqual({ 'pod-template-hash': 'abc' });
  });
});
