import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { Clock } from '../clock.ts';
import { sortForDeletion } from './pod-ranking.ts';

const clock = new Clock(Date.parse('2026-01-01T00:00:00Z'));
clock.advanceTo(3_600_000);

function pod(name: string, o: { node?: string; phase?: string; ready?: boolean; readySince?: string; restarts?: number; created?: string; cost?: string }): Pod {
  return {
    metadata: { name, uid: name, creationTimestamp: o.created ?? '2026-01-01T00:00:00Z', ...(o.cost ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': o.cost } } : {}) },
    spec: { containers: [], ...(o.node ? { nodeName: o.node } : {}) },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: o.readySince ?? '2026-01-01T00:00:00Z' }],
      containerStatuses: [{ name: 'c', image: '', imageID: '', ready: true, restartCount: o.restarts ?? 0 }],
    },
  };
}

// pkg/controller/controller_utils.go ActivePodsWithRanks.Less
describe('ReplicaSet scale-down order', () => {
  const names = (pods: Pod[]): string[] => sortForDeletion(pods, clock).map((p) => p.metadata!.name!);

  it('unassigned, then pending, then not ready, before ready', () => {
    expect(names([pod('ready', { node: 'n1' }), pod('not-ready', { node: 'n2', ready: false }), pod('pending', { node: 'n3', phase: 'Pending', ready: false }), pod('unassigned', { phase: 'Pending', ready: false })])).toEqual([
      'unassigned',
      'pending',
      'not-ready',
      'ready',
    ]);
  });

  it('lower pod-deletion-cost first, then doubled-up nodes', () => {
    expect(names([pod('a', { node: 'n1', cost: '10' }), pod('b', { node: 'n1', cost: '-5' })])).toEqual(['b', 'a']);
    expect(names([pod('alone', { node: 'n1' }), pod('x', { node: 'n2' }), pod('y', { node: 'n2' })]).slice(0, 2).sort()).toEqual(['x', 'y']);
  });

  it('ready for less time first, then more restarts, then newer', () => {
    expect(names([pod('old', { node: 'n1', readySince: '2026-01-01T00:00:00Z' }), pod('new', { node: 'n2', readySince: '2026-01-01T00:59:00Z' })])).toEqual(['new', 'old']);
    expect(names([pod('calm', { node: 'n1' }), pod('crashy', { node: 'n2', restarts: 5 })])).toEqual(['crashy', 'calm']);
    expect(names([pod('older', { node: 'n1', created: '2026-01-01T00:00:00Z' }), pod('newer', { node: 'n2', created: '2026-01-01T00:59:00Z' })])).toEqual(['newer', 'older']);
  });
});
