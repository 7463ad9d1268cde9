/**
 * The status a kubelet reports for a pod (pkg/kubelet/kubelet_pods.go generateAPIPodStatus, getPhase;
 * pkg/kubelet/status/generate.go for the conditions).
 */
import type { ContainerStatus, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1';
import type { Clock } from '../clock.ts';
import type { ContainerState, RuntimeContainer, Terminated } from './container-runtime.ts';

export function containerStatus(c: RuntimeContainer, clock: Clock, imageId: string): ContainerStatus {
  const base: ContainerStatus = {
    name: c.spec.name,
    image: c.spec.image ?? '',
    imageID: imageId,
    ready: c.ready,
    restartCount: c.restartCount,
    started: c.running && c.started,
    state: apiState(c.state, clock),
    ...(c.containerId ? { containerID: c.containerId } : {}),
    ...(c.lastTermination ? { lastState: apiState(c.lastTermination, clock) } : {}),
  };
  return base;
}

function apiState(s: ContainerState, clock: Clock): ContainerStatus['state'] {
  if (s.phase === 'waiting') return { waiting: { reason: s.reason, ...(s.message ? { message: s.message } : {}) } };
  if (s.phase === 'running') return { running: { startedAt: clock.timestamp(s.startedAtMs) } };
  return { terminated: terminated(s, clock) };
}

function terminated(s: Terminated, clock: Clock) {
  return { exitCode: s.exitCode, reason: s.reason, startedAt: clock.timestamp(s.startedAtMs), finishedAt: clock.timestamp(s.finishedAtMs), ...(s.message ? { message: s.message } : {}) };
}

/**
 * getPhase: Pending until every init container is done (a sidecar: started) and every container has
 * started; terminal once none of the app's containers will run again (sidecars do not count).
 */
export function podPhase(init: RuntimeContainer[], regular: RuntimeContainer[], restartPolicy: string): string {
  const initFailed = init.some((c) => !c.sidecar && c.state.phase === 'terminated' && c.state.exitCode !== 0);
  if (init.some((c) => !c.initialized)) {
    return restartPolicy === 'Never' && initFailed ? 'Failed' : 'Pending';
  }
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of regular) {
    if (c.state.phase === 'running') running++;
    else if (c.state.phase === 'terminated') {
      stopped++;
      if (c.state.exitCode === 0) succeeded++;
    } else if (c.lastTermination) {
      stopped++;
      if (c.lastTermination.exitCode === 0) succeeded++;
    } else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

export function podStatus(
  pod: Pod,
  init: RuntimeContainer[],
  regular: RuntimeContainer[],
  clock: Clock,
  extra: { podIp: string; startTimeMs: number; imageId: (c: RuntimeContainer) => string },
): PodStatus {
  const old = pod.status ?? {};
  const phase = podPhase(init, regular, pod.spec?.restartPolicy ?? 'Always');
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const condition = (type: string, ok: boolean, reason?: string, message?: string): PodCondition => {
    const prev = old.conditions?.find((x) => x.type === type);
    const status = ok ? 'True' : 'False';
    const lastTransitionTime = prev && prev.status === status ? prev.lastTransitionTime : clock.timestamp();
    return { type, status, lastProbeTime: null as unknown as string, lastTransitionTime, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
  };
  const incompleteInit = init.filter((c) => !c.initialized).map((c) => c.spec.name);
  // Sidecars' readiness counts for the pod's (status/generate.go GenerateContainersReadyCondition).
  const unready = [...init.filter((c) => c.sidecar), ...regular].filter((c) => !c.ready).map((c) => c.spec.name);
  const readyReason = terminal ? 'PodCompleted' : 'ContainersNotReady';
  const readyMessage = terminal ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  const initialized = incompleteInit.length === 0;
  const conditions: PodCondition[] = [
    condition('PodReadyToStartContainers', !terminal || regular.some((c) => c.running)),
    condition('Initialized', initialized || terminal, initialized || terminal ? (terminal && !initialized ? 'PodCompleted' : undefined) : 'ContainersNotInitialized', initialized || terminal ? undefined : `containers with incomplete status: [${incompleteInit.join(' ')}]`),
    condition('Ready', unready.length === 0 && !terminal, unready.length === 0 && !terminal ? undefined : readyReason, unready.length === 0 && !terminal ? undefined : readyMessage),
    condition('ContainersReady', unready.length === 0 && !terminal, unready.length === 0 && !terminal ? undefined : readyReason, unready.length === 0 && !terminal ? undefined : readyMessage),
    ...(old.conditions ?? []).filter((x) => x.type === 'PodScheduled' || x.type === 'DisruptionTarget'),
  ];
  return {
    ...old,
    phase,
    conditions,
    podIP: extra.podIp,
    podIPs: [{ ip: extra.podIp }],
    startTime: clock.timestamp(extra.startTimeMs),
    ...(init.length > 0 ? { initContainerStatuses: init.map((c) => containerStatus(c, clock, extra.imageId(c))) } : {}),
    containerStatuses: regular.map((c) => containerStatus(c, clock, extra.imageId(c))),
    qosClass: qosClass(pod),
  };
}

/** pkg/apis/core/v1/helper/qos GetPodQOS: Guaranteed, Burstable or BestEffort. */
export function qosClass(pod: Pod): string {
  const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
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
