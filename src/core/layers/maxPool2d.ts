// MaxPool2D: each output is the largest input in its window, per channel (NHWC, TF conventions).
// x: (B, H, W, C) -> y: (B, Ho, Wo, C),  y[b, oy, ox, c] = max_{ky < ph, kx < pw} x[b, oy·sh − pt + ky, ox·sw − pl + kx, c]
// (padding, 'same' or 'explicit', never wins). Backward routes dy to each window's winner: dx[argmax] += dy (first max on ties).
// No parameters. Keras defaults: poolSize 2×2, strides = poolSize, 'valid'.

import { kernels } from '../tensor/kernels';
import { ensureCapacity, type FloatArray } from '../tensor/tensor';
import { POOL_SETTINGS, windowedShape, windowOf } from './spatial';
import type { LayerDefinition } from './types';

export const maxPool2dLayer: LayerDefinition = {
  type: 'maxPool2d',
  label: 'MaxPool2D',
  category: 'pooling',
  settings: POOL_SETTINGS,
  minInputs: 1,
  maxInputs: 1,

  outputShape: (s, inputs) => windowedShape('MaxPool2D', s, inputs[0], 'poolSize', (g) => g.C),
  paramCount: () => 0,

  create(s, inputs, ctx) {
    const g = windowOf(s, inputs[0], 'poolSize');
    const perSample = g.Ho * g.Wo * g.C;
    let y: FloatArray | null = null;
    let argmax = new Int32Array(0);
    return {
      params: [],
      forward(xs, B) {
        y = ensureCapacity(y, ctx.dtype, B * perSample);
        if (argmax.length < B * perSample) argmax = new Int32Array(B * perSample);
        kernels().maxPoolForward(xs[0], y, argmax, B, g);
        return y;
      },
      backward(dy, dxs, B) {
        if (dxs[0]) kernels().maxPoolBackward(dy, argmax, dxs[0], B, g);
      },
    };
  },
};
