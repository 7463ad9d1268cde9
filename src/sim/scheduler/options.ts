/** Per-cluster scheduler settings (a subset of KubeSchedulerConfiguration). */
export interface SchedulerOptions {
  /** NodeResourcesFit scoring strategy (noderesources/fit.go ScoringStrategy). Default LeastAllocated. */
  scoringStrategy?: 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';
}
