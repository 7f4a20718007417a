// Netloom's WebAssembly SIMD kernels (AssemblyScript). Built twice by scripts/buildWasm.cjs:
// with --enable simd (multiply then add) and with --enable simd,relaxed-simd (f32x4.relaxed_madd,
// a fused multiply-add where the CPU has one). The TypeScript side is src/core/tensor/wasmKernels.ts;
// the TypeScript kernels (src/core/tensor/kernels.ts) are the reference these are tested against.
//
// Memory: the host lays out float32 buffers in this module's exported memory and passes byte
// offsets. Nothing here allocates (runtime stub, no GC). Row-major, like the engine.

// ---------------------------------------------------------------------------------------------
// GEMM: C (M, N) = [bias +] op(A) (M, K) · op(B) (K, N), or C += op(A)·op(B) when accumulate.
//   op(A)[i, k] = transA ? A[k·lda + i] : A[i·lda + k]
//   op(B)[k, j] = transB ? B[j·ldb + k] : B[k·ldb + j]
// Goto/BLIS blocking: for each NC-wide column block and KC-deep slice, B is packed into 8-wide
// panels (zero-padded), then for each MC-tall row block A into 4-tall panels; a 4×8 register tile
// (8 f32x4 accumulators) sweeps the panels. The summation order over k is fixed by the shapes
// alone, so results are deterministic.

const MR = 4;
const NR = 8;
const KC = 256;
const MC = 64;
const NC = 2048;

/** First free byte after the module's static data: the host lays its buffers out from here. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

/** Bytes of scratch gemm() needs at `work`: one packed A block and one packed B block. */
export function gemmWorkBytes(): i32 {
  return 128 + (MC * KC + KC * NC) * 4;
}

@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f32x4.relaxed_madd(a, b, c);
  } else {
    return f32x4.add(f32x4.mul(a, b), c);
  }
}

/** Packs op(B)[k0 .. k0+kc, j0 .. j0+nc] into 8-wide panels: panel q, row p at Bp + (q·kc + p)·8. */
function packB(transB: i32, B: usize, ldb: i32, k0: i32, kc: i32, j0: i32, nc: i32, Bp: usize): void {
  for (let q = 0; q < nc; q += NR) {
    const nr = min(NR, nc - q);
    const dst = Bp + <usize>(q * kc) * 4;
    if (transB == 0) {
      for (let p = 0; p < kc; p++) {
        const src = B + (<usize>(k0 + p) * ldb + j0 + q) * 4;
        const d = dst + <usize>p * 32;
        if (nr == NR) {
          v128.store(d, v128.load(src));
          v128.store(d, v128.load(src, 16), 16);
        } else {
          for (let j = 0; j < NR; j++) store<f32>(d + (<usize>j << 2), j < nr ? load<f32>(src + (<usize>j << 2)) : 0);
        }
      }
    } else {
      for (let j = 0; j < NR; j++) {
        if (j < nr) {
          const src = B + (<usize>(j0 + q + j) * ldb + k0) * 4;
          for (let p = 0; p < kc; p++) store<f32>(dst + (<usize>(p * NR + j) << 2), load<f32>(src + (<usize>p << 2)));
        } else {
          for (let p = 0; p < kc; p++) store<f32>(dst + (<usize>(p * NR + j) << 2), 0);
        }
      }
    }
  }
}

