/**
 * One pod on one node, as the kubelet's pod worker runs it (pkg/kubelet/kubelet.go SyncPod,
 * pkg/kubelet/kuberuntime/kuberuntime_manager.go computePodActions / doBackOff): create the sandbox,
 * run init containers one by one, then pull and start the containers in order; probe them; restart
 * them by the restart policy with back-off; report status; stop them (preStop hook, SIGTERM, SIGKILL)
 * when the pod is deleted.
 */
import type { Container, LifecycleHandler, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../kube/object.ts';
import { bytes } from '../../kube/quantity.ts';
import type { Timer } from '../clock.ts';
import type { SimContext } from '../context.ts';
import { Backoff } from './backoff.ts';
import { missingConfig, missingVolume, mountedFiles, resolveEnv, volumeAt } from './config-refs.ts';
import { RuntimeContainer } from './container-runtime.ts';
import { parseImage } from './images.ts';
import type { NodeImages } from './node-images.ts';
import { podStatus } from './pod-status.ts';
import { runProbe, type ProbeState } from './probe.ts';
import { execHook, programFor } from './program.ts';

/** PLEG relist period: how soon the kubelet notices that a container has exited. */
const RELIST_MS = 1000;
/** Retry interval for a pod whose sync failed (e.g. a missing ConfigMap). */
const SYNC_RETRY_MS = 10_000;
/** How often ConfigMap and Secret volumes catch up with their sources (kubelet sync period plus cache TTL). */
const VOLUME_RESYNC_MS = 60_000;
const MIB = 1024 * 1024;
/** kuberuntime_container.go minimumGracePeriodInSeconds: SIGTERM always comes with at least this long before SIGKILL. */
const MINIMUM_GRACE_PERIOD_SECONDS = 2;

export class PodWorker {
  private readonly ctx: SimContext;
  private readonly nodeName: string;
  private readonly images: NodeImages;
  private readonly init: RuntimeContainer[];
  private readonly regular: RuntimeContainer[];
  private readonly timers: Timer[] = [];
  /** The next tick of each probe worker, by `container/type`. */
  private readonly probeTicks = new Map<string, Timer>();
  private readonly restartBackoff = new Backoff();
  private readonly pullBackoff = new Backoff();
  private pod: Pod;
  private readonly podIp: string;
  private readonly startTimeMs: number;
  private terminating = false;
  private stopped = false;

  constructor(ctx: SimContext, pod: Pod, nodeName: string, podIp: string, images: NodeImages) {
    this.ctx = ctx;
    this.pod = pod;
    this.nodeName = nodeName;
    this.podIp = podIp;
    this.images = images;
    this.startTimeMs = ctx.clock.now;
    this.init = (pod.spec?.initContainers ?? []).map((c) => new RuntimeContainer(c, true, ctx.images.resolve(c.image ?? '')));
    this.regular = (pod.spec?.containers ?? []).map((c) => new RuntimeContainer(c, false, ctx.images.resolve(c.image ?? '')));
    for (const c of this.init) c.state = { phase: 'waiting', reason: 'PodInitializing' };
    if (this.init.length > 0) for (const c of this.regular) c.state = { phase: 'waiting', reason: 'PodInitializing' };
  }

  get uid(): string {
    return this.pod.metadata?.uid ?? '';
  }

  /** The containers that run beside each other once initialized: sidecars, then the app's. */
  private get longRunning(): RuntimeContainer[] {
    return [...this.init.filter((c) => c.sidecar), ...this.regular];
  }

  /** The container whose image serves `port`, if it is up and answering now (not starting, crashed or hung). */
  server(port: number): RuntimeContainer | undefined {
    if (this.terminating && this.stopped) return undefined;
    const now = this.ctx.clock.now;
    return this.regular.find((c) => c.running && !c.signalled && (c.behavior?.ports ?? []).includes(port) && now >= c.listeningAtMs && now < c.hangAtMs);
  }

  /** Containers running now (sidecars included), with what their images use when idle. */
  runningContainers(): RuntimeContainer[] {
    return this.longRunning.filter((c) => c.running);
  }

  /** A container by name (for what the app sees: env, files). */
  container(name: string): RuntimeContainer | undefined {
    return [...this.init, ...this.regular].find((c) => c.spec.name === name);
  }

  /** Log lines of a container (the current run, or the previous one), for `kubectl logs`. */
  logs(container: string, previous = false): string[] {
    const c = [...this.init, ...this.regular].find((x) => x.spec.name === container);
    return (previous ? c?.previousLogs : c?.logs)?.map((l) => l.line) ?? [];
  }

  /** Sandbox first; probe workers tick from now on (prober_manager AddPod); volumes; then init containers or the app. */
  start(): void {
    this.writeStatus();
    for (const c of this.longRunning) {
      for (const probe of [c.startup, c.liveness, c.readiness]) if (probe) this.tickProbe(c, probe.type, 0);
    }
    this.mountVolumes();
  }

  /** WaitForAttachAndMount: a ConfigMap or Secret volume that does not exist keeps the pod from starting. */
  private mountVolumes(): void {
    if (this.terminating) return;
    const missing = missingVolume(this.pod, this.ctx.store);
    if (missing) {
      this.event('Warning', 'FailedMount', `MountVolume.SetUp failed for volume "${missing.volume}" : ${missing.message}`);
      this.later(SYNC_RETRY_MS, () => this.mountVolumes());
      return;
    }
    this.later(VOLUME_RESYNC_MS, () => this.refreshVolumes());
    this.proceed();
  }

  /** The kubelet's periodic sync brings changed ConfigMap and Secret contents into running containers' volumes (not their env). */
  private refreshVolumes(): void {
    for (const c of [...this.init, ...this.regular]) if (c.running) c.files = mountedFiles(this.pod, c.spec, this.ctx.store, c.files);
    this.later(VOLUME_RESYNC_MS, () => this.refreshVolumes());
  }

  /** The pod was updated (e.g. marked for deletion). */
  update(pod: Pod): void {
    this.pod = pod;
    if (pod.metadata?.deletionTimestamp && !this.terminating) this.terminate();
  }

  /**
   * The node stopped reporting (a network partition or a dead kubelet): nothing this worker does
   * reaches the API any more. The simulation stops the pod's clock-driven work until the node is
   * back; containers are assumed to have kept running (their own exit timers are dropped).
   */
  freeze(): void {
    for (const t of this.timers) t.cancel();
    this.stopProbes();
    for (const c of [...this.init, ...this.regular]) {
      c.cancelRun();
      c.stopping = false;
      c.signalled = false;
      c.hookRunning = false;
    }
  }

  /** The node is back: report the pod again, resume probing, and finish a deletion that came meanwhile. */
  resume(pod: Pod): void {
    this.pod = pod;
    if (pod.metadata?.deletionTimestamp) {
      this.terminate();
      return;
    }
    this.writeStatus();
    for (const c of this.longRunning) {
      for (const probe of [c.startup, c.liveness, c.readiness]) if (probe) this.tickProbe(c, probe.type, 0);
    }
  }

  /** The pod object is gone (force-deleted or removed): stop all work for it. */
  stop(): void {
    this.stopped = true;
    this.terminating = true;
    for (const t of this.timers) t.cancel();
    this.stopProbes();
    for (const c of [...this.init, ...this.regular]) c.cancelRun();
  }

  /**
   * Starts the next init container, or every app container once the init containers are done
   * (kuberuntime computeInitContainerActions: a sidecar lets the next one start once it has started).
   */
  private proceed(): void {
    if (this.terminating) return;
    const nextInit = this.init.find((c) => !c.initialized);
    if (nextInit) {
      if (nextInit.state.phase === 'waiting' && (nextInit.state.reason === 'PodInitializing' || nextInit.state.reason === 'ContainerCreating')) this.ensureImage(nextInit);
      return;
    }
    for (const c of this.regular) if (c.state.phase === 'waiting' && (c.state.reason === 'PodInitializing' || c.state.reason === 'ContainerCreating')) c.state = { phase: 'waiting', reason: 'ContainerCreating' };
    this.writeStatus();
    this.startInOrder(0);
  }

  /** kuberuntime SyncPod starts containers one after another; each pull blocks the next start. */
  private startInOrder(index: number): void {
    const c = this.regular[index];
    if (!c || this.terminating) return;
    if (c.state.phase !== 'waiting' || c.lastTermination) {
      this.startInOrder(index + 1);
      return;
    }
    this.ensureImage(c, () => this.startInOrder(index + 1));
  }

  /** EnsureImageExists, then the container's config, then create and start it. */
  private ensureImage(c: RuntimeContainer, then?: () => void): void {
    const image = c.spec.image ?? '';
    const policy = c.spec.imagePullPolicy ?? 'IfNotPresent';
    const present = this.images.has(image);
    if (!c.behavior) {
      this.event('Normal', 'Pulling', `Pulling image "${image}"`);
      this.later(1000, () => this.failPull(c, then));
      return;
    }
    if (present && policy !== 'Always') {
      this.event('Normal', 'Pulled', `Container image "${image}" already present on machine`);
      this.create(c, then);
      return;
    }
    if (policy === 'Never') {
      c.state = { phase: 'waiting', reason: 'ErrImageNeverPull', message: `Container image "${image}" is not present with pull policy of Never` };
      this.event('Warning', 'ErrImageNeverPull', c.state.message!);
      this.writeStatus();
      return;
    }
    const requestedAt = this.ctx.clock.now;
    this.event('Normal', 'Pulling', `Pulling image "${image}"`);
    // A cached image under pull policy Always is only checked against the registry.
    const ticket = this.images.request(image, present ? 500 : Math.round((c.behavior.pullSeconds ?? 2) * 1000), requestedAt);
    this.ctx.clock.at(ticket.doneAtMs, () => this.images.arrived(image));
    this.atTime(ticket.doneAtMs, () => {
      const total = (this.ctx.clock.now - requestedAt) / 1000;
      this.event('Normal', 'Pulled', `Successfully pulled image "${image}" in ${ticket.pullMs / 1000}s (${total}s including waiting). Image size: ${imageSize(c)} bytes.`);
      this.create(c, then);
    });
  }

  private failPull(c: RuntimeContainer, then?: () => void): void {
    const image = c.spec.image ?? '';
    const ref = fullReference(image);
    const detail = `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
    this.event('Warning', 'Failed', `Failed to pull image "${image}": rpc error: code = NotFound desc = ${detail}`);
    this.event('Warning', 'Failed', 'Error: ErrImagePull');
    c.state = { phase: 'waiting', reason: 'ErrImagePull', message: `rpc error: code = NotFound desc = ${detail}` };
    this.writeStatus();
    const wait = this.pullBackoff.next(`${image}`, this.ctx.clock.now);
    // The next sync finds the pull in back-off (pkg/kubelet/images/image_manager.go).
    this.later(RELIST_MS, () => {
      c.state = { phase: 'waiting', reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` };
      this.event('Normal', 'BackOff', `Back-off pulling image "${image}"`);
      this.event('Warning', 'Failed', 'Error: ImagePullBackOff');
      this.writeStatus();
    });
    this.later(wait, () => this.ensureImage(c, then));
  }

  /** generateContainerConfig can fail on a missing ConfigMap or Secret: CreateContainerConfigError, retried. */
  private create(c: RuntimeContainer, then?: () => void): void {
    if (this.terminating) return;
    const missing = missingConfig(this.pod, c.spec, this.ctx.store);
    if (missing) {
      const first = !(c.state.phase === 'waiting' && c.state.reason === 'CreateContainerConfigError' && c.state.message === missing);
      c.state = { phase: 'waiting', reason: 'CreateContainerConfigError', message: missing };
      if (first) this.writeStatus();
      this.event('Warning', 'Failed', `Error: ${missing}`);
      then?.();
      this.later(SYNC_RETRY_MS, () => this.create(c));
      return;
    }
    this.run(c, then);
  }

  /** Starts the container, runs its postStart hook, then `then` (the next container's start). */
  private run(c: RuntimeContainer, then?: () => void): void {
    const { clock, rng } = this.ctx;
    const behavior = c.behavior!;
    const now = clock.now;
    c.containerId = `containerd://${hex(rng, 64)}`;
    c.resetProbes();
    c.state = { phase: 'running', startedAtMs: now };
    c.stopping = false;
    c.signalled = false;
    c.hookRunning = false;
    c.listeningAtMs = now + (behavior.startSeconds ?? 0) * 1000;
    c.hangAtMs = behavior.hangAfterSeconds === undefined ? Number.POSITIVE_INFINITY : now + behavior.hangAfterSeconds * 1000;
    c.env = resolveEnv(this.pod, c.spec, this.ctx.store, this.podIp);
    c.files = mountedFiles(this.pod, c.spec, this.ctx.store);
    // An app that misses its configuration says so and exits at start.
    const missingEnv = (behavior.requiresEnv ?? []).find((k) => !(k in c.env));
    const missingFile = (behavior.requiresFiles ?? []).find((f) => !(f in c.files));
    const program = missingEnv
      ? { exitAfterMs: 0, exitCode: 1, logs: [`error: required environment variable ${missingEnv} is not set`] }
      : missingFile
        ? { exitAfterMs: 0, exitCode: 1, logs: [`error: open ${missingFile}: no such file or directory`] }
        : programFor(behavior, c.spec.command ?? [], c.spec.args ?? [], this.countStart(c.spec.image ?? ''));
    if (behavior.dataPath) {
      const volume = volumeAt(this.pod, c.spec, behavior.dataPath, this.ctx.store);
      const earlier = volume ? this.ctx.volumeData.get(volume) : undefined;
      c.data = earlier ? 'restored' : 'new';
      program.logs.unshift(earlier ? `data directory ${behavior.dataPath} exists (written by ${earlier.by}); reusing it` : `initializing a new data directory at ${behavior.dataPath}`);
      if (volume) this.ctx.volumeData.set(volume, { writtenAtMs: now, by: this.pod.metadata?.name ?? '' });
    }
    c.logs = program.logs.map((line) => ({ atMs: c.listeningAtMs === Number.POSITIVE_INFINITY ? now : Math.min(c.listeningAtMs, now + 1), line }));
    this.event('Normal', 'Created', `Created container: ${c.spec.name}`);
    this.event('Normal', 'Started', `Started container ${c.spec.name}`);
    // The memory limit is enforced by the kernel: a process that needs more is OOM-killed once it has loaded.
    const limit = bytes(c.spec.resources?.limits?.memory);
    if (limit !== undefined && (behavior.memoryMi ?? 0) * MIB > limit) {
      c.runTimers.push(clock.after(Math.max(0, c.listeningAtMs - now), () => this.exited(c, 137, 'OOMKilled')));
    } else if (program.exitAfterMs !== undefined) {
      c.runTimers.push(clock.after(program.exitAfterMs, () => this.exited(c, program.exitCode)));
    }
    this.writeStatus();
    const postStart = c.spec.lifecycle?.postStart;
    if (!postStart) {
      if (c.started) this.firstStarted(c);
      then?.();
      return;
    }
    // startContainer runs the hook and returns only when it does: the next container waits meanwhile
    // (a hook that never returns holds the rest of the pod back, as on a real node).
    const hook = this.hook(c, postStart);
    if (hook.ms === Number.POSITIVE_INFINITY) return;
    const runId = c.containerId;
    c.runTimers.push(
      clock.after(hook.ms, () => {
        if (c.containerId !== runId || c.state.phase !== 'running') return;
        if (hook.failed) {
          // FailedPostStartHook: the container is killed (preStop and all) and restarted by its policy.
          this.event('Warning', 'FailedPostStartHook', hook.message);
          this.event('Normal', 'Killing', 'FailedPostStartHook');
          this.kill(c);
        } else if (c.started) this.firstStarted(c);
        then?.();
      }),
    );
  }

  /** A container started (its startup probe passed, or it has none): a sidecar's first start lets the next init container go. */
  private firstStarted(c: RuntimeContainer): void {
    if (c.everStarted) return;
    c.everStarted = true;
    if (c.sidecar) this.proceed();
  }

  /** Counts a start of `image` in the cluster; returns how many containers of it started before. */
  private countStart(image: string): number {
    const ref = parseImage(image);
    const key = `${ref.repository}:${ref.tag}`;
    const before = this.ctx.imageStarts.get(key) ?? 0;
    this.ctx.imageStarts.set(key, before + 1);
    return before;
  }

  /** A container's process ended (on its own, OOM-killed, or stopped by the kubelet). */
  private exited(c: RuntimeContainer, exitCode: number, reason?: string): void {
    if (c.state.phase !== 'running' || this.stopped) return;
    c.cancelRun();
    // handlers.go: a hook still running when its container goes fails ("container terminated before sleep hook finished").
    if (c.hookRunning) this.event('Warning', 'FailedPreStopHook', 'PreStopHook failed');
    c.hookRunning = false;
    const now = this.ctx.clock.now;
    c.state = { phase: 'terminated', exitCode, reason: reason ?? (exitCode === 0 ? 'Completed' : 'Error'), startedAtMs: c.state.startedAtMs, finishedAtMs: now };
    if (this.terminating) {
      this.writeStatus();
      this.finishTermination();
      return;
    }
    if (c.sidecar) {
      // A sidecar restarts whatever the pod's restart policy, until the app's containers are done.
      this.writeStatus();
      if (!this.appDone()) this.restartAfterBackoff(c);
      return;
    }
    if (c.init) {
      this.writeStatus();
      if (exitCode === 0) {
        this.proceed();
        return;
      }
      // A failed init container is retried (with back-off) unless the pod's restart policy is Never.
      if ((this.pod.spec?.restartPolicy ?? 'Always') !== 'Never') this.restartAfterBackoff(c);
      return;
    }
    const policy = this.pod.spec?.restartPolicy ?? 'Always';
    const restart = policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
    this.writeStatus();
    if (restart) this.restartAfterBackoff(c);
    else if (this.appDone()) this.stopSidecars(this.pod.spec?.terminationGracePeriodSeconds ?? 30);
  }

  /** The app's containers have all ended and none will run again (a Job's pod): sidecars are no longer needed. */
  private appDone(): boolean {
    const policy = this.pod.spec?.restartPolicy ?? 'Always';
    if (policy === 'Always') return false;
    return this.regular.every((c) => c.state.phase === 'terminated' && (policy === 'Never' || c.state.exitCode === 0));
  }

  /** Stops the running sidecars, last first (the termination ordering of KEP-753), with `graceSeconds` each. */
  private stopSidecars(graceSeconds: number): void {
    for (const c of [...this.init].reverse()) {
      if (!c.sidecar || c.state.phase !== 'running' || c.stopping) continue;
      this.event('Normal', 'Killing', `Stopping container ${c.spec.name}`);
      c.cancelRun();
      this.kill(c, graceSeconds);
    }
  }

  /** doBackOff: wait 10 s, 20 s, 40 s … (300 s at most) in CrashLoopBackOff, then start again. */
  private restartAfterBackoff(c: RuntimeContainer): void {
    const last = c.state as Extract<typeof c.state, { phase: 'terminated' }>;
    const wait = this.restartBackoff.next(c.spec.name, last.finishedAtMs);
    this.later(RELIST_MS, () => {
      if (c.state.phase !== 'terminated') return;
      c.lastTermination = last;
      c.previousLogs = c.logs;
      c.logs = [];
      const pod = `${this.pod.metadata?.name}_${this.pod.metadata?.namespace}(${this.uid})`;
      c.state = { phase: 'waiting', reason: 'CrashLoopBackOff', message: `back-off ${formatDuration(wait)} restarting failed container=${c.spec.name} pod=${pod}` };
      this.event('Warning', 'BackOff', `Back-off restarting failed container ${c.spec.name} in pod ${pod}`);
      this.writeStatus();
    });
    this.later(Math.max(wait, RELIST_MS), () => {
      if (this.terminating) return;
      c.lastTermination = last;
      c.restartCount++;
      this.ensureImage(c);
    });
  }

  /** prober worker: ticks every periodSeconds from when the pod was added; see doProbe for when it skips. */
  private tickProbe(c: RuntimeContainer, type: ProbeState['type'], delayMs: number): void {
    const tick = this.ctx.clock.after(delayMs, () => {
      const probe = type === 'readiness' ? c.readiness : type === 'liveness' ? c.liveness : c.startup;
      if (probe) this.probe(c, probe);
      const spec = type === 'readiness' ? c.spec.readinessProbe : type === 'liveness' ? c.spec.livenessProbe : c.spec.startupProbe;
      if (this.probeTicks.get(probeKey(c, type)) === tick) this.tickProbe(c, type, (spec?.periodSeconds ?? 10) * 1000);
    });
    this.probeTicks.set(probeKey(c, type), tick);
  }

  /** Stops probe workers: those of `type`, or all. */
  private stopProbes(type?: ProbeState['type']): void {
    for (const [key, tick] of this.probeTicks) {
      if (type !== undefined && !key.endsWith(`/${type}`)) continue;
      tick.cancel();
      this.probeTicks.delete(key);
    }
  }

  /**
   * worker.go doProbe. A liveness or startup worker whose probe failed is on hold until a new container
   * starts (onHold); the readiness worker keeps probing the container until it has exited, through the
   * grace period of a liveness kill.
   */
  private probe(c: RuntimeContainer, probe: ProbeState): void {
    if (c.state.phase !== 'running' || !c.behavior) return;
    if (c.stopping && probe.type !== 'readiness') return;
    if (probe.type === 'startup' && c.started) return;
    if (probe.type !== 'startup' && !c.started) return;
    const now = this.ctx.clock.now;
    if (now - c.state.startedAtMs < (probe.spec.initialDelaySeconds ?? 0) * 1000) return;
    const hung = now >= c.hangAtMs;
    const outcome = runProbe(probe.spec, {
      behavior: c.behavior,
      podIp: this.podIp,
      // After SIGTERM an app closes its ports (as server() has it), unless it hangs and ignores the signal.
      listening: now >= c.listeningAtMs && (!c.signalled || hung),
      hung,
      resolvePort: (p) => resolvePort(c.spec, p),
    });
    const label = probe.type === 'readiness' ? 'Readiness' : probe.type === 'liveness' ? 'Liveness' : 'Startup';
    if (!outcome.ok) this.event('Warning', 'Unhealthy', `${label} probe failed: ${outcome.message}`);
    const changed = probe.observe(outcome.ok);
    if (!changed) return;
    if (probe.type === 'startup' && probe.result === 'Success') {
      c.started = true;
      this.firstStarted(c);
    }
    if ((probe.type === 'liveness' || probe.type === 'startup') && probe.result === 'Failure') {
      this.event('Normal', 'Killing', `Container ${c.spec.name} failed ${probe.type} probe, will be restarted`);
      this.kill(c);
    }
    this.writeStatus();
  }

  /**
   * killContainer (pkg/kubelet/kuberuntime/kuberuntime_container.go): the preStop hook first, for at
   * most the grace period, whose time it uses up (in whole seconds, as executePreStopHook measures it);
   * then SIGTERM with what is left of the grace period, never less than minimumGracePeriodInSeconds;
   * SIGKILL when that ends. A hook that fails is reported as FailedPreStopHook, without its output
   * (executePreStopHook keeps it out of the event so that secrets do not leak).
   */
  private kill(c: RuntimeContainer, graceSeconds?: number): void {
    if (c.state.phase !== 'running' || c.stopping) return;
    c.stopping = true;
    const grace = graceSeconds ?? this.pod.metadata?.deletionGracePeriodSeconds ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30;
    const hook = c.spec.lifecycle?.preStop;
    if (!hook || grace <= 0) {
      this.sigterm(c, grace);
      return;
    }
    const run = this.hook(c, hook);
    c.hookRunning = true;
    if (run.ms <= grace * 1000) {
      c.runTimers.push(
        this.ctx.clock.after(run.ms, () => {
          c.hookRunning = false;
          if (run.failed) this.event('Warning', 'FailedPreStopHook', 'PreStopHook failed');
          this.sigterm(c, grace - Math.floor(run.ms / 1000));
        }),
      );
      return;
    }
    // The kubelet stops waiting for the hook when the grace period is over; the hook fails when the container goes.
    c.runTimers.push(this.ctx.clock.after(grace * 1000, () => this.sigterm(c, 0)));
  }

  /**
   * How a lifecycle hook (postStart or preStop) runs (pkg/kubelet/lifecycle/handlers.go Run): when it
   * returns (Infinity: not while the container lives), whether it fails, and what the kubelet says then.
   * `sleep` waits its seconds (0 allowed since v1.34, KEP-3960 and PodLifecycleSleepActionAllowZero);
   * `exec` runs its command in the container (execHook); `httpGet` fails at once when nothing answers on
   * the port, never returns from a hung app (the kubelet's HTTP client sets no timeout), and otherwise
   * succeeds whatever the status code; `tcpSocket` is not a lifecycle handler the kubelet can run.
   */
  private hook(c: RuntimeContainer, hook: LifecycleHandler): { ms: number; failed: boolean; message: string } {
    const where = `for Container "${c.spec.name}" in Pod "${this.pod.metadata?.name}_${this.pod.metadata?.namespace}(${this.uid})"`;
    if (hook.sleep) return { ms: (hook.sleep.seconds ?? 0) * 1000, failed: false, message: '' };
    const behavior = c.behavior ?? {};
    if (hook.exec) {
      const command = hook.exec.command ?? [];
      const run = execHook(behavior, command);
      const message = `Exec lifecycle hook ([${command.join(' ')}]) ${where} failed - error: command '${command.join(' ')}' exited with ${run.exitCode}: , message: ""`;
      return { ms: run.ms ?? Number.POSITIVE_INFINITY, failed: run.exitCode !== 0, message };
    }
    if (hook.httpGet) {
      const port = resolvePort(c.spec, hook.httpGet.port);
      const now = this.ctx.clock.now;
      const url = `http://${this.podIp}:${port ?? hook.httpGet.port}${hook.httpGet.path ?? ''}`;
      const refused = `HTTP lifecycle hook (${hook.httpGet.path ?? ''}) ${where} failed - error: Get "${url}": dial tcp ${this.podIp}:${port ?? hook.httpGet.port}: connect: connection refused`;
      if (port === undefined || !(behavior.ports ?? []).includes(port) || now < c.listeningAtMs) return { ms: 0, failed: true, message: refused };
      if (now >= c.hangAtMs) return { ms: Number.POSITIVE_INFINITY, failed: true, message: refused };
      return { ms: (behavior.hookSeconds ?? 0) * 1000, failed: false, message: '' };
    }
    return { ms: 0, failed: true, message: `Unknown handler ${where}` };
  }

  /** StopContainer: SIGTERM, then SIGKILL when the grace period (at least minimumGracePeriodInSeconds) ends, if the process has not exited. */
  private sigterm(c: RuntimeContainer, graceSeconds: number): void {
    c.signalled = true;
    const grace = Math.max(graceSeconds, MINIMUM_GRACE_PERIOD_SECONDS) * 1000;
    const hung = this.ctx.clock.now >= c.hangAtMs;
    const shutdown = hung ? Number.POSITIVE_INFINITY : (c.behavior?.shutdownSeconds ?? 0) * 1000;
    if (shutdown <= grace) c.runTimers.push(this.ctx.clock.after(shutdown, () => this.exited(c, this.terminating ? 0 : 143)));
    else c.runTimers.push(this.ctx.clock.after(grace, () => this.exited(c, 137)));
  }

  /**
   * Graceful termination (SyncTerminatingPod): every running container is stopped, then the pod object
   * is removed. Liveness and startup workers end with Success on deletion; the readiness worker keeps
   * probing the containers until they have exited (pkg/kubelet/prober/worker.go doProbe), so a pod
   * whose app stops answering while it drains turns NotReady, and its endpoint stops `serving`.
   */
  private terminate(): void {
    this.terminating = true;
    for (const t of this.timers) t.cancel();
    this.stopProbes('liveness');
    this.stopProbes('startup');
    let started = false;
    for (const c of this.longRunning) {
      if (c.startup && c.running && !c.started) {
        c.startup.result = 'Success';
        c.started = started = true;
      }
      if (c.readiness && !this.probeTicks.has(probeKey(c, 'readiness'))) this.tickProbe(c, 'readiness', 0);
    }
    if (started) this.writeStatus();
    // Sidecars go after the app's containers (finishTermination).
    for (const c of [...this.init.filter((x) => !x.sidecar), ...this.regular]) {
      // A container the kubelet is already stopping (after a failed liveness probe) finishes that.
      if (c.state.phase !== 'running' || c.stopping) continue;
      this.event('Normal', 'Killing', `Stopping container ${c.spec.name}`);
      c.cancelRun();
      this.kill(c);
    }
    this.finishTermination();
  }

  private finishTermination(): void {
    if (!this.terminating) return;
    if ([...this.init.filter((c) => !c.sidecar), ...this.regular].some((c) => c.state.phase === 'running')) return;
    // The app's containers are gone: the sidecars stop, with what is left of the grace period.
    const deadline = this.ctx.clock.parse(this.pod.metadata?.deletionTimestamp);
    this.stopSidecars(deadline === undefined ? 0 : Math.max(0, Math.floor((deadline - this.ctx.clock.now) / 1000)));
    if (this.init.some((c) => c.state.phase === 'running')) return;
    const { name, namespace } = this.pod.metadata ?? {};
    this.stopped = true;
    this.stopProbes();
    this.ctx.clock.after(0, () => {
      if (this.ctx.store.get('Pod', name ?? '', namespace)) this.ctx.store.remove('Pod', name ?? '', namespace);
    });
  }

  private later(ms: number, task: () => void): void {
    this.timers.push(this.ctx.clock.after(ms, task));
  }

  private atTime(atMs: number, task: () => void): void {
    this.timers.push(this.ctx.clock.at(atMs, task));
  }

  private event(type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.ctx.events.record(this.pod as unknown as KubeObject, type, reason, message, 'kubelet', this.nodeName);
  }

  private writeStatus(): void {
    if (this.stopped) return;
    const { clock, store, api } = this.ctx;
    const current = store.get('Pod', this.pod.metadata?.name ?? '', this.pod.metadata?.namespace) as Pod | undefined;
    if (!current) return;
    const status = podStatus(current, this.init, this.regular, clock, {
      podIp: this.podIp,
      startTimeMs: this.startTimeMs,
      imageId: (c) => (this.images.has(c.spec.image ?? '') ? `${fullReference(c.spec.image ?? '')}@sha256:${digest(c.spec.image ?? '')}` : ''),
    });
    api.updateStatus(current as unknown as KubeObject, status);
  }
}

