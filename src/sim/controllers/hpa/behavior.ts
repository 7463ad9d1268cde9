/**
 * HPA scaling behaviour (kubernetes pkg/controller/podautoscaler/horizontal.go
 * normalizeDesiredReplicasWithBehaviors): stabilisation windows (the lowest recommendation of the
 * scale-up window, the highest of the scale-down window), then the rate policies (Pods / Percent per
 * period, selectPolicy Max, Min or Disabled) measured from the replicas at the start of each period,
 * then minReplicas / maxReplicas. Defaults (autoscaling/v2 SetDefaults_HorizontalPodAutoscalerBehavior):
 * scale-up no window, max of 100 % and 4 pods per 15 s; scale-down 300 s window, 100 % per 15 s.
 */
import type { HorizontalPodAutoscalerBehavior, HPAScalingRules } from 'kubernetes-types/autoscaling/v2';

export interface Recommendation {
  replicas: number;
  atMs: number;
}

export interface ScaleEvent {
  change: number;
  atMs: number;
}

export interface Limited {
  replicas: number;
  condition: { status: 'True' | 'False'; reason: string; message: string };
}

export const DEFAULT_SCALE_UP: HPAScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};

export const DEFAULT_SCALE_DOWN: HPAScalingRules = {
  stabilizationWindowSeconds: 300,
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

export function rules(behavior: HorizontalPodAutoscalerBehavior | undefined): { up: HPAScalingRules; down: HPAScalingRules } {
  return {
    up: { ...DEFAULT_SCALE_UP, ...(behavior?.scaleUp ?? {}), policies: behavior?.scaleUp?.policies ?? DEFAULT_SCALE_UP.policies },
    down: { ...DEFAULT_SCALE_DOWN, ...(behavior?.scaleDown ?? {}), policies: behavior?.scaleDown?.policies ?? DEFAULT_SCALE_DOWN.policies },
  };
}

/** stabilizeRecommendationWithBehaviors; records the new recommendation. */
export function stabilize(recommendations: Recommendation[], desired: number, current: number, nowMs: number, up: HPAScalingRules, down: HPAScalingRules): number {
  let upRec = desired;
  let downRec = desired;
  const upCutoff = nowMs - (up.stabilizationWindowSeconds ?? 0) * 1000;
  const downCutoff = nowMs - (down.stabilizationWindowSeconds ?? 300) * 1000;
  for (const r of recommendations) {
    if (r.atMs > upCutoff) upRec = Math.min(upRec, r.replicas);
    if (r.atMs > downCutoff) downRec = Math.max(downRec, r.replicas);
  }
  let recommendation = current;
  if (recommendation < upRec) recommendation = upRec;
  if (recommendation > downRec) recommendation = downRec;
  // Keep what the longest window still needs.
  const keepFrom = nowMs - Math.max(up.stabilizationWindowSeconds ?? 0, down.stabilizationWindowSeconds ?? 300) * 1000;
  const kept = recommendations.filter((r) => r.atMs > keepFrom);
  recommendations.length = 0;
  recommendations.push(...kept, { replicas: desired, atMs: nowMs });
  return recommendation;
}

/** convertDesiredReplicasWithBehaviorRate. */
export function limitRate(desired: number, current: number, min: number, max: number, up: HPAScalingRules, down: HPAScalingRules, upEvents: ScaleEvent[], downEvents: ScaleEvent[], nowMs: number): Limited {
  if (desired > current) {
    const limit = Math.max(current, scaleUpLimit(current, upEvents, downEvents, up, nowMs));
    const allowed = Math.min(max, limit);
    const [reason, message] = max > limit ? ['ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate'] : ['TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
    if (desired > allowed) return { replicas: allowed, condition: { status: 'True', reason, message } };
  } else if (desired < current) {
    const limit = Math.min(current, scaleDownLimit(current, upEvents, downEvents, down, nowMs));
    const allowed = Math.max(min, limit);
    const [reason, message] = min < limit ? ['ScaleDownLimit', 'the desired replica count is decreasing faster than the maximum scale rate'] : ['TooFewReplicas', 'the desired replica count is less than the minimum replica count'];
    if (desired < allowed) return { replicas: allowed, condition: { status: 'True', reason, message } };
  }
  return { replicas: desired, condition: { status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' } };
}

function changeInPeriod(events: ScaleEvent[], periodSeconds: number, nowMs: number): number {
  const cutoff = nowMs - periodSeconds * 1000;
  return events.filter((e) => e.atMs > cutoff).reduce((n, e) => n + e.change, 0);
}

/** calculateScaleUpLimitWithScalingRules. */
function scaleUpLimit(current: number, upEvents: ScaleEvent[], downEvents: ScaleEvent[], r: HPAScalingRules, nowMs: number): number {
  if (r.selectPolicy === 'Disabled') return current;
  const pick = r.selectPolicy === 'Min' ? Math.min : Math.max;
  let result = r.selectPolicy === 'Min' ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  for (const p of r.policies ?? []) {
    const start = current - changeInPeriod(upEvents, p.periodSeconds, nowMs) + changeInPeriod(downEvents, p.periodSeconds, nowMs);
    const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

/** calculateScaleDownLimitWithBehaviors. */
function scaleDownLimit(current: number, upEvents: ScaleEvent[], downEvents: ScaleEvent[], r: HPAScalingRules, nowMs: number): number {
  if (r.selectPolicy === 'Disabled') return current;
  // For a scale-down, "Max" means the policy allowing the largest change: the smallest result.
  const pick = r.selectPolicy === 'Min' ? Math.max : Math.min;
  let result = r.selectPolicy === 'Min' ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  for (const p of r.policies ?? []) {
    const start = current - changeInPeriod(upEvents, p.periodSeconds, nowMs) + changeInPeriod(downEvents, p.periodSeconds, nowMs);
    const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = pick(result, proposed);
  }
  return result;
}
