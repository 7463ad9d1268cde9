/**
 * Served versions that are stored as another version: autoscaling/v1 HorizontalPodAutoscalers are
 * kept as autoscaling/v2, as the API server does (kubectl ≤ 1.32 `autoscale` creates v1 objects). The
 * simulator converts on the way in (its API and `apply`), the HTTP facade on the way in and out.
 *
 * The conversion follows pkg/apis/autoscaling/v1/conversion.go: v1's targetCPUUtilizationPercentage
 * is v2's Resource metric `cpu` with an Utilization target, and a v1 object without one gets the
 * default CPU target, 80 % (autoscaling.DefaultCPUUtilization), written out explicitly. Upstream also
 * carries v2-only metrics and conditions through v1 in annotations
 * (autoscaling.alpha.kubernetes.io/metrics, …/conditions); Orchestra does not: a v1 read shows the
 * CPU target only.
 */
import type { HorizontalPodAutoscaler as V2 } from 'kubernetes-types/autoscaling/v2';
import type { KubeObject } from './object.ts';

export interface Conversion {
  /** The stored kind's apiVersion. */
  storedApiVersion: string;
  toStored(obj: KubeObject): KubeObject;
  fromStored(obj: KubeObject): KubeObject;
}

/** autoscaling.DefaultCPUUtilization (pkg/apis/autoscaling/annotations.go). */
export const DEFAULT_CPU_UTILIZATION = 80;

interface V1Spec {
  scaleTargetRef?: unknown;
  minReplicas?: number;
  maxReplicas?: number;
  targetCPUUtilizationPercentage?: number;
}

interface V1Status {
  observedGeneration?: number;
  lastScaleTime?: string;
  currentReplicas?: number;
  desiredReplicas?: number;
  currentCPUUtilizationPercentage?: number;
}

const HPA: Conversion = {
  storedApiVersion: 'autoscaling/v2',
  toStored(obj) {
    const spec = (obj.spec ?? {}) as V1Spec;
    const { targetCPUUtilizationPercentage: target, ...rest } = spec;
    // Convert_v1_HorizontalPodAutoscaler_To_autoscaling_HorizontalPodAutoscaler: with no metric at all,
    // the v1 default (80 % CPU) is applied explicitly.
    const utilization = target ?? DEFAULT_CPU_UTILIZATION;
    const out: KubeObject = {
      ...obj,
      apiVersion: 'autoscaling/v2',
      spec: { ...rest, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: utilization } } }] },
    };
    if (obj.status !== undefined) {
      const { currentCPUUtilizationPercentage: current, ...st } = obj.status as V1Status;
      out.status = { ...st, ...(current !== undefined ? { currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }] } : {}) };
    }
    return out;
  },
  fromStored(obj) {
    const h = obj as unknown as V2;
    const cpu = h.spec?.metrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
    const { metrics: _m, behavior: _b, ...spec } = h.spec ?? ({} as NonNullable<V2['spec']>);
    const currentCpu = h.status?.currentMetrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu')?.resource?.current.averageUtilization;
    const { currentMetrics: _c, conditions: _k, ...status } = h.status ?? {};
    const target = cpu?.resource?.target.averageUtilization;
    return {
      ...obj,
      apiVersion: 'autoscaling/v1',
      spec: { ...spec, ...(target !== undefined ? { targetCPUUtilizationPercentage: target } : {}) },
      status: { ...status, ...(currentCpu !== undefined ? { currentCPUUtilizationPercentage: currentCpu } : {}) },
    } as KubeObject;
  },
};

const CONVERSIONS: Record<string, Conversion> = { 'autoscaling/v1/HorizontalPodAutoscaler': HPA };

export function conversionFor(apiVersion: string, kind: string): Conversion | undefined {
  return CONVERSIONS[`${apiVersion}/${kind}`];
}

/** The object in the version it is stored as (itself when its version is stored as is). */
export function toStoredVersion(obj: KubeObject): KubeObject {
  return conversionFor(obj.apiVersion, obj.kind)?.toStored(obj) ?? obj;
}
