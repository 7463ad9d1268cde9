import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from './cluster.ts';
import { deployment, service } from './testing.ts';

const ready = (p: Pod): boolean => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
const active = (c: Cluster): Pod[] => c.list<Pod>('Pod').filter((p) => !p.metadata?.deletionTimestamp);

describe('Deployment → ReplicaSet → Pods (pkg/controller/deployment, pkg/controller/replicaset)', () => {
  it('creates a ReplicaSet with the pod-template-hash and revision annotations, and its pods', () => {
    const c = createCluster({ nodes: 2 });
    const [outcome] = c.apply([deployment({ replicas: 3 })]);
    expect(outcome).toMatchObject({ kind: 'Deployment', name: 'web', namespace: 'default', action: 'created' });
    const [rs] = c.list<ReplicaSet>('ReplicaSet');
    const hash = rs!.metadata!.labels!['pod-template-hash']!;
    expect(rs!.metadata!.name).toBe(`web-${hash}`);
    expect(rs!.metadata!.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' });
    expect(rs!.metadata!.ownerReferences![0]).toMatchObject({ kind: 'Deployment', name: 'web', controller: true });
    const pods = c.list<Pod>('Pod');
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.metadata!.name!.startsWith(`web-${hash}-`) && p.metadata!.labels!['pod-template-hash'] === hash)).toBe(true);
  });

  it('runs the pods to Running and Ready and reports Deployment status and conditions', () => {
    const c = createCluster({ nodes: 2 });
    c.apply([deployment({ replicas: 3 })]);
    c.advance('10s');
    const pods = c.list<Pod>('Pod');
    expect(pods.map((p) => [p.status?.phase, ready(p)])).toEqual([
      ['Running', true],
      ['Running', true],
      ['Running', true],
    ]);
    expect(new Set(pods.map((p) => p.status?.podIP)).size).toBe(3);
    const d = c.get<Deployment>('Deployment', 'web')!;
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    // DeploymentStatus counts are omitempty: no unavailable pod, no unavailableReplicas field.
    expect(d.status).not.toHaveProperty('unavailableReplicas');
    expect(d.status!.conditions!.map((x) => [x.type, x.status, x.reason])).toEqual(
      expect.arrayContaining([
        ['Available', 'True', 'MinimumReplicasAvailable'],
        ['Progressing', 'True', 'NewReplicaSetAvailable'],
      ]),
    );
  });

  it('records the upstream event reasons in order', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([deployment({ replicas: 1 })]);
    c.advance('10s');
    expect(c.events().map((e) => `${e.involvedObject.kind}:${e.reason}`)).toEqual([
      'Deployment:ScalingReplicaSet',
      'ReplicaSet:SuccessfulCreate',
      'Pod:Scheduled',
      'Pod:Pulling',
      'Pod:Pulled',
      'Pod:Created',
      'Pod:Started',
    ]);
    expect(c.events({ reason: 'ScalingReplicaSet' })[0]!.message).toMatch(/^Scaled up replica set web-\w+ from 0 to 1$/);
  });

  it('scales up and down when spec.replicas changes', () => {
    const c = createCluster({ nodes: 2 });
    c.apply([deployment({ replicas: 2 })]);
    c.advance('10s');
    expect(c.apply([deployment({ replicas: 5 })])[0]!.action).toBe('configured');
    c.advance('10s');
    expect(active(c).filter(ready)).toHaveLength(5);
    c.apply([deployment({ replicas: 1 })]);
    c.advance('5s');
    expect(active(c)).toHaveLength(1);
    expect(c.get<Deployment>('Deployment', 'web')!.metadata!.generation).toBe(3);
  });

  it('applies as kubectl does: keeps fields the server set, removes fields the user removed', () => {
    const c = createCluster({ nodes: 1 });
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', labels: { team: 'a', tier: 'batch' } }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'w', image: 'busybox:1.37', command: ['sleep', '60'] }] } } } };
    c.apply([job]);
    const selector = c.get<{ spec: { selector: unknown } }>('Job', 'j')!.spec.selector;
    expect(selector).toBeDefined();
    expect(c.apply([job])[0]!.action).toBe('unchanged');
    const [out] = c.apply([{ ...job, metadata: { name: 'j', labels: { team: 'a' } } }]);
    expect(out!.action).toBe('configured');
    const live = c.get<{ metadata: { labels: Record<string, string>; annotations: Record<string, string> }; spec: { selector: unknown } }>('Job', 'j')!;
    expect(live.metadata.labels).toEqual({ team: 'a' });
    expect(live.spec.selector).toEqual(selector);
    expect(JSON.parse(live.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']!)).toMatchObject({ metadata: { name: 'j', labels: { team: 'a' } } });
  });

  it('says unchanged when the same manifest is applied again', () => {
    const c = createCluster();
    c.apply([deployment()]);
    c.advance('5s');
    expect(c.apply([deployment()])[0]!.action).toBe('unchanged');
  });
});

