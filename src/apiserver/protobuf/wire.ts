/**
 * The protobuf wire format (varints, fixed 32/64-bit, length-delimited fields): just the reading
 * side the API server facade needs to decode request bodies.
 */
export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

export interface WireField {
  number: number;
  wire: number;
  /** The varint (as a bigint), or the bytes of a length-delimited or fixed field. */
  varint?: bigint;
  bytes?: Uint8Array;
}

export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

export function readVarint(buf: Uint8Array, pos: { i: number }): bigint {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos.i >= buf.length) throw new WireError('unexpected end of varint');
    const b = buf[pos.i++]!;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return result;
    shift += 7n;
    if (shift > 70n) throw new WireError('varint too long');
  }
}

/** Every field of a message, in order. */
export function readFields(buf: Uint8Array): WireField[] {
  const out: WireField[] = [];
  const pos = { i: 0 };
  while (pos.i < buf.length) {
    const tag = Number(readVarint(buf, pos));
    const number = tag >>> 3;
    const wire = tag & 7;
    if (number === 0) throw new WireError('field number 0');
    switch (wire) {
      case WIRE_VARINT:
        out.push({ number, wire, varint: readVarint(buf, pos) });
        break;
      case WIRE_FIXED64:
        if (pos.i + 8 > buf.length) throw new WireError('unexpected end of fixed64');
        out.push({ number, wire, bytes: buf.subarray(pos.i, pos.i + 8) });
        pos.i += 8;
        break;
      case WIRE_FIXED32:
        if (pos.i + 4 > buf.length) throw new WireError('unexpected end of fixed32');
        out.push({ number, wire, bytes: buf.subarray(pos.i, pos.i + 4) });
        pos.i += 4;
        break;
      case WIRE_BYTES: {
        const len = Number(readVarint(buf, pos));
        if (pos.i + len > buf.length) throw new WireError('length-delimited field past the end of the message');
        out.push({ number, wire, bytes: buf.subarray(pos.i, pos.i + len) });
        pos.i += len;
        break;
      }
      default:
        throw new WireError(`unsupported wire type ${wire}`);
    }
  }
  return out;
}

/** Varints packed in a length-delimited field (a packed repeated scalar). */
export function readPacked(bytes: Uint8Array): bigint[] {
  const out: bigint[] = [];
  const pos = { i: 0 };
  while (pos.i < bytes.length) out.push(readVarint(bytes, pos));
  return out;
}
