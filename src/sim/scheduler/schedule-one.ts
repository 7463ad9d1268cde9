/**
 * One scheduling attempt (pkg/scheduler/schedule_one.go schedulePod, findNodesThatFitPod,
 * findNodesThatPassFilters, prioritizeNodes, selectHost, numFeasibleNodesToFind).
 * - PreFilter, then (if the pod was nominated by an earlier preemption) its nominated node first.
 * - Filter walks the nodes from where the previous cycle stopped and stops once it has found
 *   numFeasibleNodesToFind nodes: all of them below 100 nodes, else percentageOfNodesToScore (adaptive:
 *   50% − nodes/125, at least 5%), at least 100.
 * - One feasible node is taken without scoring; otherwise PreScore, Score, NormalizeScore, weights.
 * - selectHost: the highest total wins; ties are broken uniformly at random (reservoir sampling), here
 *   with the simulation's seeded generator.
 */
import type { Rng } from '../rng.ts';
import type { SchedulerCache } from './cache/cache.ts';
import type { CycleState } from './framework/cycle-state.ts';
import type { Framework, ScoreOutcome } from './framework/framework.ts';
import type { NodeInfo } from './framework/node-info.ts';
import { NodeToStatus } from './framework/node-to-status.ts';
import type { PodInfo } from './framework/pod-info.ts';
import { isRejected, newStatus, statusMessage, type Status } from './framework/status.ts';
import { newDiagnosis, type Diagnosis } from './fit-error.ts';
import type { ResolvedSchedulerOptions } from './options.ts';

const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

export type ScheduleOutcome =
  | { kind: 'scheduled'; nodeName: string; evaluatedNodes: number; feasibleNodes: number }
  | { kind: 'fitError'; numAllNodes: number; diagnosis: Diagnosis }
  | { kind: 'error'; message: string };

/**
 * What the attempt saw, for the explanation, without copying per node: Filter examined
 * `nodes[(start + i) % nodes.length]` for i < count (the cache replaces, never mutates, its node list);
 * the rejected ones have a status in `rejected`; the others passed, in that order.
 */
export interface CycleTrace {
  nodes: readonly NodeInfo[];
  start: number;
  count: number;
  rejected: ReadonlyMap<string, Status>;
  /** Scores of the nodes that passed, in the same order. */
  scores?: ScoreOutcome;
  preFilterRejected?: Status;
}

export function newTrace(): CycleTrace {
  return { nodes: [], start: 0, count: 0, rejected: new Map() };
}

/** numFeasibleNodesToFind */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = Math.trunc(50 - numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * percentage) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

export class SchedulingAlgorithm {
  private readonly cache: SchedulerCache;
  private readonly framework: Framework;
  private readonly rng: Rng;
  private readonly options: ResolvedSchedulerOptions;
  /** Where the next cycle starts looking (nextStartNodeIndex). */
  nextStartNodeIndex = 0;

  constructor(cache: SchedulerCache, framework: Framework, rng: Rng, options: ResolvedSchedulerOptions) {
    this.cache = cache;
    this.framework = framework;
    this.rng = rng;
    this.options = options;
  }

  schedulePod(state: CycleState, pod: PodInfo, trace: CycleTrace): ScheduleOutcome {
    const allNodes = this.cache.nodeList();
    if (allNodes.length === 0) return { kind: 'error', message: 'no nodes available to schedule pods' };
    const found = this.findNodesThatFitPod(state, pod, allNodes, trace);
    if ('message' in found) return { kind: 'error', message: found.message };
    const { feasible, diagnosis } = found;
    if (feasible.length === 0) return { kind: 'fitError', numAllNodes: allNodes.length, diagnosis };
    const evaluatedNodes = trace.count;
    if (feasible.length === 1) return { kind: 'scheduled', nodeName: feasible[0]!.name, evaluatedNodes, feasibleNodes: 1 };
    const pre = this.framework.runPreScorePlugins(state, pod, feasible);
    if (pre) return { kind: 'error', message: statusMessage(pre) };
    const scores = this.framework.runScorePlugins(state, pod, feasible);
    trace.scores = scores;
    const chosen = this.selectHost(feasible, scores.total);
    return { kind: 'scheduled', nodeName: chosen.name, evaluatedNodes, feasibleNodes: feasible.length };
  }

