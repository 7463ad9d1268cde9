/**
 * The (anti-)affinity terms of the pods already placed, grouped by identical term, with how many pods
 * carry each term per topology value of the node they run on. InterPodAffinity asks it which existing
 * pods' required anti-affinity the incoming pod would break (filtering.go getExistingAntiAffinityCounts)
 * and which existing pods' terms attract or repel it (scoring.go processExistingPod) — one match per
 * distinct term instead of one per pod.
 */
import type { NodeInfo } from '../framework/node-info.ts';
import { termKey, type AffinityTerm, type PodInfo } from '../framework/pod-info.ts';

export type TermKind = 'requiredAffinity' | 'requiredAntiAffinity' | 'preferredAffinity' | 'preferredAntiAffinity';

export interface TermGroup {
  readonly kind: TermKind;
  readonly term: AffinityTerm;
  readonly weight: number;
  /** Topology value (of term.topologyKey on the pod's node) → number of pods with this term there. */
  readonly counts: Map<string, number>;
  pods: number;
}

export class TermIndex {
  private readonly groups = new Map<string, TermGroup>();
  /** Groups by kind, for the look-ups InterPodAffinity makes. */
  readonly byKind: Record<TermKind, Set<TermGroup>> = {
    requiredAffinity: new Set(),
    requiredAntiAffinity: new Set(),
    preferredAffinity: new Set(),
    preferredAntiAffinity: new Set(),
  };

  update(p: PodInfo, node: NodeInfo, sign: 1 | -1): void {
    if (!p.hasAffinity) return;
    for (const t of p.requiredAffinityTerms) this.bump('requiredAffinity', t, 0, node, sign);
    for (const t of p.requiredAntiAffinityTerms) this.bump('requiredAntiAffinity', t, 0, node, sign);
    for (const t of p.preferredAffinityTerms) this.bump('preferredAffinity', t, t.weight, node, sign);
    for (const t of p.preferredAntiAffinityTerms) this.bump('preferredAntiAffinity', t, t.weight, node, sign);
  }

  private bump(kind: TermKind, term: AffinityTerm, weight: number, node: NodeInfo, sign: 1 | -1): void {
    const key = `${kind}|${weight}|${termKey(term)}`;
    let g = this.groups.get(key);
    if (!g) {
      if (sign < 0) return;
      g = { kind, term, weight, counts: new Map(), pods: 0 };
      this.groups.set(key, g);
      this.byKind[kind].add(g);
    }
    g.pods += sign;
    const v = node.labels[term.topologyKey];
    if (v !== undefined) {
      const c = (g.counts.get(v) ?? 0) + sign;
      if (c === 0) g.counts.delete(v);
      else g.counts.set(v, c);
    }
    if (g.pods === 0) {
      this.groups.delete(key);
      this.byKind[kind].delete(g);
    }
  }
}
