/**
 * Scenario checks: apply the submission to a fresh cluster, run steps (let time pass, roll out an
 * image, fail a node, send traffic …) while probes record values every simulated second, then assert
 * invariants over the timeline with `always`, `eventually` and `never`, each within a window:
 *
 *   const run = await ctx.scenario();
 *   run.probe('ready', async (b) => (await readyEndpoints(b, 'web')).length);
 *   await run.advance('60s');
 *   await run.step({ name: 'setImage', args: { deployment: 'web', container: 'web', image: 'nginx:1.28' } });
 *   await run.advance('120s');
 *   always(run.timeline('ready'), (n) => n >= 2, { from: '60s', to: '180s' })
 *     // "ready endpoints ≥ 2 at every second between t=60 s and t=180 s"
 *
 * `run.step` takes the steps of scenario files (apply, scale, setImage, delete, rollback, restart,
 * evict, drain, failNode, traffic …) on either backend; a real cluster skips what it cannot do (fail a
 * node, send traffic) and the outcome says so. `run.sim`, the simulated cluster, is there for what only
 * a simulator can tell (its traffic counters, scheduling explanations).
 */
import type { ApplyResult, ClusterBackend, Step, StepOutcome } from '../backends/backend.ts';
import { SimBackend } from '../backends/sim.ts';
import type { Cluster } from '../sim/cluster.ts';
import { parseDuration } from '../sim/duration.ts';
import { text, type Text } from '../kube/text.ts';

export interface Sample<T> {
  /** Seconds since the submission was applied. */
  t: number;
  value: T;
}

type Probe = (backend: ClusterBackend) => unknown;

export class ScenarioRun {
  readonly backend: ClusterBackend;
  /** The simulated cluster, for the steps only a simulator can take; undefined on a real cluster. */
  readonly sim: Cluster | undefined;
  readonly applied: readonly ApplyResult[];
  private readonly probes = new Map<string, Probe>();
  private readonly samples = new Map<string, Sample<unknown>[]>();
  private readonly stepMs: number;

  constructor(backend: ClusterBackend, applied: readonly ApplyResult[], options: { every?: string } = {}) {
    this.backend = backend;
    this.sim = backend instanceof SimBackend ? backend.cluster : undefined;
    this.applied = applied;
    this.stepMs = parseDuration(options.every ?? '1s');
  }

  /** Records `measure` now and after every step of `advance`, under `name`. */
  async probe<T>(name: string, measure: (backend: ClusterBackend) => T | Promise<T>): Promise<void> {
    this.probes.set(name, measure);
    this.samples.set(name, []);
    await this.sampleOne(name, measure);
  }

  /** Lets `duration` pass in steps of the sampling interval, recording every probe after each step. */
  async advance(duration: string): Promise<void> {
    let left = parseDuration(duration);
    while (left > 0) {
      const step = Math.min(this.stepMs, left);
      await this.backend.advance(`${step}ms`);
      left -= step;
      for (const [name, measure] of this.probes) await this.sampleOne(name, measure);
    }
  }

  /**
   * Takes a scenario step on the backend, then records every probe again (a sample at the same second
   * is replaced, so the timeline shows the state after the step). `advance` steps advance as `advance` does.
   */
  async step(step: Step): Promise<StepOutcome> {
    if (step.name === 'advance') {
      await this.advance(`${step.ms}ms`);
      return { status: 'done', message: text(`${step.ms / 1000}초가 지났다`, `${step.ms / 1000} s passed`) };
    }
    const outcome = await this.backend.step(step);
    for (const [name, measure] of this.probes) await this.sampleOne(name, measure);
    return outcome;
  }

  /** The recorded values of a probe, in time order. */
  timeline<T>(name: string): Sample<T>[] {
    const samples = this.samples.get(name);
    if (!samples) throw new Error(`no probe named "${name}"`);
    return samples as Sample<T>[];
  }

  /** Seconds since the submission was applied. */
  now(): number {
    return this.backend.now();
  }

  private async sampleOne(name: string, measure: Probe): Promise<void> {
    const t = this.backend.now();
    const list = this.samples.get(name)!;
    const value = await measure(this.backend);
    if (list.at(-1)?.t === t) list[list.length - 1] = { t, value };
    else list.push({ t, value });
  }
}

export interface Window {
  /** Start of the window (a duration since apply, e.g. "60s"); the beginning when omitted. */
  from?: string;
  /** End of the window, inclusive; the end of the timeline when omitted. */
  to?: string;
}

export interface InvariantResult<T> {
  holds: boolean;
  /** Share of the window's samples that satisfied the predicate (for partial credit). */
  fraction: number;
  /** The first sample that broke the invariant (always, never) or the last one looked at (eventually). */
  witness?: Sample<T>;
  /** How many samples the window held. */
  samples: number;
  /** A sentence for the check's message, built from the property's description. */
  message: Text;
}

