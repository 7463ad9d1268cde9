/**
 * The verbs on a resource path: GET (get, list, watch, subresources status/scale/log), POST
 * (create, pods/eviction, pods/binding, bindings), PUT (update, status, scale), PATCH and DELETE
 * (one object or a collection), with the query parameters and Accept conversions of each.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Pod } from 'kubernetes-types/core/v1';
import { apiVersionOf } from '../kube/kinds.ts';
import { isPlainObject, type KubeObject } from '../kube/object.ts';
import type { Cluster } from '../sim/cluster.ts';
import { bindPod, evictPod } from './eviction.ts';
import { parseFieldValidation } from './field-validation.ts';
import { decodeBody, mediaType, readBody, writeJson } from './http-io.ts';
import { listObjects, selectorMatcher } from './list.ts';
import { representation } from './negotiate.ts';
import { servePodLog } from './pod-log.ts';
import { applyPatch, patchTypeOf, type Registry, type WriteOptions, type WriteResult } from './registry.ts';
import { conversionFor, type Conversion } from '../kube/conversion.ts';
import { resourceFor } from './resources.ts';
import type { ResourceRoute } from './route.ts';
import { badRequest, methodNotAllowed, StatusError } from './status.ts';
import { partialMetadata, toTable, type IncludeObject } from './table.ts';
import { serveWatch } from './watch.ts';

export interface ResourceContext {
  cluster: Cluster;
  registry: Registry;
  /** Epoch milliseconds of the simulated clock. */
  nowMs(): number;
  bookmarkIntervalMs: number;
  logPollMs: number;
  /** Open watch streams, by request path and query (for `ApiServer.openWatches`). */
  watches: Set<string>;
}

function flag(v: string | null): boolean {
  return v === 'true' || v === '1';
}

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw badRequest(`invalid ${name}: ${v}`);
  return n;
}

function dryRunOf(q: URLSearchParams): boolean {
  const values = q.getAll('dryRun');
  for (const v of values) if (v !== 'All') throw badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`);
  return values.length > 0;
}

function includeObjectOf(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject');
  if (v === 'None' || v === 'Object' || v === 'Metadata') return v;
  if (v === null || v === '') return 'Metadata';
  throw badRequest(`includeObject: Unsupported value: "${v}"`);
}

function writeOptions(req: IncomingMessage, q: URLSearchParams): WriteOptions {
  const manager = q.get('fieldManager');
  return {
    dryRun: dryRunOf(q),
    ...(manager ? { fieldManager: manager } : {}),
    ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
    fieldValidation: parseFieldValidation(q.get('fieldValidation')),
    force: flag(q.get('force')),
  };
}

function warningHeaders(warnings: readonly string[]): Record<string, string[]> {
  return warnings.length > 0 ? { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`) } : {};
}

function sendWrite(res: ServerResponse, result: WriteResult, conv?: Conversion): void {
  writeJson(res, result.created ? 201 : 200, conv ? conv.fromStored(result.object) : result.object, 'application/json', warningHeaders(result.warnings));
}

/** A request body of a served version as its stored version. */
function storedBody(conv: Conversion | undefined, route: ResourceRoute, b: unknown): unknown {
  if (!conv || !isPlainObject(b)) return b;
  return conv.toStored({ ...b, apiVersion: (b.apiVersion as string | undefined) ?? apiVersionOf(route.resource.info), kind: (b.kind as string | undefined) ?? route.resource.info.kind } as KubeObject);
}

async function body(req: IncomingMessage): Promise<unknown> {
  return decodeBody(await readBody(req), mediaType(req));
}

