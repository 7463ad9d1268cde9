/**
 * Filter plugins, with cases from upstream's unit tests (pkg/scheduler/framework/plugins/*_test.go):
 * which nodes a pod may go to, and the reason each other node gives.
 */
import type { NodeSelectorRequirement } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { makeNode, makePod, SchedulerHarness, type NodeOptions, type PodOptions } from './scheduler-testing.ts';

/** The Filter verdicts of the pod's latest attempt: node → "Plugin: reason" or "ok". */
function verdicts(h: SchedulerHarness, pod: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of h.scheduler.explain('default', pod)!.nodes) out[n.node] = n.filter ? `${n.filter.plugin}: ${n.filter.reasons.join(', ')}` : 'ok';
  return out;
}

function one(pod: PodOptions, nodes: Parameters<typeof makeNode>[1][] = [{}]): SchedulerHarness {
  const h = new SchedulerHarness();
  nodes.forEach((n, i) => h.node(makeNode(`n${i + 1}`, n)));
  h.create(makePod('p', pod));
  h.advance();
  return h;
}

describe('NodeResourcesFit (noderesources/fit_test.go)', () => {
  it('fits exactly, and names every resource that is short', () => {
    const h = new SchedulerHarness();
    h.node(makeNode('n1', { cpu: '1', memory: '1Gi', pods: 2 }));
    h.running(makePod('a', { cpu: '500m', memory: '512Mi' }), 'n1');
    h.create(makePod('fits', { cpu: '500m', memory: '512Mi' }));
    h.advance();
    expect(h.nodeOf('fits')).toBe('n1');
    h.create(makePod('big', { cpu: '1m', memory: '1' }));
    h.advance();
    expect(verdicts(h, 'big')).toEqual({ n1: 'NodeResourcesFit: Too many pods, Insufficient cpu, Insufficient memory' });
    expect(h.condition('big')!.message).toBe(
      '0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    );
  });

  it('counts the largest init container, not the sum (max(Σ containers, max init))', () => {
    // Containers 2 × 500m = 1000m; init containers 1500m and 700m: the pod needs 1500m.
    const pod = { cpu: '500m', containers: 2, initContainers: [{ cpu: '1500m' }, { cpu: '700m' }] };
    expect(one(pod, [{ cpu: '1500m' }]).nodeOf('p')).toBe('n1');
    expect(verdicts(one(pod, [{ cpu: '1499m' }]), 'p')).toEqual({ n1: 'NodeResourcesFit: Insufficient cpu' });
  });

  it('adds the pod overhead', () => {
    expect(one({ cpu: '900m', overhead: { cpu: '100m' } }, [{ cpu: '1' }]).nodeOf('p')).toBe('n1');
    expect(verdicts(one({ cpu: '900m', overhead: { cpu: '101m' } }, [{ cpu: '1' }]), 'p')).toEqual({ n1: 'NodeResourcesFit: Insufficient cpu' });
  });

  it('checks extended resources', () => {
    const nodes = [{ extended: { 'example.com/gpu': '1' } }, {}];
    const h = one({ requests: { 'example.com/gpu': '1' } }, nodes);
    expect(h.nodeOf('p')).toBe('n1');
    const h2 = one({ requests: { 'example.com/gpu': '2' } }, nodes);
    expect(verdicts(h2, 'p')).toEqual({ n1: 'NodeResourcesFit: Insufficient example.com/gpu', n2: 'NodeResourcesFit: Insufficient example.com/gpu' });
  });

  it('a request larger than the whole node cannot be helped by preemption (UnschedulableAndUnresolvable)', () => {
    const h = one({ cpu: '5' }, [{ cpu: '4' }]);
    expect(h.scheduler.explain('default', 'p')!.nodes[0]!.filter).toMatchObject({ code: 'UnschedulableAndUnresolvable' });
    expect(h.condition('p')!.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
  });
});

describe('NodeAffinity (nodeaffinity/node_affinity_test.go)', () => {
  const nodes: NodeOptions[] = [{ labels: { zone: 'a', gen: '3', disk: 'ssd' } }, { labels: { zone: 'b', gen: '5' } }, { labels: { zone: 'c' } }];
  const required = (...matchExpressions: NodeSelectorRequirement[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } });
  const where = (pod: PodOptions): string[] => {
    const v = verdicts(one(pod, nodes), 'p');
    return Object.keys(v).filter((n) => v[n] === 'ok');
  };

  it('In, NotIn, Exists, DoesNotExist, Gt, Lt', () => {
    expect(where({ affinity: required({ key: 'zone', operator: 'In', values: ['a', 'b'] }) })).toEqual(['n1', 'n2']);
    expect(where({ affinity: required({ key: 'zone', operator: 'NotIn', values: ['a', 'b'] }) })).toEqual(['n3']);
    expect(where({ affinity: required({ key: 'disk', operator: 'Exists' }) })).toEqual(['n1']);
    expect(where({ affinity: required({ key: 'disk', operator: 'DoesNotExist' }) })).toEqual(['n2', 'n3']);
    expect(where({ affinity: required({ key: 'gen', operator: 'Gt', values: ['3'] }) })).toEqual(['n2']);
    expect(where({ affinity: required({ key: 'gen', operator: 'Lt', values: ['5'] }) })).toEqual(['n1']);
  });

  it('NotIn matches nodes without the label; Gt needs an integer label and exactly one integer value', () => {
    expect(where({ affinity: required({ key: 'disk', operator: 'NotIn', values: ['hdd'] }) })).toEqual(['n1', 'n2', 'n3']);
    expect(where({ affinity: required({ key: 'zone', operator: 'Gt', values: ['1'] }) })).toEqual([]);
    expect(where({ affinity: required({ key: 'gen', operator: 'Gt', values: ['1', '2'] }) })).toEqual([]);
  });

  it('terms are ORed, requirements within a term ANDed; an empty term matches nothing', () => {
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: 'zone', operator: 'In', values: ['a'] },
                { key: 'disk', operator: 'In', values: ['hdd'] },
              ],
            },
            { matchExpressions: [{ key: 'zone', operator: 'In', values: ['c'] }] },
            {},
          ],
        },
      },
    };
    expect(where({ affinity })).toEqual(['n3']);
  });

  it('nodeSelector and affinity must both match', () => {
    expect(where({ nodeSelector: { zone: 'a' }, affinity: required({ key: 'gen', operator: 'Exists' }) })).toEqual(['n1']);
    const h = one({ nodeSelector: { zone: 'z' } }, nodes);
    expect(verdicts(h, 'p')).toEqual({ n1: "NodeAffinity: node(s) didn't match Pod's node affinity/selector", n2: "NodeAffinity: node(s) didn't match Pod's node affinity/selector", n3: "NodeAffinity: node(s) didn't match Pod's node affinity/selector" });
    expect(h.condition('p')!.message).toBe("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
  });

  it('matchFields metadata.name narrows the nodes in PreFilter', () => {
    const h = one({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] }] } } } }, nodes);
    expect(h.nodeOf('p')).toBe('n2');
    expect(h.scheduler.explain('default', 'p')!.nodes.map((n) => n.node)).toEqual(['n2']);
  });
});

