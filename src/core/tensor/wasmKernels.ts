// The WebAssembly SIMD kernels (source: wasm/kernels.ts, AssemblyScript; built into wasmKernelsBinary.ts
// by scripts/buildWasm.mjs) behind the same Kernels interface as the TypeScript reference (kernels.ts).
// The host decides whether to install them (setKernels(loadWasmKernels()?.kernels ?? jsKernels)); core
// only uses the standard ES `WebAssembly` global, reached through globalThis so that nothing here
// depends on DOM or Node typings.
//
// Float32 only: a call with any float64 buffer (gradient checks compile models in float64) goes to the
// TypeScript kernels, so installing these never changes a float64 result. Kernels without a wasm version
// yet (avgPool, depthwise, maxPoolBackward, recurrent cells, activations other than relu) are the TypeScript ones.
// The Adam update runs here too (f32 arithmetic; the reference computes in f64 and rounds on store).
//
// Buffers: the engine's typed arrays live in JS memory, so each call copies its operands into the
// module's memory (a bump arena reset per call), runs, and copies the results back. The copies are
// O(size) against the GEMM's O(M·N·K) work. Conv2D's im2col rows, the large operand, never leave wasm
// memory: conv2dForward / conv2dBackward copy in x, K and dz, build the rows there, and copy back only z,
// dK, db and dx. Each Conv2D layer runs on an instance of its own (createWasmKernels), so when its
// backward follows its forward with no call in between the rows are still in the arena and are reused.
//
// A workspace (createWasmWorkspace) is a private instance whose memory is sized once and never grows,
// so arrays can live in it: allocate() hands out views of its memory, and the dense and Adam kernels of
// that instance use such arrays in place (no copy in or out). An engine that owns its parameters, their
// gradients and optimizer state (core/train/denseSplit.ts) keeps them there; for an MLP that removes
// most of a step's memory traffic (Adam alone copied four arrays in and three out).

import { jsKernels, type Kernels } from './kernels';
import type { Window2D } from './convKernels';
import type { ConvScratch } from './kernels';
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
  copyColumns(src: number, lds: number, dst: number, ldd: number, rows: number, w: number, add: number): void;
  im2col(x: number, cols: number, ...geometry: WindowArgs): void;
  col2im(dcols: number, dx: number, ...geometry: WindowArgs): void;
  maxPoolForward(x: number, y: number, argmax: number, ...geometry: PoolArgs): void;
  reluForward(x: number, y: number, n: number): void;
  reluBackward(x: number, dy: number, dx: number, n: number): void;
  adamUpdate(
    w: number, g: number, m: number, v: number, n: number,
    lr: number, b1: number, b2: number, c1: number, c2: number, bc1: number, bc2: number, eps: number, l2: number, shrink: number,
  ): void;
  sgdUpdate(w: number, g: number, n: number, lr: number, l2: number): void;
  momentumUpdate(w: number, g: number, b: number, n: number, lr: number, mu: number, l2: number, nesterov: number): void;
  adagradUpdate(w: number, g: number, s: number, n: number, lr: number, eps: number, l2: number): void;
  rmspropUpdate(w: number, g: number, v: number, a: number, b: number, n: number, lr: number, alpha: number, c: number, eps: number, mu: number, l2: number): void;
}

// B, H, W, C, kh, kw, sh, sw, dh, dw, padTop, padLeft, Ho, Wo (pooling: without dh, dw).
type WindowArgs = [number, number, number, number, number, number, number, number, number, number, number, number, number, number];
type PoolArgs = [number, number, number, number, number, number, number, number, number, number, number, number];

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

/** The fastest variant this engine runs (relaxed, else simd), or null without WebAssembly SIMD; `prefer: 'simd'` skips relaxed SIMD. */
function fastestVariant(prefer?: WasmVariant): WasmVariant | null {
  const support = wasmSupport();
  return support.relaxed && prefer !== 'simd' ? 'relaxed' : support.simd ? 'simd' : null;
}

/** Kernels of the fastest variant (fastestVariant), or null without WebAssembly SIMD. `prefer: 'simd'` is for comparisons. */
export function loadWasmKernels(prefer?: WasmVariant): WasmKernels | null {
  const variant = fastestVariant(prefer);
  if (variant === null) return null;
  return { kernels: createWasmKernels(wasmKernelBytes(variant)), variant };
}

