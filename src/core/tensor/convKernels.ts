// Reference kernels of the 2-D window ops (convolution via im2col, pooling) on NHWC buffers.
// Layers reach them through kernels() (kernels.ts), so a WASM version can replace them.
//
// Shape letters: B batch, H × W input height and width, C channels, kh × kw window, Ho × Wo output,
// K = kh·kw·C the length of one im2col row. Row-major: x[((b·H + i)·W + j)·C + c].

import type { FloatArray } from './tensor';

/** 'explicit': a symmetric pad of p zeros on every side (window2D's `pad`), as in PyTorch's padding=p. */
export type Padding = 'valid' | 'same' | 'explicit';

/** Everything about a window op but the batch size: fixed when the layer is built. */
export interface Window2D {
  H: number; W: number; C: number;
  kh: number; kw: number; // window size (before dilation)
  sh: number; sw: number; // strides
  dh: number; dw: number; // dilation (1 for pooling)
  padTop: number; padLeft: number;
  Ho: number; Wo: number;
}

/**
 * Output size and padding of a window op, TensorFlow conventions. With k_eff = d·(k − 1) + 1:
 *  'valid': no padding, out = ⌊(n − k_eff) / s⌋ + 1 (null when k_eff > n: the window does not fit);
 *  'same':  out = ⌈n / s⌉, total padding p = max((out − 1)·s + k_eff − n, 0), split ⌊p/2⌋ before and the
 *           rest after (TF puts the odd one at the bottom/right).
 *  'explicit': p = `pad` zeros on each side, out = ⌊(n + 2p − k_eff) / s⌋ + 1 (null when k_eff > n + 2p).
 * All are (n − k_eff + p_total) / s + 1 rounded down: the course's (n − k + 2p) / s + 1.
 */
export function window2D(
  H: number, W: number, C: number, kh: number, kw: number, sh: number, sw: number, dh: number, dw: number, padding: Padding,
  pad = 0,
): Window2D | null {
  const keh = dh * (kh - 1) + 1;
  const kew = dw * (kw - 1) + 1;
  if (padding === 'explicit') {
    if (keh > H + 2 * pad || kew > W + 2 * pad) return null;
    return {
      H, W, C, kh, kw, sh, sw, dh, dw, padTop: pad, padLeft: pad,
      Ho: Math.floor((H + 2 * pad - keh) / sh) + 1, Wo: Math.floor((W + 2 * pad - kew) / sw) + 1,
    };
  }
  if (padding === 'valid') {
    if (keh > H || kew > W) return null;
    return { H, W, C, kh, kw, sh, sw, dh, dw, padTop: 0, padLeft: 0, Ho: Math.floor((H - keh) / sh) + 1, Wo: Math.floor((W - kew) / sw) + 1 };
  }
  const Ho = Math.ceil(H / sh);
  const Wo = Math.ceil(W / sw);
  const padTop = Math.floor(Math.max((Ho - 1) * sh + keh - H, 0) / 2);
  const padLeft = Math.floor(Math.max((Wo - 1) * sw + kew - W, 0) / 2);
  return { H, W, C, kh, kw, sh, sw, dh, dw, padTop, padLeft, Ho, Wo };
}

/**
 * x: (B, H, W, C) -> cols: (B·Ho·Wo, kh·kw·C). Row (b, oy, ox) holds the window at that output pixel,
 * ordered (ky, kx, c) like a Keras kernel (kh, kw, C, Co) flattened to (K, Co), so conv = cols · kernel.
 * Padding positions are 0. Overwrites cols.
 */
export function im2col(x: FloatArray, cols: FloatArray, B: number, g: Window2D): void {
  const { H, W, C, kh, kw, sh, sw, dh, dw, padTop, padLeft, Ho, Wo } = g;
  let r = 0;
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) {
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh - padTop + ky * dh;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * sw - padLeft + kx * dw;
            if (iy < 0 || iy >= H || ix < 0 || ix >= W) {
              for (let c = 0; c < C; c++) cols[r++] = 0;
            } else {
              const xo = ((b * H + iy) * W + ix) * C;
              for (let c = 0; c < C; c++) cols[r++] = x[xo + c];
            }
          }
        }
      }
    }
  }
}