/** Packs op(A)[i0 .. i0+mc, k0 .. k0+kc] into 4-tall panels: panel q, column p at Ap + (q·kc + p)·4. */
function packA(transA: i32, A: usize, lda: i32, i0: i32, mc: i32, k0: i32, kc: i32, Ap: usize): void {
  for (let q = 0; q < mc; q += MR) {
    const mr = min(MR, mc - q);
    const dst = Ap + <usize>(q * kc) * 4;
    if (transA != 0) {
      for (let p = 0; p < kc; p++) {
        const src = A + (<usize>(k0 + p) * lda + i0 + q) * 4;
        const d = dst + <usize>p * 16;
        if (mr == MR) {
          v128.store(d, v128.load(src));
        } else {
          for (let i = 0; i < MR; i++) store<f32>(d + (<usize>i << 2), i < mr ? load<f32>(src + (<usize>i << 2)) : 0);
        }
      }
    } else if (mr == MR) {
      // Four rows at a time, transposed 4×4 in registers: column p of the panel is one store.
      const r0 = A + (<usize>(i0 + q) * lda + k0) * 4;
      const rs = <usize>lda << 2;
      const r1 = r0 + rs;
      const r2 = r1 + rs;
      const r3 = r2 + rs;
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        const o = <usize>p << 2;
        const a = v128.load(r0 + o);
        const b = v128.load(r1 + o);
        const c = v128.load(r2 + o);
        const e = v128.load(r3 + o);
        const t0 = f32x4.shuffle(a, b, 0, 4, 1, 5); // a0 b0 a1 b1
        const t1 = f32x4.shuffle(a, b, 2, 6, 3, 7); // a2 b2 a3 b3
        const t2 = f32x4.shuffle(c, e, 0, 4, 1, 5);
        const t3 = f32x4.shuffle(c, e, 2, 6, 3, 7);
        const d = dst + <usize>p * 16;
        v128.store(d, f32x4.shuffle(t0, t2, 0, 1, 4, 5)); // a0 b0 c0 e0
        v128.store(d, f32x4.shuffle(t0, t2, 2, 3, 6, 7), 16);
        v128.store(d, f32x4.shuffle(t1, t3, 0, 1, 4, 5), 32);
        v128.store(d, f32x4.shuffle(t1, t3, 2, 3, 6, 7), 48);
      }
      for (; p < kc; p++) {
        const o = <usize>p << 2;
        const d = dst + <usize>p * 16;
        store<f32>(d, load<f32>(r0 + o));
        store<f32>(d, load<f32>(r1 + o), 4);
        store<f32>(d, load<f32>(r2 + o), 8);
        store<f32>(d, load<f32>(r3 + o), 12);
      }
    } else {
      for (let i = 0; i < MR; i++) {
        if (i < mr) {
          const src = A + (<usize>(i0 + q + i) * lda + k0) * 4;
          for (let p = 0; p < kc; p++) store<f32>(dst + (<usize>(p * MR + i) << 2), load<f32>(src + (<usize>p << 2)));
        } else {
          for (let p = 0; p < kc; p++) store<f32>(dst + (<usize>(p * MR + i) << 2), 0);
        }
      }
    }
  }
}

// A 4×8 tile of C: tile (row i, half h) lives at C + (i·ldc + h·4)·4. `add` adds the tile onto C
// (accumulate, or a later KC slice); otherwise C is overwritten.
@inline function storeRow(C: usize, lo: v128, hi: v128, add: bool): void {
  if (add) {
    lo = f32x4.add(lo, v128.load(C));
    hi = f32x4.add(hi, v128.load(C, 16));
  }
  v128.store(C, lo);
  v128.store(C, hi, 16);
}

@inline function storeRowPartial(C: usize, lo: v128, hi: v128, add: bool, nr: i32, tmp: usize): void {
  v128.store(tmp, lo);
  v128.store(tmp, hi, 16);
  for (let j = 0; j < nr; j++) {
    const c = C + (<usize>j << 2);
    const v = load<f32>(tmp + (<usize>j << 2));
    store<f32>(c, add ? load<f32>(c) + v : v);
  }
}

function micro(kc: i32, Ap: usize, Bp: usize, C: usize, ldc: i32, mr: i32, nr: i32, add: bool, tmp: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(Bp);
    const b1 = v128.load(Bp, 16);
    let a = v128.load32_splat(Ap);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load32_splat(Ap, 4);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load32_splat(Ap, 8);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load32_splat(Ap, 12);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    Ap += 16;
    Bp += 32;
  }
  const rs = <usize>ldc << 2;
  if (nr == NR) {
    storeRow(C, c00, c01, add);
    if (mr > 1) storeRow(C + rs, c10, c11, add);
    if (mr > 2) storeRow(C + 2 * rs, c20, c21, add);
    if (mr > 3) storeRow(C + 3 * rs, c30, c31, add);
  } else {
    storeRowPartial(C, c00, c01, add, nr, tmp);
    if (mr > 1) storeRowPartial(C + rs, c10, c11, add, nr, tmp);
    if (mr > 2) storeRowPartial(C + 2 * rs, c20, c21, add, nr, tmp);
    if (mr > 3) storeRowPartial(C + 3 * rs, c30, c31, add, nr, tmp);
  }
}

