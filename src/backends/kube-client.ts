/**
 * A small REST client for the Kubernetes API over a kubeconfig context, on @kubernetes/client-node's
 * authentication and transport (client certificates, tokens, exec plugins, TLS settings). Objects go
 * over the wire as they are — client-node's typed serializers would drop unknown fields, and the
 * grader wants the API server to judge them, as on the simulator.
 */
import { HttpMethod, IsomorphicFetchHttpLibrary, KubeConfig, RequestContext } from '@kubernetes/client-node';
import { apiVersionOf, lookupKindAnyVersion, type KindInfo } from '../kube/kinds.ts';

export interface KubeStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; kind?: string; causes?: { reason?: string; message?: string; field?: string }[] };
}

/** A failed request, with the API server's Status. */
export class KubeApiError extends Error {
  readonly code: number;
  readonly status: KubeStatus;

  constructor(code: number, status: KubeStatus) {
    super(status.message ?? `HTTP ${code}`);
    this.name = 'KubeApiError';
    this.code = code;
    this.status = status;
  }
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  /** Abort after this many milliseconds (default 30 s). */
  timeoutMs?: number;
}

export function loadKubeConfig(options: { kubeconfig?: string; context?: string; kubeConfig?: KubeConfig }): KubeConfig {
  const kc = options.kubeConfig ?? new KubeConfig();
  if (!options.kubeConfig) {
    if (options.kubeconfig) kc.loadFromFile(options.kubeconfig);
    else kc.loadFromDefault();
  }
  if (options.context) kc.setCurrentContext(options.context);
  return kc;
}

export class KubeClient {
  readonly kc: KubeConfig;
  private readonly http = new IsomorphicFetchHttpLibrary();

  constructor(kc: KubeConfig) {
    this.kc = kc;
  }

  get server(): string {
    const cluster = this.kc.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    return cluster.server.replace(/\/+$/, '');
  }

  async request<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const ctx = new RequestContext(url.toString(), method as HttpMethod);
    await this.kc.applySecurityAuthentication(ctx);
    ctx.setHeaderParam('Accept', 'application/json');
    if (options.body !== undefined) {
      ctx.setHeaderParam('Content-Type', options.contentType ?? 'application/json');
      ctx.setBody(JSON.stringify(options.body));
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 30_000);
    ctx.setSignal(controller.signal);
    try {
      const res = await this.http.send(ctx).toPromise();
      const text = await res.body.text();
      const json = text === '' ? undefined : (JSON.parse(text) as unknown);
      if (res.httpStatusCode >= 400) throw new KubeApiError(res.httpStatusCode, (json ?? { message: `HTTP ${res.httpStatusCode}` }) as KubeStatus);
      return json as T;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** `/api/v1/namespaces/<ns>/pods[/<name>]`, `/apis/apps/v1/…` for a kind Orchestra knows. */
export function resourcePath(info: KindInfo, namespace: string | undefined, name?: string, subresource?: string): string {
  const base = info.group === '' ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`;
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${info.plural}${name ? `/${encodeURIComponent(name)}` : ''}${subresource ? `/${subresource}` : ''}`;
}

export function kindInfo(kind: string): KindInfo {
  const info = lookupKindAnyVersion(kind);
  if (!info) throw new Error(`unknown kind ${kind}`);
  return info;
}

export { apiVersionOf };
