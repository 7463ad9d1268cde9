/**
 * Whether a container's preStop hook keeps its pod serving until kube-proxy stops sending it requests.
 * kube-proxy programs an EndpointSlice change `cluster.networkProgrammingSeconds` late (lab.yaml;
 * src/sim/network/kube-proxy.ts), so a pod that is deleted still gets requests for that long; a
 * container that closes its port on SIGTERM before then loses them. The kubelet sends SIGTERM only
 * once the preStop hook has returned, within the grace period (killContainer,
 * pkg/kubelet/kuberuntime/kuberuntime_container.go): a wait at least as long as the delay covers it.
 */
import type { Container } from 'kubernetes-types/core/v1';
import { text, type Text } from '../kube/text.ts';
import { ImageCatalog, type ImageBehavior } from '../sim/kubelet/images.ts';
import { execHook } from '../sim/kubelet/program.ts';
import type { Sample } from './scenario.ts';
import type { TrafficSecond } from './traffic.ts';

/**
 * How long the container's preStop hook keeps it serving after its pod is deleted, in seconds, as the
 * kubelet runs it (src/sim/kubelet/pod-worker.ts preStop): `sleep` its seconds, `exec` through the
 * simulator's shell interpreter (`sleep 5`, `sh -c "sleep 5"`) or the image's own tool, `httpGet` the
 * image's hookSeconds; at most the grace period (the kubelet sends SIGTERM when it is over). 0 without one.
 */
export function preStopSeconds(images: Record<string, ImageBehavior>, c: Container, terminationGracePeriodSeconds = 30): number {
  const hook = c.lifecycle?.preStop;
  if (!hook) return 0;
  const behavior = new ImageCatalog(images).resolve(c.image ?? '') ?? {};
  const seconds = hook.sleep ? (hook.sleep.seconds ?? 0) : hook.exec ? (execHook(behavior, hook.exec.command ?? []).ms ?? Number.POSITIVE_INFINITY) / 1000 : hook.httpGet ? (behavior.hookSeconds ?? 0) : 0;
  return Math.min(seconds, terminationGracePeriodSeconds);
}

export interface PreStopVerdict {
  /** The preStop wait, in seconds (preStopSeconds). */
  seconds: number;
  /** The container has a preStop hook at all. */
  hook: boolean;
  /** The wait lasts at least as long as kube-proxy takes to drop the pod. */
  covers: boolean;
  /** Why the pod loses requests as it leaves, when the wait does not cover the delay. */
  cause?: Text;
}

/** Judges the container's preStop wait against kube-proxy's delay of `lag` seconds. */
export function judgePreStop(images: Record<string, ImageBehavior>, c: Container, terminationGracePeriodSeconds: number | undefined, lag: number): PreStopVerdict {
  const seconds = preStopSeconds(images, c, terminationGracePeriodSeconds);
  const hook = !!c.lifecycle?.preStop;
  if (seconds >= lag) return { seconds, hook, covers: true };
  const cause = hook
    ? text(`preStop 대기(${seconds}초)가 kube-proxy가 규칙을 고치는 데 걸리는 ${lag}초보다 짧다`, `the preStop wait (${seconds} s) is shorter than the ${lag} s kube-proxy takes to update its rules`)
    : text(`컨테이너에 preStop 대기가 없어 SIGTERM을 곧바로 받고 포트를 닫았지만, kube-proxy는 ${lag}초 뒤에야 규칙에서 그 파드를 뺀다`, `the container has no preStop wait, so it got SIGTERM at once and closed its port, while kube-proxy takes ${lag} s to drop the pod from its rules`);
  return { seconds, hook, covers: false, cause };
}

/**
 * The seconds with failed requests within `lag` + 1 s of a pod leaving the Service (`leaving`: the
 * seconds in which pods were deleted): the requests kube-proxy still sent to pods that had stopped.
 */
export function failuresAsPodsLeave(traffic: readonly Sample<TrafficSecond>[], leaving: readonly number[], lag: number): Sample<TrafficSecond>[] {
  return traffic.filter((s) => s.value.failed > 0 && leaving.some((t) => s.t >= t && s.t <= t + lag + 1));
}
