/** PodDisruptionBudget rules from kubernetes pkg/apis/policy/validation/validation.go. */
import { text } from '../text.ts';
import type { Errors } from './field-error.ts';
import { asIntOrString, asMap } from './values.ts';

export function validatePdbSpec(spec: unknown, errs: Errors): void {
  const s = asMap(spec, errs);
  if (!s) {
    errs.required();
    return;
  }
  const min = asIntOrString(s.minAvailable, errs.at('minAvailable'));
  const max = asIntOrString(s.maxUnavailable, errs.at('maxUnavailable'));
  if (min !== undefined && max !== undefined) errs.at('minAvailable').invalid(min, text('minAvailable과 maxUnavailable은 함께 쓸 수 없다', 'minAvailable and maxUnavailable cannot be both set'));
  for (const [field, v] of [['minAvailable', min], ['maxUnavailable', max]] as const) {
    if (typeof v === 'number' && v < 0) errs.at(field).invalid(v, text('0 이상이어야 한다', 'must be greater than or equal to 0'));
    if (typeof v === 'string') {
      const m = /^(\d+)%$/.exec(v);
      if (!m) errs.at(field).invalid(v, text("정수 또는 '50%' 같은 백분율이어야 한다", "a valid percent string must be a numeric string followed by an ending '%'"));
      else if (Number(m[1]) > 100) errs.at(field).invalid(v, text('100%를 넘을 수 없다', 'must not be greater than 100%'));
    }
  }
  if (!asMap(s.selector, errs.at('selector'))) errs.at('selector').required();
}
