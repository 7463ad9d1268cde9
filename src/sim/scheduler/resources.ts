/**
 * Pod resource requests as the scheduler counts them (kubernetes pkg/api/v1/resource/helpers.go
 * PodRequests): the sum over containers, at least the largest init container, plus overhead. For
 * scoring, a container without requests counts as 100m CPU and 200 MiB
 * (pkg/scheduler/util/pod_resources.go DefaultMilliCPURequest / DefaultMemoryRequest).
 */
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { bytes, milliCpu } from '../../kube/quantity.ts';

export interface Resources {
  milliCpu: number;
  memory: number;
}

export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

function containerRequests(c: Container, nonZero: boolean): Resources {
  const req = c.resources?.requests ?? {};
  const cpu = req.cpu !== undefined ? (milliCpu(req.cpu) ?? 0) : nonZero ? DEFAULT_MILLI_CPU_REQUEST : 0;
  const mem = req.memory !== undefined ? (bytes(req.memory) ?? 0) : nonZero ? DEFAULT_MEMORY_REQUEST : 0;
  return { milliCpu: cpu, memory: mem };
}

export function podRequests(pod: Pod, nonZero = false): Resources {
  const sum: Resources = { milliCpu: 0, memory: 0 };
  for (const c of pod.spec?.containers ?? []) {
    const r = containerRequests(c, nonZero);
    sum.milliCpu += r.milliCpu;
    sum.memory += r.memory;
  }
  for (const c of pod.spec?.initContainers ?? []) {
    const r = containerRequests(c, nonZero);
    sum.milliCpu = Math.max(sum.milliCpu, r.milliCpu);
    sum.memory = Math.max(sum.memory, r.memory);
  }
  const overhead = pod.spec?.overhead ?? {};
  sum.milliCpu += overhead.cpu !== undefined ? (milliCpu(overhead.cpu) ?? 0) : 0;
  sum.memory += overhead.memory !== undefined ? (bytes(overhead.memory) ?? 0) : 0;
  return sum;
}