/** The adjoint of im2col: dcols: (B·Ho·Wo, kh·kw·C) -> dx += scattered back: (B, H, W, C). Padding is dropped. */
export function col2im(dcols: FloatArray, dx: FloatArray, B: number, g: Window2D): void {
  const { H, W, C, kh, kw, sh, sw, dh, dw, padTop, padLeft, Ho, Wo } = g;
  let r = 0;
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) {
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh - padTop + ky * dh;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * sw - padLeft + kx * dw;
            if (iy < 0 || iy >= H || ix < 0 || ix >= W) {
              r += C;
            } else {
              const xo = ((b * H + iy) * W + ix) * C;
              for (let c = 0; c < C; c++) dx[xo + c] += dcols[r++];
            }
          }
        }
      }
    }
  }
}

/**
 * x: (B, H, W, C) -> y: (B, Ho, Wo, C), y = max over the window (padding never wins, as in TF).
 * argmax[o] = index into x of the winner (first one on ties), for the backward pass.
 */
export function maxPoolForward(x: FloatArray, y: FloatArray, argmax: Int32Array, B: number, g: Window2D): void {
  const { H, W, C, kh, kw, sh, sw, padTop, padLeft, Ho, Wo } = g;
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < Ho; oy++) {
      const y0 = Math.max(oy * sh - padTop, 0);
      const y1 = Math.min(oy * sh - padTop + kh, H);
      for (let ox = 0; ox < Wo; ox++) {
        const x0 = Math.max(ox * sw - padLeft, 0);
        const x1 = Math.min(ox * sw - padLeft + kw, W);
        const o = ((b * Ho + oy) * Wo + ox) * C;
        for (let c = 0; c < C; c++) {
          let best = -Infinity;
          let at = -1;
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) {
              const k = ((b * H + iy) * W + ix) * C + c;
              if (x[k] > best) (best = x[k]), (at = k);
            }
          }
          y[o + c] = at < 0 ? 0 : best;
          argmax[o + c] = at;
        }
      }
    }
  }
}

/** dy: (B, Ho, Wo, C) -> dx += dy routed to each window's winner. */
export function maxPoolBackward(dy: FloatArray, argmax: Int32Array, dx: FloatArray, B: number, g: Window2D): void {
  const n = B * g.Ho * g.Wo * g.C;
  for (let o = 0; o < n; o++) if (argmax[o] >= 0) dx[argmax[o]] += dy[o];
}

/** x: (B, H, W, C) -> y: (B, Ho, Wo, C), the mean over the window's in-bounds elements (TF: padding not counted). */
export function avgPoolForward(x: FloatArray, y: FloatArray, B: number, g: Window2D): void {
  const { H, W, C, kh, kw, sh, sw, padTop, padLeft, Ho, Wo } = g;
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < Ho; oy++) {
      const y0 = Math.max(oy * sh - padTop, 0);
      const y1 = Math.min(oy * sh - padTop + kh, H);
      for (let ox = 0; ox < Wo; ox++) {
        const x0 = Math.max(ox * sw - padLeft, 0);
        const x1 = Math.min(ox * sw - padLeft + kw, W);
        const o = ((b * Ho + oy) * Wo + ox) * C;
        const inv = 1 / Math.max((y1 - y0) * (x1 - x0), 1);
        for (let c = 0; c < C; c++) y[o + c] = 0;
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0; ix < x1; ix++) {
            const k = ((b * H + iy) * W + ix) * C;
            for (let c = 0; c < C; c++) y[o + c] += x[k + c];
          }
        }
        for (let c = 0; c < C; c++) y[o + c] *= inv;
      }
    }
  }
}