/** See the GEMM comment above. bias: 0 for none, else (N) floats added to every row (ignored when accumulate). */
export function gemm(
  transA: i32, transB: i32, M: i32, N: i32, K: i32,
  A: usize, lda: i32, B: usize, ldb: i32, C: usize, ldc: i32,
  accumulate: i32, bias: usize, work: usize,
): void {
  if (accumulate == 0) {
    for (let i = 0; i < M; i++) {
      const row = C + <usize>(i * ldc) * 4;
      if (bias != 0) memory.copy(row, bias, <usize>N * 4);
      else memory.fill(row, 0, <usize>N * 4);
    }
  }
  if (K == 0 || M == 0 || N == 0) return;
  const tmp = work;
  const Ap = work + 32 * 4; // after the 8-float tile row scratch (32 bytes used, 128 reserved)
  const Bp = Ap + MC * KC * 4;
  for (let j0 = 0; j0 < N; j0 += NC) {
    const nc = min(NC, N - j0);
    for (let k0 = 0; k0 < K; k0 += KC) {
      const kc = min(KC, K - k0);
      packB(transB, B, ldb, k0, kc, j0, nc, Bp);
      for (let i0 = 0; i0 < M; i0 += MC) {
        const mc = min(MC, M - i0);
        packA(transA, A, lda, i0, mc, k0, kc, Ap);
        for (let q = 0; q < nc; q += NR) {
          const nr = min(NR, nc - q);
          const bp = Bp + <usize>(q * kc) * 4;
          for (let r = 0; r < mc; r += MR) {
            const mr = min(MR, mc - r);
            const c = C + (<usize>(i0 + r) * ldc + j0 + q) * 4;
            micro(kc, Ap + <usize>(r * kc) * 4, bp, c, ldc, mr, nr, true, tmp);
          }
        }
      }
    }
  }
}

/** db (N) += Σ_rows dy (M, N): the bias gradient. */
export function colSumAdd(dy: usize, M: i32, N: i32, db: usize): void {
  const n4 = N & ~3;
  for (let i = 0; i < M; i++) {
    const row = dy + <usize>(i * N) * 4;
    let j = 0;
    for (; j < n4; j += 4) {
      const d = db + (<usize>j << 2);
      v128.store(d, f32x4.add(v128.load(d), v128.load(row + (<usize>j << 2))));
    }
    for (; j < N; j++) {
      const d = db + (<usize>j << 2);
      store<f32>(d, load<f32>(d) + load<f32>(row + (<usize>j << 2)));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 2-D window ops on NHWC buffers (src/core/tensor/convKernels.ts has the reference and the geometry:
// B batch, H × W × C input, kh × kw window, strides sh, sw, dilation dh, dw, padding pt (top), pl
// (left), Ho × Wo output). Same loops and summation order as the reference, so results are identical.

/** dst[0 .. n) = src[0 .. n) (floats; the buffers do not overlap). */
@inline function copyRun(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
}

/** dst[0 .. n) = 0. */
@inline function zeroRun(dst: usize, n: i32): void {
  let i = 0;
  const z = f32x4.splat(0);
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), z);
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), 0);
}

/** dst[0 .. n) += src[0 .. n). */
@inline function addRun(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const d = dst + (<usize>i << 2);
    v128.store(d, f32x4.add(v128.load(d), v128.load(src + (<usize>i << 2))));
  }
  for (; i < n; i++) {
    const d = dst + (<usize>i << 2);
    store<f32>(d, load<f32>(d) + load<f32>(src + (<usize>i << 2)));
  }
}

/** dst[r·ldd + j] = src[r·lds + j], or += when add, for r < rows, j < w: a block of columns between row-major matrices. */
export function copyColumns(src: usize, lds: i32, dst: usize, ldd: i32, rows: i32, w: i32, add: i32): void {
  for (let r = 0; r < rows; r++) {
    const s = src + <usize>(r * lds) * 4;
    const d = dst + <usize>(r * ldd) * 4;
    if (add != 0) addRun(d, s, w);
    else copyRun(d, s, w);
  }
}

