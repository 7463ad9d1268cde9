/**
 * The scheduler end to end: the acceptance scenarios on a full simulated cluster, the
 * FailedScheduling message as upstream formats it, preemption, the scheduling queue's retries and
 * backoff, priority admission, and the explanation record.
 */
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/object.ts';
import { ApiError } from '../api-error.ts';
import { createCluster } from '../cluster.ts';
import { deployment } from '../testing.ts';
import { makeNode, makePod, SchedulerHarness } from './scheduler-testing.ts';

function template(d: KubeObject): Record<string, unknown> {
  return (d.spec as { template: { spec: Record<string, unknown> } }).template.spec;
}

const priorityClass = (name: string, value: number, extra: object = {}): KubeObject => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, ...extra });

describe('acceptance (issue 4)', () => {
  it('a pod tolerating nothing avoids the node with a PreferNoSchedule taint', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const c = createCluster({ seed, nodes: [{ name: 'tainted', taints: [{ key: 'maintenance', value: 'soon', effect: 'PreferNoSchedule' }] }, { name: 'clean' }] });
      c.apply([deployment({ replicas: 1 })]);
      c.advance('1s');
      expect(c.list<Pod>('Pod')[0]!.spec!.nodeName).toBe('clean');
    }
    // The explanation shows why: TaintToleration (weight 3) gives the tainted node 0 instead of 100.
    const h = new SchedulerHarness();
    h.node(makeNode('tainted', { taints: [{ key: 'maintenance', value: 'soon', effect: 'PreferNoSchedule' }] })).node(makeNode('clean'));
    h.create(makePod('p'));
    h.advance();
    const e = h.scheduler.explain('default', 'p')!;
    expect(e.nodes.map((n) => [n.node, n.scores!.find((s) => s.plugin === 'TaintToleration')])).toEqual([
      ['tainted', { plugin: 'TaintToleration', raw: 1, normalized: 0, weight: 3, weighted: 0 }],
      ['clean', { plugin: 'TaintToleration', raw: 0, normalized: 100, weight: 3, weighted: 300 }],
    ]);
  });

  it('required anti-affinity on kubernetes.io/hostname: 4 replicas on 3 nodes leave exactly one Pending', () => {
    const c = createCluster({ nodes: 3 });
    const d = deployment({ replicas: 4 });
    template(d).affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }] } };
    c.apply([d]);
    c.advance('30s');
    const pods = c.list<Pod>('Pod');
    const bound = pods.filter((p) => p.spec?.nodeName);
    expect(new Set(bound.map((p) => p.spec!.nodeName))).toEqual(new Set(['node-1', 'node-2', 'node-3']));
    const pending = pods.filter((p) => !p.spec?.nodeName);
    expect(pending).toHaveLength(1);
    const message = "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.";
    expect(pending[0]!.status).toMatchObject({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }] });
    const events = c.events({ reason: 'FailedScheduling' });
    expect(events.map((e) => [e.type, e.involvedObject.name, e.message, e.source?.component])).toEqual([['Warning', pending[0]!.metadata!.name, message, 'default-scheduler']]);
  });

  it('topology spread with maxSkew 1 over 3 zones places 6 replicas 2/2/2', () => {
    const zone = (z: string) => ({ 'topology.kubernetes.io/zone': z });
    const c = createCluster({
      nodes: [
        { name: 'a-1', labels: zone('a') },
        { name: 'a-2', labels: zone('a') },
        { name: 'b-1', labels: zone('b') },
        { name: 'c-1', labels: zone('c') },
        { name: 'c-2', labels: zone('c') },
        { name: 'c-3', labels: zone('c') },
      ],
    });
    const d = deployment({ replicas: 6 });
    template(d).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }];
    c.apply([d]);
    c.advance('10s');
    const perZone: Record<string, number> = {};
    for (const p of c.list<Pod>('Pod')) {
      const z = p.spec!.nodeName!.split('-')[0]!;
      perZone[z] = (perZone[z] ?? 0) + 1;
    }
    expect(perZone).toEqual({ a: 2, b: 2, c: 2 });
  });
});

