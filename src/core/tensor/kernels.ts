// The hot numeric kernels on flat buffers. Kept in one place behind a small interface so
// faster implementations (WASM) can be swapped in with setKernels() without touching layers.
//
// Shape letters: B = batch, I = input features, O = output features. Row-major everywhere;
// a Dense kernel W is (I, O) like Keras, so y = x·W + b. denseForward/denseBackward are the engine's
// matrix multiply. Conv2D goes through conv2dForward / conv2dBackward (im2col rows times the kernel), so a fast
// implementation can keep the im2col rows in its own memory. Window ops: see convKernels.ts.

import { relu } from '../activations/relu';
import {
  avgPoolBackward, avgPoolForward, col2im, depthwiseBackward, depthwiseForward, im2col, maxPoolBackward, maxPoolForward,
  type Window2D,
} from './convKernels';
import {
  gruStepBackward, gruStepForward, lstmStepBackward, lstmStepForward, rnnStepBackward, rnnStepForward,
} from './recurrentKernels';
import { adagradUpdate, adamUpdate, momentumUpdate, rmspropUpdate, sgdUpdate } from './optimizerKernels';
import { ensureCapacity, type FloatArray } from './tensor';

/**
 * A Conv2D layer's scratch, owned by the layer and handed to conv2dForward / conv2dBackward: the reference
 * keeps the forward's im2col rows in `cols` for the backward that follows; fast kernels may keep their
 * own state for the layer in `fast` (the WebAssembly kernels: an instance whose memory holds the rows).
 */
export interface ConvScratch {
  cols: FloatArray | null;
  dcols: FloatArray | null;
  fast?: unknown;
}

export interface Kernels {
  /** x: (B, I), W: (I, O), b: (O) or null -> y: (B, O). Overwrites y. */
  denseForward(x: FloatArray, W: FloatArray, b: FloatArray | null, y: FloatArray, B: number, I: number, O: number): void;
  /**
   * dy: (B, O) -> dx += dy·Wᵀ (B, I), dW += xᵀ·dy (I, O), db += Σ_B dy (O).
   * Accumulates (+=): the caller zeroes gradients once per step. dx / db may be null (not needed).
   */
  denseBackward(
    x: FloatArray, W: FloatArray, dy: FloatArray,
    dx: FloatArray | null, dW: FloatArray, db: FloatArray | null,
    B: number, I: number, O: number,
  ): void;
  /**
   * Conv2D pre-activation, x: (B, H, W, C), K: (kh, kw, C, O), b: (O) or null -> z: (B, Ho, Wo, O). Overwrites z.
   * = im2col(x) (B·Ho·Wo, kh·kw·C) · K (kh·kw·C, O) + b.
   */
  conv2dForward(
    x: FloatArray, K: FloatArray, b: FloatArray | null, z: FloatArray, B: number, g: Window2D, O: number, scratch: ConvScratch,
  ): void;
  /**
   * dz: (B, Ho, Wo, O) -> dK += colsᵀ·dz, db += Σ dz, dx += col2im(dz·Kᵀ); dx / db may be null. x and scratch are
   * those of the conv2dForward just before (same B).
   */
  conv2dBackward(
    x: FloatArray, K: FloatArray, dz: FloatArray, dx: FloatArray | null, dK: FloatArray, db: FloatArray | null,
    B: number, g: Window2D, O: number, scratch: ConvScratch,
  ): void;
  /**
   * dst[r·ldDst + j] = src[r·ldSrc + j] (add: +=) for r < rows, j < w: a block of columns from one row-major
   * matrix to another (pass subarrays that start at the first column). The Dense split engine's exchange.
   */
  copyColumns(src: FloatArray, ldSrc: number, dst: FloatArray, ldDst: number, rows: number, w: number, add: boolean): void;
  /** y = relu(x) = x > 0 ? x : 0 over n values (the relu activation: activations/relu.ts). */
  reluForward(x: FloatArray, y: FloatArray, n: number): void;
  /** dx += dy where x > 0, over n values (relu's backward). */
  reluBackward(x: FloatArray, dy: FloatArray, dx: FloatArray, n: number): void;
  /** x: (B, H, W, C) -> cols: (B·Ho·Wo, kh·kw·C), windows in (ky, kx, c) order, padding 0. Overwrites cols. */
  im2col(x: FloatArray, cols: FloatArray, B: number, g: Window2D): void;
  /** dcols: (B·Ho·Wo, kh·kw·C) -> dx += its scatter back onto (B, H, W, C) (the adjoint of im2col). */
  col2im(dcols: FloatArray, dx: FloatArray, B: number, g: Window2D): void;
  /** x: (B, H, W, C) -> y: (B, Ho, Wo, C) window max; argmax: index into x of each winner. */
  maxPoolForward(x: FloatArray, y: FloatArray, argmax: Int32Array, B: number, g: Window2D): void;
  /** dy: (B, Ho, Wo, C) -> dx += dy at each winner. */
  maxPoolBackward(dy: FloatArray, argmax: Int32Array, dx: FloatArray, B: number, g: Window2D): void;
  /** x: (B, H, W, C) -> y: (B, Ho, Wo, C) window mean over in-bounds elements. */
  avgPoolForward(x: FloatArray, y: FloatArray, B: number, g: Window2D): void;
  /** dy: (B, Ho, Wo, C) -> dx += dy / count over each window. */
  avgPoolBackward(dy: FloatArray, dx: FloatArray, B: number, g: Window2D): void;
  /** x: (B, H, W, C), K: (kh, kw, C, M), b: (C·M) or null -> y: (B, Ho, Wo, C·M), channel c·M + m. Overwrites y. */
  depthwiseForward(x: FloatArray, K: FloatArray, b: FloatArray | null, y: FloatArray, B: number, g: Window2D, M: number): void;
  /** dy: (B, Ho, Wo, C·M) -> dx += (B, H, W, C), dK += (kh, kw, C, M), db += (C·M); dx / db may be null. */
  depthwiseBackward(
    x: FloatArray, K: FloatArray, dy: FloatArray, dx: FloatArray | null, dK: FloatArray, db: FloatArray | null,
    B: number, g: Window2D, M: number,
  ): void;
  // The optimizers' updates over n values, in place (optimizerKernels.ts has the formulas).
  adamUpdate: typeof adamUpdate;
  sgdUpdate: typeof sgdUpdate;
  momentumUpdate: typeof momentumUpdate;
  adagradUpdate: typeof adagradUpdate;
  rmspropUpdate: typeof rmspropUpdate;
  // One recurrent time step (recurrentKernels.ts has the equations and buffer layouts).
  rnnStepForward: typeof rnnStepForward;
  rnnStepBackward: typeof rnnStepBackward;
  lstmStepForward: typeof lstmStepForward;
  lstmStepBackward: typeof lstmStepBackward;
  gruStepForward: typeof gruStepForward;
  gruStepBackward: typeof gruStepBackward;
}

