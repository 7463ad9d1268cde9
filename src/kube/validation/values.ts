/** Type checks for decoded JSON values, reporting as the API server's decoder would refuse them. */
import { isPlainObject } from '../object.ts';
import { text } from '../text.ts';
import type { Errors } from './field-error.ts';

export type Json = Record<string, unknown>;

/** The value as a mapping, or undefined after reporting a type error (absent values pass silently). */
export function asMap(value: unknown, errs: Errors): Json | undefined {
  if (value === undefined || value === null) return undefined;
  if (isPlainObject(value)) return value;
  errs.invalid(value, text('매핑(키: 값)이어야 한다', 'must be an object (a mapping)'));
  return undefined;
}

export function asList(value: unknown, errs: Errors): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value;
  errs.invalid(value, text('목록(- 항목)이어야 한다', 'must be a list'));
  return undefined;
}

export function asString(value: unknown, errs: Errors): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  errs.invalid(value, text('문자열이어야 한다 (따옴표로 감싸자)', 'must be a string (quote it)'));
  return undefined;
}

export function asInt(value: unknown, errs: Errors): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  errs.invalid(value, text('정수여야 한다', 'must be an integer'));
  return undefined;
}

export function asBool(value: unknown, errs: Errors): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  errs.invalid(value, text('true 또는 false여야 한다', 'must be true or false'));
  return undefined;
}

export function nonNegative(value: number | undefined, errs: Errors): void {
  if (value !== undefined && value < 0) errs.invalid(value, text('0 이상이어야 한다', 'must be greater than or equal to 0'));
}

export function portNumber(value: number | undefined, errs: Errors): void {
  if (value !== undefined && (value < 1 || value > 65535)) errs.invalid(value, text('1에서 65535 사이여야 한다', 'must be between 1 and 65535, inclusive'));
}

/** An IntOrString such as maxSurge or targetPort. */
export function asIntOrString(value: unknown, errs: Errors): number | string | undefined {
  if (value === undefined || value === null) return undefined;
  if ((typeof value === 'number' && Number.isInteger(value)) || typeof value === 'string') return value;
  errs.invalid(value, text('정수 또는 문자열이어야 한다', 'must be an integer or a string'));
  return undefined;
}