describe('readiness probes (pkg/kubelet/prober/worker.go)', () => {
  it('a pod becomes Ready at the first successful probe after its ports listen', () => {
    // Pull 2 s, listening 12 s after start: 14 s. Probes tick every 10 s from when the pod was added.
    const c = createCluster({ nodes: 1, images: { 'shop/slow:v1': { pullSeconds: 2, startSeconds: 12, ports: [8080] } } });
    c.apply([deployment({ replicas: 1, image: 'shop/slow:v1', readiness: { port: 8080, periodSeconds: 10 } })]);
    c.advance('19s');
    expect(ready(c.list<Pod>('Pod')[0]!)).toBe(false);
    expect(c.events({ reason: 'Unhealthy' })[0]!.message).toMatch(/^Readiness probe failed: dial tcp 10\.244\.0\.\d+:8080: connect: connection refused$/);
    c.advance('1s');
    const pod = c.list<Pod>('Pod')[0]!;
    expect(ready(pod)).toBe(true);
    expect(pod.status!.conditions!.find((x) => x.type === 'Ready')!.lastTransitionTime).toBe('2026-01-01T00:00:20Z');
  });

  it('a probe on a port the image does not open never succeeds', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([deployment({ replicas: 1, readiness: { port: 8080, periodSeconds: 5 } })]);
    c.advance('60s');
    const pod = c.list<Pod>('Pod')[0]!;
    expect(pod.status!.phase).toBe('Running');
    expect(ready(pod)).toBe(false);
    expect(pod.status!.conditions!.find((x) => x.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]' });
  });
});

describe('Services and EndpointSlices (pkg/controller/endpointslice)', () => {
  it('lists only ready pods as ready endpoints', () => {
    const c = createCluster({ nodes: 2, images: { 'shop/slow:v1': { startSeconds: 30, ports: [80] } } });
    c.apply([deployment({ replicas: 2, image: 'shop/slow:v1', readiness: { periodSeconds: 5 } }), service()]);
    c.advance('10s');
    const slice = (): EndpointSlice => c.list<EndpointSlice>('EndpointSlice', { labelSelector: { 'kubernetes.io/service-name': 'web' } })[0]!;
    expect(slice().endpoints!.map((e) => e.conditions!.ready)).toEqual([false, false]);
    c.advance('30s');
    expect(slice().endpoints!.map((e) => e.conditions!.ready)).toEqual([true, true]);
    expect(slice()).toMatchObject({ addressType: 'IPv4', ports: [{ port: 80, protocol: 'TCP' }] });
    expect(slice().metadata!.ownerReferences![0]).toMatchObject({ kind: 'Service', name: 'web' });
  });

  it('a Service whose selector matches nothing has an empty slice', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([deployment({ replicas: 1 }), service('web', { app: 'nginx' })]);
    c.advance('10s');
    expect(c.list<EndpointSlice>('EndpointSlice', { labelSelector: { 'kubernetes.io/service-name': 'web' } })[0]!.endpoints).toEqual([]);
  });

  it('allocates a ClusterIP and defaults targetPort', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'api' }, spec: { selector: { app: 'api' }, ports: [{ port: 8080 }] } }]);
    const svc = c.get<{ spec: { clusterIP: string; ports: { targetPort: number }[] } }>('Service', 'api')!;
    expect(svc.spec.clusterIP).toMatch(/^10\.96\.\d+\.\d+$/);
    expect(svc.spec.ports[0]!.targetPort).toBe(8080);
  });
});