function probeKey(c: RuntimeContainer, type: ProbeState['type']): string {
  return `${c.spec.name}/${type}`;
}

/** A container port number for a probe's port (a number, or the name of one of the container's ports). */
function resolvePort(spec: Container, port: number | string): number | undefined {
  if (typeof port === 'number') return port;
  return spec.ports?.find((p) => p.name === port)?.containerPort;
}

/** `nginx:1.27` → `docker.io/library/nginx:1.27`, as containerd names it. */
function fullReference(image: string): string {
  const ref = parseImage(image);
  const first = ref.repository.split('/')[0] ?? '';
  const registry = ref.repository.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const repo = registry ? ref.repository : ref.repository.includes('/') ? `docker.io/${ref.repository}` : `docker.io/library/${ref.repository}`;
  return ref.tag === '' ? repo : `${repo}:${ref.tag}`;
}

/** A stable fake digest for an image reference. */
function digest(image: string): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < 64; round++) {
    for (let i = 0; i < image.length; i++) h = Math.imul(h ^ image.charCodeAt(i), 0x01000193) >>> 0;
    h = Math.imul(h ^ round, 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 64);
}

function imageSize(c: RuntimeContainer): number {
  return Math.round((c.behavior?.pullSeconds ?? 2) * 24_000_000);
}

function hex(rng: { int(n: number): number }, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += rng.int(16).toString(16);
  return s;
}

/** Go's time.Duration String for whole seconds: 10s, 1m20s, 5m0s. */
function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${s % 60}s`;
}
