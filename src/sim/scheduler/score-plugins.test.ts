/**
 * Score plugins, with the cases and expected scores of upstream's unit tests
 * (pkg/scheduler/framework/plugins/*_test.go), read back from the scheduler's explanations.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { SchedulerOptions } from './options.ts';
import { DEFAULT_SCORE_WEIGHTS } from './plugins/registry.ts';
import { makeNode, makePod, SchedulerHarness } from './scheduler-testing.ts';

/** upstream's cpuAndMemory pod: containers of 1000m/2000 and 2000m/3000 (3000m, 5000 bytes in all). */
function cpuAndMemory(name: string): Pod {
  const p = makePod(name);
  p.spec!.containers = [
    { name: 'a', image: 'x', resources: { requests: { cpu: '1000m', memory: '2000' } } },
    { name: 'b', image: 'x', resources: { requests: { cpu: '2000m', memory: '3000' } } },
  ];
  return p;
}

function scores(h: SchedulerHarness, pod: string, plugin: string): Record<string, { raw: number; normalized: number }> {
  const e = h.scheduler.explain('default', pod)!;
  const out: Record<string, { raw: number; normalized: number }> = {};
  for (const n of e.nodes) {
    const s = n.scores?.find((x) => x.plugin === plugin);
    if (s) out[n.node] = { raw: s.raw, normalized: s.normalized };
  }
  return out;
}

function twoSizedNodes(options: SchedulerOptions = {}): SchedulerHarness {
  const h = new SchedulerHarness(options);
  h.node(makeNode('node1', { cpu: '4000m', memory: '10000' })).node(makeNode('node2', { cpu: '6000m', memory: '10000' }));
  h.create(cpuAndMemory('p'));
  h.advance();
  return h;
}

describe('NodeResourcesFit scoring strategies (noderesources/*_allocated_test.go)', () => {
  it('LeastAllocated: (25 + 50) / 2 = 37 and (50 + 50) / 2 = 50', () => {
    const h = twoSizedNodes();
    expect(scores(h, 'p', 'NodeResourcesFit')).toEqual({ node1: { raw: 37, normalized: 37 }, node2: { raw: 50, normalized: 50 } });
    expect(h.nodeOf('p')).toBe('node2');
  });

  it('MostAllocated: (75 + 50) / 2 = 62 and (50 + 50) / 2 = 50', () => {
    const h = twoSizedNodes({ scoringStrategy: 'MostAllocated' });
    expect(scores(h, 'p', 'NodeResourcesFit')).toEqual({ node1: { raw: 62, normalized: 62 }, node2: { raw: 50, normalized: 50 } });
    // BalancedAllocation (87 vs 100, also weight 1) tips the total: 62 + 87 < 50 + 100.
    const e = h.scheduler.explain('default', 'p')!;
    expect(e.nodes.map((n) => [n.node, n.totalScore])).toEqual([
      ['node1', 300 + 62 + 87],
      ['node2', 300 + 50 + 100],
    ]);
    expect(h.nodeOf('p')).toBe('node2');
  });

  it('RequestedToCapacityRatio with the bin-packing shape rounds: (75 + 50) / 2 = 63', () => {
    const h = twoSizedNodes({ scoringStrategy: 'RequestedToCapacityRatio' });
    expect(scores(h, 'p', 'NodeResourcesFit')).toEqual({ node1: { raw: 63, normalized: 63 }, node2: { raw: 50, normalized: 50 } });
  });

  it('RequestedToCapacityRatio with a custom shape (spreading: 0 → 10, 100 → 0)', () => {
    const h = twoSizedNodes({ scoringStrategy: 'RequestedToCapacityRatio', requestedToCapacityRatioShape: [{ utilization: 0, score: 10 }, { utilization: 100, score: 0 }] });
    // node1: cpu 75% → 25, memory 50% → 50: round(37.5) = 38; node2: 50, 50.
    expect(scores(h, 'p', 'NodeResourcesFit')).toEqual({ node1: { raw: 38, normalized: 38 }, node2: { raw: 50, normalized: 50 } });
  });

  it('counts a pod without requests as 100m and 200 MiB when scoring', () => {
    const h = new SchedulerHarness();
    h.node(makeNode('a', { cpu: '1', memory: '1000Mi' })).node(makeNode('b', { cpu: '1', memory: '1000Mi' }));
    h.running(makePod('busy', { cpu: '500m', memory: '500Mi' }), 'a');
    h.create(makePod('p'));
    h.advance();
    // a: cpu (1000 − 600) / 1000 → 40, memory (1000 − 700) / 1000 → 30: 35. b: 90, 80: 85.
    expect(scores(h, 'p', 'NodeResourcesFit')).toEqual({ a: { raw: 35, normalized: 35 }, b: { raw: 85, normalized: 85 } });
  });
});

