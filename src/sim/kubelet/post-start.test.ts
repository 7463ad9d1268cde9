// postStart hooks: pkg/kubelet/kuberuntime/kuberuntime_container.go startContainer (the hook runs right
// after the container starts, and the kubelet goes on to the next container only when it returns; a
// failed hook is a FailedPostStartHook event and the container is killed and restarted by its policy).
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/object.ts';
import { createCluster } from '../cluster.ts';

const images = { 'shop/web:v1': { pullSeconds: 1, startSeconds: 2, ports: [8080], healthPaths: ['/healthz'] } };

function pod(first: Partial<Container>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', uid: 'x' },
    spec: { containers: [{ name: 'first', image: 'shop/web:v1', ...first }, { name: 'second', image: 'shop/web:v1' }] },
  };
}

const startedAt = (p: Pod, name: string): number => Date.parse(p.status!.containerStatuses!.find((s) => s.name === name)!.state!.running!.startedAt!);

describe('postStart hooks', () => {
  it('hold the next container back until they return', () => {
    const c = createCluster({ nodes: 1, images });
    c.apply([pod({ lifecycle: { postStart: { sleep: { seconds: 10 } } } })]);
    c.advance('30s');
    const p = c.get<Pod>('Pod', 'web')!;
    expect(startedAt(p, 'second') - startedAt(p, 'first')).toBe(10_000);
    expect(p.status!.phase).toBe('Running');
  });

  it('that fail kill the container, which restarts; the event says why', () => {
    const c = createCluster({ nodes: 1, images });
    c.apply([pod({ lifecycle: { postStart: { exec: { command: ['sh', '-c', 'exit 1'] } } } })]);
    c.advance('30s');
    const p = c.get<Pod>('Pod', 'web')!;
    const failed = c.events({ reason: 'FailedPostStartHook' });
    expect(failed[0]!.type).toBe('Warning');
    expect(failed[0]!.message).toMatch(/^Exec lifecycle hook \(\[sh -c exit 1\]\) for Container "first" in Pod "web_default\(.+\)" failed - error: command 'sh -c exit 1' exited with 1: , message: ""$/);
    expect(c.events({ reason: 'Killing' }).map((e) => e.message)).toContain('FailedPostStartHook');
    expect(p.status!.containerStatuses!.find((s) => s.name === 'first')!.restartCount).toBeGreaterThanOrEqual(1);
  });

  it('an httpGet hook made before the app listens is refused', () => {
    const c = createCluster({ nodes: 1, images });
    c.apply([pod({ lifecycle: { postStart: { httpGet: { path: '/warm', port: 8080 } } } })]);
    c.advance('5s');
    expect(c.events({ reason: 'FailedPostStartHook' })[0]!.message).toMatch(/^HTTP lifecycle hook \(\/warm\) for Container "first" .* connect: connection refused$/);
  });
});
