/**
 * Bodies kubectl 1.33 sent for `create namespace|configmap|secret|deployment|service` (captured from
 * a logging server), decoded as the API server would.
 */
import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf, isKubernetesProtobuf, ProtobufError } from './decode.ts';

const CAPTURED = {
  namespace: 'azhzAAoPCgJ2MRIJTmFtZXNwYWNlEhwKFAoEc2hvcBIAGgAiACoAMgA4AEIAEgAaAgoAGgAiAA==',
  configmap: 'azhzAAoPCgJ2MRIJQ29uZmlnTWFwEisKFwoDY2ZnEgAaBHNob3AiACoAMgA4AEIAEgYKAWESATESCAoBYhIDdHdvGgAiAA==',
  secret: 'azhzAAoMCgJ2MRIGU2VjcmV0Ei4KFgoCcHcSABoEc2hvcCIAKgAyADgAQgASEgoIcGFzc3dvcmQSBnMzY3JldBoAGgAiAA==',
  deployment:
    'azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50EsIBCiMKA2FwaRIAGgRzaG9wIgAqADIAOABCAFoKCgNhcHASA2FwaRKMAQgCEgwKCgoDYXBwEgNhcGkacgocCgASABoAIgAqADIAOABCAFoKCgNhcHASA2FwaRJSEjQKBW5naW54EgpuZ2lueDoxLjI3KgAyCwoAEAAYkD8iACoAQgBqAHIAgAEAiAEAkAEAogEAGgAyAEIASgBSAFgAYABoAIIBAIoBAJoBAMIBACICCgAoADgAGgwIABAAGAAgACgAOAAaACIA',
  service: 'azhzAAoNCgJ2MRIHU2VydmljZRJtCiMKA2FwaRIAGgRzaG9wIgAqADIAOABCAFoKCgNhcHASA2FwaRJCChsKBzgwLTgwODASA1RDUBhQIgcIABCQPxoAKAASCgoDYXBwEgNhcGkaACIJQ2x1c3RlcklQOgBCAFIAWgBgAGgAGgIKABoAIgA=',
};

const decode = (b64: string) => decodeKubernetesProtobuf(new Uint8Array(Buffer.from(b64, 'base64')));

describe('Kubernetes protobuf request bodies', () => {
  it('recognises the k8s\\0 envelope', () => {
    expect(isKubernetesProtobuf(new Uint8Array(Buffer.from(CAPTURED.namespace, 'base64')))).toBe(true);
    expect(isKubernetesProtobuf(new TextEncoder().encode('{}'))).toBe(false);
    expect(() => decodeKubernetesProtobuf(new TextEncoder().encode('{"kind":"Pod"}'))).toThrow(ProtobufError);
  });

  it('decodes a Namespace, a ConfigMap and a Secret (zero times dropped, bytes as base64)', () => {
    expect(decode(CAPTURED.namespace)).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' }, spec: {}, status: {} });
    expect(decode(CAPTURED.configmap)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop' }, data: { a: '1', b: 'two' } });
    expect(decode(CAPTURED.secret)).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pw', namespace: 'shop' }, data: { password: Buffer.from('s3cret').toString('base64') } });
  });

  it('decodes a Deployment (pointers kept, omitempty zero values dropped)', () => {
    expect(decode(CAPTURED.deployment)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'shop', labels: { app: 'api' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'api' } },
        template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 8080 }], resources: {} }] } },
        strategy: {},
      },
      status: {},
    });
  });

  it('decodes a Service, with an IntOrString target port', () => {
    expect(decode(CAPTURED.service)).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', namespace: 'shop', labels: { app: 'api' } },
      spec: { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }], selector: { app: 'api' }, type: 'ClusterIP' },
      status: { loadBalancer: {} },
    });
  });
});
