import { describe, expect, it } from 'vitest';
import { conversionFor, toStoredVersion } from './conversion.ts';
import { loadManifests } from './load.ts';
import type { KubeObject } from './object.ts';
import { validateObject } from './validation/index.ts';

const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };

function v1(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: ref, maxReplicas: 5, ...spec } };
}

const cpu = (averageUtilization: number): unknown => [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } } }];

// pkg/apis/autoscaling/v1/conversion.go
describe('autoscaling/v1 HorizontalPodAutoscaler conversion', () => {
  it('turns targetCPUUtilizationPercentage into a Resource cpu Utilization metric, and back', () => {
    const stored = toStoredVersion(v1({ minReplicas: 2, targetCPUUtilizationPercentage: 60 }));
    expect(stored).toEqual({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: ref, minReplicas: 2, maxReplicas: 5, metrics: cpu(60) } });
    expect(conversionFor('autoscaling/v1', 'HorizontalPodAutoscaler')!.fromStored(stored).spec).toEqual({ scaleTargetRef: ref, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 60 });
  });

  it('writes out the v1 default, 80 % CPU, when the object has no target', () => {
    expect(toStoredVersion(v1({})).spec).toMatchObject({ metrics: cpu(80) });
  });

  it('leaves versions stored as they are alone', () => {
    const v2: KubeObject = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: ref, maxReplicas: 5 } };
    expect(toStoredVersion(v2)).toBe(v2);
  });
});

describe('an autoscaling/v1 HorizontalPodAutoscaler in a submission', () => {
  const source = `apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: { name: web }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  maxReplicas: 5
  targetCPUUtilisationPercentage: 60
`;

  it('loads (the API server serves autoscaling/v1)', () => {
    const { manifests, problems } = loadManifests('hpa.yaml', source.replace('Utilisation', 'Utilization'));
    expect(problems).toEqual([]);
    expect(validateObject(manifests[0]!.object)).toEqual([]);
  });

  it('is decoded strictly as v1: a misspelt v1 field is an unknown field', () => {
    const [m] = loadManifests('hpa.yaml', source).manifests;
    expect(validateObject(m!.object).map((e) => [e.type, e.path])).toEqual([['FieldValueUnknown', ['spec', 'targetCPUUtilisationPercentage']]]);
  });

  it('is validated: maxReplicas must be at least 1', () => {
    const [m] = loadManifests('hpa.yaml', source.replace('Utilisation', 'Utilization').replace('maxReplicas: 5', 'maxReplicas: 0')).manifests;
    expect(validateObject(m!.object).map((e) => e.path)).toContainEqual(['spec', 'maxReplicas']);
  });
});
