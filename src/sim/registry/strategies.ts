/**
 * Per-kind registry strategies of the API server (pkg/registry/<group>/<kind>/strategy.go):
 * what is filled in on create (PrepareForCreate) and which fields may not change (ValidateUpdate).
 */
import type { Job } from 'kubernetes-types/batch/v1';
import type { KubeObject } from '../../kube/object.ts';
import { text } from '../../kube/text.ts';
import { canonicalJson } from '../canonical.ts';
import { encodeBase64 } from '../../kube/base64.ts';
import type { FieldError } from '../../kube/validation/index.ts';

export interface Strategy {
  prepareForCreate?(obj: KubeObject): void;
  prepareForUpdate?(obj: KubeObject): void;
  /** Errors for fields changed that may not change. */
  validateUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
}

const IMMUTABLE = text('변경할 수 없는 필드다', 'field is immutable');

function immutable(obj: KubeObject, old: KubeObject, ...path: string[]): FieldError[] {
  const get = (o: unknown): unknown => path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);
  const now = get(obj);
  return canonicalJson(now) === canonicalJson(get(old)) ? [] : [{ type: 'FieldValueInvalid', path, value: now, detail: IMMUTABLE }];
}

/** The labels the Job controller selects its pods by (pkg/registry/batch/job/strategy.go generateSelector). */
export const JOB_CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME = 'batch.kubernetes.io/job-name';

/** ConfigMaps and Secrets marked immutable keep their data (ValidateConfigMapUpdate / ValidateSecretUpdate). */
function immutableData(o: KubeObject, old: KubeObject): FieldError[] {
  if (old.immutable !== true) return [];
  const errors: FieldError[] = [];
  if (o.immutable !== true) errors.push({ type: 'FieldValueForbidden', path: ['immutable'], detail: text('immutable이 설정되면 바꿀 수 없다', 'field is immutable when `immutable` is set') });
  for (const field of ['data', 'binaryData']) {
    if (canonicalJson(o[field] ?? {}) !== canonicalJson(old[field] ?? {})) errors.push({ type: 'FieldValueForbidden', path: [field], detail: text('immutable이 설정되면 바꿀 수 없다', 'field is immutable when `immutable` is set') });
  }
  return errors;
}

/** pkg/registry/core/secret/strategy.go: stringData is written into data (base64) and dropped. */
function mergeStringData(obj: KubeObject): void {
  const stringData = obj.stringData as Record<string, string> | undefined;
  if (!stringData) return;
  const data = { ...((obj.data as Record<string, string> | undefined) ?? {}) };
  for (const [k, v] of Object.entries(stringData)) data[k] = encodeBase64(v);
  obj.data = data;
  delete obj.stringData;
}

export const STRATEGIES: Record<string, Strategy> = {
  ConfigMap: { validateUpdate: immutableData },
  Secret: {
    prepareForCreate: mergeStringData,
    prepareForUpdate: mergeStringData,
    validateUpdate: immutableData,
  },
  // pkg/registry/core/namespace/strategy.go: the "kubernetes" finalizer, phase Active.
  Namespace: {
    prepareForCreate(obj) {
      obj.spec = { finalizers: ['kubernetes'] };
      obj.status = { phase: 'Active' };
    },
  },
  Deployment: { validateUpdate: (o, old) => immutable(o, old, 'spec', 'selector') },
  ReplicaSet: { validateUpdate: (o, old) => immutable(o, old, 'spec', 'selector') },
  DaemonSet: { validateUpdate: (o, old) => immutable(o, old, 'spec', 'selector') },
  StatefulSet: {
    // apps validation ValidateStatefulSetUpdate: only these spec fields may change.
    validateUpdate(o, old) {
      const allowed = new Set(['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']);
      const spec = (o.spec ?? {}) as Record<string, unknown>;
      const oldSpec = (old.spec ?? {}) as Record<string, unknown>;
      const changed = [...new Set([...Object.keys(spec), ...Object.keys(oldSpec)])].filter((k) => !allowed.has(k) && canonicalJson(spec[k]) !== canonicalJson(oldSpec[k]));
      if (changed.length === 0) return [];
      const detail = text(
        "스테이트풀셋(StatefulSet) spec에서 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds' 외의 필드는 바꿀 수 없다",
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      );
      return [{ type: 'FieldValueForbidden', path: ['spec'], detail }];
    },
  },
  Job: {
    prepareForCreate(obj) {
      const job = obj as unknown as Job;
      if (!job.spec || job.spec.manualSelector) return;
      const uid = obj.metadata.uid!;
      const name = obj.metadata.name!;
      const template = (job.spec.template ??= {});
      template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [JOB_CONTROLLER_UID]: uid, [JOB_NAME]: name, 'controller-uid': uid, 'job-name': name } };
      job.spec.selector = { matchLabels: { [JOB_CONTROLLER_UID]: uid } };
    },
    validateUpdate: (o, old) => [...immutable(o, old, 'spec', 'selector'), ...immutable(o, old, 'spec', 'template'), ...immutable(o, old, 'spec', 'completions')],
  },
};
