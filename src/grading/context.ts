/**
 * What a check sees: the submission (objects with their source positions), the lab, and — on first
 * use — the cluster the submission was applied to and left to run for the grader's `settle` time.
 */
import type { ApplyResult, ClusterBackend } from '../backends/backend.ts';
import type { Manifest } from '../kube/load.ts';
import type { KubeObject } from '../kube/object.ts';
import type { FieldPath, SourcePosition } from '../kube/position.ts';
import type { Lang } from '../kube/text.ts';
import type { Lab } from './lab.ts';
import { ScenarioRun } from './scenario.ts';
import { settle, type Settle } from './settle.ts';
import type { Submission } from './submission.ts';

export interface SubmittedObject<T = KubeObject> {
  /** The object as submitted (the loader guarantees apiVersion, kind and metadata). */
  object: T & KubeObject;
  manifest: Manifest;
  /** Position of a field of this object (or its nearest ancestor in the file). */
  at(path: FieldPath): SourcePosition;
}

export interface AppliedCluster {
  backend: ClusterBackend;
  applied: readonly ApplyResult[];
}

export class CheckContext {
  readonly lab: Lab;
  readonly lang: Lang;
  readonly submission: Submission;
  private readonly settle: Settle;
  private readonly makeBackend: () => ClusterBackend;
  private running?: Promise<AppliedCluster>;
  private readonly scenarios: ClusterBackend[] = [];

  constructor(options: { lab: Lab; lang: Lang; submission: Submission; settle: Settle; backend: () => ClusterBackend }) {
    this.lab = options.lab;
    this.lang = options.lang;
    this.submission = options.submission;
    this.settle = options.settle;
    this.makeBackend = options.backend;
  }

  /** Submitted objects of one kind (all kinds when omitted), in file order. */
  objects<T = KubeObject>(kind?: string): SubmittedObject<T>[] {
    return this.submission.manifests
      .filter((m) => kind === undefined || m.object.kind === kind)
      .map((m) => ({ object: m.object as T & KubeObject, manifest: m, at: (path: FieldPath) => m.locate(path) }));
  }

  /** The submitted object a cluster object came from (same kind, name and namespace), if any. */
  sourceOf(kind: string, name: string, namespace = 'default'): SubmittedObject | undefined {
    return this.objects(kind).find((o) => o.object.metadata.name === name && (o.object.metadata.namespace ?? 'default') === namespace);
  }

  /** Applies the submission once, lets the cluster settle as the grader says (settle.ts), and returns it. */
  cluster(): Promise<AppliedCluster> {
    this.running ??= (async () => {
      const backend = this.makeBackend();
      const applied = await backend.apply(this.submission.applicable.map((m) => m.object));
      await settle(backend, this.settle);
      return { backend, applied };
    })();
    return this.running;
  }

  /**
   * A fresh cluster of its own with the submission applied at t=0, for a scenario: steps and probes
   * over time (scenario.ts). Unlike `cluster()`, every call starts anew, so scenarios never see each
   * other's steps.
   */
  async scenario(options: { every?: string } = {}): Promise<ScenarioRun> {
    const backend = this.makeBackend();
    this.scenarios.push(backend);
    const applied = await backend.apply(this.submission.applicable.map((m) => m.object));
    return new ScenarioRun(backend, applied, options);
  }

  async close(): Promise<void> {
    for (const b of this.scenarios) await b.close();
    if (this.running) await (await this.running).backend.close();
  }
}
