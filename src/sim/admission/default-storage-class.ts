/**
 * The DefaultStorageClass admission plugin (plugin/pkg/admission/storage/storageclass/setdefault):
 * a claim that names no storage class gets the default one (the class annotated
 * storageclass.kubernetes.io/is-default-class: "true").
 */
import type { KubeObject } from '../../kube/object.ts';
import type { Store } from '../store.ts';

export function defaultStorageClassAdmission(obj: KubeObject, store: Store): KubeObject {
  if (obj.kind !== 'PersistentVolumeClaim') return obj;
  const spec = (obj.spec ?? {}) as { storageClassName?: string };
  if (spec.storageClassName !== undefined) return obj;
  const def = store.list('StorageClass').find((sc) => sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
  return def ? { ...obj, spec: { ...spec, storageClassName: def.metadata.name } } : obj;
}
