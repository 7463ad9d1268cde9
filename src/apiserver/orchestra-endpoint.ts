/**
 * `/orchestra/`: what a lesson uses to act on the simulated cluster while students watch it with
 * kubectl. Not part of the Kubernetes API. Answers any origin (CORS), so that a lesson page can call it.
 *
 *   GET  /orchestra/            the simulated time, speed and nodes
 *   GET  /orchestra/sample      a snapshot (pods with STATUS, Deployments, nodes, Services, traffic)
 *   POST /orchestra/steps       one scenario step or a list of them, in the scenario file's words:
 *        {"failNode": "node-1"}  {"recoverNode": "node-1"}  {"advance": "30s"}
 *        {"setImage": {"deployment": "web", "container": "web", "image": "nginx:1.28"}}
 *        {"scale": {"deployment": "web", "replicas": 5}}  {"rollback": {"deployment": "web"}}
 *        {"restart": {"deployment": "web"}}  {"pause"|"resume": {"deployment": "web"}}
 *        {"delete": {"kind": "Pod", "name": "web-x", "namespace": "default"}}
 *        {"traffic": {"service": "web", "rps": 50}}  {"cordon"|"uncordon": "node-1"}
 *        {"drain": "node-1"}  {"evict": {"pod": "web-x"}}  {"apply": [ <objects> ]}
 *        {"addNode": {"name": "node-4", "cpu": "4", "memory": "8Gi", "labels": {…}, "taints": […]}}
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isPlainObject, type KubeObject } from '../kube/object.ts';
import { ApiError } from '../sim/api-error.ts';
import type { Cluster } from '../sim/cluster.ts';
import { parseDuration } from '../sim/duration.ts';
import { NodeSpecSchema } from '../sim/node-schema.ts';
import { KubectlError } from '../sim/kubectl/kubectl-error.ts';
import { decodeBody, readBody, writeJson } from './http-io.ts';
import { badRequest, methodNotAllowed, noSuchPath, StatusError } from './status.ts';
import type { WallClockDriver } from './wall-clock.ts';

export interface StepResult {
  step: string;
  /** Simulated seconds when it ran. */
  t: number;
  message?: string;
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string' || v === '') throw badRequest(`${what} must be a non-empty string`);
  return v;
}

function args(v: unknown, step: string): Record<string, unknown> {
  if (!isPlainObject(v)) throw badRequest(`${step} takes a mapping`);
  return v;
}

