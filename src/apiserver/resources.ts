/**
 * The resources the facade serves, as discovery lists them: every kind Orchestra knows
 * (src/kube/kinds.ts) with its verbs, singular name, short names, categories and subresources
 * (status, scale, pods/log, pods/eviction, pods/binding; pods/exec, attach and portforward, which
 * answer that simulated containers run no processes), plus the `bindings` resource, autoscaling/v1
 * HorizontalPodAutoscalers (stored as v2) and the read-only metrics.k8s.io resources.
 */
import { apiVersionOf, KINDS, lookupKind, type KindInfo } from '../kube/kinds.ts';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface Subresource {
  name: string;
  kind: GroupVersionKind;
  verbs: string[];
}

export interface ServedResource {
  info: KindInfo;
  singular: string;
  verbs: string[];
  categories: string[];
  subresources: Subresource[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** Resources in the `all` category (`kubectl get all`), as upstream registers them. */
const CATEGORY_ALL = new Set(['pods', 'services', 'deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs', 'horizontalpodautoscalers']);

/** Resources with a status subresource. */
const WITH_STATUS = new Set([
  'namespaces',
  'nodes',
  'pods',
  'services',
  'persistentvolumes',
  'persistentvolumeclaims',
  'resourcequotas',
  'deployments',
  'replicasets',
  'statefulsets',
  'daemonsets',
  'jobs',
  'cronjobs',
  'horizontalpodautoscalers',
  'ingresses',
  'poddisruptionbudgets',
]);

const WITH_SCALE = new Set(['deployments', 'replicasets', 'statefulsets']);

function serve(info: KindInfo): ServedResource {
  const gvk = { group: info.group, version: info.version, kind: info.kind };
  const subresources: Subresource[] = [];
  if (WITH_STATUS.has(info.plural)) subresources.push({ name: 'status', kind: gvk, verbs: ['get', 'patch', 'update'] });
  if (WITH_SCALE.has(info.plural)) subresources.push({ name: 'scale', kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] });
  if (info.plural === 'pods') {
    subresources.push(
      { name: 'attach', kind: { group: '', version: 'v1', kind: 'PodAttachOptions' }, verbs: ['create', 'get'] },
      { name: 'binding', kind: { group: '', version: 'v1', kind: 'Binding' }, verbs: ['create'] },
      { name: 'eviction', kind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] },
      { name: 'exec', kind: { group: '', version: 'v1', kind: 'PodExecOptions' }, verbs: ['create', 'get'] },
      { name: 'log', kind: gvk, verbs: ['get'] },
      { name: 'portforward', kind: { group: '', version: 'v1', kind: 'PodPortForwardOptions' }, verbs: ['create', 'get'] },
    );
  }
  return {
    info,
    singular: info.kind.toLowerCase(),
    verbs: ALL_VERBS,
    categories: CATEGORY_ALL.has(info.plural) ? ['all'] : [],
    subresources,
  };
}

export const RESOURCES: readonly ServedResource[] = KINDS.map(serve);

/** `bindings`: create-only, in the core group. */
export const BINDINGS: ServedResource = {
  info: { group: '', version: 'v1', kind: 'Binding', plural: 'bindings', namespaced: true, shortNames: [] },
  singular: 'binding',
  verbs: ['create'],
  categories: [],
  subresources: [],
};

/** metrics.k8s.io (metrics-server on a real cluster): read-only, served by metrics-api.ts. */
export const METRICS_RESOURCES: readonly ServedResource[] = [
  {
    info: { group: 'metrics.k8s.io', version: 'v1beta1', kind: 'NodeMetrics', plural: 'nodes', namespaced: false, shortNames: [] },
    singular: '',
    verbs: ['get', 'list'],
    categories: [],
    subresources: [],
  },
  {
    info: { group: 'metrics.k8s.io', version: 'v1beta1', kind: 'PodMetrics', plural: 'pods', namespaced: true, shortNames: [] },
    singular: '',
    verbs: ['get', 'list'],
    categories: [],
    subresources: [],
  },
];

/** autoscaling/v1 HorizontalPodAutoscalers, stored as autoscaling/v2 (src/kube/conversion.ts). */
export const HPA_V1: ServedResource = {
  info: lookupKind('autoscaling/v1', 'HorizontalPodAutoscaler')!,
  singular: 'horizontalpodautoscaler',
  verbs: ALL_VERBS,
  categories: ['all'],
  subresources: [{ name: 'status', kind: { group: 'autoscaling', version: 'v1', kind: 'HorizontalPodAutoscaler' }, verbs: ['get', 'patch', 'update'] }],
};

const byGvr = new Map<string, ServedResource>([...RESOURCES, BINDINGS, HPA_V1].map((r) => [`${apiVersionOf(r.info)}/${r.info.plural}`, r]));
const byKind = new Map<string, ServedResource>(RESOURCES.map((r) => [r.info.kind, r]));

/** The resource at `<apiVersion>/<plural>`, e.g. `apps/v1/deployments`. */
export function resourceFor(apiVersion: string, plural: string): ServedResource | undefined {
  return byGvr.get(`${apiVersion}/${plural}`);
}

export function resourceOfKind(kind: string): ServedResource | undefined {
  return byKind.get(kind);
}

/** Group versions served, core first, in the order discovery lists them. */
export function groupVersions(): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of [...RESOURCES, HPA_V1, ...METRICS_RESOURCES]) seen.set(apiVersionOf(r.info), { group: r.info.group, version: r.info.version });
  return [...seen.values()];
}

export function resourcesIn(group: string, version: string): ServedResource[] {
  const list = [...RESOURCES, HPA_V1, ...METRICS_RESOURCES].filter((r) => r.info.group === group && r.info.version === version);
  if (group === '' && version === 'v1') list.splice(1, 0, BINDINGS);
  return list;
}
