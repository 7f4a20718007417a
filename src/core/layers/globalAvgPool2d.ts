// GlobalAvgPool2D: the mean of each channel over the whole image (NHWC).
// x: (B, H, W, C) -> y: (B, C),  y[b, c] = (1 / (H·W)) Σ_{i, j} x[b, i, j, c];  dx[b, i, j, c] += dy[b, c] / (H·W).
// Runs as an average pool whose single window is the whole image. No parameters.

import { window2D } from '../tensor/convKernels';
import { avgPoolRuntime } from './avgPool2d';
import { notAnImage } from './spatial';
import type { LayerDefinition } from './types';

export const globalAvgPool2dLayer: LayerDefinition = {
  type: 'globalAvgPool2d',
  label: 'GlobalAvgPool2D',
  category: 'pooling',
  settings: [],
  minInputs: 1,
  maxInputs: 1,
  outputShape: (_s, inputs) => notAnImage('GlobalAvgPool2D', inputs[0]) ?? { ok: true, shape: [inputs[0][2]] },
  paramCount: () => 0,

  create(_s, inputs, ctx) {
    const [H, W, C] = inputs[0];
    return avgPoolRuntime(window2D(H, W, C, H, W, 1, 1, 1, 1, 'valid')!, ctx.dtype); // one H×W window: Ho = Wo = 1, y: (B, C)
  },
};
