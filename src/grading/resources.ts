/** CPU as graders reason about it: where a container's request is written, what a pod requests, what the cluster offers. */
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Container } from 'kubernetes-types/core/v1';
import type { SourcePosition } from '../kube/position.ts';
import { milliCpu } from '../kube/quantity.ts';
import type { SubmittedObject } from './context.ts';
import type { Lab } from './lab.ts';

/** Where a container's CPU request is, or would go (its requests, its resources, or the container). */
export function cpuRequestAt(d: SubmittedObject<Deployment>, i: number, c: Container | undefined): SourcePosition {
  const base = ['spec', 'template', 'spec', 'containers', i] as const;
  if (c?.resources?.requests) return d.at([...base, 'resources', 'requests']);
  if (c?.resources) return d.at([...base, 'resources']);
  return d.at([...base]);
}

/** The CPU request of one pod of the Deployment as submitted (requests default to limits), in millicores. */
export function podCpuRequest(d: SubmittedObject<Deployment> | undefined): number {
  return (d?.object.spec?.template?.spec?.containers ?? []).reduce((n, c) => n + (milliCpu(c.resources?.requests?.cpu ?? c.resources?.limits?.cpu) ?? 0), 0);
}

/** The CPU the lab's nodes offer, in millicores (lab.yaml, cluster.nodes; 2 CPUs a node by default). */
export function clusterMilliCpu(lab: Lab): number {
  return lab.cluster.nodes.reduce((n, node) => n + (milliCpu(node.cpu ?? '2') ?? 0), 0);
}
