/** One container as the kubelet tracks it: its state, its last termination, its probes and its logs. */
import type { Container } from 'kubernetes-types/core/v1';
import type { Timer } from '../clock.ts';
import type { ImageBehavior } from './images.ts';
import { ProbeState } from './probe.ts';

export type ContainerState =
  | { phase: 'waiting'; reason: string; message?: string }
  | { phase: 'running'; startedAtMs: number }
  | { phase: 'terminated'; reason: string; exitCode: number; startedAtMs: number; finishedAtMs: number; message?: string };

export type Terminated = Extract<ContainerState, { phase: 'terminated' }>;

export interface LogLine {
  atMs: number;
  line: string;
}

export class RuntimeContainer {
  readonly spec: Container;
  readonly init: boolean;
  readonly behavior: ImageBehavior | undefined;
  state: ContainerState = { phase: 'waiting', reason: 'ContainerCreating' };
  lastTermination?: Terminated;
  restartCount = 0;
  containerId?: string;
  /** The startup probe passed (or there is none). */
  started = false;
  /** A sidecar that has started once lets the next init container start, whatever happens to it later. */
  everStarted = false;
  /** When the current run's ports answer, and when it stops answering (a hang). */
  listeningAtMs = Number.POSITIVE_INFINITY;
  hangAtMs = Number.POSITIVE_INFINITY;
  readiness?: ProbeState;
  liveness?: ProbeState;
  startup?: ProbeState;
  /** Timers of the current run (exit, OOM); cancelled when the run ends another way. */
  runTimers: Timer[] = [];
  logs: LogLine[] = [];
  previousLogs: LogLine[] = [];
  /** The environment the current run started with, and the files its volumes show now. */
  env: Record<string, string> = {};
  files: Record<string, string> = {};
  /** For an image with a dataPath: whether this run found earlier data ('restored') or started empty ('new'). */
  data?: 'restored' | 'new';
  /** Set while the kubelet is stopping this container (liveness failure or pod deletion): its preStop hook, then SIGTERM. */
  stopping = false;
  /** SIGTERM was sent: the app no longer accepts connections (unless it hangs). */
  signalled = false;
  /** A preStop hook outlived the grace period and is still running; it fails when the container goes. */
  hookRunning = false;

  constructor(spec: Container, init: boolean, behavior: ImageBehavior | undefined) {
    this.spec = spec;
    this.init = init;
    this.behavior = behavior;
    this.resetProbes();
  }

  /**
   * A sidecar: an init container with `restartPolicy: Always` (KEP-753, GA in v1.33). It starts in the
   * init containers' order, keeps running beside the app, restarts whenever it exits, has probes, and
   * counts for the pod's readiness.
   */
  get sidecar(): boolean {
    return this.init && this.spec.restartPolicy === 'Always';
  }

  /** Whether the next init container (or the app) may start: this one completed, or, a sidecar, started once. */
  get initialized(): boolean {
    return this.sidecar ? this.everStarted : this.state.phase === 'terminated' && this.state.exitCode === 0;
  }

  /** A new run starts with fresh probe results (prober worker: initial values on a new container ID). */
  resetProbes(): void {
    const s = this.spec;
    const probed = !this.init || this.sidecar;
    if (probed && s.readinessProbe) this.readiness = new ProbeState('readiness', s.readinessProbe);
    if (probed && s.livenessProbe) this.liveness = new ProbeState('liveness', s.livenessProbe);
    if (probed && s.startupProbe) this.startup = new ProbeState('startup', s.startupProbe);
    this.started = !this.startup;
  }

  get running(): boolean {
    return this.state.phase === 'running';
  }

  get ready(): boolean {
    return this.running && this.started && (this.readiness ? this.readiness.result === 'Success' : true);
  }

  cancelRun(): void {
    for (const t of this.runTimers) t.cancel();
    this.runTimers = [];
  }
}