/**
 * x: (B, H, W, C) -> cols: (B·Ho·Wo, kh·kw·C), windows in (ky, kx, c) order, padding 0 (convKernels.ts
 * im2col). A window row that lies wholly inside x with dw = 1 is one contiguous run of kw·C floats.
 */
export function im2col(
  x: usize, cols: usize, B: i32, H: i32, W: i32, C: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32, Ho: i32, Wo: i32,
): void {
  let r = cols;
  const run = kw * C;
  for (let b = 0; b < B; b++) {
    const xb = x + <usize>(b * H * W * C) * 4;
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) {
        const ix0 = ox * sw - pl;
        const inside = dw == 1 && ix0 >= 0 && ix0 + kw <= W;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh - pt + ky * dh;
          if (iy < 0 || iy >= H) {
            zeroRun(r, run);
          } else {
            const xrow = xb + <usize>(iy * W) * C * 4;
            if (inside) {
              copyRun(r, xrow + <usize>(ix0 * C) * 4, run);
            } else {
              for (let kx = 0; kx < kw; kx++) {
                const ix = ix0 + kx * dw;
                const d = r + <usize>(kx * C) * 4;
                if (ix < 0 || ix >= W) zeroRun(d, C);
                else copyRun(d, xrow + <usize>(ix * C) * 4, C);
              }
            }
          }
          r += <usize>run * 4;
        }
      }
    }
  }
}

/** The adjoint of im2col: dcols: (B·Ho·Wo, kh·kw·C) -> dx += scattered back onto (B, H, W, C); padding dropped. */
export function col2im(
  dcols: usize, dx: usize, B: i32, H: i32, W: i32, C: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32, Ho: i32, Wo: i32,
): void {
  let r = dcols;
  const run = kw * C;
  for (let b = 0; b < B; b++) {
    const xb = dx + <usize>(b * H * W * C) * 4;
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) {
        const ix0 = ox * sw - pl;
        const inside = dw == 1 && ix0 >= 0 && ix0 + kw <= W;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh - pt + ky * dh;
          if (iy >= 0 && iy < H) {
            const xrow = xb + <usize>(iy * W) * C * 4;
            if (inside) {
              addRun(xrow + <usize>(ix0 * C) * 4, r, run);
            } else {
              for (let kx = 0; kx < kw; kx++) {
                const ix = ix0 + kx * dw;
                if (ix >= 0 && ix < W) addRun(xrow + <usize>(ix * C) * 4, r + <usize>(kx * C) * 4, C);
              }
            }
          }
          r += <usize>run * 4;
        }
      }
    }
  }
}

/**
 * x: (B, H, W, C) -> y: (B, Ho, Wo, C) window max, argmax (i32): index into x of the first winner, −1 (and
 * y = 0) when nothing wins (convKernels.ts maxPoolForward). Four channels at a time.
 */
export function maxPoolForward(
  x: usize, y: usize, argmax: usize, B: i32, H: i32, W: i32, C: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, pt: i32, pl: i32, Ho: i32, Wo: i32,
): void {
  const lanes = i32x4(0, 1, 2, 3);
  const none = i32x4.splat(-1);
  const zero = f32x4.splat(0);
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < Ho; oy++) {
      const y0 = max(oy * sh - pt, 0);
      const y1 = min(oy * sh - pt + kh, H);
      for (let ox = 0; ox < Wo; ox++) {
        const x0 = max(ox * sw - pl, 0);
        const x1 = min(ox * sw - pl + kw, W);
        const o = ((b * Ho + oy) * Wo + ox) * C;
        let c = 0;
        for (; c + 4 <= C; c += 4) {
          let best = f32x4.splat(-Infinity);
          let at = none;
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) {
              const k = ((b * H + iy) * W + ix) * C + c;
              const v = v128.load(x + (<usize>k << 2));
              const win = f32x4.gt(v, best);
              best = v128.bitselect(v, best, win);
              at = v128.bitselect(i32x4.add(i32x4.splat(k), lanes), at, win);
            }
          }
          v128.store(y + (<usize>(o + c) << 2), v128.bitselect(zero, best, i32x4.lt_s(at, i32x4.splat(0))));
          v128.store(argmax + (<usize>(o + c) << 2), at);
        }
        for (; c < C; c++) {
          let best: f32 = -Infinity;
          let at = -1;
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) {
              const k = ((b * H + iy) * W + ix) * C + c;
              const v = load<f32>(x + (<usize>k << 2));
              if (v > best) {
                best = v;
                at = k;
              }
            }
          }
          store<f32>(y + (<usize>(o + c) << 2), at < 0 ? 0 : best);
          store<i32>(argmax + (<usize>(o + c) << 2), at);
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// ReLU (src/core/activations/relu.ts): y = x > 0 ? x : 0; backward dx += dy where x > 0 (NaN counts as not > 0).

