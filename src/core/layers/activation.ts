// Activation as its own layer: y = f(x), same shape. No parameters.
// x: (B, …) -> y: (B, …). Elementwise, except softmax, which normalizes over the last axis.
// `alpha` (leakyRelu's slope, default 0.01; elu's α, default 1) and `shift` (shiftedRelu's shift) apply
// only to those functions. `alpha` is two specs sharing the key, one per function, each with its default.

import { ACTIVATIONS, ELU_ALPHA, getActivation, LEAKY_RELU_ALPHA, SHIFTED_RELU_SHIFT } from '../activations';
import { ensureCapacity, shapeSize, type FloatArray } from '../tensor/tensor';
import type { LayerDefinition } from './types';

export const activationLayer: LayerDefinition = {
  type: 'activation',
  label: 'Activation',
  category: 'core',
  settings: [
    { key: 'activation', kind: 'enum', default: 'relu', options: ACTIVATIONS },
    { key: 'alpha', kind: 'float', default: LEAKY_RELU_ALPHA, min: 0, step: 0.01, when: { key: 'activation', values: ['leakyRelu'] } },
    { key: 'alpha', kind: 'float', default: ELU_ALPHA, min: 0, step: 0.1, when: { key: 'activation', values: ['elu'] } },
    { key: 'shift', kind: 'float', default: SHIFTED_RELU_SHIFT, step: 0.1, when: { key: 'activation', values: ['shiftedRelu'] } },
  ],
  minInputs: 1,
  maxInputs: 1,

  outputShape(s, inputs) {
    void s;
    return { ok: true, shape: [...inputs[0]] };
  },
  paramCount: () => 0,
  macs: () => 0, // elementwise functions are not multiply-accumulates

  create(s, inputs, ctx) {
    const act = getActivation(s.activation as string, { alpha: s.alpha as number | undefined, shift: s.shift as number | undefined })!;
    const shape = inputs[0];
    const cols = shape[shape.length - 1];
    const perSample = shapeSize(shape);
    let x: FloatArray | null = null;
    let y: FloatArray | null = null;
    return {
      params: [],
      activation: act.name,
      forward(xs, B) {
        x = xs[0];
        y = ensureCapacity(y, ctx.dtype, B * perSample);
        act.forward(x, y, (B * perSample) / cols, cols);
        return y;
      },
      backward(dy, dxs, B) {
        if (dxs[0]) act.backward(x!, y!, dy, dxs[0], (B * perSample) / cols, cols);
      },
      preActivation: () => x!,
      backwardFromPreActivation(dz, dxs, B) {
        const dx = dxs[0];
        if (dx) for (let i = 0, n = B * perSample; i < n; i++) dx[i] += dz[i];
      },
    };
  },
};
