/**
 * The PodSpec's scheduling rules as kubernetes pkg/apis/core/validation/validation.go checks them:
 * tolerations (ValidateTolerations, validateTaintEffect) and topology spread constraints
 * (validateTopologySpreadConstraints, ValidateMaxSkew, ValidateWhenUnsatisfiable,
 * ValidateSpreadConstraintNotRepeat, validateMinDomains, validateNodeInclusionPolicy). Without them a
 * typo such as `whenUnsatisfiable: DoNotSchedul` or `operator: Exists` with a value would be accepted
 * and quietly do something else, where a real API server refuses the object.
 */
import { text } from '../text.ts';
import type { Errors } from './field-error.ts';
import { labelValue, qualifiedName } from './names.ts';
import { asInt, asList, asMap, asString } from './values.ts';

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
const TOLERATION_OPERATORS = ['Equal', 'Exists'] as const;
/** sets.List order (sorted), as the NotSupported errors list them. */
const UNSATISFIABLE_ACTIONS = ['DoNotSchedule', 'ScheduleAnyway'] as const;
const NODE_INCLUSION_POLICIES = ['Honor', 'Ignore'] as const;
const NOT_POSITIVE = text('0보다 커야 한다', 'must be greater than zero');

export function validateTolerations(tolerations: unknown, errs: Errors): void {
  (asList(tolerations, errs) ?? []).forEach((item, i) => {
    const e = errs.at(i);
    const t = asMap(item, e);
    if (!t) return;
    const key = asString(t.key, e.at('key')) ?? '';
    const operator = asString(t.operator, e.at('operator')) ?? '';
    const value = asString(t.value, e.at('value')) ?? '';
    const effect = asString(t.effect, e.at('effect')) ?? '';
    const seconds = asInt(t.tolerationSeconds, e.at('tolerationSeconds'));
    if (key.length > 0) for (const p of qualifiedName(key)) e.at('key').invalid(key, p);
    if (key.length === 0 && operator !== 'Exists') {
      e.at('operator').invalid(operator, text('`key`가 비어 있으면 operator는 Exists여야 한다("모든 키와 모든 값"이라는 뜻)', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (seconds !== undefined && effect !== 'NoExecute') {
      e.at('effect').invalid(effect, text("`tolerationSeconds`를 쓰면 effect는 'NoExecute'여야 한다", "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (operator === 'Equal' || operator === '') {
      const problems = labelValue(value);
      // Upstream reports a bad value at the operator's path.
      if (problems.length > 0) e.at('operator').invalid(value, text(problems.map((p) => p.ko).join(';'), problems.map((p) => p.en).join(';')));
    } else if (operator === 'Exists') {
      if (value.length > 0) e.at('operator').invalid(item, text("operator가 'Exists'이면 value는 비어 있어야 한다", "value must be empty when `operator` is 'Exists'"));
    } else {
      e.at('operator').notSupported(operator, TOLERATION_OPERATORS);
    }
    if (effect.length > 0 && !(TAINT_EFFECTS as readonly string[]).includes(effect)) e.at('effect').notSupported(effect, TAINT_EFFECTS);
  });
}

export function validateTopologySpreadConstraints(constraints: unknown, errs: Errors): void {
  const list = (asList(constraints, errs) ?? []).map((item, i) => ({ c: asMap(item, errs.at(i)), e: errs.at(i) }));
  list.forEach(({ c, e }, i) => {
    if (!c) return;
    const maxSkew = asInt(c.maxSkew, e.at('maxSkew'));
    if ((maxSkew ?? 0) <= 0) e.at('maxSkew').invalid(maxSkew ?? 0, NOT_POSITIVE);
    const key = asString(c.topologyKey, e.at('topologyKey')) ?? '';
    if (key.length === 0) e.at('topologyKey').required(text('비어 있으면 안 된다', 'can not be empty'));
    const action = asString(c.whenUnsatisfiable, e.at('whenUnsatisfiable')) ?? '';
    if (!(UNSATISFIABLE_ACTIONS as readonly string[]).includes(action)) e.at('whenUnsatisfiable').notSupported(action, UNSATISFIABLE_ACTIONS);
    // The pair {topologyKey, whenUnsatisfiable} names one kind of constraint: it may appear once.
    const repeated = list.slice(i + 1).some((o) => o.c && o.c.topologyKey === c.topologyKey && o.c.whenUnsatisfiable === c.whenUnsatisfiable);
    if (repeated) e.at('{topologyKey, whenUnsatisfiable}').duplicate(`{${key}, ${action}}`);
    const minDomains = asInt(c.minDomains, e.at('minDomains'));
    if (minDomains !== undefined) {
      if (minDomains <= 0) e.at('minDomains').invalid(minDomains, NOT_POSITIVE);
      if (action !== 'DoNotSchedule') e.at('minDomains').invalid(minDomains, text(`minDomains는 whenUnsatisfiable=DoNotSchedule일 때만 쓸 수 있다(지금은 ${action})`, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${action}`));
    }
    for (const field of ['nodeAffinityPolicy', 'nodeTaintsPolicy'] as const) {
      const policy = asString(c[field], e.at(field));
      if (policy !== undefined && !(NODE_INCLUSION_POLICIES as readonly string[]).includes(policy)) e.at(field).notSupported(policy, NODE_INCLUSION_POLICIES);
    }
  });
}