describe('FailedScheduling (schedule_one.go handleSchedulingFailure, framework/types.go FitError)', () => {
  it('counts reasons per node, sorted as strings, then appends what preemption found', () => {
    const h = new SchedulerHarness();
    h.node(makeNode('small', { cpu: '1' }))
      .node(makeNode('tainted', { taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] }))
      .node(makeNode('cordoned', { unschedulable: true }));
    h.create(makePod('p', { cpu: '2' }));
    h.advance();
    expect(h.condition('p')).toMatchObject({
      status: 'False',
      reason: 'Unschedulable',
      message:
        '0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {gpu: true}, 1 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    });
  });

  it('a PreFilter rejection replaces the histogram', () => {
    const h = new SchedulerHarness();
    h.node(makeNode('n1'));
    const p = makePod('p');
    p.spec!.volumes = [{ name: 'data', persistentVolumeClaim: { claimName: 'missing' } }];
    h.create(p);
    h.advance();
    expect(h.condition('p')!.message).toBe('0/1 nodes are available: persistentvolumeclaim "missing" not found. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
  });

  it('without nodes: SchedulerError "no nodes available to schedule pods", then scheduled when a node joins', () => {
    const h = new SchedulerHarness();
    h.create(makePod('p'));
    h.advance();
    expect(h.condition('p')).toMatchObject({ status: 'False', reason: 'SchedulerError', message: 'no nodes available to schedule pods' });
    h.node(makeNode('n1'));
    h.advance(2000);
    expect(h.nodeOf('p')).toBe('n1');
    expect(h.condition('p')).toMatchObject({ status: 'True' });
  });

  it('a gated pod waits for its scheduling gates to be removed', () => {
    const h = new SchedulerHarness();
    h.node(makeNode('n1'));
    h.create(makePod('p', { schedulingGates: [{ name: 'example.com/wait' }] }));
    h.advance(1000);
    expect(h.nodeOf('p')).toBeUndefined();
    expect(h.events('FailedScheduling')).toEqual([]);
    const pod = h.pod('p')!;
    h.ctx.api.update({ ...(pod as unknown as KubeObject), spec: { ...pod.spec!, schedulingGates: [] } });
    h.advance();
    expect(h.nodeOf('p')).toBe('n1');
  });

  it('binds with spec.nodeName, PodScheduled=True and a Scheduled event', () => {
    const h = new SchedulerHarness();
    h.node(makeNode('n1'));
    h.create(makePod('p'));
    h.advance();
    expect(h.pod('p')!.spec!.nodeName).toBe('n1');
    expect(h.condition('p')).toMatchObject({ status: 'True' });
    expect(h.events('Scheduled').map((e) => e.message)).toEqual(['Successfully assigned default/p to n1']);
  });
});

describe('scheduling queue (backend/queue/scheduling_queue.go)', () => {
  it('backoff: 1 s after the first failure, doubling to at most 10 s', () => {
    const h = new SchedulerHarness();
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => h.scheduler.queue.backoffDuration(a))).toEqual([1000, 2000, 4000, 8000, 10000, 10000, 10000]);
  });

  it('retries an unschedulable pod on a relevant cluster event, after its backoff (popFromBackoffQ off)', () => {
    const h = new SchedulerHarness({ popFromBackoffQ: false });
    h.node(makeNode('n1', { cpu: '1' }));
    for (let i = 0; i < 40; i++) h.running(makePod(`filler-${i}`, { cpu: '1m' }), 'n1');
    h.running(makePod('big', { cpu: '900m' }), 'n1');
    h.create(makePod('p', { cpu: '500m' }));
    h.advance();
    // Every 100 ms an unrelated pod on the node goes away (AssignedPodDelete): NodeResourcesFit rejected
    // the pod, so each event moves it to the backoff queue, and it is tried when its backoff ends.
    const attempts: number[] = [];
    for (let i = 0; i < 500; i++) {
      h.ctx.store.remove('Pod', `filler-${i % 40}`, 'default');
      h.running(makePod(`filler-${i % 40}`, { cpu: '1m' }), 'n1');
      h.advance(100);
      const e = h.scheduler.explain('default', 'p')!;
      if (attempts.length < e.attempt) attempts.push(e.timeMs);
    }
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
    // Backoff 1, 2, 4, 8, 10, 10 s after each failure; the backoff queue is flushed on 1-second ticks
    // and a pod whose backoff ends exactly on a tick is still backing off then (isPodBackingoff), so
    // each retry comes one tick later: gaps of backoff + 1 s, as upstream.
    expect(gaps.slice(0, 6)).toEqual([2000, 3000, 5000, 9000, 11000, 11000]);
  });

  it('with SchedulerPopFromBackoffQ (default) an idle scheduler retries at once', () => {
    const h = new SchedulerHarness();
    h.node(makeNode('n1', { cpu: '1' }));
    h.running(makePod('big', { cpu: '900m' }), 'n1');
    h.create(makePod('p', { cpu: '500m' }));
    h.advance(100);
    h.ctx.store.remove('Pod', 'big', 'default');
    h.advance();
    expect(h.nodeOf('p')).toBe('n1');
  });

  it('an event no rejecting plugin registered for does not retry the pod', () => {
    const h = new SchedulerHarness();
    h.node(makeNode('n1', { cpu: '1' }));
    h.create(makePod('p', { cpu: '2' }));
    h.advance(100);
    expect(h.scheduler.explain('default', 'p')!.attempt).toBe(1);
    // A label change on the node: NodeResourcesFit registered Node/Add and UpdateNodeAllocatable only.
    const n = h.ctx.store.get('Node', 'n1')!;
    h.ctx.store.update({ ...n, metadata: { ...n.metadata, labels: { ...n.metadata.labels, extra: 'x' } } });
    h.advance(100);
    expect(h.scheduler.explain('default', 'p')!.attempt).toBe(1);
    // More allocatable CPU: the hint says it may fit now.
    const n2 = h.ctx.store.get('Node', 'n1')!;
    h.ctx.store.update({ ...n2, status: { ...(n2.status as object), allocatable: { cpu: '4', memory: '8Gi', pods: '110' } } });
    h.advance(100);
    expect(h.nodeOf('p')).toBe('n1');
  });

  it('retries unschedulable pods every 5 minutes even without events, counting FailedScheduling events', () => {
    const h = new SchedulerHarness();
    h.node(makeNode('n1', { cpu: '1' }));
    h.create(makePod('p', { cpu: '2' }));
    h.advance(299_000);
    expect(h.scheduler.explain('default', 'p')!.attempt).toBe(1);
    h.advance(31_000);
    expect(h.scheduler.explain('default', 'p')!.attempt).toBe(2);
    expect(h.events('FailedScheduling').map((e) => e.count)).toEqual([2]);
  });

  it('schedules higher priority first (PrioritySort)', () => {
    const h = new SchedulerHarness();
    h.node(makeNode('n1', { cpu: '1' }));
    h.create(makePod('low', { cpu: '1' }));
    h.create(priorityClass('high', 1000) as KubeObject);
    h.create(makePod('high', { cpu: '1', priorityClassName: 'high' }));
    h.advance();
    expect(h.nodeOf('high')).toBe('n1');
    expect(h.nodeOf('low')).toBeUndefined();
  });
});

