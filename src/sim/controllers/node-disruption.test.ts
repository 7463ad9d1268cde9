import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../cluster.ts';
import type { NodeSpec } from '../nodes.ts';
import { deployment } from '../testing.ts';

const zoned = (name: string, zone: string): NodeSpec => ({ name, labels: { 'topology.kubernetes.io/zone': zone } });

function cluster(nodes: NodeSpec[], replicas: number): Cluster {
  const c = createCluster({ nodes });
  const d = deployment({ replicas, cpu: '100m' });
  // One replica a node: spread by hostname, required.
  (d.spec as { template: { spec: Record<string, unknown> } }).template.spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }];
  c.apply([d]);
  c.advance('30s');
  return c;
}

/** When each node got the NoExecute taint `key` (simulated seconds), sampled every second for `seconds`. */
function noExecuteTimes(c: Cluster, names: string[], seconds: number, key = 'node.kubernetes.io/unreachable'): Record<string, number | undefined> {
  const out: Record<string, number | undefined> = Object.fromEntries(names.map((n) => [n, undefined]));
  for (let i = 0; i < seconds; i++) {
    c.advance('1s');
    for (const n of names) {
      const has = (c.get<Node>('Node', n)!.spec?.taints ?? []).some((t) => t.key === key && t.effect === 'NoExecute');
      if (has && out[n] === undefined) out[n] = c.now;
    }
  }
  return out;
}

const noSchedule = (c: Cluster, n: string): boolean => (c.get<Node>('Node', n)!.spec?.taints ?? []).some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoSchedule');

// pkg/controller/nodelifecycle/node_lifecycle_controller.go (handleDisruption, doNoExecuteTaintingPass), scheduler/rate_limited_queue.go
describe('node lifecycle: zones and the eviction rate', () => {
  it('taints the lost nodes of a zone one by one, 10 s apart (--node-eviction-rate 0.1), NoSchedule at once', () => {
    const c = cluster([zoned('a1', 'a'), zoned('a2', 'a'), zoned('b1', 'b'), zoned('c1', 'c')], 4);
    const start = c.now;
    c.failNode('a1');
    c.failNode('a2');
    const at = noExecuteTimes(c, ['a1', 'a2'], 120);
    const first = Math.min(at.a1!, at.a2!) - start;
    const second = Math.max(at.a1!, at.a2!) - start;
    expect(first).toBeGreaterThanOrEqual(50);
    expect(first).toBeLessThanOrEqual(56);
    expect(second - first).toBe(10);
    expect(noSchedule(c, 'a1') && noSchedule(c, 'a2')).toBe(true);
  });

  it('stops tainting a small zone in partial disruption (> 2 and ≥ 55 % not ready): no NoExecute taint, no eviction', () => {
    const nodes = ['1', '2', '3', '4', '5'].map((i) => zoned(`a${i}`, 'a'));
    const c = cluster([...nodes, zoned('b1', 'b')], 6);
    const pods = c.list<Pod>('Pod').filter((p) => ['a1', 'a2', 'a3'].includes(p.spec!.nodeName!)).map((p) => p.metadata!.name!);
    expect(pods).toHaveLength(3);
    for (const n of ['a1', 'a2', 'a3']) c.failNode(n);
    const at = noExecuteTimes(c, ['a1', 'a2', 'a3'], 400);
    expect(at).toEqual({ a1: undefined, a2: undefined, a3: undefined });
    expect(['a1', 'a2', 'a3'].every((n) => noSchedule(c, n))).toBe(true);
    expect(pods.every((p) => !c.get<Pod>('Pod', p)!.metadata!.deletionTimestamp)).toBe(true);
  });

  it('with every node lost, blames itself: no NoExecute taint; once a node is back, taints the others at the normal rate', () => {
    const c = cluster([zoned('a1', 'a'), zoned('b1', 'b'), zoned('b2', 'b')], 3);
    for (const n of ['a1', 'b1', 'b2']) c.failNode(n);
    expect(noExecuteTimes(c, ['a1', 'b1', 'b2'], 200)).toEqual({ a1: undefined, b1: undefined, b2: undefined });
    expect(c.list<Pod>('Pod').every((p) => !p.metadata!.deletionTimestamp)).toBe(true);
    const back = c.now;
    c.recoverNode('a1');
    const at = noExecuteTimes(c, ['b1', 'b2'], 60);
    const times = [at.b1! - back, at.b2! - back].sort((x, y) => x - y);
    expect(times[0]).toBeLessThanOrEqual(15);
    expect(times[1]! - times[0]!).toBe(10);
  });

  it('a node Ready again leaves the queue and loses its taints', () => {
    const c = cluster([zoned('a1', 'a'), zoned('a2', 'a'), zoned('b1', 'b')], 3);
    c.failNode('a1');
    c.failNode('a2');
    c.advance('57s');
    const tainted = ['a1', 'a2'].filter((n) => (c.get<Node>('Node', n)!.spec?.taints ?? []).some((t) => t.effect === 'NoExecute'));
    expect(tainted).toHaveLength(1);
    const waiting = tainted[0] === 'a1' ? 'a2' : 'a1';
    c.recoverNode(waiting);
    expect(noExecuteTimes(c, [waiting], 30)).toEqual({ [waiting]: undefined });
    expect(c.get<Node>('Node', waiting)!.spec?.taints ?? []).toEqual([]);
  });
});
