/**
 * Cluster DNS as a pod sees it (https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/):
 * `svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local` give a Service's ClusterIP; a headless
 * Service gives the addresses of its ready pods; `pod.svc.ns.svc.cluster.local` is a pod whose
 * hostname and subdomain name it (StatefulSet pods). The search path of a pod in namespace `ns` is
 * `ns.svc.cluster.local svc.cluster.local cluster.local`.
 */
import type { Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Store } from '../store.ts';

export const CLUSTER_DOMAIN = 'cluster.local';

/** The A records a name resolves to (empty: NXDOMAIN). */
export function resolveName(store: Store, name: string, fromNamespace: string): string[] {
  const fqdn = name.endsWith('.') ? name.slice(0, -1) : name;
  const candidates = fqdn.split('.').length >= 5 ? [fqdn] : [`${fqdn}.${fromNamespace}.svc.${CLUSTER_DOMAIN}`, `${fqdn}.svc.${CLUSTER_DOMAIN}`, `${fqdn}.${CLUSTER_DOMAIN}`, fqdn];
  for (const candidate of candidates) {
    const records = lookup(store, candidate);
    if (records.length > 0) return records;
  }
  return [];
}

function lookup(store: Store, fqdn: string): string[] {
  const suffix = `.svc.${CLUSTER_DOMAIN}`;
  if (!fqdn.endsWith(suffix)) return [];
  const labels = fqdn.slice(0, -suffix.length).split('.');
  if (labels.length === 2) {
    const [svcName, ns] = labels as [string, string];
    const svc = store.get('Service', svcName, ns) as unknown as Service | undefined;
    if (!svc) return [];
    if (svc.spec?.type === 'ExternalName') return [];
    if (svc.spec?.clusterIP && svc.spec.clusterIP !== 'None') return [svc.spec.clusterIP];
    // Headless: the ready endpoints (all of them with publishNotReadyAddresses).
    return readyAddresses(store, ns, svcName);
  }
  if (labels.length === 3) {
    // An endpoint's hostname (ShouldSetHostname: the pod's hostname, when its subdomain is the Service's
    // name), answered only for the Service's ready endpoints (CoreDNS plugin/kubernetes findServices).
    const [host, svcName, ns] = labels as [string, string, string];
    const ready = new Set(readyAddresses(store, ns, svcName));
    for (const obj of store.list('Pod', ns)) {
      const pod = obj as unknown as Pod;
      if (pod.spec?.hostname === host && pod.spec?.subdomain === svcName && pod.status?.podIP && ready.has(pod.status.podIP)) return [pod.status.podIP];
    }
  }
  return [];
}

function readyAddresses(store: Store, ns: string, svc: string): string[] {
  const slices = store.list('EndpointSlice', ns).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc) as unknown as EndpointSlice[];
  return slices.flatMap((s) => (s.endpoints ?? []).filter((e) => e.conditions?.ready).flatMap((e) => e.addresses));
}
