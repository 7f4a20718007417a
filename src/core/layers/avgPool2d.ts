// AvgPool2D: each output is the mean of its window, per channel (NHWC, TF conventions).
// x: (B, H, W, C) -> y: (B, Ho, Wo, C),  y[b, oy, ox, c] = (1/n) Σ_window x[b, iy, ix, c], n = the window's
// in-bounds elements (with 'same' or 'explicit', padding is not counted: TF, PyTorch's count_include_pad=False). Backward: dx += dy / n over the window.
// No parameters. Keras defaults: poolSize 2×2, strides = poolSize, 'valid'.

import { kernels } from '../tensor/kernels';
import { ensureCapacity, type FloatArray } from '../tensor/tensor';
import { isWindow, layerWindow, notAnImage, paddingAmountSetting, paddingSetting, pairSetting } from './spatial';
import type { LayerDefinition } from './types';

export const avgPool2dLayer: LayerDefinition = {
  type: 'avgPool2d',
  label: 'AvgPool2D',
  category: 'pooling',
  settings: [pairSetting('poolSize', [2, 2]), pairSetting('strides', [2, 2]), paddingSetting('valid'), paddingAmountSetting],
  minInputs: 1,
  maxInputs: 1,

  outputShape(s, inputs) {
    const bad = notAnImage('AvgPool2D', inputs[0]);
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
    return {
      params: [],
      forward(xs, B) {
        y = ensureCapacity(y, ctx.dtype, B * perSample);
        kernels().avgPoolForward(xs[0], y, B, g);
        return y;
      },
      backward(dy, dxs, B) {
        if (dxs[0]) kernels().avgPoolBackward(dy, dxs[0], B, g);
      },
    };
  },
};
