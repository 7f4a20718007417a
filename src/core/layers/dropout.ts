// Inverted dropout: in training each unit is kept with probability 1 − rate and scaled by
// 1 / (1 − rate), so the expected output equals the input and inference is the identity.

import { ensureCapacity, shapeSize, type FloatArray } from '../tensor/tensor';
import type { LayerDefinition } from './types';

export const dropoutLayer: LayerDefinition = {
  type: 'dropout',
  label: 'Dropout',
  category: 'regularization',
  settings: [{ key: 'rate', kind: 'float', default: 0.2, min: 0, max: 1, maxExclusive: true, step: 0.05 }],
  minInputs: 1,
  maxInputs: 1,
  outputShape: (_s, inputs) => ({ ok: true, shape: [...inputs[0]] }),
  paramCount: () => 0,
  macs: () => 0, // a mask multiply, no multiply-accumulate

  create(s, inputs, ctx) {
    const rate = s.rate as number;
    const keep = 1 - rate;
    const perSample = shapeSize(inputs[0]);
    let mask: FloatArray | null = null; // 0 or 1/keep per element
    let y: FloatArray | null = null;
    let masked = false; // whether the last forward applied a mask
    return {
      params: [],
      forward(xs, B, training) {
        const x = xs[0];
        const n = B * perSample;
        masked = training && rate > 0;
        if (!masked) return x;
        mask = ensureCapacity(mask, ctx.dtype, n);
        y = ensureCapacity(y, ctx.dtype, n);
        for (let i = 0; i < n; i++) {
          mask[i] = ctx.noiseRng.next() < keep ? 1 / keep : 0;
          y[i] = x[i] * mask[i];
        }
        return y;
      },
      backward(dy, dxs, B) {
        const dx = dxs[0];
        if (!dx) return;
        const n = B * perSample;
        if (masked) for (let i = 0; i < n; i++) dx[i] += dy[i] * mask![i];
        else for (let i = 0; i < n; i++) dx[i] += dy[i];
      },
    };
  },
};
