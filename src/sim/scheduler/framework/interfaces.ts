/**
 * The extension points of the scheduling framework (k8s.io/kube-scheduler/framework/interface.go) that
 * the simulator runs, in cycle order: PreEnqueue, QueueSort (PrioritySort, in the queue), PreFilter,
 * Filter, PostFilter, PreScore, Score (+ NormalizeScore), Reserve, PreBind, Bind.
 */
import type { CycleState } from './cycle-state.ts';
import type { ClusterEventWithHint } from './events.ts';
import type { NodeInfo } from './node-info.ts';
import type { NodeToStatus } from './node-to-status.ts';
import type { PodInfo } from './pod-info.ts';
import type { Status } from './status.ts';

export interface Plugin {
  readonly name: string;
  /** This plugin's CycleState slot, assigned by the framework. */
  slot: number;
  /** EnqueueExtensions.EventsToRegister */
  events?(): ClusterEventWithHint[];
}

export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: PodInfo): Status | null;
}

export interface PreFilterResult {
  /** The only nodes worth filtering (framework.PreFilterResult.NodeNames). */
  nodeNames?: ReadonlySet<string>;
}

export interface PreFilterPlugin extends Plugin {
  /** null: success. A Skip status skips this plugin's Filter. */
  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | PreFilterResult | null;
  /** PreFilterExtensions: keep the PreFilter state right when preemption or nominated pods add/remove a pod. */
  addPod?(state: CycleState, podToSchedule: PodInfo, podToAdd: PodInfo, node: NodeInfo): void;
  removePod?(state: CycleState, podToSchedule: PodInfo, podToRemove: PodInfo, node: NodeInfo): void;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null;
  /**
   * True when this Filter would accept every node of the cluster as it is now (say, no node is
   * tainted): the framework then leaves it out of this cycle's per-node loop. Results are unchanged;
   * this is the simulator's shortcut, not an upstream extension point.
   */
  acceptsAll?(pod: PodInfo): boolean;
}

export interface PostFilterResult {
  /** The node to nominate ('' clears the nomination). */
  nominatedNodeName?: string;
  /** The pods preemption chose to evict, for the explanation. */
  victims?: readonly PodInfo[];
}

export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: PodInfo, statuses: NodeToStatus): { result?: PostFilterResult; status: Status | null };
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null;
}

export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /** Scores every node at once into `out`, which is zero-filled (same results as `score` per node). */
  scoreNodes?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array): void;
  /** ScoreExtensions.NormalizeScore, in place, aligned with `nodes`. */
  normalizeScore?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: Float64Array): void;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: PodInfo, nodeName: string): Status | null;
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void;
}

export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: PodInfo, nodeName: string): Status | null;
}

export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;
