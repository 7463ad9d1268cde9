/**
 * Service address allocation (kubernetes pkg/registry/core/service/ipallocator and portallocator):
 * a ClusterIP from 10.96.0.0/12 for every Service but headless and ExternalName ones; a node port from
 * 30000–32767 for every port of a NodePort or LoadBalancer Service (a requested one must be free and in
 * range); and for a LoadBalancer, the external address a cloud controller would report.
 */
import type { Service, ServicePort } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../kube/object.ts';
import { text } from '../../kube/text.ts';
import type { FieldError } from '../../kube/validation/index.ts';
import type { Rng } from '../rng.ts';
import type { Store } from '../store.ts';

export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

export class ServiceAllocator {
  private nextIp = 1;
  private nextLb = 1;
  private readonly rng: Rng;
  private readonly store: Store;

  constructor(store: Store, rng: Rng) {
    this.store = store;
    this.rng = rng;
  }

  /** Fills clusterIP(s), node ports and the load balancer address; returns errors for requested ports that cannot be had. */
  allocate(obj: KubeObject, old?: KubeObject): FieldError[] {
    const spec = (obj.spec ?? {}) as NonNullable<Service['spec']>;
    const oldSpec = (old?.spec ?? {}) as NonNullable<Service['spec']>;
    if (spec.type !== 'ExternalName' && spec.clusterIP !== 'None') {
      spec.clusterIP ??= oldSpec.clusterIP ?? this.newClusterIp();
      spec.clusterIPs = [spec.clusterIP];
    }
    const errors: FieldError[] = [];
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      const used = this.usedNodePorts(obj);
      (spec.ports ?? []).forEach((p: ServicePort, i: number) => {
        const previous = oldSpec.ports?.find((o) => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'))?.nodePort;
        if (p.nodePort === undefined) {
          p.nodePort = previous ?? this.newNodePort(used);
        } else if (p.nodePort < NODE_PORT_MIN || p.nodePort > NODE_PORT_MAX) {
          errors.push({ type: 'FieldValueInvalid', path: ['spec', 'ports', i, 'nodePort'], value: p.nodePort, detail: text(`노드 포트는 ${NODE_PORT_MIN}-${NODE_PORT_MAX} 범위여야 한다`, `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`) });
        } else if (used.has(p.nodePort) && p.nodePort !== previous) {
          errors.push({ type: 'FieldValueInvalid', path: ['spec', 'ports', i, 'nodePort'], value: p.nodePort, detail: text('이미 할당된 포트다', 'provided port is already allocated') });
        }
        if (p.nodePort !== undefined) used.add(p.nodePort);
      });
    }
    obj.spec = spec;
    if (spec.type === 'LoadBalancer') {
      const ip = ((old?.status as Service['status'])?.loadBalancer?.ingress ?? [])[0]?.ip ?? `203.0.113.${this.nextLb++}`;
      obj.status = { loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } };
    }
    return errors;
  }

  private newClusterIp(): string {
    const n = this.nextIp++;
    return `10.96.${Math.floor(n / 250)}.${n % 250}`;
  }

  private usedNodePorts(except: KubeObject): Set<number> {
    const used = new Set<number>();
    for (const s of this.store.list('Service')) {
      if (s.metadata.uid && s.metadata.uid === except.metadata.uid) continue;
      for (const p of ((s.spec as Service['spec'])?.ports ?? [])) if (p.nodePort) used.add(p.nodePort);
    }
    return used;
  }

  /** A random free port, as the port allocator's random scan does (seeded). */
  private newNodePort(used: Set<number>): number {
    const size = NODE_PORT_MAX - NODE_PORT_MIN + 1;
    const start = this.rng.int(size);
    for (let i = 0; i < size; i++) {
      const port = NODE_PORT_MIN + ((start + i) % size);
      if (!used.has(port)) return port;
    }
    throw new Error('node port range exhausted');
  }
}
