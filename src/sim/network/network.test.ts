import type { Service } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/object.ts';
import { createCluster } from '../cluster.ts';
import { deployment, service } from '../testing.ts';

const svc = (name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }], ...spec } });

// pkg/registry/core/service (ipallocator, portallocator)
describe('Service types', () => {
  it('NodePort gets a port in 30000–32767; a taken or out-of-range one is refused', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([svc('a', { type: 'NodePort' })]);
    const port = c.get<Service>('Service', 'a')!.spec!.ports![0]!.nodePort!;
    expect(port).toBeGreaterThanOrEqual(30000);
    expect(port).toBeLessThanOrEqual(32767);
    expect(c.apply([svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: port }] })])[0]!.error!.message).toBe(`Service "b" is invalid: spec.ports[0].nodePort: Invalid value: ${port}: provided port is already allocated`);
    expect(c.apply([svc('c', { type: 'NodePort', ports: [{ port: 80, nodePort: 8080 }] })])[0]!.error!.message).toContain('provided port is not in the valid range. The range of valid ports is 30000-32767');
    // Re-applying keeps the allocated port.
    c.apply([svc('a', { type: 'NodePort' })]);
    expect(c.get<Service>('Service', 'a')!.spec!.ports![0]!.nodePort).toBe(port);
  });

  it('LoadBalancer gets node ports and an external address', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([svc('lb', { type: 'LoadBalancer' })]);
    const s = c.get<Service>('Service', 'lb')!;
    expect(s.spec!.ports![0]!.nodePort).toBeGreaterThanOrEqual(30000);
    expect(s.status!.loadBalancer!.ingress![0]!.ip).toMatch(/^203\.0\.113\.\d+$/);
  });

  it('a headless Service has no ClusterIP', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([svc('db', { clusterIP: 'None' })]);
    expect(c.get<Service>('Service', 'db')!.spec!.clusterIP).toBe('None');
  });
});

// kubernetes.io/docs/concepts/services-networking/dns-pod-service
describe('cluster DNS', () => {
  it('resolves svc, svc.ns and the full name to the ClusterIP, from the right namespace', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }, { ...service('web'), metadata: { name: 'web', namespace: 'shop' } }]);
    const ip = c.get<Service>('Service', 'web', 'shop')!.spec!.clusterIP!;
    expect(c.resolve('web', 'shop')).toEqual([ip]);
    expect(c.resolve('web.shop')).toEqual([ip]);
    expect(c.resolve('web.shop.svc.cluster.local')).toEqual([ip]);
    expect(c.resolve('web')).toEqual([]);
  });

  it('a headless Service resolves to its ready pods; a StatefulSet pod has its own name', () => {
    const c = createCluster({ nodes: 2 });
    c.apply([
      svc('db', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] }),
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'db' },
        spec: { serviceName: 'db', replicas: 2, selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'pg', image: 'postgres:17' }] } } },
      },
    ]);
    c.advance('60s');
    const ips = c.list<{ status: { podIP: string } }>('Pod').map((p) => p.status.podIP).sort();
    expect(c.resolve('db').sort()).toEqual(ips);
    expect(c.resolve('db-1.db.default.svc.cluster.local')).toEqual([c.get<{ status: { podIP: string } }>('Pod', 'db-1')!.status.podIP]);
  });

  it("a pod's own name exists only while it is a ready endpoint of the Service named by its subdomain (CoreDNS findServices)", () => {
    const pg = { 'shop/pg': { pullSeconds: 1, startSeconds: 10, ports: [5432] } };
    const c = createCluster({ nodes: 1, images: pg });
    const set: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: { serviceName: 'db', replicas: 1, selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'pg', image: 'shop/pg:1', readinessProbe: { tcpSocket: { port: 5432 }, periodSeconds: 1 } }] } } },
    };
    c.apply([svc('db', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] }), set]);
    c.advance('5s');
    expect(c.get<{ status: { podIP?: string } }>('Pod', 'db-0')!.status.podIP).toBeDefined();
    expect(c.resolve('db-0.db')).toEqual([]);
    c.advance('20s');
    const ip = c.get<{ status: { podIP: string } }>('Pod', 'db-0')!.status.podIP;
    expect(c.resolve('db-0.db')).toEqual([ip]);
    c.apply([svc('db', { clusterIP: 'None', selector: { app: 'other' }, ports: [{ port: 5432 }] })]);
    c.advance('1s');
    expect(c.resolve('db-0.db')).toEqual([]);
  });
});

// kubernetes.io/docs/concepts/services-networking/ingress (path types)
describe('Ingress', () => {
  it('routes by host and the longest path, Exact before Prefix, with a default backend', () => {
    const images = { 'shop/api': { startSeconds: 1, ports: [80] }, 'shop/web': { startSeconds: 1, ports: [80] } };
    const c = createCluster({ nodes: 2, images });
    c.apply([
      deployment({ name: 'api', replicas: 1, image: 'shop/api:v1' }),
      deployment({ name: 'web', replicas: 1, image: 'shop/web:v1' }),
      service('api'),
      service('web'),
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'shop' },
        spec: {
          defaultBackend: { service: { name: 'web', port: { number: 80 } } },
          rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }, { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
        },
      },
    ]);
    c.advance('20s');
    c.setTraffic({ service: 'shop', rps: 10, via: 'shop.example.com/api/cart' });
    c.setTraffic({ service: 'shop', rps: 20, via: 'shop.example.com/apiary' });
    c.setTraffic({ service: 'shop', rps: 5, via: 'other.example.com/' });
    c.advance('1s');
    expect(c.traffic.lastSecond.get('default/api')).toMatchObject({ rps: 10, ok: 10 });
    expect(c.traffic.lastSecond.get('default/web')).toMatchObject({ rps: 25, ok: 25 });
  });
});
