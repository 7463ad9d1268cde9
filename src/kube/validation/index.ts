/**
 * What the API server's validation says of an object before it is stored
 * (kubernetes pkg/apis/{core,apps}/validation). Returns every error, not just the first.
 */
import { toStoredVersion } from '../conversion.ts';
import { lookupKind } from '../kinds.ts';
import type { KubeObject } from '../object.ts';
import { validateDaemonSetSpec, validateDeploymentSpec, validateReplicaSetSpec, validateStatefulSetSpec } from './apps.ts';
import { validateCronJobSpec, validateJobSpec } from './batch.ts';
import { validateHpaSpec } from './autoscaling.ts';
import { validatePdbSpec } from './policy.ts';
import { validateConfigMap, validateSecret } from './config.ts';
import { Errors, type FieldError } from './field-error.ts';
import { validateObjectMeta, type NameRule } from './meta.ts';
import { dns1035Label, dns1123Label, dns1123Subdomain } from './names.ts';
import { validatePodSpec } from './pod.ts';
import { validateServiceSpec } from './service.ts';
import { validatePersistentVolumeClaimSpec } from './storage.ts';
import { text } from '../text.ts';
import { formatFieldPath } from '../position.ts';
import { strictDecode } from '../schema/strict-decode.ts';

export { formatFieldError, type FieldError } from './field-error.ts';

const NAME_RULES: Record<string, NameRule> = {
  Namespace: dns1123Label,
  Service: dns1035Label,
  // StatefulSet pod names append -N, so the set's name must leave room (ValidateStatefulSetName).
  StatefulSet: dns1123Label,
  CronJob: (n) => (n.length > 52 ? [text('52자 이하여야 한다', 'must be no more than 52 characters')] : dns1123Subdomain(n)),
};

const SPEC_RULES: Record<string, (spec: unknown, errs: Errors) => void> = {
  Deployment: validateDeploymentSpec,
  ReplicaSet: validateReplicaSetSpec,
  Pod: validatePodSpec,
  Service: validateServiceSpec,
  StatefulSet: validateStatefulSetSpec,
  DaemonSet: validateDaemonSetSpec,
  Job: validateJobSpec,
  CronJob: validateCronJobSpec,
  HorizontalPodAutoscaler: validateHpaSpec,
  PodDisruptionBudget: validatePdbSpec,
  PersistentVolumeClaim: validatePersistentVolumeClaimSpec,
};

/** Strict decoding errors as field errors (src/kube/schema/strict-decode.ts). */
export function decodeErrors(obj: KubeObject): FieldError[] {
  return strictDecode(obj).map((e) =>
    e.type === 'unknown'
      ? { type: 'FieldValueUnknown', path: e.path, detail: text(`알 수 없는 필드 "${formatFieldPath(e.path)}" (철자와 들여쓰기를 확인하자)`, e.message) }
      : { type: 'FieldValueTypeInvalid', path: e.path, detail: text(`${formatFieldPath(e.path)}의 값의 타입이 맞지 않는다: ${e.message}`, e.message) },
  );
}

/**
 * Everything the API server would refuse: decoding errors first (a body that does not decode is never
 * validated), otherwise the validation rules.
 */
export function validateObject(input: KubeObject): FieldError[] {
  const decoding = decodeErrors(input);
  if (decoding.length > 0) return decoding;
  // Validation runs on the version the object is stored as (an autoscaling/v1 HPA as v2).
  const obj = toStoredVersion(input);
  const errs = new Errors();
  const info = lookupKind(obj.apiVersion, obj.kind);
  validateObjectMeta(obj.metadata, errs.at('metadata'), {
    namespaced: info?.namespaced ?? true,
    nameRule: NAME_RULES[obj.kind] ?? dns1123Subdomain,
  });
  SPEC_RULES[obj.kind]?.(obj.spec, errs.at('spec'));
  if (obj.kind === 'ConfigMap') validateConfigMap(obj, errs);
  if (obj.kind === 'Secret') validateSecret(obj, errs);
  return errs.list;
}
