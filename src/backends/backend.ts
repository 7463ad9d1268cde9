/**
 * Where a submission runs: the bundled simulator or a real cluster. Graders talk to this interface
 * only, so the same checks work on both.
 */
import type { Event } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../kube/object.ts';
import type { FieldPath } from '../kube/position.ts';
import type { Text } from '../kube/text.ts';
import type { Step } from '../sim/scenario/scenario.ts';

export type { Step } from '../sim/scenario/scenario.ts';

export interface ApplyResult {
  kind: string;
  name: string;
  namespace?: string;
  action?: 'created' | 'configured' | 'unchanged';
  /** The API server's refusal, when there was one. */
  error?: { reason: string; message: Text; fields: FieldPath[] };
}

/** What became of a scenario step: done, refused by the cluster (failed), or not possible here (skipped). */
export interface StepOutcome {
  status: 'done' | 'skipped' | 'failed';
  message: Text;
}

export interface ClusterBackend {
  readonly name: 'sim' | 'kube';
  apply(objects: readonly KubeObject[]): Promise<ApplyResult[]>;
  /** Lets time pass: simulated on the simulator, waited for on a real cluster. */
  advance(duration: string | number): Promise<void>;
  /**
   * A scenario step (the steps of scenario files: apply, scale, setImage, delete, rollback, failNode,
   * traffic …), done as kubectl would. A real cluster skips what a grader cannot do to it (fail a node,
   * send traffic) and says why.
   */
  step(step: Step): Promise<StepOutcome>;
  get<T = KubeObject>(kind: string, name: string, namespace?: string): Promise<T | undefined>;
  list<T = KubeObject>(kind: string, options?: { namespace?: string; labels?: Record<string, string> }): Promise<T[]>;
  events(filter?: { kind?: string; name?: string; reason?: string }): Promise<Event[]>;
  /** Seconds since the backend started. */
  now(): number;
  close(): Promise<void>;
}
