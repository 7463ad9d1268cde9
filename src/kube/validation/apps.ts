/** Deployment and ReplicaSet rules from kubernetes pkg/apis/apps/validation/validation.go. */
import { matchesSelector } from '../selector.ts';
import { text } from '../text.ts';
import type { Errors } from './field-error.ts';
import { validateLabels } from './meta.ts';
import { validatePodTemplate } from './pod.ts';
import { asInt, asIntOrString, asList, asMap, asString, nonNegative, type Json } from './values.ts';

const STRATEGIES = ['RollingUpdate', 'Recreate'] as const;
const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

export function validateDeploymentSpec(spec: unknown, errs: Errors): void {
  const s = validateReplicatedSpec(spec, errs);
  if (!s) return;
  const strategy = asMap(s.strategy, errs.at('strategy'));
  if (strategy) validateStrategy(strategy, errs.at('strategy'));
  for (const f of ['revisionHistoryLimit', 'minReadySeconds', 'progressDeadlineSeconds'] as const) nonNegative(asInt(s[f], errs.at(f)), errs.at(f));
  const pds = s.progressDeadlineSeconds;
  const mrs = s.minReadySeconds;
  if (typeof pds === 'number' && typeof mrs === 'number' && pds <= mrs)
    errs.at('progressDeadlineSeconds').invalid(pds, text('minReadySeconds보다 커야 한다', 'must be greater than minReadySeconds'));
}

export function validateReplicaSetSpec(spec: unknown, errs: Errors): void {
  const s = validateReplicatedSpec(spec, errs);
  if (s) nonNegative(asInt(s.minReadySeconds, errs.at('minReadySeconds')), errs.at('minReadySeconds'));
}

export function validateStatefulSetSpec(spec: unknown, errs: Errors): void {
  const s = validateReplicatedSpec(spec, errs);
  if (!s) return;
  const policy = s.podManagementPolicy;
  if (policy !== undefined && policy !== 'OrderedReady' && policy !== 'Parallel') errs.at('podManagementPolicy').notSupported(policy, ['OrderedReady', 'Parallel']);
  const strategy = asMap(s.updateStrategy, errs.at('updateStrategy'));
  const type = strategy ? asString(strategy.type, errs.at('updateStrategy', 'type')) : undefined;
  if (type !== undefined && type !== 'RollingUpdate' && type !== 'OnDelete') errs.at('updateStrategy', 'type').notSupported(type, ['RollingUpdate', 'OnDelete']);
  asString(s.serviceName, errs.at('serviceName'));
  (asList(s.volumeClaimTemplates, errs.at('volumeClaimTemplates')) ?? []).forEach((t, i) => {
    const claim = asMap(t, errs.at('volumeClaimTemplates', i));
    const name = asMap(claim?.metadata, errs.at('volumeClaimTemplates', i, 'metadata'))?.name;
    if (claim && !name) errs.at('volumeClaimTemplates', i, 'metadata', 'name').required();
  });
}

export function validateDaemonSetSpec(spec: unknown, errs: Errors): void {
  const s = asMap(spec, errs);
  if (!s) {
    errs.required();
    return;
  }
  if (s.replicas !== undefined) errs.at('replicas').forbidden(text('데몬셋(DaemonSet)에는 replicas가 없다: 노드마다 파드 하나가 실행된다', 'a DaemonSet has no replicas: it runs one pod per node'));
  validateReplicatedSpec({ ...s, replicas: undefined }, errs);
}

/** replicas, selector and template, shared by Deployment, ReplicaSet, StatefulSet and DaemonSet. */
function validateReplicatedSpec(spec: unknown, errs: Errors): Json | undefined {
  const s = asMap(spec, errs);
  if (!s) {
    errs.required();
    return undefined;
  }
  nonNegative(asInt(s.replicas, errs.at('replicas')), errs.at('replicas'));
  const selector = validateSelector(s.selector, errs.at('selector'));
  const template = validatePodTemplate(s.template, errs.at('template'));
  if (template) {
    const meta = asMap(template.metadata, errs.at('template', 'metadata')) ?? {};
    validateLabels(meta.labels, errs.at('template', 'metadata', 'labels'));
    const labels = asMap(meta.labels, errs.at('template', 'metadata', 'labels')) as Record<string, string> | undefined;
    if (selector && Object.keys(selector).length > 0 && !matchesSelector(selector, labels))
      errs.at('template', 'metadata', 'labels').invalid(labels ?? {}, text('`selector`가 템플릿의 `labels`와 맞지 않는다', '`selector` does not match template `labels`'));
    const podSpec = asMap(template.spec, errs.at('template', 'spec'));
    const rp = podSpec?.restartPolicy;
    if (rp !== undefined && rp !== 'Always') errs.at('template', 'spec', 'restartPolicy').notSupported(rp, ['Always']);
  }
  return s;
}

