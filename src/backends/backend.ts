/**
 * Where a submission runs: the bundled simulator or a real cluster. Graders talk to this interface
 * only, so the same checks work on both.
 */
import type { Event } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../kube/object.ts';
import type { FieldPath } from '../kube/position.ts';
import type { Text } from '../kube/text.ts';

export interface ApplyResult {
  kind: string;
  name: string;
  namespace?: string;
  action?: 'created' | 'configured' | 'unchanged';
  /** The API server's refusal, when there was one. */
  error?: { reason: string; message: Text; fields: FieldPath[] };
}

export interface ClusterBackend {
  readonly name: 'sim' | 'kube';
  apply(objects: readonly KubeObject[]): Promise<ApplyResult[]>;
  /** Lets time pass: simulated on the simulator, waited for on a real cluster. */
  advance(duration: string | number): Promise<void>;
  get<T = KubeObject>(kind: string, name: string, namespace?: string): Promise<T | undefined>;
  list<T = KubeObject>(kind: string, options?: { namespace?: string; labels?: Record<string, string> }): Promise<T[]>;
  events(filter?: { kind?: string; name?: string; reason?: string }): Promise<Event[]>;
  /** Seconds since the backend started. */
  now(): number;
  close(): Promise<void>;
}
