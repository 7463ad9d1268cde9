/**
 * The HPA's replica calculation for Resource metrics (kubernetes pkg/controller/podautoscaler/
 * replica_calculator.go GetResourceReplicas and groupPods): desired = ceil(current × usage / target)
 * over the ready pods, nothing within the tolerance (0.1); pods not yet ready count as 0 % on a scale
 * up, pods without metrics as 100 % of their request on a scale down and 0 % on a scale up; and a
 * recomputation that flips the direction changes nothing.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { bytes, milliCpu } from '../../../kube/quantity.ts';
import type { PodMetrics } from '../../metrics/metrics-server.ts';

export const TOLERANCE = 0.1;
/** --horizontal-pod-autoscaler-cpu-initialization-period and --…-initial-readiness-delay. */
export const CPU_INITIALIZATION_PERIOD_MS = 300_000;
export const INITIAL_READINESS_DELAY_MS = 30_000;

export type Resource = 'cpu' | 'memory';

export interface ReplicaResult {
  replicas: number;
  /** Average utilisation of the ready pods, in percent of their requests (Utilization targets). */
  utilization?: number;
  /** Average raw value per pod (millicores or bytes). */
  averageValue: number;
}

export class MetricsError extends Error {
  readonly reason: string;

  constructor(reason: string, message: string) {
    super(message);
    this.name = 'MetricsError';
    this.reason = reason;
  }
}

interface Options {
  resource: Resource;
  /** targetUtilization in percent, or an AverageValue target in millicores / bytes. */
  target: { utilization: number } | { averageValue: number };
  currentReplicas: number;
  pods: Pod[];
  metrics: (pod: Pod) => PodMetrics | undefined;
  nowMs: number;
  parse: (t: string | undefined) => number | undefined;
  tolerance?: number;
}

export function resourceReplicas(o: Options): ReplicaResult {
  const usageOf = (m: PodMetrics): number => m.containers.reduce((n, c) => n + (o.resource === 'cpu' ? c.cpu : c.memory), 0);
  const requestOf = (pod: Pod): number => {
    let total = 0;
    for (const c of pod.spec?.containers ?? []) {
      const req = c.resources?.requests?.[o.resource];
      if (req === undefined) throw new MetricsError('FailedGetResourceMetric', `missing request for ${o.resource} in container ${c.name} of Pod ${pod.metadata?.name}`);
      total += (o.resource === 'cpu' ? milliCpu(req) : bytes(req)) ?? 0;
    }
    return total;
  };
  // groupPods
  const ready = new Map<string, number>();
  const unready: Pod[] = [];
  const missing: Pod[] = [];
  const requests = new Map<string, number>();
  for (const pod of o.pods) {
    if (pod.metadata?.deletionTimestamp || pod.status?.phase === 'Failed') continue;
    const name = pod.metadata!.name!;
    if (pod.status?.phase === 'Pending') {
      unready.push(pod);
      continue;
    }
    const m = o.metrics(pod);
    if (!m) {
      missing.push(pod);
      continue;
    }
    if (o.resource === 'cpu' && isUnready(pod, m, o.nowMs, o.parse)) {
      unready.push(pod);
      continue;
    }
    ready.set(name, usageOf(m));
  }
  if (ready.size === 0 && unready.length === 0 && missing.length === 0) throw new MetricsError('FailedGetResourceMetric', `unable to get metrics for resource ${o.resource}: no metrics returned from resource metrics API`);
  const tolerance = o.tolerance ?? TOLERANCE;
  if ('utilization' in o.target) {
    for (const pod of [...o.pods]) if (!pod.metadata?.deletionTimestamp && pod.status?.phase !== 'Failed') requests.set(pod.metadata!.name!, requestOf(pod));
  }
  const ratioOf = (usage: Map<string, number>): { ratio: number; utilization?: number; average: number } => {
    const total = [...usage.values()].reduce((a, b) => a + b, 0);
    const average = usage.size > 0 ? total / usage.size : 0;
    if ('utilization' in o.target) {
      const req = [...usage.keys()].reduce((n, k) => n + (requests.get(k) ?? 0), 0);
      if (req === 0) return { ratio: 0, utilization: 0, average };
      const utilization = (total * 100) / req;
      return { ratio: utilization / o.target.utilization, utilization: Math.trunc(utilization), average };
    }
    return { ratio: average / o.target.averageValue, average };
  };
  const first = ratioOf(ready);
  const result = (replicas: number): ReplicaResult => ({ replicas, ...(first.utilization !== undefined ? { utilization: first.utilization } : {}), averageValue: Math.round(first.average) });
  const scaleUpWithUnready = unready.length > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && missing.length === 0) {
    if (Math.abs(1 - first.ratio) <= tolerance) return result(o.currentReplicas);
    return result(Math.ceil(first.ratio * ready.size));
  }
  // Fill in the pods without usable metrics, then compute again.
  const filled = new Map(ready);
  const fill = (pod: Pod, fraction: number): void => {
    const name = pod.metadata!.name!;
    const full = 'utilization' in o.target ? (requests.get(name) ?? 0) : o.target.averageValue;
    filled.set(name, full * fraction);
  };
  for (const pod of missing) fill(pod, first.ratio < 1 ? 1 : 0);
  if (scaleUpWithUnready) for (const pod of unready) fill(pod, 0);
  const second = ratioOf(filled);
  if (Math.abs(1 - second.ratio) <= tolerance || (first.ratio < 1 && second.ratio > 1) || (first.ratio > 1 && second.ratio < 1)) return result(o.currentReplicas);
  const replicas = Math.ceil(second.ratio * filled.size);
  if ((second.ratio < 1 && replicas > o.currentReplicas) || (second.ratio > 1 && replicas < o.currentReplicas)) return result(o.currentReplicas);
  return result(replicas);
}

/** groupPods' CPU readiness rule, with the initialisation period and initial readiness delay. */
function isUnready(pod: Pod, m: PodMetrics, now: number, parse: (t: string | undefined) => number | undefined): boolean {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const start = parse(pod.status?.startTime);
  if (!ready || start === undefined) return true;
  const transition = parse(ready.lastTransitionTime) ?? start;
  if (start + CPU_INITIALIZATION_PERIOD_MS > now) return ready.status === 'False' || m.timestampMs - m.windowMs < transition;
  return ready.status === 'False' && start + INITIAL_READINESS_DELAY_MS > transition;
}
