// PReLU (parametric ReLU, the course's "learned slope"): y = x for x > 0, α_c·x otherwise, with one
// learned slope per channel / feature c (the last axis, NHWC). x: (B, …, C) -> y: (B, …, C), α: (C).
//   dx += dy · (x > 0 ? 1 : α_c),  dα_c += Σ_{x ≤ 0} dy · x
// At exactly x = 0 the slope side is taken (gradient checks stay away from 0). Init α = alphaInit,
// 0.25 by default as in PyTorch (nn.PReLU(num_parameters = C)); Keras' PReLU defaults to 0.

import { allocate, ensureCapacity, shapeSize, type FloatArray, type Param } from '../tensor/tensor';
import type { LayerDefinition } from './types';

export const preluLayer: LayerDefinition = {
  type: 'prelu',
  label: 'PReLU',
  category: 'core',
  settings: [{ key: 'alphaInit', kind: 'float', default: 0.25, step: 0.05 }],
  minInputs: 1,
  maxInputs: 1,

  outputShape: (_s, inputs) => ({ ok: true, shape: [...inputs[0]] }),
  paramCount: (_s, inputs) => inputs[0][inputs[0].length - 1],

  create(s, inputs, ctx) {
    const C = inputs[0][inputs[0].length - 1];
    const perSample = shapeSize(inputs[0]);
    const alpha: Param = { name: `${ctx.name}.alpha`, shape: [C], value: allocate(ctx.dtype, C).fill(s.alphaInit as number), grad: allocate(ctx.dtype, C) };
    let x: FloatArray = allocate(ctx.dtype, 0); // input of the last forward (not owned)
    let y: FloatArray | null = null;
    return {
      params: [alpha],
      forward(xs, B) {
        x = xs[0];
        const n = B * perSample;
        y = ensureCapacity(y, ctx.dtype, n);
        const a = alpha.value;
        for (let i = 0; i < n; i += C) for (let c = 0; c < C; c++) y[i + c] = x[i + c] > 0 ? x[i + c] : a[c] * x[i + c];
        return y;
      },
      backward(dy, dxs, B) {
        const dx = dxs[0];
        const n = B * perSample;
        const a = alpha.value;
        const da = alpha.grad;
        for (let i = 0; i < n; i += C) {
          for (let c = 0; c < C; c++) {
            const v = x[i + c];
            if (v > 0) {
              if (dx) dx[i + c] += dy[i + c];
            } else {
              da[c] += dy[i + c] * v;
              if (dx) dx[i + c] += a[c] * dy[i + c];
            }
          }
        }
      },
    };
  },
};