describe('NodeResourcesBalancedAllocation (balanced_allocation_test.go)', () => {
  it('(1 − |0.75 − 0.5| / 2) × 100 = 87 and 100', () => {
    const h = twoSizedNodes();
    expect(scores(h, 'p', 'NodeResourcesBalancedAllocation')).toEqual({ node1: { raw: 87, normalized: 87 }, node2: { raw: 100, normalized: 100 } });
  });

  it('skips best-effort pods', () => {
    const h = new SchedulerHarness();
    h.node(makeNode('a')).node(makeNode('b'));
    h.create(makePod('p'));
    h.advance();
    expect(h.scheduler.explain('default', 'p')!.scorePlugins.map((s) => s.plugin)).not.toContain('NodeResourcesBalancedAllocation');
  });
});

describe('TaintToleration scoring (taint_toleration_test.go)', () => {
  it('the more intolerable PreferNoSchedule taints a node has, the lower its score: 100, 50, 0', () => {
    const h = new SchedulerHarness();
    const t = (key: string, value: string) => ({ key, value, effect: 'PreferNoSchedule' });
    h.node(makeNode('nodeA')).node(makeNode('nodeB', { taints: [t('cpu-type', 'arm64')] })).node(makeNode('nodeC', { taints: [t('cpu-type', 'arm64'), t('disk-type', 'ssd')] }));
    h.create(makePod('p'));
    h.advance();
    expect(scores(h, 'p', 'TaintToleration')).toEqual({ nodeA: { raw: 0, normalized: 100 }, nodeB: { raw: 1, normalized: 50 }, nodeC: { raw: 2, normalized: 0 } });
  });

  it('a tolerated PreferNoSchedule taint costs nothing', () => {
    const h = new SchedulerHarness();
    h.node(makeNode('a', { taints: [{ key: 'k', value: 'v', effect: 'PreferNoSchedule' }] })).node(makeNode('b'));
    h.create(makePod('p', { tolerations: [{ key: 'k', operator: 'Equal', value: 'v', effect: 'PreferNoSchedule' }] }));
    h.advance();
    expect(scores(h, 'p', 'TaintToleration')).toEqual({ a: { raw: 0, normalized: 100 }, b: { raw: 0, normalized: 100 } });
  });
});

describe('NodeAffinity scoring (node_affinity_test.go)', () => {
  it('sums the weights of the matching preferred terms and normalises to the best: 18, 100, 36', () => {
    const h = new SchedulerHarness();
    h.node(makeNode('node1', { labels: { foo: 'bar' } }))
      .node(makeNode('node5', { labels: { foo: 'bar', key: 'value', az: 'az1' } }))
      .node(makeNode('node2', { labels: { key: 'value' } }));
    const req = (key: string, v: string) => ({ key, operator: 'In', values: [v] });
    h.create(
      makePod('p', {
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 2, preference: { matchExpressions: [req('foo', 'bar')] } },
              { weight: 4, preference: { matchExpressions: [req('key', 'value')] } },
              { weight: 5, preference: { matchExpressions: [req('foo', 'bar'), req('key', 'value'), req('az', 'az1')] } },
            ],
          },
        },
      }),
    );
    h.advance();
    expect(scores(h, 'p', 'NodeAffinity')).toEqual({ node1: { raw: 2, normalized: 18 }, node5: { raw: 11, normalized: 100 }, node2: { raw: 4, normalized: 36 } });
    expect(h.nodeOf('p')).toBe('node5');
  });
});

describe('ImageLocality (image_locality_test.go)', () => {
  it('two images spread over two nodes: the larger one wins, 0 and 5', () => {
    const mb = 1024 * 1024;
    const h = new SchedulerHarness();
    h.node(makeNode('node1', { images: [{ names: ['gcr.io/40:latest'], sizeBytes: 40 * mb }] })).node(makeNode('node2', { images: [{ names: ['gcr.io/250:latest'], sizeBytes: 250 * mb }] }));
    const p = makePod('p');
    p.spec!.containers = [
      { name: 'a', image: 'gcr.io/40' },
      { name: 'b', image: 'gcr.io/250' },
    ];
    h.create(p);
    h.advance();
    expect(scores(h, 'p', 'ImageLocality')).toEqual({ node1: { raw: 0, normalized: 0 }, node2: { raw: 5, normalized: 5 } });
  });
});

