/**
 * The traffic model. Clients send a steady rate of requests to a Service (directly or through an
 * Ingress); every simulated second kube-proxy spreads them over the routable endpoints at random, as
 * iptables mode does (each endpoint gets an equal share, the remainder to random ones, seeded); a
 * request succeeds only if the pod's app answers on that port at that moment (it may still be
 * starting, have crashed, hung, received SIGTERM, be gone, or sit on a node that is down) and has CPU
 * to serve it.
 *
 * CPU: a pod can use its CPU limit, or else its share of the node by CPU request (the kernel's CFS
 * shares). Serving costs `cpuMillicoresPerRps` per request per second on top of `cpuMillicoresIdle`.
 * Requests beyond what the CPU allows fail; latency grows with load as in an M/M/1 queue
 * (latency / (1 − utilisation)), p95 three times p50 (an exponential tail). This is a model, not a
 * measurement: it is there to make "more replicas serve more traffic" and "not ready yet means
 * errors" observable.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { milliCpu } from '../../kube/quantity.ts';
import type { SimContext } from '../context.ts';
import type { RuntimeContainer } from '../kubelet/container-runtime.ts';
import { routableEndpoints, type Backend } from './endpoints.ts';
import { routeIngress } from './ingress.ts';
import type { KubeProxy } from './kube-proxy.ts';

export interface TrafficTarget {
  service: string;
  namespace: string;
  rps: number;
  /** Send through an Ingress instead: `host/path`, e.g. `shop.example.com/api`. */
  via?: string;
  /** The Service port (number or name); the first one when absent. */
  port?: number | string;
}

export interface ServiceTraffic {
  name: string;
  namespace: string;
  /** Requests in the last second. */
  rps: number;
  ok: number;
  failed: number;
  p50ms: number;
  p95ms: number;
}

export interface TrafficTotals {
  requests: number;
  ok: number;
  failed: number;
}

export interface PodLookup {
  server(pod: Pod, port: number): RuntimeContainer | undefined;
  running(pod: Pod): RuntimeContainer[];
}

const DEFAULT_LATENCY_MS = 10;

export class TrafficModel {
  private readonly ctx: SimContext;
  private readonly pods: PodLookup;
  private readonly proxy: KubeProxy;
  private readonly targets = new Map<string, TrafficTarget>();
  private ticking = false;
  /** The last second's outcome per Service, and totals since the start. */
  readonly lastSecond = new Map<string, ServiceTraffic>();
  readonly totals = new Map<string, TrafficTotals>();
  /** Requests served per pod (cumulative); CPU spent serving them (millicore-seconds, cumulative) and in the last second, by pod uid. */
  readonly servedByPod = new Map<string, number>();
  readonly servingCpuSecondsByPod = new Map<string, number>();
  readonly cpuByPod = new Map<string, number>();

  constructor(ctx: SimContext, pods: PodLookup, proxy: KubeProxy) {
    this.ctx = ctx;
    this.pods = pods;
    this.proxy = proxy;
  }

  /** Starts, changes or (with rps 0) stops a steady stream of requests. */
  set(target: TrafficTarget): void {
    const key = `${target.namespace}/${target.service}${target.via ? `@${target.via}` : ''}`;
    if (target.rps <= 0) this.targets.delete(key);
    else this.targets.set(key, target);
    if (!this.ticking) {
      this.ticking = true;
      this.ctx.clock.after(1000, () => this.tick());
    }
  }

  totalsFor(namespace: string, service: string): TrafficTotals {
    return this.totals.get(`${namespace}/${service}`) ?? { requests: 0, ok: 0, failed: 0 };
  }