function windowOf<T>(timeline: readonly Sample<T>[], w: Window): { from: number; to: number; inside: Sample<T>[] } {
  const from = w.from ? parseDuration(w.from) / 1000 : -Infinity;
  const to = w.to ? parseDuration(w.to) / 1000 : Infinity;
  return { from, to, inside: timeline.filter((s) => s.t >= from && s.t <= to) };
}

function span(from: number, to: number): Text {
  const a = Number.isFinite(from) ? from : undefined;
  const b = Number.isFinite(to) ? to : undefined;
  if (a !== undefined && b !== undefined) return text(`t=${a}초부터 t=${b}초까지`, `between t=${a} s and t=${b} s`);
  if (a !== undefined) return text(`t=${a}초부터`, `from t=${a} s on`);
  if (b !== undefined) return text(`t=${b}초까지`, `until t=${b} s`);
  return text('내내', 'throughout');
}

function value(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The predicate holds at every sample of the window ("ready ≥ 2 at every second between t=60 s and t=180 s"). */
export function always<T>(timeline: readonly Sample<T>[], predicate: (v: T) => boolean, window: Window = {}, describe: Text = text('조건', 'the condition')): InvariantResult<T> {
  const { from, to, inside } = windowOf(timeline, window);
  const broken = inside.filter((s) => !predicate(s.value));
  const first = broken[0];
  const fraction = inside.length === 0 ? 0 : (inside.length - broken.length) / inside.length;
  const when = span(from, to);
  if (inside.length === 0) return { holds: false, fraction: 0, samples: 0, message: text(`${when.ko} 관찰한 값이 없다`, `nothing was observed ${when.en}`) };
  return {
    holds: !first,
    fraction,
    ...(first ? { witness: first } : {}),
    samples: inside.length,
    message: first
      ? text(
          `${describe.ko}이(가) ${when.ko} 늘 성립해야 하는데 t=${first.t}초에 깨졌다 (값 ${value(first.value)}; ${inside.length}번 중 ${broken.length}번)`,
          `${describe.en} must hold at every sample ${when.en}, but broke at t=${first.t} s (value ${value(first.value)}; ${broken.length} of ${inside.length} samples)`,
        )
      : text(`${describe.ko}이(가) ${when.ko} 늘 성립했다 (${inside.length}번 관찰)`, `${describe.en} held at every sample ${when.en} (${inside.length} samples)`),
  };
}

/** The predicate never holds in the window ("no failed requests during the rollout"). */
export function never<T>(timeline: readonly Sample<T>[], predicate: (v: T) => boolean, window: Window = {}, describe: Text = text('조건', 'the condition')): InvariantResult<T> {
  const { from, to, inside } = windowOf(timeline, window);
  const hits = inside.filter((s) => predicate(s.value));
  const first = hits[0];
  const when = span(from, to);
  if (inside.length === 0) return { holds: false, fraction: 0, samples: 0, message: text(`${when.ko} 관찰한 값이 없다`, `nothing was observed ${when.en}`) };
  return {
    holds: !first,
    fraction: (inside.length - hits.length) / inside.length,
    ...(first ? { witness: first } : {}),
    samples: inside.length,
    message: first
      ? text(
          `${describe.ko}이(가) ${when.ko} 한 번도 일어나면 안 되는데 t=${first.t}초에 일어났다 (값 ${value(first.value)}; ${inside.length}번 중 ${hits.length}번)`,
          `${describe.en} must never happen ${when.en}, but did at t=${first.t} s (value ${value(first.value)}; ${hits.length} of ${inside.length} samples)`,
        )
      : text(`${describe.ko}이(가) ${when.ko} 한 번도 일어나지 않았다 (${inside.length}번 관찰)`, `${describe.en} never happened ${when.en} (${inside.length} samples)`),
  };
}

/** The predicate holds at some sample of the window ("3 pods ready within 60 s"). */
export function eventually<T>(timeline: readonly Sample<T>[], predicate: (v: T) => boolean, window: Window = {}, describe: Text = text('조건', 'the condition')): InvariantResult<T> {
  const { from, to, inside } = windowOf(timeline, window);
  const hit = inside.find((s) => predicate(s.value));
  const last = inside.at(-1);
  const when = span(from, to);
  return {
    holds: hit !== undefined,
    fraction: hit ? 1 : 0,
    ...(hit ? { witness: hit } : last ? { witness: last } : {}),
    samples: inside.length,
    message: hit
      ? text(`${describe.ko}이(가) t=${hit.t}초에 성립했다 (살펴본 구간: ${when.ko})`, `${describe.en} held at t=${hit.t} s (window: ${when.en})`)
      : text(
          `${describe.ko}이(가) ${when.ko} 한 번도 성립하지 않았다${last ? ` (마지막 값 ${value(last.value)})` : ''}`,
          `${describe.en} never held ${when.en}${last ? ` (last value ${value(last.value)})` : ''}`,
        ),
  };
}
