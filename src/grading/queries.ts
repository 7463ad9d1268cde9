/**
 * Questions graders ask of a cluster, phrased as Kubernetes answers them: which pods a Deployment
 * owns, how many ready endpoints a Service has, why a pod is not ready and why the scheduler left it Pending.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { ClusterBackend } from '../backends/backend.ts';
import { text, type Text } from '../kube/text.ts';

/** Pods controlled by the Deployment's ReplicaSets (ownerReferences, as `kubectl get pods` relates them). */
export async function podsOfDeployment(backend: ClusterBackend, name: string, namespace = 'default'): Promise<Pod[]> {
  const d = await backend.get<Deployment>('Deployment', name, namespace);
  if (!d) return [];
  const rsUids = new Set(
    (await backend.list<ReplicaSet>('ReplicaSet', { namespace }))
      .filter((rs) => rs.metadata?.ownerReferences?.some((r) => r.controller && r.uid === d.metadata?.uid))
      .map((rs) => rs.metadata?.uid),
  );
  return (await backend.list<Pod>('Pod', { namespace })).filter((p) => p.metadata?.ownerReferences?.some((r) => r.controller && rsUids.has(r.uid)));
}

/** Pods controlled by a workload: through its ReplicaSets for a Deployment, directly (ownerReferences) for the rest. */
export async function podsControlledBy(backend: ClusterBackend, kind: string, name: string, namespace = 'default'): Promise<Pod[]> {
  if (kind === 'Deployment') return podsOfDeployment(backend, name, namespace);
  const owner = await backend.get<{ metadata?: { uid?: string } }>(kind, name, namespace);
  if (!owner?.metadata?.uid) return [];
  return (await backend.list<Pod>('Pod', { namespace })).filter((p) => p.metadata?.ownerReferences?.some((r) => r.controller && r.uid === owner.metadata!.uid));
}

export function isRunningAndReady(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && !pod.metadata?.deletionTimestamp && pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
}

/** Ready endpoints of a Service across its EndpointSlices, with the pod each points at. */
export async function readyEndpoints(backend: ClusterBackend, service: string, namespace = 'default'): Promise<{ ip: string; pod?: string }[]> {
  const slices = (await backend.list<EndpointSlice>('EndpointSlice', { namespace, labels: { 'kubernetes.io/service-name': service } }));
  return slices.flatMap((s) =>
    (s.endpoints ?? [])
      .filter((e) => e.conditions?.ready === true)
      .map((e) => ({ ip: e.addresses[0] ?? '', ...(e.targetRef?.name ? { pod: e.targetRef.name } : {}) })),
  );
}

/** Why a pod is not running and ready, in the words `kubectl get pods` and `describe` use. */
export function podProblem(pod: Pod): Text | undefined {
  const name = pod.metadata?.name ?? '';
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False') {
    return text(`파드 ${name}이(가) 노드에 배치되지 못했다 (${scheduled.reason}): ${scheduled.message ?? ''}`, `pod ${name} could not be scheduled (${scheduled.reason}): ${scheduled.message ?? ''}`);
  }
  for (const cs of pod.status?.containerStatuses ?? []) {
    const waiting = cs.state?.waiting;
    if (waiting?.reason && waiting.reason !== 'ContainerCreating') {
      return text(`파드 ${name}의 컨테이너 ${cs.name}이(가) ${waiting.reason} 상태다${waiting.message ? `: ${waiting.message}` : ''}`, `container ${cs.name} of pod ${name} is in ${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}`);
    }
    if (cs.state?.running && !cs.ready) {
      return text(`파드 ${name}의 컨테이너 ${cs.name}은(는) 실행 중이지만 준비(Ready)되지 않았다 (readinessProbe를 확인하자)`, `container ${cs.name} of pod ${name} is running but not ready (check its readinessProbe)`);
    }
  }
  if (isRunningAndReady(pod)) return undefined;
  return text(`파드 ${name}이(가) 아직 ${pod.status?.phase ?? 'Pending'} 상태다`, `pod ${name} is still ${pod.status?.phase ?? 'Pending'}`);
}

/** What the scheduler said (the PodScheduled=False condition's message) about the first of the pods it could not place, if any. */
export function failedScheduling(pods: readonly Pod[]): string | undefined {
  return pods.map((p) => p.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False')?.message).find((m) => m);
}

/** The namespace of an object as written (default when it names none). */
export function namespaceOf(o: { metadata?: { namespace?: string } }): string {
  return o.metadata?.namespace ?? 'default';
}