describe('TaintToleration (tainttoleration/taint_toleration_test.go)', () => {
  const taint = (effect: string) => ({ key: 'dedicated', value: 'gpu', effect });

  it('NoSchedule and NoExecute taints must be tolerated; PreferNoSchedule need not', () => {
    const h = one({}, [{ taints: [taint('NoSchedule')] }, { taints: [taint('NoExecute')] }, { taints: [taint('PreferNoSchedule')] }]);
    expect(verdicts(h, 'p')).toEqual({ n1: 'TaintToleration: node(s) had untolerated taint {dedicated: gpu}', n2: 'TaintToleration: node(s) had untolerated taint {dedicated: gpu}', n3: 'ok' });
  });

  it('tolerations: Equal with the value, Exists with any value, an empty effect for every effect, an empty key with Exists for every taint', () => {
    const nodes = [{ taints: [taint('NoSchedule')] }];
    expect(one({ tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] }, nodes).nodeOf('p')).toBe('n1');
    expect(one({ tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'tpu', effect: 'NoSchedule' }] }, nodes).nodeOf('p')).toBeUndefined();
    expect(one({ tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }] }, nodes).nodeOf('p')).toBe('n1');
    expect(one({ tolerations: [{ key: 'dedicated', operator: 'Exists' }] }, nodes).nodeOf('p')).toBe('n1');
    expect(one({ tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }] }, nodes).nodeOf('p')).toBeUndefined();
    expect(one({ tolerations: [{ operator: 'Exists' }] }, nodes).nodeOf('p')).toBe('n1');
  });
});

