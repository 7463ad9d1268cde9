/**
 * The Deployment controller (kubernetes pkg/controller/deployment): owns ReplicaSets, one per pod
 * template, and moves replicas from old ones to the new one — RollingUpdate within maxSurge and
 * maxUnavailable (rolling.go), or Recreate (recreate.go) — then reports status and the Available and
 * Progressing conditions (sync.go, progress.go).
 */
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../kube/object.ts';
import { matchesSelector } from '../../kube/selector.ts';
import type { SimContext } from '../context.ts';
import {
  byCreation,
  computeHash,
  DESIRED_REPLICAS,
  equalIgnoreHash,
  MAX_REPLICAS,
  maxSurge,
  maxUnavailable,
  POD_TEMPLATE_HASH,
  replicasOf,
  REVISION,
  REVISION_HISTORY,
  revisionOf,
  sumSpecReplicas,
  sumStatus,
} from './deployment-util.ts';
import { omitZero } from './omit-zero.ts';
import { controllerRef, isControlledBy, newControllerRef } from './owner.ts';
import { keyFor, splitKey, WorkQueue } from './work-queue.ts';

const COMPONENT = 'deployment-controller';

export class DeploymentController {
  private readonly ctx: SimContext;
  private readonly queue: WorkQueue;

  constructor(ctx: SimContext) {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    ctx.store.watch('Deployment', (e) => this.queue.add(keyFor(e.object)));
    ctx.store.watch('ReplicaSet', (e) => {
      const ref = controllerRef(e.object);
      if (ref?.kind === 'Deployment') this.queue.add(`${e.object.metadata.namespace}/${ref.name}`);
      else if (!ref && e.type !== 'DELETED') {
        for (const d of ctx.store.list('Deployment', e.object.metadata.namespace)) {
          if (matchesSelector((d as unknown as Deployment).spec?.selector, e.object.metadata.labels)) this.queue.add(keyFor(d));
        }
      }
    });
    // Recreate waits for old pods to be gone (deployment_controller.go deletePod).
    ctx.store.watch('Pod', (e) => {
      if (e.type !== 'DELETED') return;
      const ref = controllerRef(e.object);
      const rs = ref?.kind === 'ReplicaSet' ? ctx.store.get('ReplicaSet', ref.name, e.object.metadata.namespace) : undefined;
      const dref = rs && controllerRef(rs);
      if (dref?.kind === 'Deployment') this.queue.add(`${e.object.metadata.namespace}/${dref.name}`);
    });
  }

