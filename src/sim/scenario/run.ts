/**
 * Runs a scenario on a fresh simulated cluster: applies its manifests, runs its steps in order, and
 * records the result — every object at the end, the events, the steps that failed (with their line),
 * and, when asked, a timeline sample at every interval. Same scenario and seed, same result.
 */
import type { Event } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../kube/object.ts';
import type { SourcePosition } from '../../kube/position.ts';
import type { Text } from '../../kube/text.ts';
import { ApiError } from '../api-error.ts';
import { createCluster, type ApplyOutcome, type Cluster } from '../cluster.ts';
import { KubectlError } from '../kubectl/kubectl-error.ts';
import type { Sample } from './sample.ts';
import type { SchedulingExplanation } from '../scheduler/explain.ts';
import type { Scenario, ScenarioStep } from './scenario.ts';
import { runStep } from './steps.ts';

export interface ScenarioRunError {
  /** Where the step (or manifest) is written. */
  position: SourcePosition;
  /** Seconds into the run. */
  t: number;
  step: string;
  reason: string;
  message: Text;
}

export interface ScenarioResult {
  seed: number;
  /** Seconds simulated. */
  endTime: number;
  objects: KubeObject[];
  events: Event[];
  errors: ScenarioRunError[];
  samples?: Sample[];
  /** The scheduler's last decision for each pod that exists at the end, by `namespace/name`. */
  scheduling: Record<string, SchedulingExplanation>;
}

export function runScenario(scenario: Scenario): ScenarioResult {
  const cluster = createCluster({ ...(scenario.nodes ? { nodes: scenario.nodes } : {}), images: scenario.images, seed: scenario.seed });
  const errors: ScenarioRunError[] = [];
  const samples: Sample[] = [];
  if (scenario.sampleEveryMs !== undefined) {
    const every = scenario.sampleEveryMs;
    const tick = (): void => {
      samples.push(cluster.snapshot());
      cluster.ctx.clock.after(every, tick);
    };
    // Sample after everything due at an instant has run: queue the first sample once the manifests are applied.
    cluster.ctx.clock.after(0, tick);
  }
  const start: SourcePosition = { file: scenario.file, line: 1, column: 1 };
  record(errors, cluster, start, 'manifests', cluster.apply(scenario.manifests));
  for (const s of scenario.steps) runOne(cluster, s, errors);
  const objects = cluster.ctx.store
    .kinds()
    .filter((k) => k !== 'Event')
    .sort()
    .flatMap((k) => cluster.list(k));
  const scheduling: Record<string, SchedulingExplanation> = {};
  for (const pod of cluster.list('Pod')) {
    const e = cluster.explain(pod.metadata.namespace!, pod.metadata.name!);
    if (e) scheduling[`${pod.metadata.namespace}/${pod.metadata.name}`] = e;
  }
  return {
    seed: scenario.seed,
    endTime: cluster.now,
    objects,
    events: cluster.events(),
    errors,
    scheduling,
    ...(scenario.sampleEveryMs !== undefined ? { samples } : {}),
  };
}

function runOne(cluster: Cluster, s: ScenarioStep, errors: ScenarioRunError[]): void {
  const { step, position } = s;
  try {
    const done = runStep(cluster, step);
    if (done.applied) record(errors, cluster, position, 'apply', done.applied);
  } catch (e) {
    if (e instanceof ApiError) errors.push({ position, t: cluster.now, step: step.name, reason: e.reason, message: e.text });
    else if (e instanceof KubectlError) errors.push({ position, t: cluster.now, step: step.name, reason: 'KubectlError', message: e.text });
    else throw e;
  }
}

function record(errors: ScenarioRunError[], cluster: Cluster, position: SourcePosition, step: string, outcomes: ApplyOutcome[]): void {
  for (const o of outcomes) {
    if (o.error) errors.push({ position, t: cluster.now, step, reason: o.error.reason, message: o.error.text });
  }
}
