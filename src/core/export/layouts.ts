// Weight layout conversions from ours (Keras's) to the channels-first / gate-row layouts of ONNX
// and PyTorch, and the padding of the window layers. All return fresh Float32Arrays, row-major.
//
//   Dense      ours W (I, O)            -> (O, I)                      (ONNX Gemm uses ours with transB = 0)
//   Conv2D     ours K (kh, kw, C, O)    -> (O, C, kh, kw)              OIHW
//   Depthwise  ours K (kh, kw, C, M)    -> (C·M, 1, kh, kw)            group conv, output channel c·M + m
//   Pointwise  ours P (1, 1, CM, F)     -> (F, CM, 1, 1)
//   Recurrent  ours W (F, G·H)          -> (G·H, F), gate blocks reordered: LSTM ours [i, f, g, o],
//              ONNX [i, o, f, c] = ours [0, 3, 1, 2], PyTorch [i, f, g, o] = ours; GRU ours [z, r, n],
//              ONNX [z, r, h] = ours, PyTorch [r, z, n] = ours [1, 0, 2].

import type { LayerSettings } from '../layers/types';
import { layerWindow, isWindow } from '../layers/spatial';
import type { Shape } from '../graph/document';

/** (rows, cols) -> (cols, rows). */
export function transpose2d(src: ArrayLike<number>, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = src[r * cols + c];
  return out;
}

/** (kh, kw, C, O) -> (O, C, kh, kw). */
export function convKernelToOIHW(src: ArrayLike<number>, kh: number, kw: number, C: number, O: number): Float32Array {
  const out = new Float32Array(kh * kw * C * O);
  for (let ky = 0; ky < kh; ky++) {
    for (let kx = 0; kx < kw; kx++) {
      for (let c = 0; c < C; c++) for (let o = 0; o < O; o++) out[((o * C + c) * kh + ky) * kw + kx] = src[((ky * kw + kx) * C + c) * O + o];
    }
  }
  return out;
}

/** (kh, kw, C, M) -> (C·M, 1, kh, kw): the same numbers as OIHW with O = C·M and one input channel per group. */
export function depthwiseKernelToOIHW(src: ArrayLike<number>, kh: number, kw: number, C: number, M: number): Float32Array {
  const out = new Float32Array(kh * kw * C * M);
  for (let ky = 0; ky < kh; ky++) {
    for (let kx = 0; kx < kw; kx++) {
      for (let c = 0; c < C; c++) for (let m = 0; m < M; m++) out[((c * M + m) * kh + ky) * kw + kx] = src[((ky * kw + kx) * C + c) * M + m];
    }
  }
  return out;
}

/**
 * A recurrent weight (rows, G·H) -> (G·H, rows) with gate blocks reordered: output block k is
 * input block order[k] (transposed).
 */
export function gateRowsT(src: ArrayLike<number>, rows: number, G: number, H: number, order: readonly number[]): Float32Array {
  const out = new Float32Array(rows * G * H);
  for (let k = 0; k < G; k++) {
    const from = order[k];
    for (let j = 0; j < H; j++) for (let r = 0; r < rows; r++) out[(k * H + j) * rows + r] = src[r * G * H + from * H + j];
  }
  return out;
}

/** A bias of G blocks of H, reordered (offset: where in src it starts, for the GRU's second row). */
export function gateBias(src: ArrayLike<number>, G: number, H: number, order: readonly number[], offset = 0): Float32Array {
  const out = new Float32Array(G * H);
  for (let k = 0; k < G; k++) for (let j = 0; j < H; j++) out[k * H + j] = src[offset + order[k] * H + j];
  return out;
}

export const LSTM_ONNX_ORDER = [0, 3, 1, 2]; // i, o, f, c
export const GRU_TORCH_ORDER = [1, 0, 2]; // r, z, n
export const IDENTITY_ORDER = [0, 1, 2, 3];

/** Zeros on each side of a window layer's input: top, left, bottom, right (TF's 'same' puts the odd one last). */
export interface Pads {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface WindowGeometry {
  kh: number; kw: number; sh: number; sw: number; dh: number; dw: number;
  C: number; Ho: number; Wo: number;
  pads: Pads;
}

/** The window geometry of a conv or pool layer on its (H, W, C) input; sizeKey 'kernelSize' or 'poolSize'. */
export function windowGeometry(s: LayerSettings, input: Shape, sizeKey: string): WindowGeometry {
  const g = layerWindow(s, input, sizeKey);
  if (!isWindow(g)) throw new Error(g.ok ? 'unreachable' : g.message);
  const keh = g.dh * (g.kh - 1) + 1;
  const kew = g.dw * (g.kw - 1) + 1;
  const explicit = s.padding === 'explicit' ? (s.paddingAmount as number) : null;
  const bottom = explicit ?? Math.max((g.Ho - 1) * g.sh + keh - g.H - g.padTop, 0);
  const right = explicit ?? Math.max((g.Wo - 1) * g.sw + kew - g.W - g.padLeft, 0);
  return {
    kh: g.kh, kw: g.kw, sh: g.sh, sw: g.sw, dh: g.dh, dw: g.dw, C: g.C, Ho: g.Ho, Wo: g.Wo,
    pads: { top: g.padTop, left: g.padLeft, bottom, right },
  };
}

export const hasPadding = (p: Pads): boolean => p.top + p.left + p.bottom + p.right > 0;
