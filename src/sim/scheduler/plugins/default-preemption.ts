/**
 * DefaultPreemption (pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go and
 * pkg/scheduler/framework/preemption/preemption.go): when no node fits, look for a node where evicting
 * lower-priority pods would make room.
 * 1. The pod must be allowed to preempt (preemptionPolicy ≠ Never; no victim of an earlier preemption
 *    still terminating on its nominated node).
 * 2. Candidates: nodes rejected as Unschedulable (not UnschedulableAndUnresolvable). On each (a dry run
 *    on a copy) remove every lower-priority pod; if the pod then fits, give back ("reprieve") as many as
 *    possible, most important first, PodDisruptionBudget-protected ones first. The rest are the victims.
 * 3. Pick the node whose victims violate the fewest PDBs, then whose most important victim has the
 *    lowest priority, then the lowest sum of priorities, then the fewest victims, then the latest start.
 * 4. Evict: mark each victim DisruptionTarget=True (PreemptionByScheduler), delete it, record
 *    "Preempted"; nominate the node for the preemptor.
 */
import type { Pod, PodCondition } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { KubeObject } from '../../../kube/object.ts';
import type { CycleState } from '../framework/cycle-state.ts';
import type { Handle } from '../framework/handle.ts';
import type { PostFilterPlugin, PostFilterResult } from '../framework/interfaces.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import { NodeToStatus } from '../framework/node-to-status.ts';
import { PodInfo } from '../framework/pod-info.ts';
import { newStatus, type Status } from '../framework/status.ts';
import { fitErrorMessage, newDiagnosis } from '../fit-error.ts';
import { compileSelector } from '../helpers/label-selector.ts';

const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
const MIN_CANDIDATE_NODES_ABSOLUTE = 100;
const MAX_INT32 = 2147483647;

interface Candidate {
  node: string;
  /** Most important first. */
  victims: PodInfo[];
  numPDBViolations: number;
}

/** util.GetPodStartTime: status.startTime, or now when the pod has not started. */
function startTime(p: PodInfo, nowMs: number, parse: (t: string | undefined) => number | undefined): number {
  return parse(p.pod.status?.startTime) ?? nowMs;
}

export class DefaultPreemption implements PostFilterPlugin {
  readonly name = 'DefaultPreemption';
  slot = 0;
  private readonly handle: Handle;

  constructor(handle: Handle) {
    this.handle = handle;
  }

  postFilter(state: CycleState, pod: PodInfo, m: NodeToStatus): { result?: PostFilterResult; status: Status | null } {
    const { result, status } = this.preempt(state, pod, m);
    if (status && status.reasons.length > 0) return { result, status: newStatus(status.code, this.name, `preemption: ${status.reasons.join(', ')}`) };
    return { result, status };
  }

  /** Evaluator.Preempt */
  private preempt(state: CycleState, pod: PodInfo, m: NodeToStatus): { result?: PostFilterResult; status: Status | null } {
    const nominated = pod.pod.status?.nominatedNodeName;
    const reason = this.podEligibleToPreemptOthers(pod, nominated ? m.get(nominated) : undefined);
    if (reason) return { status: newStatus('Unschedulable', this.name, reason) };
    const allNodes = this.handle.cache.nodeList();
    if (allNodes.length === 0) return { status: newStatus('Error', this.name, 'no nodes available') };
    const { candidates, statuses } = this.findCandidates(state, pod, allNodes, m);
    if (candidates.length === 0) {
      statuses.absent = newStatus('UnschedulableAndUnresolvable', this.name, 'Preemption is not helpful for scheduling');
      return { result: { nominatedNodeName: '' }, status: newStatus('Unschedulable', this.name, fitErrorMessage(allNodes.length, newDiagnosis(statuses))) };
    }
    const best = this.selectCandidate(candidates);
    this.prepareCandidate(best, pod);
    return { result: { nominatedNodeName: best.node, victims: best.victims }, status: null };
  }