export function reluForward(x: usize, y: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    v128.store(y + o, v128.bitselect(v, zero, f32x4.gt(v, zero)));
  }
  for (; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    store<f32>(y + (<usize>i << 2), v > 0 ? v : 0);
  }
}

export function reluBackward(x: usize, dy: usize, dx: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const d = v128.load(dx + o);
    v128.store(dx + o, v128.bitselect(f32x4.add(d, v128.load(dy + o)), d, f32x4.gt(v128.load(x + o), zero)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    if (load<f32>(x + o) > 0) store<f32>(dx + o, load<f32>(dx + o) + load<f32>(dy + o));
  }
}

// ---------------------------------------------------------------------------------------------
// Adam / AdamW update (src/core/optim/adam.ts), elementwise over n values, in place on w, m, v:
//   g = dw + l2·w;  w ← shrink·w;  m ← β1·m + (1 − β1)·g;  v ← β2·v + ((1 − β2)·g)·g;
//   w ← w − (lr·(m / bc1)) / (√(v / bc2) + ε)
// c1 = 1 − β1 and c2 = 1 − β2 come from the host, computed in f64 (in f32, 1 − 0.999 is 1.3e-5 off).
// Separate multiply and add only (no relaxed_madd): the vector body and the scalar tail round alike,
// so updating a range (data-parallel threads) gives exactly the values of a whole update.
// m or v below the smallest normal float (2^-126) is stored as 0: flush to zero, as in the TypeScript
// kernel (src/core/tensor/optimizerKernels.ts F32_TINY says why). NaN stays NaN. The square term of a
// gradient below floor(c) is not added (squareFloor there): its float32 product would be subnormal.
const TINY: f32 = 1.17549435e-38; // 2^-126

/** The smallest |g| whose c·g² is a normal float32 (optimizerKernels.ts squareFloor, in f32). */
function floor(c: f32): f32 {
  return Mathf.sqrt(TINY / c);
}

export function adamUpdate(
  w: usize, g: usize, m: usize, v: usize, n: i32,
  lr: f32, b1: f32, b2: f32, c1: f32, c2: f32, bc1: f32, bc2: f32, eps: f32, l2: f32, shrink: f32,
): void {
  const LR = f32x4.splat(lr), B1 = f32x4.splat(b1), B2 = f32x4.splat(b2), C1 = f32x4.splat(c1), C2 = f32x4.splat(c2);
  const BC1 = f32x4.splat(bc1), BC2 = f32x4.splat(bc2), EPS = f32x4.splat(eps), L2 = f32x4.splat(l2), SH = f32x4.splat(shrink);
  const TINY4 = f32x4.splat(TINY);
  const fl = floor(c2);
  const FL = f32x4.splat(fl);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    let wv = v128.load(w + o);
    const gv = f32x4.add(v128.load(g + o), f32x4.mul(L2, wv));
    wv = f32x4.mul(wv, SH);
    let mv = f32x4.add(f32x4.mul(B1, v128.load(m + o)), f32x4.mul(C1, gv));
    const gs = v128.andnot(gv, f32x4.lt(f32x4.abs(gv), FL)); // 0 where the square term is dropped
    let vv = f32x4.add(f32x4.mul(B2, v128.load(v + o)), f32x4.mul(f32x4.mul(C2, gs), gs));
    mv = v128.andnot(mv, f32x4.lt(f32x4.abs(mv), TINY4));
    vv = v128.andnot(vv, f32x4.lt(vv, TINY4));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    const step = f32x4.div(f32x4.mul(LR, f32x4.div(mv, BC1)), f32x4.add(f32x4.sqrt(f32x4.div(vv, BC2)), EPS));
    v128.store(w + o, f32x4.sub(wv, step));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    let wi = load<f32>(w + o);
    const gi: f32 = load<f32>(g + o) + l2 * wi;
    wi = wi * shrink;
    let mi: f32 = b1 * load<f32>(m + o) + c1 * gi;
    let vi: f32 = b2 * load<f32>(v + o) + (Mathf.abs(gi) < fl ? 0 : c2 * gi * gi);
    if (Mathf.abs(mi) < TINY) mi = 0;
    if (vi < TINY) vi = 0;
    store<f32>(m + o, mi);
    store<f32>(v + o, vi);
    store<f32>(w + o, wi - (lr * (mi / bc1)) / (Mathf.sqrt(vi / bc2) + eps));
  }
}

