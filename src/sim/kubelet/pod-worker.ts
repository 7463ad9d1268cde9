/**
 * One pod on one node, as the kubelet's pod worker runs it (pkg/kubelet/kubelet.go SyncPod,
 * pkg/kubelet/kuberuntime/kuberuntime_manager.go): create the sandbox, pull and start the containers
 * in order, probe them, report status, and stop them when the pod is deleted.
 */
import type { Container, ContainerStatus, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../kube/object.ts';
import type { Timer } from '../clock.ts';
import type { SimContext } from '../context.ts';
import type { ImageBehavior } from './images.ts';
import { ProbeState, runProbe } from './probe.ts';

type ContainerState =
  | { phase: 'waiting'; reason: string; message?: string }
  | { phase: 'running'; startedAtMs: number }
  | { phase: 'terminated'; reason: string; exitCode: number; startedAtMs: number; finishedAtMs: number };

interface RuntimeContainer {
  spec: Container;
  behavior?: ImageBehavior;
  state: ContainerState;
  restartCount: number;
  containerId?: string;
  readiness?: ProbeState;
}

const IMAGE_PULL_BACKOFF_MS = { initial: 10_000, max: 300_000 }; // pkg/kubelet/images: backOff 10s to 300s

export class PodWorker {
  private readonly ctx: SimContext;
  private readonly nodeName: string;
  private readonly pulledImages: Set<string>;
  private readonly containers: RuntimeContainer[];
  private readonly timers: Timer[] = [];
  private pod: Pod;
  private podIp: string;
  private startTimeMs: number;
  private terminating = false;
  private pullBackoffMs = IMAGE_PULL_BACKOFF_MS.initial;

  constructor(ctx: SimContext, pod: Pod, nodeName: string, podIp: string, pulledImages: Set<string>) {
    this.ctx = ctx;
    this.pod = pod;
    this.nodeName = nodeName;
    this.podIp = podIp;
    this.pulledImages = pulledImages;
    this.startTimeMs = ctx.clock.now;
    this.containers = (pod.spec?.containers ?? []).map((spec) => ({
      spec,
      behavior: ctx.images.resolve(spec.image ?? ''),
      state: { phase: 'waiting', reason: 'ContainerCreating' },
      restartCount: 0,
      ...(spec.readinessProbe ? { readiness: new ProbeState('readiness', spec.readinessProbe) } : {}),
    }));
  }

  get uid(): string {
    return this.pod.metadata?.uid ?? '';
  }

  /** Sandbox first, then containers in order; probe workers tick from now on (prober_manager AddPod). */
  start(): void {
    this.writeStatus();
    for (const c of this.containers) if (c.readiness) this.scheduleProbe(c, 0);
    this.startContainer(0);
  }

  /** The pod was updated (e.g. marked for deletion). */
  update(pod: Pod): void {
    this.pod = pod;
    if (pod.metadata?.deletionTimestamp && !this.terminating) this.terminate();
  }

  /** The pod object is gone (force-deleted or removed): stop all work for it. */
  stop(): void {
    this.terminating = true;
    for (const t of this.timers) t.cancel();
  }

  private startContainer(index: number): void {
    const c = this.containers[index];
    if (!c || this.terminating) return;
    const image = c.spec.image ?? '';
    const cached = this.pulledImages.has(image) && c.spec.imagePullPolicy !== 'Always';
    if (!c.behavior) {
      this.event('Normal', 'Pulling', `Pulling image "${image}"`);
      this.later(1000, () => this.failPull(index));
      return;
    }
    if (cached) {
      this.event('Normal', 'Pulled', `Container image "${image}" already present on machine`);
      this.run(index);
      return;
    }
    this.event('Normal', 'Pulling', `Pulling image "${image}"`);
    const pullMs = Math.round((c.behavior.pullSeconds ?? 2) * 1000);
    this.later(pullMs, () => {
      this.pulledImages.add(image);
      this.event('Normal', 'Pulled', `Successfully pulled image "${image}" in ${pullMs / 1000}s (${pullMs / 1000}s including waiting)`);
      this.run(index);
    });
  }

  private failPull(index: number): void {
    const c = this.containers[index]!;
    const ref = fullReference(c.spec.image ?? '');
    const msg = `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
    this.event('Warning', 'Failed', `Failed to pull image "${c.spec.image}": rpc error: code = NotFound desc = ${msg}`);
    this.event('Warning', 'Failed', 'Error: ErrImagePull');
    c.state = { phase: 'waiting', reason: 'ErrImagePull', message: `rpc error: code = NotFound desc = ${msg}` };
    this.writeStatus();
    // The next sync finds the pull in back-off (pkg/kubelet/images/image_manager.go).
    this.later(1000, () => {
      c.state = { phase: 'waiting', reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.spec.image}"` };
      this.event('Normal', 'BackOff', `Back-off pulling image "${c.spec.image}"`);
      this.event('Warning', 'Failed', 'Error: ImagePullBackOff');
      this.writeStatus();
      const wait = this.pullBackoffMs;
      this.pullBackoffMs = Math.min(this.pullBackoffMs * 2, IMAGE_PULL_BACKOFF_MS.max);
      this.later(wait, () => this.startContainer(index));
    });
  }

  private run(index: number): void {
    const c = this.containers[index]!;
    const name = c.spec.name;
    c.containerId = `containerd://${hex(this.ctx.rng, 64)}`;
    this.event('Normal', 'Created', `Created container: ${name}`);
    this.event('Normal', 'Started', `Started container ${name}`);
    c.state = { phase: 'running', startedAtMs: this.ctx.clock.now };
    this.writeStatus();
    this.startContainer(index + 1);
  }

  private scheduleProbe(c: RuntimeContainer, delayMs: number): void {
    this.later(delayMs, () => {
      this.probe(c);
      this.scheduleProbe(c, (c.readiness!.spec.periodSeconds ?? 10) * 1000);
    });
  }

  /** worker.go doProbe: no probe until the container runs and initialDelaySeconds have passed. */
  private probe(c: RuntimeContainer): void {
    const state = c.state;
    const probe = c.readiness!;
    if (state.phase !== 'running' || !c.behavior) return;
    const now = this.ctx.clock.now;
    if (now - state.startedAtMs < (probe.spec.initialDelaySeconds ?? 0) * 1000) return;
    const listening = now - state.startedAtMs >= (c.behavior.startSeconds ?? 0) * 1000;
    const outcome = runProbe(probe.spec, c.behavior, listening, this.podIp, (p) => resolvePort(c.spec, p));
    if (!outcome.ok) this.event('Warning', 'Unhealthy', `Readiness probe failed: ${outcome.message}`);
    if (probe.observe(outcome.ok)) this.writeStatus();
  }

  /** Graceful termination: SIGTERM, then the pod object is removed once every container has stopped. */
  private terminate(): void {
    this.terminating = true;
    for (const t of this.timers) t.cancel();
    for (const c of this.containers) {
      if (c.state.phase === 'running') this.event('Normal', 'Killing', `Stopping container ${c.spec.name}`);
    }
    // Simulated servers exit promptly on SIGTERM; the grace period bounds how long that may take.
    const graceMs = (this.pod.metadata?.deletionGracePeriodSeconds ?? 30) * 1000;
    this.ctx.clock.after(Math.min(graceMs, 1000), () => {
      const now = this.ctx.clock.now;
      for (const c of this.containers) {
        if (c.state.phase === 'running') c.state = { phase: 'terminated', reason: 'Completed', exitCode: 0, startedAtMs: c.state.startedAtMs, finishedAtMs: now };
      }
      const { name, namespace } = this.pod.metadata ?? {};
      if (this.ctx.store.get('Pod', name ?? '', namespace)) this.ctx.store.remove('Pod', name ?? '', namespace);
    });
  }

  private later(ms: number, task: () => void): void {
    this.timers.push(this.ctx.clock.after(ms, task));
  }

  private event(type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.ctx.events.record(this.pod as unknown as KubeObject, type, reason, message, 'kubelet', this.nodeName);
  }

  /** pkg/kubelet/status/generate.go and kubelet_pods.go generateAPIPodStatus. */
  private writeStatus(): void {
    const { clock, store, api } = this.ctx;
    const current = store.get('Pod', this.pod.metadata?.name ?? '', this.pod.metadata?.namespace) as Pod | undefined;
    if (!current || this.terminating) return;
    const statuses: ContainerStatus[] = this.containers.map((c) => this.containerStatus(c));
    const allRunning = this.containers.every((c) => c.state.phase === 'running');
    const unready = statuses.filter((s) => !s.ready).map((s) => s.name);
    const old = current.status ?? {};
    const condition = (type: string, ok: boolean, reason?: string, message?: string): PodCondition => {
      const prev = old.conditions?.find((x) => x.type === type);
      const status = ok ? 'True' : 'False';
      const lastTransitionTime = prev && prev.status === status ? prev.lastTransitionTime : clock.timestamp();
      return { type, status, lastProbeTime: null as unknown as string, lastTransitionTime, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
    };
    const notReady = unready.length > 0;
    const notReadyMessage = `containers with unready status: [${unready.join(' ')}]`;
    const conditions: PodCondition[] = [
      condition('PodReadyToStartContainers', true),
      condition('Initialized', true),
      condition('Ready', !notReady, notReady ? 'ContainersNotReady' : undefined, notReady ? notReadyMessage : undefined),
      condition('ContainersReady', !notReady, notReady ? 'ContainersNotReady' : undefined, notReady ? notReadyMessage : undefined),
      ...(old.conditions ?? []).filter((x) => x.type === 'PodScheduled'),
    ];
    const status: PodStatus = {
      ...old,
      phase: allRunning ? 'Running' : 'Pending',
      conditions,
      hostIP: old.hostIP,
      hostIPs: old.hostIPs,
      podIP: this.podIp,
      podIPs: [{ ip: this.podIp }],
      startTime: clock.timestamp(this.startTimeMs),
      containerStatuses: statuses,
      qosClass: qosClass(this.containers.map((c) => c.spec)),
    };
    api.updateStatus(current as unknown as KubeObject, status);
  }

  private containerStatus(c: RuntimeContainer): ContainerStatus {
    const { clock } = this.ctx;
    const s = c.state;
    const ready = s.phase === 'running' && (c.readiness ? c.readiness.result === 'Success' : true);
    const base = { name: c.spec.name, image: c.spec.image ?? '', imageID: c.behavior && this.pulledImages.has(c.spec.image ?? '') ? `${fullReference(c.spec.image ?? '')}@sha256:${'0'.repeat(64)}` : '', restartCount: c.restartCount, ready };
    if (s.phase === 'waiting') return { ...base, started: false, state: { waiting: { reason: s.reason, ...(s.message ? { message: s.message } : {}) } } };
    if (s.phase === 'running') return { ...base, containerID: c.containerId, started: true, state: { running: { startedAt: clock.timestamp(s.startedAtMs) } } };
    return { ...base, containerID: c.containerId, started: false, state: { terminated: { reason: s.reason, exitCode: s.exitCode, startedAt: clock.timestamp(s.startedAtMs), finishedAt: clock.timestamp(s.finishedAtMs) } } };
  }
}

/** A container port number for a probe's port (a number, or the name of one of the container's ports). */
function resolvePort(spec: Container, port: number | string): number | undefined {
  if (typeof port === 'number') return port;
  return spec.ports?.find((p) => p.name === port)?.containerPort;
}

/** `nginx:1.27` → `docker.io/library/nginx:1.27`, as containerd names it. */
function fullReference(image: string): string {
  let ref = image.includes(':') || image.includes('@') ? image : `${image}:latest`;
  const first = ref.split('/')[0] ?? '';
  if (!ref.includes('/')) ref = `docker.io/library/${ref}`;
  else if (!first.includes('.') && !first.includes(':') && first !== 'localhost') ref = `docker.io/${ref}`;
  return ref;
}

function hex(rng: { int(n: number): number }, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += rng.int(16).toString(16);
  return s;
}

/** pkg/apis/core/v1/helper/qos: Guaranteed, Burstable or BestEffort. */
function qosClass(containers: Container[]): string {
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length > 0 || Object.keys(lim).length > 0) any = true;
    for (const r of ['cpu', 'memory']) if (lim[r] === undefined || (req[r] !== undefined && String(req[r]) !== String(lim[r]))) guaranteed = false;
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
