/**
 * When a real cluster has "settled": what replaces the simulator's `advance` on a real cluster. The
 * grading waits until every workload has reached what it declares — or is visibly stuck (an image
 * that does not pull, a container in CrashLoopBackOff, a pod no node can take), because waiting
 * longer would not change what the checks see — and every Service's EndpointSlices list exactly its
 * ready pods. The wait is bounded by a timeout all the same.
 */
import type { DaemonSet, Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { matchesLabelMap } from '../kube/selector.ts';

export interface ClusterSnapshot {
  deployments: Deployment[];
  statefulSets: StatefulSet[];
  daemonSets: DaemonSet[];
  jobs: Job[];
  pods: Pod[];
  services: Service[];
  endpointSlices: EndpointSlice[];
}

/** Waiting reasons that do not resolve by waiting a few seconds more. */
const STUCK_WAITING = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'ErrImageNeverPull',
]);

function ready(p: Pod): boolean {
  return p.status?.phase === 'Running' && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
}

/** A pod that will not become ready by itself: stuck pulling or crashing, or unschedulable. */
export function podStuck(p: Pod): boolean {
  if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') return true;
  const statuses = [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])];
  if (statuses.some((s) => STUCK_WAITING.has(s.state?.waiting?.reason ?? ''))) return true;
  return p.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable') === true;
}

function podsOf(snapshot: ClusterSnapshot, namespace: string | undefined, matchLabels: Record<string, string> | undefined): Pod[] {
  return snapshot.pods.filter((p) => p.metadata?.namespace === namespace && !p.metadata?.deletionTimestamp && matchesLabelMap(matchLabels, p.metadata?.labels));
}

/** What is not settled yet (empty when everything is). */
export function unsettled(s: ClusterSnapshot): string[] {
  const out: string[] = [];
  for (const d of s.deployments) {
    const want = d.spec?.replicas ?? 1;
    const st = d.status ?? {};
    const complete = (d.metadata?.generation ?? 0) <= (st.observedGeneration ?? 0) && (st.updatedReplicas ?? 0) === want && (st.replicas ?? 0) === want && (st.availableReplicas ?? 0) === want;
    if (complete) continue;
    const pods = podsOf(s, d.metadata?.namespace, d.spec?.selector?.matchLabels);
    const failing = d.status?.conditions?.some((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded');
    if (failing || (pods.length > 0 && pods.filter((p) => !ready(p)).every(podStuck) && pods.some(podStuck))) continue;
    out.push(`deployment/${d.metadata?.name}`);
  }
  for (const ss of s.statefulSets) {
    const want = ss.spec?.replicas ?? 1;
    if ((ss.status?.readyReplicas ?? 0) === want && (ss.status?.currentReplicas ?? want) === want) continue;
    const pods = podsOf(s, ss.metadata?.namespace, ss.spec?.selector?.matchLabels);
    if (pods.some(podStuck)) continue;
    out.push(`statefulset/${ss.metadata?.name}`);
  }
  for (const ds of s.daemonSets) {
    if ((ds.status?.numberReady ?? 0) >= (ds.status?.desiredNumberScheduled ?? 0) && (ds.status?.observedGeneration ?? 0) >= (ds.metadata?.generation ?? 0)) continue;
    const pods = podsOf(s, ds.metadata?.namespace, ds.spec?.selector?.matchLabels);
    if (pods.some(podStuck)) continue;
    out.push(`daemonset/${ds.metadata?.name}`);
  }
  for (const j of s.jobs) {
    if (j.status?.conditions?.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')) continue;
    if (j.spec?.suspend) continue;
    const pods = s.pods.filter((p) => p.metadata?.namespace === j.metadata?.namespace && p.metadata?.ownerReferences?.some((r) => r.uid === j.metadata?.uid));
    if (pods.length > 0 && pods.every((p) => podStuck(p) || ready(p))) continue;
    out.push(`job/${j.metadata?.name}`);
  }
  for (const p of s.pods) {
    if (p.metadata?.ownerReferences?.some((r) => r.controller)) continue;
    if (!ready(p) && !podStuck(p)) out.push(`pod/${p.metadata?.name}`);
  }
  for (const svc of s.services) {
    const selector = svc.spec?.selector;
    if (!selector || Object.keys(selector).length === 0 || svc.spec?.type === 'ExternalName') continue;
    const want = podsOf(s, svc.metadata?.namespace, selector).filter(ready).length;
    const have = s.endpointSlices
      .filter((e) => e.metadata?.namespace === svc.metadata?.namespace && e.metadata?.labels?.['kubernetes.io/service-name'] === svc.metadata?.name)
      .reduce((n, e) => n + (e.endpoints ?? []).filter((x) => x.conditions?.ready === true).length, 0);
    if (have !== want) out.push(`service/${svc.metadata?.name}`);
  }
  return out;
}