// ---------------------------------------------------------------------------------------------
// The other optimizers' updates (src/core/optim/*.ts; the TypeScript kernels in
// src/core/tensor/optimizerKernels.ts are the reference), elementwise over n values, in place.
// g = dw + l2·w throughout (L2 weight decay). Separate multiply and add, and float32 state that decays
// (momentum buffers, RMSprop's averages) stored as 0 below 2^-126, as in adamUpdate.

/** SGD: w ← w − lr·g. */
export function sgdUpdate(w: usize, g: usize, n: i32, lr: f32, l2: f32): void {
  const LR = f32x4.splat(lr), L2 = f32x4.splat(l2);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const wv = v128.load(w + o);
    const gv = f32x4.add(v128.load(g + o), f32x4.mul(L2, wv));
    v128.store(w + o, f32x4.sub(wv, f32x4.mul(LR, gv)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const wi = load<f32>(w + o);
    store<f32>(w + o, wi - lr * (load<f32>(g + o) + l2 * wi));
  }
}

/** Momentum (PyTorch SGD, dampening 0): b ← μ·b + g;  w ← w − lr·b, or with nesterov w ← w − lr·(g + μ·b). */
export function momentumUpdate(w: usize, g: usize, b: usize, n: i32, lr: f32, mu: f32, l2: f32, nesterov: i32): void {
  const LR = f32x4.splat(lr), MU = f32x4.splat(mu), L2 = f32x4.splat(l2), TINY4 = f32x4.splat(TINY);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const wv = v128.load(w + o);
    const gv = f32x4.add(v128.load(g + o), f32x4.mul(L2, wv));
    let bv = f32x4.add(f32x4.mul(MU, v128.load(b + o)), gv);
    bv = v128.andnot(bv, f32x4.lt(f32x4.abs(bv), TINY4));
    v128.store(b + o, bv);
    const d = nesterov != 0 ? f32x4.add(gv, f32x4.mul(MU, bv)) : bv;
    v128.store(w + o, f32x4.sub(wv, f32x4.mul(LR, d)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const wi = load<f32>(w + o);
    const gi: f32 = load<f32>(g + o) + l2 * wi;
    let bi: f32 = mu * load<f32>(b + o) + gi;
    if (Mathf.abs(bi) < TINY) bi = 0;
    store<f32>(b + o, bi);
    store<f32>(w + o, wi - lr * (nesterov != 0 ? gi + mu * bi : bi));
  }
}

/** AdaGrad: s ← s + g²;  w ← w − lr·g / (√s + ε). */
export function adagradUpdate(w: usize, g: usize, s: usize, n: i32, lr: f32, eps: f32, l2: f32): void {
  const LR = f32x4.splat(lr), EPS = f32x4.splat(eps), L2 = f32x4.splat(l2);
  const fl = floor(1);
  const FL = f32x4.splat(fl);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const wv = v128.load(w + o);
    const gv = f32x4.add(v128.load(g + o), f32x4.mul(L2, wv));
    const gs = v128.andnot(gv, f32x4.lt(f32x4.abs(gv), FL));
    const sv = f32x4.add(v128.load(s + o), f32x4.mul(gs, gs));
    v128.store(s + o, sv);
    v128.store(w + o, f32x4.sub(wv, f32x4.div(f32x4.mul(LR, gv), f32x4.add(f32x4.sqrt(sv), EPS))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const wi = load<f32>(w + o);
    const gi: f32 = load<f32>(g + o) + l2 * wi;
    const si: f32 = Mathf.abs(gi) < fl ? load<f32>(s + o) : load<f32>(s + o) + gi * gi;
    store<f32>(s + o, si);
    store<f32>(w + o, wi - (lr * gi) / (Mathf.sqrt(si) + eps));
  }
}

/**
 * RMSprop: v ← α·v + ((1 − α)·g)·g;  centered (a ≠ 0): ā ← α·ā + (1 − α)·g, d = √(v − ā²) + ε, else
 * d = √v + ε;  with a momentum buffer (b ≠ 0): b ← μ·b + g/d, w ← w − lr·b;  else w ← w − (lr·g)/d.
 * c = 1 − α from the host (computed in f64).
 */
export function rmspropUpdate(w: usize, g: usize, v: usize, a: usize, b: usize, n: i32, lr: f32, alpha: f32, c: f32, eps: f32, mu: f32, l2: f32): void {
  const LR = f32x4.splat(lr), AL = f32x4.splat(alpha), C = f32x4.splat(c), EPS = f32x4.splat(eps), MU = f32x4.splat(mu), L2 = f32x4.splat(l2);
  const TINY4 = f32x4.splat(TINY);
  const fl = floor(c);
  const FL = f32x4.splat(fl);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const wv = v128.load(w + o);
    const gv = f32x4.add(v128.load(g + o), f32x4.mul(L2, wv));
    const gs = v128.andnot(gv, f32x4.lt(f32x4.abs(gv), FL));
    let vv = f32x4.add(f32x4.mul(AL, v128.load(v + o)), f32x4.mul(f32x4.mul(C, gs), gs));
    vv = v128.andnot(vv, f32x4.lt(vv, TINY4));
    v128.store(v + o, vv);
    let second = vv;
    if (a != 0) {
      let av = f32x4.add(f32x4.mul(AL, v128.load(a + o)), f32x4.mul(C, gv));
      av = v128.andnot(av, f32x4.lt(f32x4.abs(av), TINY4));
      v128.store(a + o, av);
      second = f32x4.sub(second, f32x4.mul(av, av));
    }
    const d = f32x4.add(f32x4.sqrt(second), EPS);
    if (b != 0) {
      let bv = f32x4.add(f32x4.mul(MU, v128.load(b + o)), f32x4.div(gv, d));
      bv = v128.andnot(bv, f32x4.lt(f32x4.abs(bv), TINY4));
      v128.store(b + o, bv);
      v128.store(w + o, f32x4.sub(wv, f32x4.mul(LR, bv)));
    } else {
      v128.store(w + o, f32x4.sub(wv, f32x4.div(f32x4.mul(LR, gv), d)));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const wi = load<f32>(w + o);
    const gi: f32 = load<f32>(g + o) + l2 * wi;
    let vi: f32 = alpha * load<f32>(v + o) + (Mathf.abs(gi) < fl ? 0 : c * gi * gi);
    if (vi < TINY) vi = 0;
    store<f32>(v + o, vi);
    let second = vi;
    if (a != 0) {
      let ai: f32 = alpha * load<f32>(a + o) + c * gi;
      if (Mathf.abs(ai) < TINY) ai = 0;
      store<f32>(a + o, ai);
      second -= ai * ai;
    }
    const d: f32 = Mathf.sqrt(second) + eps;
    if (b != 0) {
      let bi: f32 = mu * load<f32>(b + o) + gi / d;
      if (Mathf.abs(bi) < TINY) bi = 0;
      store<f32>(b + o, bi);
      store<f32>(w + o, wi - lr * bi);
    } else {
      store<f32>(w + o, wi - (lr * gi) / d);
    }
  }
}
