// Conv2D: y = f(conv(x, K) + b), NHWC, TF/Keras conventions (cross-correlation, no kernel flip).
// x: (B, H, W, C) -> z: (B, Ho, Wo, Co) -> y = f(z): (B, Ho, Wo, Co).  K: (kh, kw, C, Co), b: (Co).
//   z[b, oy, ox, o] = b[o] + Σ_{ky, kx, c} x[b, oy·sh − pt + ky·dh, ox·sw − pl + kx·dw, c] · K[ky, kx, c, o]
// (out-of-range x reads as 0). Output size per axis with k_eff = d·(k − 1) + 1: 'valid' ⌊(n − k_eff)/s⌋ + 1,
// 'same' ⌈n/s⌉ with TF's padding split, 'explicit' p zeros per side ⌊(n + 2p − k_eff)/s⌋ + 1 (convKernels.ts window2D). Computed by
// kernels().conv2dForward as im2col then a matrix multiply: cols (B·Ho·Wo, kh·kw·C) · K (kh·kw·C, Co); backward
// (conv2dBackward) is the same product transposed (dK += colsᵀ·dz, dcols = dz·Kᵀ) followed by col2im.
// Init (settings kernelInitializer / biasInitializer): K glorotUniform with fanIn = kh·kw·C, fanOut = kh·kw·Co (Keras), b zeros.

import { getActivation } from '../activations';
import { initializeFromSettings } from '../init/settings';
import { kernels, type ConvScratch } from '../tensor/kernels';
import type { FloatArray } from '../tensor/tensor';
import { activationStage, AFFINE_SETTINGS, biasParam, newParam } from './affine';
import { CONV_WINDOW_SETTINGS, windowedShape, windowOf } from './spatial';
import type { LayerDefinition } from './types';

export const conv2dLayer: LayerDefinition = {
  type: 'conv2d',
  label: 'Conv2D',
  category: 'conv',
  settings: [
    { key: 'filters', kind: 'int', default: 8, min: 1, step: 1 },
    ...CONV_WINDOW_SETTINGS,
    ...AFFINE_SETTINGS,
  ],
  minInputs: 1,
  maxInputs: 1,

  outputShape: (s, inputs) => windowedShape('Conv2D', s, inputs[0], 'kernelSize', () => s.filters as number),

  paramCount(s, inputs) {
    const [kh, kw] = s.kernelSize as number[];
    const O = s.filters as number;
    return kh * kw * inputs[0][2] * O + (s.useBias ? O : 0);
  },

  /** One kh·kw·C dot product per output value (dilation and padding change where, not how many). */
  macs(s, inputs, output) {
    const [kh, kw] = s.kernelSize as number[];
    return output[0] * output[1] * output[2] * kh * kw * inputs[0][2];
  },

  create(s, inputs, ctx) {
    const g = windowOf(s, inputs[0], 'kernelSize');
    const { kh, kw, C, Ho, Wo } = g;
    const O = s.filters as number;
    const K = kh * kw * C; // one im2col row
    const rows = Ho * Wo; // output pixels per sample
    const act = getActivation(s.activation as string)!;
    const W = newParam(ctx, 'kernel', [kh, kw, C, O]);
    initializeFromSettings(s, 'kernel', 'glorotUniform', W.value, K, kh * kw * O, ctx.initRng);
    const b = biasParam(s, ctx, O);

    const scratch: ConvScratch = { cols: null, dcols: null }; // the kernels' (reference: im2col rows kept for backward)
    const out = activationStage(act, ctx.dtype, rows, O);
    let x: FloatArray | null = null; // the last forward's input

    // dz: (B, Ho, Wo, Co) = (B·Ho·Wo, Co) rows -> dK, db, and dx via col2im.
    const backwardFromZ = (dZ: FloatArray, dxs: readonly (FloatArray | null)[], B: number) => {
      kernels().conv2dBackward(x!, W.value, dZ, dxs[0], W.grad, b ? b.grad : null, B, g, O, scratch);
    };

    return {
      params: b ? [W, b] : [W],
      activation: act.name,
      forward(xs, B) {
        x = xs[0];
        kernels().conv2dForward(x, W.value, b ? b.value : null, out.z(B), B, g, O, scratch);
        return out.forward(B);
      },
      backward: (dy, dxs, B) => backwardFromZ(out.backward(dy, B), dxs, B),
      preActivation: out.preActivation,
      backwardFromPreActivation: backwardFromZ,
    };
  },
};
