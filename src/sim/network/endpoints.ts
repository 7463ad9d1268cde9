/**
 * What kube-proxy routes a Service port to (pkg/proxy: the endpoints it programs from EndpointSlices):
 * the ready endpoints; when there are none, the serving endpoints that are terminating
 * (ProxyTerminatingEndpoints, KEP-1669), so that a draining pod still answers. The slices are those
 * kube-proxy has programmed, which may lag the API (kube-proxy.ts).
 */
import type { Service, ServicePort } from 'kubernetes-types/core/v1';
import type { Store } from '../store.ts';
import type { KubeProxy } from './kube-proxy.ts';

export interface Backend {
  podUid: string;
  podName: string;
  namespace: string;
  nodeName?: string;
  ip: string;
  /** The container port the request goes to. */
  port: number;
}

export function servicePort(svc: Service, port?: number | string): ServicePort | undefined {
  const ports = svc.spec?.ports ?? [];
  if (port === undefined) return ports[0];
  return ports.find((p) => p.port === port || p.name === port);
}

export function routableEndpoints(store: Store, proxy: KubeProxy, namespace: string, service: string, port?: number | string): Backend[] {
  const svc = store.get('Service', service, namespace) as unknown as Service | undefined;
  if (!svc) return [];
  const sp = servicePort(svc, port);
  if (!sp) return [];
  const slices = proxy.slices(namespace, service);
  const ready: Backend[] = [];
  const terminating: Backend[] = [];
  for (const slice of slices) {
    const target = slice.ports?.find((p) => (p.name ?? '') === (sp.name ?? ''))?.port;
    if (target === undefined) continue;
    for (const e of slice.endpoints ?? []) {
      const b: Backend = { podUid: e.targetRef?.uid ?? '', podName: e.targetRef?.name ?? '', namespace, ...(e.nodeName ? { nodeName: e.nodeName } : {}), ip: e.addresses[0] ?? '', port: target };
      if (e.conditions?.ready) ready.push(b);
      else if (e.conditions?.serving && e.conditions.terminating) terminating.push(b);
    }
  }
  return ready.length > 0 ? ready : terminating;
}