describe('preemption (defaultpreemption/default_preemption.go, preemption/preemption.go)', () => {
  function full(): SchedulerHarness {
    const h = new SchedulerHarness();
    h.node(makeNode('node-1', { cpu: '2' })).node(makeNode('node-2', { cpu: '2' }));
    return h;
  }

  it('evicts the lowest-priority pods on the node where that hurts least, and nominates it', () => {
    const h = full();
    h.running(makePod('a', { cpu: '1', priority: 100 }), 'node-1').running(makePod('b', { cpu: '1', priority: 500 }), 'node-1');
    h.running(makePod('c', { cpu: '2', priority: 300 }), 'node-2');
    h.create(priorityClass('high', 1000) as KubeObject);
    h.create(makePod('p', { cpu: '1', priorityClassName: 'high' }));
    h.advance();
    const p = h.pod('p')!;
    // node-1's victim has priority 100, node-2's 300: node-1, and only a (b is reprieved).
    expect(p.status!.nominatedNodeName).toBe('node-1');
    expect(h.pod('a')!.metadata!.deletionTimestamp).toBeDefined();
    expect(h.pod('b')!.metadata!.deletionTimestamp).toBeUndefined();
    expect(h.pod('c')!.metadata!.deletionTimestamp).toBeUndefined();
    expect(h.pod('a')!.status!.conditions).toContainEqual(expect.objectContaining({ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod' }));
    expect(h.events('Preempted').map((e) => [e.involvedObject.name, e.message])).toEqual([['a', `Preempted by pod ${p.metadata!.uid} on node node-1`]]);
    expect(h.condition('p')!.message).toBe('0/2 nodes are available: 2 Insufficient cpu.');
    expect(h.scheduler.explain('default', 'p')!.preemption).toEqual({ nominatedNodeName: 'node-1', victims: ['default/a'] });
    // While a is terminating, the pod waits, not preempting again.
    h.advance(1000);
    expect(h.condition('p')!.message).toBe('0/2 nodes are available: 2 Insufficient cpu.');
    h.ctx.store.remove('Pod', 'a', 'default');
    h.advance();
    expect(h.nodeOf('p')).toBe('node-1');
  });

  it('prefers the node with the fewest victims when their priorities tie', () => {
    const h = full();
    h.running(makePod('a', { cpu: '1', priority: 100 }), 'node-1').running(makePod('b', { cpu: '1', priority: 100 }), 'node-1');
    h.running(makePod('c', { cpu: '2', priority: 100 }), 'node-2');
    h.create(priorityClass('high', 1000) as KubeObject);
    h.create(makePod('p', { cpu: '1500m', priorityClassName: 'high' }));
    h.advance();
    // node-1 would lose a and b, node-2 only c: the smaller sum of victim priorities wins.
    expect(h.pod('p')!.status!.nominatedNodeName).toBe('node-2');
    expect(h.scheduler.explain('default', 'p')!.preemption!.victims).toEqual(['default/c']);
  });

  it('reprieves the most important victims first: only as many go as needed', () => {
    const h = new SchedulerHarness();
    h.node(makeNode('node-1', { cpu: '2' }));
    h.running(makePod('low', { cpu: '500m', priority: 10 }), 'node-1').running(makePod('mid', { cpu: '500m', priority: 20 }), 'node-1').running(makePod('hi', { cpu: '1', priority: 30 }), 'node-1');
    h.create(priorityClass('high', 1000) as KubeObject);
    h.create(makePod('p', { cpu: '1', priorityClassName: 'high' }));
    h.advance();
    // Without all three the pod fits; hi (30) is given back, then mid (20) would not fit: mid and low go.
    expect(h.scheduler.explain('default', 'p')!.preemption!.victims).toEqual(['default/mid', 'default/low']);
  });

  it('does not preempt pods of equal or higher priority, nor with preemptionPolicy Never', () => {
    const h = full();
    h.running(makePod('a', { cpu: '2', priority: 1000 }), 'node-1').running(makePod('b', { cpu: '2', priority: 1000 }), 'node-2');
    h.create(priorityClass('high', 1000) as KubeObject);
    h.create(priorityClass('top-no-preempt', 2000, { preemptionPolicy: 'Never' }) as KubeObject);
    h.create(makePod('p', { cpu: '1', priorityClassName: 'high' }));
    h.create(makePod('never', { cpu: '1', priorityClassName: 'top-no-preempt' }));
    h.advance();
    expect(h.condition('p')!.message).toBe('0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.');
    expect(h.condition('never')!.message).toBe('0/2 nodes are available: 2 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
  });

  it('respects PodDisruptionBudgets when it can (violating candidates come last)', () => {
    const h = full();
    h.running(makePod('a', { cpu: '2', priority: 100, labels: { app: 'guarded' } }), 'node-1');
    h.running(makePod('b', { cpu: '2', priority: 100 }), 'node-2');
    h.ctx.store.create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'guard', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'guarded' } } }, status: { disruptionsAllowed: 0 } });
    h.create(priorityClass('high', 1000) as KubeObject);
    h.create(makePod('p', { cpu: '1', priorityClassName: 'high' }));
    h.advance();
    expect(h.pod('p')!.status!.nominatedNodeName).toBe('node-2');
  });
});

