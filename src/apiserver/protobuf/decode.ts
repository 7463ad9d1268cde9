/**
 * Request bodies in `application/vnd.kubernetes.protobuf`, which kubectl ≥ 1.32 sends for
 * `kubectl create namespace|configmap|secret|deployment|service`: the 4-byte magic `k8s\0`, then a
 * runtime.Unknown (typeMeta, raw, contentEncoding, contentType) whose `raw` is the object's own
 * message (k8s.io/apimachinery pkg/runtime/serializer/protobuf). The messages are decoded with the
 * Go types' protobuf tags (go-types.json) into the object's JSON form, as the Go JSON encoder would
 * write the same value: omitempty zero values left out, a zero Time as absent, IntOrString as a
 * number or a string, bytes as base64.
 */
import type { KubeObject } from '../../kube/object.ts';
import { definitionOfKind, goStruct, type GoField } from '../schema/go-types.ts';
import { readFields, readPacked, WIRE_BYTES, WireError, type WireField } from './wire.ts';

const MAGIC = [0x6b, 0x38, 0x73, 0x00];
const utf8 = new TextDecoder('utf-8', { fatal: false });

export class ProtobufError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufError';
  }
}

export function isKubernetesProtobuf(body: Uint8Array): boolean {
  return MAGIC.every((b, i) => body[i] === b);
}

/** Decodes a protobuf request body into a Kubernetes object in its JSON form. */
export function decodeKubernetesProtobuf(body: Uint8Array): KubeObject {
  if (!isKubernetesProtobuf(body)) throw new ProtobufError('provided object is not a Kubernetes protobuf message (missing the k8s\\0 prefix)');
  try {
    const unknown = readFields(body.subarray(4));
    let apiVersion = '';
    let kind = '';
    let raw: Uint8Array | undefined;
    let encoding = '';
    for (const f of unknown) {
      if (f.number === 1 && f.bytes) {
        for (const t of readFields(f.bytes)) {
          if (t.number === 1 && t.bytes) apiVersion = utf8.decode(t.bytes);
          if (t.number === 2 && t.bytes) kind = utf8.decode(t.bytes);
        }
      } else if (f.number === 2 && f.bytes) raw = f.bytes;
      else if (f.number === 3 && f.bytes) encoding = utf8.decode(f.bytes);
    }
    if (encoding !== '') throw new ProtobufError(`unsupported content encoding ${encoding}`);
    const def = definitionOfKind(apiVersion, kind);
    if (!def) throw new ProtobufError(`no kind "${kind}" is registered for version "${apiVersion}"`);
    const obj = decodeMessage(raw ?? new Uint8Array(), def) as Record<string, unknown>;
    return { apiVersion, kind, ...obj } as KubeObject;
  } catch (e) {
    if (e instanceof WireError) throw new ProtobufError(`proto: ${e.message}`);
    throw e;
  }
}

