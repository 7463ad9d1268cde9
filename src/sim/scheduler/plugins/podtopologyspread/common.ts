/**
 * PodTopologySpread's constraints (pkg/scheduler/framework/plugins/podtopologyspread/common.go,
 * plugin.go, helper/spread.go). A pod without its own constraints gets the system defaults — spread
 * over kubernetes.io/hostname (maxSkew 3) and topology.kubernetes.io/zone (maxSkew 5), ScheduleAnyway —
 * with a selector built from the Services, ReplicationController, ReplicaSet or StatefulSet that select
 * it (DefaultSelector). `matchLabelKeys` add the pod's own values of those keys to the selector.
 * Defaults when unset: minDomains 1, nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore.
 */
import type { ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { Node, Pod, ReplicationController, Service, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1';
import type { Store } from '../../../store.ts';
import type { NodeInfo } from '../../framework/node-info.ts';
import type { PodInfo } from '../../framework/pod-info.ts';
import { compileSelector, type Labels, type Selector } from '../../helpers/label-selector.ts';
import type { RequiredNodeAffinity } from '../../helpers/node-affinity.ts';
import { findUntoleratedTaint } from '../../helpers/taints.ts';

export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';

/** systemDefaultConstraints (podtopologyspread/plugin.go). */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = [
  { topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  selector: Selector;
  minDomains: number;
  nodeAffinityPolicy: 'Honor' | 'Ignore';
  nodeTaintsPolicy: 'Honor' | 'Ignore';
}

/** topologySpreadConstraint.matchNodeInclusionPolicies: whether the node counts for this constraint. */
export function matchNodeInclusionPolicies(c: SpreadConstraint, pod: Pod, node: Node, required: RequiredNodeAffinity): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !required.empty && !required.match(node)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && findUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations)) return false;
  return true;
}

/** nodeLabelsMatchSpreadConstraints: the node has every topology key. */
export function nodeLabelsMatchSpreadConstraints(labels: Labels, constraints: readonly SpreadConstraint[]): boolean {
  for (const c of constraints) if (labels[c.topologyKey] === undefined) return false;
  return true;
}

/** filterTopologySpreadConstraints: the constraints with this whenUnsatisfiable, parsed. */
export function filterConstraints(constraints: readonly TopologySpreadConstraint[], podLabels: Labels, action: 'DoNotSchedule' | 'ScheduleAnyway', selector?: Selector): SpreadConstraint[] {
  const out: SpreadConstraint[] = [];
  for (const c of constraints) {
    if ((c.whenUnsatisfiable ?? 'DoNotSchedule') !== action) continue;
    let sel = selector;
    if (!sel) {
      let ls: LabelSelector | undefined = c.labelSelector ?? undefined;
      const extra: Record<string, string> = {};
      for (const k of c.matchLabelKeys ?? []) if (podLabels[k] !== undefined) extra[k] = podLabels[k]!;
      if (Object.keys(extra).length > 0) ls = { ...(ls ?? {}), matchLabels: { ...(ls?.matchLabels ?? {}), ...extra } };
      sel = compileSelector(ls);
    }
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector: sel,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: (c.nodeAffinityPolicy as 'Honor' | 'Ignore' | undefined) ?? 'Honor',
      nodeTaintsPolicy: (c.nodeTaintsPolicy as 'Honor' | 'Ignore' | undefined) ?? 'Ignore',
    });
  }
  return out;
}

/** helper.DefaultSelector: the selectors of the Services and the controller that own the pod, merged. */
export function defaultSelector(pod: Pod, store: Store): Selector | undefined {
  const ns = pod.metadata?.namespace ?? 'default';
  const labels = pod.metadata?.labels ?? {};
  const matchLabels: Record<string, string> = {};
  for (const obj of store.list('Service', ns)) {
    const sel = (obj as unknown as Service).spec?.selector;
    if (!sel) continue;
    if (Object.entries(sel).every(([k, v]) => labels[k] === v)) Object.assign(matchLabels, sel);
  }
  const exprs: LabelSelectorRequirement[] = [];
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller);
  if (owner) {
    const add = (s: LabelSelector | undefined): void => {
      if (!s) return;
      for (const [k, v] of Object.entries(s.matchLabels ?? {})) exprs.push({ key: k, operator: 'In', values: [v] });
      exprs.push(...(s.matchExpressions ?? []));
    };
    if (owner.kind === 'ReplicationController' && owner.apiVersion === 'v1') {
      const rc = store.get('ReplicationController', owner.name, ns) as unknown as ReplicationController | undefined;
      Object.assign(matchLabels, rc?.spec?.selector ?? {});
    } else if (owner.kind === 'ReplicaSet' && owner.apiVersion === 'apps/v1') {
      add((store.get('ReplicaSet', owner.name, ns) as unknown as ReplicaSet | undefined)?.spec?.selector);
    } else if (owner.kind === 'StatefulSet' && owner.apiVersion === 'apps/v1') {
      add((store.get('StatefulSet', owner.name, ns) as unknown as StatefulSet | undefined)?.spec?.selector);
    }
  }
  if (Object.keys(matchLabels).length === 0 && exprs.length === 0) return undefined;
  return compileSelector({ matchLabels, matchExpressions: exprs });
}

/** buildDefaultConstraints: the system defaults for this action, with the DefaultSelector. */
export function buildDefaultConstraints(pod: Pod, action: 'DoNotSchedule' | 'ScheduleAnyway', store: Store): SpreadConstraint[] {
  const defaults = SYSTEM_DEFAULT_CONSTRAINTS.filter((c) => c.whenUnsatisfiable === action);
  if (defaults.length === 0) return [];
  const selector = defaultSelector(pod, store);
  if (!selector) return [];
  return filterConstraints(defaults, pod.metadata?.labels ?? {}, action, selector);
}

/**
 * countPodsMatchSelector, for every node at once: the pods in `namespace`, not terminating, whose labels
 * the selector matches (an empty selector counts nothing).
 */
export function spreadMatcher(namespace: string, selector: Selector): (p: PodInfo) => boolean {
  if (selector.everything || selector.nothing) return () => false;
  return (p) => p.namespace === namespace && !p.terminating && selector.matches(p.labels);
}

export function spreadCounterKey(namespace: string, selector: Selector): string {
  return `spread|${namespace}|${selector.key}`;
}

export type PerNodeCounts = ReadonlyMap<NodeInfo, number>;
