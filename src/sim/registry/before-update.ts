/**
 * What an update (PUT) keeps of the stored object's metadata. The object sent replaces the stored
 * one: labels, annotations, finalizers and ownerReferences the request leaves out are gone. Only the
 * fields the server manages are carried over (k8s.io/apiserver pkg/registry/rest/update.go
 * BeforeUpdate): generation, uid when none is sent, creationTimestamp, deletionTimestamp and
 * deletionGracePeriodSeconds; and managedFields when the request leaves them out (the field manager,
 * k8s.io/apimachinery/pkg/util/managedfields/internal/fieldmanager.go, falls back on the live ones
 * "to prevent clients who don't understand managedFields from deleting it accidentally").
 * resourceVersion is the store's to write.
 */
import type { KubeObject } from '../../kube/object.ts';
import { text } from '../../kube/text.ts';
import type { FieldError } from '../../kube/validation/index.ts';

/** Sets the server-managed metadata of `obj` from `old`; returns the errors ValidateObjectMetaUpdate finds. */
export function beforeUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const meta = { ...obj.metadata };
  const was = old.metadata;
  delete meta.generation;
  if (was.generation !== undefined) meta.generation = was.generation;
  if (!meta.uid) meta.uid = was.uid;
  if (was.creationTimestamp) meta.creationTimestamp = was.creationTimestamp;
  if (was.deletionTimestamp) meta.deletionTimestamp = was.deletionTimestamp;
  if (was.deletionGracePeriodSeconds !== undefined && meta.deletionGracePeriodSeconds === undefined) meta.deletionGracePeriodSeconds = was.deletionGracePeriodSeconds;
  if (!('managedFields' in meta)) {
    if (was.managedFields !== undefined) meta.managedFields = was.managedFields;
  } else if (meta.managedFields === undefined || meta.managedFields.length === 0) {
    // Sent empty: reset (fieldmanager.go isResetManagedFields).
    delete meta.managedFields;
  }
  obj.metadata = meta;
  // k8s.io/apimachinery/pkg/api/validation/objectmeta.go ValidateObjectMetaUpdate: uid is immutable.
  return meta.uid === was.uid ? [] : [{ type: 'FieldValueInvalid', path: ['metadata', 'uid'], value: meta.uid, detail: text('변경할 수 없는 필드다', 'field is immutable') }];
}

/**
 * An update that leaves an object being deleted without finalizers deletes it
 * (pkg/registry/generic/registry/store.go shouldDeleteDuringUpdate), unless it waits out a grace
 * period (a pod on its node).
 */
export function shouldDeleteDuringUpdate(obj: KubeObject, old: KubeObject): boolean {
  if ((obj.metadata.finalizers ?? []).length > 0 || !old.metadata.deletionTimestamp) return false;
  return !old.metadata.deletionGracePeriodSeconds;
}