const isF32 = (a: FloatArray | null): boolean => a === null || a instanceof Float32Array;

/**
 * Instantiates a kernel module (bytes from wasmKernelBytes) and wraps it as Kernels. Each Conv2D layer
 * gets an instance of its own (kept in its ConvScratch, freed with the layer), so the im2col rows its
 * forward builds are still in that instance's memory for its backward, which then skips rebuilding them.
 */
export function createWasmKernels(bytes: Uint8Array): Kernels {
  const module = compile(bytes);
  const main = instantiate(module, null).kernels;
  // Float64 layers (gradient checks) go to the TypeScript kernels without an instance of their own.
  const own = (scratch: ConvScratch, ...arrays: (FloatArray | null)[]): Kernels => {
    if (!arrays.every(isF32)) return jsKernels;
    const s = scratch as ConvScratch & { fast?: Kernels };
    return (s.fast ??= instantiate(module, null).kernels);
  };
  return {
    ...main,
    conv2dForward: (x, K, b, z, B, g, O, scratch) => own(scratch, x, K, b, z).conv2dForward(x, K, b, z, B, g, O, scratch),
    conv2dBackward: (x, K, dz, dx, dK, db, B, g, O, scratch) => own(scratch, x, K, dz, dx, dK, db).conv2dBackward(x, K, dz, dx, dK, db, B, g, O, scratch),
  };
}

const compiled = new Map<WasmVariant, object>();

/** The module of a variant, compiled once: its instances share the compiled (and optimised) code, so a new workspace starts fast. */
function compiledVariant(variant: WasmVariant): object {
  let m = compiled.get(variant);
  if (!m) compiled.set(variant, (m = compile(wasmKernelBytes(variant))));
  return m;
}

function compile(bytes: Uint8Array): object {
  const wa = webAssembly();
  if (!wa) throw new Error('WebAssembly is not available');
  return new wa.Module(bytes);
}

/** A private kernel instance whose memory holds arrays the kernels use in place (see the header). */
export interface WasmWorkspace {
  kernels: Kernels;
  variant: WasmVariant;
  /** A zeroed float32 array in the workspace's memory; throws once the `resident` floats it was made with are used up (each array takes a multiple of 4). */
  allocate(n: number): Float32Array;
}

const workspaces = new WeakMap<ArrayBufferLike, WasmWorkspace>();

/** The workspace an array lives in, if any (optimizers keep their state next to such parameters and update it with its kernels). */
export function workspaceOf(a: FloatArray): WasmWorkspace | undefined {
  return workspaces.get(a.buffer);
}

/**
 * A workspace with room for `resident` floats of arrays and `scratch` floats of per-call operands that
 * do not live in it (a call that needs more scratch throws: growing would detach the arrays); the
 * fastest variant (as loadWasmKernels), or null without WebAssembly SIMD.
 */
export function createWasmWorkspace(floats: { resident: number; scratch: number }, prefer?: WasmVariant): WasmWorkspace | null {
  const variant = fastestVariant(prefer);
  if (variant === null) return null;
  const { kernels, allocate, buffer } = instantiate(compiledVariant(variant), floats);
  const ws: WasmWorkspace = { kernels, variant, allocate: allocate! };
  workspaces.set(buffer, ws);
  return ws;
}

