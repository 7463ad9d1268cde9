/** Finding, among the submitted objects, the ones a lab talks about: by the image they run, by name, by selector, by what they scale. */
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Container, PodTemplateSpec, Service } from 'kubernetes-types/core/v1';
import { matchesLabelMap } from '../kube/selector.ts';
import { parseImage } from '../sim/kubelet/images.ts';
import type { CheckContext, SubmittedObject } from './context.ts';
import { namespaceOf } from './queries.ts';

/** A workload with a pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job). */
export type Workload = { spec?: { template?: PodTemplateSpec } };

/** The first submitted workload of one of `kinds` with a container running `repository` (e.g. shop/web), else the one named `name`. */
export function workloadRunning<T extends Workload = Deployment>(ctx: CheckContext, kinds: readonly string[], repository: string, name: string): SubmittedObject<T> | undefined {
  const all = ctx.objects<T>().filter((o) => kinds.includes(o.object.kind));
  return all.find((w) => (w.object.spec?.template?.spec?.containers ?? []).some((c) => parseImage(c.image ?? '').repository === repository)) ?? all.find((w) => w.object.metadata.name === name);
}

/** The submitted Deployment running `repository`, else the one named `name`. */
export function deploymentRunning(ctx: CheckContext, repository: string, name: string): SubmittedObject<Deployment> | undefined {
  return workloadRunning<Deployment>(ctx, ['Deployment'], repository, name);
}

/** The container of a workload that runs `repository`, with its index; undefined when none does. */
export function containerRunning(w: SubmittedObject<Workload>, repository: string): { c: Container; i: number } | undefined {
  const containers = w.object.spec?.template?.spec?.containers ?? [];
  const i = containers.findIndex((c) => parseImage(c.image ?? '').repository === repository);
  return i >= 0 ? { c: containers[i]!, i } : undefined;
}

/** The container of a workload that runs `repository`, else its first container (index 0): the app's container either way. */
export function containerRunningOrFirst(w: SubmittedObject<Workload>, repository: string): { c: Container; i: number } {
  return containerRunning(w, repository) ?? { c: w.object.spec?.template?.spec?.containers?.[0] ?? ({ name: '' } as Container), i: 0 };
}

/** The submitted Service in the workload's namespace whose selector matches its pod labels, else the one named `name`. */
export function serviceSelecting(ctx: CheckContext, w: SubmittedObject<Workload> | undefined, name: string): SubmittedObject<Service> | undefined {
  const all = ctx.objects<Service>('Service');
  const labels = w?.object.spec?.template?.metadata?.labels;
  return all.find((s) => (!w || namespaceOf(s.object) === namespaceOf(w.object)) && matchesLabelMap(s.object.spec?.selector, labels)) ?? all.find((s) => s.object.metadata.name === name);
}

/** The submitted object of `kind` named `name`, else the first of that kind: a lab that names its objects but grades one named otherwise. */
export function namedOrFirst<T>(ctx: CheckContext, kind: string, name: string): SubmittedObject<T> | undefined {
  const all = ctx.objects<T>(kind);
  return all.find((o) => o.object.metadata.name === name) ?? all[0];
}

/** The submitted HorizontalPodAutoscaler whose scaleTargetRef names `target`, else the first one. */
export function hpaScaling(ctx: CheckContext, target: string): SubmittedObject<HorizontalPodAutoscaler> | undefined {
  const all = ctx.objects<HorizontalPodAutoscaler>('HorizontalPodAutoscaler');
  return all.find((h) => h.object.spec?.scaleTargetRef?.name === target) ?? all[0];
}
