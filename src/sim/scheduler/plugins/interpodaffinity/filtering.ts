/**
 * InterPodAffinity PreFilter/Filter state (pkg/scheduler/framework/plugins/interpodaffinity/filtering.go).
 * Three count maps by (topology key, value): existing pods whose required anti-affinity the incoming pod
 * matches; existing pods matching all of the incoming pod's required affinity terms; existing pods
 * matching its required anti-affinity terms. Here they are read from the cache's live counters, and
 * AddPod/RemovePod (preemption, nominated pods) record their changes in a per-cycle delta.
 */
import type { StateData } from '../../framework/cycle-state.ts';
import type { AffinityTerm, PodInfo } from '../../framework/pod-info.ts';
import type { Labels } from '../../helpers/label-selector.ts';

export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

/** A (topology key → value → count) view. */
export type TopologyCounts = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** Live counts plus the changes AddPod/RemovePod made in this cycle. */
export class CountsWithDelta {
  private readonly live: readonly TopologyCounts[];
  private delta: Map<string, Map<string, number>> | undefined;
  private keyCache: string[] | undefined;

  constructor(live: readonly TopologyCounts[], delta?: Map<string, Map<string, number>>) {
    this.live = live;
    this.delta = delta;
  }

  get(key: string, value: string): number {
    let n = 0;
    for (const l of this.live) n += l.get(key)?.get(value) ?? 0;
    if (this.delta) n += this.delta.get(key)?.get(value) ?? 0;
    return n;
  }

  add(key: string, value: string, d: number): void {
    this.keyCache = undefined;
    this.delta ??= new Map();
    let m = this.delta.get(key);
    if (!m) this.delta.set(key, (m = new Map()));
    m.set(value, (m.get(value) ?? 0) + d);
  }

  /** len(map) == 0: no (key, value) has a positive count. */
  isEmpty(): boolean {
    if (!this.delta) {
      for (const l of this.live) for (const m of l.values()) if (m.size > 0) return false;
      return true;
    }
    const keys = new Set<string>();
    for (const l of this.live) for (const k of l.keys()) keys.add(k);
    for (const k of this.delta.keys()) keys.add(k);
    for (const k of keys) {
      const values = new Set<string>();
      for (const l of this.live) for (const v of l.get(k)?.keys() ?? []) values.add(v);
      for (const v of this.delta.get(k)?.keys() ?? []) values.add(v);
      for (const v of values) if (this.get(k, v) !== 0) return false;
    }
    return true;
  }

  /** Topology keys with any live or delta entry. */
  keys(): readonly string[] {
    if (this.keyCache) return this.keyCache;
    const keys = new Set<string>();
    for (const l of this.live) for (const [k, m] of l) if (m.size > 0) keys.add(k);
    for (const k of this.delta?.keys() ?? []) keys.add(k);
    return (this.keyCache = [...keys]);
  }

  clone(): CountsWithDelta {
    return new CountsWithDelta(this.live, this.delta ? new Map([...this.delta].map(([k, m]) => [k, new Map(m)])) : undefined);
  }
}

export class InterPodAffinityPreFilterState implements StateData {
  /** The incoming pod's required terms, namespaceSelector merged into namespaces. */
  readonly affinityTerms: readonly AffinityTerm[];
  readonly antiAffinityTerms: readonly AffinityTerm[];
  readonly pod: PodInfo;
  readonly namespaceLabels: Labels | undefined;
  readonly existingAntiAffinityCounts: CountsWithDelta;
  readonly affinityCounts: CountsWithDelta;
  readonly antiAffinityCounts: CountsWithDelta;

  constructor(
    pod: PodInfo,
    affinityTerms: readonly AffinityTerm[],
    antiAffinityTerms: readonly AffinityTerm[],
    namespaceLabels: Labels | undefined,
    existing: CountsWithDelta,
    affinity: CountsWithDelta,
    anti: CountsWithDelta,
  ) {
    this.pod = pod;
    this.affinityTerms = affinityTerms;
    this.antiAffinityTerms = antiAffinityTerms;
    this.namespaceLabels = namespaceLabels;
    this.existingAntiAffinityCounts = existing;
    this.affinityCounts = affinity;
    this.antiAffinityCounts = anti;
  }

  clone(): StateData {
    return new InterPodAffinityPreFilterState(
      this.pod,
      this.affinityTerms,
      this.antiAffinityTerms,
      this.namespaceLabels,
      this.existingAntiAffinityCounts.clone(),
      this.affinityCounts.clone(),
      this.antiAffinityCounts.clone(),
    );
  }
}
