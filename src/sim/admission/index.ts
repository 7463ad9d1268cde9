/**
 * Mutating admission (k8s.io/apiserver admission chain): plugins that change an object before it is
 * validated and stored, in order. Each plugin returns the object to store (or throws an ApiError).
 */
import type { KubeObject } from '../../kube/object.ts';
import type { Store } from '../store.ts';
import { defaultTolerationSeconds } from './default-toleration-seconds.ts';
import { priorityAdmission } from './priority.ts';

export type AdmissionPlugin = (obj: KubeObject, store: Store) => KubeObject;

/** The enabled plugins, in the order the API server runs them. */
export const ADMISSION_PLUGINS: AdmissionPlugin[] = [priorityAdmission, defaultTolerationSeconds];

export function admit(obj: KubeObject, store: Store): KubeObject {
  return ADMISSION_PLUGINS.reduce((o, plugin) => plugin(o, store), obj);
}
