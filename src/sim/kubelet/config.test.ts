import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/object.ts';
import { createCluster } from '../cluster.ts';

const cm = (data: Record<string, string>, extra: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config' }, data, ...extra });
const secret = (stringData: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, type: 'Opaque', stringData });

function pod(container: Record<string, unknown>, volumes: unknown[] = []): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'app' }, spec: { containers: [{ name: 'app', image: 'shop/app:v1', ...container }], volumes } };
}

const images = { 'shop/app': { pullSeconds: 1, startSeconds: 1, ports: [8080], requiresEnv: ['DB_PASSWORD'], requiresFiles: ['/etc/app/app.yaml'] } };

// pkg/kubelet/kubelet_pods.go makeEnvironmentVariables; pkg/volume/configmap, secret
describe('configuration from ConfigMaps and Secrets', () => {
  it('gives the app env and files from them; Secret stringData becomes base64 data', () => {
    const c = createCluster({ nodes: 1, images });
    c.apply([
      cm({ 'app.yaml': 'mode: shop\n', LOG_LEVEL: 'info' }),
      secret({ password: 's3cret' }),
      pod(
        {
          env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }, { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }, { name: 'URL', value: 'db://$(POD)' }],
          envFrom: [{ configMapRef: { name: 'app-config' }, prefix: 'CFG_' }],
          volumeMounts: [{ name: 'cfg', mountPath: '/etc/app' }],
        },
        [{ name: 'cfg', configMap: { name: 'app-config', items: [{ key: 'app.yaml', path: 'app.yaml' }] } }],
      ),
    ]);
    expect(c.get<{ data: Record<string, string> }>('Secret', 'db')!.data).toEqual({ password: 'czNjcmV0' });
    c.advance('10s');
    expect(c.get<Pod>('Pod', 'app')!.status!.phase).toBe('Running');
    const view = c.containerView('app', 'app')!;
    expect(view.env).toEqual({ 'CFG_app.yaml': 'mode: shop\n', CFG_LOG_LEVEL: 'info', DB_PASSWORD: 's3cret', POD: 'app', URL: 'db://app' });
    expect(view.files).toEqual({ '/etc/app/app.yaml': 'mode: shop\n' });
  });

  it('updates volume files after a change, but not the environment', () => {
    const c = createCluster({ nodes: 1, images: { 'shop/app': { startSeconds: 1, ports: [8080] } } });
    c.apply([cm({ 'app.yaml': 'v1', MODE: 'v1' }), pod({ envFrom: [{ configMapRef: { name: 'app-config' } }], volumeMounts: [{ name: 'cfg', mountPath: '/etc/app' }] }, [{ name: 'cfg', configMap: { name: 'app-config' } }])]);
    c.advance('10s');
    c.apply([cm({ 'app.yaml': 'v2', MODE: 'v2' })]);
    c.advance('70s');
    const view = c.containerView('app', 'app')!;
    expect(view.files['/etc/app/app.yaml']).toBe('v2');
    expect(view.env.MODE).toBe('v1');
  });

  it('a file mounted with subPath keeps its content after a change (kubernetes.io/docs/concepts/configuration/configmap)', () => {
    const c = createCluster({ nodes: 1, images: { 'shop/app': { startSeconds: 1, ports: [8080] } } });
    const mounts = [{ name: 'cfg', mountPath: '/etc/app/app.yaml', subPath: 'app.yaml' }, { name: 'cfg', mountPath: '/etc/whole' }];
    c.apply([cm({ 'app.yaml': 'v1' }), pod({ volumeMounts: mounts }, [{ name: 'cfg', configMap: { name: 'app-config' } }])]);
    c.advance('10s');
    c.apply([cm({ 'app.yaml': 'v2' })]);
    c.advance('70s');
    const view = c.containerView('app', 'app')!;
    expect(view.files).toEqual({ '/etc/app/app.yaml': 'v1', '/etc/whole/app.yaml': 'v2' });
  });

  it('an app missing its configuration exits with a log line saying what', () => {
    const c = createCluster({ nodes: 1, images });
    c.apply([cm({}), pod({ volumeMounts: [{ name: 'cfg', mountPath: '/etc/app' }] }, [{ name: 'cfg', configMap: { name: 'app-config' } }])]);
    c.advance('5s');
    const cs = c.get<Pod>('Pod', 'app')!.status!.containerStatuses![0]!;
    expect(cs.lastState?.terminated ?? cs.state?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(c.logs('app', 'app', { previous: true }) ?? c.logs('app', 'app')).toEqual(['error: required environment variable DB_PASSWORD is not set']);
  });

  it('a missing ConfigMap volume keeps the pod from starting (FailedMount) until it exists', () => {
    const c = createCluster({ nodes: 1, images: { 'shop/app': { startSeconds: 1, ports: [8080] } } });
    c.apply([pod({ volumeMounts: [{ name: 'cfg', mountPath: '/etc/app' }] }, [{ name: 'cfg', configMap: { name: 'app-config' } }])]);
    c.advance('5s');
    expect(c.get<Pod>('Pod', 'app')!.status!.containerStatuses![0]!.state!.waiting!.reason).toBe('ContainerCreating');
    expect(c.events({ reason: 'FailedMount' })[0]!.message).toBe('MountVolume.SetUp failed for volume "cfg" : configmap "app-config" not found');
    c.apply([cm({ a: '1' })]);
    c.advance('15s');
    expect(c.get<Pod>('Pod', 'app')!.status!.phase).toBe('Running');
  });

  it('immutable ConfigMaps refuse changes; Secret data must be base64', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([cm({ a: '1' }, { immutable: true })]);
    expect(c.apply([cm({ a: '2' }, { immutable: true })])[0]!.error!.message).toBe('ConfigMap "app-config" is invalid: data: Forbidden: field is immutable when `immutable` is set');
    const bad = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'bad' }, data: { password: 'not base64!' } };
    expect(c.apply([bad])[0]!.error!.message).toBe('Secret "bad" is invalid: data.password: Invalid value: "<secret contents redacted>": illegal base64 data (use stringData for plain text)');
  });
});

describe('a missing Secret', () => {
  it('keeps the container in CreateContainerConfigError until the Secret exists', () => {
    const c = createCluster({ nodes: 1, images: { 'shop/app': { startSeconds: 1, ports: [8080] } } });
    c.apply([pod({ env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] })]);
    c.advance('5s');
    expect(c.get<Pod>('Pod', 'app')!.status!.containerStatuses![0]!.state!.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'secret "db" not found' });
    c.apply([secret({ password: 'x' })]);
    c.advance('10s');
    expect(c.get<Pod>('Pod', 'app')!.status!.containerStatuses![0]!.state!.running).toBeDefined();
  });
});
