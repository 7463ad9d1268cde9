/**
 * The EndpointSlices as kube-proxy has programmed them into the nodes' rules. A change reaches the
 * rules `networkProgrammingSeconds` after the EndpointSlice changed: the "network programming latency"
 * of the Kubernetes scalability SLIs (kube-proxy's kubeproxy_network_programming_duration_seconds),
 * made of watch delivery, kube-proxy's rate-limited sync (iptables and nftables minSyncPeriod, 1 s by
 * default) and on a cloud also the load balancer's own update. The default, 0, programs every change
 * at once: a simplification that hides why a terminating pod should keep serving for a while (preStop).
 */
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { SimContext } from '../context.ts';

export class KubeProxy {
  /** namespace/name → the slice as last programmed, in the store's order. */
  private readonly programmed = new Map<string, EndpointSlice>();

  constructor(ctx: SimContext, networkProgrammingSeconds = 0) {
    const delayMs = networkProgrammingSeconds * 1000;
    ctx.store.watch('EndpointSlice', (e) => {
      const key = `${e.object.metadata.namespace}/${e.object.metadata.name}`;
      const slice = e.object as unknown as EndpointSlice;
      const program = (): void => {
        if (e.type === 'DELETED') this.programmed.delete(key);
        else this.programmed.set(key, slice);
      };
      if (delayMs === 0) program();
      else ctx.clock.after(delayMs, program);
    });
  }

  /** The programmed slices of a Service. */
  slices(namespace: string, service: string): EndpointSlice[] {
    const out: EndpointSlice[] = [];
    for (const slice of this.programmed.values()) {
      if (slice.metadata?.namespace === namespace && slice.metadata.labels?.['kubernetes.io/service-name'] === service) out.push(slice);
    }
    return out;
  }
}
