/** Job and CronJob rules from kubernetes pkg/apis/batch/validation/validation.go. */
import { matchesSelector } from '../selector.ts';
import { text } from '../text.ts';
import type { Errors } from './field-error.ts';
import { validateLabels } from './meta.ts';
import { validatePodTemplate } from './pod.ts';
import { asBool, asInt, asList, asMap, asString, nonNegative, type Json } from './values.ts';

const CONCURRENCY = ['Allow', 'Forbid', 'Replace'] as const;
const COMPLETION_MODES = ['NonIndexed', 'Indexed'] as const;

export function validateJobSpec(spec: unknown, errs: Errors): void {
  const s = asMap(spec, errs);
  if (!s) {
    errs.required();
    return;
  }
  for (const f of ['parallelism', 'completions', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished'] as const) nonNegative(asInt(s[f], errs.at(f)), errs.at(f));
  const deadline = s.activeDeadlineSeconds;
  if (typeof deadline === 'number' && deadline === 0) errs.at('activeDeadlineSeconds').invalid(deadline, text('0보다 커야 한다', 'must be greater than 0'));
  asBool(s.suspend, errs.at('suspend'));
  const mode = asString(s.completionMode, errs.at('completionMode'));
  if (mode !== undefined && !(COMPLETION_MODES as readonly string[]).includes(mode)) errs.at('completionMode').notSupported(mode, COMPLETION_MODES);
  if (mode === 'Indexed' && s.completions === undefined) errs.at('completions').required(text('completionMode가 Indexed이면 필요하다', "when completion mode is Indexed"));
  const template = validatePodTemplate(s.template, errs.at('template'));
  if (!template) return;
  const meta = asMap(template.metadata, errs.at('template', 'metadata')) ?? {};
  validateLabels(meta.labels, errs.at('template', 'metadata', 'labels'));
  const policy = (asMap(template.spec, errs.at('template', 'spec')) ?? {}).restartPolicy;
  // A Job's pods must end: Always (the Pod default) is refused as a missing value, another value as
  // unsupported (validateJobSpec, as changed by kubernetes/kubernetes#95747).
  if (policy === undefined || policy === 'Always' || policy === '') errs.at('template', 'spec', 'restartPolicy').required(text('유효한 값: "OnFailure", "Never"', 'valid values: "OnFailure", "Never"'));
  else if (policy !== 'OnFailure' && policy !== 'Never') errs.at('template', 'spec', 'restartPolicy').notSupported(policy, ['OnFailure', 'Never']);
  else if (s.podFailurePolicy !== undefined && policy !== 'Never') errs.at('template', 'spec', 'restartPolicy').invalid(policy, text('podFailurePolicy를 지정하면 "Never"만 쓸 수 있다', 'only "Never" is supported when podFailurePolicy is specified'));
  validatePodFailurePolicy(s.podFailurePolicy, errs.at('podFailurePolicy'));
  const selector = asMap(s.selector, errs.at('selector'));
  if (selector && s.manualSelector === true && !matchesSelector(selector as Json, meta.labels as Record<string, string> | undefined)) {
    errs.at('template', 'metadata', 'labels').invalid(meta.labels ?? {}, text('`selector`가 템플릿의 `labels`와 맞지 않는다', '`selector` does not match template `labels`'));
  }
}

/** validatePodFailurePolicy, in part: each rule's action and exit-code operator. */
function validatePodFailurePolicy(policy: unknown, errs: Errors): void {
  if (policy === undefined) return;
  const p = asMap(policy, errs);
  (asList(p?.rules, errs.at('rules')) ?? []).forEach((r, i) => {
    const rule = asMap(r, errs.at('rules', i));
    if (!rule) return;
    const action = asString(rule.action, errs.at('rules', i, 'action'));
    if (action === undefined) errs.at('rules', i, 'action').required();
    else if (!POD_FAILURE_ACTIONS.includes(action)) errs.at('rules', i, 'action').notSupported(action, POD_FAILURE_ACTIONS);
    const onExitCodes = asMap(rule.onExitCodes, errs.at('rules', i, 'onExitCodes'));
    const operator = onExitCodes ? asString(onExitCodes.operator, errs.at('rules', i, 'onExitCodes', 'operator')) : undefined;
    if (operator !== undefined && operator !== 'In' && operator !== 'NotIn') errs.at('rules', i, 'onExitCodes', 'operator').notSupported(operator, ['In', 'NotIn']);
  });
}

const POD_FAILURE_ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];

export function validateCronJobSpec(spec: unknown, errs: Errors): void {
  const s = asMap(spec, errs);
  if (!s) {
    errs.required();
    return;
  }
  const schedule = asString(s.schedule, errs.at('schedule'));
  if (!schedule) errs.at('schedule').required();
  else if (!isCronSchedule(schedule)) errs.at('schedule').invalid(schedule, text('올바른 크론 일정이 아니다 (분 시 일 월 요일, 예: "*/5 * * * *")', 'unparseable cron schedule (expected 5 fields: minute hour day-of-month month day-of-week, e.g. "*/5 * * * *")'));
  const tz = asString(s.timeZone, errs.at('timeZone'));
  if (tz !== undefined) validateTimeZone(tz, errs.at('timeZone'));
  if (schedule && tz === undefined && /TZ=|CRON_TZ=/.test(schedule)) errs.at('schedule').invalid(schedule, text('TZ는 schedule이 아니라 timeZone 필드로 지정한다', 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  const policy = asString(s.concurrencyPolicy, errs.at('concurrencyPolicy'));
  if (policy !== undefined && !(CONCURRENCY as readonly string[]).includes(policy)) errs.at('concurrencyPolicy').notSupported(policy, CONCURRENCY);
  for (const f of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const) nonNegative(asInt(s[f], errs.at(f)), errs.at(f));
  const jobTemplate = asMap(s.jobTemplate, errs.at('jobTemplate'));
  if (!jobTemplate) errs.at('jobTemplate').required();
  else validateJobSpec(jobTemplate.spec, errs.at('jobTemplate', 'spec'));
}

/** IANA naming rules, with digits and '+' tolerated for legacy names (validTimeZoneCharacters). */
const TIME_ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

/** validateTimeZone; `time.LoadLocation` is played by the runtime's IANA database (Intl). */
function validateTimeZone(tz: string, errs: Errors): void {
  if (tz === '') {
    errs.invalid(tz, text('timeZone은 비우지 않은 문자열이거나 생략해야 한다', 'timeZone must be nil or non-empty string'));
    return;
  }
  const unknown = text(`알 수 없는 시간대 ${tz}`, `unknown time zone ${tz}`);
  if (tz.split('/').some((part) => part === '.' || part === '..' || part.startsWith('-') || !TIME_ZONE_PART.test(part))) {
    errs.invalid(tz, unknown);
    return;
  }
  if (tz.toLowerCase() === 'local') {
    errs.invalid(tz, text('timeZone은 https://www.iana.org/time-zones 에 정의된 명시적인 시간대여야 한다', 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
    return;
  }
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    resolved = '';
  }
  // Zone names are file names to LoadLocation, so "asia/seoul" is not "Asia/Seoul" (Intl ignores case).
  if (resolved === '' || (resolved !== tz && resolved.toLowerCase() === tz.toLowerCase())) errs.invalid(tz, unknown);
}

const FIELD = /^(\*|\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/\d+)?(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/\d+)?)*$/;
const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** robfig/cron ParseStandard: five fields, or a descriptor. */
export function isCronSchedule(schedule: string): boolean {
  const s = schedule.trim();
  if (DESCRIPTORS.has(s)) return true;
  const fields = s.split(/\s+/);
  return fields.length === 5 && fields.every((f) => FIELD.test(f));
}