function validateSelector(selector: unknown, errs: Errors): Json | undefined {
  const sel = asMap(selector, errs);
  if (!sel) {
    errs.required();
    return undefined;
  }
  validateLabels(sel.matchLabels, errs.at('matchLabels'));
  (asList(sel.matchExpressions, errs.at('matchExpressions')) ?? []).forEach((r, i) => {
    const e = errs.at('matchExpressions', i);
    const req = asMap(r, e);
    if (!req) return;
    if (!asString(req.key, e.at('key'))) e.at('key').required();
    const op = asString(req.operator, e.at('operator'));
    const values = asList(req.values, e.at('values')) ?? [];
    if (op === undefined) e.at('operator').required();
    else if (!(OPERATORS as readonly string[]).includes(op)) e.at('operator').notSupported(op, OPERATORS);
    else if ((op === 'In' || op === 'NotIn') && values.length === 0) e.at('values').required(text('연산자가 In 또는 NotIn이면 값이 있어야 한다', 'must be specified when `operator` is \'In\' or \'NotIn\''));
    else if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) e.at('values').forbidden(text("연산자가 Exists 또는 DoesNotExist이면 값을 지정할 수 없다", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
  });
  const empty = Object.keys((sel.matchLabels as object | undefined) ?? {}).length === 0 && ((sel.matchExpressions as unknown[] | undefined) ?? []).length === 0;
  if (empty) errs.invalid(sel, text('비어 있는 셀렉터는 허용되지 않는다', 'empty selector is invalid for deployment'));
  return sel;
}

function validateStrategy(strategy: Json, errs: Errors): void {
  const type = asString(strategy.type, errs.at('type'));
  if (type !== undefined && !(STRATEGIES as readonly string[]).includes(type)) errs.at('type').notSupported(type, STRATEGIES);
  const ru = asMap(strategy.rollingUpdate, errs.at('rollingUpdate'));
  if (!ru) return;
  if (type === 'Recreate') {
    errs.at('rollingUpdate').forbidden(text("type이 'Recreate'이면 rollingUpdate를 지정할 수 없다", "may not be specified when strategy `type` is 'Recreate'"));
    return;
  }
  const surge = intOrPercent(ru.maxSurge, errs.at('rollingUpdate', 'maxSurge'));
  const unavailable = intOrPercent(ru.maxUnavailable, errs.at('rollingUpdate', 'maxUnavailable'));
  if (unavailable !== undefined && unavailable.percent && unavailable.value > 100)
    errs.at('rollingUpdate', 'maxUnavailable').invalid(ru.maxUnavailable, text('100%를 넘을 수 없다', 'must not be greater than 100%'));
  if (surge?.value === 0 && unavailable?.value === 0)
    errs.at('rollingUpdate', 'maxUnavailable').invalid(ru.maxUnavailable, text('maxSurge가 0이면 0일 수 없다', 'may not be 0 when `maxSurge` is 0'));
}

function intOrPercent(value: unknown, errs: Errors): { value: number; percent: boolean } | undefined {
  const v = asIntOrString(value, errs);
  if (v === undefined) return undefined;
  if (typeof v === 'number') {
    nonNegative(v, errs);
    return { value: v, percent: false };
  }
  const m = /^(\d+)%$/.exec(v);
  if (!m) {
    errs.invalid(v, text("정수 또는 '25%' 같은 백분율이어야 한다", "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
    return undefined;
  }
  return { value: Number(m[1]), percent: true };
}
