/** ConfigMap and Secret rules from kubernetes pkg/apis/core/validation/validation.go. */
import { decodeBase64 } from '../base64.ts';
import { isPlainObject } from '../object.ts';
import { text } from '../text.ts';
import type { Errors } from './field-error.ts';
import { asMap, asString } from './values.ts';

const KEY = /^[-._a-zA-Z0-9]+$/;
const SECRET_TYPES = ['Opaque', 'kubernetes.io/service-account-token', 'kubernetes.io/dockercfg', 'kubernetes.io/dockerconfigjson', 'kubernetes.io/basic-auth', 'kubernetes.io/ssh-auth', 'kubernetes.io/tls', 'bootstrap.kubernetes.io/token'];

function keys(map: unknown, errs: Errors): Record<string, unknown> {
  const m = asMap(map, errs) ?? {};
  for (const k of Object.keys(m)) {
    if (!KEY.test(k) || k.length > 253) errs.invalid(k, text("키는 영숫자, '-', '_', '.'만 쓸 수 있다", "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"));
  }
  return m;
}

export function validateConfigMap(obj: Record<string, unknown>, errs: Errors): void {
  const data = keys(obj.data, errs.at('data'));
  const binary = keys(obj.binaryData, errs.at('binaryData'));
  for (const k of Object.keys(data)) if (k in binary) errs.at('data').duplicate(k);
}

export function validateSecret(obj: Record<string, unknown>, errs: Errors): void {
  const data = keys(obj.data, errs.at('data'));
  keys(obj.stringData, errs.at('stringData'));
  for (const [k, v] of Object.entries(data)) {
    if (typeof v === 'string' && decodeBase64(v) === undefined) {
      errs.at('data', k).invalid('<secret contents redacted>', text('base64로 인코딩된 값이어야 한다 (평문은 stringData에 쓴다)', 'illegal base64 data (use stringData for plain text)'));
    }
  }
  const type = asString(obj.type, errs.at('type'));
  if (type !== undefined && !SECRET_TYPES.includes(type) && !type.includes('/')) errs.at('type').notSupported(type, SECRET_TYPES);
  if (type === 'kubernetes.io/tls' && isPlainObject(obj.data)) {
    for (const key of ['tls.crt', 'tls.key']) if (!(key in data) && !(isPlainObject(obj.stringData) && key in obj.stringData)) errs.at('data', key).required();
  }
}
