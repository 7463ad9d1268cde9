/**
 * The EndpointSlice controller (kubernetes pkg/controller/endpointslice and
 * staging/src/k8s.io/endpointslice/reconciler.go): for every Service with a selector, slices listing
 * the matching pods' addresses with conditions ready / serving / terminating, at most 100 endpoints a
 * slice, one set of slices per distinct port mapping.
 */
import type { Pod, Service, ServicePort } from 'kubernetes-types/core/v1';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { KubeObject } from '../../kube/object.ts';
import { matchesLabelMap } from '../../kube/selector.ts';
import type { SimContext } from '../context.ts';
import { newControllerRef } from './owner.ts';
import { isPodReady } from './pod-util.ts';
import { keyFor, splitKey, WorkQueue } from './work-queue.ts';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
const MANAGED_BY = 'endpointslice-controller.k8s.io';
/** --max-endpoints-per-slice default. */
const MAX_ENDPOINTS_PER_SLICE = 100;

export class EndpointSliceController {
  private readonly ctx: SimContext;
  private readonly queue: WorkQueue;

  constructor(ctx: SimContext) {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    ctx.store.watch('Service', (e) => this.queue.add(keyFor(e.object)));
    ctx.store.watch('Pod', (e) => {
      for (const svc of ctx.store.list('Service', e.object.metadata.namespace)) {
        const sel = (svc as unknown as Service).spec?.selector;
        if (matchesLabelMap(sel, e.object.metadata.labels) || (e.old && matchesLabelMap(sel, e.old.metadata.labels))) this.queue.add(keyFor(svc));
      }
    });
  }

  private sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const existing = this.ctx.store.list('EndpointSlice', namespace).filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === name && s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY);
    const stored = this.ctx.store.get('Service', name, namespace);
    const svc = stored as unknown as Service | undefined;
    if (!stored || !svc?.spec?.selector || Object.keys(svc.spec.selector).length === 0 || stored.metadata.deletionTimestamp) {
      for (const s of existing) this.ctx.api.delete('EndpointSlice', s.metadata.name!, namespace);
      return;
    }
    const groups = new Map<string, { ports: EndpointPort[]; endpoints: Endpoint[] }>();
    for (const obj of this.ctx.store.list('Pod', namespace)) {
      const pod = obj as unknown as Pod;
      if (!matchesLabelMap(svc.spec.selector, pod.metadata?.labels)) continue;
      if (!pod.status?.podIP || pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') continue;
      const ports = (svc.spec.ports ?? []).map((p) => endpointPort(p, pod)).filter((p): p is EndpointPort => p !== undefined);
      const groupKey = JSON.stringify(ports);
      const group = groups.get(groupKey) ?? { ports, endpoints: [] };
      groups.set(groupKey, group);
      group.endpoints.push(endpointFor(pod, svc.spec.publishNotReadyAddresses === true));
    }
    const wanted: { ports: EndpointPort[]; endpoints: Endpoint[] }[] = [];
    for (const g of groups.values()) {
      for (let i = 0; i < g.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) wanted.push({ ports: g.ports, endpoints: g.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE) });
    }
    // A service with no matching pods still gets one empty slice (reconciler.go placeholder slice).
    if (wanted.length === 0) wanted.push({ ports: [], endpoints: [] });
    const reuse = [...existing];
    for (const w of wanted) {
      const slice = reuse.shift();
      if (slice) {
        const current = slice as unknown as EndpointSlice;
        if (JSON.stringify(current.endpoints ?? []) === JSON.stringify(w.endpoints) && JSON.stringify(current.ports ?? []) === JSON.stringify(w.ports)) continue;
        this.ctx.api.replace({ ...slice, endpoints: w.endpoints, ports: w.ports });
      } else {
        const created: EndpointSlice = {
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          metadata: {
            generateName: `${name}-`,
            namespace,
            labels: { [SERVICE_NAME_LABEL]: name, [MANAGED_BY_LABEL]: MANAGED_BY },
            ownerReferences: [newControllerRef(stored)],
          },
          addressType: 'IPv4',
          endpoints: w.endpoints,
          ports: w.ports,
        };
        this.ctx.api.create(created as unknown as KubeObject);
      }
    }
    for (const s of reuse) this.ctx.api.delete('EndpointSlice', s.metadata.name!, namespace);
  }
}

/** A service port resolved against one pod: a named targetPort is looked up in the pod's containers. */
function endpointPort(p: ServicePort, pod: Pod): EndpointPort | undefined {
  const target = p.targetPort ?? p.port;
  let port: number | undefined;
  if (typeof target === 'number') port = target;
  else {
    for (const c of pod.spec?.containers ?? []) {
      const match = c.ports?.find((cp) => cp.name === target && (cp.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
      if (match) port = match.containerPort;
    }
  }
  if (port === undefined) return undefined;
  return { ...(p.name !== undefined ? { name: p.name } : { name: '' }), port, protocol: p.protocol ?? 'TCP' };
}

/** utils.go podToEndpoint: ready = pod Ready and not terminating (or publishNotReadyAddresses). */
function endpointFor(pod: Pod, publishNotReady: boolean): Endpoint {
  const terminating = !!pod.metadata?.deletionTimestamp;
  const ready = isPodReady(pod);
  return {
    addresses: [pod.status!.podIP!],
    conditions: { ready: publishNotReady || (ready && !terminating), serving: ready, terminating },
    nodeName: pod.spec?.nodeName,
    targetRef: { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid },
  };
}
