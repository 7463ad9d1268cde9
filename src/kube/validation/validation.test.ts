import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../object.ts';
import { formatFieldError, validateObject } from './index.ts';

function deployment(spec: Record<string, unknown>, name = 'web'): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec };
}

const TEMPLATE = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } };
const messages = (obj: KubeObject): string[] => validateObject(obj).map((e) => formatFieldError(e).en);

// Rules and message shapes from kubernetes pkg/apis/apps/validation and pkg/apis/core/validation.
describe('validation', () => {
  it('accepts a well-formed Deployment', () => {
    expect(messages(deployment({ replicas: 3, selector: { matchLabels: { app: 'web' } }, template: TEMPLATE }))).toEqual([]);
  });

  it('requires the selector to match the template labels', () => {
    expect(messages(deployment({ selector: { matchLabels: { app: 'api' } }, template: TEMPLATE }))).toEqual([
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it('requires a selector', () => {
    expect(messages(deployment({ template: TEMPLATE }))).toEqual(['spec.selector: Required value']);
  });

  it('refuses maxSurge and maxUnavailable both 0', () => {
    const errs = messages(
      deployment({ selector: { matchLabels: { app: 'web' } }, template: TEMPLATE, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } } }),
    );
    expect(errs).toEqual(['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0']);
  });

  it('checks names are DNS-1123 subdomains (Service names DNS-1035 labels)', () => {
    expect(messages(deployment({ selector: { matchLabels: { app: 'web' } }, template: TEMPLATE }, 'Web_App'))[0]).toMatch(/^metadata.name: Invalid value: "Web_App": a lowercase RFC 1123 subdomain/);
    const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: '1web' }, spec: { ports: [{ port: 80 }] } };
    expect(messages(svc)[0]).toMatch(/^metadata.name: Invalid value: "1web": a DNS-1035 label/);
  });

  it('checks containers: required, unique names, image, port ranges', () => {
    const errs = messages(
      deployment({
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 70000 }] }, { name: 'a' }] } },
      }),
    );
    expect(errs).toEqual([
      'spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.template.spec.containers[1].name: Duplicate value: "a"',
      'spec.template.spec.containers[1].image: Required value',
    ]);
  });

  it('reports wrong types where a student wrote a string for a number', () => {
    expect(messages(deployment({ replicas: 'three', selector: { matchLabels: { app: 'web' } }, template: TEMPLATE }))).toEqual([
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    ]);
  });

  it('checks Service ports and requires names when there are several', () => {
    const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }, { port: 0, targetPort: 'Http' }] } };
    expect(messages(svc)).toEqual([
      'spec.ports[0].name: Required value',
      'spec.ports[1].name: Required value',
      'spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[1].targetPort: Invalid value: "Http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ]);
  });

  it('takes DNS-1123 labels as Service port names (kubectl create service names them "80-8080")', () => {
    const ok: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ name: '80-8080', port: 80 }, { name: 'http', port: 81 }] } };
    expect(messages(ok)).toEqual([]);
    const bad: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ name: 'Web_Port', port: 80 }] } };
    expect(messages(bad)).toHaveLength(1);
    expect(messages(bad)[0]).toMatch(/^spec\.ports\[0\]\.name: Invalid value: "Web_Port"/);
  });

  // validateLifecycleHandler and validateSleepAction (PodLifecycleSleepActionAllowZero, GA in v1.34).
  it('checks lifecycle hooks: one handler, a sleep from 0 up to the grace period, none on a plain init container', () => {
    const withHooks = (containers: Record<string, unknown>[], podSpec: Record<string, unknown> = {}): KubeObject =>
      deployment({ selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers, ...podSpec } } });
    const hooked = (preStop: unknown) => [{ name: 'a', image: 'x', lifecycle: { preStop } }];
    expect(messages(withHooks(hooked({ sleep: { seconds: 0 } })))).toEqual([]);
    expect(messages(withHooks(hooked({ sleep: { seconds: 30 } })))).toEqual([]);
    expect(messages(withHooks(hooked({ sleep: { seconds: 31 } })))).toEqual([
      'spec.template.spec.containers[0].lifecycle.preStop.sleep: Invalid value: 31: must be non-negative and less than terminationGracePeriodSeconds (30)',
    ]);
    expect(messages(withHooks(hooked({ sleep: { seconds: 45 } }), { terminationGracePeriodSeconds: 60 }))).toEqual([]);
    expect(messages(withHooks(hooked({ sleep: { seconds: -1 } })))).toEqual([
      'spec.template.spec.containers[0].lifecycle.preStop.sleep: Invalid value: -1: must be non-negative and less than terminationGracePeriodSeconds (30)',
    ]);
    expect(messages(withHooks(hooked({})))).toEqual(['spec.template.spec.containers[0].lifecycle.preStop: Required value: must specify a handler type']);
    expect(messages(withHooks(hooked({ exec: { command: ['sh', '-c', 'sleep 5'] }, sleep: { seconds: 5 } })))).toEqual([
      'spec.template.spec.containers[0].lifecycle.preStop.sleep: Forbidden: may not specify more than 1 handler type',
    ]);
    expect(messages(withHooks(hooked({ exec: { command: [] } })))).toEqual(['spec.template.spec.containers[0].lifecycle.preStop.exec.command: Required value']);
    const init = [{ name: 'init', image: 'x', lifecycle: { preStop: { sleep: { seconds: 1 } } } }];
    expect(messages(withHooks([{ name: 'a', image: 'x' }], { initContainers: init }))).toEqual([
      'spec.template.spec.initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always',
    ]);
  });

  // validateInitContainers and validateContainers: restartPolicy on containers (sidecars, KEP-753).
  it('accepts a sidecar (an init container with restartPolicy Always, probes allowed) and refuses other container restart policies', () => {
    const withInit = (init: Record<string, unknown>, app: Record<string, unknown> = {}): KubeObject =>
      deployment({ selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { initContainers: [{ name: 'side', image: 'x', ...init }], containers: [{ name: 'a', image: 'x', ...app }] } } });
    const probe = { tcpSocket: { port: 9100 } };
    expect(messages(withInit({ restartPolicy: 'Always', readinessProbe: probe, startupProbe: probe }))).toEqual([]);
    expect(messages(withInit({ restartPolicy: 'OnFailure' }))).toEqual(['spec.template.spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"']);
    expect(messages(withInit({ readinessProbe: probe }))).toEqual(['spec.template.spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always']);
    expect(messages(withInit({}, { restartPolicy: 'Always' }))).toEqual(['spec.template.spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers']);
  });

  it('has every message in Korean too', () => {
    const errs = validateObject(deployment({ template: TEMPLATE }));
    expect(formatFieldError(errs[0]!).ko).toBe('spec.selector: 필수 값');
  });
});