/** dy: (B, Ho, Wo, C) -> dx += dy / count spread evenly over each window's in-bounds elements. */
export function avgPoolBackward(dy: FloatArray, dx: FloatArray, B: number, g: Window2D): void {
  const { H, W, C, kh, kw, sh, sw, padTop, padLeft, Ho, Wo } = g;
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < Ho; oy++) {
      const y0 = Math.max(oy * sh - padTop, 0);
      const y1 = Math.min(oy * sh - padTop + kh, H);
      for (let ox = 0; ox < Wo; ox++) {
        const x0 = Math.max(ox * sw - padLeft, 0);
        const x1 = Math.min(ox * sw - padLeft + kw, W);
        const o = ((b * Ho + oy) * Wo + ox) * C;
        const inv = 1 / Math.max((y1 - y0) * (x1 - x0), 1);
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0; ix < x1; ix++) {
            const k = ((b * H + iy) * W + ix) * C;
            for (let c = 0; c < C; c++) dx[k + c] += dy[o + c] * inv;
          }
        }
      }
    }
  }
}

/**
 * Depthwise convolution (TF conventions): each input channel c has its own M filters; output channel c·M + m.
 * x: (B, H, W, C), K: (kh, kw, C, M), b: (C·M) or null -> y: (B, Ho, Wo, C·M). Overwrites y.
 *   y[b, oy, ox, c·M + m] = b[c·M + m] + Σ_{ky, kx} x[b, oy·sh − pt + ky·dh, ox·sw − pl + kx·dw, c] · K[ky, kx, c, m]
 */
export function depthwiseForward(x: FloatArray, K: FloatArray, bias: FloatArray | null, y: FloatArray, B: number, g: Window2D, M: number): void {
  const { H, W, C, kh, kw, sh, sw, dh, dw, padTop, padLeft, Ho, Wo } = g;
  const CM = C * M;
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) {
        const o = ((b * Ho + oy) * Wo + ox) * CM;
        for (let q = 0; q < CM; q++) y[o + q] = bias !== null ? bias[q] : 0;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh - padTop + ky * dh;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * sw - padLeft + kx * dw;
            if (ix < 0 || ix >= W) continue;
            const xo = ((b * H + iy) * W + ix) * C;
            const ko = (ky * kw + kx) * CM;
            for (let c = 0; c < C; c++) {
              const xv = x[xo + c];
              for (let m = 0; m < M; m++) y[o + c * M + m] += xv * K[ko + c * M + m];
            }
          }
        }
      }
    }
  }
}

/** dy: (B, Ho, Wo, C·M) -> dx += Σ K·dy (B, H, W, C), dK += Σ x·dy (kh, kw, C, M), db += Σ dy (C·M). dx / db may be null. */
export function depthwiseBackward(
  x: FloatArray, K: FloatArray, dy: FloatArray, dx: FloatArray | null, dK: FloatArray, db: FloatArray | null, B: number, g: Window2D, M: number,
): void {
  const { H, W, C, kh, kw, sh, sw, dh, dw, padTop, padLeft, Ho, Wo } = g;
  const CM = C * M;
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) {
        const o = ((b * Ho + oy) * Wo + ox) * CM;
        if (db !== null) for (let q = 0; q < CM; q++) db[q] += dy[o + q];
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh - padTop + ky * dh;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * sw - padLeft + kx * dw;
            if (ix < 0 || ix >= W) continue;
            const xo = ((b * H + iy) * W + ix) * C;
            const ko = (ky * kw + kx) * CM;
            for (let c = 0; c < C; c++) {
              const xv = x[xo + c];
              let acc = 0;
              for (let m = 0; m < M; m++) {
                const d = dy[o + c * M + m];
                dK[ko + c * M + m] += xv * d;
                acc += K[ko + c * M + m] * d;
              }
              if (dx !== null) dx[xo + c] += acc;
            }
          }
        }
      }
    }
  }
}
