/** What a HorizontalPodAutoscaler says about itself: its desired replicas, CPU reading, and why it does not do more. */
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { ClusterBackend } from '../backends/backend.ts';
import { text, type Text } from '../kube/text.ts';

export interface HpaState {
  desired: number;
  utilization?: number;
  /** A condition that explains why the HPA does not (or cannot) do more, if any. */
  blocked?: { type: string; reason: string; message: string };
}

/** The HPA's status as `kubectl describe hpa` shows it; undefined before the controller has written one. */
export async function hpaState(backend: ClusterBackend, name: string, namespace: string): Promise<HpaState | undefined> {
  return hpaStateOf(await backend.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', name, namespace));
}

/** The same, read from an HPA object at hand (e.g. one a watch delivered). */
export function hpaStateOf(live: HorizontalPodAutoscaler | undefined): HpaState | undefined {
  if (!live?.status) return undefined;
  const conditions = live.status.conditions ?? [];
  const blocked =
    conditions.find((c) => c.type === 'AbleToScale' && c.status === 'False') ??
    conditions.find((c) => c.type === 'ScalingActive' && c.status === 'False') ??
    conditions.find((c) => c.type === 'ScalingLimited' && c.status === 'True');
  const utilization = live.status.currentMetrics?.find((m) => m.resource?.name === 'cpu')?.resource?.current.averageUtilization;
  return {
    desired: live.status.desiredReplicas ?? 0,
    ...(utilization !== undefined ? { utilization } : {}),
    ...(blocked ? { blocked: { type: blocked.type, reason: blocked.reason ?? '', message: blocked.message ?? '' } } : {}),
  };
}

/** " HPA status: ScalingActive=False (FailedGetResourceMetric): …", or nothing. */
export function describeBlocked(b: HpaState['blocked']): Text {
  if (!b) return text('', '');
  const status = b.type === 'ScalingLimited' ? 'True' : 'False';
  return text(` HPA 상태: ${b.type}=${status} (${b.reason}): ${b.message}.`, ` HPA status: ${b.type}=${status} (${b.reason}): ${b.message}.`);
}
