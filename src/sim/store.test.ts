import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube/object.ts';
import { Clock } from './clock.ts';
import { Rng } from './rng.ts';
import { Store, type WatchEvent } from './store.ts';

function store(): Store {
  return new Store(new Clock(Date.parse('2026-01-01T00:00:00Z')), new Rng(1));
}

const cm = (data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data });
const deploy = (replicas: number, labels: Record<string, string> = {}): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'default', labels }, spec: { replicas } });

describe('object store', () => {
  it('assigns uid, resourceVersion and creationTimestamp on create', () => {
    const s = store();
    const a = s.create(cm({ a: '1' }));
    expect(a.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.metadata.resourceVersion).toBe('1');
    expect(a.metadata.creationTimestamp).toBe('2026-01-01T00:00:00Z');
  });

  it('bumps resourceVersion on every write and generation only when spec changes', () => {
    // k8s.io/apiserver registry: PrepareForUpdate of the apps strategies bumps generation on spec changes.
    const s = store();
    const created = s.create(deploy(1));
    expect(created.metadata.generation).toBe(1);
    const labelled = s.update({ ...created, metadata: { ...created.metadata, labels: { a: 'b' } } });
    expect(labelled.metadata.generation).toBe(1);
    expect(labelled.metadata.resourceVersion).toBe('2');
    const scaled = s.update({ ...labelled, spec: { replicas: 3 } });
    expect(scaled.metadata.generation).toBe(2);
    const status = s.update({ ...scaled, status: { replicas: 3 } });
    expect(status.metadata.generation).toBe(2);
    expect(status.metadata.uid).toBe(created.metadata.uid);
  });

  it('notifies watchers of adds, updates and deletes in order', () => {
    const s = store();
    const seen: string[] = [];
    const stop = s.watch('ConfigMap', (e: WatchEvent) => seen.push(`${e.type}:${e.object.metadata.resourceVersion}`));
    const all: string[] = [];
    s.watch('*', (e) => all.push(e.object.kind));
    const a = s.create(cm({ a: '1' }));
    s.update({ ...a, data: { a: '2' } });
    s.remove('ConfigMap', 'c', 'default');
    stop();
    s.create(cm({}));
    expect(seen).toEqual(['ADDED:1', 'MODIFIED:2', 'DELETED:3']);
    expect(all).toEqual(['ConfigMap', 'ConfigMap', 'ConfigMap', 'ConfigMap']);
  });
});

describe('watch cache', () => {
  it('replays changes after a resourceVersion, and says when that version is too old', () => {
    const s = store();
    const a = s.create(cm({ a: '1' }));
    s.update({ ...a, data: { a: '2' } });
    s.remove('ConfigMap', 'c', 'default');
    expect(s.changesSince(1)!.map((h) => [h.resourceVersion, h.event.type])).toEqual([
      [2, 'MODIFIED'],
      [3, 'DELETED'],
    ]);
    expect(s.changesSince(3)).toEqual([]);
    expect(s.changesSince(0)!.map((h) => h.event.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
  });
});
