/**
 * PodTopologySpread (pkg/scheduler/framework/plugins/podtopologyspread/{plugin,filtering,scoring}.go):
 * spreads matching pods evenly over topology domains. DoNotSchedule constraints filter (see
 * filtering.ts), ScheduleAnyway constraints and the system defaults score (see scoring.ts).
 * Default weight 2. Matching-pod counts come from the cache's per-node counters.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { CycleState } from '../../framework/cycle-state.ts';
import type { ClusterEvent, ClusterEventWithHint } from '../../framework/events.ts';
import type { Handle } from '../../framework/handle.ts';
import { MAX_NODE_SCORE, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../../framework/interfaces.ts';
import type { NodeInfo } from '../../framework/node-info.ts';
import { PodInfo } from '../../framework/pod-info.ts';
import { newStatus, SKIP, type Status } from '../../framework/status.ts';
import { RequiredNodeAffinity } from '../../helpers/node-affinity.ts';
import {
  buildDefaultConstraints,
  ERR_REASON_CONSTRAINTS_NOT_MATCH,
  ERR_REASON_NODE_LABEL_NOT_MATCH,
  filterConstraints,
  LABEL_HOSTNAME,
  matchNodeInclusionPolicies,
  nodeLabelsMatchSpreadConstraints,
  spreadCounterKey,
  spreadMatcher,
  type SpreadConstraint,
} from './common.ts';
import { SpreadPreFilterState } from './filtering.ts';
import { scoreForCount, SpreadPreScoreState, topologyNormalizingWeight } from './scoring.ts';

const MISSING_LABEL = Object.freeze(newStatus('UnschedulableAndUnresolvable', 'PodTopologySpread', ERR_REASON_NODE_LABEL_NOT_MATCH));
const CONSTRAINTS_NOT_MATCH = Object.freeze(newStatus('Unschedulable', 'PodTopologySpread', ERR_REASON_CONSTRAINTS_NOT_MATCH));

export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = 'PodTopologySpread';
  slot = 0;
  scoreSlot = 0;
  private readonly handle: Handle;

  constructor(handle: Handle) {
    this.handle = handle;
  }

  private constraints(pod: Pod, action: 'DoNotSchedule' | 'ScheduleAnyway'): SpreadConstraint[] {
    const own = pod.spec?.topologySpreadConstraints ?? [];
    if (own.length > 0) return filterConstraints(own, pod.metadata?.labels ?? {}, action);
    return buildDefaultConstraints(pod, action, this.handle.ctx.store);
  }

  private counts(pod: PodInfo, c: SpreadConstraint): ReadonlyMap<NodeInfo, number> {
    return this.handle.cache.counter(spreadCounterKey(pod.namespace, c.selector), spreadMatcher(pod.namespace, c.selector), []).perNode;
  }

  /** calPreFilterState */
  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null {
    const constraints = this.constraints(pod.pod, 'DoNotSchedule');
    if (constraints.length === 0) return SKIP;
    const required = new RequiredNodeAffinity(pod.pod);
    const perNode = constraints.map((c) => this.counts(pod, c));
    const tpValueToMatchNum = constraints.map(() => new Map<string, number>());
    for (const node of nodes) {
      if (!nodeLabelsMatchSpreadConstraints(node.labels, constraints)) continue;
      for (let i = 0; i < constraints.length; i++) {
        const c = constraints[i]!;
        if (!matchNodeInclusionPolicies(c, pod.pod, node.node, required)) continue;
        const v = node.labels[c.topologyKey]!;
        const m = tpValueToMatchNum[i]!;
        m.set(v, (m.get(v) ?? 0) + (perNode[i]!.get(node) ?? 0));
      }
    }
    state.write(this.slot, new SpreadPreFilterState(constraints, tpValueToMatchNum));
    return null;
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const s = state.read<SpreadPreFilterState>(this.slot)!;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i]!;
      const v = node.labels[c.topologyKey];
      if (v === undefined) return MISSING_LABEL;
      const minMatchNum = s.minMatchNum(i, c.minDomains);
      const selfMatchNum = c.selector.matches(pod.labels) ? 1 : 0;
      const matchNum = s.tpValueToMatchNum[i]!.get(v) ?? 0;
      if (matchNum + selfMatchNum - minMatchNum > c.maxSkew) return CONSTRAINTS_NOT_MATCH;
    }
    return null;
  }

  /** updateWithPod (PreFilterExtensions AddPod/RemovePod). */
  private updateWithPod(state: CycleState, updated: PodInfo, preemptor: PodInfo, node: NodeInfo, delta: number): void {
    const s = state.read<SpreadPreFilterState>(this.slot);
    if (!s || updated.namespace !== preemptor.namespace) return;
    if (!nodeLabelsMatchSpreadConstraints(node.labels, s.constraints)) return;
    const required = new RequiredNodeAffinity(preemptor.pod);
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i]!;
      if (!c.selector.matches(updated.labels)) continue;
      if (!matchNodeInclusionPolicies(c, preemptor.pod, node.node, required)) continue;
      const v = node.labels[c.topologyKey]!;
      const n = (s.tpValueToMatchNum[i]!.get(v) ?? 0) + delta;
      s.tpValueToMatchNum[i]!.set(v, n);
      s.criticalPaths[i]!.update(v, n);
    }
  }

  addPod(state: CycleState, podToSchedule: PodInfo, podToAdd: PodInfo, node: NodeInfo): void {
    this.updateWithPod(state, podToAdd, podToSchedule, node, 1);
  }

  removePod(state: CycleState, podToSchedule: PodInfo, podToRemove: PodInfo, node: NodeInfo): void {
    this.updateWithPod(state, podToRemove, podToSchedule, node, -1);
  }

  /** PreScore / initPreScoreState */
  preScore(state: CycleState, pod: PodInfo, filteredNodes: readonly NodeInfo[]): Status | null {
    if (this.handle.cache.numNodes === 0) return SKIP;
    const constraints = this.constraints(pod.pod, 'ScheduleAnyway');
    if (constraints.length === 0) return SKIP;
    // Only pod-specified constraints require every topology key; the system defaults let nodes without
    // a zone label still be spread by hostname.
    const requireAllTopologies = (pod.pod.spec?.topologySpreadConstraints ?? []).length > 0;
    const ignored = new Set<NodeInfo>();
    const counts = constraints.map(() => new Map<string, number>());
    const topoSize = constraints.map(() => 0);
    for (const node of filteredNodes) {
      if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(node.labels, constraints)) {
        ignored.add(node);
        continue;
      }
      for (let i = 0; i < constraints.length; i++) {
        const c = constraints[i]!;
        if (c.topologyKey === LABEL_HOSTNAME) continue;
        const v = node.labels[c.topologyKey] ?? '';
        if (!counts[i]!.has(v)) {
          counts[i]!.set(v, 0);
          topoSize[i]!++;
        }
      }
    }
    const weights = constraints.map((c, i) => topologyNormalizingWeight(c.topologyKey === LABEL_HOSTNAME ? filteredNodes.length - ignored.size : topoSize[i]!));
    const perNode = constraints.map((c) => this.counts(pod, c));
    const required = new RequiredNodeAffinity(pod.pod);
    // processAllNode: the matching pods of every node (nodes without any add nothing).
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i]!;
      if (c.topologyKey === LABEL_HOSTNAME) continue;
      for (const [node, n] of perNode[i]!) {
        if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(node.labels, constraints)) continue;
        if (!matchNodeInclusionPolicies(c, pod.pod, node.node, required)) continue;
        const v = node.labels[c.topologyKey] ?? '';
        const cur = counts[i]!.get(v);
        if (cur === undefined) continue;
        counts[i]!.set(v, cur + n);
      }
    }
    state.write(this.scoreSlot, new SpreadPreScoreState(constraints, ignored, counts, weights, perNode));
    return null;
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    const s = state.read<SpreadPreScoreState>(this.scoreSlot)!;
    if (s.ignoredNodes.has(node)) return 0;
    let score = 0;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i]!;
      const v = node.labels[c.topologyKey];
      if (v === undefined) continue;
      const cnt = c.topologyKey === LABEL_HOSTNAME ? (s.perNode[i]!.get(node) ?? 0) : (s.topologyValueToPodCounts[i]!.get(v) ?? 0);
      score += scoreForCount(cnt, c.maxSkew, s.topologyNormalizingWeight[i]!);
    }
    return Math.round(score);
  }

  normalizeScore(state: CycleState, _pod: PodInfo, nodes: readonly NodeInfo[], scores: Float64Array): void {
    const s = state.read<SpreadPreScoreState>(this.scoreSlot)!;
    let minScore = Number.MAX_SAFE_INTEGER;
    let maxScore = 0;
    for (let i = 0; i < scores.length; i++) {
      if (s.ignoredNodes.has(nodes[i]!)) continue;
      minScore = Math.min(minScore, scores[i]!);
      maxScore = Math.max(maxScore, scores[i]!);
    }
    for (let i = 0; i < scores.length; i++) {
      if (s.ignoredNodes.has(nodes[i]!)) {
        scores[i] = 0;
        continue;
      }
      if (maxScore === 0) {
        scores[i] = MAX_NODE_SCORE;
        continue;
      }
      scores[i] = Math.trunc((MAX_NODE_SCORE * (maxScore + minScore - scores[i]!)) / maxScore);
    }
  }

  events(): ClusterEventWithHint[] {
    const podHint = (pod: PodInfo, e: ClusterEvent): 'Queue' | 'Skip' => {
      const constraints = this.constraints(pod.pod, 'DoNotSchedule').concat(this.constraints(pod.pod, 'ScheduleAnyway'));
      const changed = [e.oldObj, e.newObj].filter((o): o is Pod => !!o).map((o) => new PodInfo(o));
      return changed.some((p) => p.namespace === pod.namespace && constraints.some((c) => c.selector.matches(p.labels))) ? 'Queue' : 'Skip';
    };
    const nodeHint = (pod: PodInfo, e: ClusterEvent): 'Queue' | 'Skip' => {
      const keys = (pod.pod.spec?.topologySpreadConstraints ?? []).map((c) => c.topologyKey);
      const o = e.oldObj as Node | undefined;
      const n = e.newObj as Node | undefined;
      if (!o || !n) return 'Queue';
      if (keys.some((k) => o.metadata?.labels?.[k] !== n.metadata?.labels?.[k])) return 'Queue';
      return JSON.stringify(o.spec?.taints ?? []) !== JSON.stringify(n.spec?.taints ?? []) ? 'Queue' : 'Skip';
    };
    return [
      { resource: 'AssignedPod', actions: ['Add', 'UpdatePodLabel', 'Delete'], hint: podHint },
      { resource: 'Node', actions: ['Add', 'Delete', 'UpdateNodeLabel', 'UpdateNodeTaint'], hint: nodeHint },
    ];
  }
}
