// MaxPool2D: each output is the largest input in its window, per channel (NHWC, TF conventions).
// x: (B, H, W, C) -> y: (B, Ho, Wo, C),  y[b, oy, ox, c] = max_{ky < ph, kx < pw} x[b, oy·sh − pt + ky, ox·sw − pl + kx, c]
// (padding, 'same' or 'explicit', never wins). Backward routes dy to each window's winner: dx[argmax] += dy (first max on ties).
// No parameters. Keras defaults: poolSize 2×2, strides = poolSize, 'valid'.

import { kernels } from '../tensor/kernels';
import { ensureCapacity, type FloatArray } from '../tensor/tensor';
import { isWindow, layerWindow, notAnImage, paddingAmountSetting, paddingSetting, pairSetting } from './spatial';
import type { LayerDefinition } from './types';

export const maxPool2dLayer: LayerDefinition = {
  type: 'maxPool2d',
  label: 'MaxPool2D',
  category: 'pooling',
  settings: [pairSetting('poolSize', [2, 2]), pairSetting('strides', [2, 2]), paddingSetting('valid'), paddingAmountSetting],
  minInputs: 1,
  maxInputs: 1,

  outputShape(s, inputs) {
    const bad = notAnImage('MaxPool2D', inputs[0]);
    if (bad) return bad;
    const g = layerWindow(s, inputs[0], 'poolSize');
    return isWindow(g) ? { ok: true, shape: [g.Ho, g.Wo, g.C] } : g;
  },
  paramCount: () => 0,

  create(s, inputs, ctx) {
    const g = layerWindow(s, inputs[0], 'poolSize');
    if (!isWindow(g)) throw new Error(g.ok ? 'unreachable' : g.message);
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
