/** Controller references (k8s.io/apimachinery/pkg/apis/meta/v1/controller_ref.go). */
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { KubeObject } from '../../kube/object.ts';

export function controllerRef(obj: { metadata?: { ownerReferences?: OwnerReference[] } }): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

export function newControllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function isControlledBy(obj: { metadata?: { ownerReferences?: OwnerReference[] } }, owner: KubeObject): boolean {
  return controllerRef(obj)?.uid === owner.metadata.uid;
}
