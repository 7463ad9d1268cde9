/**
 * The Kubernetes API over a simulated cluster, on HTTP (127.0.0.1 by default), so that real kubectl
 * and @kubernetes/client-node can talk to it: /version, discovery (legacy and aggregated),
 * /openapi/v3, the resources with their verbs and subresources, and /orchestra/ for lessons.
 * The simulation runs on the wall clock (× speed), driven by WallClockDriver.
 *
 *   const server = await startApiServer({ cluster: createCluster(), port: 0 });
 *   // kubectl --server server.url get pods
 *   await server.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Cluster } from '../sim/cluster.ts';
import { aggregatedContentType, aggregatedDiscovery, apiGroup, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery.ts';
import { writeJson, writeStatus, writeText } from './http-io.ts';
import { aggregatedDiscoveryVersion } from './negotiate.ts';
import { openApiIndex } from './openapi.ts';
import { serveOpenApiV3 } from './openapi-handler.ts';
import { handleMetrics, METRICS_GROUP, METRICS_VERSION } from './metrics-api.ts';
import { handleOrchestra } from './orchestra-endpoint.ts';
import { Registry } from './registry.ts';
import { handleResource, type ResourceContext } from './resource-handler.ts';
import { parseResourcePath } from './route.ts';
import { methodNotAllowed, noSuchPath } from './status.ts';
import { WallClockDriver } from './wall-clock.ts';

export interface ApiServerOptions {
  cluster: Cluster;
  /** Address to listen on; 127.0.0.1 unless told otherwise. */
  host?: string;
  /** Port; 0 picks a free one. Default 6443. */
  port?: number;
  /** Simulated seconds per wall second. Default 1. */
  speed?: number;
  /** Wall milliseconds between clock ticks. Default 50. */
  tickMs?: number;
  /** Wall milliseconds between watch bookmarks. Default 10 000. */
  bookmarkIntervalMs?: number;
  /** Wall milliseconds between checks for new log lines (`logs -f`). Default 250. */
  logPollMs?: number;
  /** Receives one line per request (method, path, status, ms), when given. */
  log?: (line: string) => void;
}

export interface ApiServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly cluster: Cluster;
  readonly driver: WallClockDriver;
  /** The watches open now, as `<path>?<query>` (tests wait for a client's watch with it). */
  openWatches(): string[];
  close(): Promise<void>;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { cluster } = options;
  const host = options.host ?? '127.0.0.1';
  const driver = new WallClockDriver(cluster, options.speed ?? 1, options.tickMs ?? 50);
  driver.onError = (e) => options.log?.(`simulation error: ${e instanceof Error ? e.message : String(e)}`);
  const registry = new Registry(cluster);
  const ctx: ResourceContext = {
    cluster,
    registry,
    nowMs: () => driver.nowEpochMs(),
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 10_000,
    logPollMs: options.logPollMs ?? 250,
    watches: new Set(),
  };
  let address = '';
  // Built once, before the first kubectl asks (the first build takes tens of milliseconds).
  openApiIndex(true);
  openApiIndex(false);

  const route = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    if (path.startsWith('/orchestra')) return handleOrchestra(cluster, driver, req, res, path);
    const readOnly = (): void => {
      if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(method, path);
    };
    switch (path) {
      case '/version':
        readOnly();
        return writeJson(res, 200, versionInfo());
      case '/healthz':
      case '/livez':
      case '/readyz':
        return writeText(res, 200, 'ok');
      case '/api':
      case '/apis': {
        readOnly();
        const legacy = path === '/api';
        const aggregated = aggregatedDiscoveryVersion(req.headers.accept);
        if (aggregated) return writeJson(res, 200, aggregatedDiscovery(legacy, aggregated), aggregatedContentType(aggregated));
        return writeJson(res, 200, legacy ? apiVersions(address) : apiGroupList());
      }
      case '/openapi/v2':
        throw noSuchPath();
    }
    if (path === '/openapi/v3' || path.startsWith('/openapi/v3/')) {
      readOnly();
      return serveOpenApiV3(req, res, path, url.searchParams);
    }
    const parts = path.split('/').filter((p) => p !== '');
    if (parts[0] === 'api' && parts.length === 2) {
      readOnly();
      const list = apiResourceList('', parts[1]!);
      if (!list) throw noSuchPath();
      return writeJson(res, 200, list);
    }
    if (parts[0] === 'apis' && (parts.length === 2 || parts.length === 3)) {
      readOnly();
      const doc = parts.length === 2 ? apiGroup(parts[1]!) : apiResourceList(parts[1]!, parts[2]!);
      if (!doc) throw noSuchPath();
      return writeJson(res, 200, doc);
    }
    if (parts[0] === 'apis' && parts[1] === METRICS_GROUP && parts[2] === METRICS_VERSION) return handleMetrics(cluster, method, res, parts, url.searchParams);
    const parsed = parseResourcePath(path);
    if (parsed.kind === 'unknown') throw noSuchPath();
    await handleResource(ctx, req, res, url, parsed.route);
  };

  const server = createServer((req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    driver.sync();
    const finish = (): void => {
      if (WRITE_METHODS.has(req.method ?? '')) driver.sync();
      options.log?.(`${req.method} ${req.url} ${res.statusCode} ${(performance.now() - started).toFixed(1)}ms`);
    };
    route(req, res, url)
      .catch((e: unknown) => writeStatus(res, e))
      .finally(finish);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 6443, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  address = `${host}:${port}`;
  driver.start();
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    cluster,
    driver,
    openWatches: () => [...ctx.watches],
    close: () =>
      new Promise<void>((resolve) => {
        driver.stop();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