describe('priority admission (plugin/pkg/admission/priority)', () => {
  it('resolves spec.priority and preemptionPolicy from the PriorityClass', () => {
    const h = new SchedulerHarness();
    h.create(priorityClass('batch', 50, { preemptionPolicy: 'Never' }));
    const p = h.create(makePod('p', { priorityClassName: 'batch' })) as unknown as Pod;
    expect([p.spec!.priority, p.spec!.preemptionPolicy]).toEqual([50, 'Never']);
    const sys = h.create(makePod('sys', { priorityClassName: 'system-cluster-critical' })) as unknown as Pod;
    expect(sys.spec!.priority).toBe(2000000000);
  });

  it('uses the global default class, or 0 without one', () => {
    const h = new SchedulerHarness();
    expect((h.create(makePod('before')) as unknown as Pod).spec).toMatchObject({ priority: 0, preemptionPolicy: 'PreemptLowerPriority' });
    h.create(priorityClass('standard', 10, { globalDefault: true }));
    expect((h.create(makePod('after')) as unknown as Pod).spec).toMatchObject({ priority: 10, priorityClassName: 'standard' });
  });

  it('refuses unknown classes, a conflicting spec.priority and a second global default', () => {
    const h = new SchedulerHarness();
    h.create(priorityClass('standard', 10, { globalDefault: true }));
    const err = (f: () => unknown): ApiError => {
      try {
        f();
      } catch (e) {
        return e as ApiError;
      }
      throw new Error('no error');
    };
    const unknown = err(() => h.create(makePod('p', { priorityClassName: 'nope' })));
    expect([unknown.reason, unknown.code, unknown.message]).toEqual(['Forbidden', 403, 'pods "p" is forbidden: no PriorityClass with name nope was found']);
    expect(err(() => h.create(makePod('q', { priority: 7 }))).message).toBe(
      'pods "q" is forbidden: the integer value of priority (7) must not be provided in pod spec; priority admission controller computed 10 from the given PriorityClass name',
    );
    expect(err(() => h.create(priorityClass('other', 20, { globalDefault: true }))).message).toBe(
      'priorityclasses.scheduling.k8s.io "other" is forbidden: PriorityClass standard is already marked as default. Only one default can exist',
    );
  });
});

