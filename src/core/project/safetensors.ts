// safetensors, written and read by us per its public spec (huggingface/safetensors, README "Format"):
//
//   [8 bytes: N, unsigned little-endian u64][N bytes: JSON header][rest: byte buffer]
//
// The header maps tensor names to { dtype, shape, data_offsets: [begin, end] } (offsets relative
// to the start of the byte buffer), plus an optional "__metadata__" map of string to string. Data is
// little-endian and row-major. We write F32 only; we read F32 and F64 (converted to float32).
// Our metadata: "netloom.order" = JSON list of the tensor names in model parameter order (the
// header's own key order is not meaningful: the reference implementation sorts it).

import { strFromU8, strToU8 } from 'fflate';
import { shapeSize } from '../tensor/tensor';

export interface NamedTensor {
  /** e.g. 'hidden1.kernel' */
  name: string;
  shape: number[];
  data: Float32Array;
}

export type SafetensorsResult =
  | { ok: true; tensors: NamedTensor[]; metadata: Record<string, string> }
  | { ok: false; path: string; message: string };

const ORDER_KEY = 'netloom.order';
/** The reference implementation refuses headers above 100 MB. */
const MAX_HEADER_BYTES = 100_000_000;
const DTYPE_BYTES: Record<string, number> = { F32: 4, F64: 8 };

export function encodeSafetensors(tensors: readonly NamedTensor[], metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: { ...metadata, [ORDER_KEY]: JSON.stringify(tensors.map((t) => t.name)) } };
  let offset = 0;
  for (const t of tensors) {
    if (t.name === '__metadata__' || t.name in header) throw new Error(`safetensors: duplicate or reserved tensor name '${t.name}'`);
    if (t.data.length !== shapeSize(t.shape)) throw new Error(`safetensors: ${t.name} has ${t.data.length} values for shape [${t.shape.join(', ')}]`);
    const bytes = t.data.length * 4;
    header[t.name] = { dtype: 'F32', shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = strToU8(JSON.stringify(header));
  // Pad the header with spaces so the data starts 8-byte aligned (the spec allows trailing 0x20).
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, json.length, true);
  view.setUint32(4, 0, true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of tensors) {
    for (let i = 0; i < t.data.length; i++, at += 4) view.setFloat32(at, t.data[i], true);
  }
  return out;
}

/** Never throws: a malformed buffer gives { ok: false } with the tensor (or header part) at fault. */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsResult {
  const fail = (path: string, message: string): SafetensorsResult => ({ ok: false, path, message });
  if (bytes.length < 8) return fail('', `file is ${bytes.length} bytes long, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lo = view.getUint32(0, true);
  const hi = view.getUint32(4, true);
  if (hi !== 0 || lo > MAX_HEADER_BYTES) return fail('', 'header length is larger than 100 MB');
  if (8 + lo > bytes.length) return fail('', `header length ${lo} runs past the end of the file (${bytes.length} bytes)`);
  let header: unknown;
  try {
    header = JSON.parse(strFromU8(bytes.subarray(8, 8 + lo)));
  } catch (err) {
    return fail('', `header is not valid JSON: ${(err as Error).message}`);
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) return fail('', 'header must be a JSON object');
  const data = bytes.subarray(8 + lo);
  const dataView = new DataView(data.buffer, data.byteOffset, data.byteLength);

  const metadata: Record<string, string> = {};
  const tensors: NamedTensor[] = [];
  const spans: [number, number, string][] = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return fail('__metadata__', 'must be an object of strings');
      for (const [k, v] of Object.entries(raw)) {
        if (typeof v !== 'string') return fail(`__metadata__.${k}`, 'must be a string');
        metadata[k] = v;
      }
      continue;
    }
    const info = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
    if (!info || typeof info !== 'object') return fail(name, 'must be an object with dtype, shape and data_offsets');
    const size = typeof info.dtype === 'string' ? DTYPE_BYTES[info.dtype] : undefined;
    if (size === undefined) return fail(`${name}.dtype`, `unsupported dtype ${JSON.stringify(info.dtype)} (this version reads F32 and F64)`);
    const shape = info.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) return fail(`${name}.shape`, 'must be a list of whole numbers ≥ 0');
    const offs = info.data_offsets;
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      return fail(`${name}.data_offsets`, 'must be [begin, end], two whole numbers ≥ 0');
    }
    const [begin, end] = offs as [number, number];
    if (begin > end || end > data.length) return fail(`${name}.data_offsets`, `[${begin}, ${end}] is out of range for a ${data.length}-byte buffer`);
    const count = shapeSize(shape as number[]);
    if (count * size !== end - begin) {
      return fail(name, `shape [${shape.join(', ')}] × ${info.dtype} needs ${count * size} bytes but data_offsets span ${end - begin}`);
    }
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = size === 4 ? dataView.getFloat32(begin + 4 * i, true) : dataView.getFloat64(begin + 8 * i, true);
    tensors.push({ name, shape: [...(shape as number[])], data: values });
    spans.push([begin, end, name]);
  }
  // The spec forbids overlapping tensors and holes in the buffer.
  spans.sort((a, b) => a[0] - b[0]);
  let covered = 0;
  for (const [begin, end, name] of spans) {
    if (begin !== covered) return fail(`${name}.data_offsets`, begin < covered ? 'overlaps another tensor' : `leaves a gap at byte ${covered}`);
    covered = end;
  }
  if (covered !== data.length) return fail('', `${data.length - covered} bytes after the last tensor are not part of any tensor`);

  // Model parameter order from our metadata, else the header's order.
  const order = metadata[ORDER_KEY];
  if (order !== undefined) {
    let names: unknown;
    try {
      names = JSON.parse(order);
    } catch {
      names = null;
    }
    const byName = new Map(tensors.map((t) => [t.name, t]));
    if (!Array.isArray(names) || names.length !== tensors.length || !names.every((n) => typeof n === 'string' && byName.has(n)) || new Set(names).size !== names.length) {
      return fail(`__metadata__.${ORDER_KEY}`, 'must be a JSON list naming every tensor once');
    }
    return { ok: true, tensors: (names as string[]).map((n) => byName.get(n)!), metadata };
  }
  return { ok: true, tensors, metadata };
}