/** Runs one step on the cluster; throws a 400 for a malformed step, the API's error for a refused one. */
export function runStep(cluster: Cluster, driver: WallClockDriver | undefined, raw: unknown): StepResult {
  if (!isPlainObject(raw) || Object.keys(raw).length !== 1) throw badRequest('a step is a mapping with exactly one key, e.g. {"failNode": "node-1"}');
  const [name, value] = Object.entries(raw)[0]!;
  const ns = (a: Record<string, unknown>): string => (typeof a.namespace === 'string' ? a.namespace : 'default');
  let message: string | undefined;
  try {
    switch (name) {
      case 'failNode':
        cluster.failNode(str(value, 'failNode'));
        break;
      case 'recoverNode':
        cluster.recoverNode(str(value, 'recoverNode'));
        break;
      case 'addNode': {
        const spec = NodeSpecSchema.safeParse(value);
        if (!spec.success) throw badRequest(`addNode: ${spec.error.issues.map((i) => `${i.path.join('.') || 'node'}: ${i.message}`).join('; ')}`);
        cluster.addNode(spec.data);
        message = `node ${spec.data.name} joined the cluster`;
        break;
      }
      case 'advance': {
        const ms = parseDuration(value as string | number);
        if (driver) driver.skip(ms);
        else cluster.advance(ms);
        break;
      }
      case 'setImage': {
        const a = args(value, name);
        message = cluster.setImage(str(a.deployment, 'deployment'), str(a.container, 'container'), str(a.image, 'image'), ns(a)).en;
        break;
      }
      case 'scale': {
        const a = args(value, name);
        const kind = a.deployment ? 'Deployment' : a.statefulset ? 'StatefulSet' : a.replicaset ? 'ReplicaSet' : undefined;
        if (!kind) throw badRequest('scale needs deployment, statefulset or replicaset');
        if (typeof a.replicas !== 'number' || !Number.isInteger(a.replicas) || a.replicas < 0) throw badRequest('scale needs replicas ≥ 0');
        message = cluster.scale(kind, str(a.deployment ?? a.statefulset ?? a.replicaset, kind), a.replicas, ns(a)).en;
        break;
      }
      case 'rollback': {
        const a = args(value, name);
        message = cluster.rollback(str(a.deployment, 'deployment'), { namespace: ns(a), ...(typeof a.toRevision === 'number' ? { toRevision: a.toRevision } : {}) }).en;
        break;
      }
      case 'restart': {
        const a = args(value, name);
        message = cluster.restart(str(a.deployment, 'deployment'), ns(a)).en;
        break;
      }
      case 'pause':
      case 'resume': {
        const a = args(value, name);
        message = cluster.pause(str(a.deployment, 'deployment'), name === 'pause', ns(a)).en;
        break;
      }
      case 'delete': {
        const a = args(value, name);
        cluster.delete(str(a.kind, 'kind'), str(a.name, 'name'), ns(a));
        break;
      }
      case 'traffic': {
        const a = args(value, name);
        if (typeof a.rps !== 'number' || a.rps < 0) throw badRequest('traffic needs rps ≥ 0');
        cluster.setTraffic({
          service: str(a.service, 'service'),
          namespace: ns(a),
          rps: a.rps,
          ...(typeof a.via === 'string' ? { via: a.via } : {}),
          ...(typeof a.port === 'number' || typeof a.port === 'string' ? { port: a.port } : {}),
        });
        break;
      }
      case 'cordon':
      case 'uncordon':
        message = cluster.cordon(str(value, name), name === 'cordon').en;
        break;
      case 'drain': {
        const node = typeof value === 'string' ? value : str(args(value, name).node, 'node');
        const force = typeof value === 'object' && value !== null && (value as { force?: unknown }).force === true;
        message = cluster
          .drain(node, { force })
          .output.map((t) => t.en)
          .join('\n');
        break;
      }
      case 'evict': {
        const a = args(value, name);
        cluster.evict(str(a.pod, 'pod'), ns(a));
        break;
      }
      case 'apply': {
        const objects = (Array.isArray(value) ? value : [value]) as KubeObject[];
        if (!objects.every((o) => isPlainObject(o) && typeof o.kind === 'string')) throw badRequest('apply takes Kubernetes objects');
        const out = cluster.apply(objects);
        const failed = out.find((o) => o.error);
        if (failed?.error) throw failed.error;
        message = out.map((o) => `${o.kind.toLowerCase()}/${o.name} ${o.action}`).join('\n');
        break;
      }
      default:
        throw badRequest(
          `unknown step '${name}': a step is one of failNode, recoverNode, addNode, advance, setImage, scale, rollback, restart, pause, resume, delete, apply, traffic, cordon, uncordon, drain, evict`,
        );
    }
  } catch (e) {
    if (e instanceof KubectlError) throw new StatusError(400, 'BadRequest', e.message);
    if (e instanceof ApiError || e instanceof StatusError) throw e;
    if (e instanceof Error && !(e instanceof StatusError)) throw badRequest(`${name}: ${e.message}`);
    throw e;
  }
  return { step: name, t: cluster.now, ...(message ? { message } : {}) };
}

export async function handleOrchestra(cluster: Cluster, driver: WallClockDriver | undefined, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const method = req.method ?? 'GET';
  // A lesson page (another origin, e.g. the course site on localhost) may call these endpoints.
  res.setHeader('Access-Control-Allow-Origin', '*');
  if (method === 'OPTIONS') {
    res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '600' });
    res.end();
    return;
  }
  if (path === '/orchestra' || path === '/orchestra/') {
    if (method !== 'GET') throw methodNotAllowed(method, 'orchestra');
    writeJson(res, 200, {
      simulatedSeconds: cluster.now,
      speed: driver?.speed ?? 0,
      nodes: cluster.ctx.store.list('Node').map((n) => n.metadata.name),
      resourceVersion: String(cluster.ctx.store.resourceVersion),
    });
    return;
  }
  if (path === '/orchestra/sample') {
    writeJson(res, 200, cluster.snapshot());
    return;
  }
  if (path === '/orchestra/steps') {
    if (method !== 'POST') throw methodNotAllowed(method, 'orchestra/steps');
    const body = decodeBody(
      await readBody(req),
      (req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase() === 'application/yaml' ? 'application/yaml' : 'application/json',
    );
    const steps = Array.isArray(body) ? body : [body];
    const results = steps.map((s) => runStep(cluster, driver, s));
    writeJson(res, 200, { results });
    return;
  }
  throw noSuchPath();
}
