/**
 * Explanations of scheduling decisions, for graders ("your pod could not go to node-2 because …") and
 * the site (drawing the decision). One record per attempt; the scheduler keeps the latest per pod.
 * Nothing here is upstream API: it is the simulator's window on the cycle the framework ran —
 * PreFilter, Filter per node (the first plugin that rejected it, with its reasons), Score per plugin
 * (raw, normalised, weighted), the total, the choice, and PostFilter (preemption) when nothing fit.
 * Records are stored compactly and expanded on demand.
 */
import type { Code, Status } from './framework/status.ts';
import type { CycleTrace } from './schedule-one.ts';

export interface FilterVerdict {
  plugin: string;
  code: Code;
  reasons: string[];
}

export interface PluginScoreExplanation {
  plugin: string;
  /** What the plugin's Score returned. */
  raw: number;
  /** After NormalizeScore (0–100). */
  normalized: number;
  weight: number;
  /** normalized × weight */
  weighted: number;
}

export interface NodeExplanation {
  node: string;
  /** Whether every Filter plugin accepted the node. */
  feasible: boolean;
  /** The Filter plugin that rejected the node (filters stop at the first rejection). */
  filter?: FilterVerdict;
  /** Per Score plugin that ran, in the configured order (absent when scoring was skipped). */
  scores?: PluginScoreExplanation[];
  /** Σ weighted scores. */
  totalScore?: number;
}

export interface PreemptionExplanation {
  /** The node nominated for the pod, if preemption found one. */
  nominatedNodeName?: string;
  /** The pods evicted to make room (namespace/name). */
  victims: string[];
  /** PostFilter's message ("preemption: …") when it found nothing. */
  message?: string;
}

export interface SchedulingExplanation {
  pod: { namespace: string; name: string; uid: string };
  /** Attempt number for this pod (1 for the first). */
  attempt: number;
  /** Virtual time of the decision (RFC 3339, as the API writes times) and in ms since start. */
  time: string;
  timeMs: number;
  result: 'Scheduled' | 'Unschedulable' | 'Error';
  /** The node chosen (Scheduled). */
  nodeName?: string;
  /** The FailedScheduling message (Unschedulable / Error). */
  message?: string;
  /** Nodes in the cluster, nodes examined by Filter, nodes that passed. */
  numAllNodes: number;
  evaluatedNodes: number;
  feasibleNodes: number;
  /** PreFilter plugins that skipped themselves, and a PreFilter rejection if there was one. */
  preFilter: { skipped: string[]; rejected?: FilterVerdict };
  /** Score plugins that ran, with their weights (PreScore may skip some; one feasible node skips scoring). */
  scorePlugins: { plugin: string; weight: number }[];
  /** Per examined node, in the order the scheduler looked at them. */
  nodes: NodeExplanation[];
  preemption?: PreemptionExplanation;
}

/** What a cycle leaves behind; `explain()` expands it. */
export interface ExplanationRecord {
  pod: { namespace: string; name: string; uid: string };
  attempt: number;
  time: string;
  timeMs: number;
  result: 'Scheduled' | 'Unschedulable' | 'Error';
  nodeName?: string;
  message?: string;
  numAllNodes: number;
  preFilterSkipped: string[];
  /** What Filter and Score saw (see CycleTrace). */
  trace: CycleTrace;
  preemption?: PreemptionExplanation;
}

function verdict(s: Status): FilterVerdict {
  return { plugin: s.plugin, code: s.code, reasons: [...s.reasons] };
}

export function expand(r: ExplanationRecord): SchedulingExplanation {
  const t = r.trace;
  let feasible = 0;
  const nodes: NodeExplanation[] = [];
  for (let i = 0; i < t.count; i++) {
    const node = t.nodes[(t.start + i) % t.nodes.length]!.name;
    const s = t.rejected.get(node);
    if (s) {
      nodes.push({ node, feasible: false, filter: verdict(s) });
      continue;
    }
    const j = feasible++;
    if (!t.scores) {
      nodes.push({ node, feasible: true });
      continue;
    }
    const scores = t.scores.plugins.map((p) => ({ plugin: p.plugin, raw: p.raw[j]!, normalized: p.normalized[j]!, weight: p.weight, weighted: p.normalized[j]! * p.weight }));
    nodes.push({ node, feasible: true, scores, totalScore: t.scores.total[j]! });
  }
  return {
    pod: r.pod,
    attempt: r.attempt,
    time: r.time,
    timeMs: r.timeMs,
    result: r.result,
    ...(r.nodeName !== undefined ? { nodeName: r.nodeName } : {}),
    ...(r.message !== undefined ? { message: r.message } : {}),
    numAllNodes: r.numAllNodes,
    evaluatedNodes: t.count,
    feasibleNodes: feasible,
    preFilter: { skipped: r.preFilterSkipped, ...(t.preFilterRejected ? { rejected: verdict(t.preFilterRejected) } : {}) },
    scorePlugins: t.scores ? t.scores.plugins.map((p) => ({ plugin: p.plugin, weight: p.weight })) : [],
    nodes,
    ...(r.preemption ? { preemption: r.preemption } : {}),
  };
}

/**
 * Keeps the latest record per pod, dropping the oldest pods first once the records hold more than
 * `nodeBudget` node entries in all (a record of a 5,000-node cluster holds hundreds; of a lab, a few).
 */
export class ExplanationStore {
  private readonly records = new Map<string, ExplanationRecord>();
  private readonly nodeBudget: number;
  private entries = 0;

  constructor(nodeBudget: number) {
    this.nodeBudget = nodeBudget;
  }

  put(key: string, r: ExplanationRecord): void {
    this.delete(key);
    this.records.set(key, r);
    this.entries += r.trace.count + 1;
    while (this.entries > this.nodeBudget && this.records.size > 1) this.delete(this.records.keys().next().value!);
  }

  get(key: string): ExplanationRecord | undefined {
    return this.records.get(key);
  }

  delete(key: string): void {
    const r = this.records.get(key);
    if (!r) return;
    this.records.delete(key);
    this.entries -= r.trace.count + 1;
    r.trace.scores?.release();
  }
}
