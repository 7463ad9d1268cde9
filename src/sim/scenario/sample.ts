/**
 * A snapshot of a cluster at one instant, in the shape the site's cluster animation and the graders
 * read: pods (with the STATUS kubectl would print), Deployments, nodes and Services.
 */
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Store } from '../store.ts';

/** What the sampler needs besides the store: traffic outcomes and CPU use. */
export interface SampleSources {
  traffic(namespace: string, service: string): { rps: number; ok: number; failed: number; p95ms: number } | undefined;
  cpuMillicores(pod: Pod): number;
}

export interface HpaSample {
  name: string;
  namespace: string;
  currentReplicas: number;
  desiredReplicas: number;
  /** Average CPU utilisation in percent of requests, when the HPA has a CPU metric. */
  currentUtilization: number | null;
}

export interface PodSample {
  name: string;
  namespace: string;
  node: string | null;
  phase: string;
  ready: boolean;
  /** What `kubectl get pods` shows in STATUS: Running, ContainerCreating, CrashLoopBackOff, Terminating … */
  reason: string;
  restarts: number;
  labels: Record<string, string>;
  /** `Kind/name` of the controller, or null. */
  owner: string | null;
  /** CPU in use in the last second, millicores. */
  cpuMillicores: number;
}

export interface DeploymentSample {
  name: string;
  namespace: string;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
}

export interface NodeSample {
  name: string;
  ready: string;
  unschedulable: boolean;
  taints: string[];
}

export interface ServiceSample {
  name: string;
  namespace: string;
  readyEndpoints: number;
  /** Requests in the last second, how many succeeded and failed, and the 95th percentile latency. */
  rps: number;
  ok: number;
  failed: number;
  p95ms: number;
}

export interface Sample {
  /** Seconds since the cluster started. */
  t: number;
  pods: PodSample[];
  deployments: DeploymentSample[];
  nodes: NodeSample[];
  services: ServiceSample[];
  hpas: HpaSample[];
}

export function sample(store: Store, t: number, sources: SampleSources): Sample {
  const slices = store.list('EndpointSlice') as unknown as EndpointSlice[];
  return {
    t,
    pods: (store.list('Pod') as unknown as Pod[]).map((p) => podSample(p, sources)),
    deployments: (store.list('Deployment') as unknown as Deployment[]).map((d) => ({
      name: d.metadata!.name!,
      namespace: d.metadata!.namespace!,
      replicas: d.status?.replicas ?? 0,
      updatedReplicas: d.status?.updatedReplicas ?? 0,
      readyReplicas: d.status?.readyReplicas ?? 0,
      availableReplicas: d.status?.availableReplicas ?? 0,
      unavailableReplicas: d.status?.unavailableReplicas ?? 0,
    })),
    nodes: (store.list('Node') as unknown as Node[]).map((n) => ({
      name: n.metadata!.name!,
      ready: n.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown',
      unschedulable: n.spec?.unschedulable === true,
      taints: (n.spec?.taints ?? []).map((x) => `${x.key}${x.value ? `=${x.value}` : ''}:${x.effect}`),
    })),
    services: store
      .list('Service')
      .filter((s) => s.metadata.name !== 'kubernetes' || s.metadata.namespace !== 'default')
      .map((s) => ({
        name: s.metadata.name!,
        namespace: s.metadata.namespace!,
        readyEndpoints: slices
          .filter((sl) => sl.metadata?.namespace === s.metadata.namespace && sl.metadata?.labels?.['kubernetes.io/service-name'] === s.metadata.name)
          .reduce((n, sl) => n + (sl.endpoints ?? []).filter((e) => e.conditions?.ready).length, 0),
        ...trafficOf(sources, s.metadata.namespace!, s.metadata.name!),
      })),
    hpas: (store.list('HorizontalPodAutoscaler') as unknown as HorizontalPodAutoscaler[]).map((h) => ({
      name: h.metadata!.name!,
      namespace: h.metadata!.namespace!,
      currentReplicas: h.status?.currentReplicas ?? 0,
      desiredReplicas: h.status?.desiredReplicas ?? 0,
      currentUtilization: h.status?.currentMetrics?.find((m) => m.resource?.name === 'cpu')?.resource?.current.averageUtilization ?? null,
    })),
  };
}

function trafficOf(sources: SampleSources, namespace: string, name: string): { rps: number; ok: number; failed: number; p95ms: number } {
  const t = sources.traffic(namespace, name);
  return { rps: t?.rps ?? 0, ok: t?.ok ?? 0, failed: t?.failed ?? 0, p95ms: t?.p95ms ?? 0 };
}

function podSample(p: Pod, sources: SampleSources): PodSample {
  const owner = p.metadata?.ownerReferences?.find((r) => r.controller);
  return {
    name: p.metadata!.name!,
    namespace: p.metadata!.namespace!,
    node: p.spec?.nodeName ?? null,
    phase: p.status?.phase ?? 'Pending',
    ready: p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    reason: podStatusReason(p),
    restarts: (p.status?.containerStatuses ?? []).reduce((n, c) => n + c.restartCount, 0),
    labels: { ...(p.metadata?.labels ?? {}) },
    owner: owner ? `${owner.kind}/${owner.name}` : null,
    cpuMillicores: sources.cpuMillicores(p),
  };
}

/** The STATUS column of `kubectl get pods` (kubectl pkg/printers/internalversion/printers.go printPod). */
export function podStatusReason(p: Pod): string {
  let reason = p.status?.reason || p.status?.phase || 'Pending';
  let initializing = false;
  const init = p.status?.initContainerStatuses ?? [];
  const sidecars = new Set((p.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  for (let i = 0; i < init.length; i++) {
    const s = init[i]!;
    if (s.state?.terminated?.exitCode === 0) continue;
    // A sidecar that has started does not hold the pod in Init (printers.go printPod).
    if (sidecars.has(s.name) && s.started) continue;
    initializing = true;
    if (s.state?.terminated) reason = s.state.terminated.reason ? `Init:${s.state.terminated.reason}` : `Init:ExitCode:${s.state.terminated.exitCode}`;
    else if (s.state?.waiting?.reason && s.state.waiting.reason !== 'PodInitializing') reason = `Init:${s.state.waiting.reason}`;
    else reason = `Init:${i}/${p.spec?.initContainers?.length ?? init.length}`;
    break;
  }
  if (!initializing || p.status?.conditions?.some((c) => c.type === 'Initialized' && c.status === 'True')) {
    let hasRunning = false;
    const statuses = p.status?.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const s = statuses[i]!;
      if (s.state?.waiting?.reason) reason = s.state.waiting.reason;
      else if (s.state?.terminated?.reason) reason = s.state.terminated.reason;
      else if (s.state?.terminated) reason = `ExitCode:${s.state.terminated.exitCode}`;
      else if (s.ready && s.state?.running) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) reason = p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
  }
  if (p.metadata?.deletionTimestamp) return p.status?.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}
