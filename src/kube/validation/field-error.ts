/**
 * Field errors in the shape of k8s.io/apimachinery/pkg/util/validation/field/errors.go:
 * `spec.replicas: Invalid value: -1: must be greater than or equal to 0`.
 */
import { formatFieldPath, type FieldPath } from '../position.ts';
import { text, type Text } from '../text.ts';

export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  /** Strict decoding: a field the schema does not have. */
  | 'FieldValueUnknown'
  /** Strict decoding: a value of the wrong JSON type. */
  | 'FieldValueTypeInvalid';

export interface FieldError {
  type: FieldErrorType;
  path: FieldPath;
  value?: unknown;
  detail: Text;
}

const TYPE_TEXT: Record<FieldErrorType, Text> = {
  FieldValueRequired: text('필수 값', 'Required value'),
  FieldValueInvalid: text('잘못된 값', 'Invalid value'),
  FieldValueNotSupported: text('지원하지 않는 값', 'Unsupported value'),
  FieldValueDuplicate: text('중복된 값', 'Duplicate value'),
  FieldValueForbidden: text('금지됨', 'Forbidden'),
  FieldValueTooLong: text('너무 긴 값', 'Too long'),
  FieldValueUnknown: text('알 수 없는 필드', 'Unknown field'),
  FieldValueTypeInvalid: text('타입 오류', 'Wrong type'),
};

/** Formats one error as the API server does, in both languages. */
export function formatFieldError(e: FieldError): Text {
  const path = formatFieldPath(e.path);
  // Decoding errors are reported in the decoder's own words.
  if (e.type === 'FieldValueUnknown' || e.type === 'FieldValueTypeInvalid') return e.detail;
  // ErrorBody (k8s.io/apimachinery/pkg/util/validation/field/errors.go): the type, the bad value, then the detail, each only when there is one.
  const shown = e.type === 'FieldValueRequired' || e.type === 'FieldValueForbidden' || e.value === undefined ? '' : `: ${JSON.stringify(e.value)}`;
  const body = (lang: 'ko' | 'en'): string => `${path}: ${TYPE_TEXT[e.type][lang]}${shown}${e.detail[lang] ? `: ${e.detail[lang]}` : ''}`;
  return text(body('ko'), body('en'));
}

/** Collects errors while walking an object; `at(...)` narrows the path. */
export class Errors {
  readonly list: FieldError[] = [];
  private readonly base: FieldPath;

  constructor(base: FieldPath = [], list?: FieldError[]) {
    this.base = base;
    if (list) this.list = list;
  }

  at(...segments: (string | number)[]): Errors {
    return new Errors([...this.base, ...segments], this.list);
  }

  required(detail: Text = text('', '')): void {
    this.list.push({ type: 'FieldValueRequired', path: this.base, detail });
  }

  invalid(value: unknown, detail: Text): void {
    this.list.push({ type: 'FieldValueInvalid', path: this.base, value, detail });
  }

  notSupported(value: unknown, supported: readonly string[]): void {
    const list = supported.map((s) => `"${s}"`).join(', ');
    this.list.push({ type: 'FieldValueNotSupported', path: this.base, value, detail: text(`지원하는 값: ${list}`, `supported values: ${list}`) });
  }

  duplicate(value: unknown): void {
    this.list.push({ type: 'FieldValueDuplicate', path: this.base, value, detail: text('', '') });
  }

  forbidden(detail: Text): void {
    this.list.push({ type: 'FieldValueForbidden', path: this.base, detail });
  }

  tooLong(value: unknown, max: number): void {
    this.list.push({ type: 'FieldValueTooLong', path: this.base, value, detail: text(`${max}자 이하여야 한다`, `may not be more than ${max} bytes`) });
  }
}
