// JSON for data that plain JSON would damage: typed arrays (they would become objects of
// indices) and non-finite numbers (they would become null). Used where train events cross
// as text: the browser build's Server-Sent Events stream (server encodes, renderer decodes).
//
//   Float32Array -> { "$typed": "f32", "base64": "<little-endian bytes>" }
//   NaN / ±Infinity -> { "$number": "NaN" | "Infinity" | "-Infinity" }
import type { TrainEvent } from '../core/train/events';

type TypedArray = Float32Array | Float64Array | Int32Array | Uint32Array | Uint8Array;
type TypedKind = 'f32' | 'f64' | 'i32' | 'u32' | 'u8';

const KINDS: Record<TypedKind, { bytes: number; make: (n: number) => TypedArray }> = {
  f32: { bytes: 4, make: (n) => new Float32Array(n) },
  f64: { bytes: 8, make: (n) => new Float64Array(n) },
  i32: { bytes: 4, make: (n) => new Int32Array(n) },
  u32: { bytes: 4, make: (n) => new Uint32Array(n) },
  u8: { bytes: 1, make: (n) => new Uint8Array(n) },
};

function kindOf(value: unknown): TypedKind | null {
  if (value instanceof Float32Array) return 'f32';
  if (value instanceof Float64Array) return 'f64';
  if (value instanceof Int32Array) return 'i32';
  if (value instanceof Uint32Array) return 'u32';
  if (value instanceof Uint8Array) return 'u8';
  return null;
}

// Byte order fixed to little-endian so both ends agree whatever the machine.
function toBytes(kind: TypedKind, array: TypedArray): Uint8Array {
  if (kind === 'u8') return array as Uint8Array;
  const bytes = new Uint8Array(array.length * KINDS[kind].bytes);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < array.length; i++) {
    const v = array[i];
    if (kind === 'f32') view.setFloat32(i * 4, v, true);
    else if (kind === 'f64') view.setFloat64(i * 8, v, true);
    else if (kind === 'i32') view.setInt32(i * 4, v, true);
    else view.setUint32(i * 4, v, true);
  }
  return bytes;
}

function fromBytes(kind: TypedKind, bytes: Uint8Array): TypedArray {
  const size = KINDS[kind].bytes;
  if (bytes.length % size !== 0) throw new Error(`wire: ${bytes.length} bytes is not a whole number of ${kind} values`);
  const out = KINDS[kind].make(bytes.length / size);
  if (kind === 'u8') {
    out.set(bytes);
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) {
    if (kind === 'f32') out[i] = view.getFloat32(i * 4, true);
    else if (kind === 'f64') out[i] = view.getFloat64(i * 8, true);
    else if (kind === 'i32') out[i] = view.getInt32(i * 4, true);
    else out[i] = view.getUint32(i * 4, true);
  }
  return out;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Map([...ALPHABET].map((c, i) => [c, i]));

// Own base64 because src/shared typechecks without DOM or Node (no btoa, no Buffer).
export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i];
    const b = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2] : 0;
    const n = (a << 16) | (b << 8) | c;
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? ALPHABET[n & 63] : '=';
  }
  return out;
}

export function base64ToBytes(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let buffer = 0;
  let j = 0;
  for (const ch of clean) {
    const v = LOOKUP.get(ch);
    if (v === undefined) throw new Error(`wire: invalid base64 character ${JSON.stringify(ch)}`);
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (buffer >> bits) & 0xff;
    }
  }
  return out.subarray(0, j);
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
  const kind = kindOf(value);
  if (kind) return { $typed: kind, base64: bytesToBase64(toBytes(kind, value as TypedArray)) };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v.$typed === 'string' && typeof v.base64 === 'string' && v.$typed in KINDS) {
      return fromBytes(v.$typed as TypedKind, base64ToBytes(v.base64));
    }
    if (typeof v.$number === 'string' && Object.keys(v).length === 1) return Number(v.$number);
  }
  return value;
}

/** Any value -> JSON text that keeps typed arrays and non-finite numbers. */
export function encodeWire(value: unknown): string {
  return JSON.stringify(value, replacer);
}

/** Inverse of encodeWire. Throws on malformed JSON. */
export function decodeWire(text: string): unknown {
  return JSON.parse(text, reviver);
}

/** A train event as one line of JSON (no newlines: safe as an SSE `data:` line). */
export function encodeTrainEvent(event: TrainEvent): string {
  return encodeWire(event);
}

/** Parses what encodeTrainEvent produced. Throws when the text is not a train event. */
export function decodeTrainEvent(text: string): TrainEvent {
  const value = decodeWire(text);
  if (!value || typeof value !== 'object' || typeof (value as { type?: unknown }).type !== 'string') {
    throw new Error('wire: not a train event');
  }
  return value as TrainEvent;
}
