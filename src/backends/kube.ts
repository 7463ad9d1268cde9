/**
 * A real cluster as a ClusterBackend, through a kubeconfig context (kind, minikube, a course
 * cluster, or `orchestra sim serve`). Each grading gets fresh namespaces of its own (labelled, named
 * after the lab and the submission); the submission is applied there with server-side apply;
 * `advance` waits until the cluster has settled (see kube-settle.ts) instead of simulating time;
 * scenario steps run for real where that makes sense (kube-steps.ts). Reads go to those namespaces
 * only, and objects come back with the submission's own namespace names, so graders see the same
 * thing as on the simulator. The namespaces are deleted on close — also when the process is
 * interrupted — and no namespace the grading did not create is ever written to.
 *
 *   const backend = new KubeBackend({ context: 'kind-kind', lab: 'first-deployment', submission: 'alice' });
 */
import { randomBytes } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Event } from 'kubernetes-types/core/v1';
import { lookupKind, lookupKindAnyVersion } from '../kube/kinds.ts';
import { isPlainObject, type KubeObject } from '../kube/object.ts';
import type { FieldPath } from '../kube/position.ts';
import { text } from '../kube/text.ts';
import { parseDuration } from '../sim/duration.ts';
import type { ApplyResult, ClusterBackend, Step, StepOutcome } from './backend.ts';
import { registerCleanup } from './kube-cleanup.ts';
import { KubeApiError, KubeClient, loadKubeConfig, resourcePath } from './kube-client.ts';
import { ANNOTATION_SUBMISSION, LABEL_LAB, LABEL_MANAGED_BY, LABEL_SUBMISSION, MANAGED_BY, namespaceBase, NamespaceMap, slug } from './kube-namespaces.ts';
import { unsettled, type ClusterSnapshot } from './kube-settle.ts';
import { runKubeStep } from './kube-steps.ts';

