/**
 * The resource metrics API (metrics.k8s.io/v1beta1, served by metrics-server on a real cluster) over
 * the simulator's MetricsServer: PodMetrics and NodeMetrics, as `kubectl top pod|node` and the HPA
 * read them. CPU is written in millicores, memory in Ki.
 */
import type { ServerResponse } from 'node:http';
import type { Cluster } from '../sim/cluster.ts';
import type { ContainerUsage } from '../sim/metrics/metrics-server.ts';
import { writeJson } from './http-io.ts';
import { parseLabelSelector } from './selectors.ts';
import { methodNotAllowed, noSuchPath, notFoundError } from './status.ts';

export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';
const API_VERSION = `${METRICS_GROUP}/${METRICS_VERSION}`;

function usage(cpu: number, memory: number): { cpu: string; memory: string } {
  return { cpu: `${Math.round(cpu)}m`, memory: `${Math.round(memory / 1024)}Ki` };
}

function window(ms: number): string {
  return `${ms / 1000}s`;
}

export function handleMetrics(cluster: Cluster, method: string, res: ServerResponse, parts: string[], query: URLSearchParams): void {
  if (method !== 'GET') throw methodNotAllowed(method, 'metrics');
  const clock = cluster.ctx.clock;
  const rest = parts.slice(3);
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest.splice(0, 2);
  }
  const [resource, name, extra] = rest;
  if (extra !== undefined) throw noSuchPath();
  const created = clock.timestamp();
  if (resource === 'pods') {
    const select = parseLabelSelector(query.get('labelSelector'));
    const pods = cluster.metrics.podMetrics(namespace).filter((m) => {
      if (name !== undefined && m.name !== name) return false;
      if (!select) return true;
      const pod = cluster.ctx.store.get('Pod', m.name, m.namespace);
      return pod !== undefined && select(pod);
    });
    const item = (m: (typeof pods)[number]) => ({
      kind: 'PodMetrics',
      apiVersion: API_VERSION,
      metadata: { name: m.name, namespace: m.namespace, creationTimestamp: created, labels: cluster.ctx.store.get('Pod', m.name, m.namespace)?.metadata.labels ?? {} },
      timestamp: clock.timestamp(m.timestampMs),
      window: window(m.windowMs),
      containers: m.containers.map((c: ContainerUsage) => ({ name: c.name, usage: usage(c.cpu, c.memory) })),
    });
    if (name !== undefined) {
      if (namespace === undefined || pods.length === 0) throw notFoundError('pods', METRICS_GROUP, name);
      writeJson(res, 200, item(pods[0]!));
      return;
    }
    writeJson(res, 200, { kind: 'PodMetricsList', apiVersion: API_VERSION, metadata: {}, items: pods.map(item) });
    return;
  }
  if (resource === 'nodes' && namespace === undefined) {
    const nodes = cluster.metrics.nodeMetrics().filter((n) => name === undefined || n.name === name);
    const item = (n: (typeof nodes)[number]) => ({
      kind: 'NodeMetrics',
      apiVersion: API_VERSION,
      metadata: { name: n.name, creationTimestamp: created, labels: cluster.ctx.store.get('Node', n.name)?.metadata.labels ?? {} },
      timestamp: clock.timestamp(n.timestampMs),
      window: '15s',
      usage: usage(n.cpu, n.memory),
    });
    if (name !== undefined) {
      if (nodes.length === 0) throw notFoundError('nodes', METRICS_GROUP, name);
      writeJson(res, 200, item(nodes[0]!));
      return;
    }
    writeJson(res, 200, { kind: 'NodeMetricsList', apiVersion: API_VERSION, metadata: {}, items: nodes.map(item) });
    return;
  }
  throw noSuchPath();
}
