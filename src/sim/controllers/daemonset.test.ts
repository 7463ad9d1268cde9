import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/object.ts';
import { createCluster } from '../cluster.ts';

const ds = (extra: Record<string, unknown> = {}, image = 'shop/agent:v1'): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent' },
  spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image }], ...extra } } },
});

const nodes = [{ name: 'node-1' }, { name: 'node-2', labels: { disk: 'ssd' } }, { name: 'node-3', taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' as const }] }];
const images = { 'shop/agent': { pullSeconds: 1, startSeconds: 1, ports: [9100] } };

// pkg/controller/daemon
describe('DaemonSet', () => {
  it('runs one pod on every node it fits, each pinned to its node', () => {
    const c = createCluster({ nodes, images });
    c.apply([ds()]);
    c.advance('10s');
    const pods = c.list<Pod>('Pod');
    expect(pods.map((p) => p.spec!.nodeName).sort()).toEqual(['node-1', 'node-2']);
    expect(pods[0]!.spec!.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms[0]!.matchFields![0]!.values).toEqual([pods[0]!.spec!.nodeName]);
    expect(c.get<DaemonSet>('DaemonSet', 'agent')!.status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 2, numberMisscheduled: 0 });
  });

  it('starts a pod on a node that joins the cluster', () => {
    const c = createCluster({ nodes, images });
    c.apply([ds()]);
    c.advance('10s');
    c.addNode({ name: 'node-4' });
    c.advance('5s');
    const pods = c.list<Pod>('Pod');
    expect(pods.map((p) => p.spec!.nodeName).sort()).toEqual(['node-1', 'node-2', 'node-4']);
    expect(pods.find((p) => p.spec!.nodeName === 'node-4')!.status!.phase).toBe('Running');
    expect(c.get<DaemonSet>('DaemonSet', 'agent')!.status).toMatchObject({ desiredNumberScheduled: 3, numberReady: 3 });
  });

  it('honours nodeSelector and tolerations', () => {
    const c = createCluster({ nodes, images });
    c.apply([ds({ nodeSelector: { disk: 'ssd' } })]);
    c.advance('10s');
    expect(c.list<Pod>('Pod').map((p) => p.spec!.nodeName)).toEqual(['node-2']);
    const c2 = createCluster({ nodes, images });
    c2.apply([ds({ tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }] })]);
    c2.advance('10s');
    expect(c2.list<Pod>('Pod')).toHaveLength(3);
  });

  it('rolls a new template out node by node', () => {
    const c = createCluster({ nodes, images });
    c.apply([ds()]);
    c.advance('10s');
    c.apply([ds({}, 'shop/agent:v2')]);
    let most = 0;
    for (let i = 0; i < 30; i++) {
      c.advance('1s');
      most = Math.max(most, c.get<DaemonSet>('DaemonSet', 'agent')!.status!.numberUnavailable ?? 0);
    }
    expect(most).toBeLessThanOrEqual(1);
    expect(c.list<Pod>('Pod').every((p) => p.spec!.containers[0]!.image === 'shop/agent:v2')).toBe(true);
  });
});
