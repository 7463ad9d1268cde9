/**
 * The StorageClasses a cluster comes with. Each distribution installs its own (a cluster add-on, not
 * part of Kubernetes): kind and k3s a `rancher.io/local-path` class, named `standard` and `local-path`
 * (docs/sources/landscape-and-distributions.md); managed clouds their own CSI drivers' classes. Which
 * one is the default is the annotation storageclass.kubernetes.io/is-default-class.
 */
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { KubeObject } from '../kube/object.ts';
import { DEFAULT_CLASS_ANNOTATION } from './controllers/persistent-volume.ts';

export interface StorageClassSpec {
  name: string;
  provisioner: string;
  /** Marked the cluster's default class. */
  default?: boolean;
  /** Default WaitForFirstConsumer, as local-path and most CSI drivers' classes. */
  volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer';
  /** Default Delete. */
  reclaimPolicy?: 'Delete' | 'Retain';
}

/** kind's default class (kind's local-path-provisioner manifest names it `standard`). */
export const KIND_STORAGE_CLASSES: StorageClassSpec[] = [{ name: 'standard', provisioner: 'rancher.io/local-path', default: true }];

export function storageClassObject(spec: StorageClassSpec): KubeObject {
  const sc: StorageClass = {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: spec.name, ...(spec.default ? { annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } } : {}) },
    provisioner: spec.provisioner,
    reclaimPolicy: spec.reclaimPolicy ?? 'Delete',
    volumeBindingMode: spec.volumeBindingMode ?? 'WaitForFirstConsumer',
  };
  return sc as unknown as KubeObject;
}
