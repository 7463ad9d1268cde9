/**
 * PersistentVolumeClaim rules from kubernetes pkg/apis/core/validation/validation.go
 * (ValidatePersistentVolumeClaimSpec): at least one access mode, each a supported one, ReadWriteOncePod
 * alone; a storage request, positive. A StatefulSet's volumeClaimTemplates are not validated with the
 * set (ValidateStatefulSetSpec leaves them to the claims the controller creates from them).
 */
import { parseQuantity } from '../quantity.ts';
import { text } from '../text.ts';
import type { Errors } from './field-error.ts';
import { asList, asMap } from './values.ts';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'] as const;

export function validatePersistentVolumeClaimSpec(spec: unknown, errs: Errors): void {
  const s = asMap(spec, errs);
  if (!s) {
    errs.required();
    return;
  }
  const modes = asList(s.accessModes, errs.at('accessModes')) ?? [];
  if (modes.length === 0) errs.at('accessModes').required(text('접근 모드가 하나 이상 있어야 한다', 'at least 1 access mode is required'));
  for (const m of modes) if (!(ACCESS_MODES as readonly unknown[]).includes(m)) errs.at('accessModes').notSupported(m, ACCESS_MODES);
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) errs.at('accessModes').forbidden(text('ReadWriteOncePod는 다른 접근 모드와 함께 쓸 수 없다', 'may not use ReadWriteOncePod with other access modes'));
  const requests = asMap(asMap(s.resources, errs.at('resources'))?.requests, errs.at('resources', 'requests'));
  const storage = requests?.storage;
  const at = errs.at('resources', 'requests', 'storage');
  if (storage === undefined || storage === null) {
    at.required();
    return;
  }
  const n = parseQuantity(storage);
  if (n === undefined) at.invalid(storage, text("수량 형식이어야 한다 (예: '1Gi')", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
  else if (n <= 0) at.invalid(storage, text('0보다 커야 한다', 'must be greater than zero'));
}
