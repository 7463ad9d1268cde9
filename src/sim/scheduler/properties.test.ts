/**
 * Property tests (fast-check): on random clusters and workloads, whatever the scheduler decides —
 * including preemption — no node is over-committed on requested cpu, memory or pod count; no pod sits
 * on a node whose NoSchedule/NoExecute taint it does not tolerate or whose labels its nodeSelector does
 * not match; required pod affinity and anti-affinity hold; explanations add up; and the same seed
 * gives the same placements. The checks are written independently of the scheduler's code.
 */
import fc from 'fast-check';
import type { Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/object.ts';
import { makeNode, makePod, SchedulerHarness } from './scheduler-testing.ts';

const TAINTS: Taint[] = [
  { key: 'gpu', value: 'true', effect: 'NoSchedule' },
  { key: 'spot', value: 'yes', effect: 'NoExecute' },
  { key: 'old', value: 'v1', effect: 'PreferNoSchedule' },
  { key: 'team', value: 'a', effect: 'NoSchedule' },
];
const TOLERATIONS: Toleration[] = [
  { key: 'gpu', operator: 'Exists' },
  { key: 'spot', operator: 'Equal', value: 'yes', effect: 'NoExecute' },
  { key: 'team', operator: 'Equal', value: 'b', effect: 'NoSchedule' },
  { key: 'team', operator: 'Exists', effect: 'NoSchedule' },
  { operator: 'Exists', effect: 'PreferNoSchedule' },
];
const APPS = ['a', 'b', 'c'];
const TOPOLOGY = ['kubernetes.io/hostname', 'zone'];

interface NodeGen {
  cpu: number;
  memMi: number;
  pods: number;
  zone: string | null;
  disk: string | null;
  taints: number[];
  unschedulable: boolean;
}

interface PodGen {
  cpu: number | null;
  memMi: number | null;
  app: string;
  tolerations: number[];
  selector: { zone?: string; disk?: string } | null;
  anti: { app: string; key: number } | null;
  affinity: { app: string; key: number } | null;
  priority: number;
  batch: number;
}

/** null most of the time, the arbitrary's value once in `1 + nulls` draws. */
function sometimes<T>(arb: fc.Arbitrary<T>, nulls: number): fc.Arbitrary<T | null> {
  return fc.oneof({ arbitrary: fc.constant(null), weight: nulls }, { arbitrary: arb, weight: 1 });
}

const nodeArb: fc.Arbitrary<NodeGen> = fc.record({
  cpu: fc.integer({ min: 250, max: 4000 }),
  memMi: fc.integer({ min: 256, max: 4096 }),
  pods: fc.integer({ min: 1, max: 8 }),
  zone: fc.constantFrom('z1', 'z2', 'z3', null),
  disk: fc.constantFrom('ssd', 'hdd', null),
  taints: sometimes(fc.uniqueArray(fc.integer({ min: 0, max: TAINTS.length - 1 }), { minLength: 1, maxLength: 2 }), 2).map((t) => t ?? []),
  unschedulable: fc.constant(false), // cordoned nodes are covered by the unit tests
});

const podArb: fc.Arbitrary<PodGen> = fc.record({
  cpu: fc.option(fc.integer({ min: 0, max: 1200 }), { nil: null }),
  memMi: fc.option(fc.integer({ min: 0, max: 1024 }), { nil: null }),
  app: fc.constantFrom(...APPS),
  tolerations: fc.uniqueArray(fc.integer({ min: 0, max: TOLERATIONS.length - 1 }), { maxLength: 3 }),
  selector: sometimes(fc.oneof(fc.record({ zone: fc.constantFrom('z1', 'z2', 'z3') }), fc.record({ disk: fc.constantFrom('ssd', 'hdd') })), 4),
  anti: sometimes(fc.record({ app: fc.constantFrom(...APPS), key: fc.integer({ min: 0, max: 1 }) }), 2),
  affinity: sometimes(fc.record({ app: fc.constantFrom(...APPS), key: fc.integer({ min: 0, max: 1 }) }), 5),
  priority: fc.constantFrom(0, 0, 100, 1000),
  batch: fc.integer({ min: 0, max: 2 }),
});

const scenarioArb = fc.record({ nodes: fc.array(nodeArb, { minLength: 1, maxLength: 5 }), pods: fc.array(podArb, { minLength: 1, maxLength: 12 }) });
type Scenario = { nodes: NodeGen[]; pods: PodGen[] };

function term(t: { app: string; key: number }) {
  return { labelSelector: { matchLabels: { app: t.app } }, topologyKey: TOPOLOGY[t.key]! };
}

function podOf(i: number, g: PodGen): Pod {
  const requests: Record<string, string> = {};
  if (g.cpu !== null) requests.cpu = `${g.cpu}m`;
  if (g.memMi !== null) requests.memory = `${g.memMi}Mi`;
  const p = makePod(`p${i}`, {
    labels: { app: g.app },
    requests,
    tolerations: g.tolerations.map((t) => TOLERATIONS[t]!),
    ...(g.selector ? { nodeSelector: g.selector as Record<string, string> } : {}),
    affinity: {
      ...(g.anti ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term(g.anti)] } } : {}),
      ...(g.affinity ? { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term(g.affinity)] } } : {}),
    },
    priority: g.priority,
  });
  return p;
}

