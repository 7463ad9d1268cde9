/**
 * Name and label rules from k8s.io/apimachinery/pkg/util/validation/validation.go, with its messages.
 */
import { text, type Text } from '../text.ts';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])*$/;

/** Each returns the problems with a value (empty when valid). */
export function dns1123Label(v: string): Text[] {
  const out: Text[] = [];
  if (v.length > 63) out.push(text('63자 이하여야 한다', 'must be no more than 63 characters'));
  if (!DNS1123_LABEL.test(v))
    out.push(
      text(
        "RFC 1123 레이블이어야 한다: 영어 소문자, 숫자, '-'만 쓰고 영숫자로 시작하고 끝나야 한다 (예: 'my-name', '123-abc')",
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ),
    );
  return out;
}

export function dns1123Subdomain(v: string): Text[] {
  const out: Text[] = [];
  if (v.length > 253) out.push(text('253자 이하여야 한다', 'must be no more than 253 characters'));
  if (!DNS1123_SUBDOMAIN.test(v))
    out.push(
      text(
        "RFC 1123 서브도메인이어야 한다: 영어 소문자, 숫자, '-', '.'만 쓰고 영숫자로 시작하고 끝나야 한다 (예: 'example.com')",
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ),
    );
  return out;
}

export function dns1035Label(v: string): Text[] {
  const out: Text[] = [];
  if (v.length > 63) out.push(text('63자 이하여야 한다', 'must be no more than 63 characters'));
  if (!DNS1035_LABEL.test(v))
    out.push(
      text(
        "RFC 1035 레이블이어야 한다: 영어 소문자, 숫자, '-'만 쓰고 영문자로 시작해 영숫자로 끝나야 한다 (예: 'my-name', 'abc-123')",
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      ),
    );
  return out;
}

/** A label or annotation key: an optional DNS subdomain prefix and a name of at most 63 characters. */
export function qualifiedName(v: string): Text[] {
  const parts = v.split('/');
  let name = v;
  const out: Text[] = [];
  if (parts.length === 2) {
    const [prefix, n] = parts as [string, string];
    name = n;
    if (prefix.length === 0) out.push(text('접두사가 비어 있으면 안 된다', 'prefix part must be non-empty'));
    else out.push(...dns1123Subdomain(prefix).map((t) => text(`접두사: ${t.ko}`, `prefix part ${t.en}`)));
  } else if (parts.length > 2) {
    return [text("이름은 '접두사/이름' 형식이어야 한다", "a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/'")];
  }
  if (name.length === 0) out.push(text('이름 부분이 비어 있으면 안 된다', 'name part must be non-empty'));
  else if (name.length > 63) out.push(text('이름 부분은 63자 이하여야 한다', 'name part must be no more than 63 characters'));
  if (name.length > 0 && !QUALIFIED_NAME.test(name))
    out.push(
      text(
        "이름 부분은 영숫자, '-', '_', '.'만 쓰고 영숫자로 시작하고 끝나야 한다",
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
      ),
    );
  return out;
}

export function labelValue(v: string): Text[] {
  const out: Text[] = [];
  if (v.length > 63) out.push(text('63자 이하여야 한다', 'must be no more than 63 characters'));
  if (!LABEL_VALUE.test(v))
    out.push(
      text(
        "레이블 값은 비어 있거나 영숫자, '-', '_', '.'만 쓰고 영숫자로 시작하고 끝나야 한다",
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
      ),
    );
  return out;
}

/** A named port (IANA service name): at most 15 characters, lowercase, at least one letter. */
export function portName(v: string): Text[] {
  const out: Text[] = [];
  if (v.length > 15) out.push(text('15자 이하여야 한다', 'must be no more than 15 characters'));
  if (!IANA_SVC_NAME.test(v)) out.push(text("영어 소문자, 숫자, '-'만 쓸 수 있다", "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"));
  if (v.includes('--')) out.push(text("'-'를 연달아 쓸 수 없다", 'must not contain consecutive hyphens'));
  if (!/[a-z]/.test(v)) out.push(text('영문자가 하나 이상 있어야 한다', 'must contain at least one letter (a-z)'));
  return out;
}
