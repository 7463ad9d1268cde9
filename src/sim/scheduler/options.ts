/**
 * Per-cluster scheduler settings: a subset of KubeSchedulerConfiguration (pkg/scheduler/apis/config/v1
 * defaults.go) and NodeResourcesFitArgs. Everything has the upstream default.
 */
export type ScoringStrategyType = 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';

export interface ResourceSpec {
  name: string;
  weight: number;
}

export interface UtilizationShapePoint {
  /** 0–100 */
  utilization: number;
  /** 0–10 (config.MaxCustomPriorityScore) */
  score: number;
}

export interface SchedulerOptions {
  /** NodeResourcesFit scoring strategy (noderesources/fit.go ScoringStrategy). Default LeastAllocated. */
  scoringStrategy?: ScoringStrategyType;
  /** Resources and weights the strategy looks at. Default cpu and memory, weight 1 each. */
  resources?: ResourceSpec[];
  /**
   * RequestedToCapacityRatio's shape. Default: utilization 0 → score 0, 100 → 10 (bin packing, as in
   * the kubernetes.io "Resource Bin Packing" example).
   */
  requestedToCapacityRatioShape?: UtilizationShapePoint[];
  /** percentageOfNodesToScore; 0 (default) is adaptive: 50% − nodes/125, at least 5%. */
  percentageOfNodesToScore?: number;
  /** podInitialBackoffSeconds, default 1. */
  podInitialBackoffSeconds?: number;
  /** podMaxBackoffSeconds, default 10. */
  podMaxBackoffSeconds?: number;
  /**
   * Feature gate SchedulerPopFromBackoffQ (beta, on by default since 1.33): when nothing else is waiting,
   * the scheduler takes pods from the backoff queue before their backoff ends. Default true.
   */
  popFromBackoffQ?: boolean;
  /** InterPodAffinityArgs.hardPodAffinityWeight, default 1. */
  hardPodAffinityWeight?: number;
  /**
   * Memory for scheduling explanations, in node entries: the latest record of each pod is kept, oldest
   * pods dropped first once all records together exceed this many examined nodes. Default 100,000
   * (every pod of a lab; the last ~200 pods on 5,000 nodes).
   */
  explanationNodeBudget?: number;
}

export interface ResolvedSchedulerOptions {
  scoringStrategy: ScoringStrategyType;
  resources: ResourceSpec[];
  requestedToCapacityRatioShape: UtilizationShapePoint[];
  percentageOfNodesToScore: number;
  podInitialBackoffMs: number;
  podMaxBackoffMs: number;
  popFromBackoffQ: boolean;
  hardPodAffinityWeight: number;
  explanationNodeBudget: number;
}

export function resolveOptions(o: SchedulerOptions = {}): ResolvedSchedulerOptions {
  return {
    scoringStrategy: o.scoringStrategy ?? 'LeastAllocated',
    resources: o.resources ?? [
      { name: 'cpu', weight: 1 },
      { name: 'memory', weight: 1 },
    ],
    requestedToCapacityRatioShape: o.requestedToCapacityRatioShape ?? [
      { utilization: 0, score: 0 },
      { utilization: 100, score: 10 },
    ],
    percentageOfNodesToScore: o.percentageOfNodesToScore ?? 0,
    podInitialBackoffMs: (o.podInitialBackoffSeconds ?? 1) * 1000,
    podMaxBackoffMs: (o.podMaxBackoffSeconds ?? 10) * 1000,
    popFromBackoffQ: o.popFromBackoffQ ?? true,
    hardPodAffinityWeight: o.hardPodAffinityWeight ?? 1,
    explanationNodeBudget: o.explanationNodeBudget ?? 100_000,
  };
}
