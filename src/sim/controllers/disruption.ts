/**
 * The disruption controller (kubernetes pkg/controller/disruption/disruption.go): for every
 * PodDisruptionBudget, how many of its pods are healthy (Ready and not being deleted), how many must
 * be (minAvailable, or expected pods − maxUnavailable; percentages of the expected pods, which are the
 * replicas of their controllers), and so how many voluntary disruptions are allowed now.
 */
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../kube/object.ts';
import { matchesSelector } from '../../kube/selector.ts';
import type { SimContext } from '../context.ts';
import { scaledValue } from './deployment-util.ts';
import { controllerRef } from './owner.ts';
import { isPodReady } from './pod-util.ts';
import { keyFor, splitKey, WorkQueue } from './work-queue.ts';

export class DisruptionController {
  private readonly ctx: SimContext;
  private readonly queue: WorkQueue;

  constructor(ctx: SimContext) {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    ctx.store.watch('PodDisruptionBudget', (e) => {
      if (e.type !== 'DELETED' && JSON.stringify(e.old?.spec) !== JSON.stringify(e.object.spec)) this.queue.add(keyFor(e.object));
    });
    ctx.store.watch('Pod', (e) => {
      for (const pdb of ctx.store.list('PodDisruptionBudget', e.object.metadata.namespace)) {
        const sel = (pdb as unknown as PodDisruptionBudget).spec?.selector;
        if (matchesSelector(sel, e.object.metadata.labels) || (e.old && matchesSelector(sel, e.old.metadata.labels))) this.queue.add(keyFor(pdb));
      }
    });
  }

  /** Recomputes a budget's status now (the Eviction API does this before deciding). */
  status(obj: KubeObject): PodDisruptionBudgetStatus {
    const pdb = obj as unknown as PodDisruptionBudget;
    const pods = (this.ctx.store.list('Pod', obj.metadata.namespace) as unknown as Pod[]).filter((p) => matchesSelector(pdb.spec?.selector, p.metadata?.labels));
    const healthy = pods.filter((p) => isPodReady(p) && !p.metadata?.deletionTimestamp).length;
    const expected = this.expectedPods(pods, pdb);
    let desired: number;
    if (pdb.spec?.maxUnavailable !== undefined) desired = Math.max(0, expected - scaledValue(pdb.spec.maxUnavailable, expected, true));
    else if (typeof pdb.spec?.minAvailable === 'string') desired = scaledValue(pdb.spec.minAvailable, expected, true);
    else desired = pdb.spec?.minAvailable ?? 0;
    const allowed = Math.max(0, healthy - desired);
    const now = this.ctx.clock.timestamp();
    const prev = pdb.status?.conditions?.find((c) => c.type === 'DisruptionAllowed');
    const status = allowed > 0 ? 'True' : 'False';
    return {
      observedGeneration: obj.metadata.generation,
      currentHealthy: healthy,
      desiredHealthy: desired,
      disruptionsAllowed: allowed,
      expectedPods: expected,
      conditions: [{ type: 'DisruptionAllowed', status, reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods', message: '', observedGeneration: obj.metadata.generation, lastTransitionTime: prev?.status === status ? prev.lastTransitionTime : now }],
    };
  }

  private sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.store.get('PodDisruptionBudget', name, namespace);
    if (!obj) return;
    const status = this.status(obj);
    if (JSON.stringify(obj.status) !== JSON.stringify(status)) this.ctx.api.updateStatus(obj, status);
  }

  /** getExpectedPodCount: an integer minAvailable counts the pods; otherwise the controllers' replicas. */
  private expectedPods(pods: Pod[], pdb: PodDisruptionBudget): number {
    if (pdb.spec?.maxUnavailable === undefined && typeof pdb.spec?.minAvailable !== 'string') return pods.length;
    const controllers = new Map<string, number>();
    for (const p of pods) {
      const ref = controllerRef(p);
      if (!ref) continue;
      let owner = this.ctx.store.get(ref.kind, ref.name, p.metadata?.namespace);
      // A ReplicaSet of a Deployment counts through the Deployment's replicas.
      const up = owner ? controllerRef(owner) : undefined;
      if (owner && up?.kind === 'Deployment') owner = this.ctx.store.get('Deployment', up.name, p.metadata?.namespace) ?? owner;
      if (owner) controllers.set(`${owner.kind}/${owner.metadata.name}`, (owner.spec as { replicas?: number }).replicas ?? 1);
    }
    return [...controllers.values()].reduce((a, b) => a + b, 0);
  }
}
