/**
 * InterPodAffinity (pkg/scheduler/framework/plugins/interpodaffinity/{plugin,filtering,scoring}.go).
 * Filter, in this order: the incoming pod's required affinity (some matching pod in the node's domain,
 * or — for the first of a group — the pod matches its own terms and nothing else does), its required
 * anti-affinity (no matching pod in the domain), and the required anti-affinity of the pods already
 * there. Score: see scoring.ts. Default weight 2.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { CycleState } from '../../framework/cycle-state.ts';
import type { ClusterEvent, ClusterEventWithHint } from '../../framework/events.ts';
import type { Handle } from '../../framework/handle.ts';
import { MAX_NODE_SCORE, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../../framework/interfaces.ts';
import type { NodeInfo } from '../../framework/node-info.ts';
import { PodInfo, termKey, termMatches, type AffinityTerm } from '../../framework/pod-info.ts';
import { newStatus, SKIP, type Status } from '../../framework/status.ts';
import { nothingSelector } from '../../helpers/label-selector.ts';
import {
  CountsWithDelta,
  ERR_REASON_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
  InterPodAffinityPreFilterState,
  type TopologyCounts,
} from './filtering.ts';
import { InterPodAffinityPreScoreState } from './scoring.ts';

const AFFINITY_NOT_MATCH = Object.freeze(newStatus('UnschedulableAndUnresolvable', 'InterPodAffinity', ERR_REASON_AFFINITY_RULES_NOT_MATCH));
const ANTI_AFFINITY_NOT_MATCH = Object.freeze(newStatus('Unschedulable', 'InterPodAffinity', ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH));
const EXISTING_ANTI_AFFINITY_NOT_MATCH = Object.freeze(newStatus('Unschedulable', 'InterPodAffinity', ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH));

function podMatchesAllAffinityTerms(terms: readonly AffinityTerm[], pod: PodInfo): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatches(t, pod, undefined)) return false;
  return true;
}

export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = 'InterPodAffinity';
  slot = 0;
  scoreSlot = 0;
  private readonly handle: Handle;

  constructor(handle: Handle) {
    this.handle = handle;
  }

  /**
   * mergeAffinityTermNamespacesIfNotEmpty: a namespaceSelector becomes the list of namespaces it selects
   * now. An empty selector ({}) is kept: it selects every namespace.
   */
  private merge(term: AffinityTerm): AffinityTerm {
    const sel = term.namespaceSelector;
    if (sel.everything || sel.nothing) return term;
    const namespaces = new Set(term.namespaces);
    for (const n of this.handle.namespacesMatching((l) => sel.matches(l))) namespaces.add(n);
    return { ...term, namespaces, namespaceSelector: nothingSelector() };
  }

  private counter(kind: string, terms: readonly AffinityTerm[], all: boolean): TopologyCounts {
    const key = `${kind}|${terms.map(termKey).join('&')}`;
    const matcher = all ? (p: PodInfo) => podMatchesAllAffinityTerms(terms, p) : (p: PodInfo) => termMatches(terms[0]!, p, undefined);
    return this.handle.cache.counter(key, matcher, terms.map((t) => t.topologyKey)).byKey;
  }

  preFilter(state: CycleState, pod: PodInfo): Status | null {
    const nsLabels = this.handle.namespaceLabels(pod.namespace);
    // getExistingAntiAffinityCounts: existing pods' required anti-affinity terms that match this pod.
    const existing: TopologyCounts[] = [];
    for (const g of this.handle.cache.terms.byKind.requiredAntiAffinity) {
      if (g.counts.size > 0 && termMatches(g.term, pod, nsLabels)) existing.push(new Map([[g.term.topologyKey, g.counts]]));
    }
    if (existing.length === 0 && pod.requiredAffinityTerms.length === 0 && pod.requiredAntiAffinityTerms.length === 0) return SKIP;
    const affinityTerms = pod.requiredAffinityTerms.map((t) => this.merge(t));
    const antiTerms = pod.requiredAntiAffinityTerms.map((t) => this.merge(t));
    // getIncomingAffinityAntiAffinityCounts
    const affinity = affinityTerms.length > 0 ? [this.counter('affinity', affinityTerms, true)] : [];
    const anti = antiTerms.map((t) => this.counter('term', [t], false));
    state.write(
      this.slot,
      new InterPodAffinityPreFilterState(pod, affinityTerms, antiTerms, nsLabels, new CountsWithDelta(existing), new CountsWithDelta(affinity), new CountsWithDelta(anti)),
    );
    return null;
  }

  /** preFilterState.updateWithPod (PreFilterExtensions AddPod/RemovePod). */
  private updateWithPod(state: CycleState, p: PodInfo, node: NodeInfo, multiplier: number): void {
    const s = state.read<InterPodAffinityPreFilterState>(this.slot);
    if (!s) return;
    for (const t of p.requiredAntiAffinityTerms) {
      const v = node.labels[t.topologyKey];
      if (v !== undefined && termMatches(t, s.pod, s.namespaceLabels)) s.existingAntiAffinityCounts.add(t.topologyKey, v, multiplier);
    }
    if (podMatchesAllAffinityTerms(s.affinityTerms, p)) {
      for (const t of s.affinityTerms) {
        const v = node.labels[t.topologyKey];
        if (v !== undefined) s.affinityCounts.add(t.topologyKey, v, multiplier);
      }
    }
    for (const t of s.antiAffinityTerms) {
      const v = node.labels[t.topologyKey];
      if (v !== undefined && termMatches(t, p, undefined)) s.antiAffinityCounts.add(t.topologyKey, v, multiplier);
    }
  }

  addPod(state: CycleState, _podToSchedule: PodInfo, podToAdd: PodInfo, node: NodeInfo): void {
    this.updateWithPod(state, podToAdd, node, 1);
  }

  removePod(state: CycleState, _podToSchedule: PodInfo, podToRemove: PodInfo, node: NodeInfo): void {
    this.updateWithPod(state, podToRemove, node, -1);
  }

  filter(state: CycleState, _pod: PodInfo, node: NodeInfo): Status | null {
    const s = state.read<InterPodAffinityPreFilterState>(this.slot)!;
    if (!satisfyPodAffinity(s, node)) return AFFINITY_NOT_MATCH;
    if (!satisfyPodAntiAffinity(s, node)) return ANTI_AFFINITY_NOT_MATCH;
    if (!satisfyExistingPodsAntiAffinity(s, node)) return EXISTING_ANTI_AFFINITY_NOT_MATCH;
    return null;
  }

  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null {
    if (nodes.length === 0) return SKIP;
    const nsLabels = this.handle.namespaceLabels(pod.namespace);
    const s = new InterPodAffinityPreScoreState(new Map());
    const touch = (key: string): void => {
      if (!s.topologyScore.has(key)) s.topologyScore.set(key, new Map());
    };
    // The incoming pod's preferred terms, against every existing pod.
    for (const [terms, sign] of [
      [pod.preferredAffinityTerms, 1],
      [pod.preferredAntiAffinityTerms, -1],
    ] as const) {
      for (const t of terms) {
        const merged = this.merge(t);
        const counts = this.counter('term', [merged], false).get(t.topologyKey);
        if (!counts || counts.size === 0) continue;
        touch(t.topologyKey);
        for (const [v, n] of counts) s.add(t.topologyKey, v, sign * t.weight * n);
      }
    }
    // The existing pods' terms that the incoming pod matches.
    const idx = this.handle.cache.terms.byKind;
    const hard = this.handle.options.hardPodAffinityWeight;
    const groups = [
      ...(hard > 0 ? [...idx.requiredAffinity].map((g) => [g, hard] as const) : []),
      ...[...idx.preferredAffinity].map((g) => [g, g.weight] as const),
      ...[...idx.preferredAntiAffinity].map((g) => [g, -g.weight] as const),
    ];
    for (const [g, w] of groups) {
      if (g.counts.size === 0 || !termMatches(g.term, pod, nsLabels)) continue;
      touch(g.term.topologyKey);
      for (const [v, n] of g.counts) s.add(g.term.topologyKey, v, w * n);
    }
    if (s.topologyScore.size === 0) return SKIP;
    state.write(this.scoreSlot, s);
    return null;
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    const s = state.read<InterPodAffinityPreScoreState>(this.scoreSlot)!;
    let score = 0;
    for (const [key, values] of s.topologyScore) {
      const v = node.labels[key];
      if (v !== undefined) score += values.get(v) ?? 0;
    }
    return score;
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, _nodes: readonly NodeInfo[], scores: Float64Array): void {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const x of scores) {
      if (x > max) max = x;
      if (x < min) min = x;
    }
    const diff = max - min;
    for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i]! - min) / diff)) : 0;
  }

  events(): ClusterEventWithHint[] {
    // isSchedulableAfterPodChange
    const podHint = (pod: PodInfo, e: ClusterEvent): 'Queue' | 'Skip' => {
      const oldPod = e.oldObj ? new PodInfo(e.oldObj as Pod) : undefined;
      const newPod = e.newObj ? new PodInfo(e.newObj as Pod) : undefined;
      const anti = pod.requiredAntiAffinityTerms;
      const matchesAnti = (p: PodInfo): boolean => anti.some((t) => termMatches(t, p, undefined));
      if (oldPod && newPod) {
        if (!podMatchesAllAffinityTerms(pod.requiredAffinityTerms, oldPod) && podMatchesAllAffinityTerms(pod.requiredAffinityTerms, newPod)) return 'Queue';
        return matchesAnti(oldPod) && !matchesAnti(newPod) ? 'Queue' : 'Skip';
      }
      if (newPod) return podMatchesAllAffinityTerms(pod.requiredAffinityTerms, newPod) || pod.preferredAffinityTerms.length > 0 ? 'Queue' : 'Skip';
      // Deleted: it may have been the one the pod's anti-affinity, or its own anti-affinity, kept out.
      return oldPod && (matchesAnti(oldPod) || oldPod.requiredAntiAffinityTerms.length > 0) ? 'Queue' : 'Skip';
    };
    return [
      { resource: 'AssignedPod', actions: ['Add', 'UpdatePodLabel', 'Delete'], hint: podHint },
      { resource: 'Node', actions: ['Add', 'UpdateNodeLabel'] },
      // A namespace's labels decide what a namespaceSelector picks.
      { resource: 'Namespace', actions: ['Add', 'Update'] },
    ];
  }
}

