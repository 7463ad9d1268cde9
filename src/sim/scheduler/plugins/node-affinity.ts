/**
 * NodeAffinity (pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go).
 * PreFilter: nothing to check without a nodeSelector or required node affinity (Skip); required terms
 * that name nodes (`matchFields: metadata.name In`) narrow the nodes to filter.
 * Filter: the node must match `nodeSelector` and one of the required terms.
 * Score: the sum of the weights of the preferred terms the node matches, normalised so the best is 100.
 * Default weight 2.
 */
import type { Node } from 'kubernetes-types/core/v1';
import type { CycleState, StateData } from '../framework/cycle-state.ts';
import type { ClusterEvent, ClusterEventWithHint } from '../framework/events.ts';
import { MAX_NODE_SCORE, type FilterPlugin, type PreFilterPlugin, type PreFilterResult, type PreScorePlugin, type ScorePlugin } from '../framework/interfaces.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import { newStatus, SKIP, type Status } from '../framework/status.ts';
import { PreferredSchedulingTerms, RequiredNodeAffinity } from '../helpers/node-affinity.ts';
import { defaultNormalizeScore } from '../helpers/normalize-score.ts';

export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
const ERR_REASON_CONFLICT = 'pod affinity terms conflict';
const NOT_MATCH = Object.freeze(newStatus('UnschedulableAndUnresolvable', 'NodeAffinity', ERR_REASON_POD));

class PreFilterState implements StateData {
  readonly required: RequiredNodeAffinity;
  constructor(r: RequiredNodeAffinity) {
    this.required = r;
  }
  clone(): StateData {
    return this;
  }
}

class PreScoreState implements StateData {
  readonly preferred: PreferredSchedulingTerms;
  constructor(p: PreferredSchedulingTerms) {
    this.preferred = p;
  }
  clone(): StateData {
    return this;
  }
}

export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = 'NodeAffinity';
  slot = 0;

  preFilter(state: CycleState, pod: PodInfo): Status | PreFilterResult | null {
    const required = pod.pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!required && !pod.pod.spec?.nodeSelector) return SKIP;
    state.write(this.slot, new PreFilterState(new RequiredNodeAffinity(pod.pod)));
    if (!required) return null;
    // Terms are ORed; the metadata.name requirements of one term are ANDed.
    let names: Set<string> | undefined;
    for (const t of required.nodeSelectorTerms) {
      let termNames: Set<string> | undefined;
      for (const r of t.matchFields ?? []) {
        if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
        const s = new Set(r.values ?? []);
        termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
      }
      if (!termNames) return null;
      names = new Set([...(names ?? []), ...termNames]);
    }
    if (names && names.size === 0) return newStatus('UnschedulableAndUnresolvable', this.name, ERR_REASON_CONFLICT);
    return names ? { nodeNames: names } : null;
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const s = state.read<PreFilterState>(this.slot);
    const required = s ? s.required : new RequiredNodeAffinity(pod.pod);
    if (required.match(node.node)) return null;
    return NOT_MATCH;
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    const preferred = new PreferredSchedulingTerms(pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []);
    if (preferred.length === 0) return SKIP;
    state.write(this.slot, new PreScoreState(preferred));
    return null;
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    return state.read<PreScoreState>(this.slot)!.preferred.score(node.node);
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, _nodes: readonly NodeInfo[], scores: Float64Array): void {
    defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
  }

  events(): ClusterEventWithHint[] {
    return [
      {
        resource: 'Node',
        actions: ['Add', 'UpdateNodeLabel'],
        // isSchedulableAfterNodeChange: queue when the node now matches (and did not before).
        hint: (pod, e: ClusterEvent) => {
          const req = new RequiredNodeAffinity(pod.pod);
          if (!req.match(e.newObj as Node)) return 'Skip';
          return e.oldObj && req.match(e.oldObj as Node) ? 'Skip' : 'Queue';
        },
      },
    ];
  }
}