export async function handleResource(ctx: ResourceContext, req: IncomingMessage, res: ServerResponse, url: URL, route: ResourceRoute): Promise<void> {
  const q = url.searchParams;
  const r = route.resource;
  const method = req.method ?? 'GET';
  const { registry } = ctx;
  if (r.info.plural === 'bindings') {
    if (method !== 'POST') throw methodNotAllowed(method, 'bindings');
    const b = await body(req);
    const name = isPlainObject(b) ? (b.metadata as { name?: string } | undefined)?.name : undefined;
    if (!name) throw new StatusError(422, 'Invalid', 'Binding "" is invalid: metadata.name: Required value: name or generateName is required');
    writeJson(res, 201, bindPod(ctx.cluster, route.namespace ?? 'default', name, b, dryRunOf(q)));
    return;
  }
  if (r.info.plural === 'pods' && (route.subresource === 'exec' || route.subresource === 'attach' || route.subresource === 'portforward')) {
    registry.get(r, route.namespace, route.name ?? '');
    throw badRequest(
      `Orchestra's simulated containers run no processes: pods/${route.subresource} is not available (kubectl logs, describe and get work; for a shell, use a real cluster such as kind)`,
    );
  }
  // A version stored as another (autoscaling/v1 HPAs): writes go to the stored version, answers come back converted.
  const conv = conversionFor(apiVersionOf(r.info), r.info.kind);
  const stored = conv ? resourceFor(conv.storedApiVersion, r.info.plural)! : r;
  switch (method) {
    case 'GET':
      return get(ctx, req, res, q, route, conv);
    case 'POST': {
      if (route.name === undefined) {
        if (route.namespace === undefined && r.info.namespaced) throw methodNotAllowed(method, r.info.plural);
        sendWrite(res, registry.create(stored, route.namespace, storedBody(conv, route, await body(req)), writeOptions(req, q)), conv);
        return;
      }
      if (r.info.plural === 'pods' && route.subresource === 'eviction') {
        const pod = registry.get(r, route.namespace, route.name);
        writeJson(res, 201, evictPod(ctx.cluster, pod, await body(req), dryRunOf(q)));
        return;
      }
      if (r.info.plural === 'pods' && route.subresource === 'binding') {
        writeJson(res, 201, bindPod(ctx.cluster, route.namespace ?? 'default', route.name, await body(req), dryRunOf(q)));
        return;
      }
      throw methodNotAllowed(method, r.info.plural);
    }
    case 'PUT': {
      if (route.name === undefined) throw methodNotAllowed(method, r.info.plural);
      const b = storedBody(conv, route, await body(req));
      const options = writeOptions(req, q);
      if (route.subresource === 'status') return sendWrite(res, registry.updateStatus(stored, route.namespace, route.name, b, options), conv);
      if (route.subresource === 'scale') return sendWrite(res, registry.updateScale(r, route.namespace, route.name, b, options));
      if (route.subresource !== undefined) throw methodNotAllowed(method, `${r.info.plural}/${route.subresource}`);
      return sendWrite(res, registry.update(stored, route.namespace, route.name, b, options), conv);
    }
    case 'PATCH': {
      if (route.name === undefined) throw methodNotAllowed(method, r.info.plural);
      if (route.subresource !== undefined && route.subresource !== 'status' && route.subresource !== 'scale') throw methodNotAllowed(method, `${r.info.plural}/${route.subresource}`);
      const type = patchTypeOf(mediaType(req));
      const patch = decodeBody(await readBody(req), type === 'apply' ? 'application/apply-patch+yaml' : 'application/json');
      if (conv && type !== 'apply') {
        // Patched in the version the client sees, stored in the other.
        const live = conv.fromStored(registry.get(stored, route.namespace, route.name));
        const patched = storedBody(conv, route, applyPatch(type, live, patch, undefined));
        const options = writeOptions(req, q);
        return sendWrite(
          res,
          route.subresource === 'status' ? registry.updateStatus(stored, route.namespace, route.name, patched, options) : registry.update(stored, route.namespace, route.name, patched, options),
          conv,
        );
      }
      return sendWrite(res, registry.patch(stored, route.namespace, route.name, type, storedBody(conv, route, patch), writeOptions(req, q), route.subresource), conv);
    }
    case 'DELETE':
      return del(ctx, req, res, q, route, conv);
    default:
      throw methodNotAllowed(method, r.info.plural);
  }
}