describe('explain()', () => {
  it('records, per node, the Filter verdict or the scores, the choice and the attempt', () => {
    const h = new SchedulerHarness();
    h.node(makeNode('small', { cpu: '500m' })).node(makeNode('a')).node(makeNode('b', { cpu: '8' }));
    h.create(makePod('p', { cpu: '1' }));
    h.advance();
    const e = h.scheduler.explain('default', 'p')!;
    expect(e).toMatchObject({ pod: { namespace: 'default', name: 'p' }, attempt: 1, result: 'Scheduled', nodeName: 'b', numAllNodes: 3, evaluatedNodes: 3, feasibleNodes: 2, time: '2026-01-01T00:00:00Z' });
    expect(e.preFilter.skipped).toEqual(expect.arrayContaining(['NodeAffinity', 'NodePorts', 'VolumeBinding', 'PodTopologySpread', 'InterPodAffinity']));
    expect(e.nodes[0]).toEqual({ node: 'small', feasible: false, filter: { plugin: 'NodeResourcesFit', code: 'UnschedulableAndUnresolvable', reasons: ['Insufficient cpu'] } });
    expect(e.nodes[2]!.totalScore).toBeGreaterThan(e.nodes[1]!.totalScore!);
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
  });

  it('keeps the latest attempt of a pending pod, with the message', () => {
    const h = new SchedulerHarness();
    h.node(makeNode('n1', { cpu: '1' }));
    h.create(makePod('p', { cpu: '2' }));
    h.advance();
    expect(h.scheduler.explain('default', 'p')).toMatchObject({ result: 'Unschedulable', message: h.condition('p')!.message, preemption: { victims: [] } });
    expect(h.scheduler.explain('default', 'nope')).toBeUndefined();
  });
});

describe('works with the controllers', () => {
  it('a Deployment spreads over nodes by default (system default topology spreading)', () => {
    const c = createCluster({ nodes: 3 });
    c.apply([deployment({ replicas: 6 })]);
    c.advance('5s');
    const perNode = new Map<string, number>();
    for (const p of c.list<Pod>('Pod')) perNode.set(p.spec!.nodeName!, (perNode.get(p.spec!.nodeName!) ?? 0) + 1);
    expect([...perNode.values()]).toEqual([2, 2, 2]);
    expect(c.get<Deployment>('Deployment', 'web')!.status!.availableReplicas).toBe(6);
  });
});
