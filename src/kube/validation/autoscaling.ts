/** HorizontalPodAutoscaler rules from kubernetes pkg/apis/autoscaling/validation/validation.go. */
import { text } from '../text.ts';
import type { Errors } from './field-error.ts';
import { asInt, asList, asMap, asString } from './values.ts';

const SCALABLE = ['Deployment', 'StatefulSet', 'ReplicaSet'];

export function validateHpaSpec(spec: unknown, errs: Errors): void {
  const s = asMap(spec, errs);
  if (!s) {
    errs.required();
    return;
  }
  const ref = asMap(s.scaleTargetRef, errs.at('scaleTargetRef'));
  if (!ref) errs.at('scaleTargetRef').required();
  else {
    const kind = asString(ref.kind, errs.at('scaleTargetRef', 'kind'));
    if (!kind) errs.at('scaleTargetRef', 'kind').required();
    else if (!SCALABLE.includes(kind)) errs.at('scaleTargetRef', 'kind').notSupported(kind, SCALABLE);
    if (!asString(ref.name, errs.at('scaleTargetRef', 'name'))) errs.at('scaleTargetRef', 'name').required();
  }
  const min = asInt(s.minReplicas, errs.at('minReplicas'));
  const max = asInt(s.maxReplicas, errs.at('maxReplicas'));
  if (max === undefined) errs.at('maxReplicas').required();
  if (min !== undefined && min < 1) errs.at('minReplicas').invalid(min, text('1 이상이어야 한다', 'must be greater than or equal to 1'));
  if (max !== undefined && max < 1) errs.at('maxReplicas').invalid(max, text('1 이상이어야 한다', 'must be greater than or equal to 1'));
  if (min !== undefined && max !== undefined && max < min) errs.at('maxReplicas').invalid(max, text('minReplicas 이상이어야 한다', 'must be greater than or equal to `minReplicas`'));
  (asList(s.metrics, errs.at('metrics')) ?? []).forEach((m, i) => {
    const metric = asMap(m, errs.at('metrics', i));
    if (!metric) return;
    const type = asString(metric.type, errs.at('metrics', i, 'type'));
    if (type === 'Resource') {
      const r = asMap(metric.resource, errs.at('metrics', i, 'resource'));
      if (!r) {
        errs.at('metrics', i, 'resource').required(text("type이 Resource이면 필요하다", "must populate information for the given metric source"));
        return;
      }
      const name = asString(r.name, errs.at('metrics', i, 'resource', 'name'));
      if (!name) errs.at('metrics', i, 'resource', 'name').required();
      const target = asMap(r.target, errs.at('metrics', i, 'resource', 'target')) ?? {};
      const t = asString(target.type, errs.at('metrics', i, 'resource', 'target', 'type'));
      if (t === 'Utilization' && target.averageUtilization === undefined) errs.at('metrics', i, 'resource', 'target', 'averageUtilization').required(text('type이 Utilization이면 필요하다', 'must set either a target raw value or a target utilization'));
      if (t !== undefined && t !== 'Utilization' && t !== 'AverageValue') errs.at('metrics', i, 'resource', 'target', 'type').notSupported(t, ['Utilization', 'AverageValue']);
    } else if (type !== undefined && !['Pods', 'Object', 'External', 'ContainerResource'].includes(type)) {
      errs.at('metrics', i, 'type').notSupported(type, ['ContainerResource', 'External', 'Object', 'Pods', 'Resource']);
    }
  });
}