describe('NodeUnschedulable and NodeName', () => {
  it('a cordoned node takes only pods tolerating node.kubernetes.io/unschedulable', () => {
    const h = one({}, [{ unschedulable: true }]);
    expect(h.condition('p')!.message).toBe('0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
    expect(one({ tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] }, [{ unschedulable: true }]).nodeOf('p')).toBe('n1');
  });
});

describe('NodePorts (nodeports/node_ports_test.go)', () => {
  it('a host port in use (same protocol, on the same IP or 0.0.0.0) rejects the node', () => {
    const h = new SchedulerHarness();
    h.node(makeNode('n1')).node(makeNode('n2'));
    h.running(makePod('a', { hostPorts: [{ containerPort: 80, hostPort: 8080 }] }), 'n1');
    h.running(makePod('b', { hostPorts: [{ containerPort: 80, hostPort: 8080, hostIP: '10.0.0.1', protocol: 'UDP' }] }), 'n2');
    h.create(makePod('p', { hostPorts: [{ containerPort: 80, hostPort: 8080 }] }));
    h.create(makePod('udp', { hostPorts: [{ containerPort: 80, hostPort: 8080, protocol: 'UDP', hostIP: '10.0.0.2' }] }));
    h.advance();
    expect(verdicts(h, 'p')).toMatchObject({ n1: "NodePorts: node(s) didn't have free ports for the requested pod ports" });
    expect(h.nodeOf('p')).toBe('n2');
    // UDP 8080 on 10.0.0.2: free on n1 (only TCP) — n2 now also holds TCP 8080 from p, and UDP on 10.0.0.1.
    expect(h.nodeOf('udp')).toBe('n1');
  });
});

