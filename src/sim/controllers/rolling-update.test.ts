import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster.ts';
import { deployment } from '../testing.ts';

const isReady = (p: Pod): boolean => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/** Rolls `replicas` pods from nginx:1.27 to 1.28 and returns the extremes seen, sampled every 250 ms. */
function rollout(replicas: number, strategy?: Record<string, unknown>) {
  const c = createCluster({ nodes: 4, images: { 'shop/web': { pullSeconds: 1, startSeconds: 3, ports: [80] } } });
  const spec = { replicas, image: 'shop/web:v1', readiness: { periodSeconds: 2 }, ...(strategy ? { strategy } : {}) };
  c.apply([deployment(spec)]);
  c.advance('30s');
  c.apply([deployment({ ...spec, image: 'shop/web:v2' })]);
  let maxPods = 0;
  let minReady = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 240; i++) {
    c.advance(250);
    const live = c.list<Pod>('Pod').filter((p) => !p.metadata?.deletionTimestamp);
    maxPods = Math.max(maxPods, live.length);
    minReady = Math.min(minReady, live.filter(isReady).length);
  }
  return { c, maxPods, minReady };
}

// pkg/controller/deployment/rolling.go with the fenceposts of deployment_util.go ResolveFenceposts.
describe('RollingUpdate', () => {
  it('10 replicas at 25%/25% never exceed 13 pods nor drop below 8 ready', () => {
    const { c, maxPods, minReady } = rollout(10);
    expect(maxPods).toBe(13);
    expect(minReady).toBe(8);
    const d = c.get<Deployment>('Deployment', 'web')!;
    expect(d.status).toMatchObject({ replicas: 10, updatedReplicas: 10, availableReplicas: 10 });
    expect(d.metadata!.annotations!['deployment.kubernetes.io/revision']).toBe('2');
    const rss = c.list<ReplicaSet>('ReplicaSet').map((rs) => [rs.spec!.template!.spec!.containers[0]!.image, rs.spec!.replicas, rs.metadata!.annotations!['deployment.kubernetes.io/revision']]);
    expect(rss).toEqual([
      ['shop/web:v1', 0, '1'],
      ['shop/web:v2', 10, '2'],
    ]);
  });

  it('3 replicas with the defaults never exceed 4 nor drop below 3 ready', () => {
    const { maxPods, minReady } = rollout(3);
    expect(maxPods).toBe(4);
    expect(minReady).toBe(3);
  });

  it('maxSurge 0 / maxUnavailable 1 replaces one pod at a time without surging', () => {
    const { maxPods, minReady } = rollout(4, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    expect(maxPods).toBe(4);
    expect(minReady).toBe(3);
  });

  it('Recreate stops every old pod before starting new ones', () => {
    const { c, minReady } = rollout(3, { type: 'Recreate' });
    expect(minReady).toBe(0);
    expect(c.list<Pod>('Pod').every((p) => p.spec!.containers[0]!.image === 'shop/web:v2')).toBe(true);
  });
});

describe('rollback (kubectl polymorphichelpers/rollback.go; deployment_util.go SetNewReplicaSetAnnotations)', () => {
  it('reuses the old ReplicaSet with a new revision number and records revision-history', () => {
    const { c } = rollout(3);
    expect(c.rollback('web').en).toBe('deployment.apps/web rolled back');
    c.advance('60s');
    const rss = c.list<ReplicaSet>('ReplicaSet');
    expect(rss).toHaveLength(2);
    const v1 = rss.find((rs) => rs.spec!.template!.spec!.containers[0]!.image === 'shop/web:v1')!;
    expect(v1.metadata!.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    expect(v1.spec!.replicas).toBe(3);
    expect(c.get<Deployment>('Deployment', 'web')!.metadata!.annotations!['deployment.kubernetes.io/revision']).toBe('3');
    expect(c.list<Pod>('Pod').every((p) => p.spec!.containers[0]!.image === 'shop/web:v1')).toBe(true);
  });

  it('to a revision that is already current is skipped, and a missing one is an error', () => {
    const { c } = rollout(2);
    expect(c.rollback('web', { toRevision: 2 }).en).toBe('deployment.apps/web skipped rollback (current template already matches revision 2)');
    expect(() => c.rollback('web', { toRevision: 7 })).toThrow('unable to find specified revision 7 in history');
  });
});

describe('proportional scaling (sync.go scale)', () => {
  it('spreads a change of replicas over the ReplicaSets of a rollout in progress', () => {
    // A rollout to an image that never becomes ready stays in progress with both ReplicaSets active.
    const c = createCluster({ nodes: 4, images: { 'shop/web': { pullSeconds: 1, startSeconds: 1, ports: [80] }, 'shop/web:broken': { pullSeconds: 1, ports: [] } } });
    const spec = { replicas: 10, image: 'shop/web:v1', readiness: { periodSeconds: 2 } };
    c.apply([deployment(spec)]);
    c.advance('30s');
    c.apply([deployment({ ...spec, image: 'shop/web:broken' })]);
    c.advance('30s');
    const sizes = (): number[] => c.list<ReplicaSet>('ReplicaSet').map((rs) => rs.spec!.replicas!);
    expect(sizes()).toEqual([8, 5]); // 13 = 10 + maxSurge 3; minAvailable 8 holds
    c.scale('Deployment', 'web', 20);
    c.advance('1s');
    // allowed 20 + 5 = 25: +12 split 8:5 of 13 → 8+7=15 (leftover to the largest), 5+5=10
    expect(sizes()).toEqual([15, 10]);
  });
});

describe('pause and progress deadline (sync.go checkPausedConditions, progress.go)', () => {
  it('a paused Deployment does not roll out a new template until resumed', () => {
    const { c } = rollout(2);
    c.pause('web');
    c.setImage('web', 'app', 'shop/web:v3');
    c.advance('30s');
    expect(c.list<ReplicaSet>('ReplicaSet')).toHaveLength(2);
    expect(c.get<Deployment>('Deployment', 'web')!.status!.conditions!.find((x) => x.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    c.pause('web', false);
    c.advance('60s');
    expect(c.list<Pod>('Pod').every((p) => p.spec!.containers[0]!.image === 'shop/web:v3')).toBe(true);
  });

  it('a rollout to a crashing image ends with ProgressDeadlineExceeded after progressDeadlineSeconds', () => {
    const c = createCluster({ nodes: 2, images: { 'shop/web': { pullSeconds: 1, startSeconds: 1, ports: [80] }, 'shop/web:crash': { pullSeconds: 1, crashAfterSeconds: 2 } } });
    const d = deployment({ replicas: 3, image: 'shop/web:v1', readiness: { periodSeconds: 2 } });
    (d.spec as { progressDeadlineSeconds?: number }).progressDeadlineSeconds = 120;
    c.apply([d]);
    c.advance('30s');
    c.setImage('web', 'app', 'shop/web:crash');
    const progressing = () => c.get<Deployment>('Deployment', 'web')!.status!.conditions!.find((x) => x.type === 'Progressing')!;
    c.advance('110s');
    expect(progressing().reason).toBe('ReplicaSetUpdated');
    c.advance('20s');
    expect(progressing()).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(progressing().message).toMatch(/^ReplicaSet "web-\w+" has timed out progressing\.$/);
    // The old pods keep serving: maxUnavailable 0 with 3 replicas.
    expect(c.get<Deployment>('Deployment', 'web')!.status!.availableReplicas).toBe(3);
  });

  it('a completed rollout keeps NewReplicaSetAvailable while its pods crash and come back (progress.go isCompleteDeployment)', () => {
    // Without a readiness probe a crash-looping container is Ready for a few seconds after each
    // restart, so the rollout completes; afterwards each restart makes pods Ready (not yet Available,
    // minReadySeconds 2) again, which the controller no longer counts as progress.
    const c = createCluster({ nodes: 2, images: { 'shop/web:crash': { pullSeconds: 1, startSeconds: 1, ports: [80], crashAfterSeconds: 5 } } });
    const d = deployment({ replicas: 2, image: 'shop/web:crash', minReadySeconds: 2 });
    (d.spec as { progressDeadlineSeconds?: number }).progressDeadlineSeconds = 20;
    c.apply([d]);
    const reasons = new Set<string>();
    const available = new Set<number>();
    let completed = false;
    for (let i = 0; i < 300; i++) {
      c.advance('1s');
      const st = c.get<Deployment>('Deployment', 'web')!.status!;
      const reason = st.conditions!.find((x) => x.type === 'Progressing')!.reason!;
      if (reason === 'NewReplicaSetAvailable') completed = true;
      if (completed) {
        reasons.add(reason);
        available.add(st.availableReplicas ?? 0);
      }
    }
    expect(completed).toBe(true);
    expect([...available].sort()).toEqual([0, 2]); // readiness flapped after completion
    expect([...reasons]).toEqual(['NewReplicaSetAvailable']);
  });
});