  /** deployment_controller.go syncDeployment. */
  private sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.store.get('Deployment', name, namespace);
    if (!obj || obj.metadata.deletionTimestamp) return;
    const d = obj as unknown as Deployment;
    const all = this.claimReplicaSets(obj);
    this.checkPausedConditions(obj);
    // A paused Deployment, or one whose replicas changed, is only scaled (sync.go sync), never rolled.
    if (d.spec?.paused || this.isScalingEvent(d, all)) {
      const { newRs, old } = this.newAndOld(obj, all, false);
      this.scaleProportionally(obj, newRs, old);
      const fresh = newRs ? this.fresh(newRs) : undefined;
      const freshOld = old.map((rs) => this.fresh(rs));
      if (d.spec?.paused) this.cleanup(obj, freshOld);
      this.syncStatus(obj, fresh, freshOld);
      return;
    }
    const { newRs, old } = this.newAndOld(obj, all, true);
    if (d.spec?.strategy?.type === 'Recreate') this.rolloutRecreate(obj, newRs!, old);
    else this.rolloutRolling(obj, newRs!, old);
  }

  /** sync.go isScalingEvent: an active ReplicaSet's desired-replicas annotation differs from spec.replicas. */
  private isScalingEvent(d: Deployment, all: ReplicaSet[]): boolean {
    return all.some((rs) => replicasOf(rs) > 0 && rs.metadata?.annotations?.[DESIRED_REPLICAS] !== undefined && Number(rs.metadata.annotations[DESIRED_REPLICAS]) !== (d.spec?.replicas ?? 1));
  }

  /** sync.go scale: one active ReplicaSet takes the new size; otherwise sizes change in proportion. */
  private scaleProportionally(owner: KubeObject, newRs: ReplicaSet | undefined, oldList: ReplicaSet[]): void {
    const d = owner as unknown as Deployment;
    const replicas = d.spec?.replicas ?? 1;
    const active = [...(newRs ? [newRs] : []), ...oldList].filter((rs) => replicasOf(rs) > 0);
    if (active.length <= 1) {
      // FindActiveOrLatest: the only active one, else the newest.
      const target = active[0] ?? newRs ?? [...oldList].sort((a, b) => (a.metadata?.creationTimestamp ?? '') < (b.metadata?.creationTimestamp ?? '') ? 1 : -1)[0];
      if (target && replicasOf(target) !== replicas) this.scale(owner, target, replicas);
      return;
    }
    if (newRs && this.isSaturated(d, newRs)) {
      for (const rs of oldList) if (replicasOf(rs) > 0) this.scale(owner, rs, 0);
      return;
    }
    if (d.spec?.strategy?.type !== 'RollingUpdate') return;
    const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
    const toAdd = allowed - sumSpecReplicas(active);
    if (toAdd === 0) return;
    // Larger first; on ties newer first when scaling up, older first when scaling down.
    const byCreated = (a: ReplicaSet, b: ReplicaSet): number => ((a.metadata?.creationTimestamp ?? '') < (b.metadata?.creationTimestamp ?? '') ? -1 : (a.metadata?.creationTimestamp ?? '') > (b.metadata?.creationTimestamp ?? '') ? 1 : 0);
    const sorted = [...active].sort((a, b) => replicasOf(b) - replicasOf(a) || (toAdd > 0 ? byCreated(b, a) : byCreated(a, b)));
    let added = 0;
    const sizes = sorted.map((rs) => {
      const proportion = this.proportion(rs, d, toAdd, added);
      added += proportion;
      return replicasOf(rs) + proportion;
    });
    sizes[0] = Math.max(0, sizes[0]! + (toAdd - added)); // leftovers go to the largest
    sorted.forEach((rs, i) => this.scale(owner, rs, sizes[i]!));
  }

  /** deployment_util.go GetReplicaSetProportion and getReplicaSetFraction. */
  private proportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
    if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
    const replicas = d.spec?.replicas ?? 1;
    let fraction: number;
    if (replicas === 0) fraction = -replicasOf(rs);
    else {
      const maxNow = replicas + maxSurge(d);
      let before = Number(rs.metadata?.annotations?.[MAX_REPLICAS] ?? 0);
      if (!before) before = d.status?.replicas ?? 0;
      // integer.RoundToInt32: round half away from zero.
      fraction = before === 0 ? 0 : Math.sign((replicasOf(rs) * maxNow) / before) * Math.round(Math.abs((replicasOf(rs) * maxNow) / before)) - replicasOf(rs);
    }
    const allowed = toAdd - added;
    return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
  }

  /** deployment_util.go IsSaturated. */
  private isSaturated(d: Deployment, rs: ReplicaSet): boolean {
    const replicas = d.spec?.replicas ?? 1;
    return Number(rs.metadata?.annotations?.[DESIRED_REPLICAS]) === replicas && replicasOf(rs) === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
  }

  /** sync.go checkPausedConditions: Progressing Unknown with DeploymentPaused / DeploymentResumed. */
  private checkPausedConditions(owner: KubeObject): void {
    const d = owner as unknown as Deployment;
    const cond = d.status?.conditions?.find((c) => c.type === 'Progressing');
    if (cond?.reason === 'ProgressDeadlineExceeded') return;
    const pausedCond = cond?.reason === 'DeploymentPaused';
    if (d.spec?.paused && !pausedCond) this.setProgressing(owner, 'Unknown', 'DeploymentPaused', 'Deployment is paused');
    else if (!d.spec?.paused && pausedCond) this.setProgressing(owner, 'Unknown', 'DeploymentResumed', 'Deployment is resumed');
  }

  /** ReplicaSetControllerRefManager.ClaimReplicaSets. */
  private claimReplicaSets(owner: KubeObject): ReplicaSet[] {
    const d = owner as unknown as Deployment;
    const claimed: ReplicaSet[] = [];
    for (const obj of this.ctx.store.list('ReplicaSet', owner.metadata.namespace)) {
      const ref = controllerRef(obj);
      const matches = matchesSelector(d.spec?.selector, obj.metadata.labels);
      if (ref) {
        if (ref.uid === owner.metadata.uid && matches) claimed.push(obj as unknown as ReplicaSet);
      } else if (matches && !obj.metadata.deletionTimestamp) {
        const adopted = this.ctx.api.replace({ ...obj, metadata: { ...obj.metadata, ownerReferences: [...(obj.metadata.ownerReferences ?? []), newControllerRef(owner)] } });
        claimed.push(adopted as unknown as ReplicaSet);
      }
    }
    return claimed;
  }

  /** getNewReplicaSet / FindNewReplicaSet: the RS whose template equals the Deployment's, created when missing. */
  private newAndOld(owner: KubeObject, all: ReplicaSet[], create: boolean): { newRs?: ReplicaSet; old: ReplicaSet[] } {
    const d = owner as unknown as Deployment;
    const rolling = d.spec?.strategy?.type !== 'Recreate';
    const existing = byCreation(all).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
    const old = all.filter((rs) => rs !== existing);
    const maxOldRevision = Math.max(0, ...old.map(revisionOf));
    if (existing) {
      // SetNewReplicaSetAnnotations: a reused ReplicaSet (a rollback) gets the next revision and keeps
      // its earlier numbers in revision-history.
      let rs = existing;
      const had = revisionOf(existing);
      if (had < maxOldRevision + 1) {
        const history = existing.metadata?.annotations?.[REVISION_HISTORY];
        const set: Record<string, string> = { [REVISION]: String(maxOldRevision + 1) };
        if (existing.metadata?.annotations?.[REVISION] !== undefined) set[REVISION_HISTORY] = history ? `${history},${had}` : String(had);
        rs = this.updateRsAnnotations(existing, set);
      }
      this.setRevisionOnDeployment(owner, revisionOf(rs));
      return { newRs: rs, old };
    }
    if (!create) return { old };
    const hash = computeHash(d.spec?.template, d.status?.collisionCount);
    const template = structuredClone(d.spec?.template ?? {});
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash } };
    const replicas = d.spec?.replicas ?? 1;
    // NewRSNewReplicas: as many as the surge allows right away (0 for Recreate until old pods are gone).
    const initial = rolling ? Math.max(0, Math.min(replicas + maxSurge(d) - sumSpecReplicas(old), replicas)) : 0;
    const revision = maxOldRevision + 1;
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${owner.metadata.name}-${hash}`,
        namespace: owner.metadata.namespace,
        labels: { ...(template.metadata.labels ?? {}) },
        annotations: {
          ...copyableAnnotations(owner),
          [DESIRED_REPLICAS]: String(replicas),
          [MAX_REPLICAS]: String(replicas + maxSurge(d)),
          [REVISION]: String(revision),
        },
        ownerReferences: [newControllerRef(owner)],
      },
      spec: {
        replicas: initial,
        minReadySeconds: d.spec?.minReadySeconds ?? 0,
        selector: { ...d.spec!.selector, matchLabels: { ...(d.spec?.selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash } },
        template,
      },
    };
    const created = this.ctx.api.create(rs as unknown as KubeObject) as unknown as ReplicaSet;
    if (initial > 0) this.ctx.events.record(owner, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata!.name} from 0 to ${initial}`, COMPONENT);
    this.setRevisionOnDeployment(owner, revision);
    this.setProgressing(owner, 'True', 'NewReplicaSetCreated', `Created new replica set "${created.metadata!.name}"`);
    return { newRs: created, old };
  }

  /** rolling.go rolloutRolling: scale up first; if nothing changed, scale down; then status and cleanup. */
  private rolloutRolling(owner: KubeObject, newRs: ReplicaSet, old: ReplicaSet[]): void {
    const d = owner as unknown as Deployment;
    const scaledUp = this.reconcileNewReplicaSet(owner, newRs, old);
    if (scaledUp) {
      this.syncStatus(owner, this.fresh(newRs), old.map((rs) => this.fresh(rs)));
      return;
    }
    const scaledDown = this.reconcileOldReplicaSets(owner, newRs, old);
    const freshOld = old.map((rs) => this.fresh(rs));
    if (!scaledDown && this.isComplete(d, newRs, freshOld)) this.cleanup(owner, freshOld);
    this.syncStatus(owner, this.fresh(newRs), freshOld);
  }

  /** recreate.go rolloutRecreate: scale old to 0, wait for their pods to go, then scale new up. */
  private rolloutRecreate(owner: KubeObject, newRs: ReplicaSet, old: ReplicaSet[]): void {
    const d = owner as unknown as Deployment;
    let scaledDown = false;
    for (const rs of old) if (replicasOf(rs) > 0) scaledDown = this.scale(owner, rs, 0) || scaledDown;
    if (scaledDown) {
      this.syncStatus(owner, newRs, old.map((rs) => this.fresh(rs)));
      return;
    }
    const oldPodsRunning = this.ctx.store
      .list('Pod', owner.metadata.namespace)
      .some((p) => old.some((rs) => isControlledBy(p as unknown as Pod, rs as unknown as KubeObject)));
    if (oldPodsRunning) {
      this.syncStatus(owner, newRs, old);
      return;
    }
    if (replicasOf(newRs) !== (d.spec?.replicas ?? 1)) this.scale(owner, newRs, d.spec?.replicas ?? 1);
    const freshOld = old.map((rs) => this.fresh(rs));
    if (this.isComplete(d, this.fresh(newRs), freshOld)) this.cleanup(owner, freshOld);
    this.syncStatus(owner, this.fresh(newRs), freshOld);
  }

  /** rolling.go reconcileNewReplicaSet + deployment_util.go NewRSNewReplicas. */
  private reconcileNewReplicaSet(owner: KubeObject, newRs: ReplicaSet, old: ReplicaSet[]): boolean {
    const d = owner as unknown as Deployment;
    const replicas = d.spec?.replicas ?? 1;
    const current = replicasOf(newRs);
    if (current === replicas) return false;
    if (current > replicas) return this.scale(owner, newRs, replicas);
    const maxTotal = replicas + maxSurge(d);
    const total = current + sumSpecReplicas(old);
    if (total >= maxTotal) return false;
    const up = Math.min(maxTotal - total, replicas - current);
    return this.scale(owner, newRs, current + up);
  }

  /** rolling.go reconcileOldReplicaSets, cleanupUnhealthyReplicas, scaleDownOldReplicaSetsForRollingUpdate. */
  private reconcileOldReplicaSets(owner: KubeObject, newRs: ReplicaSet, oldList: ReplicaSet[]): boolean {
    const d = owner as unknown as Deployment;
    if (sumSpecReplicas(oldList) === 0) return false;
    const replicas = d.spec?.replicas ?? 1;
    const minAvailable = replicas - maxUnavailable(d);
    const allPods = sumSpecReplicas([newRs, ...oldList]);
    const newUnavailable = replicasOf(newRs) - (newRs.status?.availableReplicas ?? 0);
    const maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return false;

    // Unhealthy old replicas go first, oldest ReplicaSet first.
    let cleaned = 0;
    let old = byCreation(oldList);
    old = old.map((rs) => {
      if (cleaned >= maxScaledDown || replicasOf(rs) === 0) return rs;
      const unhealthy = replicasOf(rs) - (rs.status?.availableReplicas ?? 0);
      if (unhealthy <= 0) return rs;
      const down = Math.min(maxScaledDown - cleaned, unhealthy);
      cleaned += down;
      this.scale(owner, rs, replicasOf(rs) - down);
      return this.fresh(rs);
    });

    // Then healthy ones, as long as availability stays above minAvailable.
    const available = sumStatus([newRs, ...old], 'availableReplicas');
    let scaled = 0;
    if (available > minAvailable) {
      const total = available - minAvailable;
      for (const rs of old) {
        if (scaled >= total) break;
        if (replicasOf(rs) === 0) continue;
        const down = Math.min(replicasOf(rs), total - scaled);
        this.scale(owner, rs, replicasOf(rs) - down);
        scaled += down;
      }
    }
    return cleaned + scaled > 0;
  }

  /** sync.go scaleReplicaSet: spec.replicas and the desired/max annotations, with a ScalingReplicaSet event. */
  private scale(owner: KubeObject, rs: ReplicaSet, to: number): boolean {
    const d = owner as unknown as Deployment;
    const current = this.fresh(rs);
    const from = replicasOf(current);
    const annotations = { ...(current.metadata?.annotations ?? {}), [DESIRED_REPLICAS]: String(d.spec?.replicas ?? 1), [MAX_REPLICAS]: String((d.spec?.replicas ?? 1) + maxSurge(d)) };
    if (from === to && canonicalEqual(annotations, current.metadata?.annotations)) return false;
    this.ctx.api.replace({ ...(current as unknown as KubeObject), metadata: { ...(current.metadata as KubeObject['metadata']), annotations }, spec: { ...current.spec!, replicas: to } });
    if (from !== to) {
      const verb = to > from ? 'up' : 'down';
      this.ctx.events.record(owner, 'Normal', 'ScalingReplicaSet', `Scaled ${verb} replica set ${current.metadata!.name} from ${from} to ${to}`, COMPONENT);
    }
    return from !== to;
  }

  /** sync.go cleanupDeployment: old ReplicaSets beyond revisionHistoryLimit, fully scaled down, oldest revision first. */
  private cleanup(owner: KubeObject, old: ReplicaSet[]): void {
    const d = owner as unknown as Deployment;
    const limit = d.spec?.revisionHistoryLimit ?? 10;
    const candidates = old
      .filter((rs) => replicasOf(rs) === 0 && (rs.status?.replicas ?? 0) === 0 && (rs.status?.observedGeneration ?? 0) >= (rs.metadata?.generation ?? 0) && !rs.metadata?.deletionTimestamp)
      .sort((a, b) => revisionOf(a) - revisionOf(b));
    const excess = candidates.length - limit;
    for (const rs of candidates.slice(0, Math.max(0, excess))) this.ctx.api.delete('ReplicaSet', rs.metadata!.name!, rs.metadata?.namespace);
  }

  private isComplete(d: Deployment, newRs: ReplicaSet, old: ReplicaSet[]): boolean {
    const replicas = d.spec?.replicas ?? 1;
    const all = [newRs, ...old];
    return (newRs.status?.replicas ?? 0) === replicas && sumStatus(all, 'replicas') === replicas && sumStatus(all, 'availableReplicas') === replicas;
  }

  /** sync.go calculateStatus + progress.go syncRolloutStatus. */
  private syncStatus(owner: KubeObject, newRs: ReplicaSet | undefined, old: ReplicaSet[]): void {
    const current = this.ctx.store.get('Deployment', owner.metadata.name!, owner.metadata.namespace);
    if (!current) return;
    const d = current as unknown as Deployment;
    const prev: DeploymentStatus = d.status ?? {};
    const all = newRs ? [newRs, ...old] : old;
    const replicas = d.spec?.replicas ?? 1;
    const available = sumStatus(all, 'availableReplicas');
    const total = sumStatus(all, 'replicas');
    const updated = newRs?.status?.replicas ?? 0;
    // apps/v1 DeploymentStatus: every count is `omitempty`, so a zero is left out of the object.
    const status: DeploymentStatus = omitZero({
      observedGeneration: current.metadata.generation,
      replicas: total,
      updatedReplicas: updated,
      readyReplicas: sumStatus(all, 'readyReplicas'),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, replicas - available),
      ...(prev.collisionCount !== undefined ? { collisionCount: prev.collisionCount } : {}),
    });
    const now = this.ctx.clock.timestamp();
    const conditions = [...(prev.conditions ?? [])];
    const hasMin = available >= replicas - maxUnavailable(d);
    setCondition(conditions, now, {
      type: 'Available',
      status: hasMin ? 'True' : 'False',
      reason: hasMin ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
      message: hasMin ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.',
    });
    const rsName = newRs?.metadata?.name ?? '';
    const progressing = conditions.find((c) => c.type === 'Progressing');
    const complete = updated === replicas && total === replicas && available === replicas && (status.observedGeneration ?? 0) >= (current.metadata.generation ?? 0);
    const deadline = d.spec?.progressDeadlineSeconds ?? 600;
    // progress.go syncRolloutStatus isCompleteDeployment: once the rollout has completed
    // (NewReplicaSetAvailable) and no old pods remain, progress is no longer estimated, even if pods
    // later lose readiness and regain it.
    const completedBefore = total === updated && progressing?.reason === 'NewReplicaSetAvailable';
    if (d.spec?.paused || completedBefore) {
      // progress.go: a paused or completed deployment reports no progress and never times out.
    } else if (complete && newRs) {
      setCondition(conditions, now, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.` });
    } else if (madeProgress(prev, status)) {
      setCondition(conditions, now, { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rsName}" is progressing.` }, true);
    } else if (progressing && progressing.reason !== 'NewReplicaSetAvailable' && progressing.reason !== 'ProgressDeadlineExceeded') {
      const since = this.ctx.clock.parse(progressing.lastUpdateTime) ?? this.ctx.clock.now;
      if (since + deadline * 1000 <= this.ctx.clock.now) {
        setCondition(conditions, now, { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rsName}" has timed out progressing.` });
      } else {
        // progress.go requeueStuckDeployment: check again when the deadline passes.
        this.queue.addAfter(keyFor(current), since + deadline * 1000 - this.ctx.clock.now + 1);
      }
    }
    const next = { ...status, conditions };
    if (canonicalEqual(prev, next)) return;
    this.ctx.api.updateStatus(current, next);
  }

  private setProgressing(owner: KubeObject, status: string, reason: string, message: string): void {
    const current = this.ctx.store.get('Deployment', owner.metadata.name!, owner.metadata.namespace);
    if (!current) return;
    const d = current as unknown as Deployment;
    const conditions = [...(d.status?.conditions ?? [])];
    setCondition(conditions, this.ctx.clock.timestamp(), { type: 'Progressing', status, reason, message });
    this.ctx.api.updateStatus(current, { ...(d.status ?? {}), conditions });
  }

  private setRevisionOnDeployment(owner: KubeObject, revision: number): void {
    const current = this.ctx.store.get('Deployment', owner.metadata.name!, owner.metadata.namespace);
    if (!current || current.metadata.annotations?.[REVISION] === String(revision)) return;
    this.ctx.api.replace({ ...current, metadata: { ...current.metadata, annotations: { ...(current.metadata.annotations ?? {}), [REVISION]: String(revision) } } });
  }

  private updateRsAnnotations(rs: ReplicaSet, set: Record<string, string>): ReplicaSet {
    const current = this.fresh(rs);
    return this.ctx.api.replace({
      ...(current as unknown as KubeObject),
      metadata: { ...(current.metadata as KubeObject['metadata']), annotations: { ...(current.metadata?.annotations ?? {}), ...set } },
    }) as unknown as ReplicaSet;
  }

  private fresh(rs: ReplicaSet): ReplicaSet {
    return (this.ctx.store.get('ReplicaSet', rs.metadata!.name!, rs.metadata?.namespace) as unknown as ReplicaSet | undefined) ?? rs;
  }
}