describe('InterPodAffinity (interpodaffinity/filtering_test.go)', () => {
  const sel = (labels: Record<string, string>) => ({ matchLabels: labels });
  function cluster(): SchedulerHarness {
    const h = new SchedulerHarness();
    h.node(makeNode('a1', { labels: { zone: 'a' } })).node(makeNode('a2', { labels: { zone: 'a' } })).node(makeNode('b1', { labels: { zone: 'b' } }));
    h.running(makePod('db', { labels: { app: 'db' } }), 'a1');
    return h;
  }

  it('required affinity: only nodes in the topology domain of a matching pod', () => {
    const h = cluster();
    h.create(makePod('p', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: sel({ app: 'db' }), topologyKey: 'zone' }] } } }));
    h.advance();
    expect(verdicts(h, 'p')).toEqual({ a1: 'ok', a2: 'ok', b1: "InterPodAffinity: node(s) didn't match pod affinity rules" });
  });

  it('required affinity to its own labels: the first pod of the group may go anywhere', () => {
    const h = cluster();
    h.create(makePod('p', { labels: { app: 'cache' }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: sel({ app: 'cache' }), topologyKey: 'zone' }] } } }));
    h.advance();
    expect(Object.values(verdicts(h, 'p'))).toEqual(['ok', 'ok', 'ok']);
    // …and the second one joins it.
    const zone = h.nodeOf('p')!.startsWith('a') ? 'a' : 'b';
    h.create(makePod('q', { labels: { app: 'cache' }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: sel({ app: 'cache' }), topologyKey: 'zone' }] } } }));
    h.advance();
    expect(h.nodeOf('q')!.startsWith(zone)).toBe(true);
  });

  it('required anti-affinity: not in the domain of a matching pod', () => {
    const h = cluster();
    h.create(makePod('p', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: sel({ app: 'db' }), topologyKey: 'zone' }] } } }));
    h.advance();
    expect(verdicts(h, 'p')).toEqual({ a1: "InterPodAffinity: node(s) didn't match pod anti-affinity rules", a2: "InterPodAffinity: node(s) didn't match pod anti-affinity rules", b1: 'ok' });
  });

  it("an existing pod's anti-affinity keeps matching pods out of its domain", () => {
    const h = cluster();
    h.running(makePod('loner', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: sel({ app: 'web' }), topologyKey: 'kubernetes.io/hostname' }] } } }), 'a2');
    h.create(makePod('p', { labels: { app: 'web' } }));
    h.advance();
    expect(verdicts(h, 'p')).toMatchObject({ a2: "InterPodAffinity: node(s) didn't satisfy existing pods anti-affinity rules", a1: 'ok', b1: 'ok' });
  });

  it('namespaces: a term looks at its own namespace unless it lists others or selects them', () => {
    const h = new SchedulerHarness();
    h.namespace('team-a', { team: 'a' });
    h.namespace('team-b', { team: 'b' });
    h.node(makeNode('n1')).node(makeNode('n2'));
    h.running(makePod('x', { namespace: 'team-a', labels: { app: 'x' } }), 'n1');
    const anti = (extra: object) => ({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: sel({ app: 'x' }), topologyKey: 'kubernetes.io/hostname', ...extra }] } });
    h.create(makePod('own', { namespace: 'team-b', affinity: anti({}) }));
    h.create(makePod('listed', { namespace: 'team-b', affinity: anti({ namespaces: ['team-a'] }) }));
    h.create(makePod('selected', { namespace: 'team-b', affinity: anti({ namespaceSelector: { matchLabels: { team: 'a' } } }) }));
    h.create(makePod('all', { namespace: 'team-b', affinity: anti({ namespaceSelector: {} }) }));
    h.advance();
    const on = (name: string): string[] =>
      h.scheduler
        .explain('team-b', name)!
        .nodes.filter((n) => n.feasible)
        .map((n) => n.node);
    expect(on('own')).toEqual(['n1', 'n2']);
    expect(on('listed')).toEqual(['n2']);
    expect(on('selected')).toEqual(['n2']);
    expect(on('all')).toEqual(['n2']);
  });
});

