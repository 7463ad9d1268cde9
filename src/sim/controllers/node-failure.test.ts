import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../cluster.ts';
import { deployment, service } from '../testing.ts';

function twoNodes(tolerationSeconds?: number): { c: Cluster; victim: Pod } {
  const c = createCluster({ nodes: 2 });
  const d = deployment({ replicas: 2, readiness: { periodSeconds: 2 } });
  // Spread the two replicas over the two nodes (preferred: with required anti-affinity the replacement
  // could not join the other replica on node-2 while the evicted pod is still Terminating).
  (d.spec as { template: { spec: Record<string, unknown> } }).template.spec.affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' } }] } };
  if (tolerationSeconds !== undefined) (d.spec as { template: { spec: Record<string, unknown> } }).template.spec.tolerations = [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds }];
  c.apply([d, service()]);
  c.advance('30s');
  const victim = c.list<Pod>('Pod').find((p) => p.spec!.nodeName === 'node-1')!;
  expect(victim).toBeDefined();
  return { c, victim };
}

/** Seconds after `from` at which `check` first holds, sampled every second. */
function when(c: Cluster, check: () => boolean, from: number, max = 600): number | undefined {
  for (let t = 0; t <= max; t++) {
    if (check()) return c.now - from;
    c.advance('1s');
  }
  return undefined;
}

// pkg/controller/nodelifecycle, pkg/controller/tainteviction, plugin/pkg/admission/defaulttolerationseconds
describe('node failure and eviction', () => {
  it('a lost node is Unknown and tainted after ≈50 s; its pod is evicted at ≈350 s and replaced on the other node', () => {
    const { c, victim } = twoNodes();
    const start = c.now;
    c.failNode('node-1');
    const node = (): Node => c.get<Node>('Node', 'node-1')!;
    const unknownAt = when(c, () => node().status!.conditions!.find((x) => x.type === 'Ready')!.status === 'Unknown', start)!;
    expect(unknownAt).toBeGreaterThanOrEqual(50);
    expect(unknownAt).toBeLessThanOrEqual(56);
    expect(node().status!.conditions!.find((x) => x.type === 'Ready')).toMatchObject({ reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(node().spec!.taints!.map((t) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    // Its pod is no longer ready, so the Service stops sending it traffic.
    expect(c.get<Pod>('Pod', victim.metadata!.name!)!.status!.conditions!.find((x) => x.type === 'Ready')!.status).toBe('False');
    const evictedAt = when(c, () => !!c.get<Pod>('Pod', victim.metadata!.name!)?.metadata?.deletionTimestamp, start)!;
    expect(evictedAt).toBeGreaterThanOrEqual(350);
    expect(evictedAt).toBeLessThanOrEqual(356);
    expect(c.events({ reason: 'TaintManagerEviction' })[0]!.message).toBe(`Marking for deletion Pod default/${victim.metadata!.name}`);
    c.advance('30s');
    const live = c.list<Pod>('Pod').filter((p) => !p.metadata?.deletionTimestamp);
    expect(live.map((p) => p.spec!.nodeName)).toEqual(['node-2', 'node-2']);
    // The evicted pod stays Terminating: its kubelet cannot confirm that it stopped.
    expect(c.get<Pod>('Pod', victim.metadata!.name!)).toBeDefined();
  });

  it('with a toleration of 30 s the pod is evicted ≈80 s after the node is lost', () => {
    const { c, victim } = twoNodes(30);
    const start = c.now;
    c.failNode('node-1');
    const evictedAt = when(c, () => !!c.get<Pod>('Pod', victim.metadata!.name!)?.metadata?.deletionTimestamp, start)!;
    expect(evictedAt).toBeGreaterThanOrEqual(80);
    expect(evictedAt).toBeLessThanOrEqual(86);
  });

  it('a recovered node is Ready and untainted again, and finishes deleting the evicted pod', () => {
    const { c, victim } = twoNodes(30);
    c.failNode('node-1');
    c.advance('120s');
    c.recoverNode('node-1');
    c.advance('10s');
    const node = c.get<Node>('Node', 'node-1')!;
    expect(node.status!.conditions!.find((x) => x.type === 'Ready')!.status).toBe('True');
    expect(node.spec!.taints ?? []).toEqual([]);
    expect(c.get<Pod>('Pod', victim.metadata!.name!)).toBeUndefined();
  });

  it('every pod tolerates not-ready and unreachable for 300 s by default', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([deployment({ replicas: 1 })]);
    expect(c.list<Pod>('Pod')[0]!.spec!.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });
});

describe('self-healing keeps the Service up', () => {
  it('with anti-affinity spreading 2 replicas over 2 nodes, the Service keeps ≥ 1 ready endpoint throughout a node loss', () => {
    const { c } = twoNodes();
    c.setTraffic({ service: 'web', rps: 20 });
    c.failNode('node-1');
    let fewest = Infinity;
    for (let t = 0; t < 420; t++) {
      c.advance('1s');
      fewest = Math.min(fewest, c.snapshot().services.find((s) => s.name === 'web')!.readyEndpoints);
    }
    expect(fewest).toBeGreaterThanOrEqual(1);
    expect(c.snapshot().services.find((s) => s.name === 'web')!.readyEndpoints).toBe(2);
  });

  it('a StatefulSet pod evicted from a lost node comes back, once the node is back, with the same claim', () => {
    const c = createCluster({ nodes: 2 });
    c.apply([
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] } },
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'db' },
        spec: {
          serviceName: 'db',
          replicas: 1,
          selector: { matchLabels: { app: 'db' } },
          template: { metadata: { labels: { app: 'db' } }, spec: { tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }], containers: [{ name: 'pg', image: 'postgres:17', volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }] }] } },
          volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
        },
      },
    ]);
    c.advance('60s');
    const first = c.get<Pod>('Pod', 'db-0')!;
    c.failNode(first.spec!.nodeName!);
    c.advance('120s');
    // Evicted, but Terminating until its kubelet confirms: a StatefulSet never runs two db-0 at once.
    expect(c.get<Pod>('Pod', 'db-0')!.metadata!.uid).toBe(first.metadata!.uid);
    c.recoverNode(first.spec!.nodeName!);
    c.advance('60s');
    const again = c.get<Pod>('Pod', 'db-0')!;
    expect(again.metadata!.uid).not.toBe(first.metadata!.uid);
    expect(again.spec!.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } });
    expect(c.containerView('db-0', 'pg')!.data).toBe('restored');
  });
});