function get(ctx: ResourceContext, req: IncomingMessage, res: ServerResponse, q: URLSearchParams, route: ResourceRoute, conv: Conversion | undefined): void {
  const out = (o: KubeObject): KubeObject => (conv ? conv.fromStored(o) : o);
  const r = route.resource;
  const rep = representation(req.headers.accept);
  const includeObject = includeObjectOf(q);
  const watching = route.watchPrefix || flag(q.get('watch'));
  if (watching) {
    const key = `${route.resource.info.group === '' ? '/api' : `/apis/${route.resource.info.group}`}/${route.resource.info.version}${route.namespace !== undefined ? `/namespaces/${route.namespace}` : ''}/${r.info.plural}${route.name !== undefined ? `/${route.name}` : ''}?${q.toString()}`;
    ctx.watches.add(key);
    res.on('close', () => ctx.watches.delete(key));
    serveWatch(res, ctx.cluster.ctx.store, {
      resource: r,
      ...(route.namespace !== undefined ? { namespace: route.namespace } : {}),
      ...(route.name !== undefined ? { name: route.name } : {}),
      labelSelector: q.get('labelSelector'),
      fieldSelector: q.get('fieldSelector'),
      resourceVersion: q.get('resourceVersion'),
      allowBookmarks: flag(q.get('allowWatchBookmarks')),
      sendInitialEvents: flag(q.get('sendInitialEvents')),
      ...(intParam(q, 'timeoutSeconds') !== undefined ? { timeoutSeconds: intParam(q, 'timeoutSeconds')! } : {}),
      representation: rep,
      includeObject,
      now: () => ctx.nowMs(),
      bookmarkIntervalMs: ctx.bookmarkIntervalMs,
      ...(conv ? { convert: out } : {}),
    });
    return;
  }
  if (route.name === undefined) {
    const page = listObjects(ctx.cluster.ctx.store, r, {
      ...(route.namespace !== undefined ? { namespace: route.namespace } : {}),
      labelSelector: q.get('labelSelector'),
      fieldSelector: q.get('fieldSelector'),
      ...(intParam(q, 'limit') !== undefined ? { limit: intParam(q, 'limit')! } : {}),
      continueToken: q.get('continue'),
    });
    if (rep.as === 'Table') {
      writeJson(
        res,
        200,
        toTable(r.info.kind, page.items, {
          now: ctx.nowMs(),
          includeObject,
          version: rep.version,
          resourceVersion: page.resourceVersion,
          ...(page.continueToken ? { continueToken: page.continueToken } : {}),
          ...(page.remainingItemCount ? { remainingItemCount: page.remainingItemCount } : {}),
        }),
      );
      return;
    }
    const metadata = {
      resourceVersion: page.resourceVersion,
      ...(page.continueToken ? { continue: page.continueToken } : {}),
      ...(page.remainingItemCount ? { remainingItemCount: page.remainingItemCount } : {}),
    };
    if (rep.as === 'PartialObjectMetadata') {
      writeJson(res, 200, { kind: 'PartialObjectMetadataList', apiVersion: `meta.k8s.io/${rep.version}`, metadata, items: page.items.map((o) => partialMetadata(o, rep.version)) });
      return;
    }
    // A typed list: {"kind":"DeploymentList",…,"items":[…]} without re-encoding the stored objects.
    const head = JSON.stringify({ kind: `${r.info.kind}List`, apiVersion: apiVersionOf(r.info), metadata });
    writeJson(res, 200, `${head.slice(0, -1)},"items":[${page.items.map((o) => JSON.stringify(out(o))).join(',')}]}`);
    return;
  }
  const obj = ctx.registry.get(r, route.namespace, route.name);
  if (route.subresource === 'log') {
    servePodLog(res, ctx.cluster, obj as unknown as Pod, {
      container: q.get('container'),
      previous: flag(q.get('previous')),
      ...(intParam(q, 'tailLines') !== undefined ? { tailLines: intParam(q, 'tailLines')! } : {}),
      ...(intParam(q, 'limitBytes') !== undefined ? { limitBytes: intParam(q, 'limitBytes')! } : {}),
      follow: flag(q.get('follow')),
      pollMs: ctx.logPollMs,
    });
    return;
  }
  if (route.subresource === 'scale') {
    writeJson(res, 200, ctx.registry.scaleOf(obj));
    return;
  }
  if (route.subresource !== undefined && route.subresource !== 'status') throw methodNotAllowed('GET', `${r.info.plural}/${route.subresource}`);
  if (rep.as === 'Table') {
    writeJson(res, 200, toTable(r.info.kind, [obj], { now: ctx.nowMs(), includeObject, version: rep.version, resourceVersion: obj.metadata.resourceVersion ?? '' }));
    return;
  }
  if (rep.as === 'PartialObjectMetadata') {
    writeJson(res, 200, partialMetadata(obj, rep.version));
    return;
  }
  writeJson(res, 200, out(obj));
}

interface DeleteOptionsBody {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

async function del(ctx: ResourceContext, req: IncomingMessage, res: ServerResponse, q: URLSearchParams, route: ResourceRoute, conv: Conversion | undefined): Promise<void> {
  const r = route.resource;
  const raw = await readBody(req);
  const decoded = raw.length > 0 ? decodeBody(raw, mediaType(req)) : {};
  if (!isPlainObject(decoded)) throw badRequest('the request body must be DeleteOptions');
  const opts = decoded as DeleteOptionsBody;
  const grace = opts.gracePeriodSeconds ?? intParam(q, 'gracePeriodSeconds');
  let policy = opts.propagationPolicy ?? (q.get('propagationPolicy') as DeleteOptionsBody['propagationPolicy'] | null) ?? undefined;
  const orphan = opts.orphanDependents ?? (q.get('orphanDependents') === null ? undefined : flag(q.get('orphanDependents')));
  if (policy === undefined && orphan !== undefined) policy = orphan ? 'Orphan' : 'Background';
  if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy)) throw badRequest(`propagationPolicy: Unsupported value: "${policy}"`);
  const dryRun = dryRunOf(q) || (opts.dryRun ?? []).includes('All');
  const options = {
    ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}),
    ...(policy ? { propagationPolicy: policy } : {}),
    ...(opts.preconditions ? { preconditions: opts.preconditions } : {}),
    dryRun,
  };
  if (route.name === undefined) {
    const match = selectorMatcher(r.info.kind, q.get('labelSelector'), q.get('fieldSelector'));
    const ns = r.info.namespaced ? route.namespace : undefined;
    const victims = ctx.cluster.ctx.store.list(r.info.kind, ns).filter(match);
    for (const v of victims) ctx.registry.delete(r, v.metadata.namespace, v.metadata.name!, options);
    writeJson(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' });
    return;
  }
  if (route.subresource !== undefined) throw methodNotAllowed('DELETE', `${r.info.plural}/${route.subresource}`);
  const { live, after } = ctx.registry.delete(r, route.namespace, route.name, options);
  if (after) {
    writeJson(res, 200, conv ? conv.fromStored(after) : after);
    return;
  }
  if (r.info.kind === 'Pod') {
    writeJson(res, 200, live as KubeObject);
    return;
  }
  writeJson(res, 200, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name: route.name, ...(r.info.group ? { group: r.info.group } : {}), kind: r.info.plural, uid: live.metadata.uid },
  });
}
