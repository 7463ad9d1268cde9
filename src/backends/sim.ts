/** The simulator as a ClusterBackend. */
import type { Event } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../kube/object.ts';
import { text } from '../kube/text.ts';
import { ApiError } from '../sim/api-error.ts';
import { createCluster, type Cluster, type ClusterOptions } from '../sim/cluster.ts';
import { KubectlError } from '../sim/kubectl/kubectl-error.ts';
import { runStep } from '../sim/scenario/steps.ts';
import type { ApplyResult, ClusterBackend, Step, StepOutcome } from './backend.ts';

export class SimBackend implements ClusterBackend {
  readonly name = 'sim' as const;
  readonly cluster: Cluster;

  constructor(options: ClusterOptions = {}) {
    this.cluster = createCluster(options);
  }

  async apply(objects: readonly KubeObject[]): Promise<ApplyResult[]> {
    return this.cluster.apply(objects).map((o) => ({
      kind: o.kind,
      name: o.name,
      ...(o.namespace ? { namespace: o.namespace } : {}),
      ...(o.action ? { action: o.action } : {}),
      ...(o.error ? { error: { reason: o.error.reason, message: o.error.text, fields: o.error.fieldErrors.map((f) => f.path) } } : {}),
    }));
  }

  async advance(duration: string | number): Promise<void> {
    this.cluster.advance(duration);
  }

  /** Runs a scenario step on the simulated cluster (src/sim/scenario/steps.ts); a refusal is a failed step. */
  async step(step: Step): Promise<StepOutcome> {
    try {
      const done = runStep(this.cluster, step);
      const refused = done.applied?.filter((o) => o.error) ?? [];
      if (refused.length > 0) {
        const why = refused.map((o) => ({ ko: `${o.kind.toLowerCase()}/${o.name}: ${o.error!.text.ko}`, en: `${o.kind.toLowerCase()}/${o.name}: ${o.error!.text.en}` }));
        return { status: 'failed', message: text(why.map((w) => w.ko).join('\n'), why.map((w) => w.en).join('\n')) };
      }
      return { status: 'done', message: done.message };
    } catch (e) {
      if (e instanceof ApiError || e instanceof KubectlError) return { status: 'failed', message: text(`${step.name} 실패: ${e.text.ko}`, `${step.name} failed: ${e.text.en}`) };
      throw e;
    }
  }

  async get<T = KubeObject>(kind: string, name: string, namespace?: string): Promise<T | undefined> {
    return this.cluster.get<T>(kind, name, namespace);
  }

  async list<T = KubeObject>(kind: string, options: { namespace?: string; labels?: Record<string, string> } = {}): Promise<T[]> {
    return this.cluster.list<T>(kind, { ...(options.namespace ? { namespace: options.namespace } : {}), ...(options.labels ? { labelSelector: options.labels } : {}) });
  }

  async events(filter: { kind?: string; name?: string; reason?: string } = {}): Promise<Event[]> {
    return this.cluster.events(filter);
  }

  now(): number {
    return this.cluster.now;
  }

  async close(): Promise<void> {}
}
