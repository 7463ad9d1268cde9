/**
 * InterPodAffinity scoring (pkg/scheduler/framework/plugins/interpodaffinity/scoring.go). A score per
 * (topology key, value): + weight for each existing pod matching one of the incoming pod's preferred
 * affinity terms, − weight for its preferred anti-affinity terms; + hardPodAffinityWeight (1) for each
 * existing pod whose required affinity the incoming pod matches, ± weight for existing pods' preferred
 * (anti-)affinity it matches. A node scores the sum over its labels; NormalizeScore maps min…max to
 * 0…100.
 */
import type { StateData } from '../../framework/cycle-state.ts';

export class InterPodAffinityPreScoreState implements StateData {
  /** topology key → value → score */
  readonly topologyScore: Map<string, Map<string, number>>;

  constructor(topologyScore: Map<string, Map<string, number>>) {
    this.topologyScore = topologyScore;
  }

  add(key: string, value: string, delta: number): void {
    let m = this.topologyScore.get(key);
    if (!m) this.topologyScore.set(key, (m = new Map()));
    m.set(value, (m.get(value) ?? 0) + delta);
  }

  clone(): StateData {
    return this;
  }
}