function toNumber(v: bigint, signed64 = true): number {
  return Number(signed64 ? BigInt.asIntN(64, v) : v);
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

function timeString(bytes: Uint8Array, micro: boolean): string | undefined {
  // metav1.Time marshals the zero time as an empty message: null in JSON.
  if (bytes.length === 0) return undefined;
  let seconds = 0;
  let nanos = 0;
  for (const f of readFields(bytes)) {
    if (f.number === 1 && f.varint !== undefined) seconds = toNumber(f.varint);
    if (f.number === 2 && f.varint !== undefined) nanos = toNumber(f.varint);
  }
  // The zero time.Time (0001-01-01T00:00:00Z) is null in JSON.
  if (seconds === -62135596800 && nanos === 0) return undefined;
  const iso = new Date(seconds * 1000).toISOString();
  if (!micro) return iso.replace(/\.\d{3}Z$/, 'Z');
  return `${iso.slice(0, 19)}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`;
}

function goDuration(ns: number): string {
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  let rest = Math.abs(ns) / 1e9;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  rest -= m * 60;
  const s = Number(rest.toFixed(9)).toString();
  return `${sign}${h > 0 ? `${h}h` : ''}${h > 0 || m > 0 ? `${m}m` : ''}${s}s`;
}

/** A scalar or special value from its wire field. */
function decodeValue(f: WireField, type: string): unknown {
  switch (type) {
    case 'string':
      return f.bytes ? utf8.decode(f.bytes) : '';
    case 'bytes':
      return base64(f.bytes ?? new Uint8Array());
    case 'bool':
      return f.varint !== undefined && f.varint !== 0n;
    case 'int32':
    case 'int64':
      return f.varint !== undefined ? toNumber(f.varint) : 0;
    case 'float64':
      return f.bytes && f.bytes.length === 8 ? new DataView(f.bytes.buffer, f.bytes.byteOffset, 8).getFloat64(0, true) : 0;
    case 'Time':
      return timeString(f.bytes ?? new Uint8Array(), false);
    case 'MicroTime':
      return timeString(f.bytes ?? new Uint8Array(), true);
    case 'Duration': {
      const d = readFields(f.bytes ?? new Uint8Array()).find((x) => x.number === 1);
      return goDuration(d?.varint !== undefined ? toNumber(d.varint) : 0);
    }
    case 'Quantity': {
      const s = readFields(f.bytes ?? new Uint8Array()).find((x) => x.number === 1);
      return s?.bytes ? utf8.decode(s.bytes) : '0';
    }
    case 'IntOrString': {
      let kind = 0;
      let intVal = 0;
      let strVal = '';
      for (const x of readFields(f.bytes ?? new Uint8Array())) {
        if (x.number === 1 && x.varint !== undefined) kind = toNumber(x.varint);
        if (x.number === 2 && x.varint !== undefined) intVal = toNumber(x.varint);
        if (x.number === 3 && x.bytes) strVal = utf8.decode(x.bytes);
      }
      return kind === 1 ? strVal : intVal;
    }
    case 'RawExtension':
    case 'FieldsV1': {
      const raw = readFields(f.bytes ?? new Uint8Array()).find((x) => x.number === 1);
      if (!raw?.bytes || raw.bytes.length === 0) return undefined;
      try {
        return JSON.parse(utf8.decode(raw.bytes)) as unknown;
      } catch {
        return undefined;
      }
    }
    default:
      if (goStruct(type)) return decodeMessage(f.bytes ?? new Uint8Array(), type);
      return undefined;
  }
}

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false;
}

function decodeMessage(buf: Uint8Array, def: string): Record<string, unknown> {
  const struct = goStruct(def);
  if (!struct) return {};
  const byNumber = new Map<number, GoField>();
  for (const f of struct.fields) if (f.proto !== undefined) byNumber.set(f.proto, f);
  const out: Record<string, unknown> = {};
  const scalarElement = (t: string): boolean => ['string', 'bytes', 'bool', 'int32', 'int64', 'float64'].includes(t);
  for (const wf of readFields(buf)) {
    const field = byNumber.get(wf.number);
    if (!field) continue;
    const t = field.type;
    if (field.inline) {
      Object.assign(out, decodeMessage(wf.bytes ?? new Uint8Array(), t));
      continue;
    }
    if (t.startsWith('map[]')) {
      const valueType = t.slice(5);
      let key = '';
      let value: unknown = valueType === 'string' ? '' : undefined;
      for (const e of readFields(wf.bytes ?? new Uint8Array())) {
        if (e.number === 1 && e.bytes) key = utf8.decode(e.bytes);
        if (e.number === 2) value = decodeValue(e, valueType);
      }
      const map = (out[field.json] ??= {}) as Record<string, unknown>;
      map[key] = value ?? (valueType.startsWith('[]') ? [] : '');
      continue;
    }
    if (t.startsWith('[]') && t !== 'bytes') {
      const elem = t.slice(2);
      const list = (out[field.json] ??= []) as unknown[];
      if (wf.wire === WIRE_BYTES && (elem === 'int32' || elem === 'int64' || elem === 'bool')) {
        for (const v of readPacked(wf.bytes ?? new Uint8Array())) list.push(elem === 'bool' ? v !== 0n : toNumber(v));
      } else list.push(decodeValue(wf, elem));
      continue;
    }
    const v = decodeValue(wf, t);
    if (v === undefined) continue;
    if (scalarElement(t) && field.omitempty && !field.pointer && isZero(v)) continue;
    out[field.json] = v;
  }
  return out;
}