describe('InterPodAffinity scoring (interpodaffinity/scoring_test.go)', () => {
  function zones(): SchedulerHarness {
    const h = new SchedulerHarness();
    h.node(makeNode('a1', { labels: { zone: 'a' } })).node(makeNode('a2', { labels: { zone: 'a' } })).node(makeNode('b1', { labels: { zone: 'b' } }));
    h.running(makePod('db', { labels: { app: 'db' } }), 'a1');
    return h;
  }
  const term = (weight: number) => ({ weight, podAffinityTerm: { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'zone' } });

  it('preferred affinity: nodes in the zone of a matching pod score 100, the others 0', () => {
    const h = zones();
    h.create(makePod('p', { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [term(5)] } } }));
    h.advance();
    expect(scores(h, 'p', 'InterPodAffinity')).toEqual({ a1: { raw: 5, normalized: 100 }, a2: { raw: 5, normalized: 100 }, b1: { raw: 0, normalized: 0 } });
  });

  it('preferred anti-affinity: the other zone wins', () => {
    const h = zones();
    h.create(makePod('p', { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [term(5)] } } }));
    h.advance();
    expect(scores(h, 'p', 'InterPodAffinity')).toEqual({ a1: { raw: -5, normalized: 0 }, a2: { raw: -5, normalized: 0 }, b1: { raw: 0, normalized: 100 } });
    expect(h.nodeOf('p')).toBe('b1');
  });

  it("an existing pod's required affinity attracts a matching pod (hardPodAffinityWeight 1)", () => {
    const h = new SchedulerHarness();
    h.node(makeNode('a1', { labels: { zone: 'a' } })).node(makeNode('b1', { labels: { zone: 'b' } }));
    h.running(makePod('web', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'zone' }] } } }), 'b1');
    h.create(makePod('db', { labels: { app: 'db' } }));
    h.advance();
    expect(scores(h, 'db', 'InterPodAffinity')).toEqual({ a1: { raw: 0, normalized: 0 }, b1: { raw: 1, normalized: 100 } });
  });
});

describe('PodTopologySpread scoring (podtopologyspread/scoring_test.go)', () => {
  it('scores by matching pods in the domain: weight log(4 + 2), normalised to (max + min − s) / max', () => {
    const h = new SchedulerHarness();
    for (const n of ['a', 'b', 'c', 'd']) h.node(makeNode(n));
    const foo = { foo: '' };
    h.running(makePod('a1', { labels: foo }), 'a').running(makePod('a2', { labels: foo }), 'a').running(makePod('b1', { labels: foo }), 'b');
    h.create(makePod('p', { labels: foo, spread: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchExpressions: [{ key: 'foo', operator: 'Exists' }] } }] }));
    h.advance();
    // raw: round(2 × ln 6) = 4, round(ln 6) = 2, 0, 0 → normalised 0, 50, 100, 100.
    expect(scores(h, 'p', 'PodTopologySpread')).toEqual({ a: { raw: 4, normalized: 0 }, b: { raw: 2, normalized: 50 }, c: { raw: 0, normalized: 100 }, d: { raw: 0, normalized: 100 } });
  });

  it('system default spreading applies to pods a Service selects', () => {
    const h = new SchedulerHarness();
    h.node(makeNode('a')).node(makeNode('b'));
    h.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    h.running(makePod('w1', { labels: { app: 'web' } }), 'a');
    h.create(makePod('w2', { labels: { app: 'web' } }));
    h.advance();
    // hostname maxSkew 3: a scores 1 × ln(2 + 2) + 2 → 3, b scores 2; the zone default is ignored
    // (no zone labels) without making the nodes ineligible.
    expect(scores(h, 'w2', 'PodTopologySpread')).toEqual({ a: { raw: 3, normalized: 66 }, b: { raw: 2, normalized: 100 } });
    expect(h.nodeOf('w2')).toBe('b');
  });
});

describe('weights (apis/config/v1/default_plugins.go)', () => {
  it('uses the upstream default weights and sums normalised × weight', () => {
    expect(DEFAULT_SCORE_WEIGHTS).toEqual({ TaintToleration: 3, NodeAffinity: 2, NodeResourcesFit: 1, PodTopologySpread: 2, InterPodAffinity: 2, NodeResourcesBalancedAllocation: 1, ImageLocality: 1 });
    const h = twoSizedNodes();
    const e = h.scheduler.explain('default', 'p')!;
    for (const n of e.nodes) {
      const sum = n.scores!.reduce((s, x) => s + x.normalized * x.weight, 0);
      expect(n.totalScore).toBe(sum);
      for (const s of n.scores!) expect(s.weight).toBe(DEFAULT_SCORE_WEIGHTS[s.plugin]);
    }
    expect(e.scorePlugins.map((s) => s.plugin)).toEqual(['TaintToleration', 'NodeResourcesFit', 'NodeResourcesBalancedAllocation', 'ImageLocality']);
  });
});