// Strict decoding against the OpenAPI schema (fieldValidation=Strict), from @kubernetes/client-node's models.
describe('strict decoding', () => {
  it('reports unknown fields with their paths, as the API server does', () => {
    const d = deployment({ replica: 3, selector: { matchLabels: { app: 'web' } }, template: { ...TEMPLATE, spec: { containers: [{ name: 'a', image: 'x', imagePullPolice: 'Always' }] } } });
    expect(validateObject(d).map((e) => [e.type, e.path.join('.')])).toEqual([
      ['FieldValueUnknown', 'spec.replica'],
      ['FieldValueUnknown', 'spec.template.spec.containers.0.imagePullPolice'],
    ]);
    expect(messages(d)).toEqual(['unknown field "spec.replica"', 'unknown field "spec.template.spec.containers[0].imagePullPolice"']);
    expect(formatFieldError(validateObject(d)[0]!).ko).toBe('알 수 없는 필드 "spec.replica" (철자와 들여쓰기를 확인하자)');
  });

  it('refuses a number where a string belongs (an env value, a label value)', () => {
    const d = deployment({ selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web', version: 1.5 } }, spec: { containers: [{ name: 'a', image: 'x', env: [{ name: 'PORT', value: 8080 }] }] } } });
    expect(messages(d)).toEqual([
      'json: cannot unmarshal number 1.5 into Go struct field ObjectMeta.spec.template.metadata.labels.version of type string',
      'json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string',
    ]);
  });

  it('accepts numbers for quantities and int-or-string fields', () => {
    const d = deployment({
      selector: { matchLabels: { app: 'web' } },
      strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: '0%' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a', image: 'x', resources: { limits: { cpu: 1, memory: '64Mi' } } }] } },
    });
    expect(messages(d)).toEqual([]);
  });
});

describe('HorizontalPodAutoscaler validation', () => {
  const hpa = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, ...spec } });

  it('requires maxReplicas not below minReplicas, and a Utilization target', () => {
    expect(messages(hpa({ minReplicas: 3, maxReplicas: 2 }))).toEqual(['spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`']);
    expect(messages(hpa({ maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }] }))).toEqual(['spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization']);
    expect(messages(hpa({ minReplicas: 2, maxReplicas: 10 }))).toEqual([]);
  });
});

// pkg/apis/core/validation/validation.go ValidatePersistentVolumeClaimSpec
describe('PersistentVolumeClaim validation', () => {
  const pvc = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec });

  it('requires an access mode and a positive storage request', () => {
    expect(messages(pvc({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } }))).toEqual([]);
    expect(messages(pvc({}))).toEqual(['spec.accessModes: Required value: at least 1 access mode is required', 'spec.resources.requests.storage: Required value']);
    expect(messages(pvc({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '0' } } }))).toEqual(['spec.resources.requests.storage: Invalid value: "0": must be greater than zero']);
  });

  it('takes ReadWriteOncePod only alone, and only the four access modes', () => {
    const storage = { requests: { storage: '1Gi' } };
    expect(messages(pvc({ accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'], resources: storage }))).toEqual(['spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes']);
    expect(messages(pvc({ accessModes: ['ReadWriteSome'], resources: storage }))).toEqual([
      'spec.accessModes: Unsupported value: "ReadWriteSome": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
    ]);
  });
});