export interface KubeBackendOptions {
  /** Path of the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config). */
  kubeconfig?: string;
  /** The context to use (default: the kubeconfig's current context). */
  context?: string;
  /** A loaded KubeConfig, instead of a file. */
  kubeConfig?: KubeConfig;
  lab: string;
  /** The submission's name (a path or a student id), for the namespace name and labels. */
  submission: string;
  /** `advance(d)` waits at most d × waitFactor for the cluster to settle. Default 2. */
  waitFactor?: number;
  /** And never less than this (ms), so that a short settle still covers image pulls. Default 0. */
  minWaitMs?: number;
  /** Milliseconds between two looks at the cluster while waiting. Default 500. */
  pollMs?: number;
  /** How long close() waits for the namespaces to be gone (ms). Default 120 000. */
  deleteTimeoutMs?: number;
  /** Field manager of the server-side apply. Default `orchestra`. */
  fieldManager?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `spec.template.spec.containers[0].image` → ['spec', 'template', 'spec', 'containers', 0, 'image']. */
export function parseFieldPath(field: string): FieldPath {
  const out: (string | number)[] = [];
  for (const m of field.replace(/^\./, '').matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

export class KubeBackend implements ClusterBackend {
  readonly name = 'kube' as const;
  readonly client: KubeClient;
  readonly namespaces: NamespaceMap;
  private readonly options: KubeBackendOptions;
  private readonly created = new Set<string>();
  private readonly started = performance.now();
  private unregister: (() => void) | undefined;
  private closing: Promise<void> | undefined;

  constructor(options: KubeBackendOptions) {
    this.options = options;
    this.client = new KubeClient(loadKubeConfig(options));
    this.namespaces = new NamespaceMap(namespaceBase(options.lab, options.submission, randomBytes(4).toString('hex').slice(0, 5)));
  }

  /** Creates the real namespace for a submission namespace, once. */
  private async ensureNamespace(submissionNs: string | undefined): Promise<string> {
    const real = this.namespaces.map(submissionNs);
    if (this.created.has(real)) return real;
    this.unregister ??= registerCleanup(() => this.close());
    // AlreadyExists throws: a namespace that is not ours is never used, nor deleted.
    await this.client.request('POST', '/api/v1/namespaces', {
      query: { fieldManager: this.options.fieldManager ?? MANAGED_BY },
      body: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: real,
          labels: {
            [LABEL_MANAGED_BY]: MANAGED_BY,
            [LABEL_LAB]: slug(this.options.lab, 63),
            [LABEL_SUBMISSION]: slug(
              this.options.submission
                .split(/[\\/]/)
                .filter((p) => p !== '')
                .pop() ?? 'submission',
              63,
            ),
          },
          annotations: { [ANNOTATION_SUBMISSION]: this.options.submission },
        },
      },
    });
    this.created.add(real);
    return real;
  }

  async apply(objects: readonly KubeObject[]): Promise<ApplyResult[]> {
    await this.ensureNamespace(undefined);
    const results: ApplyResult[] = [];
    for (const obj of objects) results.push(await this.applyOne(obj));
    return results;
  }

  private async applyOne(obj: KubeObject): Promise<ApplyResult> {
    const name = obj.metadata?.name ?? '';
    const base = { kind: obj.kind, name, ...(obj.metadata?.namespace ? { namespace: obj.metadata.namespace } : {}) };
    const info = lookupKind(obj.apiVersion, obj.kind);
    if (!info) {
      return {
        ...base,
        error: { reason: 'BadRequest', message: text(`버전 "${obj.apiVersion}"에 kind "${obj.kind}"가 없다`, `no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`), fields: [['kind']] },
      };
    }
    if (obj.kind === 'Namespace') {
      await this.ensureNamespace(name);
      return { ...base, action: 'created' };
    }
    if (!info.namespaced) {
      return {
        ...base,
        error: {
          reason: 'Forbidden',
          message: text(`실제 클러스터에서는 클러스터 범위 오브젝트(${obj.kind})를 적용하지 않는다`, `cluster-scoped objects (${obj.kind}) are not applied on a real cluster`),
          fields: [['kind']],
        },
      };
    }
    const real = await this.ensureNamespace(obj.metadata?.namespace);
    const body = { ...obj, metadata: { ...obj.metadata, namespace: real } };
    const path = resourcePath(info, real, name);
    try {
      let before: string | undefined;
      try {
        before = (await this.client.request<KubeObject>('GET', path)).metadata.resourceVersion;
      } catch (e) {
        if (!(e instanceof KubeApiError && e.code === 404)) throw e;
      }
      const after = await this.client.request<KubeObject>('PATCH', path, {
        contentType: 'application/apply-patch+yaml',
        query: { fieldManager: this.options.fieldManager ?? MANAGED_BY, force: true, fieldValidation: 'Strict' },
        body,
      });
      const action = before === undefined ? 'created' : after.metadata.resourceVersion === before ? 'unchanged' : 'configured';
      return { ...base, namespace: obj.metadata?.namespace ?? 'default', action };
    } catch (e) {
      if (!(e instanceof KubeApiError)) throw e;
      const message = e.status.message ?? e.message;
      const fields = (e.status.details?.causes ?? [])
        .map((c) => c.field)
        .filter((f): f is string => typeof f === 'string' && f !== '')
        .map(parseFieldPath);
      for (const m of message.matchAll(/unknown field "([^"]+)"/g)) fields.push(parseFieldPath(m[1]!));
      return { ...base, error: { reason: e.status.reason ?? 'Unknown', message: text(message, message), fields } };
    }
  }

  private async snapshot(): Promise<ClusterSnapshot> {
    const grab = async <T>(kind: string): Promise<T[]> => {
      const info = lookupKindAnyVersion(kind)!;
      const lists = await Promise.all(
        this.namespaces
          .all()
          .filter((n) => this.created.has(n))
          .map((ns) => this.client.request<{ items: T[] }>('GET', resourcePath(info, ns))),
      );
      return lists.flatMap((l) => l.items);
    };
    const [deployments, statefulSets, daemonSets, jobs, pods, services, endpointSlices] = await Promise.all([
      grab<ClusterSnapshot['deployments'][number]>('Deployment'),
      grab<ClusterSnapshot['statefulSets'][number]>('StatefulSet'),
      grab<ClusterSnapshot['daemonSets'][number]>('DaemonSet'),
      grab<ClusterSnapshot['jobs'][number]>('Job'),
      grab<ClusterSnapshot['pods'][number]>('Pod'),
      grab<ClusterSnapshot['services'][number]>('Service'),
      grab<ClusterSnapshot['endpointSlices'][number]>('EndpointSlice'),
    ]);
    return { deployments, statefulSets, daemonSets, jobs, pods, services, endpointSlices };
  }

  /**
   * Lets time pass on a real cluster: waits until everything applied has settled (twice in a row),
   * or until duration × waitFactor has passed.
   */
  async advance(duration: string | number): Promise<void> {
    const ms = typeof duration === 'number' ? duration : parseDuration(duration);
    const limit = Math.max(ms * (this.options.waitFactor ?? 2), this.options.minWaitMs ?? 0);
    const poll = this.options.pollMs ?? 500;
    const end = performance.now() + limit;
    let calm = 0;
    while (performance.now() < end) {
      calm = (await this.snapshot().then(unsettled)).length === 0 ? calm + 1 : 0;
      if (calm >= 2) return;
      await sleep(Math.min(poll, Math.max(0, end - performance.now())));
    }
  }

  /** Runs a scenario step for real, or reports why it is skipped. */
  async step(step: Step): Promise<StepOutcome> {
    return runKubeStep({ client: this.client, namespaces: this.namespaces, apply: (o) => this.apply(o), advance: (ms) => this.advance(ms) }, step);
  }

  /** Objects as the submission named them: our namespaces back to the submission's namespaces. */
  private unmap<T>(value: T): T {
    const walk = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(walk);
      if (!isPlainObject(v)) return v;
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = k === 'namespace' && typeof x === 'string' ? this.namespaces.unmap(x) : walk(x);
      return out;
    };
    return walk(value) as T;
  }

