import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Service } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { applyDefaults, imageTag } from './defaults.ts';
import type { KubeObject } from './object.ts';

// pkg/apis/apps/v1/defaults.go and pkg/apis/core/v1/defaults.go
describe('defaults', () => {
  const d = applyDefaults({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            { name: 'a', image: 'nginx', readinessProbe: { httpGet: { port: 80 } }, resources: { limits: { cpu: '1', memory: '1Gi' } }, ports: [{ containerPort: 80 }] },
            { name: 'b', image: 'nginx:1.27' },
          ],
        },
      },
    },
  } as KubeObject) as unknown as Deployment;

  it('fills Deployment defaults: replicas 1, RollingUpdate 25%/25%, history 10, deadline 600', () => {
    expect(d.spec).toMatchObject({ replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } });
  });

  it('fills pod and container defaults', () => {
    const spec = d.spec!.template.spec!;
    expect(spec).toMatchObject({ restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler' });
    const [a, b] = spec.containers;
    expect(a!.imagePullPolicy).toBe('Always');
    expect(b!.imagePullPolicy).toBe('IfNotPresent');
    expect(a!.readinessProbe).toMatchObject({ timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3, httpGet: { path: '/', scheme: 'HTTP' } });
    expect(a!.resources!.requests).toEqual({ cpu: '1', memory: '1Gi' });
    expect(a!.ports![0]!.protocol).toBe('TCP');
  });

  it('defaults a Service targetPort to its port', () => {
    const s = applyDefaults({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 8080 }] } } as KubeObject) as unknown as Service;
    expect(s.spec).toMatchObject({ type: 'ClusterIP', sessionAffinity: 'None', ports: [{ port: 8080, targetPort: 8080, protocol: 'TCP' }] });
  });

  it('defaults a Secret type to Opaque and keeps a given one', () => {
    expect(applyDefaults({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: {} } as KubeObject)).toMatchObject({ type: 'Opaque' });
    expect(applyDefaults({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'kubernetes.io/tls' } as KubeObject)).toMatchObject({ type: 'kubernetes.io/tls' });
  });

  it('does not change its input', () => {
    const input = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 1 }] } } as KubeObject;
    applyDefaults(input);
    expect(input.spec).toEqual({ ports: [{ port: 1 }] });
  });

  it('reads image tags', () => {
    expect(imageTag('nginx')).toBe('latest');
    expect(imageTag('localhost:5000/app')).toBe('latest');
    expect(imageTag('localhost:5000/app:v2')).toBe('v2');
    expect(imageTag('nginx@sha256:abc')).toBe('');
  });
});
