/**
 * Creating a controller's pods from its pod template and deleting them, with the events every
 * controller records for it: RealPodControl in kubernetes pkg/controller/controller_utils.go
 * (GetPodFromTemplate, CreatePods, DeletePod; "Created pod: %v", "Error creating: %v", "Deleted pod: %v").
 * Used by the ReplicaSet, DaemonSet and Job controllers; the StatefulSet controller names its pods
 * itself and records its own messages (stateful_pod_control.go).
 */
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../kube/object.ts';
import { ApiError } from '../api-error.ts';
import type { SimContext } from '../context.ts';
import { newControllerRef } from './owner.ts';

export class PodControl {
  private readonly ctx: SimContext;
  private readonly component: string;

  constructor(ctx: SimContext, component: string) {
    this.ctx = ctx;
    this.component = component;
  }

  /**
   * A pod from `template` (labels, annotations, a copy of the spec) controlled by `owner`, named
   * `generateName` plus a random suffix (the owner's name and "-" by default). Returns the API's
   * refusal instead of throwing it, after recording FailedCreate: the caller decides when to retry.
   */
  create(owner: KubeObject, template: PodTemplateSpec, generateName = `${owner.metadata.name}-`): ApiError | undefined {
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName,
        namespace: owner.metadata.namespace,
        labels: { ...(template.metadata?.labels ?? {}) },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ownerReferences: [newControllerRef(owner)],
      },
      spec: structuredClone(template.spec),
    };
    try {
      const created = this.ctx.api.create(pod as unknown as KubeObject, { internal: true });
      this.ctx.events.record(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, this.component);
      return undefined;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.ctx.events.record(owner, 'Warning', 'FailedCreate', `Error creating: ${e.message}`, this.component);
      return e;
    }
  }

  delete(owner: KubeObject, pod: Pod): void {
    this.ctx.api.delete('Pod', pod.metadata!.name!, pod.metadata?.namespace);
    this.ctx.events.record(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata!.name}`, this.component);
  }
}