  private tick(): void {
    const { store } = this.ctx;
    const byPod = new Map<string, { pod: Pod; backend: Backend; rps: number; owner: string }[]>();
    const outcome = new Map<string, { requests: number; ok: number; failed: number; latency: [number, number][] }>();
    for (const t of this.targets.values()) {
      let namespace = t.namespace;
      let service = t.service;
      let port = t.port;
      if (t.via) {
        const route = routeIngress(store, t.namespace, t.via);
        if (!route) {
          this.record(outcome, `${namespace}/${service}`, t.rps, 0, []);
          continue;
        }
        ({ namespace, service, port } = route);
      }
      const key = `${namespace}/${service}`;
      const backends = routableEndpoints(store, this.proxy, namespace, service, port);
      if (backends.length === 0) {
        this.record(outcome, key, t.rps, 0, []);
        continue;
      }
      const shares = this.split(t.rps, backends.length);
      backends.forEach((b, i) => {
        const pod = store.get('Pod', b.podName, b.namespace) as unknown as Pod | undefined;
        if (shares[i] === 0) return;
        // The rules still send to a pod that is gone: its address answers no more.
        if (!pod || pod.metadata?.uid !== b.podUid) {
          this.record(outcome, key, shares[i]!, 0, []);
          return;
        }
        const list = byPod.get(b.podUid) ?? [];
        list.push({ pod, backend: b, rps: shares[i]!, owner: key });
        byPod.set(b.podUid, list);
      });
      outcome.set(key, outcome.get(key) ?? { requests: 0, ok: 0, failed: 0, latency: [] });
    }
    const capacities = this.cpuCapacities();
    this.cpuByPod.clear();
    for (const [uid, loads] of byPod) {
      const pod = loads[0]!.pod;
      const received = loads.reduce((n, l) => n + l.rps, 0);
      const server = this.pods.server(pod, loads[0]!.backend.port);
      if (!server) {
        for (const l of loads) this.record(outcome, l.owner, l.rps, 0, []);
        continue;
      }
      const b = server.behavior!;
      const idle = b.cpuMillicoresIdle ?? 0;
      const perRps = b.cpuMillicoresPerRps ?? 0;
      const capacity = capacities.get(uid) ?? Infinity;
      const capacityRps = perRps > 0 ? Math.max(0, (capacity - idle) / perRps) : Infinity;
      const served = Math.min(received, Math.floor(capacityRps));
      const utilisation = capacityRps === Infinity ? 0 : Math.min(served / Math.max(capacityRps, 1e-9), 0.95);
      const latency = (b.latencyMs ?? DEFAULT_LATENCY_MS) / (1 - utilisation);
      this.cpuByPod.set(uid, Math.min(capacity, idle + perRps * served));
      this.servingCpuSecondsByPod.set(uid, (this.servingCpuSecondsByPod.get(uid) ?? 0) + Math.min(Math.max(0, capacity - idle), perRps * served));
      this.servedByPod.set(uid, (this.servedByPod.get(uid) ?? 0) + served);
      // Requests that fit are served, the rest fail; shared in proportion when several Services hit one pod.
      let left = served;
      for (const l of loads) {
        const ok = Math.min(l.rps, Math.round((served * l.rps) / received), left);
        left -= ok;
        this.record(outcome, l.owner, l.rps, ok, ok > 0 ? [[latency, ok] as [number, number]] : []);
      }
    }
    this.lastSecond.clear();
    for (const [key, o] of outcome) {
      const [namespace, name] = key.split('/') as [string, string];
      // Each pod's response time is exponential with its mean: median = mean·ln 2, 95th = mean·ln 20.
      const p50 = percentile(o.latency.map(([l, n]): [number, number] => [l * Math.LN2, n]), 0.5);
      const p95 = percentile(o.latency.map(([l, n]): [number, number] => [l * Math.log(20), n]), 0.95);
      this.lastSecond.set(key, { name, namespace, rps: o.requests, ok: o.ok, failed: o.failed, p50ms: round1(p50), p95ms: round1(p95) });
      const total = this.totals.get(key) ?? { requests: 0, ok: 0, failed: 0 };
      this.totals.set(key, { requests: total.requests + o.requests, ok: total.ok + o.ok, failed: total.failed + o.failed });
    }
    if (this.targets.size > 0) this.ctx.clock.after(1000, () => this.tick());
    else this.ticking = false;
  }

  private record(outcome: Map<string, { requests: number; ok: number; failed: number; latency: [number, number][] }>, key: string, requests: number, ok: number, latency: [number, number][]): void {
    const o = outcome.get(key) ?? { requests: 0, ok: 0, failed: 0, latency: [] };
    o.requests += requests;
    o.ok += ok;
    o.failed += requests - ok;
    o.latency.push(...latency);
    outcome.set(key, o);
  }

  /** An equal share per endpoint, the remainder to endpoints chosen at random (seeded). */
  private split(rps: number, n: number): number[] {
    const base = Math.floor(rps / n);
    const shares = Array.from({ length: n }, () => base);
    for (let r = rps - base * n; r > 0; r--) shares[this.ctx.rng.int(n)]!++;
    return shares;
  }

  /** A pod's CPU requests and limits summed over its containers (undefined when a container has none), per stored pod object. */
  private readonly cpuOfPod = new WeakMap<Pod, { requests: number | undefined; limits: number | undefined }>();

  private podCpu(pod: Pod): { requests: number | undefined; limits: number | undefined } {
    let cpu = this.cpuOfPod.get(pod);
    if (!cpu) {
      const sum = (key: 'limits' | 'requests'): number | undefined => {
        let total = 0;
        for (const c of pod.spec?.containers ?? []) {
          const v = c.resources?.[key]?.cpu;
          if (v === undefined) return undefined;
          total += milliCpu(v) ?? 0;
        }
        return total;
      };
      cpu = { requests: sum('requests'), limits: sum('limits') };
      this.cpuOfPod.set(pod, cpu);
    }
    return cpu;
  }

  /** CPU each pod may use, in millicores: its limit, or its request-weighted share of the node. */
  private cpuCapacities(): Map<string, number> {
    const { store } = this.ctx;
    const out = new Map<string, number>();
    const byNode = new Map<string, Pod[]>();
    for (const obj of store.list('Pod')) {
      const pod = obj as unknown as Pod;
      if (!pod.spec?.nodeName || pod.status?.phase !== 'Running') continue;
      const list = byNode.get(pod.spec.nodeName) ?? [];
      list.push(pod);
      byNode.set(pod.spec.nodeName, list);
    }
    for (const [nodeName, pods] of byNode) {
      const node = store.get('Node', nodeName) as unknown as Node | undefined;
      const allocatable = milliCpu(node?.status?.allocatable?.cpu) ?? 0;
      const sum = (pod: Pod, key: 'limits' | 'requests'): number | undefined => this.podCpu(pod)[key];
      // cpu.shares: 2 for a container without a request (pkg/kubelet/cm MinShares).
      const weights = pods.map((p) => Math.max(2, sum(p, 'requests') ?? 0));
      const totalWeight = weights.reduce((a, b) => a + b, 0);
      pods.forEach((p, i) => {
        const share = (allocatable * weights[i]!) / totalWeight;
        const limit = sum(p, 'limits');
        out.set(p.metadata!.uid!, limit !== undefined ? Math.min(limit, allocatable) : share);
      });
    }
    return out;
  }
}

/** The weighted percentile of (value, weight) pairs; 0 when there are none. */
function percentile(pairs: [number, number][], q: number): number {
  const total = pairs.reduce((n, [, w]) => n + w, 0);
  if (total === 0) return 0;
  const sorted = [...pairs].sort((a, b) => a[0] - b[0]);
  let seen = 0;
  for (const [v, w] of sorted) {
    seen += w;
    if (seen >= q * total) return v;
  }
  return sorted.at(-1)![0];
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
