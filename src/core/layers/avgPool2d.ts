// AvgPool2D: each output is the mean of its window, per channel (NHWC, TF conventions).
// x: (B, H, W, C) -> y: (B, Ho, Wo, C),  y[b, oy, ox, c] = (1/n) Σ_window x[b, iy, ix, c], n = the window's
// in-bounds elements (with 'same' or 'explicit', padding is not counted: TF, PyTorch's count_include_pad=False). Backward: dx += dy / n over the window.
// No parameters. Keras defaults: poolSize 2×2, strides = poolSize, 'valid'.

import type { Window2D } from '../tensor/convKernels';
import { kernels } from '../tensor/kernels';
import { ensureCapacity, type DType, type FloatArray } from '../tensor/tensor';
import { POOL_SETTINGS, windowedShape, windowOf } from './spatial';
import type { Layer, LayerDefinition } from './types';

export const avgPool2dLayer: LayerDefinition = {
  type: 'avgPool2d',
  label: 'AvgPool2D',
  category: 'pooling',
  settings: POOL_SETTINGS,
  minInputs: 1,
  maxInputs: 1,

  outputShape: (s, inputs) => windowedShape('AvgPool2D', s, inputs[0], 'poolSize', (g) => g.C),
  paramCount: () => 0,

  create: (s, inputs, ctx) => avgPoolRuntime(windowOf(s, inputs[0], 'poolSize'), ctx.dtype),
};

/** The runtime average pool over windows `g` (GlobalAvgPool2D runs it with one window the size of the image). */
export function avgPoolRuntime(g: Window2D, dtype: DType): Layer {
  const perSample = g.Ho * g.Wo * g.C;
  let y: FloatArray | null = null;
  return {
    params: [],
    forward(xs, B) {
      y = ensureCapacity(y, dtype, B * perSample);
      kernels().avgPoolForward(xs[0], y, B, g);
      return y;
    },
    backward(dy, dxs, B) {
      if (dxs[0]) kernels().avgPoolBackward(dy, dxs[0], B, g);
    },
  };
}
