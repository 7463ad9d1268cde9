import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../object.ts';
import { formatFieldError, validateObject } from './index.ts';

function pod(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec } };
}
const messages = (spec: Record<string, unknown>): string[] => validateObject(pod(spec)).map((e) => formatFieldError(e).en);

// pkg/apis/core/validation/validation.go: ValidateTolerations, validateTaintEffect.
describe('tolerations', () => {
  it('accepts Equal with a value, Exists without one, an empty effect, and an empty key with Exists', () => {
    expect(
      messages({
        tolerations: [
          { key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' },
          { key: 'dedicated', value: 'batch' },
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
          { operator: 'Exists' },
        ],
      }),
    ).toEqual([]);
  });

  it('refuses a value with operator Exists, an unknown operator or effect, and tolerationSeconds without NoExecute', () => {
    expect(
      messages({
        tolerations: [
          { key: 'dedicated', operator: 'Exists', value: 'batch' },
          { key: 'dedicated', operator: 'In', value: 'batch' },
          { key: 'dedicated', value: 'batch', effect: 'NoSchedul' },
          { key: 'dedicated', value: 'batch', effect: 'NoSchedule', tolerationSeconds: 60 },
        ],
      }),
    ).toEqual([
      'spec.tolerations[0].operator: Invalid value: {"key":"dedicated","operator":"Exists","value":"batch"}: value must be empty when `operator` is \'Exists\'',
      'spec.tolerations[1].operator: Unsupported value: "In": supported values: "Equal", "Exists"',
      'spec.tolerations[2].effect: Unsupported value: "NoSchedul": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      "spec.tolerations[3].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
    ]);
  });

  it('requires operator Exists for an empty key, and a label value for Equal', () => {
    expect(messages({ tolerations: [{ operator: 'Equal', value: 'x' }, { key: 'dedicated', value: 'batch nodes' }] })).toEqual([
      'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      "spec.tolerations[1].operator: Invalid value: \"batch nodes\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    ]);
  });

  it('is checked in pod templates too', () => {
    const d: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'w' },
      spec: { selector: { matchLabels: { app: 'w' } }, template: { metadata: { labels: { app: 'w' } }, spec: { containers: [{ name: 'a', image: 'nginx' }], tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] } } },
    };
    expect(validateObject(d).map((e) => e.path.join('.'))).toEqual(['spec.template.spec.tolerations.0.operator']);
  });
});

// pkg/apis/core/validation/validation.go: validateTopologySpreadConstraints and its helpers.
describe('topologySpreadConstraints', () => {
  const zone = { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } };

  it('accepts a zone and a node constraint with minDomains and node inclusion policies', () => {
    expect(messages({ topologySpreadConstraints: [{ ...zone, minDomains: 3, nodeTaintsPolicy: 'Honor', nodeAffinityPolicy: 'Ignore' }, { ...zone, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' }] })).toEqual([]);
  });

  it('refuses maxSkew 0, an empty topologyKey, a misspelt whenUnsatisfiable and an unknown policy', () => {
    expect(messages({ topologySpreadConstraints: [{ ...zone, maxSkew: 0, topologyKey: '', whenUnsatisfiable: 'DoNotSchedul', nodeTaintsPolicy: 'honor' }] })).toEqual([
      'spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero',
      'spec.topologySpreadConstraints[0].topologyKey: Required value: can not be empty',
      'spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "DoNotSchedul": supported values: "DoNotSchedule", "ScheduleAnyway"',
      'spec.topologySpreadConstraints[0].nodeTaintsPolicy: Unsupported value: "honor": supported values: "Honor", "Ignore"',
    ]);
  });

  it('requires whenUnsatisfiable (it has no default)', () => {
    const { whenUnsatisfiable: _, ...noAction } = zone;
    expect(messages({ topologySpreadConstraints: [noAction] })).toEqual(['spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "": supported values: "DoNotSchedule", "ScheduleAnyway"']);
  });

  it('refuses a repeated {topologyKey, whenUnsatisfiable} pair and minDomains with ScheduleAnyway', () => {
    expect(messages({ topologySpreadConstraints: [zone, { ...zone, maxSkew: 2 }, { ...zone, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2 }] })).toEqual([
      'spec.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}: Duplicate value: "{topology.kubernetes.io/zone, DoNotSchedule}"',
      'spec.topologySpreadConstraints[2].minDomains: Invalid value: 2: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway',
    ]);
  });
});
