/**
 * Helpers from kubernetes pkg/controller/deployment/util/deployment_util.go: fenceposts, revisions,
 * the pod-template-hash, and the status a Deployment reports.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import { canonicalJson, fnv1a32, jsonEqual, safeEncodeString } from '../canonical.ts';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const POD_TEMPLATE_HASH = 'pod-template-hash';

/** intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(value: number | string | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  const percent = m ? Number(m[1]) : Number(value);
  const v = (percent * total) / 100;
  return roundUp ? Math.ceil(v) : Math.floor(v);
}

/** ResolveFenceposts: surge rounds up, unavailable rounds down; both 0 makes unavailable 1. */
export function resolveFenceposts(d: Deployment): { maxSurge: number; maxUnavailable: number } {
  const replicas = d.spec?.replicas ?? 1;
  const ru = d.spec?.strategy?.rollingUpdate;
  const maxSurge = scaledValue(ru?.maxSurge, replicas, true);
  let maxUnavailable = scaledValue(ru?.maxUnavailable, replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

/** MaxUnavailable: 0 for Recreate or no replicas, never more than replicas. */
export function maxUnavailable(d: Deployment): number {
  const replicas = d.spec?.replicas ?? 1;
  if (d.spec?.strategy?.type !== 'RollingUpdate' || replicas === 0) return 0;
  return Math.min(resolveFenceposts(d).maxUnavailable, replicas);
}

/** MaxSurge: 0 unless RollingUpdate. */
export function maxSurge(d: Deployment): number {
  if (d.spec?.strategy?.type !== 'RollingUpdate') return 0;
  return resolveFenceposts(d).maxSurge;
}

/** pkg/controller/controller_utils.go ComputeHash: a hash of the template (and collision count), safely encoded. */
export function computeHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  const h = fnv1a32(canonicalJson(template ?? {}) + (collisionCount === undefined ? '' : `#${collisionCount}`));
  return safeEncodeString(String(h));
}

/** EqualIgnoreHash: templates equal once the pod-template-hash label is removed. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  // Shallow copies down to the labels: the templates themselves are never changed.
  const strip = (t: PodTemplateSpec | undefined): PodTemplateSpec => {
    const labels = t?.metadata?.labels;
    if (!labels || !Object.hasOwn(labels, POD_TEMPLATE_HASH)) return t ?? {};
    const { [POD_TEMPLATE_HASH]: _hash, ...rest } = labels;
    return { ...t, metadata: { ...t.metadata, labels: Object.keys(rest).length === 0 ? undefined : rest } };
  };
  return jsonEqual(strip(a), strip(b));
}

export function revisionOf(rs: ReplicaSet): number {
  const v = Number(rs.metadata?.annotations?.[REVISION]);
  return Number.isFinite(v) ? v : 0;
}

export function replicasOf(rs: ReplicaSet): number {
  return rs.spec?.replicas ?? 0;
}

export function sumSpecReplicas(list: ReplicaSet[]): number {
  return list.reduce((n, rs) => n + replicasOf(rs), 0);
}

export function sumStatus(list: ReplicaSet[], field: 'replicas' | 'readyReplicas' | 'availableReplicas'): number {
  return list.reduce((n, rs) => n + (rs.status?.[field] ?? 0), 0);
}

/** Oldest first, ties by name (controller.ReplicaSetsByCreationTimestamp). */
export function byCreation(list: ReplicaSet[]): ReplicaSet[] {
  return [...list].sort((a, b) => {
    const ta = a.metadata?.creationTimestamp ?? '';
    const tb = b.metadata?.creationTimestamp ?? '';
    if (ta !== tb) return ta < tb ? -1 : 1;
    return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1;
  });
}