  private findNodesThatFitPod(state: CycleState, pod: PodInfo, allNodes: readonly NodeInfo[], trace: CycleTrace): { feasible: NodeInfo[]; diagnosis: Diagnosis } | { message: string } {
    const diagnosis = newDiagnosis(new NodeToStatus());
    const pre = this.framework.runPreFilterPlugins(state, pod, allNodes);
    if (pre.status) {
      if (!isRejected(pre.status)) return { message: statusMessage(pre.status) };
      // All nodes get the same status, so that preemption can handle them.
      diagnosis.nodeToStatus.absent = pre.status;
      diagnosis.preFilterMsg = statusMessage(pre.status);
      addPluginStatus(diagnosis, pre.status);
      trace.preFilterRejected = pre.status;
      return { feasible: [], diagnosis };
    }
    // A pod nominated by an earlier preemption tries that node first.
    const nominated = pod.pod.status?.nominatedNodeName;
    if (nominated) {
      const ni = this.cache.getNode(nominated);
      if (ni && this.framework.runFilterPluginsWithNominatedPods(state, pod, ni) === null) {
        trace.nodes = [ni];
        trace.count = 1;
        return { feasible: [ni], diagnosis };
      }
    }
    let nodes = allNodes;
    if (pre.nodeNames) {
      nodes = allNodes.filter((n) => pre.nodeNames!.has(n.name));
      diagnosis.nodeToStatus.absent = newStatus('UnschedulableAndUnresolvable', '', `node(s) didn't satisfy plugin(s) [${[...pre.pluginsWithNodes].sort().join(' ')}]`);
    }
    const feasible = this.findNodesThatPassFilters(state, pod, nodes, diagnosis, trace);
    const processed = feasible.length + diagnosis.nodeToStatus.size;
    this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % allNodes.length;
    return { feasible, diagnosis };
  }

  private findNodesThatPassFilters(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], diagnosis: Diagnosis, trace: CycleTrace): NodeInfo[] {
    const n = nodes.length;
    const toFind = numFeasibleNodesToFind(this.options.percentageOfNodesToScore, n);
    const feasible: NodeInfo[] = [];
    const fw = this.framework;
    const start = n === 0 ? 0 : this.nextStartNodeIndex % n;
    const nominated = fw.hasNominatedPods();
    let i = 0;
    const filters = state.filters;
    if (!nominated && filters.length === 1) {
      // One Filter plugin runs this cycle (the others skipped or accept every node): call it directly.
      const only = filters[0]!;
      for (let j = start; i < n && feasible.length < toFind; i++, j = j + 1 === n ? 0 : j + 1) {
        const node = nodes[j]!;
        const s = only.filter(state, pod, node);
        if (s === null) feasible.push(node);
        else {
          diagnosis.nodeToStatus.set(node.name, s);
          addPluginStatus(diagnosis, s);
        }
      }
    } else {
      for (; i < n && feasible.length < toFind; i++) {
        const node = nodes[(start + i) % n]!;
        const s = nominated ? fw.runFilterPluginsWithNominatedPods(state, pod, node) : fw.runFilterPlugins(state, pod, node);
        if (s === null) feasible.push(node);
        else {
          diagnosis.nodeToStatus.set(node.name, s);
          addPluginStatus(diagnosis, s);
        }
      }
    }
    trace.nodes = nodes;
    trace.start = start;
    trace.count = i;
    trace.rejected = diagnosis.nodeToStatus.explicit;
    return feasible;
  }

  /** selectHost: reservoir sampling over the nodes with the highest score, in the order they were found. */
  private selectHost(nodes: readonly NodeInfo[], total: Float64Array): NodeInfo {
    let best = 0;
    let count = 1;
    for (let i = 1; i < nodes.length; i++) {
      if (total[i]! > total[best]!) {
        best = i;
        count = 1;
      } else if (total[i] === total[best]) {
        count++;
        if (this.rng.int(count) === 0) best = i;
      }
    }
    return nodes[best]!;
  }
}

/** Diagnosis.AddPluginStatus */
function addPluginStatus(d: Diagnosis, s: Status): void {
  if (!s.plugin) return;
  if (isRejected(s)) d.unschedulablePlugins.add(s.plugin);
  if (s.code === 'Pending') d.pendingPlugins.add(s.plugin);
}