  /** PodEligibleToPreemptOthers: undefined when eligible, else the reason. */
  private podEligibleToPreemptOthers(pod: PodInfo, nominatedNodeStatus: Status | undefined): string | undefined {
    if (pod.pod.spec?.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
    const nom = pod.pod.status?.nominatedNodeName;
    if (nom) {
      if (nominatedNodeStatus?.code === 'UnschedulableAndUnresolvable') return undefined;
      const ni = this.handle.cache.getNode(nom);
      for (const p of ni?.pods ?? []) {
        if (p.priority < pod.priority && terminatingByPreemption(p.pod)) return 'not eligible due to a terminating pod on the nominated node.';
      }
    }
    return undefined;
  }

  private findCandidates(state: CycleState, pod: PodInfo, allNodes: readonly NodeInfo[], m: NodeToStatus): { candidates: Candidate[]; statuses: NodeToStatus } {
    const statuses = new NodeToStatus();
    const potential = m.nodesForStatusCode(allNodes, 'Unschedulable');
    if (potential.length === 0) return { candidates: [], statuses };
    const pdbs = this.handle.ctx.store.list('PodDisruptionBudget') as unknown as PodDisruptionBudget[];
    const n = potential.length;
    const offset = this.handle.ctx.rng.int(n);
    const numCandidates = Math.min(n, Math.max(Math.trunc((n * MIN_CANDIDATE_NODES_PERCENTAGE) / 100), MIN_CANDIDATE_NODES_ABSOLUTE));
    const nonViolating: Candidate[] = [];
    const violating: Candidate[] = [];
    for (let i = 0; i < n; i++) {
      const node = potential[(offset + i) % n]!;
      const copy = node.snapshot();
      const r = this.selectVictimsOnNode(state.clone(), pod, copy, pdbs);
      if ('victims' in r && r.victims.length > 0) {
        (r.numPDBViolations === 0 ? nonViolating : violating).push({ node: node.name, victims: r.victims, numPDBViolations: r.numPDBViolations });
        if (nonViolating.length > 0 && nonViolating.length + violating.length >= numCandidates) break;
        continue;
      }
      statuses.set(node.name, 'status' in r ? r.status : newStatus('Error', this.name, `expected at least one victim pod on node "${node.name}"`));
    }
    return { candidates: [...nonViolating, ...violating], statuses };
  }

  /** SelectVictimsOnNode */
  private selectVictimsOnNode(state: CycleState, pod: PodInfo, node: NodeInfo, pdbs: readonly PodDisruptionBudget[]): { victims: PodInfo[]; numPDBViolations: number } | { status: Status } {
    const fw = this.handle.framework;
    const potential = node.pods.filter((p) => p.priority < pod.priority);
    for (const p of potential) {
      node.removePod(p.uid);
      fw.runPreFilterExtensionRemovePod(state, pod, p, node);
    }
    if (potential.length === 0) return { status: newStatus('UnschedulableAndUnresolvable', this.name, 'No preemption victims found for incoming pod') };
    const s = fw.runFilterPluginsWithNominatedPods(state, pod, node);
    if (s) return { status: s };
    const now = this.handle.ctx.clock.now;
    const parse = (t: string | undefined): number | undefined => this.handle.ctx.clock.parse(t);
    // MoreImportantPod: higher priority first, then the one that started earlier.
    potential.sort((a, b) => (a.priority !== b.priority ? b.priority - a.priority : startTime(a, now, parse) - startTime(b, now, parse)));
    const { violating, nonViolating } = filterPodsWithPDBViolation(potential, pdbs);
    const victims: PodInfo[] = [];
    let numViolating = 0;
    const reprieve = (p: PodInfo): boolean => {
      node.addPod(p);
      fw.runPreFilterExtensionAddPod(state, pod, p, node);
      const fits = fw.runFilterPluginsWithNominatedPods(state, pod, node) === null;
      if (!fits) {
        node.removePod(p.uid);
        fw.runPreFilterExtensionRemovePod(state, pod, p, node);
        victims.push(p);
      }
      return fits;
    };
    for (const p of violating) if (!reprieve(p)) numViolating++;
    for (const p of nonViolating) reprieve(p);
    if (violating.length > 0 && nonViolating.length > 0) {
      victims.sort((a, b) => (a.priority !== b.priority ? b.priority - a.priority : startTime(a, now, parse) - startTime(b, now, parse)));
    }
    return { victims, numPDBViolations: numViolating };
  }

  /** SelectCandidate / pickOneNodeForPreemption: ties go to the first candidate found. */
  private selectCandidate(candidates: Candidate[]): Candidate {
    const now = this.handle.ctx.clock.now;
    const parse = (t: string | undefined): number | undefined => this.handle.ctx.clock.parse(t);
    const scoreFuncs: ((c: Candidate) => number)[] = [
      (c) => -c.numPDBViolations,
      (c) => -c.victims[0]!.priority,
      (c) => -c.victims.reduce((s, p) => s + p.priority + MAX_INT32 + 1, 0),
      (c) => -c.victims.length,
      (c) => earliestStartTimeOfHighestPriority(c.victims, now, parse),
    ];
    let all = candidates;
    for (const f of scoreFuncs) {
      let max = Number.NEGATIVE_INFINITY;
      let selected: Candidate[] = [];
      for (const c of all) {
        const s = f(c);
        if (s > max) {
          max = s;
          selected = [];
        }
        if (s === max) selected.push(c);
      }
      if (selected.length === 1) return selected[0]!;
      all = selected;
    }
    return all[0]!;
  }

  /** prepareCandidate: evict the victims, clear lower-priority nominations on the node. */
  private prepareCandidate(c: Candidate, preemptor: PodInfo): void {
    const { api, store, events, clock } = this.handle.ctx;
    for (const v of c.victims) {
      const current = store.get('Pod', v.name, v.namespace) as unknown as Pod | undefined;
      if (!current || current.metadata?.deletionTimestamp) continue;
      const condition: PodCondition = {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'PreemptionByScheduler',
        message: `${preemptor.pod.spec?.schedulerName ?? 'default-scheduler'}: preempting to accommodate a higher priority pod`,
        lastProbeTime: null as unknown as string,
        lastTransitionTime: clock.timestamp(),
      };
      const conditions = [...(current.status?.conditions ?? []).filter((x) => x.type !== 'DisruptionTarget'), condition];
      const updated = api.updateStatus(current as unknown as KubeObject, { ...(current.status ?? {}), conditions });
      api.delete('Pod', v.name, v.namespace);
      events.record(updated, 'Normal', 'Preempted', `Preempted by pod ${preemptor.uid} on node ${c.node}`, 'default-scheduler');
    }
    for (const p of this.handle.nominatedPodsForNode(c.node)) {
      if (p.priority < preemptor.priority) this.handle.clearNomination(p);
    }
  }
}

/** podTerminatingByPreemption */
function terminatingByPreemption(p: Pod): boolean {
  if (!p.metadata?.deletionTimestamp) return false;
  const c = p.status?.conditions?.find((x) => x.type === 'DisruptionTarget');
  return c?.status === 'True' && c.reason === 'PreemptionByScheduler';
}

/** filterPodsWithPDBViolation: stable split by whether evicting the pod would exceed a PDB's budget. */
function filterPodsWithPDBViolation(pods: readonly PodInfo[], pdbs: readonly PodDisruptionBudget[]): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  const allowed = pdbs.map((p) => p.status?.disruptionsAllowed ?? 0);
  const selectors = pdbs.map((p) => compileSelector(p.spec?.selector));
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const p of pods) {
    let violated = false;
    if (Object.keys(p.labels).length > 0) {
      for (let i = 0; i < pdbs.length; i++) {
        const pdb = pdbs[i]!;
        if ((pdb.metadata?.namespace ?? 'default') !== p.namespace) continue;
        const sel = selectors[i]!;
        // A PDB with a nil or empty selector matches nothing.
        if (sel.everything || !sel.matches(p.labels)) continue;
        if (pdb.status?.disruptedPods?.[p.name] !== undefined) continue;
        allowed[i]!--;
        if (allowed[i]! < 0) violated = true;
      }
    }
    (violated ? violating : nonViolating).push(p);
  }
  return { violating, nonViolating };
}

/** util.GetEarliestPodStartTime: the earliest start among the highest-priority victims. */
function earliestStartTimeOfHighestPriority(victims: readonly PodInfo[], now: number, parse: (t: string | undefined) => number | undefined): number {
  let maxPriority = victims[0]!.priority;
  let earliest = startTime(victims[0]!, now, parse);
  for (const p of victims) {
    if (p.priority === maxPriority) earliest = Math.min(earliest, startTime(p, now, parse));
    else if (p.priority > maxPriority) {
      maxPriority = p.priority;
      earliest = startTime(p, now, parse);
    }
  }
  return earliest;
}