export const jsKernels: Kernels = {
  adamUpdate,
  sgdUpdate,
  momentumUpdate,
  adagradUpdate,
  rmspropUpdate,

  copyColumns(src, ldSrc, dst, ldDst, rows, w, add) {
    for (let r = 0; r < rows; r++) {
      const s = r * ldSrc;
      const d = r * ldDst;
      if (add) for (let j = 0; j < w; j++) dst[d + j] += src[s + j];
      else for (let j = 0; j < w; j++) dst[d + j] = src[s + j];
    }
  },

  denseForward(x, W, b, y, B, I, O) {
    for (let n = 0; n < B; n++) {
      const yo = n * O;
      for (let o = 0; o < O; o++) y[yo + o] = b !== null ? b[o] : 0;
      const xo = n * I;
      for (let i = 0; i < I; i++) {
        const xi = x[xo + i];
        if (xi === 0) continue;
        const wo = i * O;
        for (let o = 0; o < O; o++) y[yo + o] += xi * W[wo + o];
      }
    }
  },

  denseBackward(x, W, dy, dx, dW, db, B, I, O) {
    for (let n = 0; n < B; n++) {
      const dyo = n * O;
      const xo = n * I;
      if (db !== null) for (let o = 0; o < O; o++) db[o] += dy[dyo + o];
      for (let i = 0; i < I; i++) {
        const xi = x[xo + i];
        const wo = i * O;
        let acc = 0;
        for (let o = 0; o < O; o++) {
          const d = dy[dyo + o];
          dW[wo + o] += xi * d;
          acc += W[wo + o] * d;
        }
        if (dx !== null) dx[xo + i] += acc;
      }
    }
  },

  conv2dForward(x, K, b, z, B, g, O, scratch) {
    const rows = B * g.Ho * g.Wo;
    const Kc = g.kh * g.kw * g.C;
    const cols = (scratch.cols = ensureCapacity(scratch.cols, z instanceof Float64Array ? 'float64' : 'float32', rows * Kc));
    jsKernels.im2col(x, cols, B, g);
    jsKernels.denseForward(cols, K, b, z, rows, Kc, O);
  },

  conv2dBackward(_x, K, dz, dx, dK, db, B, g, O, scratch) {
    const rows = B * g.Ho * g.Wo;
    const Kc = g.kh * g.kw * g.C;
    let dcols: FloatArray | null = null;
    if (dx) {
      dcols = scratch.dcols = ensureCapacity(scratch.dcols, dz instanceof Float64Array ? 'float64' : 'float32', rows * Kc);
      dcols.fill(0, 0, rows * Kc);
    }
    jsKernels.denseBackward(scratch.cols!, K, dz, dcols, dK, db, rows, Kc, O);
    if (dx) jsKernels.col2im(dcols!, dx, B, g);
  },

  reluForward: (x, y, n) => relu.forward(x, y, n, 1),
  reluBackward: (x, dy, dx, n) => relu.backward(x, x, dy, dx, n, 1),

  im2col,
  col2im,
  maxPoolForward,
  maxPoolBackward,
  avgPoolForward,
  avgPoolBackward,
  depthwiseForward,
  depthwiseBackward,
  rnnStepForward,
  rnnStepBackward,
  lstmStepForward,
  lstmStepBackward,
  gruStepForward,
  gruStepBackward,
};

let active: Kernels = jsKernels;

/** The kernels layers call. */
export function kernels(): Kernels {
  return active;
}

/** Swaps the kernel implementation (e.g. WASM); pass jsKernels to restore. */
export function setKernels(k: Kernels): void {
  active = k;
}
