/**
 * The API resources Orchestra knows: group/version, kind, plural, scope and kubectl short names,
 * as the Kubernetes API server's discovery documents list them (`kubectl api-resources`).
 */
export interface KindInfo {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  shortNames: readonly string[];
}

function k(group: string, version: string, kind: string, plural: string, namespaced: boolean, shortNames: string[] = []): KindInfo {
  return { group, version, kind, plural, namespaced, shortNames };
}

export const KINDS: readonly KindInfo[] = [
  k('', 'v1', 'Namespace', 'namespaces', false, ['ns']),
  k('', 'v1', 'Node', 'nodes', false, ['no']),
  k('', 'v1', 'Pod', 'pods', true, ['po']),
  k('', 'v1', 'Service', 'services', true, ['svc']),
  k('', 'v1', 'ConfigMap', 'configmaps', true, ['cm']),
  k('', 'v1', 'Secret', 'secrets', true),
  k('', 'v1', 'Event', 'events', true, ['ev']),
  k('', 'v1', 'ServiceAccount', 'serviceaccounts', true, ['sa']),
  k('', 'v1', 'PersistentVolume', 'persistentvolumes', false, ['pv']),
  k('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, ['pvc']),
  k('', 'v1', 'ResourceQuota', 'resourcequotas', true, ['quota']),
  k('', 'v1', 'LimitRange', 'limitranges', true, ['limits']),
  k('apps', 'v1', 'Deployment', 'deployments', true, ['deploy']),
  k('apps', 'v1', 'ReplicaSet', 'replicasets', true, ['rs']),
  k('apps', 'v1', 'StatefulSet', 'statefulsets', true, ['sts']),
  k('apps', 'v1', 'DaemonSet', 'daemonsets', true, ['ds']),
  k('apps', 'v1', 'ControllerRevision', 'controllerrevisions', true),
  k('batch', 'v1', 'Job', 'jobs', true),
  k('batch', 'v1', 'CronJob', 'cronjobs', true, ['cj']),
  k('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true),
  k('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, ['hpa']),
  k('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, ['ing']),
  k('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, ['netpol']),
  k('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, ['pdb']),
  k('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false, ['sc']),
  k('coordination.k8s.io', 'v1', 'Lease', 'leases', true),
  k('scheduling.k8s.io', 'v1', 'PriorityClass', 'priorityclasses', false, ['pc']),
];

/**
 * Versions the API server serves but stores as another (src/kube/conversion.ts): writes in them are
 * converted. Not in KINDS, which lists each kind once, in its stored version.
 */
export const CONVERTED_KINDS: readonly KindInfo[] = [k('autoscaling', 'v1', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, ['hpa'])];

export function apiVersionOf(info: KindInfo): string {
  return info.group === '' ? info.version : `${info.group}/${info.version}`;
}

const byApiVersionKind = new Map([...KINDS, ...CONVERTED_KINDS].map((i) => [`${apiVersionOf(i)}/${i.kind}`, i]));
const byKind = new Map(KINDS.map((i) => [i.kind, i]));

/** The resource for an apiVersion and kind, or undefined when the API server would say "no matches for kind". */
export function lookupKind(apiVersion: string, kind: string): KindInfo | undefined {
  return byApiVersionKind.get(`${apiVersion}/${kind}`);
}

/** The resource for a kind in any version (used to suggest the right apiVersion). */
export function lookupKindAnyVersion(kind: string): KindInfo | undefined {
  return byKind.get(kind);
}

/** Kinds whose names differ only in case from `kind` (students write `deployment` for `Deployment`). */
export function suggestKind(kind: string): KindInfo | undefined {
  const lower = kind.toLowerCase();
  return KINDS.find((i) => i.kind.toLowerCase() === lower || i.plural === lower || i.shortNames.includes(lower));
}
