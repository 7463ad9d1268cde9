/**
 * The ResourceQuota admission plugin and evaluators (plugin/pkg/admission/resourcequota,
 * pkg/quota/v1/evaluator/core): a create that would take a namespace past a quota's `hard` amounts is
 * refused ("exceeded quota"), and a pod that does not say how much CPU or memory it requests or limits
 * is refused where a quota tracks them ("failed quota … must specify"). Counted: pods, services,
 * configmaps, secrets, persistentvolumeclaims, `count/<resource>.<group>`, requests.cpu,
 * requests.memory, limits.cpu, limits.memory, requests.storage.
 */
import type { Pod, ResourceQuota } from 'kubernetes-types/core/v1';
import { lookupKind } from '../../kube/kinds.ts';
import type { KubeObject } from '../../kube/object.ts';
import { bytes, milliCpu } from '../../kube/quantity.ts';
import { text } from '../../kube/text.ts';
import { ApiError } from '../api-error.ts';
import type { Store } from '../store.ts';

/** What an object adds to each quota resource. */
export function usageOf(obj: KubeObject): Record<string, number> {
  const info = lookupKind(obj.apiVersion, obj.kind);
  const out: Record<string, number> = {};
  if (info) out[`count/${info.plural}${info.group ? `.${info.group}` : ''}`] = 1;
  const simple: Record<string, string> = { Pod: 'pods', Service: 'services', ConfigMap: 'configmaps', Secret: 'secrets', PersistentVolumeClaim: 'persistentvolumeclaims', ReplicationController: 'replicationcontrollers' };
  if (simple[obj.kind]) out[simple[obj.kind]!] = 1;
  if (obj.kind === 'Pod') {
    const pod = obj as unknown as Pod;
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return {};
    for (const c of pod.spec?.containers ?? []) {
      for (const [kind, r, parse] of [['requests', 'cpu', milliCpu], ['requests', 'memory', bytes], ['limits', 'cpu', milliCpu], ['limits', 'memory', bytes]] as const) {
        const v = c.resources?.[kind]?.[r];
        if (v !== undefined) out[`${kind}.${r}`] = (out[`${kind}.${r}`] ?? 0) + (parse(v) ?? 0);
      }
    }
    out['requests.cpu'] ??= 0;
    out['requests.memory'] ??= 0;
    out.cpu = out['requests.cpu'];
    out.memory = out['requests.memory'];
  }
  if (obj.kind === 'PersistentVolumeClaim') out['requests.storage'] = bytes((obj.spec as { resources?: { requests?: { storage?: string } } })?.resources?.requests?.storage) ?? 0;
  return out;
}

/** The amount a quota resource is in, for comparison (millicores for CPU, bytes for memory). */
function parseHard(resource: string, value: unknown): number {
  return (resource.endsWith('cpu') || resource === 'cpu' ? milliCpu(value) : resource.includes('memory') || resource.includes('storage') ? bytes(value) : Number(value)) ?? 0;
}

function format(resource: string, amount: number): string {
  if (resource.endsWith('cpu') || resource === 'cpu') return amount % 1000 === 0 ? String(amount / 1000) : `${amount}m`;
  if (resource.includes('memory') || resource.includes('storage')) return amount % (1024 * 1024) === 0 ? `${amount / 1024 / 1024}Mi` : String(amount);
  return String(amount);
}

export function usedIn(store: Store, namespace: string): Record<string, number> {
  const used: Record<string, number> = {};
  for (const kind of store.kinds()) {
    if (kind === 'Event' || kind === 'Lease') continue;
    for (const obj of store.list(kind, namespace)) for (const [r, n] of Object.entries(usageOf(obj))) used[r] = (used[r] ?? 0) + n;
  }
  return used;
}

export function checkQuota(obj: KubeObject, store: Store): void {
  const ns = obj.metadata.namespace;
  if (!ns) return;
  const quotas = store.list('ResourceQuota', ns) as unknown as ResourceQuota[];
  if (quotas.length === 0) return;
  const add = usageOf(obj);
  const used = usedIn(store, ns);
  const name = `${lookupKind(obj.apiVersion, obj.kind)?.plural ?? obj.kind.toLowerCase()} "${obj.metadata.name ?? ''}"`;
  for (const q of quotas) {
    const hard = q.spec?.hard ?? {};
    // A pod must say what a quota tracks.
    if (obj.kind === 'Pod') {
      const missing: string[] = [];
      for (const r of ['limits.cpu', 'limits.memory', 'requests.cpu', 'requests.memory'] as const) {
        if (!(r in hard)) continue;
        const [kind, res] = r.split('.') as ['limits' | 'requests', string];
        const names = ((obj as unknown as Pod).spec?.containers ?? []).filter((c) => c.resources?.[kind]?.[res] === undefined).map((c) => c.name);
        if (names.length > 0) missing.push(`${r} for: ${names.join(',')}`);
      }
      if (missing.length > 0) {
        const message = `${name} is forbidden: failed quota: ${q.metadata!.name}: must specify ${missing.join('; ')}`;
        throw new ApiError('Forbidden', text(message, message), { name: obj.metadata.name, kind: 'pods' });
      }
    }
    const over = Object.keys(hard).filter((r) => add[r] !== undefined && (used[r] ?? 0) + add[r]! > parseHard(r, hard[r]));
    if (over.length > 0) {
      const list = (f: (r: string) => string): string => over.map((r) => `${r}=${f(r)}`).join(',');
      const message = `${name} is forbidden: exceeded quota: ${q.metadata!.name}, requested: ${list((r) => format(r, add[r]!))}, used: ${list((r) => format(r, used[r] ?? 0))}, limited: ${list((r) => String(hard[r]))}`;
      throw new ApiError('Forbidden', text(`할당량을 넘는다: ${message}`, message), { name: obj.metadata.name, kind: name.split(' ')[0] });
    }
  }
}
