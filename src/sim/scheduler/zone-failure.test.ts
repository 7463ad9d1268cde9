import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster.ts';
import { deployment } from '../testing.ts';

/** Six pods spread over three zones of two nodes by a DoNotSchedule zone constraint; then zone a is lost. */
function loseZone(nodeTaintsPolicy?: 'Honor' | 'Ignore'): { placed: Record<string, number>; pending: Pod[] } {
  const nodes = ['a', 'b', 'c'].flatMap((z) => [1, 2].map((i) => ({ name: `node-${z}${i}`, labels: { 'topology.kubernetes.io/zone': `zone-${z}` } })));
  const c = createCluster({ nodes });
  const d = deployment({ replicas: 6, readiness: { periodSeconds: 5 } });
  (d.spec as { template: { spec: Record<string, unknown> } }).template.spec.topologySpreadConstraints = [
    { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, ...(nodeTaintsPolicy ? { nodeTaintsPolicy } : {}) },
  ];
  c.apply([d]);
  c.advance('30s');
  c.failNode('node-a1');
  c.failNode('node-a2');
  // 50 s until the node controller notices, 300 s of default toleration, then the replacements.
  c.advance('420s');
  const live = c.list<Pod>('Pod').filter((p) => !p.metadata?.deletionTimestamp);
  const placed: Record<string, number> = {};
  for (const p of live) if (p.spec?.nodeName) placed[p.spec.nodeName.slice(5, 6)] = (placed[p.spec.nodeName.slice(5, 6)] ?? 0) + 1;
  return { placed, pending: live.filter((p) => !p.spec?.nodeName) };
}

// pkg/scheduler/framework/plugins/podtopologyspread: PreFilter counts matching pods over every node
// that passes the node inclusion policies (nodeTaintsPolicy defaults to Ignore, KEP-3094) and skips
// terminating pods (countPodsMatchSelector), so a lost zone is a domain with 0 pods.
describe('PodTopologySpread after a zone is lost', () => {
  it('with nodeTaintsPolicy Ignore (the default) the lost zone keeps the minimum at 0: the replacements stay Pending', () => {
    const { placed, pending } = loseZone();
    expect(placed).toEqual({ b: 2, c: 2 });
    expect(pending).toHaveLength(2);
    expect(pending[0]!.status!.conditions!.find((x) => x.type === 'PodScheduled')!.message).toBe(
      "0/6 nodes are available: 2 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 4 node(s) didn't match pod topology spread constraints. preemption: 0/6 nodes are available: 2 Preemption is not helpful for scheduling, 4 No preemption victims found for incoming pod.",
    );
  });

  it('with nodeTaintsPolicy Honor the tainted nodes leave the count: the replacements go 3 and 3 to the zones left', () => {
    const { placed, pending } = loseZone('Honor');
    expect(pending).toEqual([]);
    expect(placed).toEqual({ b: 3, c: 3 });
  });
});
