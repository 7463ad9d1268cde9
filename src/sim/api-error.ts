/**
 * API errors as the API server returns them: a `v1` Status with reason, code and details
 * (k8s.io/apimachinery/pkg/api/errors/errors.go). The message is kept in both languages.
 */
import type { FieldError } from '../kube/validation/index.ts';
import { formatFieldError } from '../kube/validation/index.ts';
import { formatFieldPath } from '../kube/position.ts';
import { text, type Text } from '../kube/text.ts';

export type StatusReason = 'Invalid' | 'NotFound' | 'AlreadyExists' | 'Conflict' | 'BadRequest' | 'Forbidden' | 'MethodNotAllowed' | 'TooManyRequests' | 'InternalError';

const CODES: Record<StatusReason, number> = { Invalid: 422, NotFound: 404, AlreadyExists: 409, Conflict: 409, BadRequest: 400, Forbidden: 403, MethodNotAllowed: 405, TooManyRequests: 429, InternalError: 500 };

export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: StatusReason;
  details: { name?: string; group?: string; kind?: string; causes?: StatusCause[] };
  code: number;
}

export class ApiError extends Error {
  readonly reason: StatusReason;
  readonly code: number;
  readonly text: Text;
  readonly fieldErrors: readonly FieldError[];
  readonly details: Status['details'];

  constructor(reason: StatusReason, message: Text, details: Status['details'] = {}, fieldErrors: readonly FieldError[] = []) {
    super(message.en);
    this.name = 'ApiError';
    this.reason = reason;
    this.code = CODES[reason];
    this.text = message;
    this.details = details;
    this.fieldErrors = fieldErrors;
  }

  toStatus(): Status {
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.text.en, reason: this.reason, details: this.details, code: this.code };
  }
}

/** `Deployment.apps "web"` as the API server names an object in messages. */
function qualified(kind: string, group: string, name: string): string {
  return `${kind}${group ? `.${group}` : ''} "${name}"`;
}

export function invalid(kind: string, group: string, name: string, errors: readonly FieldError[]): ApiError {
  const lines = errors.map(formatFieldError);
  const join = (l: 'ko' | 'en'): string => (lines.length === 1 ? lines[0]![l] : `[${lines.map((x) => x[l]).join(', ')}]`);
  const q = qualified(kind, group, name);
  return new ApiError(
    'Invalid',
    text(`${q}이(가) 유효하지 않다: ${join('ko')}`, `${q} is invalid: ${join('en')}`),
    {
      name,
      group,
      kind,
      causes: errors.map((e, i) => ({ reason: e.type, message: lines[i]!.en, field: formatFieldPath(e.path) })),
    },
    errors,
  );
}

/** The strict decoder's refusal: `Deployment in version "v1" cannot be handled as a Deployment: …`. */
export function undecodable(kind: string, version: string, errors: readonly FieldError[]): ApiError {
  const types = errors.filter((e) => e.type === 'FieldValueTypeInvalid');
  const what = (l: 'ko' | 'en'): string =>
    types.length > 0 ? formatFieldError(types[0]!)[l] : `${l === 'ko' ? '엄격한 디코딩 오류' : 'strict decoding error'}: ${errors.map((e) => formatFieldError(e)[l]).join(', ')}`;
  return new ApiError(
    'BadRequest',
    text(`버전 "${version}"의 ${kind}로 처리할 수 없다: ${what('ko')}`, `${kind} in version "${version}" cannot be handled as a ${kind}: ${what('en')}`),
    {},
    types.length > 0 ? types.slice(0, 1) : errors,
  );
}

export function notFound(kind: string, group: string, name: string): ApiError {
  const q = `${kind.toLowerCase()}s${group ? `.${group}` : ''} "${name}"`;
  return new ApiError('NotFound', text(`${q}을(를) 찾을 수 없다`, `${q} not found`), { name, group, kind: `${kind.toLowerCase()}s` });
}

export function alreadyExists(kind: string, group: string, name: string): ApiError {
  const q = `${kind.toLowerCase()}s${group ? `.${group}` : ''} "${name}"`;
  return new ApiError('AlreadyExists', text(`${q}이(가) 이미 있다`, `${q} already exists`), { name, group, kind: `${kind.toLowerCase()}s` });
}

export function namespaceNotFound(namespace: string): ApiError {
  return new ApiError('NotFound', text(`네임스페이스 "${namespace}"을(를) 찾을 수 없다`, `namespaces "${namespace}" not found`), { name: namespace, kind: 'namespaces' });
}