/** Builds the cluster, creates the pods in batches (scheduling in between), and returns the harness. */
function run(s: Scenario, seed = 1): SchedulerHarness {
  const h = new SchedulerHarness({ seed });
  s.nodes.forEach((n, i) =>
    h.node(
      makeNode(`n${i}`, {
        cpu: `${n.cpu}m`,
        memory: `${n.memMi}Mi`,
        pods: n.pods,
        labels: { ...(n.zone ? { zone: n.zone } : {}), ...(n.disk ? { disk: n.disk } : {}) },
        taints: n.taints.map((t) => TAINTS[t]!),
      }),
    ),
  );
  for (let batch = 0; batch <= 2; batch++) {
    s.pods.forEach((g, i) => {
      if (g.batch === batch) h.ctx.store.create(podOf(i, g) as unknown as KubeObject);
    });
    h.advance(15_000);
  }
  return h;
}

function tolerated(tolerations: readonly Toleration[], t: Taint): boolean {
  return tolerations.some((x) => (!x.effect || x.effect === t.effect) && (!x.key || x.key === t.key) && (x.operator === 'Exists' || (x.value ?? '') === (t.value ?? '')));
}

const quantity = (v: string | undefined, unit: 'm' | 'Mi'): number => (v === undefined ? 0 : Number(v.replace(unit, '')));

function checkInvariants(s: Scenario, h: SchedulerHarness): void {
  const pods = h.pods().filter((p) => p.spec?.nodeName);
  const nodeLabels = (name: string): Record<string, string> => h.ctx.store.get('Node', name)!.metadata.labels ?? {};
  for (const [i, n] of s.nodes.entries()) {
    const on = pods.filter((p) => p.spec!.nodeName === `n${i}`);
    const cpu = on.reduce((sum, p) => sum + quantity(p.spec!.containers[0]!.resources?.requests?.cpu as string | undefined, 'm'), 0);
    const mem = on.reduce((sum, p) => sum + quantity(p.spec!.containers[0]!.resources?.requests?.memory as string | undefined, 'Mi'), 0);
    expect(cpu).toBeLessThanOrEqual(n.cpu);
    expect(mem).toBeLessThanOrEqual(n.memMi);
    expect(on.length).toBeLessThanOrEqual(n.pods);
    for (const p of on) {
      for (const t of n.taints.map((x) => TAINTS[x]!)) if (t.effect !== 'PreferNoSchedule') expect(tolerated(p.spec!.tolerations ?? [], t)).toBe(true);
      for (const [k, v] of Object.entries(p.spec!.nodeSelector ?? {})) expect(nodeLabels(`n${i}`)[k]).toBe(v);
    }
  }
  const domain = (p: Pod, key: string): string | undefined => nodeLabels(p.spec!.nodeName!)[key];
  for (const p of pods) {
    for (const t of p.spec!.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
      const d = domain(p, t.topologyKey);
      if (d === undefined) continue;
      const clash = pods.filter((q) => q !== p && q.metadata!.labels!.app === t.labelSelector!.matchLabels!.app && domain(q, t.topologyKey) === d);
      expect(clash.map((q) => q.metadata!.name)).toEqual([]);
    }
    for (const t of p.spec!.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
      const d = domain(p, t.topologyKey);
      expect(d).toBeDefined();
      const app = t.labelSelector!.matchLabels!.app;
      const partner = pods.some((q) => q !== p && q.metadata!.labels!.app === app && domain(q, t.topologyKey) === d);
      expect(partner || p.metadata!.labels!.app === app).toBe(true);
    }
  }
}

const params = { seed: 20260101, endOnFailure: true } as const;
const stats = { runs: 0, pods: 0, bound: 0, preempted: 0 };

describe('scheduler properties (fast-check)', () => {
  it('never over-commits a node, never ignores a NoSchedule/NoExecute taint or a nodeSelector, never breaks required (anti-)affinity', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const h = run(s);
        checkInvariants(s, h);
        stats.runs++;
        stats.pods += s.pods.length;
        stats.bound += h.pods().filter((p) => p.spec?.nodeName).length;
        stats.preempted += h.events('Preempted').length;
      }),
      { ...params, numRuns: 600 },
    );
    // The workloads exercise both outcomes and preemption.
    expect(stats.bound).toBeGreaterThan(stats.pods / 3);
    expect(stats.bound).toBeLessThan(stats.pods);
    expect(stats.preempted).toBeGreaterThan(0);
  });

  it('explanations add up: normalised scores within 0–100, totals = Σ normalised × weight, the chosen node has the best total', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const h = run(s);
        for (const p of h.pods()) {
          const e = h.scheduler.explain('default', p.metadata!.name!);
          if (!e || e.result !== 'Scheduled' || e.feasibleNodes < 2) continue;
          const scored = e.nodes.filter((n) => n.feasible);
          for (const n of scored) {
            for (const x of n.scores!) {
              expect(x.normalized).toBeGreaterThanOrEqual(0);
              expect(x.normalized).toBeLessThanOrEqual(100);
            }
            expect(n.totalScore).toBe(n.scores!.reduce((sum, x) => sum + x.normalized * x.weight, 0));
          }
          const best = Math.max(...scored.map((n) => n.totalScore!));
          expect(scored.find((n) => n.node === e.nodeName)!.totalScore).toBe(best);
        }
      }),
      { ...params, numRuns: 250 },
    );
  });

  it('the same seed gives the same placements', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 1, max: 1000 }), (s, seed) => {
        const placements = (h: SchedulerHarness): string => JSON.stringify(h.pods().map((p) => [p.metadata!.name, p.spec!.nodeName ?? null, p.status?.nominatedNodeName ?? null]));
        expect(placements(run(s, seed))).toBe(placements(run(s, seed)));
      }),
      { ...params, numRuns: 250 },
    );
  });
});