describe('PodTopologySpread (podtopologyspread/filtering_test.go)', () => {
  const foo = { foo: '' };
  const spread = (maxSkew: number, key: string, extra: object = {}) => [{ maxSkew, topologyKey: key, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: foo }, ...extra }];
  function zones(counts: Record<string, number>, extraNodes: Parameters<typeof makeNode>[1][] = []): SchedulerHarness {
    const h = new SchedulerHarness();
    for (const z of Object.keys(counts)) h.node(makeNode(`node-${z}`, { labels: { zone: z } }));
    extraNodes.forEach((n, i) => h.node(makeNode(`extra-${i}`, n)));
    for (const [z, n] of Object.entries(counts)) for (let i = 0; i < n; i++) h.running(makePod(`${z}-${i}`, { labels: foo }), `node-${z}`);
    return h;
  }
  const feasible = (h: SchedulerHarness, pod = 'p'): string[] =>
    h.scheduler
      .explain('default', pod)!
      .nodes.filter((n) => n.feasible)
      .map((n) => n.node);

  it('matchNum + selfMatch − globalMin ≤ maxSkew', () => {
    const h = zones({ a: 2, b: 1, c: 1 });
    h.create(makePod('p', { labels: foo, spread: spread(1, 'zone') }));
    h.advance();
    expect(feasible(h)).toEqual(['node-b', 'node-c']);
    expect(verdicts(h, 'p')['node-a']).toBe("PodTopologySpread: node(s) didn't match pod topology spread constraints");
  });

  it('a pod that does not match its own selector adds nothing to the skew', () => {
    const h = zones({ a: 2, b: 1 });
    h.create(makePod('p', { labels: { other: 'x' }, spread: spread(1, 'zone') }));
    h.advance();
    expect(feasible(h)).toEqual(['node-a', 'node-b']);
  });

  it('nodes without the topology key are rejected as unresolvable (missing required label)', () => {
    const h = zones({ a: 0 }, [{}]);
    h.create(makePod('p', { labels: foo, spread: spread(1, 'zone') }));
    h.advance();
    expect(verdicts(h, 'p')['extra-0']).toBe("PodTopologySpread: node(s) didn't match pod topology spread constraints (missing required label)");
  });

  it('minDomains: fewer eligible domains than minDomains makes the global minimum 0', () => {
    const h = zones({ a: 1, b: 1 });
    h.create(makePod('p', { labels: foo, spread: spread(1, 'zone', { minDomains: 3 }) }));
    h.advance();
    // 1 + 1 − 0 > 1 on both domains.
    expect(feasible(h)).toEqual([]);
    const h2 = zones({ a: 1, b: 1 });
    h2.create(makePod('p', { labels: foo, spread: spread(1, 'zone', { minDomains: 2 }) }));
    h2.advance();
    expect(feasible(h2)).toEqual(['node-a', 'node-b']);
  });

  it('nodeAffinityPolicy Honor (default) leaves nodes the pod cannot use out of the domains; Ignore counts them', () => {
    // Zone c has no matching pod, but the pod's nodeSelector (kubernetes.io/os=linux) excludes its node.
    const honor = zones({ a: 1, b: 1, c: 0 });
    const withOs = (h: SchedulerHarness, nodes: string[]): void => {
      for (const name of nodes) {
        const n = h.ctx.store.get('Node', name)!;
        h.ctx.store.update({ ...n, metadata: { ...n.metadata, labels: { ...n.metadata.labels, 'kubernetes.io/os': 'linux' } } });
      }
    };
    withOs(honor, ['node-a', 'node-b']);
    honor.create(makePod('p', { labels: foo, nodeSelector: { 'kubernetes.io/os': 'linux' }, spread: spread(1, 'zone') }));
    honor.advance();
    expect(feasible(honor)).toEqual(['node-a', 'node-b']);
    const ignore = zones({ a: 1, b: 1, c: 0 });
    withOs(ignore, ['node-a', 'node-b']);
    ignore.create(makePod('p', { labels: foo, nodeSelector: { 'kubernetes.io/os': 'linux' }, spread: spread(1, 'zone', { nodeAffinityPolicy: 'Ignore' }) }));
    ignore.advance();
    // Zone c counts as a domain with 0: 1 + 1 − 0 > 1 everywhere the pod may go.
    expect(feasible(ignore)).toEqual([]);
  });

  it('nodeTaintsPolicy Honor leaves tainted nodes out of the domains; Ignore (default) counts them', () => {
    const make = (policy?: string): SchedulerHarness => {
      const h = zones({ a: 1, b: 1 }, [{ labels: { zone: 'c' }, taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }]);
      h.create(makePod('p', { labels: foo, spread: spread(1, 'zone', policy ? { nodeTaintsPolicy: policy } : {}) }));
      h.advance();
      return h;
    };
    expect(feasible(make())).toEqual([]);
    expect(feasible(make('Honor'))).toEqual(['node-a', 'node-b']);
  });

  it('matchLabelKeys adds the pod’s own value of those keys to the selector', () => {
    const h = new SchedulerHarness();
    for (const z of ['a', 'b']) h.node(makeNode(`node-${z}`, { labels: { zone: z } }));
    // Two pods of an older revision in zone a: they do not count for revision 2.
    h.running(makePod('old-1', { labels: { ...foo, rev: '1' } }), 'node-a').running(makePod('old-2', { labels: { ...foo, rev: '1' } }), 'node-a');
    h.create(makePod('p', { labels: { ...foo, rev: '2' }, spread: spread(1, 'zone', { matchLabelKeys: ['rev'] }) }));
    h.advance();
    expect(feasible(h)).toEqual(['node-a', 'node-b']);
    const h2 = new SchedulerHarness();
    for (const z of ['a', 'b']) h2.node(makeNode(`node-${z}`, { labels: { zone: z } }));
    h2.running(makePod('old-1', { labels: { ...foo, rev: '1' } }), 'node-a').running(makePod('old-2', { labels: { ...foo, rev: '1' } }), 'node-a');
    h2.create(makePod('p', { labels: { ...foo, rev: '2' }, spread: spread(1, 'zone') }));
    h2.advance();
    expect(feasible(h2)).toEqual(['node-b']);
  });
});
