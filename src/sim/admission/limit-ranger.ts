/**
 * The LimitRanger admission plugin (plugin/pkg/admission/limitranger): a namespace's LimitRanges of
 * type Container give containers default limits (`default`) and requests (`defaultRequest`, else the
 * default limit), then hold every container to `min`, `max` and `maxLimitRequestRatio`.
 */
import type { Container, LimitRange, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../kube/object.ts';
import { bytes, milliCpu } from '../../kube/quantity.ts';
import { text } from '../../kube/text.ts';
import { ApiError } from '../api-error.ts';
import type { Store } from '../store.ts';

const amount = (resource: string, q: unknown): number | undefined => (resource === 'cpu' ? milliCpu(q) : bytes(q));

export function limitRanger(obj: KubeObject, store: Store): KubeObject {
  if (obj.kind !== 'Pod') return obj;
  const ranges = store.list('LimitRange', obj.metadata.namespace) as unknown as LimitRange[];
  if (ranges.length === 0) return obj;
  const pod = structuredClone(obj) as unknown as Pod;
  const problems: string[] = [];
  for (const range of ranges) {
    for (const item of range.spec?.limits ?? []) {
      if (item.type !== 'Container') continue;
      for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
        applyDefaults(c, item.default, item.defaultRequest);
        problems.push(...check(c, item.min, item.max, item.maxLimitRequestRatio));
      }
    }
  }
  if (problems.length > 0) {
    const message = `pods "${obj.metadata.name ?? obj.metadata.generateName ?? ''}" is forbidden: [${problems.join(', ')}]`;
    throw new ApiError('Forbidden', text(`리밋레인지(LimitRange)를 어긴다: ${message}`, message), { name: obj.metadata.name, kind: 'pods' });
  }
  return pod as unknown as KubeObject;
}

function applyDefaults(c: Container, limits: Record<string, string | number> | undefined, requests: Record<string, string | number> | undefined): void {
  const resources = (c.resources ??= {});
  for (const [r, v] of Object.entries(limits ?? {})) {
    resources.limits ??= {};
    resources.limits[r] ??= String(v);
  }
  for (const [r, v] of Object.entries({ ...(limits ?? {}), ...(requests ?? {}) })) {
    // A container that sets a limit but no request gets the limit as request (API defaulting), not the range's.
    if (resources.requests?.[r] !== undefined) continue;
    resources.requests ??= {};
    resources.requests[r] = resources.limits?.[r] !== undefined && requests?.[r] === undefined ? String(resources.limits[r]) : String(v);
  }
}

function check(c: Container, min: Record<string, string | number> | undefined, max: Record<string, string | number> | undefined, ratio: Record<string, string | number> | undefined): string[] {
  const out: string[] = [];
  const req = c.resources?.requests ?? {};
  const lim = c.resources?.limits ?? {};
  for (const [r, q] of Object.entries(min ?? {})) {
    const bound = amount(r, q)!;
    if (req[r] !== undefined && amount(r, req[r])! < bound) out.push(`minimum ${r} usage per Container is ${q}, but request is ${req[r]}`);
  }
  for (const [r, q] of Object.entries(max ?? {})) {
    const bound = amount(r, q)!;
    if (lim[r] === undefined) out.push(`maximum ${r} usage per Container is ${q}.  No limit is specified`);
    else if (amount(r, lim[r])! > bound) out.push(`maximum ${r} usage per Container is ${q}, but limit is ${lim[r]}`);
  }
  for (const [r, q] of Object.entries(ratio ?? {})) {
    if (req[r] === undefined || lim[r] === undefined) continue;
    const actual = amount(r, lim[r])! / amount(r, req[r])!;
    if (actual > Number(q)) out.push(`${r} max limit to request ratio per Container is ${q}, but provided ratio is ${actual.toFixed(6)}`);
  }
  return out;
}