/** satisfyPodAffinity */
function satisfyPodAffinity(s: InterPodAffinityPreFilterState, node: NodeInfo): boolean {
  let podsExist = true;
  for (const t of s.affinityTerms) {
    const v = node.labels[t.topologyKey];
    if (v === undefined) return false; // every topology label must exist on the node
    if (s.affinityCounts.get(t.topologyKey, v) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group that has affinity to itself: allowed when no pod matches yet and it
  // matches its own terms.
  return s.affinityCounts.isEmpty() && podMatchesAllAffinityTerms(s.affinityTerms, s.pod);
}

/** satisfyPodAntiAffinity */
function satisfyPodAntiAffinity(s: InterPodAffinityPreFilterState, node: NodeInfo): boolean {
  for (const t of s.antiAffinityTerms) {
    const v = node.labels[t.topologyKey];
    if (v !== undefined && s.antiAffinityCounts.get(t.topologyKey, v) > 0) return false;
  }
  return true;
}

/** satisfyExistingPodsAntiAffinity */
function satisfyExistingPodsAntiAffinity(s: InterPodAffinityPreFilterState, node: NodeInfo): boolean {
  for (const k of s.existingAntiAffinityCounts.keys()) {
    const v = node.labels[k];
    if (v !== undefined && s.existingAntiAffinityCounts.get(k, v) > 0) return false;
  }
  return true;
}