  async get<T = KubeObject>(kind: string, name: string, namespace?: string): Promise<T | undefined> {
    const info = lookupKindAnyVersion(kind);
    if (!info) return undefined;
    try {
      const obj = await this.client.request<T>('GET', resourcePath(info, info.namespaced ? this.namespaces.map(namespace) : undefined, name));
      return this.unmap(obj);
    } catch (e) {
      if (e instanceof KubeApiError && e.code === 404) return undefined;
      throw e;
    }
  }

  async list<T = KubeObject>(kind: string, options: { namespace?: string; labels?: Record<string, string> } = {}): Promise<T[]> {
    const info = lookupKindAnyVersion(kind);
    if (!info) return [];
    const labelSelector = options.labels
      ? Object.entries(options.labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(',')
      : undefined;
    const query = labelSelector ? { labelSelector } : {};
    if (!info.namespaced) return this.unmap((await this.client.request<{ items: T[] }>('GET', resourcePath(info, undefined), { query })).items);
    const namespaces = options.namespace !== undefined ? [this.namespaces.map(options.namespace)] : this.namespaces.all();
    const lists = await Promise.all(namespaces.filter((n) => this.created.has(n)).map((ns) => this.client.request<{ items: T[] }>('GET', resourcePath(info, ns), { query })));
    return this.unmap(lists.flatMap((l) => l.items));
  }

  async events(filter: { kind?: string; name?: string; reason?: string } = {}): Promise<Event[]> {
    const all = await this.list<Event>('Event');
    return all
      .filter(
        (e) =>
          (filter.kind === undefined || e.involvedObject.kind === filter.kind) &&
          (filter.name === undefined || e.involvedObject.name === filter.name) &&
          (filter.reason === undefined || e.reason === filter.reason),
      )
      .sort((a, b) => (a.firstTimestamp ?? a.eventTime ?? '').localeCompare(b.firstTimestamp ?? b.eventTime ?? ''));
  }

  now(): number {
    return Math.round((performance.now() - this.started) / 100) / 10;
  }

  /** Deletes every namespace this grading created and waits until they are gone. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const namespaces = [...this.created];
      await Promise.all(
        namespaces.map((ns) =>
          this.client.request('DELETE', `/api/v1/namespaces/${ns}`, { body: { propagationPolicy: 'Background' } }).catch((e: unknown) => {
            if (!(e instanceof KubeApiError && e.code === 404)) throw e;
          }),
        ),
      );
      const end = performance.now() + (this.options.deleteTimeoutMs ?? 120_000);
      for (const ns of namespaces) {
        for (;;) {
          try {
            await this.client.request('GET', `/api/v1/namespaces/${ns}`);
          } catch (e) {
            if (e instanceof KubeApiError && e.code === 404) break;
            throw e;
          }
          if (performance.now() > end) throw new Error(`namespace ${ns} is still terminating after ${this.options.deleteTimeoutMs ?? 120_000} ms`);
          await sleep(this.options.pollMs ?? 500);
        }
      }
      this.unregister?.();
    })();
    return this.closing;
  }
}
