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
