/**
 * framework.Handle: what plugins may use beyond their own state — the cache (the snapshot of nodes and
 * pods), the API objects they read (namespaces, services, workloads, volumes), the nominated pods, the
 * framework itself (preemption re-runs the filters) and the simulator context.
 */
import type { SimContext } from '../../context.ts';
import type { SchedulerCache } from '../cache/cache.ts';
import type { Labels } from '../helpers/label-selector.ts';
import type { ResolvedSchedulerOptions } from '../options.ts';
import type { Framework } from './framework.ts';
import type { PodInfo } from './pod-info.ts';

export interface Handle {
  readonly ctx: SimContext;
  readonly cache: SchedulerCache;
  readonly options: ResolvedSchedulerOptions;
  readonly framework: Framework;
  /** Labels of a namespace (GetNamespaceLabelsSnapshot), undefined when it does not exist. */
  namespaceLabels(namespace: string): Labels | undefined;
  /** Names of the namespaces whose labels a namespaceSelector matches. */
  namespacesMatching(matches: (labels: Labels) => boolean): string[];
  /** Pods nominated to a node by preemption (PodNominator.NominatedPodsForNode). */
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
  /** Whether any pod is nominated anywhere (a fast path for the Filter loop). */
  hasNominatedPods(): boolean;
  /** Clears a pod's nominatedNodeName (preemption does it for lower-priority pods on its node). */
  clearNomination(pod: PodInfo): void;
}