describe('scheduling (pkg/scheduler)', () => {
  it('never puts more requested CPU on a node than it has, and explains the rest', () => {
    const c = createCluster({ nodes: 2 });
    c.apply([deployment({ replicas: 5, cpu: '900m' })]);
    c.advance('5s');
    const pods = c.list<Pod>('Pod');
    const perNode = new Map<string, number>();
    for (const p of pods) if (p.spec?.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
    expect([...perNode.values()]).toEqual([2, 2]);
    const pending = pods.find((p) => !p.spec?.nodeName)!;
    expect(pending.status!.phase).toBe('Pending');
    // Current kube-scheduler appends what preemption found (pkg/scheduler/framework/preemption).
    const message = '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.';
    expect(pending.status!.conditions!.find((x) => x.type === 'PodScheduled')).toMatchObject({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message });
    expect(c.events({ reason: 'FailedScheduling' })[0]).toMatchObject({ type: 'Warning', message });
    expect(c.explain('default', pending.metadata!.name!)).toMatchObject({ result: 'Unschedulable', numAllNodes: 2, feasibleNodes: 0 });
  });

  it('retries a pending pod when resources free up', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([deployment({ name: 'a', replicas: 2, cpu: '900m' }), deployment({ name: 'b', replicas: 1, cpu: '900m' })]);
    c.advance('5s');
    const podOf = (name: string): Pod => c.list<Pod>('Pod', { labelSelector: { app: name } })[0]!;
    expect(podOf('b').spec?.nodeName).toBeUndefined();
    c.apply([deployment({ name: 'a', replicas: 1, cpu: '900m' })]);
    c.advance('5s');
    expect(podOf('b').spec?.nodeName).toBe('node-1');
    expect(c.events({ name: podOf('b').metadata!.name!, reason: 'Scheduled' })).toHaveLength(1);
  });

  it('places pending pods on a node that joins the cluster, which registers Ready with its own pod CIDR', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([deployment({ name: 'a', replicas: 2, cpu: '1500m' })]);
    c.advance('5s');
    const nodesOf = (): (string | undefined)[] => c.list<Pod>('Pod').map((p) => p.spec?.nodeName).sort();
    expect(nodesOf()).toEqual(['node-1', undefined]);
    c.addNode({ name: 'node-2', cpu: '2', memory: '4Gi', labels: { 'topology.kubernetes.io/zone': 'b' } });
    c.advance('5s');
    expect(nodesOf()).toEqual(['node-1', 'node-2']);
    const node = c.get<Node>('Node', 'node-2')!;
    expect(node.metadata!.labels).toMatchObject({ 'kubernetes.io/hostname': 'node-2', 'topology.kubernetes.io/zone': 'b' });
    expect(node.spec!.podCIDR).toBe('10.244.1.0/24');
    expect(node.status!.conditions!.find((x) => x.type === 'Ready')!.status).toBe('True');
    expect(c.list<Pod>('Pod').filter((p) => p.status?.phase === 'Running').map((p) => p.status!.podIP!.split('.').slice(0, 3).join('.')).sort()).toEqual(['10.244.0', '10.244.1']);
    expect(() => c.addNode({ name: 'node-2' })).toThrow(/already exists/);
  });

  it('honours nodeSelector', () => {
    const c = createCluster({ nodes: [{ name: 'a', labels: { disk: 'ssd' } }, { name: 'b' }] });
    const d = deployment({ replicas: 3 });
    (d.spec as { template: { spec: Record<string, unknown> } }).template.spec.nodeSelector = { disk: 'ssd' };
    c.apply([d]);
    c.advance('1s');
    expect(c.list<Pod>('Pod').map((p) => p.spec?.nodeName)).toEqual(['a', 'a', 'a']);
  });
});

describe('image pulls (pkg/kubelet/images)', () => {
  it('an image in no catalog is ErrImagePull, then ImagePullBackOff', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([deployment({ replicas: 1, image: 'nginx:1.277' })]);
    c.advance('1s');
    expect(c.list<Pod>('Pod')[0]!.status!.containerStatuses![0]!.state!.waiting!.reason).toBe('ErrImagePull');
    c.advance('5s');
    const cs = c.list<Pod>('Pod')[0]!.status!.containerStatuses![0]!;
    expect(cs.state!.waiting).toMatchObject({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:1.277"' });
    expect(c.events({ reason: 'Failed' }).map((e) => e.message)).toContain('Error: ErrImagePull');
    expect(c.events({ reason: 'BackOff' })[0]!.message).toBe('Back-off pulling image "nginx:1.277"');
  });
});

describe('API server behaviour', () => {
  it('rejects an invalid object with a Status of reason Invalid and its field paths', () => {
    const c = createCluster({ nodes: 1 });
    const d = deployment();
    (d.spec as { selector: unknown }).selector = { matchLabels: { app: 'other' } };
    const [out] = c.apply([d]);
    expect(out!.error!.reason).toBe('Invalid');
    expect(out!.error!.code).toBe(422);
    expect(out!.error!.message).toBe('Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`');
    expect(out!.error!.fieldErrors[0]!.path).toEqual(['spec', 'template', 'metadata', 'labels']);
    expect(c.list('Deployment')).toEqual([]);
  });

  it('refuses unknown fields and wrong types as strict decoding does (BadRequest)', () => {
    const c = createCluster({ nodes: 1 });
    const d = deployment();
    (d.spec as Record<string, unknown>).replica = 3;
    const [out] = c.apply([d]);
    expect(out!.error!.toStatus()).toMatchObject({ reason: 'BadRequest', code: 400, message: 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"' });
    expect(out!.error!.fieldErrors[0]!.path).toEqual(['spec', 'replica']);
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: '80' }] } };
    expect(c.apply([svc])[0]!.error!.message).toBe('Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32');
  });

  it('rejects objects in a namespace that does not exist', () => {
    const c = createCluster({ nodes: 1 });
    const [out] = c.apply([deployment({ namespace: 'shop' })]);
    expect(out!.error!.toStatus()).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404, message: 'namespaces "shop" not found' });
  });

  it('garbage-collects ReplicaSets and pods when their Deployment is deleted', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([deployment({ replicas: 2 })]);
    c.advance('5s');
    c.delete('Deployment', 'web');
    c.advance('5s');
    expect(c.list('ReplicaSet')).toEqual([]);
    expect(c.list('Pod')).toEqual([]);
  });
});

describe('determinism', () => {
  const run = (seed: number): string => {
    const c = createCluster({ nodes: 3, seed });
    c.apply([deployment({ replicas: 6, readiness: { periodSeconds: 3 } }), service()]);
    c.advance('30s');
    return JSON.stringify({ objects: ['Pod', 'ReplicaSet', 'EndpointSlice', 'Event'].map((k) => c.list(k)) });
  };

  it('gives byte-identical results for the same seed, and different names for another', () => {
    expect(run(7)).toBe(run(7));
    expect(run(7)).not.toBe(run(8));
  });
});
