/**
 * Pod resource requests as the scheduler counts them (k8s.io/component-helpers/resource/helpers.go
 * PodRequests, used by framework.NodeInfo and noderesources/fit.go): the sum over containers; init
 * containers run one at a time, so the pod needs at least the largest of them (restartable "sidecar"
 * init containers keep running and add up); pod-level `spec.resources.requests` replace the container
 * sum for cpu and memory; `spec.overhead` is added. For scoring, a container without a cpu or memory
 * request counts as 100m CPU and 200 MiB (pkg/scheduler/util/pod_resources.go DefaultMilliCPURequest /
 * DefaultMemoryRequest).
 */
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { bytes, milliCpu } from '../../kube/quantity.ts';

export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** framework.Resource: cpu in millicores, the rest in units (bytes), extended resources by name. */
export interface Resource {
  milliCpu: number;
  memory: number;
  ephemeralStorage: number;
  /** Extended and hugepages resources (schedutil.IsScalarResourceName), absent when none. */
  scalar: Record<string, number> | undefined;
}

export interface PodResources {
  requests: Resource;
  /** Requests with the non-zero defaults for cpu and memory (NodeInfo.NonZeroRequested). */
  nonZeroMilliCpu: number;
  nonZeroMemory: number;
}

export function emptyResource(): Resource {
  return { milliCpu: 0, memory: 0, ephemeralStorage: 0, scalar: undefined };
}

export function cloneResource(r: Resource): Resource {
  return { milliCpu: r.milliCpu, memory: r.memory, ephemeralStorage: r.ephemeralStorage, scalar: r.scalar ? { ...r.scalar } : undefined };
}

/** Resources that are neither cpu, memory, ephemeral-storage nor pods. */
export function isScalarResourceName(name: string): boolean {
  return name !== 'cpu' && name !== 'memory' && name !== 'ephemeral-storage' && name !== 'pods';
}

// Quantities repeat ("100m", "500Mi"): parse each string once.
const cpuMemo = new Map<unknown, number>();
const bytesMemo = new Map<unknown, number>();

function quantity(name: string, value: unknown): number {
  const memo = name === 'cpu' ? cpuMemo : bytesMemo;
  let v = memo.get(value);
  if (v === undefined) {
    v = (name === 'cpu' ? milliCpu(value) : bytes(value)) ?? 0;
    if (memo.size < 4096) memo.set(value, v);
  }
  return v;
}

type List = Map<string, number>;

function containerList(c: Container, nonZero: boolean): List {
  const out: List = new Map();
  for (const [name, v] of Object.entries(c.resources?.requests ?? {})) out.set(name, quantity(name, v));
  if (nonZero) {
    if (!out.has('cpu')) out.set('cpu', DEFAULT_MILLI_CPU_REQUEST);
    if (!out.has('memory')) out.set('memory', DEFAULT_MEMORY_REQUEST);
  }
  return out;
}

function add(into: List, from: List): void {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v);
}

function max(into: List, from: List): void {
  for (const [k, v] of from) into.set(k, Math.max(into.get(k) ?? 0, v));
}

/** resourcehelper.PodRequests, with or without the non-zero container defaults. */
export function podRequestList(pod: Pod, nonZero: boolean): List {
  const reqs: List = new Map();
  for (const c of pod.spec?.containers ?? []) add(reqs, containerList(c, nonZero));
  const restartable: List = new Map();
  const initMax: List = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    let r = containerList(c, nonZero);
    if (c.restartPolicy === 'Always') {
      add(reqs, r);
      add(restartable, r);
      r = new Map(restartable);
    } else {
      const tmp: List = new Map(r);
      add(tmp, restartable);
      r = tmp;
    }
    max(initMax, r);
  }
  max(reqs, initMax);
  // Pod-level resources (PodLevelResources, beta in 1.34): not in the 1.30 types this project uses.
  const podLevel = (pod.spec as { resources?: { requests?: Record<string, unknown> } } | undefined)?.resources?.requests;
  if (podLevel) {
    for (const name of ['cpu', 'memory']) if (podLevel[name] !== undefined) reqs.set(name, quantity(name, podLevel[name]));
  }
  for (const [name, v] of Object.entries(pod.spec?.overhead ?? {})) reqs.set(name, (reqs.get(name) ?? 0) + quantity(name, v));
  return reqs;
}

export function resourceFromList(list: ReadonlyMap<string, number> | Iterable<[string, number]>): Resource {
  const r = emptyResource();
  for (const [name, v] of list) {
    if (name === 'cpu') r.milliCpu += v;
    else if (name === 'memory') r.memory += v;
    else if (name === 'ephemeral-storage') r.ephemeralStorage += v;
    else if (name !== 'pods') {
      r.scalar ??= {};
      r.scalar[name] = (r.scalar[name] ?? 0) + v;
    }
  }
  return r;
}

export function podResources(pod: Pod): PodResources {
  const spec = pod.spec;
  if (!spec?.initContainers?.length && !spec?.overhead && !(spec as { resources?: unknown } | undefined)?.resources) {
    // The common case: the sum over the containers.
    const requests = emptyResource();
    let nzCpu = 0;
    let nzMem = 0;
    for (const c of spec?.containers ?? []) {
      const req = c.resources?.requests;
      let cpu: number | undefined;
      let mem: number | undefined;
      if (req) {
        for (const name in req) {
          const v = quantity(name, req[name]);
          if (name === 'cpu') cpu = v;
          else if (name === 'memory') mem = v;
          else if (name === 'ephemeral-storage') requests.ephemeralStorage += v;
          else if (name !== 'pods') {
            requests.scalar ??= {};
            requests.scalar[name] = (requests.scalar[name] ?? 0) + v;
          }
        }
      }
      requests.milliCpu += cpu ?? 0;
      requests.memory += mem ?? 0;
      nzCpu += cpu ?? DEFAULT_MILLI_CPU_REQUEST;
      nzMem += mem ?? DEFAULT_MEMORY_REQUEST;
    }
    return { requests, nonZeroMilliCpu: nzCpu, nonZeroMemory: nzMem };
  }
  const nz = podRequestList(pod, true);
  return { requests: resourceFromList(podRequestList(pod, false)), nonZeroMilliCpu: nz.get('cpu') ?? 0, nonZeroMemory: nz.get('memory') ?? 0 };
}