/** deployment_util.go DeploymentProgressing: any of these moving forward counts as progress. */
function madeProgress(prev: DeploymentStatus, next: DeploymentStatus): boolean {
  const oldPods = (prev.replicas ?? 0) - (prev.updatedReplicas ?? 0);
  const newOldPods = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
  return (
    (next.updatedReplicas ?? 0) > (prev.updatedReplicas ?? 0) ||
    newOldPods < oldPods ||
    (next.readyReplicas ?? 0) > (prev.readyReplicas ?? 0) ||
    (next.availableReplicas ?? 0) > (prev.availableReplicas ?? 0)
  );
}

/** SetDeploymentCondition: lastTransitionTime moves only when status changes; lastUpdateTime on every change. */
function setCondition(conditions: DeploymentCondition[], now: string, c: Omit<DeploymentCondition, 'lastUpdateTime' | 'lastTransitionTime'>, keepTransition = false): void {
  const i = conditions.findIndex((x) => x.type === c.type);
  const prev = conditions[i];
  if (prev && prev.status === c.status && prev.reason === c.reason && prev.message === c.message) return;
  const sameStatus = prev && prev.status === c.status;
  const next: DeploymentCondition = { ...c, lastUpdateTime: now, lastTransitionTime: sameStatus || (keepTransition && prev?.status === c.status) ? prev!.lastTransitionTime : now };
  if (i >= 0) conditions[i] = next;
  else conditions.push(next);
}

function canonicalEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Annotations a Deployment passes to its ReplicaSets (all but kubectl's last-applied and its own rollout ones). */
function copyableAnnotations(owner: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(owner.metadata.annotations ?? {})) {
    if (k === 'kubectl.kubernetes.io/last-applied-configuration' || k === REVISION || k.startsWith('deployment.kubernetes.io/')) continue;
    out[k] = v;
  }
  return out;
}
