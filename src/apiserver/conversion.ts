/**
 * Served versions that are stored as another version: autoscaling/v1 HorizontalPodAutoscalers are
 * kept as autoscaling/v2, as the API server does (kubectl ≤ 1.32 `autoscale` creates v1 objects).
 * The conversion follows pkg/apis/autoscaling/v1/conversion.go for the CPU target: v1's
 * targetCPUUtilizationPercentage is v2's Resource metric `cpu` with an Utilization target.
 */
import type { HorizontalPodAutoscaler as V2 } from 'kubernetes-types/autoscaling/v2';
import type { KubeObject } from '../kube/object.ts';

export interface Conversion {
  /** The stored kind's apiVersion. */
  storedApiVersion: string;
  toStored(obj: KubeObject): KubeObject;
  fromStored(obj: KubeObject): KubeObject;
}

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
    const out: KubeObject = {
      ...obj,
      apiVersion: 'autoscaling/v2',
      spec: { ...rest, ...(target !== undefined ? { metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }] } : {}) },
    };
    if (obj.status !== undefined) {
      const { currentCPUUtilizationPercentage: current, ...st } = obj.status as V1Status;
      out.status = { ...st, ...(current !== undefined ? { currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }] } : {}) };
    }
    return out;
  },
  fromStored(obj) {
    const h = obj as unknown as V2;
    const cpu = h.spec?.metrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target.type === 'Utilization');
    const { metrics: _m, behavior: _b, ...spec } = h.spec ?? ({} as NonNullable<V2['spec']>);
    const currentCpu = h.status?.currentMetrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu')?.resource?.current.averageUtilization;
    const { currentMetrics: _c, conditions: _k, ...status } = h.status ?? {};
    return {
      ...obj,
      apiVersion: 'autoscaling/v1',
      spec: { ...spec, ...(cpu?.resource?.target.averageUtilization !== undefined ? { targetCPUUtilizationPercentage: cpu.resource.target.averageUtilization } : {}) },
      status: { ...status, ...(currentCpu !== undefined ? { currentCPUUtilizationPercentage: currentCpu } : {}) },
    } as KubeObject;
  },
};

const CONVERSIONS: Record<string, Conversion> = { 'autoscaling/v1/HorizontalPodAutoscaler': HPA };

export function conversionFor(apiVersion: string, kind: string): Conversion | undefined {
  return CONVERSIONS[`${apiVersion}/${kind}`];
}
