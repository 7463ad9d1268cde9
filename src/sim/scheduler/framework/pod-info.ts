/**
 * framework.PodInfo (pkg/scheduler/framework/types.go): a pod with what the plugins need parsed once —
 * requests, priority, host ports and the (anti-)affinity terms with their selectors compiled.
 * An affinity term applies to the namespaces it lists; with neither `namespaces` nor
 * `namespaceSelector` it applies to the pod's own namespace (getNamespacesFromPodAffinityTerm).
 */
import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1';
import { compileSelector, nothingSelector, type Labels, type Selector } from '../helpers/label-selector.ts';
import { podResources, type PodResources } from '../resources.ts';

export interface AffinityTerm {
  namespaces: ReadonlySet<string>;
  namespaceSelector: Selector;
  selector: Selector;
  topologyKey: string;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

export interface HostPort {
  hostIP: string;
  protocol: string;
  hostPort: number;
}

/** AffinityTerm.Matches: the pod is in one of the term's namespaces (or one its selector picks) and its labels match. */
export function termMatches(term: AffinityTerm, pod: PodInfo, nsLabels: Labels | undefined): boolean {
  if (term.namespaces.has(pod.namespace) || term.namespaceSelector.matches(nsLabels)) return term.selector.matches(pod.labels);
  return false;
}

/** A canonical string for a term (which pods it matches, over which topology key). */
export function termKey(term: AffinityTerm): string {
  return `${[...term.namespaces].sort().join(',')}|${term.namespaceSelector.key}|${term.selector.key}|${term.topologyKey}`;
}

export function newAffinityTerm(namespace: string, t: PodAffinityTerm): AffinityTerm {
  const ns = (t.namespaces ?? []).length === 0 && (t.namespaceSelector === undefined || t.namespaceSelector === null) ? [namespace] : (t.namespaces ?? []);
  return {
    namespaces: new Set(ns),
    namespaceSelector: t.namespaceSelector ? compileSelector(t.namespaceSelector) : nothingSelector(),
    selector: compileSelector(t.labelSelector),
    topologyKey: t.topologyKey,
  };
}

function weighted(namespace: string, terms: readonly WeightedPodAffinityTerm[] | undefined): WeightedAffinityTerm[] {
  return (terms ?? []).map((w) => ({ ...newAffinityTerm(namespace, w.podAffinityTerm), weight: w.weight }));
}

/** corev1helpers.PodPriority: spec.priority, 0 when unset. */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

export class PodInfo {
  readonly pod: Pod;
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  /** `namespace/name` */
  readonly key: string;
  readonly labels: Labels;
  readonly priority: number;
  readonly resources: PodResources;
  readonly hostPorts: readonly HostPort[];
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
  /** spec.nodeName as the pod asked for it (NodeName filter). */
  readonly requestedNodeName: string;
  /** Any pod (anti-)affinity, required or preferred (NodeInfo.PodsWithAffinity). */
  readonly hasAffinity: boolean;

  constructor(pod: Pod) {
    this.pod = pod;
    this.uid = pod.metadata?.uid ?? '';
    this.namespace = pod.metadata?.namespace ?? 'default';
    this.name = pod.metadata?.name ?? '';
    this.key = `${this.namespace}/${this.name}`;
    this.labels = pod.metadata?.labels ?? {};
    this.priority = podPriority(pod);
    this.requestedNodeName = pod.spec?.nodeName ?? '';
    this.resources = podResources(pod);
    const ports: HostPort[] = [];
    const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
    for (const c of containers) {
      for (const p of c.ports ?? []) {
        if (p.hostPort && p.hostPort > 0) ports.push({ hostIP: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', hostPort: p.hostPort });
      }
    }
    this.hostPorts = ports;
    const a = pod.spec?.affinity;
    this.requiredAffinityTerms = (a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => newAffinityTerm(this.namespace, t));
    this.requiredAntiAffinityTerms = (a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => newAffinityTerm(this.namespace, t));
    this.preferredAffinityTerms = weighted(this.namespace, a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    this.preferredAntiAffinityTerms = weighted(this.namespace, a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    this.hasAffinity = this.requiredAffinityTerms.length + this.requiredAntiAffinityTerms.length + this.preferredAffinityTerms.length + this.preferredAntiAffinityTerms.length > 0;
  }

  /** The same parsed pod with a newer object whose spec and labels are unchanged (a status update). */
  withObject(pod: Pod): PodInfo {
    const c = Object.create(PodInfo.prototype) as PodInfo;
    Object.assign(c, this);
    (c as { pod: Pod }).pod = pod;
    return c;
  }

  get terminating(): boolean {
    return !!this.pod.metadata?.deletionTimestamp;
  }
}
