// The WebAssembly SIMD kernels (source: wasm/kernels.ts, AssemblyScript; built into wasmKernelsBinary.ts
// by scripts/buildWasm.mjs) behind the same Kernels interface as the TypeScript reference (kernels.ts).
// The host decides whether to install them (setKernels(loadWasmKernels()?.kernels ?? jsKernels)); core
// only uses the standard ES `WebAssembly` global, reached through globalThis so that nothing here
// depends on DOM or Node typings.
//
// Float32 only: a call with any float64 buffer (gradient checks compile models in float64) goes to the
// TypeScript kernels, so installing these never changes a float64 result. Kernels without a wasm version
// yet (window ops, recurrent cells) are the TypeScript ones.
//
// Buffers: the engine's typed arrays live in JS memory, so each call copies its operands into the
// module's memory (a bump arena reset per call), runs, and copies the results back. The copies are
// O(size) against the GEMM's O(M·N·K) work.

import { jsKernels, type Kernels } from './kernels';
import type { FloatArray } from './tensor';
import { WASM_KERNELS_RELAXED, WASM_KERNELS_SIMD } from './wasmKernelsBinary';

/** 'relaxed': SIMD with f32x4.relaxed_madd (fused multiply-add); 'simd': SIMD multiply then add. */
export type WasmVariant = 'relaxed' | 'simd';

export interface WasmKernels {
  kernels: Kernels;
  variant: WasmVariant;
}

// The slice of the WebAssembly JS API used here (ES-level, present in browsers, Node, Electron and workers).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
interface Exports {
  memory: WasmMemory;
  heapBase(): number;
  gemmWorkBytes(): number;
  gemm(
    transA: number, transB: number, M: number, N: number, K: number,
    A: number, lda: number, B: number, ldb: number, C: number, ldc: number,
    accumulate: number, bias: number, work: number,
  ): void;
  colSumAdd(dy: number, M: number, N: number, db: number): void;
}

function webAssembly(): WasmApi | null {
  return (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly ?? null;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (with '=' padding) -> bytes. */
export function decodeBase64(s: string): Uint8Array {
  const lookup = new Uint8Array(128);
  for (let i = 0; i < B64.length; i++) lookup[B64.charCodeAt(i)] = i;
  let n = s.length;
  while (n > 0 && s[n - 1] === '=') n--;
  const out = new Uint8Array(Math.floor((n * 3) / 4));
  let o = 0;
  for (let i = 0; i < n; i += 4) {
    const a = lookup[s.charCodeAt(i)];
    const b = lookup[s.charCodeAt(i + 1)];
    const c = i + 2 < n ? lookup[s.charCodeAt(i + 2)] : 0;
    const d = i + 3 < n ? lookup[s.charCodeAt(i + 3)] : 0;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    if (o < out.length) out[o++] = (v >> 16) & 255;
    if (o < out.length) out[o++] = (v >> 8) & 255;
    if (o < out.length) out[o++] = v & 255;
  }
  return out;
}

/** The built module bytes of each variant. */
export function wasmKernelBytes(variant: WasmVariant): Uint8Array {
  return decodeBase64(variant === 'relaxed' ? WASM_KERNELS_RELAXED : WASM_KERNELS_SIMD);
}

/** Which variants this engine can compile: validating the module is the feature test (no exceptions thrown). */
export function wasmSupport(): { simd: boolean; relaxed: boolean } {
  const wa = webAssembly();
  if (!wa) return { simd: false, relaxed: false };
  return { simd: wa.validate(wasmKernelBytes('simd')), relaxed: wa.validate(wasmKernelBytes('relaxed')) };
}

/**
 * The fastest variant this engine runs (relaxed, else simd), or null without WebAssembly SIMD.
 * `prefer: 'simd'` skips relaxed SIMD (for comparisons).
 */
export function loadWasmKernels(prefer?: WasmVariant): WasmKernels | null {
  const support = wasmSupport();
  const variant: WasmVariant | null = support.relaxed && prefer !== 'simd' ? 'relaxed' : support.simd ? 'simd' : null;
  if (variant === null) return null;
  return { kernels: createWasmKernels(wasmKernelBytes(variant)), variant };
}

const isF32 = (a: FloatArray | null): boolean => a === null || a instanceof Float32Array;

/** Instantiates a kernel module (bytes from wasmKernelBytes) and wraps it as Kernels. */
export function createWasmKernels(bytes: Uint8Array): Kernels {
  const wa = webAssembly();
  if (!wa) throw new Error('WebAssembly is not available');
  const ex = new wa.Instance(new wa.Module(bytes), {}).exports as unknown as Exports;
  const mem = ex.memory;
  const work = ex.heapBase();
  const arenaStart = work + ((ex.gemmWorkBytes() + 15) & ~15);
  let top = arenaStart;
  let view = new Float32Array(mem.buffer);

  /** Reserves n floats (16-byte aligned) and returns their byte offset; grows the memory as needed. */
  const alloc = (n: number): number => {
    const at = top;
    top += (n * 4 + 15) & ~15;
    if (top > mem.buffer.byteLength) mem.grow(Math.ceil((top - mem.buffer.byteLength) / 65536));
    return at;
  };
  const f32 = (): Float32Array => (view.buffer === mem.buffer ? view : (view = new Float32Array(mem.buffer)));
  const put = (a: FloatArray, n: number): number => {
    const at = alloc(n);
    f32().set(a.length === n ? a : a.subarray(0, n), at >> 2);
    return at;
  };
  const get = (at: number, out: FloatArray, n: number): void => {
    out.set(f32().subarray(at >> 2, (at >> 2) + n));
  };

  return {
    ...jsKernels,

    denseForward(x, W, b, y, B, I, O) {
      if (!(isF32(x) && isF32(W) && isF32(b) && isF32(y))) return jsKernels.denseForward(x, W, b, y, B, I, O);
      top = arenaStart;
      const px = put(x, B * I);
      const pW = put(W, I * O);
      const pb = b !== null ? put(b, O) : 0;
      const py = alloc(B * O);
      ex.gemm(0, 0, B, O, I, px, I, pW, O, py, O, 0, pb, work);
      get(py, y, B * O);
    },

    denseBackward(x, W, dy, dx, dW, db, B, I, O) {
      if (!(isF32(x) && isF32(W) && isF32(dy) && isF32(dx) && isF32(dW) && isF32(db))) {
        return jsKernels.denseBackward(x, W, dy, dx, dW, db, B, I, O);
      }
      top = arenaStart;
      const px = put(x, B * I);
      const pdy = put(dy, B * O);
      const pdW = put(dW, I * O);
      ex.gemm(1, 0, I, O, B, px, I, pdy, O, pdW, O, 1, 0, work); // dW += xᵀ·dy
      get(pdW, dW, I * O);
      if (dx !== null) {
        const pW = put(W, I * O);
        const pdx = put(dx, B * I);
        ex.gemm(0, 1, B, I, O, pdy, O, pW, O, pdx, I, 1, 0, work); // dx += dy·Wᵀ
        get(pdx, dx, B * I);
      }
      if (db !== null) {
        const pdb = put(db, O);
        ex.colSumAdd(pdy, B, O, pdb);
        get(pdb, db, O);
      }
    },
  };
}