function instantiate(
  module: object, fixed: { resident: number; scratch: number } | null,
): { kernels: Kernels; allocate?: (n: number) => Float32Array; buffer: ArrayBuffer } {
  const ex = new (webAssembly()!.Instance)(module, {}).exports as unknown as Exports;
  const mem = ex.memory;
  const work = ex.heapBase();
  const arenaStart = work + ((ex.gemmWorkBytes() + 15) & ~15);
  const align = (bytes: number): number => (bytes + 15) & ~15;
  // A workspace: [arena: scratch floats | resident arrays], grown once.
  const arenaEnd = fixed ? arenaStart + align(fixed.scratch * 4) + 64 * 16 : Infinity;
  let residentTop = arenaEnd;
  const residentEnd = fixed ? arenaEnd + align(fixed.resident * 4) : 0;
  if (fixed) {
    const need = arenaEnd + align(fixed.resident * 4) - mem.buffer.byteLength;
    if (need > 0) mem.grow(Math.ceil(need / 65536));
  }
  let top = arenaStart;
  /** Kernel calls so far: the im2col rows a conv2dForward left in the arena are still there only if no call came since. */
  let calls = 0;
  const begin = (): void => {
    top = arenaStart;
    calls++;
  };
  let kept: { scratch: ConvScratch; B: number; pcols: number; end: number; call: number } | null = null;
  let view = new Float32Array(mem.buffer);
  let ints = new Int32Array(mem.buffer);

  /** Reserves n floats (16-byte aligned) and returns their byte offset; grows the memory as needed (a workspace: throws instead). */
  const alloc = (n: number): number => {
    const at = top;
    top += align(n * 4);
    if (top > arenaEnd) throw new Error(`wasm workspace: a call needs more than the ${fixed!.scratch} floats of scratch it was made with`);
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
  // Arrays that live in this memory (a workspace's) are used in place: `read` for an operand the kernel
  // only reads, `write` for one it overwrites, `update` for one it reads and writes; `back` copies a
  // result out unless it was computed in place.
  const inPlace = (a: FloatArray): boolean => a.buffer === mem.buffer;
  const read = (a: FloatArray, n: number): number => (inPlace(a) ? a.byteOffset : put(a, n));
  const write = (a: FloatArray, n: number): number => (inPlace(a) ? a.byteOffset : alloc(n));
  const update = read;
  const back = (at: number, out: FloatArray, n: number): void => {
    if (!inPlace(out)) get(at, out, n);
  };
  const allocate = fixed
    ? (n: number): Float32Array => {
        const at = residentTop;
        if (at + align(n * 4) > residentEnd) throw new Error(`wasm workspace: no room for ${n} more floats (made with ${fixed.resident})`);
        residentTop += align(n * 4);
        return new Float32Array(mem.buffer, at, n);
      }
    : undefined;
  const i32 = (): Int32Array => (ints.buffer === mem.buffer ? ints : (ints = new Int32Array(mem.buffer)));
  const im2col = (px: number, pcols: number, B: number, g: Window2D) =>
    ex.im2col(px, pcols, B, g.H, g.W, g.C, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw, g.padTop, g.padLeft, g.Ho, g.Wo);
  const col2im = (pdcols: number, pdx: number, B: number, g: Window2D) =>
    ex.col2im(pdcols, pdx, B, g.H, g.W, g.C, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw, g.padTop, g.padLeft, g.Ho, g.Wo);
  const inSize = (B: number, g: Window2D) => B * g.H * g.W * g.C;
  const colsSize = (B: number, g: Window2D) => B * g.Ho * g.Wo * g.kh * g.kw * g.C;

  /** Copies x in and builds its im2col rows in wasm memory; returns the rows' offset. */
  const colsOf = (x: FloatArray, B: number, g: Window2D): number => {
    const px = put(x, inSize(B, g));
    const pcols = alloc(colsSize(B, g));
    im2col(px, pcols, B, g);
    return pcols;
  };

  const kernels: Kernels = {
    ...jsKernels,

    conv2dForward(x, K, b, z, B, g, O, scratch) {
      if (!(isF32(x) && isF32(K) && isF32(b) && isF32(z))) return jsKernels.conv2dForward(x, K, b, z, B, g, O, scratch);
      begin();
      const rows = B * g.Ho * g.Wo;
      const Kc = g.kh * g.kw * g.C;
      const pcols = colsOf(x, B, g);
      const end = top;
      const pK = put(K, Kc * O);
      const pb = b !== null ? put(b, O) : 0;
      const pz = alloc(rows * O);
      ex.gemm(0, 0, rows, O, Kc, pcols, Kc, pK, O, pz, O, 0, pb, work);
      get(pz, z, rows * O);
      kept = { scratch, B, pcols, end, call: calls };
    },

    conv2dBackward(x, K, dz, dx, dK, db, B, g, O, scratch) {
      if (!(isF32(x) && isF32(K) && isF32(dz) && isF32(dx) && isF32(dK) && isF32(db))) {
        return jsKernels.conv2dBackward(x, K, dz, dx, dK, db, B, g, O, scratch);
      }
      // The forward's rows, when it was this instance's last call for this layer and batch (the
      // reference keeps them too: the backward is of the last forward); else rebuilt from x.
      const reuse = kept !== null && kept.call === calls && kept.scratch === scratch && kept.B === B;
      begin();
      const rows = B * g.Ho * g.Wo;
      const Kc = g.kh * g.kw * g.C;
      let pcols: number;
      if (reuse) {
        pcols = kept!.pcols;
        top = kept!.end;
      } else pcols = colsOf(x, B, g);
      kept = null;
      const pdz = put(dz, rows * O);
      const pdK = put(dK, Kc * O);
      ex.gemm(1, 0, Kc, O, rows, pcols, Kc, pdz, O, pdK, O, 1, 0, work); // dK += colsᵀ·dz
      get(pdK, dK, Kc * O);
      if (db !== null) {
        const pdb = put(db, O);
        ex.colSumAdd(pdz, rows, O, pdb);
        get(pdb, db, O);
      }
      if (dx !== null) {
        const pK = put(K, Kc * O);
        const pdcols = pcols; // the rows are no longer needed: dcols = dz·Kᵀ overwrites them
        ex.gemm(0, 1, rows, Kc, O, pdz, O, pK, O, pdcols, Kc, 0, 0, work);
        const n = inSize(B, g);
        const pdx = put(dx, n);
        col2im(pdcols, pdx, B, g);
        get(pdx, dx, n);
      }
    },

    reluForward(x, y, n) {
      if (!(isF32(x) && isF32(y))) return jsKernels.reluForward(x, y, n);
      begin();
      const px = read(x, n);
      const py = write(y, n);
      ex.reluForward(px, py, n);
      back(py, y, n);
    },

    reluBackward(x, dy, dx, n) {
      if (!(isF32(x) && isF32(dy) && isF32(dx))) return jsKernels.reluBackward(x, dy, dx, n);
      begin();
      const px = read(x, n);
      const pdy = read(dy, n);
      const pdx = update(dx, n); // dx += dy where x > 0
      ex.reluBackward(px, pdy, pdx, n);
      back(pdx, dx, n);
    },

    adamUpdate(w, dw, m, v, n, h) {
      if (!(isF32(w) && isF32(dw) && isF32(m) && isF32(v))) return jsKernels.adamUpdate(w, dw, m, v, n, h);
      begin();
      const pw = update(w, n);
      const pg = read(dw, n);
      const pm = update(m, n);
      const pv = update(v, n);
      ex.adamUpdate(pw, pg, pm, pv, n, h.lr, h.beta1, h.beta2, 1 - h.beta1, 1 - h.beta2, h.bc1, h.bc2, h.eps, h.l2, h.shrink);
      back(pw, w, n);
      back(pm, m, n);
      back(pv, v, n);
    },

    sgdUpdate(w, dw, n, h) {
      if (!(isF32(w) && isF32(dw))) return jsKernels.sgdUpdate(w, dw, n, h);
      begin();
      const pw = update(w, n);
      ex.sgdUpdate(pw, read(dw, n), n, h.lr, h.l2);
      back(pw, w, n);
    },

    momentumUpdate(w, dw, b, n, h) {
      if (!(isF32(w) && isF32(dw) && isF32(b))) return jsKernels.momentumUpdate(w, dw, b, n, h);
      begin();
      const pw = update(w, n);
      const pg = read(dw, n);
      const pb = update(b, n);
      ex.momentumUpdate(pw, pg, pb, n, h.lr, h.mu, h.l2, h.nesterov ? 1 : 0);
      back(pw, w, n);
      back(pb, b, n);
    },

    adagradUpdate(w, dw, s, n, h) {
      if (!(isF32(w) && isF32(dw) && isF32(s))) return jsKernels.adagradUpdate(w, dw, s, n, h);
      begin();
      const pw = update(w, n);
      const pg = read(dw, n);
      const ps = update(s, n);
      ex.adagradUpdate(pw, pg, ps, n, h.lr, h.eps, h.l2);
      back(pw, w, n);
      back(ps, s, n);
    },

    rmspropUpdate(w, dw, v, a, b, n, h) {
      if (!(isF32(w) && isF32(dw) && isF32(v) && isF32(a) && isF32(b))) return jsKernels.rmspropUpdate(w, dw, v, a, b, n, h);
      begin();
      const pw = update(w, n);
      const pg = read(dw, n);
      const pv = update(v, n);
      const pa = a ? update(a, n) : 0;
      const pb = b ? update(b, n) : 0;
      ex.rmspropUpdate(pw, pg, pv, pa, pb, n, h.lr, h.alpha, 1 - h.alpha, h.eps, h.mu, h.l2);
      back(pw, w, n);
      back(pv, v, n);
      if (a) back(pa, a, n);
      if (b) back(pb, b, n);
    },

    im2col(x, cols, B, g) {
      if (!(isF32(x) && isF32(cols))) return jsKernels.im2col(x, cols, B, g);
      begin();
      const pcols = colsOf(x, B, g);
      get(pcols, cols, colsSize(B, g));
    },

    col2im(dcols, dx, B, g) {
      if (!(isF32(dcols) && isF32(dx))) return jsKernels.col2im(dcols, dx, B, g);
      begin();
      const pdcols = put(dcols, colsSize(B, g));
      const n = inSize(B, g);
      const pdx = put(dx, n);
      col2im(pdcols, pdx, B, g);
      get(pdx, dx, n);
    },

    maxPoolForward(x, y, argmax, B, g) {
      if (!(isF32(x) && isF32(y))) return jsKernels.maxPoolForward(x, y, argmax, B, g);
      begin();
      const n = B * g.Ho * g.Wo * g.C;
      const px = put(x, inSize(B, g));
      const py = alloc(n);
      const pa = alloc(n);
      ex.maxPoolForward(px, py, pa, B, g.H, g.W, g.C, g.kh, g.kw, g.sh, g.sw, g.padTop, g.padLeft, g.Ho, g.Wo);
      get(py, y, n);
      argmax.set(i32().subarray(pa >> 2, (pa >> 2) + n));
    },

    copyColumns(src, ldSrc, dst, ldDst, rows, w, add) {
      if (!(isF32(src) && isF32(dst))) return jsKernels.copyColumns(src, ldSrc, dst, ldDst, rows, w, add);
      if (rows <= 0 || w <= 0) return;
      begin();
      const ps = read(src, (rows - 1) * ldSrc + w);
      const nd = (rows - 1) * ldDst + w;
      const pd = update(dst, nd); // copied in when elsewhere: the columns between the rows' blocks stay
      ex.copyColumns(ps, ldSrc, pd, ldDst, rows, w, add ? 1 : 0);
      back(pd, dst, nd);
    },

    denseForward(x, W, b, y, B, I, O) {
      if (!(isF32(x) && isF32(W) && isF32(b) && isF32(y))) return jsKernels.denseForward(x, W, b, y, B, I, O);
      begin();
      const px = read(x, B * I);
      const pW = read(W, I * O);
      const pb = b !== null ? read(b, O) : 0;
      const py = write(y, B * O);
      ex.gemm(0, 0, B, O, I, px, I, pW, O, py, O, 0, pb, work);
      back(py, y, B * O);
    },

    denseBackward(x, W, dy, dx, dW, db, B, I, O) {
      if (!(isF32(x) && isF32(W) && isF32(dy) && isF32(dx) && isF32(dW) && isF32(db))) {
        return jsKernels.denseBackward(x, W, dy, dx, dW, db, B, I, O);
      }
      begin();
      const px = read(x, B * I);
      const pdy = read(dy, B * O);
      const pdW = update(dW, I * O);
      ex.gemm(1, 0, I, O, B, px, I, pdy, O, pdW, O, 1, 0, work); // dW += xᵀ·dy
      back(pdW, dW, I * O);
      if (dx !== null) {
        const pW = read(W, I * O);
        const pdx = update(dx, B * I);
        ex.gemm(0, 1, B, I, O, pdy, O, pW, O, pdx, I, 1, 0, work); // dx += dy·Wᵀ
        back(pdx, dx, B * I);
      }
      if (db !== null) {
        const pdb = update(db, O);
        ex.colSumAdd(pdy, B, O, pdb);
        back(pdb, db, O);
      }
    },
  };
  return { kernels, allocate, buffer: mem.buffer };
}
